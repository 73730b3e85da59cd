//! FM502 `rocksdb-without-managed-memory`: `RocksDB` with no managed memory, or with its memory
//! outside Flink's budget.

use super::state_backend::{Backend, backend};
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM502",
    name: "rocksdb-without-managed-memory",
    category: Category::State,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM502.md"),
};

const MEMORY_MANAGED: &str = "state.backend.rocksdb.memory.managed";

/// `RocksDBMemoryConfiguration`: with `memory.managed` (the default) `RocksDB`'s caches and write
/// buffers are bounded by the slot's share of managed memory; without it, every state gets its
/// own, unbounded by Flink.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some((Backend::RocksDb, backend_span)) = backend(cx) else {
        return;
    };
    if let Some(read) = cx.config.resolve(MEMORY_MANAGED)
        && read.entry.value.to_bool() == Ok(false)
    {
        out.push(
            Finding::new(
                &META,
                Context::value_span(read.entry),
                format!(
                    "`{MEMORY_MANAGED}` is false: RocksDB allocates native memory outside \
                     Flink's budget, per state and without a bound"
                ),
            )
            .primary("unbounded native memory")
            .label(backend_span, "RocksDB")
            .help(
                "delete it (true is the default) so RocksDB lives within managed memory; the \
                 container is otherwise killed when RocksDB grows past the JVM overhead",
            )
            .key(MEMORY_MANAGED),
        );
        return;
    }
    let Ok(tm) = cx.taskmanager() else {
        return;
    };
    if tm.managed.bytes.bytes() > 0 {
        return;
    }
    let size_span = cx
        .option_key_span("taskmanager.memory.managed.size")
        .or_else(|| cx.option_key_span("taskmanager.memory.managed.fraction"));
    let mut finding = Finding::new(
        &META,
        size_span.unwrap_or(backend_span),
        "the RocksDB state backend gets no managed memory: Flink bounds RocksDB's caches and \
         write buffers by managed memory, and there is none",
    )
    .primary("managed memory is 0")
    .help(
        "give the TaskManager managed memory (`taskmanager.memory.managed.fraction`, default \
         0.4), or use the hashmap state backend",
    )
    .key("taskmanager.memory.managed.size");
    if size_span.is_some() {
        finding = finding.label(backend_span, "RocksDB");
    }
    out.push(finding);
}
