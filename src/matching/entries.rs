//! Entries: the phones each client holds, one 8-byte word each, a client's words side by
//! side and sorted by phone, each phone once.
//!
//! A word holds the phone's 10 national digits as a number (34 bits), the variable that
//! holds it (16 bits: 0 for a Telephony client's own phone, `n + 1` for variable name `n`)
//! and a mark on the client's last word. Removing or replacing a client frees its words
//! for the next client with as many phones: the freed blocks of each length form a list,
//! chained through their first words, so that freeing and reusing a block are O(1) and
//! take no memory besides the head of each length's list.

use super::pages::Pages;

const PHONE_MASK: u64 = (1 << 34) - 1;
const VAR_SHIFT: u32 = 34;
const LAST: u64 = 1 << 50;

/// No entries: the start of the entries of a client that holds no phone.
pub(crate) const NONE: u32 = u32::MAX;

/// An entry for `phone` (national number) held in variable `var` (0: the client's own
/// Telephony phone).
#[inline(always)]
pub(crate) fn pack(phone: u64, var: u16) -> u64 {
    phone & PHONE_MASK | u64::from(var) << VAR_SHIFT
}

#[inline(always)]
pub(crate) fn phone(word: u64) -> u64 {
    word & PHONE_MASK
}

#[inline(always)]
pub(crate) fn var(word: u64) -> u16 {
    ((word >> VAR_SHIFT) & 0xffff) as u16
}

/// 0 for a Telephony client's own phone, 1 for a phone in a variable: the first comes first.
#[inline(always)]
pub(crate) fn kind(word: u64) -> u64 {
    u64::from(var(word) != 0)
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Entries {
    words: Pages<u64>,
    /// Per length, the start of a freed block of that many words, or [`NONE`]; the first
    /// word of a freed block holds the start of the next one of its length, or [`NONE`].
    free: Vec<u32>,
    live: usize,
}

/// The words of one client, in order.
pub(crate) struct Block<'a> {
    words: &'a Pages<u64>,
    at: usize,
    done: bool,
}

impl Iterator for Block<'_> {
    type Item = u64;

    #[inline(always)]
    fn next(&mut self) -> Option<u64> {
        if self.done {
            return None;
        }
        let word = self.words.get(self.at);
        self.at = self.at.wrapping_add(1);
        self.done = word.map_or(true, |w| w & LAST != 0);
        word.map(|w| w & !LAST)
    }
}

impl Entries {
    /// Words held, freed ones included.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// Words in use.
    pub(crate) fn live(&self) -> usize {
        self.live
    }

    pub(crate) fn block(&self, start: u32) -> Block<'_> {
        Block { words: &self.words, at: start as usize, done: start == NONE }
    }

    /// Stores a client's words (not empty); with `reuse`, in a freed block of the same
    /// length if there is one. `None` when the index holds as many words as it can.
    pub(crate) fn put(&mut self, block: &[u64], reuse: bool) -> Option<u32> {
        let n = u32::try_from(block.len()).ok().filter(|n| *n > 0)?;
        if reuse {
            if let Some(head) = self.free.get_mut(block.len()).filter(|head| **head != NONE) {
                let start = *head;
                *head = self.words.get(start as usize).map_or(NONE, |next| next as u32);
                self.overwrite(start, block);
                self.live = self.live.wrapping_add(block.len());
                return Some(start);
            }
        }
        let start = u32::try_from(self.words.len()).ok()?;
        if start.checked_add(n).map_or(true, |end| end == NONE) {
            return None;
        }
        for (i, &word) in block.iter().enumerate() {
            self.words.push(if i.wrapping_add(1) == block.len() { word | LAST } else { word });
        }
        self.live = self.live.wrapping_add(block.len());
        Some(start)
    }

    /// Writes a client's words over a block of the same length.
    pub(crate) fn overwrite(&mut self, start: u32, block: &[u64]) {
        for (i, &word) in block.iter().enumerate() {
            let mark = if i.wrapping_add(1) == block.len() { LAST } else { 0 };
            self.words.set((start as usize).wrapping_add(i), word | mark);
        }
    }

    /// Frees the block of `count` words at `start`.
    pub(crate) fn release(&mut self, start: u32, count: usize) {
        let Ok(n) = u32::try_from(count) else { return };
        if n == 0 || start == NONE {
            return;
        }
        if self.free.len() <= count {
            let Some(len) = count.checked_add(1) else { return };
            self.free.resize(len, NONE);
        }
        if let Some(head) = self.free.get_mut(count) {
            self.words.set(start as usize, u64::from(*head));
            *head = start;
        }
        self.live = self.live.saturating_sub(count);
    }

    /// Forgets the words from `len` on (all added since, none freed).
    pub(crate) fn truncate(&mut self, len: usize, live: usize) {
        self.words.truncate(len);
        self.live = live;
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.words.bytes().saturating_add(self.free.capacity().saturating_mul(4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_stored_freed_and_reused() {
        let mut e = Entries::default();
        let a = e.put(&[pack(1, 0), pack(2, 3)], true).unwrap();
        let b = e.put(&[pack(5, 1)], true).unwrap();
        assert_eq!(e.block(a).map(phone).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(e.block(a).map(var).collect::<Vec<_>>(), [0, 3]);
        assert_eq!(e.block(b).map(phone).collect::<Vec<_>>(), [5]);
        assert_eq!(e.block(NONE).count(), 0);
        assert_eq!(e.live(), 3);
        e.release(a, 2);
        assert_eq!(e.live(), 1);
        let c = e.put(&[pack(7, 0)], true).unwrap();
        assert_eq!(c, 3, "no freed block of one word: appended");
        let d = e.put(&[pack(8, 0), pack(9, 0)], true).unwrap();
        assert_eq!(d, a, "the freed block of two words is reused");
        assert_eq!(e.block(d).map(phone).collect::<Vec<_>>(), [8, 9]);
        assert_eq!(e.len(), 4);
    }

    #[test]
    fn freed_blocks_of_a_length_are_each_reused_once() {
        let mut e = Entries::default();
        let starts: Vec<u32> = (0..4).map(|i| e.put(&[pack(i, 0), pack(i + 10, 1)], false).unwrap()).collect();
        let one = e.put(&[pack(99, 0)], false).unwrap();
        for &s in &starts[..3] {
            e.release(s, 2);
        }
        e.release(one, 1);
        assert_eq!(e.live(), 2);
        let mut reused: Vec<u32> = (0..3).map(|i| e.put(&[pack(50 + i, 0), pack(60 + i, 0)], true).unwrap()).collect();
        reused.sort_unstable();
        assert_eq!(reused, starts[..3]);
        assert_eq!(e.put(&[pack(1, 0), pack(2, 0)], true), Some(9), "none left of two words: appended");
        assert_eq!(e.put(&[pack(7, 0)], true), Some(one));
        assert_eq!(e.put(&[pack(1, 0), pack(2, 0), pack(3, 0)], true), Some(11));
        assert_eq!(e.block(starts[3]).map(phone).collect::<Vec<_>>(), [3, 13], "untouched");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;
        use std::collections::BTreeMap;

        proptest! {
            /// Blocks put, freed and put again read back as they were put, never overlap,
            /// and a block is appended only when no freed block of its length is left.
            #[test]
            fn blocks_read_back_and_never_overlap(ops in prop::collection::vec((0..5usize, 1..5usize, any::<bool>()), 1..60)) {
                let mut e = Entries::default();
                let mut live: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
                let mut freed: BTreeMap<u32, usize> = BTreeMap::new();
                for (step, (pick, len, free)) in ops.into_iter().enumerate() {
                    if free && !live.is_empty() {
                        let start = *live.keys().nth(pick % live.len()).unwrap();
                        let block = live.remove(&start).unwrap();
                        e.release(start, block.len());
                        freed.insert(start, block.len());
                    } else {
                        let block: Vec<u64> = (0..len as u64).map(|i| pack(step as u64 * 8 + i, i as u16)).collect();
                        let words = e.len();
                        let start = e.put(&block, true).unwrap();
                        match freed.remove(&start) {
                            Some(n) => prop_assert_eq!(n, len),
                            None => {
                                prop_assert_eq!(start as usize, words);
                                prop_assert!(!freed.values().any(|n| *n == len), "appended with a freed block of {} words", len);
                            }
                        }
                        live.insert(start, block);
                    }
                    let mut end = 0;
                    for (&start, block) in &live {
                        prop_assert!(start >= end, "overlap at {}", start);
                        end = start + block.len() as u32;
                        prop_assert_eq!(&e.block(start).collect::<Vec<_>>(), block);
                    }
                    prop_assert_eq!(e.live(), live.values().map(Vec::len).sum::<usize>());
                }
            }
        }
    }
}
