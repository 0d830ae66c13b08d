//! Holders: the clients that hold each phone several clients hold, so that the index knows
//! which of them comes first, and which next when it goes.
//!
//! Holders come Telephony first (a Telephony client's own phone), then by slot, and each is
//! known by a key in that order. A hash table from the phone holds its one or two keys (as
//! most shared phones have two holders), or else where the phone's two min-heaps are: the
//! keys of the holders added, and the keys of those removed since. The first holder is
//! then the top of the first heap once every top the two heaps share is dropped from both;
//! when over half the keys added are removed ones, the phone's heaps are rebuilt without
//! them. Adding, removing and finding the first holder are O(log k) amortised for a phone
//! that k clients hold, and do not depend on the number of shared phones. The memory is a
//! bucket of the hash table a phone (16 bytes), and with more than two holders, 4 bytes a
//! key and two vectors.
//!
//! A holder is added only while it does not hold the phone, and removed only while it
//! does: the index's own bookkeeping says so.

use crate::u64_map::U64Map;

/// The bit of a key that says the holder holds the phone in a variable (not Telephony).
const VARIABLE: u32 = 1 << 31;
/// The bits of a key that hold the slot (below 2²⁹, [`MAX_CLIENT_SLOTS`]): every key is
/// below [`ONE`] and [`HEAPS`].
///
/// [`MAX_CLIENT_SLOTS`]: super::MAX_CLIENT_SLOTS
const SLOT_MASK: u32 = (1 << 30) - 1;

/// The key of a holder: `kind` 0 for a Telephony client's own phone, 1 for a variable.
#[inline(always)]
fn key(kind: u64, slot: usize) -> u32 {
    let variable = if kind == 0 { 0 } else { VARIABLE };
    variable | (slot as u32 & SLOT_MASK)
}

/// In the upper half of a phone's value in the table, in place of a second key (which is
/// below both): one key only, in the lower half.
const ONE: u32 = u32::MAX - 1;
/// In the upper half of a phone's value: the lower half is the place of its heaps.
const HEAPS: u32 = u32::MAX;

/// What the table holds for a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    One(u32),
    Two(u32, u32),
    /// The place of the phone's heaps in [`Holders::heaps`].
    Heaps(u32),
}

impl Held {
    fn of(value: u64) -> Held {
        let (low, high) = (value as u32, (value >> 32) as u32);
        match high {
            ONE => Held::One(low),
            HEAPS => Held::Heaps(low),
            _ => Held::Two(low, high),
        }
    }

    fn value(self) -> u64 {
        let (low, high) = match self {
            Held::One(a) => (a, ONE),
            Held::Two(a, b) => (a, b),
            Held::Heaps(at) => (at, HEAPS),
        };
        u64::from(high) << 32 | u64::from(low)
    }
}

/// The holders of a phone that more than two clients hold (or held).
#[derive(Debug, Clone, Default)]
struct Heaps {
    added: Vec<u32>,
    /// Keys of `added` whose holders are gone: each once per removal.
    removed: Vec<u32>,
}

impl Heaps {
    fn count(&self) -> usize {
        self.added.len().saturating_sub(self.removed.len())
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Holders {
    /// Per phone, [`Held::value`].
    phones: U64Map,
    heaps: Vec<Heaps>,
    /// Places in `heaps` that no phone has.
    free: Vec<u32>,
    /// The holders of all phones.
    len: usize,
}

impl Holders {
    /// No holders yet; phones are scattered under `seed`.
    pub(crate) fn with_seed(seed: u64) -> Holders {
        Holders { phones: U64Map::with_seed(seed), ..Holders::default() }
    }

    fn held(&self, phone: u64) -> Option<Held> {
        self.phones.get(phone).map(Held::of)
    }

    /// Records that the client in `slot` holds `phone` (in a variable if `kind` is 1).
    pub(crate) fn add(&mut self, phone: u64, kind: u64, slot: usize) {
        let key = key(kind, slot);
        let held = match self.held(phone) {
            None => Held::One(key),
            Some(Held::One(a)) => Held::Two(a, key),
            Some(Held::Two(a, b)) => {
                let at = match self.free.pop() {
                    Some(at) => at,
                    None => {
                        let Ok(at) = u32::try_from(self.heaps.len()) else { return };
                        self.heaps.push(Heaps::default());
                        at
                    }
                };
                let Some(heaps) = self.heaps.get_mut(at as usize) else { return };
                for k in [a, b, key] {
                    push(&mut heaps.added, k);
                }
                Held::Heaps(at)
            }
            Some(Held::Heaps(at)) => {
                let Some(heaps) = self.heaps.get_mut(at as usize) else { return };
                push(&mut heaps.added, key);
                self.len = self.len.saturating_add(1);
                return;
            }
        };
        self.phones.insert(phone, held.value());
        self.len = self.len.saturating_add(1);
    }

    /// Records that the client in `slot` no longer holds `phone` as `kind`.
    pub(crate) fn remove(&mut self, phone: u64, kind: u64, slot: usize) {
        let key = key(kind, slot);
        match self.held(phone) {
            Some(Held::One(a)) if a == key => {
                self.phones.remove(phone);
            }
            Some(Held::Two(a, b)) if a == key || b == key => {
                self.phones.insert(phone, Held::One(if a == key { b } else { a }).value());
            }
            Some(Held::Heaps(at)) => {
                let Some(heaps) = self.heaps.get_mut(at as usize) else { return };
                push(&mut heaps.removed, key);
                while let (Some(a), Some(r)) = (heaps.added.first(), heaps.removed.first()) {
                    if a != r {
                        break;
                    }
                    pop(&mut heaps.added);
                    pop(&mut heaps.removed);
                }
                if heaps.removed.len().saturating_mul(2) > heaps.added.len() {
                    // Both heaps in order, the removed keys dropped: the keys left, sorted,
                    // are a min-heap. O(k log k), once per k/2 removals at least.
                    let mut kept = Vec::with_capacity(heaps.count());
                    while let Some(a) = pop(&mut heaps.added) {
                        if heaps.removed.first() == Some(&a) {
                            pop(&mut heaps.removed);
                        } else {
                            kept.push(a);
                        }
                    }
                    heaps.added = kept;
                    heaps.removed = Vec::new();
                }
                if heaps.added.is_empty() {
                    self.clear(phone);
                }
            }
            _ => return,
        }
        self.len = self.len.saturating_sub(1);
    }

    /// Forgets every holder of `phone`.
    pub(crate) fn clear(&mut self, phone: u64) {
        self.len = self.len.saturating_sub(self.count(phone));
        if let Some(Held::Heaps(at)) = self.phones.remove(phone).map(Held::of) {
            if let Some(heaps) = self.heaps.get_mut(at as usize) {
                *heaps = Heaps::default();
                self.free.push(at);
            }
        }
    }

    /// The slot of the first holder of `phone`.
    pub(crate) fn first(&self, phone: u64) -> Option<usize> {
        let key = match self.held(phone)? {
            Held::One(a) => a,
            Held::Two(a, b) => a.min(b),
            Held::Heaps(at) => *self.heaps.get(at as usize)?.added.first()?,
        };
        Some((key & SLOT_MASK) as usize)
    }

    /// How many clients hold `phone`, as far as these holders go.
    pub(crate) fn count(&self, phone: u64) -> usize {
        match self.held(phone) {
            None => 0,
            Some(Held::One(_)) => 1,
            Some(Held::Two(..)) => 2,
            Some(Held::Heaps(at)) => self.heaps.get(at as usize).map_or(0, Heaps::count),
        }
    }

    /// The number of holders of all phones.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.heaps
            .iter()
            .map(|h| h.added.capacity().saturating_add(h.removed.capacity()).saturating_mul(4))
            .fold(self.phones.bytes(), usize::saturating_add)
            .saturating_add(self.heaps.capacity().saturating_mul(std::mem::size_of::<Heaps>()))
            .saturating_add(self.free.capacity().saturating_mul(4))
    }
}

/// Adds `key` to the min-heap `heap`: each key at most its children, at 2i + 1 and 2i + 2.
fn push(heap: &mut Vec<u32>, key: u32) {
    let mut hole = heap.len();
    heap.push(key);
    while let Some(parent) = hole.checked_sub(1).map(|i| i / 2) {
        match heap.get(parent).copied() {
            Some(above) if above > key => {
                set(heap, hole, above);
                hole = parent;
            }
            _ => break,
        }
    }
    set(heap, hole, key);
}

/// Takes the least key out of the min-heap `heap`.
fn pop(heap: &mut Vec<u32>) -> Option<u32> {
    let last = heap.pop()?;
    let Some(&top) = heap.first() else { return Some(last) };
    // `last` goes down from the top, in place of the lesser child, until it is the lesser.
    let mut hole = 0usize;
    loop {
        // `hole` < the heap's length, at most `isize::MAX` / 4: no overflow.
        let left = hole.wrapping_mul(2).wrapping_add(1);
        let (at, child) = match (heap.get(left).copied(), heap.get(left.wrapping_add(1)).copied()) {
            (Some(l), Some(r)) if r < l => (left.wrapping_add(1), r),
            (Some(l), _) => (left, l),
            (None, _) => break,
        };
        if child >= last {
            break;
        }
        set(heap, hole, child);
        hole = at;
    }
    set(heap, hole, last);
    Some(top)
}

#[inline(always)]
fn set(heap: &mut [u32], i: usize, key: u32) {
    if let Some(k) = heap.get_mut(i) {
        *k = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telephony_first_then_by_slot() {
        let mut h = Holders::default();
        h.add(5, 1, 7);
        assert_eq!((h.held(5), h.first(5), h.count(5)), (Some(Held::One(key(1, 7))), Some(7), 1));
        h.add(5, 1, 3);
        assert_eq!((h.held(5), h.first(5), h.count(5)), (Some(Held::Two(key(1, 7), key(1, 3))), Some(3), 2));
        h.add(5, 0, 9);
        assert_eq!((h.held(5), h.first(5), h.count(5), h.len()), (Some(Held::Heaps(0)), Some(9), 3, 3));
        h.remove(5, 0, 9);
        assert_eq!(h.first(5), Some(3));
        h.remove(5, 1, 7);
        assert_eq!((h.first(5), h.count(5)), (Some(3), 1));
        h.remove(5, 1, 3);
        assert_eq!((h.held(5), h.first(5), h.count(5), h.len()), (None, None, 0, 0));
        assert_eq!(h.free, [0], "its heaps' place is free");
        h.add(6, 1, 1);
        h.add(6, 1, 2);
        assert_eq!(h.free, [0], "two holders need no heaps");
        h.add(6, 0, 4);
        assert_eq!((h.held(6), h.first(6), h.free.len()), (Some(Held::Heaps(0)), Some(4), 0));
        h.clear(6);
        assert_eq!((h.held(6), h.first(6), h.count(6), h.len(), h.free.len()), (None, None, 0, 0, 1));
        h.add(8, 0, 1);
        h.add(8, 1, 2);
        h.remove(8, 1, 1); // not a holder as a variable: nothing changes
        assert_eq!((h.first(8), h.count(8)), (Some(1), 2));
        h.remove(8, 0, 1);
        assert_eq!((h.held(8), h.first(8), h.len()), (Some(Held::One(key(1, 2))), Some(2), 1));
        h.remove(8, 1, 2);
        assert_eq!((h.held(8), h.len()), (None, 0));
        assert_eq!(h.first(7), None);
    }

    #[test]
    fn values_and_keys_stay_apart() {
        for held in [Held::One(0), Held::Two(key(1, (1 << 29) - 2), 0), Held::Heaps(u32::MAX)] {
            assert_eq!(Held::of(held.value()), held);
        }
        assert!(key(1, usize::MAX) < ONE, "even out of range, a slot makes no marker");
        assert_eq!((key(0, 5), key(1, 5)), (5, VARIABLE | 5));
    }

    #[test]
    fn many_holders_come_and_go_in_any_order() {
        let mut h = Holders::default();
        let n = 200_000;
        for slot in 0..n {
            h.add(1, 1, slot);
        }
        for slot in (0..n).step_by(2) {
            h.add(1, 0, slot); // the same clients, now Telephony: in the middle
            h.remove(1, 1, slot);
        }
        assert_eq!((h.first(1), h.count(1)), (Some(0), n));
        for slot in (0..n).step_by(2) {
            h.remove(1, 0, slot);
            let next_telephony = slot + 2;
            assert_eq!(h.first(1), Some(if next_telephony < n { next_telephony } else { 1 }));
        }
        for slot in (1..n).step_by(4).rev() {
            h.remove(1, 1, slot);
        }
        assert_eq!((h.first(1), h.count(1)), (Some(3), n / 4));
        let Some(Held::Heaps(at)) = h.held(1) else { panic!("{:?}", h.held(1)) };
        let heaps = &h.heaps[at as usize];
        assert!(heaps.removed.len() * 2 <= heaps.added.len(), "rebuilt as the removed grew");
        assert!(h.bytes() >= heaps.added.len() * 4);
    }

    #[test]
    fn push_and_pop_sort() {
        let mut heap = Vec::new();
        let keys: Vec<u32> = (0..1000u32).map(|i| i.wrapping_mul(2_654_435_761) >> 7).collect();
        for &k in &keys {
            push(&mut heap, k);
        }
        let mut want = keys;
        want.sort_unstable();
        let got: Vec<u32> = std::iter::from_fn(|| pop(&mut heap)).collect();
        assert_eq!(got, want);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;
        use std::collections::BTreeSet;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            /// Holders added and removed as the index does (a holder added only while it
            /// does not hold the phone, removed only while it does) answer as a BTreeSet
            /// keyed by (phone, kind, slot) does.
            #[test]
            fn agrees_with_an_ordered_set(ops in prop::collection::vec((0..3u64, 0..2u64, 0..12usize), 0..300)) {
                let mut h = Holders::default();
                let mut oracle = BTreeSet::<(u64, u64, usize)>::new();
                for (phone, kind, slot) in ops {
                    // The client in `slot` holds a phone once: toggle it, with this kind.
                    match oracle.iter().find(|&&(p, _, s)| p == phone && s == slot).copied() {
                        Some((p, k, s)) => {
                            oracle.remove(&(p, k, s));
                            h.remove(p, k, s);
                        }
                        None => {
                            oracle.insert((phone, kind, slot));
                            h.add(phone, kind, slot);
                        }
                    }
                    for p in 0..3 {
                        let holders: Vec<_> = oracle.range((p, 0, 0)..(p + 1, 0, 0)).collect();
                        prop_assert_eq!(h.first(p), holders.first().map(|&&(_, _, s)| s));
                        prop_assert_eq!(h.count(p), holders.len());
                    }
                    prop_assert_eq!(h.len(), oracle.len());
                }
            }
        }
    }
}
