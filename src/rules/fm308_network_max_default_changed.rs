//! FM308 `network-max-default-changed`: the 1g network max (default up to 1.16, unbounded from
//! 1.17) changes this configuration's budget.

use super::budget_support::human;
use super::{Category, RuleMeta};
use crate::calc::Provenance;
use crate::rule_contract::{Context, Finding, Severity};
use crate::units::MemorySize;
use crate::version::FlinkVersion;

pub static META: RuleMeta = RuleMeta {
    code: "FM308",
    name: "network-max-default-changed",
    category: Category::Memory,
    severity: Severity::Info,
    since: "0.1.0",
    doc: include_str!("../../rules/FM308.md"),
};

const MAX: &str = "taskmanager.memory.network.max";
const ONE_GIB: MemorySize = MemorySize::from_bytes(1 << 30);

/// `TaskManagerOptions.NETWORK_MEMORY_MAX`: 1g up to 1.16, `Long.MAX_VALUE` bytes from 1.17
/// (FLINK-30472).
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Ok(tm) = cx.taskmanager() else {
        return;
    };
    let network = &tm.network;
    let old_default = cx.version() < FlinkVersion::V1_17;
    let max_span = cx.option_key_span(MAX);
    let process_span = cx
        .option_key_span("taskmanager.memory.process.size")
        .or_else(|| cx.option_key_span("taskmanager.memory.flink.size"));
    let (span, message, help) = match (&network.provenance, max_span) {
        // Up to 1.16 the default max caps a large TaskManager.
        (Provenance::ClampedToMax { derived, .. }, None) if old_default => (
            process_span,
            format!(
                "the network memory is capped at {}, the default max up to Flink 1.16; the \
                 fraction gives {}, which Flink 1.17 and later use (the difference comes out of \
                 the task heap)",
                human(network.bytes),
                human(*derived)
            ),
            format!(
                "set `{MAX}` explicitly (1g to keep today's budget) before upgrading to 1.17 or later"
            ),
        ),
        // From 1.17 the same file gets more network memory than it did up to 1.16.
        (Provenance::Fraction { .. }, None) if !old_default && network.bytes > ONE_GIB => (
            process_span,
            format!(
                "the network memory is {}; up to Flink 1.16 the default max capped it at 1g, so \
                 this TaskManager's task heap is {} smaller than before",
                human(network.bytes),
                human(MemorySize::from_bytes(network.bytes.bytes() - ONE_GIB.bytes()))
            ),
            format!("set `{MAX}: 1g` to keep the budget of Flink 1.16, or leave it to use the new default"),
        ),
        // A `network.max: 1g` copied from old advice caps a large TaskManager.
        (Provenance::ClampedToMax { derived, .. }, Some(span))
            if !old_default && network.bytes == ONE_GIB =>
        (
            Some(span),
            format!(
                "`{MAX}: 1g` caps the network memory at 1g, below the {} the fraction gives; 1g \
                 was the default up to Flink 1.16 and is often copied from old advice",
                human(*derived)
            ),
            "delete it to let the network grow with the TaskManager (unbounded by default since \
             1.17), or keep it if the cap is intended"
                .to_owned(),
        ),
        _ => return,
    };
    let Some(span) = span else {
        return;
    };
    out.push(
        Finding::new(&META, span, message)
            .primary(format!("network memory {}", human(network.bytes)))
            .help(help)
            .key(MAX),
    );
}
