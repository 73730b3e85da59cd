//! FM501 `managed-memory-unused`: managed memory on a streaming setup whose state backend is the
//! heap-based hashmap backend.

use super::budget_support::human;
use super::state_backend::{Backend, backend};
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM501",
    name: "managed-memory-unused",
    category: Category::State,
    severity: Severity::Info,
    since: "0.1.0",
    doc: include_str!("../../rules/FM501.md"),
};

/// Streaming jobs use managed memory for `RocksDB` state and Python workers; with the hashmap
/// backend (state on the JVM heap) and no Python, it stays unused.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some((Backend::HashMap, backend_span)) = backend(cx) else {
        return;
    };
    let streaming = cx
        .config
        .resolve("execution.runtime-mode")
        .is_none_or(|r| r.entry.value.text.eq_ignore_ascii_case("streaming"));
    let python = cx.entries().iter().any(|e| e.key.starts_with("python."));
    if !streaming || python {
        return;
    }
    let Ok(tm) = cx.taskmanager() else {
        return;
    };
    if tm.managed.bytes.bytes() == 0 {
        return;
    }
    let mut finding = Finding::new(
        &META,
        backend_span,
        format!(
            "the hashmap state backend keeps state on the JVM heap, so the {} of managed memory \
             per TaskManager goes unused by streaming jobs",
            human(tm.managed.bytes)
        ),
    )
    .primary("state on the heap")
    .help(
        "set `taskmanager.memory.managed.size: 0` so the memory goes to the task heap, where \
         hashmap state lives (keep it for batch jobs or Python UDFs)",
    )
    .key("taskmanager.memory.managed.size");
    for key in [
        "taskmanager.memory.managed.size",
        "taskmanager.memory.managed.fraction",
    ] {
        if let Some(span) = cx.option_key_span(key) {
            finding = finding.label(span, "managed memory");
        }
    }
    out.push(finding);
}
