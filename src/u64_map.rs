//! A hash table from 64-bit keys to 64-bit values (as a set, the values left 0): open
//! addressing with linear probing over a power-of-two number of buckets, at most 3/4
//! full, the keys scattered by [`mix`]. Putting, finding and removing a key are O(1) on
//! average, and growing doubles the buckets: amortised O(1) a key.
//!
//! A removal moves back the keys after it that may take its bucket, so that no marks of
//! removed keys lengthen the probes. `u64::MAX` marks a free bucket, so it is no key: the
//! table refuses it.

use crate::hash::mix;

/// A free bucket: no key.
const EMPTY: u64 = u64::MAX;

#[derive(Debug, Clone, Default)]
pub(crate) struct U64Map {
    /// The buckets, none or a power of two of them: a key, or [`EMPTY`], and its value.
    buckets: Vec<(u64, u64)>,
    len: usize,
    /// Mixed into every key before it is scattered: [`mix`] is public and easily
    /// inverted, so keys chosen against it would share a bucket unless this is unknown.
    seed: u64,
}

impl U64Map {
    /// An empty map whose keys are scattered under `seed`.
    pub(crate) fn with_seed(seed: u64) -> U64Map {
        U64Map { seed, ..U64Map::default() }
    }

    /// The bucket `key` probes first (the table has buckets).
    fn home(&self, key: u64) -> usize {
        mix(key ^ self.seed) as usize & self.buckets.len().wrapping_sub(1)
    }

    /// The bucket after `i`, the last one followed by the first.
    fn next(&self, i: usize) -> usize {
        i.wrapping_add(1) & self.buckets.len().wrapping_sub(1)
    }

    /// The bucket of `key`, if it is in; else the free bucket where it would go.
    fn probe(&self, key: u64) -> Option<(usize, bool)> {
        let mut i = self.home(key);
        for _ in 0..self.buckets.len() {
            match self.buckets.get(i)?.0 {
                k if k == key => return Some((i, true)),
                EMPTY => return Some((i, false)),
                _ => i = self.next(i),
            }
        }
        None
    }

    /// The value of `key`, if it is in.
    pub(crate) fn get(&self, key: u64) -> Option<u64> {
        match self.probe(key)? {
            (i, true) if key != EMPTY => self.buckets.get(i).map(|(_, value)| *value),
            _ => None,
        }
    }

    /// Puts `value` under `key`: true if the key was not in.
    pub(crate) fn insert(&mut self, key: u64, value: u64) -> bool {
        if key == EMPTY {
            return false;
        }
        if self.len.saturating_add(1).saturating_mul(4) > self.buckets.len().saturating_mul(3) {
            self.grow();
        }
        let Some((i, found)) = self.probe(key) else { return false };
        self.set(i, key, value);
        if !found {
            self.len = self.len.wrapping_add(1); // below the number of buckets
        }
        !found
    }

    /// Removes `key`, giving back its value if it was in.
    pub(crate) fn remove(&mut self, key: u64) -> Option<u64> {
        let Some((mut hole, true)) = self.probe(key).filter(|_| key != EMPTY) else { return None };
        let value = self.buckets.get(hole)?.1;
        // The keys after the hole, up to a free bucket, move back into it unless their
        // home is after the hole (cyclically): then they would no longer be found.
        let mut j = hole;
        for _ in 0..self.buckets.len() {
            j = self.next(j);
            let Some(&(k, v)) = self.buckets.get(j).filter(|(k, _)| *k != EMPTY) else { break };
            let home = self.home(k);
            let stays = if hole <= j { hole < home && home <= j } else { hole < home || home <= j };
            if !stays {
                self.set(hole, k, v);
                hole = j;
            }
        }
        self.set(hole, EMPTY, 0);
        self.len = self.len.saturating_sub(1);
        Some(value)
    }

    fn set(&mut self, i: usize, key: u64, value: u64) {
        if let Some(bucket) = self.buckets.get_mut(i) {
            *bucket = (key, value);
        }
    }

    /// Doubles the buckets (8 at first) and puts every key back in.
    fn grow(&mut self) {
        let buckets = self.buckets.len().saturating_mul(2).max(8);
        let old = std::mem::replace(&mut self.buckets, vec![(EMPTY, 0); buckets]);
        for (key, value) in old.into_iter().filter(|(key, _)| *key != EMPTY) {
            if let Some((i, _)) = self.probe(key) {
                self.set(i, key, value);
            }
        }
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.buckets.capacity().saturating_mul(16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_chosen_against_one_seed_spread_under_another() {
        // 300 keys that all start probing at bucket 0 of 1 024 under seed 0.
        let chosen: Vec<u64> = (0u64..).filter(|k| mix(*k) & 1023 == 0).take(300).collect();
        let buckets = vec![(EMPTY, 0); 1024];
        let map = U64Map { buckets: buckets.clone(), ..U64Map::default() };
        assert!(chosen.iter().all(|&k| map.home(k) == 0));
        for seed in [1u64, 0x5eed_5eed_5eed_5eed, u64::MAX] {
            let map = U64Map { buckets: buckets.clone(), ..U64Map::with_seed(seed) };
            let mut homes: Vec<usize> = chosen.iter().map(|&k| map.home(k)).collect();
            homes.sort_unstable();
            homes.dedup();
            // Scattered like any keys: about 260 distinct buckets of 1 024 for 300 keys.
            assert!(homes.len() > 200, "seed {seed:#x}: {} buckets", homes.len());
        }
    }

    #[test]
    fn keys_in_and_out() {
        let mut map = U64Map::default();
        assert_eq!(map.get(5), None);
        assert_eq!(map.remove(5), None);
        assert!(map.insert(5, 50));
        assert!(!map.insert(5, 51), "there: the value is replaced");
        assert_eq!(map.get(5), Some(51));
        assert!(map.insert(0, 0));
        assert!(!map.insert(u64::MAX, 1), "no key");
        assert_eq!((map.get(u64::MAX), map.remove(u64::MAX)), (None, None));
        assert_eq!(map.len, 2);
        assert_eq!(map.remove(5), Some(51));
        assert_eq!(map.remove(5), None);
        assert_eq!((map.get(0), map.get(5), map.len), (Some(0), None, 1));
    }

    #[test]
    fn many_keys_survive_growth_and_removal() {
        let mut map = U64Map::default();
        // Neighbours and scattered keys, each once.
        let keys: Vec<u64> =
            (0..20_000u64).map(|i| if i % 2 == 0 { i } else { i.wrapping_mul(0x9e37_79b9_7f4a_7c15) }).collect();
        for (i, &k) in keys.iter().enumerate() {
            assert!(map.insert(k, i as u64));
        }
        assert_eq!(map.len, 20_000);
        assert_eq!(map.buckets.len(), 32_768, "at most 3/4 full, a power of two");
        assert_eq!(map.bytes(), 32_768 * 16);
        for (i, &k) in keys.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
            assert_eq!(map.remove(k), Some(i as u64));
        }
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(map.get(k), (i % 3 != 0).then_some(i as u64), "{i}");
        }
        for &k in keys.iter().skip(1).step_by(3) {
            assert!(map.remove(k).is_some());
        }
        for &k in keys.iter().skip(2).step_by(3) {
            assert!(map.remove(k).is_some());
        }
        assert_eq!(map.len, 0);
        assert!(map.buckets.iter().all(|b| *b == (EMPTY, 0)));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;
        use std::collections::BTreeMap;

        /// Keys from a small range, so that they meet and probes cross the table's end; now
        /// and then any key, `u64::MAX` (no key) included.
        fn key() -> impl Strategy<Value = u64> {
            prop_oneof![8 => 0..48u64, 1 => any::<u64>(), 1 => Just(u64::MAX)]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            /// The table holds what a BTreeMap given the same insertions and removals holds.
            #[test]
            fn agrees_with_a_btree_map(ops in prop::collection::vec((key(), any::<u64>(), any::<bool>()), 0..200)) {
                let mut map = U64Map::default();
                let mut oracle = BTreeMap::<u64, u64>::new();
                for (k, v, remove) in ops {
                    if remove {
                        prop_assert_eq!(map.remove(k), oracle.remove(&k));
                    } else if k == u64::MAX {
                        prop_assert!(!map.insert(k, v));
                    } else {
                        prop_assert_eq!(map.insert(k, v), oracle.insert(k, v).is_none());
                    }
                    prop_assert_eq!(map.len, oracle.len());
                    for k in (0..48).chain(oracle.keys().copied()).chain([u64::MAX]) {
                        prop_assert_eq!(map.get(k), oracle.get(&k).copied());
                    }
                }
            }
        }
    }
}
