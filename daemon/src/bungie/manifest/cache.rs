//! A bounded cache of hot definitions: two generations of maps, so memory stays under twice the
//! generation size and whatever was used recently survives a turnover.

use std::collections::HashMap;
use std::hash::Hash;

/// A bounded map that forgets the least recently promoted half when it fills.
///
/// New entries go into the young generation. When it reaches its size it becomes the old
/// generation and the previous old one is dropped. A hit in the old generation moves the entry
/// back into the young one, so definitions in steady use are never evicted.
#[derive(Debug)]
pub(crate) struct HotCache<K, V> {
    /// Entries inserted or used since the last turnover.
    young: HashMap<K, V>,
    /// Entries from the generation before.
    old: HashMap<K, V>,
    /// How many entries one generation holds before it turns over.
    generation: usize,
}

impl<K: Eq + Hash, V: Clone> HotCache<K, V> {
    /// A cache that holds at most `capacity` entries (at least 2).
    pub(crate) fn new(capacity: usize) -> Self {
        let generation = (capacity / 2).max(1);
        HotCache {
            young: HashMap::new(),
            old: HashMap::new(),
            generation,
        }
    }

    /// The cached value for `key`, promoting it if it was in the old generation.
    pub(crate) fn get(&mut self, key: &K) -> Option<V> {
        if let Some(v) = self.young.get(key) {
            return Some(v.clone());
        }
        let (key, value) = self.old.remove_entry(key)?;
        self.insert(key, value.clone());
        Some(value)
    }

    /// Caches `value` under `key`.
    pub(crate) fn insert(&mut self, key: K, value: V) {
        if self.young.len() >= self.generation && !self.young.contains_key(&key) {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(key, value);
    }

    /// How many entries are held now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_holds_more_than_its_capacity() {
        let mut cache = HotCache::new(100);
        for i in 0..10_000u32 {
            cache.insert(i, i * 2);
            assert!(cache.len() <= 100, "{} entries after {i}", cache.len());
        }
        assert_eq!(cache.get(&9_999), Some(19_998));
        assert_eq!(cache.get(&0), None);
    }

    #[test]
    fn an_entry_in_steady_use_survives_many_turnovers() {
        let mut cache = HotCache::new(10);
        cache.insert(u32::MAX, 1);
        for i in 0..1_000u32 {
            cache.insert(i, 0);
            assert_eq!(cache.get(&u32::MAX), Some(1), "evicted after {i} inserts");
        }
    }
}
