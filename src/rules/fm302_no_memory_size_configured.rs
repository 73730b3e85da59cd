//! FM302 `no-memory-size-configured`: no total or fine-grained memory size for the `TaskManager`
//! or the `JobManager`.

use super::budget_support::process_size_key;
use super::{Category, RuleMeta};
use crate::calc::{Failure, Process};
use crate::config::Span;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM302",
    name: "no-memory-size-configured",
    category: Category::Memory,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM302.md"),
};

/// `ProcessMemoryUtils.memoryProcessSpecFromConfig` needs one of: the fine-grained sizes, total
/// Flink memory or total process memory. None of them has a default.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let failures = [
        cx.taskmanager().as_ref().err(),
        cx.jobmanager().as_ref().err(),
    ];
    for error in failures.into_iter().flatten() {
        if !matches!(*error.failure, Failure::NotConfigured) {
            continue;
        }
        let (key, shipped, fine) = match error.process {
            Process::TaskManager => (
                process_size_key(error.process),
                "1728m",
                "taskmanager.memory.task.heap.size and taskmanager.memory.managed.size",
            ),
            Process::JobManager => (
                process_size_key(error.process),
                "1600m",
                "jobmanager.memory.heap.size",
            ),
        };
        out.push(
            Finding::new(
                &META,
                Span::new(0, 0),
                format!(
                    "no {} memory size is configured: {}",
                    error.process,
                    error.message()
                ),
            )
            .primary(format!("the {} cannot start with this file", error.process))
            .help(format!(
                "set `{key}` (the container or process size; Flink's own file ships {shipped}), \
                 or the total Flink memory, or {fine}"
            ))
            .key(key),
        );
    }
}
