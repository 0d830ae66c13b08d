//! Sorting 64-bit words in place, in little code: insertion sort for a few words,
//! heapsort for more (O(n log n) on any input, no recursion, no allocation).
//!
//! The standard library's `sort_unstable` is faster on long slices, but it brings a
//! quicksort, a heapsort and small-sort networks into the module (3.5 kB, 1.6 kB
//! gzipped); what the crate sorts is one client's phones, a few words as a rule.

/// Up to this many words, insertion sort.
const SHORT: usize = 16;

/// Sorts `words` in ascending order.
pub(crate) fn sort(words: &mut [u64]) {
    if words.len() <= SHORT {
        insertion_sort(words);
    } else {
        heapsort(words);
    }
}

fn insertion_sort(words: &mut [u64]) {
    for i in 1..words.len() {
        let Some(&word) = words.get(i) else { return };
        // Moves the larger words before `i` one place up, then puts `word` in the hole.
        let mut hole = i;
        while let Some(&before) = hole.checked_sub(1).and_then(|j| words.get(j)) {
            if before <= word {
                break;
            }
            set(words, hole, before);
            hole = hole.wrapping_sub(1); // not 0: `checked_sub` gave a word before it
        }
        set(words, hole, word);
    }
}

fn heapsort(words: &mut [u64]) {
    let len = words.len();
    // A max-heap: each word at least its children, at 2i + 1 and 2i + 2.
    for root in (0..len / 2).rev() {
        sift_down(words, root, len);
    }
    // The largest word to the end, then the heap restored over what is left.
    for end in (1..len).rev() {
        swap(words, 0, end);
        sift_down(words, 0, end);
    }
}

/// Moves the word at `root` down the heap `words[..end]` until it is at least its children.
fn sift_down(words: &mut [u64], mut root: usize, end: usize) {
    loop {
        // `root` < `end` ≤ the slice's length, at most `isize::MAX` / 8: no overflow.
        let mut child = root.wrapping_mul(2).wrapping_add(1);
        if child >= end {
            return;
        }
        let right = child.wrapping_add(1);
        if right < end && words.get(child) < words.get(right) {
            child = right;
        }
        if words.get(root) >= words.get(child) {
            return;
        }
        swap(words, root, child);
        root = child;
    }
}

#[inline(always)]
fn set(words: &mut [u64], i: usize, word: u64) {
    if let Some(w) = words.get_mut(i) {
        *w = word;
    }
}

#[inline(always)]
fn swap(words: &mut [u64], i: usize, j: usize) {
    if let (Some(&a), Some(&b)) = (words.get(i), words.get(j)) {
        set(words, i, b);
        set(words, j, a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut words: Vec<u64>) -> Vec<u64> {
        sort(&mut words);
        words
    }

    #[test]
    fn sorts_short_and_long_lists() {
        assert_eq!(sorted(vec![]), Vec::<u64>::new());
        assert_eq!(sorted(vec![7]), [7]);
        assert_eq!(sorted(vec![2, 1]), [1, 2]);
        assert_eq!(sorted(vec![3, 1, 2, 1, u64::MAX, 0]), [0, 1, 1, 2, 3, u64::MAX]);
        for len in [SHORT - 1, SHORT, SHORT + 1, 100, 1000] {
            let down: Vec<u64> = (0..len as u64).rev().collect();
            assert_eq!(sorted(down), (0..len as u64).collect::<Vec<_>>(), "{len} descending");
            let same = vec![5; len];
            assert_eq!(sorted(same.clone()), same, "{len} equal");
            let mixed: Vec<u64> = (0..len as u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40).collect();
            let mut want = mixed.clone();
            want.sort_unstable();
            assert_eq!(sorted(mixed), want, "{len} scattered");
        }
    }

    #[test]
    fn heapsort_and_insertion_sort_each_sort_any_length() {
        for len in 0..40u64 {
            let words: Vec<u64> = (0..len).map(|i| (i * 7 + 3) % 11).collect();
            let mut want = words.clone();
            want.sort_unstable();
            let (mut a, mut b) = (words.clone(), words);
            insertion_sort(&mut a);
            heapsort(&mut b);
            assert_eq!((a, b), (want.clone(), want), "{len}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn sorts_as_std_does(words in prop::collection::vec(any::<u64>(), 0..200), small in prop::collection::vec(0..8u64, 0..64)) {
                for words in [words, small] {
                    let mut want = words.clone();
                    want.sort_unstable();
                    prop_assert_eq!(sorted(words), want);
                }
            }
        }
    }
}
