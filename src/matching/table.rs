//! The phone table: from a phone to the client that holds it, one 8-byte word per phone.
//!
//! Open addressing with Robin Hood probing: a word is the phone's 10 national digits as a
//! number (34 bits) and the holder (30 bits): a client's slot, or [`SHARED`] when several
//! clients hold the phone and the index's ordered set of holders says which comes first.
//! Lookups compare whole words' phone bits, so a probe never leaves the table; a miss
//! stops as soon as the probe is farther from home than the word it meets.
//!
//! The table is 64 segments, chosen by the hash's top bits, each with its own room: a
//! segment that fills up grows alone, so that an insert never rehashes more than a 64th
//! of the table, and the memory never holds two copies of more than that.

use super::hash::{home, mix};

/// Bits of a word that hold the holder.
pub(crate) const HOLDER_BITS: u32 = 30;
const HOLDER_MASK: u64 = (1 << HOLDER_BITS) - 1;
/// The holder of a phone that several clients hold.
pub(crate) const SHARED: u32 = (1 << HOLDER_BITS) - 1;
/// No phone: its phone bits (2³⁴ − 1) are more than any 10-digit number.
const EMPTY: u64 = u64::MAX;
/// The most phones per word of a segment before it grows: 15 in 16. Robin Hood probing
/// keeps probes short at that load (about 8.5 words on average for a hit, and a miss
/// stops early), and the words it probes are side by side.
const MAX_LOAD: (usize, usize) = (15, 16);
const SEGMENT_BITS: u32 = 6;
const SEGMENTS: usize = 1 << SEGMENT_BITS;

#[inline]
fn phone_of(word: u64) -> u64 {
    word >> HOLDER_BITS
}

/// The segment of a phone, and the hash bits that place it within the segment.
#[inline]
fn split(phone: u64) -> (usize, u64) {
    let h = mix(phone);
    ((h >> (64 - SEGMENT_BITS)) as usize, h << SEGMENT_BITS)
}

/// Where a phone is in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    segment: usize,
    index: usize,
}

#[derive(Debug, Clone, Default)]
struct Segment {
    words: Vec<u64>,
    len: usize,
}

impl Segment {
    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.words.len() {
            0
        } else {
            i + 1
        }
    }

    #[inline]
    fn home_of(&self, phone: u64) -> usize {
        home(split(phone).1, self.words.len())
    }

    #[inline]
    fn distance(&self, word: u64, at: usize) -> usize {
        let h = self.home_of(phone_of(word));
        if at >= h {
            at - h
        } else {
            at + self.words.len() - h
        }
    }

    fn full_at(&self, len: usize) -> bool {
        len * MAX_LOAD.1 > self.words.len() * MAX_LOAD.0
    }

    #[inline]
    fn get(&self, phone: u64, hash: u64) -> Option<(usize, u32)> {
        let cap = self.words.len();
        if cap == 0 {
            return None;
        }
        let mut i = home(hash, cap);
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

    /// Adds a phone that is not in the segment, growing it by half when it is full.
    fn insert(&mut self, phone: u64, holder: u32) {
        if self.words.is_empty() || self.full_at(self.len + 1) {
            let fit = ((self.len + 1) * MAX_LOAD.1).div_ceil(MAX_LOAD.0);
            self.resize(fit.max(self.words.len() + self.words.len() / 2).max(8));
        }
        let cap = self.words.len();
        let mut carried = phone << HOLDER_BITS | u64::from(holder) & HOLDER_MASK;
        let mut i = self.home_of(phone);
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

    fn remove_at(&mut self, at: usize) {
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

    fn resize(&mut self, cap: usize) {
        let old = std::mem::replace(&mut self.words, vec![EMPTY; cap]);
        self.len = 0;
        for word in old.into_iter().filter(|w| *w != EMPTY) {
            self.insert(phone_of(word), (word & HOLDER_MASK) as u32);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PhoneTable {
    segments: Vec<Segment>,
    len: usize,
}

impl PhoneTable {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Where `phone` is and who holds it.
    #[inline]
    pub(crate) fn get(&self, phone: u64) -> Option<(At, u32)> {
        let (segment, hash) = split(phone);
        let (index, holder) = self.segments.get(segment)?.get(phone, hash)?;
        Some((At { segment, index }, holder))
    }

    /// Adds a phone that is not in the table.
    pub(crate) fn insert(&mut self, phone: u64, holder: u32) {
        if self.segments.is_empty() {
            self.segments = vec![Segment::default(); SEGMENTS];
        }
        if let Some(segment) = self.segments.get_mut(split(phone).0) {
            segment.insert(phone, holder);
            self.len += 1;
        }
    }

    /// Changes the holder of the phone at `at`.
    pub(crate) fn set_holder(&mut self, at: At, holder: u32) {
        if let Some(w) = self.segments.get_mut(at.segment).and_then(|s| s.words.get_mut(at.index)) {
            *w = (*w & !HOLDER_MASK) | u64::from(holder) & HOLDER_MASK;
        }
    }

    /// Removes the phone at `at`, shifting the words after it back.
    pub(crate) fn remove_at(&mut self, at: At) {
        if let Some(segment) = self.segments.get_mut(at.segment) {
            let before = segment.len;
            segment.remove_at(at.index);
            self.len = self.len.saturating_sub(before.saturating_sub(segment.len));
        }
    }

    /// Makes room for `phones` (at most; some may be there already), each segment growing
    /// at most once: to fit them exactly the first time, by half at least later.
    pub(crate) fn reserve_for(&mut self, phones: impl Iterator<Item = u64>) {
        let mut counts = [0usize; SEGMENTS];
        for phone in phones {
            if let Some(c) = counts.get_mut(split(phone).0) {
                *c += 1;
            }
        }
        if self.segments.is_empty() {
            self.segments = vec![Segment::default(); SEGMENTS];
        }
        for (segment, count) in self.segments.iter_mut().zip(counts) {
            let needed = segment.len + count;
            if count == 0 || !segment.full_at(needed) && !segment.words.is_empty() {
                continue;
            }
            let fit = (needed * MAX_LOAD.1).div_ceil(MAX_LOAD.0).max(8);
            let cap = if segment.len == 0 { fit } else { fit.max(segment.words.len() + segment.words.len() / 2) };
            segment.resize(cap);
        }
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.segments.iter().map(|s| s.words.capacity() * 8).sum::<usize>()
            + self.segments.capacity() * std::mem::size_of::<Segment>()
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
        assert_eq!(t.len(), 10_000);
        let (at, _) = t.get(phones[1]).unwrap();
        t.set_holder(at, SHARED);
        assert_eq!(t.get(phones[1]).map(|(_, h)| h), Some(SHARED));
    }

    #[test]
    fn reserve_fits_a_batch_exactly_once() {
        let mut t = PhoneTable::default();
        let phones = || (0..1_000_000u64).map(|p| p * 13);
        t.reserve_for(phones());
        let room: Vec<usize> = t.segments.iter().map(|s| s.words.len()).collect();
        let total: usize = room.iter().sum();
        assert!(total <= 1_000_000 * 16 / 15 + SEGMENTS, "{total}");
        for p in phones() {
            t.insert(p, 1);
        }
        let after: Vec<usize> = t.segments.iter().map(|s| s.words.len()).collect();
        assert_eq!(after, room, "no growth while filling what was reserved");
        assert_eq!(t.len(), 1_000_000);
    }
}
