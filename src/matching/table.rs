//! The phone table: from a phone to the client that holds it, one 8-byte word per phone.
//!
//! Open addressing with Robin Hood probing: a word is the phone's 10 national digits as a
//! number (34 bits) and the holder (30 bits): a client's slot, or [`SHARED`] when several
//! clients hold the phone and the index's ordered set of holders says which comes first.
//! Lookups compare whole words' phone bits, so a probe never leaves the table; a miss
//! stops as soon as the probe is farther from home than the word it meets.

use super::hash::{home, mix};

/// Bits of a word that hold the holder.
pub(crate) const HOLDER_BITS: u32 = 30;
const HOLDER_MASK: u64 = (1 << HOLDER_BITS) - 1;
/// The holder of a phone that several clients hold.
pub(crate) const SHARED: u32 = (1 << HOLDER_BITS) - 1;
/// No phone: its phone bits (2³⁴ − 1) are more than any 10-digit number.
const EMPTY: u64 = u64::MAX;
/// The most words per slot before the table grows: 7 in 8.
const MAX_LOAD: (usize, usize) = (7, 8);

#[derive(Debug, Clone, Default)]
pub(crate) struct PhoneTable {
    words: Vec<u64>,
    len: usize,
}

#[inline]
fn phone_of(word: u64) -> u64 {
    word >> HOLDER_BITS
}

impl PhoneTable {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.words.len() {
            0
        } else {
            i + 1
        }
    }

    #[inline]
    fn distance(&self, word: u64, at: usize) -> usize {
        let cap = self.words.len();
        let h = home(mix(phone_of(word)), cap);
        if at >= h {
            at - h
        } else {
            at + cap - h
        }
    }

    /// Where `phone` is and who holds it.
    #[inline]
    pub(crate) fn get(&self, phone: u64) -> Option<(usize, u32)> {
        let cap = self.words.len();
        if cap == 0 {
            return None;
        }
        let mut i = home(mix(phone), cap);
        for dist in 0..cap {
            let word = *self.words.get(i)?;
            if word == EMPTY {
                return None;
            }
            if phone_of(word) == phone {
                return Some((i, (word & HOLDER_MASK) as u32));
            }
            if self.distance(word, i) < dist {
                return None;
            }
            i = self.next(i);
        }
        None
    }

    /// Adds a phone that is not in the table; room must have been reserved.
    pub(crate) fn insert(&mut self, phone: u64, holder: u32) {
        if self.words.is_empty() || (self.len + 1) * MAX_LOAD.1 > self.words.len() * MAX_LOAD.0 {
            self.reserve(1);
        }
        let cap = self.words.len();
        let mut carried = phone << HOLDER_BITS | u64::from(holder) & HOLDER_MASK;
        let mut i = home(mix(phone), cap);
        let mut dist = 0;
        for _ in 0..cap {
            let Some(&word) = self.words.get(i) else { return };
            if word == EMPTY {
                if let Some(w) = self.words.get_mut(i) {
                    *w = carried;
                    self.len += 1;
                }
                return;
            }
            let theirs = self.distance(word, i);
            if theirs < dist {
                if let Some(w) = self.words.get_mut(i) {
                    *w = carried;
                }
                carried = word;
                dist = theirs;
            }
            i = self.next(i);
            dist += 1;
        }
    }

    /// Changes the holder of the phone at `at`.
    pub(crate) fn set_holder(&mut self, at: usize, holder: u32) {
        if let Some(w) = self.words.get_mut(at) {
            *w = (*w & !HOLDER_MASK) | u64::from(holder) & HOLDER_MASK;
        }
    }

    /// Removes the phone at `at`, shifting the words after it back.
    pub(crate) fn remove_at(&mut self, at: usize) {
        if self.words.get(at).map_or(true, |w| *w == EMPTY) {
            return;
        }
        let mut hole = at;
        loop {
            let j = self.next(hole);
            let word = self.words.get(j).copied().unwrap_or(EMPTY);
            if word == EMPTY || j == at || self.distance(word, j) == 0 {
                break;
            }
            if let Some(w) = self.words.get_mut(hole) {
                *w = word;
            }
            hole = j;
        }
        if let Some(w) = self.words.get_mut(hole) {
            *w = EMPTY;
        }
        self.len = self.len.saturating_sub(1);
    }

    /// Makes room for `additional` more phones. The first time, the table is made to fit
    /// them exactly; later it grows by half at least, so that growing stays rare.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let needed = self.len.saturating_add(additional);
        if needed * MAX_LOAD.1 <= self.words.len() * MAX_LOAD.0 && !self.words.is_empty() {
            return;
        }
        let fit = (needed * MAX_LOAD.1).div_ceil(MAX_LOAD.0).max(8);
        let cap = if self.len == 0 { fit } else { fit.max(self.words.len() + self.words.len() / 2) };
        let old = std::mem::replace(&mut self.words, vec![EMPTY; cap]);
        self.len = 0;
        for word in old.into_iter().filter(|w| *w != EMPTY) {
            self.insert(phone_of(word), (word & HOLDER_MASK) as u32);
        }
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_find_remove_many() {
        let mut t = PhoneTable::default();
        let phones: Vec<u64> = (0..20_000u64).map(|i| 9_000_000_000 + i * 7_919 % 1_000_003).collect();
        for (i, &p) in phones.iter().enumerate() {
            if t.get(p).is_none() {
                t.insert(p, i as u32);
            }
        }
        for &p in &phones {
            assert!(t.get(p).is_some());
        }
        assert_eq!(t.get(1), None);
        for &p in phones.iter().step_by(2) {
            if let Some((at, _)) = t.get(p) {
                t.remove_at(at);
            }
        }
        for (i, &p) in phones.iter().enumerate() {
            assert_eq!(t.get(p).is_some(), i % 2 == 1, "{i}");
        }
        let (at, _) = t.get(phones[1]).unwrap();
        t.set_holder(at, SHARED);
        assert_eq!(t.get(phones[1]).map(|(_, h)| h), Some(SHARED));
    }

    #[test]
    fn reserve_fits_a_batch_exactly_once() {
        let mut t = PhoneTable::default();
        t.reserve(1_000_000);
        assert_eq!(t.words.len(), 1_142_858);
        for p in 0..1_000_000u64 {
            t.insert(p * 13, 1);
        }
        assert_eq!(t.words.len(), 1_142_858, "no growth while filling what was reserved");
    }
}
