//! Duplicate keys: a key written twice in one mapping, which Flink refuses, and a flattened key
//! set twice across mappings, where the later one wins.
//!
//! Both tables hold indices into the entries already flattened and hash the key text the entry
//! keeps, so a file's keys are stored once, in its entries, however many there are.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;

use crate::config::Entry;
use crate::config::source::Span;

/// Where each flattened key was last set, and the keys written twice in one mapping.
#[derive(Debug, Default)]
pub(super) struct Duplicates {
    /// Per flattened key, the index of the entry that last set it.
    last_set: HashTable<usize>,
    /// Keys written twice in one mapping (Flink refuses the file): later entries at or under
    /// them are not reported again as flattening duplicates.
    fatal: HashSet<String>,
    /// Keyed hashing, so that no file can choose keys that collide.
    hasher: RandomState,
}

impl Duplicates {
    /// Records a key written twice in one mapping (already reported as a fatal duplicate).
    pub(super) fn written_twice(&mut self, key: String) {
        self.fatal.insert(key);
    }

    /// Records that `entries[index]`, the newest entry, sets its key, and returns where the key
    /// was set before, unless the key is at or under one written twice in one mapping.
    pub(super) fn set(&mut self, entries: &[Entry], index: usize) -> Option<Span> {
        let key = entries[index].key.as_str();
        // The key itself or any dotted prefix of it (`a.b` for `a.b.c`).
        let already_fatal = !self.fatal.is_empty()
            && (self.fatal.contains(key)
                || key
                    .match_indices('.')
                    .any(|(at, _)| self.fatal.contains(&key[..at])));
        let hash = self.hasher.hash_one(key);
        let Some(slot) = self.last_set.find_mut(hash, |&i| entries[i].key == key) else {
            let hasher = &self.hasher;
            self.last_set
                .insert_unique(hash, index, |&i| hasher.hash_one(entries[i].key.as_str()));
            return None;
        };
        let first = std::mem::replace(slot, index);
        (!already_fatal)
            .then_some(entries[first].key_span)
            .flatten()
    }
}

/// The keys one mapping has had so far, to find a key written twice in it. A key is known by
/// its text within the mapping (`None` for a null key); every flattened key of the mapping is
/// that text after the mapping's prefix.
#[derive(Debug)]
pub(super) struct MappingKeys {
    /// The length of the mapping's prefix (`a.b.` for the mapping under `a: {b: ...}`).
    prefix_len: usize,
    /// String keys whose value became one entry: that entry's index.
    with_entry: HashTable<usize>,
    /// Every other string key (with a nested mapping or a refused value as its value).
    others: HashMap<String, Span>,
    /// The null key, if the mapping has had one.
    null_key: Option<Span>,
    hasher: RandomState,
}

impl MappingKeys {
    pub(super) fn new(prefix: &str) -> Self {
        Self {
            prefix_len: prefix.len(),
            with_entry: HashTable::new(),
            others: HashMap::new(),
            null_key: None,
            hasher: RandomState::new(),
        }
    }

    /// Where the key `text` (`None`: a null key) was written before in this mapping.
    pub(super) fn earlier(&self, entries: &[Entry], text: Option<&str>) -> Option<Span> {
        let Some(text) = text else {
            return self.null_key;
        };
        let found = self.with_entry.find(self.hasher.hash_one(text), |&i| {
            entries[i].key.get(self.prefix_len..) == Some(text)
        });
        match found {
            Some(&i) => entries[i].key_span,
            None => self.others.get(text).copied(),
        }
    }

    /// Records the key `text` at `span`, whose value became `entries[entry]` when `entry` is
    /// given. The key must not have been recorded before.
    pub(super) fn record(
        &mut self,
        entries: &[Entry],
        text: Option<&str>,
        span: Span,
        entry: Option<usize>,
    ) {
        match (text, entry) {
            (Some(text), Some(index)) => {
                let prefix_len = self.prefix_len;
                let hasher = &self.hasher;
                self.with_entry
                    .insert_unique(hasher.hash_one(text), index, |&i| {
                        hasher.hash_one(&entries[i].key[prefix_len..])
                    });
            }
            (Some(text), None) => {
                self.others.insert(text.to_owned(), span);
            }
            (None, _) => self.null_key = Some(span),
        }
    }
}
