//! Shared by the memory-budget rules (`FM3xx`, `FM5xx`): where a component of the calculator's
//! budget came from in the file, and how its numbers are written in messages.

use crate::calc::{Addend, Component, Process, Provenance};
use crate::config::Span;
use crate::rule_contract::Context;
use crate::units::MemorySize;

/// A size for messages: Flink's exact form for whole units (`512 mb`), else its human-readable
/// form with the byte count (`1.688gb (1811939328 bytes)`).
pub(super) fn human(size: MemorySize) -> String {
    let exact = size.to_string();
    if exact.ends_with(" bytes") && size.bytes() >= 1024 {
        size.to_human_readable()
    } else {
        exact
    }
}

/// The option whose value (or default) a component is, if it is one option's.
pub(super) fn option_key(component: &Component) -> Option<&str> {
    match &component.provenance {
        Provenance::Configured { key, .. }
        | Provenance::Legacy { key, .. }
        | Provenance::Default { key }
        | Provenance::Fraction { key, .. }
        | Provenance::ClampedToMin { key, .. }
        | Provenance::ClampedToMax { key, .. } => Some(key),
        Provenance::Remainder { .. } | Provenance::Sum { .. } => None,
    }
}

/// Where in the file a component's number is written: the value of the option it was read
/// from, or the key of the option (min, max or fraction) that decided it. `None` for defaults
/// and derived numbers.
pub(super) fn place(cx: &Context<'_>, component: &Component) -> Option<Span> {
    match &component.provenance {
        Provenance::Configured { span, .. } | Provenance::Legacy { span, .. } => *span,
        Provenance::Fraction { key, .. }
        | Provenance::ClampedToMin { key, .. }
        | Provenance::ClampedToMax { key, .. } => cx.option_key_span(key),
        Provenance::Default { .. } | Provenance::Remainder { .. } | Provenance::Sum { .. } => None,
    }
}

/// `Framework Heap Memory 128.000mb (134217728 bytes) + ...`, the sum and the addends.
pub(super) fn sum_text(addends: &[Addend]) -> (MemorySize, String) {
    let total = addends
        .iter()
        .fold(0u64, |sum, a| sum.saturating_add(a.component.bytes.bytes()));
    let text = addends
        .iter()
        .map(|a| format!("{} {}", a.name, human(a.component.bytes)))
        .collect::<Vec<_>>()
        .join(" + ");
    (MemorySize::from_bytes(total), text)
}

/// The process-size key of a process (`taskmanager.memory.process.size`).
pub(super) fn process_size_key(process: Process) -> &'static str {
    match process {
        Process::TaskManager => "taskmanager.memory.process.size",
        Process::JobManager => "jobmanager.memory.process.size",
    }
}

/// The key prefix of a process's memory options.
pub(super) fn prefix(process: Process) -> &'static str {
    match process {
        Process::TaskManager => "taskmanager.memory.",
        Process::JobManager => "jobmanager.memory.",
    }
}
