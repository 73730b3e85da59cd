//! FM303 `redundant-memory-totals`: total process memory set together with total Flink memory or
//! the fine-grained sizes.

use super::budget_support::prefix;
use super::fix_support;
use super::{Category, RuleMeta};
use crate::calc::Process;
use crate::rule_contract::Fix;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM303",
    name: "redundant-memory-totals",
    category: Category::Memory,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM303.md"),
};

/// When the fine-grained sizes or total Flink memory decide the budget
/// (`ProcessMemoryUtils.memoryProcessSpecFromConfig`), total process memory only cross-checks
/// it: JVM overhead becomes the remainder and must fit its range, so changing any one number
/// fails the start.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for process in [Process::TaskManager, Process::JobManager] {
        let p = prefix(process);
        let key = |suffix: &str| format!("{p}{suffix}");
        let Some(process_span) = cx.option_key_span(&key("process.size")) else {
            continue;
        };
        let fine_grained: &[&str] = match process {
            Process::TaskManager => &["task.heap.size", "managed.size"],
            Process::JobManager => &["heap.size"],
        };
        let others: Vec<String> = if cx.config.is_set(&key("flink.size")) {
            vec![key("flink.size")]
        } else if fine_grained.iter().all(|k| cx.config.is_set(&key(k))) {
            fine_grained.iter().map(|k| key(k)).collect()
        } else {
            continue;
        };
        let Some(first) = others.first().and_then(|k| cx.option_key_span(k)) else {
            continue;
        };
        let listed = others
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let mut finding = Finding::new(
            &META,
            process_span,
            format!(
                "`{}` is set together with {listed}: Flink sizes the {process} from {listed} and \
                 only checks the total against them",
                key("process.size")
            ),
        )
        .primary("cross-check only")
        .help(format!(
            "keep one way of sizing: only `{}` (Flink derives the rest), or only {listed}",
            key("process.size")
        ))
        .key(key("process.size"))
        .label(first, "decides the budget");
        for other in others.iter().skip(1) {
            if let Some(span) = cx.option_key_span(other) {
                finding = finding.label(span, "decides the budget");
            }
        }
        // Without the total the budget must come out the same; `lint --fix` checks it.
        let total = cx.config.resolve(&key("process.size")).map(|r| r.entry);
        if let Some(edit) = total.and_then(|entry| fix_support::delete_entry(cx, entry)) {
            finding = finding.fix(Fix::safe(
                format!(
                    "delete `{}` (the budget stays the same)",
                    key("process.size")
                ),
                vec![edit],
            ));
        }
        out.push(finding);
    }
}
