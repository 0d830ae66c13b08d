//! Entries: the phones each client holds, one 8-byte word each, a client's words side by
//! side and sorted by phone, each phone once.
//!
//! A word holds the phone's 10 national digits as a number (34 bits), the variable that
//! holds it (16 bits: 0 for a Telephony client's own phone, `n + 1` for variable name `n`)
//! and a mark on the client's last word. Removing or replacing a client frees its words
//! for the next client with as many phones.

use std::collections::BTreeSet;

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
    /// Freed blocks: length << 32 | start.
    free: BTreeSet<u64>,
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
            let lo = u64::from(n) << 32;
            if let Some(&key) = self.free.range(lo..lo | u64::from(u32::MAX)).next() {
                self.free.remove(&key);
                let start = key as u32;
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
        self.free.insert(u64::from(n) << 32 | u64::from(start));
        self.live = self.live.saturating_sub(count);
    }

    /// Forgets the words from `len` on (all added since, none freed).
    pub(crate) fn truncate(&mut self, len: usize, live: usize) {
        self.words.truncate(len);
        self.live = live;
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.words.bytes().saturating_add(self.free.len().saturating_mul(16))
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
}
