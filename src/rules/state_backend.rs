//! Which state backend a configuration selects (FM501, FM502).

use crate::config::Span;
use crate::rule_contract::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Backend {
    /// `hashmap` (and its pre-1.13 names `jobmanager`, `filesystem`): state on the JVM heap.
    HashMap,
    /// `rocksdb`: state in embedded `RocksDB`, native memory.
    RocksDb,
}

/// The configured state backend and where its key is written. `state.backend.type` from 1.17,
/// `state.backend` before (and as its deprecated key after); a factory class name counts by
/// what it names.
pub(super) fn backend(cx: &Context<'_>) -> Option<(Backend, Span)> {
    let read = cx
        .config
        .resolve("state.backend.type")
        .or_else(|| cx.config.resolve("state.backend"))?;
    let value = read.entry.value.text.to_lowercase();
    let backend = if value.contains("rocksdb") {
        Backend::RocksDb
    } else if ["hashmap", "jobmanager", "filesystem"].contains(&value.as_str())
        || value.contains("hashmapstatebackend")
    {
        Backend::HashMap
    } else {
        return None;
    };
    Some((backend, Context::key_span(read.entry)))
}
