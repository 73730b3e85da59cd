//! FM307 `undersized-bounds`: network memory too small for one all-to-all exchange, or a JVM
//! overhead min or metaspace below Flink's defaults.

use super::budget_support::{human, option_key, process_size_key};
use super::{Category, RuleMeta};
use crate::calc::{Process, TaskManagerBudget};
use crate::config::Span;
use crate::rule_contract::{Context, Finding, Severity};
use crate::units::MemorySize;

pub static META: RuleMeta = RuleMeta {
    code: "FM307",
    name: "undersized-bounds",
    category: Category::Memory,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM307.md"),
};

const BUFFERS_PER_CHANNEL: &str = "taskmanager.network.memory.buffers-per-channel";

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    // With a job described, FM404 counts its exact requirement instead.
    if cx.job.is_none()
        && let Ok(tm) = cx.taskmanager()
    {
        network(cx, out, tm);
    }
    for (key, what) in [
        (
            "taskmanager.memory.jvm-overhead.min",
            "native memory of the JVM (thread stacks, GC, code cache)",
        ),
        (
            "jobmanager.memory.jvm-overhead.min",
            "native memory of the JVM (thread stacks, GC, code cache)",
        ),
        ("taskmanager.memory.jvm-metaspace.size", "class metadata"),
        ("jobmanager.memory.jvm-metaspace.size", "class metadata"),
    ] {
        below_default(cx, out, key, what);
    }
}

/// Required buffers of one all-to-all exchange on one `TaskManager` (`NettyShuffleUtils`,
/// `InputGateSpecUtils`): each of its `slots` producers needs `parallelism + 1` for its
/// result partition; each consumer's gate needs 1 floating buffer plus `per_channel`
/// exclusive buffers per remote channel (channels to producers on other `TaskManager`s).
fn required(slots: u64, parallelism: u64, per_channel: u64) -> (u64, String) {
    let remote = parallelism.saturating_sub(slots);
    let output = slots * (parallelism + 1);
    let input = slots * (1 + per_channel * remote);
    (
        output + input,
        format!(
            "{slots} × {} for the outputs + {slots} × (1 + {per_channel} × {remote} remote \
             channels) for the inputs",
            parallelism + 1
        ),
    )
}

fn network(cx: &Context<'_>, out: &mut Vec<Finding>, tm: &TaskManagerBudget) {
    let Some(segments) = &tm.segments else {
        return;
    };
    let slots = u64::try_from(tm.slots.max(1)).unwrap_or(1);
    let (parallelism, exchanges, scope) = (
        slots,
        1u64,
        format!("one all-to-all exchange among its {slots} slots"),
    );
    // Fixed at 2 in 2.x; read in 1.x (FM402 reports low values).
    let per_channel = if cx.version().is_2x() {
        2
    } else {
        cx.config
            .resolve(BUFFERS_PER_CHANNEL)
            .and_then(|r| r.entry.value.to_int().ok())
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or(2)
    };
    let (per_exchange, formula) = required(slots, parallelism, per_channel);
    let needed = per_exchange.saturating_mul(exchanges);
    let available = segments.network_buffers;
    if needed <= available {
        return;
    }
    let segment = segments.segment_size.bytes.bytes();
    let needed_bytes = MemorySize::from_bytes(needed.saturating_mul(segment));
    let deciding = option_key(&tm.network)
        .and_then(|k| cx.option_key_span(k).map(|span| (k.to_owned(), span)));
    let primary = deciding
        .as_ref()
        .map(|(_, span)| *span)
        .or_else(|| cx.option_key_span(process_size_key(Process::TaskManager)))
        .unwrap_or(Span::new(0, 0));
    let times = if exchanges > 1 {
        format!("{exchanges} × ({formula})")
    } else {
        formula
    };
    out.push(
        Finding::new(
            &META,
            primary,
            format!(
                "a TaskManager gets {available} network buffers ({} of {} each), but {scope} \
                 {} {needed}: {times}",
                human(tm.network.bytes),
                human(segments.segment_size.bytes),
                if exchanges > 1 { "need" } else { "needs" }
            ),
        )
        .primary(match deciding {
            Some((key, _)) => format!("`{key}` decides the network size"),
            None => "the network size follows from this".to_owned(),
        })
        .help(format!(
            "give the network at least {}: raise `taskmanager.memory.network.min` (and `.max`), \
             or run fewer slots per TaskManager; otherwise tasks fail with \"Insufficient \
             number of network buffers\"",
            human(needed_bytes)
        ))
        .key("taskmanager.memory.network.min"),
    );
}

/// A configured size below the version's default.
fn below_default(cx: &Context<'_>, out: &mut Vec<Finding>, key: &str, what: &str) {
    let Some((size, Some(span))) = cx.memory_size(key) else {
        return;
    };
    let Some(default) = cx
        .config
        .default_text(key)
        .and_then(|d| MemorySize::parse(d).ok())
    else {
        return;
    };
    if size >= default {
        return;
    }
    out.push(
        Finding::new(
            &META,
            span,
            format!(
                "`{key}` is {}, below Flink's default {}: the {what} it bounds is easily \
                 exhausted",
                human(size),
                human(default)
            ),
        )
        .primary("below the default")
        .help(format!(
            "delete it to get {}, or keep it only if measurements show the smaller size is enough",
            human(default)
        ))
        .key(key),
    );
}

#[cfg(test)]
mod tests {
    use super::required;

    #[test]
    fn required_buffers_follow_the_network_spec_examples() {
        // flink-network-buffers.md, example C per TaskManager: 8 slots, p = 128, one keyBy
        // exchange: 8 × 129 + 8 × 241 = 2960.
        assert_eq!(required(8, 128, 2).0, 2960);
        // All channels local (p = slots): outputs and one floating buffer per gate.
        assert_eq!(required(4, 4, 2).0, 24);
    }
}
