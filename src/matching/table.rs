//! The phone table: from a phone to the first client that holds it and the variable that
//! holds it, one 8-byte word per phone, so that a lookup reads one word of memory and,
//! most of the time, nothing else.
//!
//! A phone's 10 national digits fit 34 bits; they are scrambled by a permutation of the
//! 34-bit numbers, whose top 8 bits choose one of 256 segments and whose other 26 bits are
//! kept in the word, with:
//! - whether several clients hold the phone (the index's holders of the phone then say
//!   which comes first; the word names that one);
//! - the holder (29 bits): the client's numeric id less the index's base id when it fits,
//!   so that the id comes straight from the word, else the client's slot;
//! - the variable (7 bits): 0 for a Telephony client's own phone, `n + 1` for variable name
//!   `n` below [`VAR_ELSEWHERE`], else [`VAR_ELSEWHERE`] and the client's entries say.
//!
//! Each segment is an open-addressing table with Robin Hood probing: lookups compare the
//! words' kept bits, so a probe never leaves the table, and a miss stops as soon as the
//! probe is farther from home than the word it meets. A segment has its own room and
//! grows alone, so that an insert never rehashes more than a 256th of the table, and the
//! memory never holds two copies of more than that.

use crate::hash::home;

/// Bits of a word that hold the holder.
const HOLDER_BITS: u32 = 29;
const HOLDER_MASK: u64 = (1 << HOLDER_BITS) - 1;
/// One more than the largest holder: the largest slot, and the largest id less the base.
pub(crate) const HOLDER_LIMIT: u64 = HOLDER_MASK;
/// Bits of a word that hold the variable.
const VAR_BITS: u32 = 7;
const VAR_MASK: u64 = (1 << VAR_BITS) - 1;
/// The variable of a phone whose variable number does not fit the word.
pub(crate) const VAR_ELSEWHERE: u8 = VAR_MASK as u8;
const ID_FLAG: u64 = 1 << (HOLDER_BITS + VAR_BITS);
const SHARED_FLAG: u64 = ID_FLAG << 1;
const KEY_SHIFT: u32 = HOLDER_BITS + VAR_BITS + 2;
/// Bits of the scrambled phone kept in the word; the others choose the segment.
const KEY_BITS: u32 = 64 - KEY_SHIFT;
const PHONE_BITS: u32 = KEY_BITS + SEGMENT_BITS;
const PHONE_MASK: u64 = (1 << PHONE_BITS) - 1;
/// No phone: every bit set, which no word has (no holder is 2²⁹ − 1).
const EMPTY: u64 = u64::MAX;
/// The most phones per word of a segment before it grows: 15 in 16. Robin Hood probing
/// keeps probes short at that load (about 8.5 words on average for a hit, and a miss
/// stops early), and the words it probes are side by side.
const MAX_LOAD: (usize, usize) = (15, 16);
const SEGMENT_BITS: u32 = 8;
const SEGMENTS: usize = 1 << SEGMENT_BITS;

/// Who a word names: a client's numeric id less the base, or its slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    Id(u32),
    Slot(u32),
}

/// What the table keeps about a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The first client that holds the phone.
    pub(crate) holder: Holder,
    /// The variable it holds it in, as [`var_in_word`] keeps it.
    pub(crate) var: u8,
    /// Other clients hold it too.
    pub(crate) shared: bool,
}

/// A permutation of the 34-bit numbers that scatters phones, chosen by `key`: xors with
/// the key, multiplications by odd numbers and shifted xors, each one-to-one on 34 bits.
///
/// Without a key that the host's clients cannot know, phones chosen against the
/// permutation (it is easily inverted) would all fall in one segment next to each other,
/// and every insert and lookup among them would probe them all.
#[inline(always)]
fn scramble(phone: u64, key: u64) -> u64 {
    let mut x = (phone ^ key) & PHONE_MASK;
    x = x.wrapping_mul(0x2_9e37_79b9) & PHONE_MASK;
    x ^= x >> 17;
    x = (x ^ (key >> 30)).wrapping_mul(0x1_85eb_ca6b) & PHONE_MASK;
    x ^= x >> 15;
    x = x.wrapping_mul(0x3_c2b2_ae35) & PHONE_MASK;
    x ^ (x >> 16)
}

/// The segment of a phone and the key kept in its word, under the table's `key`.
#[inline(always)]
fn split(phone: u64, key: u64) -> (usize, u64) {
    let h = scramble(phone, key);
    ((h >> KEY_BITS) as usize, h & ((1 << KEY_BITS) - 1))
}

#[inline(always)]
fn key_of(word: u64) -> u64 {
    word >> KEY_SHIFT
}

#[inline(always)]
fn pack(key: u64, entry: Entry) -> u64 {
    let (flag, holder) = match entry.holder {
        Holder::Id(d) => (ID_FLAG, d),
        Holder::Slot(s) => (0, s),
    };
    let shared = if entry.shared { SHARED_FLAG } else { 0 };
    key << KEY_SHIFT | shared | flag | (u64::from(holder) & HOLDER_MASK) << VAR_BITS | u64::from(entry.var) & VAR_MASK
}

#[inline(always)]
fn unpack(word: u64) -> Entry {
    let holder = ((word >> VAR_BITS) & HOLDER_MASK) as u32;
    Entry {
        holder: if word & ID_FLAG != 0 { Holder::Id(holder) } else { Holder::Slot(holder) },
        var: (word & VAR_MASK) as u8,
        shared: word & SHARED_FLAG != 0,
    }
}

/// The variable as a word keeps it.
#[inline(always)]
pub(crate) fn var_in_word(var: u16) -> u8 {
    u8::try_from(var).ok().filter(|v| *v < VAR_ELSEWHERE).unwrap_or(VAR_ELSEWHERE)
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
    #[inline(always)]
    fn next(&self, i: usize) -> usize {
        if i.wrapping_add(1) == self.words.len() {
            0
        } else {
            i.wrapping_add(1)
        }
    }

    /// The home of a key: its place if nothing were in the way.
    #[inline(always)]
    fn home_of(&self, key: u64) -> usize {
        home(key << (64 - KEY_BITS), self.words.len())
    }

    #[inline(always)]
    fn distance(&self, word: u64, at: usize) -> usize {
        let h = self.home_of(key_of(word));
        if at >= h {
            at.wrapping_sub(h)
        } else {
            at.wrapping_add(self.words.len()).wrapping_sub(h)
        }
    }

    fn full_at(&self, len: usize) -> bool {
        len.saturating_mul(MAX_LOAD.1) > self.words.len().saturating_mul(MAX_LOAD.0)
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Option<(usize, u64)> {
        let cap = self.words.len();
        if cap == 0 {
            return None;
        }
        let mut i = self.home_of(key);
        for dist in 0..cap {
            let word = *self.words.get(i)?;
            if word == EMPTY {
                return None;
            }
            if key_of(word) == key {
                return Some((i, word));
            }
            if self.distance(word, i) < dist {
                return None;
            }
            i = self.next(i);
        }
        None
    }

    /// Adds a word whose key is not in the segment, growing it by a quarter when it is full
    /// (so that it stays at least 3/4 full: amortised, each word is moved 5 times at most).
    fn insert(&mut self, word: u64) {
        if self.words.is_empty() || self.full_at(self.len.saturating_add(1)) {
            let fit = self.len.saturating_add(1).saturating_mul(MAX_LOAD.1).div_ceil(MAX_LOAD.0);
            self.resize(fit.max(self.words.len().saturating_add(self.words.len() / 4)).max(8));
        }
        let cap = self.words.len();
        let mut carried = word;
        let mut i = self.home_of(key_of(word));
        let mut dist = 0;
        for _ in 0..cap {
            let Some(&here) = self.words.get(i) else { return };
            if here == EMPTY {
                if let Some(w) = self.words.get_mut(i) {
                    *w = carried;
                    self.len = self.len.wrapping_add(1);
                }
                return;
            }
            let theirs = self.distance(here, i);
            if theirs < dist {
                if let Some(w) = self.words.get_mut(i) {
                    *w = carried;
                }
                carried = here;
                dist = theirs;
            }
            i = self.next(i);
            dist = dist.wrapping_add(1);
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
            self.insert(word);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PhoneTable {
    segments: Vec<Segment>,
    len: usize,
    /// What chooses the permutation of phones ([`scramble`]).
    key: u64,
}

impl PhoneTable {
    /// An empty table whose phones are scattered under `key`.
    pub(crate) fn with_key(key: u64) -> PhoneTable {
        PhoneTable { key, ..PhoneTable::default() }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Where `phone` is, and what the table keeps about it.
    #[inline(always)]
    pub(crate) fn get(&self, phone: u64) -> Option<(At, Entry)> {
        let (segment, key) = split(phone, self.key);
        let (index, word) = self.segments.get(segment)?.get(key)?;
        Some((At { segment, index }, unpack(word)))
    }

    /// Adds a phone that is not in the table.
    pub(crate) fn insert(&mut self, phone: u64, entry: Entry) {
        if self.segments.is_empty() {
            self.segments = vec![Segment::default(); SEGMENTS];
        }
        let (segment, key) = split(phone, self.key);
        if let Some(segment) = self.segments.get_mut(segment) {
            segment.insert(pack(key, entry));
            self.len = self.len.wrapping_add(1);
        }
    }

    /// Changes what the table keeps about the phone at `at`.
    pub(crate) fn set(&mut self, at: At, entry: Entry) {
        if let Some(w) = self.segments.get_mut(at.segment).and_then(|s| s.words.get_mut(at.index)) {
            *w = pack(key_of(*w), entry);
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
    /// at most once: to fit them exactly the first time, by a quarter at least later.
    pub(crate) fn reserve_for(&mut self, phones: impl Iterator<Item = u64>) {
        let mut counts = [0usize; SEGMENTS];
        for phone in phones {
            if let Some(c) = counts.get_mut(split(phone, self.key).0) {
                *c = c.wrapping_add(1);
            }
        }
        if self.segments.is_empty() {
            self.segments = vec![Segment::default(); SEGMENTS];
        }
        for (segment, count) in self.segments.iter_mut().zip(counts) {
            let needed = segment.len.saturating_add(count);
            if count == 0 || !segment.full_at(needed) && !segment.words.is_empty() {
                continue;
            }
            let fit = needed.saturating_mul(MAX_LOAD.1).div_ceil(MAX_LOAD.0).max(8);
            let cap = if segment.len == 0 {
                fit
            } else {
                fit.max(segment.words.len().saturating_add(segment.words.len() / 4))
            };
            segment.resize(cap);
        }
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.segments
            .iter()
            .map(|s| s.words.capacity().saturating_mul(8))
            .fold(0usize, usize::saturating_add)
            .saturating_add(self.segments.capacity().saturating_mul(std::mem::size_of::<Segment>()))
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
                let holder = if i % 3 == 0 { Holder::Id(i as u32) } else { Holder::Slot(i as u32) };
                t.insert(p, Entry { holder, var: (i % 100) as u8, shared: i % 7 == 0 });
            }
        }
        for (i, &p) in phones.iter().enumerate() {
            let (_, e) = t.get(p).unwrap();
            let (Holder::Id(h) | Holder::Slot(h)) = e.holder;
            let first = phones.iter().position(|q| *q == p).unwrap();
            assert_eq!(h as usize, first, "{i}");
            assert_eq!(matches!(e.holder, Holder::Id(_)), first % 3 == 0);
            assert_eq!((e.var, e.shared), ((first % 100) as u8, first % 7 == 0));
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
        let e = Entry { holder: Holder::Slot(HOLDER_LIMIT as u32 - 1), var: VAR_ELSEWHERE, shared: true };
        t.set(at, e);
        assert_eq!(t.get(phones[1]).map(|(_, e)| e), Some(e));
    }

    #[test]
    fn the_scramble_is_one_to_one() {
        let mut seen: Vec<u64> = (0..1u64 << 20).map(|p| scramble(p, 0x5eed_5eed_5eed_5eed)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 1 << 20);
        assert!(seen.iter().all(|h| *h <= PHONE_MASK));
        assert_eq!(var_in_word(0), 0);
        assert_eq!(var_in_word(126), 126);
        assert_eq!(var_in_word(127), VAR_ELSEWHERE);
        assert_eq!(var_in_word(9000), VAR_ELSEWHERE);
        let last = Entry { holder: Holder::Id(HOLDER_LIMIT as u32 - 1), var: VAR_ELSEWHERE, shared: true };
        assert_ne!(pack((1 << KEY_BITS) - 1, last), EMPTY);
        assert_eq!(unpack(pack(5, last)), last);
    }

    /// The inverse of [`scramble`] under key 0: phones chosen against that permutation.
    fn unscramble(h: u64) -> u64 {
        let undo_xorshift = |y: u64, s: u32| (0..34).fold(y, |x, _| y ^ (x >> s)) & PHONE_MASK;
        let inverse = |c: u64| (0..6).fold(c, |x, _| x.wrapping_mul(2u64.wrapping_sub(c.wrapping_mul(x)))) & PHONE_MASK;
        let mut x = undo_xorshift(h, 16);
        x = x.wrapping_mul(inverse(0x3_c2b2_ae35)) & PHONE_MASK;
        x = undo_xorshift(x, 15);
        x = x.wrapping_mul(inverse(0x1_85eb_ca6b)) & PHONE_MASK;
        x = undo_xorshift(x, 17);
        x.wrapping_mul(inverse(0x2_9e37_79b9)) & PHONE_MASK
    }

    #[test]
    fn phones_chosen_against_one_key_spread_under_another() {
        // 20 000 phones whose scrambles under key 0 are neighbours in segment 17.
        let chosen: Vec<u64> = (0..20_000u64).map(|i| unscramble(17 << KEY_BITS | i)).collect();
        assert!(chosen.iter().all(|&p| split(p, 0) == (17, split(p, 0).1) && split(p, 0).1 < 20_000));
        for key in [1u64, 0x5eed_5eed_5eed_5eed, u64::MAX] {
            let mut per_segment = [0usize; SEGMENTS];
            for &p in &chosen {
                per_segment[split(p, key).0] += 1;
            }
            // About 78 a segment if they spread like any phones.
            let most = per_segment.iter().max().copied().unwrap_or(0);
            assert!(most < 200, "key {key:#x}: {most} phones in one segment");
        }
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
            t.insert(p, Entry { holder: Holder::Slot(1), var: 0, shared: false });
        }
        let after: Vec<usize> = t.segments.iter().map(|s| s.words.len()).collect();
        assert_eq!(after, room, "no growth while filling what was reserved");
        assert_eq!(t.len(), 1_000_000);
    }
}
