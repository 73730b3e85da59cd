//! Duplicate keys across the flattened file: where each flattened key was last set, and the keys
//! written twice in one mapping, which Flink refuses.

use std::collections::{HashMap, HashSet};

use crate::config::source::Span;

#[derive(Debug, Default)]
pub(super) struct Duplicates {
    /// Where each flattened key was last set.
    seen: HashMap<String, Span>,
    /// Keys written twice in one mapping (Flink refuses the file): later entries at or under
    /// them are not reported again as flattening duplicates.
    fatal: HashSet<String>,
}

impl Duplicates {
    /// Records a key written twice in one mapping (already reported as a fatal duplicate).
    pub(super) fn written_twice(&mut self, key: String) {
        self.fatal.insert(key);
    }

    /// Records that `key` is set at `span`, and returns where it was set before, unless the key
    /// is at or under one written twice in one mapping.
    pub(super) fn set(&mut self, key: &str, span: Span) -> Option<Span> {
        // The key itself or any dotted prefix of it (`a.b` for `a.b.c`).
        let already_fatal = !self.fatal.is_empty()
            && (self.fatal.contains(key)
                || key
                    .match_indices('.')
                    .any(|(at, _)| self.fatal.contains(&key[..at])));
        let first = self.seen.insert(key.to_owned(), span)?;
        (!already_fatal).then_some(first)
    }
}
