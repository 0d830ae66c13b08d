//! Slots: per client, in the project's order, its id (an 8-byte word) and where its phones
//! start (4 bytes), side by side so that a lookup reads both in one go.
//!
//! An id that is a decimal number (no leading zero, at most 2⁵³ − 1, exact in a JS number)
//! is held as that number; any other id as its bytes in an arena, the word pointing there.
//! Finding a client by id: Salebot's ids are numbers that grow with the project's order, so
//! while they do, a binary search over the words finds them and nothing more is stored;
//! the ids that break that order go into a hash table of slots.

use std::fmt;

use super::pages::Pages;
use crate::hash::{home, mix, mix_bytes};

/// The largest id held as a number: the largest integer a JS number holds exactly.
pub(crate) const NUMBER_MAX: u64 = (1 << 53) - 1;

const TEXT: u64 = 1 << 63;
const DEAD: u64 = 1 << 62;
const VALUE: u64 = NUMBER_MAX;
const LEN_SHIFT: u32 = 40;
const LEN_MASK: u64 = 0x3ff;
const LOC_MASK: u64 = (1 << LEN_SHIFT) - 1;
/// Arena page: ids never straddle two.
const ARENA_PAGE: usize = 1 << 16;

/// A client's id, as the index gives it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientId<'a> {
    /// An id that is a decimal number, such as `"123456"`.
    Number(u64),
    /// Any other id.
    Text(&'a str),
}

impl ClientId<'_> {
    /// How the index reads an id given as text.
    pub(crate) fn of(id: &str) -> ClientId<'_> {
        let bytes = id.as_bytes();
        let canonical = matches!(bytes.first(), Some(b'1'..=b'9')) || bytes == b"0";
        if canonical && bytes.len() <= 16 && bytes.iter().all(u8::is_ascii_digit) {
            let n = bytes.iter().fold(0u64, |n, d| n.wrapping_mul(10).wrapping_add(u64::from(d.wrapping_sub(b'0'))));
            if n <= NUMBER_MAX {
                return ClientId::Number(n);
            }
        }
        ClientId::Text(id)
    }

    fn hash(self) -> u64 {
        match self {
            ClientId::Number(n) => mix(n),
            ClientId::Text(s) => mix_bytes(s.as_bytes()),
        }
    }
}

impl fmt::Display for ClientId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientId::Number(n) => write!(f, "{n}"),
            ClientId::Text(s) => f.write_str(s),
        }
    }
}

impl PartialEq<str> for ClientId<'_> {
    fn eq(&self, other: &str) -> bool {
        *self == ClientId::of(other)
    }
}

impl PartialEq<&str> for ClientId<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == ClientId::of(other)
    }
}

/// Bytes in pages of [`ARENA_PAGE`]; a string never straddles two pages. The first page
/// grows as a `Vec` does; the next ones are made full size.
#[derive(Debug, Clone, Default)]
struct Arena {
    pages: Vec<Vec<u8>>,
}

impl Arena {
    fn push(&mut self, s: &str) -> Option<u64> {
        if s.len() > ARENA_PAGE {
            return None;
        }
        if self.pages.last().map_or(true, |p| p.len().saturating_add(s.len()) > ARENA_PAGE) {
            let capacity = if self.pages.is_empty() { 0 } else { ARENA_PAGE };
            self.pages.push(Vec::with_capacity(capacity));
        }
        let page = self.pages.len().checked_sub(1)?;
        let last = self.pages.last_mut()?;
        let at = (page as u64) << 16 | last.len() as u64;
        last.extend_from_slice(s.as_bytes());
        Some(at)
    }

    fn used(&self) -> usize {
        self.pages.last().map_or(0, Vec::len)
    }

    fn bytes(&self) -> usize {
        self.pages.iter().map(Vec::capacity).sum()
    }

    fn get(&self, at: u64, len: usize) -> Option<&str> {
        let page = self.pages.get(usize::try_from(at >> 16).ok()?)?;
        let offset = (at & 0xffff) as usize;
        std::str::from_utf8(page.get(offset..offset.checked_add(len)?)?).ok()
    }
}

/// Where the slots stood, to go back there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotsMark {
    slots: usize,
    sorted: usize,
    arena_pages: usize,
    arena_used: usize,
}

/// The clients' slots, in the project's order: the id word's two halves, then the start of
/// the client's entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slots {
    slots: Pages<[u32; 3]>,
    arena: Arena,
    /// Slots `0..sorted` hold numeric ids, strictly growing: found by binary search.
    sorted: usize,
    /// Open addressing, linear probing: slot + 1, or 0 for an empty bucket.
    map: Vec<u32>,
    mapped: usize,
}

impl Slots {
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    #[inline(always)]
    fn word(&self, slot: usize) -> Option<u64> {
        self.slots.get(slot).map(|[lo, hi, _]| u64::from(lo) | u64::from(hi) << 32)
    }

    fn set_word(&mut self, slot: usize, word: u64) {
        if let Some([_, _, first]) = self.slots.get(slot) {
            self.slots.set(slot, [word as u32, (word >> 32) as u32, first]);
        }
    }

    /// Where the client's entries start.
    #[inline(always)]
    pub(crate) fn first(&self, slot: usize) -> Option<u32> {
        self.slots.get(slot).map(|[_, _, first]| first)
    }

    pub(crate) fn set_first(&mut self, slot: usize, first: u32) {
        if let Some([lo, hi, _]) = self.slots.get(slot) {
            self.slots.set(slot, [lo, hi, first]);
        }
    }

    /// The id of a live client.
    pub(crate) fn get(&self, slot: usize) -> Option<ClientId<'_>> {
        let word = self.word(slot)?;
        if word & DEAD != 0 {
            return None;
        }
        self.decode(word)
    }

    fn decode(&self, word: u64) -> Option<ClientId<'_>> {
        if word & TEXT == 0 {
            return Some(ClientId::Number(word & VALUE));
        }
        let len = ((word >> LEN_SHIFT) & LEN_MASK) as usize;
        self.arena.get(word & LOC_MASK, len).map(ClientId::Text)
    }

    fn key_of_slot(&self, slot: usize) -> Option<ClientId<'_>> {
        self.decode(self.word(slot)?)
    }

    /// The slot of the live client with this id.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.find_key(ClientId::of(id))
    }

    /// The slot of the live client with this id, read.
    pub(crate) fn find_key(&self, key: ClientId<'_>) -> Option<usize> {
        if let ClientId::Number(n) = key {
            if let Some(slot) = self.find_sorted(n) {
                return Some(slot);
            }
        }
        self.probe(key, None).map(|(_, slot)| slot)
    }

    /// The slot of the live client with numeric id `n` among the sorted ones: a few
    /// interpolation steps (ids that grow with the project's order are spread fairly
    /// evenly, so each lands near), then a binary search of what is left.
    fn find_sorted(&self, n: u64) -> Option<usize> {
        let value = |slot: usize| self.word(slot).map(|w| w & VALUE);
        let (mut lo, mut hi) = (0, self.sorted);
        for _ in 0..4 {
            if hi.saturating_sub(lo) <= 16 {
                break;
            }
            let (first, last) = (value(lo)?, value(hi.checked_sub(1)?)?);
            if n < first || n > last {
                return None;
            }
            let share = n.saturating_sub(first) as f64 / last.saturating_sub(first).max(1) as f64;
            let guess = lo.saturating_add((hi.saturating_sub(1).saturating_sub(lo) as f64 * share) as usize);
            let at = value(guess.min(hi.saturating_sub(1)))?;
            match at.cmp(&n) {
                std::cmp::Ordering::Less => lo = guess.saturating_add(1),
                std::cmp::Ordering::Greater => hi = guess,
                std::cmp::Ordering::Equal => {
                    (lo, hi) = (guess, guess.saturating_add(1));
                    break;
                }
            }
        }
        while lo < hi {
            let mid = lo.wrapping_add(hi.wrapping_sub(lo) / 2); // lo < hi
            if value(mid)? < n {
                lo = mid.wrapping_add(1);
            } else {
                hi = mid;
            }
        }
        let word = self.word(lo).filter(|_| lo < self.sorted)?;
        (word & VALUE == n && word & DEAD == 0).then_some(lo)
    }

    /// The bucket and slot of `key` in the map; with `slot` given, of that very slot.
    fn probe(&self, key: ClientId<'_>, slot: Option<usize>) -> Option<(usize, usize)> {
        let cap = self.map.len();
        if cap == 0 {
            return None;
        }
        let mut i = home(key.hash(), cap);
        for _ in 0..cap {
            let bucket = *self.map.get(i)?;
            let held = usize::try_from(bucket).ok()?.checked_sub(1)?;
            let hit = match slot {
                Some(s) => held == s,
                None => self.word(held).is_some_and(|w| w & DEAD == 0) && self.key_of_slot(held) == Some(key),
            };
            if hit {
                return Some((i, held));
            }
            i = if i.wrapping_add(1) == cap { 0 } else { i.wrapping_add(1) };
        }
        None
    }

    /// Gives a new client the next slot, its entries starting at `first`; `None` if its id
    /// cannot be held.
    pub(crate) fn push(&mut self, id: &str, first: u32) -> Option<usize> {
        let slot = self.slots.len();
        let u32_slot = u32::try_from(slot).ok().filter(|s| *s < u32::MAX)?;
        let key = ClientId::of(id);
        let word = match key {
            ClientId::Number(n) => n,
            ClientId::Text(s) => {
                let len = u64::try_from(s.len()).ok().filter(|l| *l <= LEN_MASK)?;
                TEXT | len << LEN_SHIFT | self.arena.push(s)?
            }
        };
        let in_order = match key {
            ClientId::Number(n) => {
                self.sorted == slot && slot.checked_sub(1).and_then(|p| self.word(p)).map_or(true, |w| w & VALUE < n)
            }
            ClientId::Text(_) => false,
        };
        self.slots.push([word as u32, (word >> 32) as u32, first]);
        if in_order {
            self.sorted = self.sorted.wrapping_add(1);
        } else {
            self.map_insert(u32_slot, key.hash());
        }
        Some(slot)
    }

    fn map_insert(&mut self, slot: u32, hash: u64) {
        if self.mapped.saturating_add(1).saturating_mul(5) > self.map.len().saturating_mul(4) {
            self.grow_map();
        }
        let cap = self.map.len();
        let mut i = home(hash, cap);
        for _ in 0..cap {
            match self.map.get_mut(i) {
                Some(bucket) if *bucket == 0 => {
                    *bucket = slot.wrapping_add(1); // below u32::MAX: `push` checks
                    self.mapped = self.mapped.wrapping_add(1);
                    return;
                }
                _ => i = if i.wrapping_add(1) == cap { 0 } else { i.wrapping_add(1) },
            }
        }
    }

    fn grow_map(&mut self) {
        let cap = self.mapped.saturating_mul(2).max(16);
        let old = std::mem::replace(&mut self.map, vec![0; cap]);
        self.mapped = 0;
        for bucket in old.into_iter().filter(|b| *b != 0) {
            let slot = bucket.wrapping_sub(1) as usize; // not 0: filtered above
            if let Some(key) = self.key_of_slot(slot) {
                let hash = key.hash();
                self.map_insert(bucket.wrapping_sub(1), hash);
            }
        }
    }

    fn map_remove(&mut self, slot: usize) {
        let Some(key) = self.key_of_slot(slot) else { return };
        let Some((mut hole, _)) = self.probe(key, Some(slot)) else { return };
        let cap = self.map.len();
        let mut j = hole;
        loop {
            j = if j.wrapping_add(1) == cap { 0 } else { j.wrapping_add(1) };
            let bucket = self.map.get(j).copied().unwrap_or(0);
            if bucket == 0 || j == hole {
                break;
            }
            let Some(r) = self.key_of_slot(bucket.wrapping_sub(1) as usize).map(|k| home(k.hash(), cap)) else { break };
            // The entry at j may move to the hole if its home is not cyclically in (hole, j].
            let stays = if hole <= j { hole < r && r <= j } else { hole < r || r <= j };
            if !stays {
                if let Some(h) = self.map.get_mut(hole) {
                    *h = bucket;
                }
                hole = j;
            }
        }
        if let Some(h) = self.map.get_mut(hole) {
            *h = 0;
        }
        self.mapped = self.mapped.saturating_sub(1);
    }

    /// Marks a client removed. Its word stays, so that the binary search still works.
    pub(crate) fn kill(&mut self, slot: usize) {
        let Some(word) = self.word(slot) else { return };
        if slot >= self.sorted {
            self.map_remove(slot);
        }
        self.set_word(slot, word | DEAD);
    }

    pub(crate) fn mark(&self) -> SlotsMark {
        SlotsMark {
            slots: self.slots.len(),
            sorted: self.sorted,
            arena_pages: self.arena.pages.len(),
            arena_used: self.arena.used(),
        }
    }

    /// Forgets every client added since `mark`.
    pub(crate) fn rollback(&mut self, mark: SlotsMark) {
        for slot in (mark.slots..self.slots.len()).rev() {
            if slot >= self.sorted {
                self.map_remove(slot);
            }
        }
        self.slots.truncate(mark.slots);
        self.sorted = mark.sorted;
        self.arena.pages.truncate(mark.arena_pages);
        if let Some(last) = self.arena.pages.last_mut() {
            last.truncate(mark.arena_used);
        }
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.slots.bytes().saturating_add(self.arena.bytes()).saturating_add(self.map.capacity().saturating_mul(4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_text() {
        assert_eq!(ClientId::of("123"), ClientId::Number(123));
        assert_eq!(ClientId::of("0"), ClientId::Number(0));
        assert_eq!(ClientId::of("0123"), ClientId::Text("0123"));
        assert_eq!(ClientId::of("9007199254740991"), ClientId::Number(NUMBER_MAX));
        assert_eq!(ClientId::of("9007199254740992"), ClientId::Text("9007199254740992"));
        assert_eq!(ClientId::of("+1"), ClientId::Text("+1"));
        assert_eq!(ClientId::of(""), ClientId::Text(""));
        assert_eq!(ClientId::Number(5).to_string(), "5");
    }

    #[test]
    fn sorted_prefix_then_map() {
        let mut ids = Slots::default();
        for id in ["10", "20", "30", "abc", "25", "40"] {
            ids.push(id, 0).unwrap();
        }
        assert_eq!(ids.sorted, 3);
        assert_eq!(ids.mapped, 3);
        for (slot, id) in ["10", "20", "30", "abc", "25", "40"].iter().enumerate() {
            assert_eq!(ids.find(id), Some(slot), "{id}");
            assert_eq!(ids.get(slot).unwrap(), *id);
        }
        assert_eq!(ids.find("15"), None);
        ids.kill(1);
        ids.kill(3);
        assert_eq!(ids.find("20"), None);
        assert_eq!(ids.find("abc"), None);
        assert_eq!(ids.find("30"), Some(2));
        assert_eq!(ids.find("25"), Some(4));
        assert_eq!(ids.push("20", 0), Some(6));
        assert_eq!(ids.find("20"), Some(6));
        let mark = ids.mark();
        ids.push("x", 0).unwrap();
        ids.push("99", 0).unwrap();
        ids.rollback(mark);
        assert_eq!(ids.find("x"), None);
        assert_eq!(ids.find("99"), None);
        assert_eq!(ids.find("20"), Some(6));
        assert_eq!(ids.len(), 7);
    }

    #[test]
    fn sorted_ids_found_by_interpolation_and_search() {
        let mut ids = Slots::default();
        // Evenly spread, then bunched: both must be found, and nothing between them.
        let numbers: Vec<u64> =
            (0..3000u64).map(|i| if i < 2000 { 1000 + i * 7 } else { 1_000_000_000 + i * i }).collect();
        for n in &numbers {
            ids.push(&n.to_string(), 0).unwrap();
        }
        assert_eq!(ids.sorted, numbers.len());
        for (slot, n) in numbers.iter().enumerate() {
            assert_eq!(ids.find(&n.to_string()), Some(slot), "{n}");
            assert_eq!(ids.find(&(n + 1).to_string()), None, "{}", n + 1);
        }
        assert_eq!(ids.find("5"), None);
        assert_eq!(ids.find("999"), None);
    }

    #[test]
    fn many_mapped_ids_survive_growth_and_removal() {
        let mut ids = Slots::default();
        let names: Vec<String> = (0..5000).map(|i| format!("id-{}", (i * 7919) % 5000)).collect();
        for n in &names {
            ids.push(n, 0).unwrap();
        }
        for (slot, n) in names.iter().enumerate().filter(|(s, _)| s % 3 == 0) {
            ids.kill(slot);
            assert_eq!(ids.find(n), None);
        }
        for (slot, n) in names.iter().enumerate().filter(|(s, _)| s % 3 != 0) {
            assert_eq!(ids.find(n), Some(slot));
        }
    }
}
