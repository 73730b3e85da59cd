//! The short sentences every format shares: network buffers, the `JobManager`'s direct memory
//! limit, and what Flink logs while deriving (legacy keys, ignored fractions, a small heap).

use super::provenance::{Context, describe};
use crate::calc::{JobManagerBudget, Note, TaskManagerBudget};

/// Network buffers in total and per slot, and where the segment size came from.
pub fn buffers(budget: &TaskManagerBudget, context: &Context<'_>) -> String {
    let Some(segments) = &budget.segments else {
        return "none: the segment size is unusable".to_owned();
    };
    let slots = budget.slots;
    let per_slot = u64::try_from(slots)
        .ok()
        .and_then(|s| segments.network_buffers.checked_div(s))
        .map_or_else(
            || "no per-slot share".to_owned(),
            |n| {
                let plural = if slots == 1 { "" } else { "s" };
                format!("{n} per slot ({slots} slot{plural})")
            },
        );
    format!(
        "{} of {} bytes, {per_slot}; segment size {}",
        segments.network_buffers,
        segments.segment_size.bytes.bytes(),
        describe(&segments.segment_size.provenance, context)
    )
}

/// Network buffers per slot, when the slot count is positive.
pub fn buffers_per_slot(budget: &TaskManagerBudget) -> Option<u64> {
    let slots = u64::try_from(budget.slots).ok()?;
    budget.segments.as_ref()?.network_buffers.checked_div(slots)
}

/// The `JobManager`'s `-XX:MaxDirectMemorySize`, or why there is none.
pub fn direct_limit(budget: &JobManagerBudget) -> String {
    match &budget.jvm_direct {
        Some(direct) => format!(
            "{} (the off-heap size; jobmanager.memory.enable-jvm-direct-memory-limit is true)",
            direct.bytes.to_human_readable()
        ),
        None => "none (jobmanager.memory.enable-jvm-direct-memory-limit is false)".to_owned(),
    }
}

/// What Flink logs while deriving, in words.
pub fn budget_notes(notes: &[Note]) -> Vec<String> {
    notes
        .iter()
        .map(|note| match note {
            Note::LegacyHeapMapped { legacy_key, target } => format!(
                "the legacy key {legacy_key} is read as {target} (Flink 2.0 and later ignore it)"
            ),
            Note::LegacyNetworkBuffers => "network memory comes from the legacy taskmanager.network.numberOfBuffers (Flink 2.0 and later ignore it)".to_owned(),
            Note::FractionIgnored { key, derived } => format!(
                "{key} is set but unused: the size is what remains, {}",
                derived.to_human_readable()
            ),
            Note::JmOffHeapDerived { derived } => format!(
                "off-heap memory is total Flink memory minus the heap, {}; the off-heap default is not used",
                derived.to_human_readable()
            ),
            Note::JmHeapBelowMinimum { heap } => format!(
                "the JVM heap {} is below the recommended minimum of 128.000mb (134217728 bytes)",
                heap.to_human_readable()
            ),
            Note::ExternalResourceIgnored { name } => format!(
                "external resource {name} has no positive amount and is ignored"
            ),
        })
        .collect()
}
