//! Why Flink rejects a configuration and what to change, from the structured [`Failure`] and
//! the checked [`Remedy`]s: every operand with its provenance, the shortfall, the fix.

use super::provenance::{Context, describe, key_of};
use crate::calc::{Addend, CalcError, Component, Failure, Process, Provenance, SegmentProblem};
use crate::config::sensitive::{MASK, is_sensitive};
use crate::sizing::{Rejection, Remedy};
use crate::units::MemorySize;

/// Flink's exception as it would print it: the message, then each cause. A sensitive value
/// Flink quotes is masked.
pub fn flink_message(error: &CalcError) -> Vec<String> {
    let secret = match &*error.failure {
        Failure::InvalidValue { value, .. }
            if !value.raw.is_empty()
                && (is_sensitive(&value.key) || value.via.as_deref().is_some_and(is_sensitive)) =>
        {
            Some(value.raw.as_str())
        }
        _ => None,
    };
    let mask = |text: &str| secret.map_or_else(|| text.to_owned(), |s| text.replace(s, MASK));
    let top = error.message();
    let mut lines = vec![mask(top)];
    lines.extend(
        error
            .causes
            .iter()
            .filter(|c| !(top.ends_with(&c.message) && top.len() > c.message.len()))
            .map(|c| format!("caused by: {}", mask(&c.message))),
    );
    lines
}

/// [`flink_message`] for printing: a message that spans lines (snakeyaml's marks do) becomes
/// several lines, without trailing empty ones.
pub fn flink_message_lines(error: &CalcError) -> Vec<String> {
    flink_message(error)
        .iter()
        .flat_map(|m| m.trim_end().lines().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// The explanation of a rejection, as lines: what is wrong with which numbers, then the fixes.
pub fn explain(rejection: &Rejection, context: &Context<'_>) -> Vec<String> {
    let explained = explain_parts(rejection, context);
    let mut lines = explained.reasons;
    lines.extend(remedy_lines(&rejection.remedies));
    lines.extend(explained.advice.map(|advice| {
        if rejection.remedies.is_empty() {
            let unchecked = match &*rejection.error.failure {
                Failure::Exceeds { .. } => "",
                _ => " (no single change that Flink accepts on its own was found)",
            };
            format!("Fix: {advice}{unchecked}")
        } else {
            format!("Or:  {advice}")
        }
    }));
    lines
}

/// A rejection explained, without its checked remedies.
#[derive(Debug, Clone)]
pub struct Explained {
    /// What is wrong, with every operand and where it came from.
    pub reasons: Vec<String>,
    /// Unchecked advice that adds to the remedies (e.g. "lower the components by ..."), when
    /// there is any.
    pub advice: Option<String>,
}

/// What is wrong with which numbers, and the advice the checked remedies do not cover.
pub fn explain_parts(rejection: &Rejection, context: &Context<'_>) -> Explained {
    let error = &rejection.error;
    let mut alternative = None;
    let mut lines = match &*error.failure {
        Failure::Exceeds {
            addends,
            limit,
            exact,
        } => {
            let (lines, lower) = exceeds(error.process, addends, limit, *exact, context);
            alternative = lower;
            lines
        }
        Failure::OutOfRange { derived, min, max } => {
            alternative = Some(range_hint(derived, min, max));
            out_of_range(derived, min, max, context)
        }
        Failure::FractionRange {
            key,
            fraction,
            min,
            max,
            min_above_max,
        } => {
            alternative = Some(if *min_above_max {
                let name = |c: &Component| key_of(&c.provenance).unwrap_or("the min").to_owned();
                format!("make {} at most {}", name(min), name(max))
            } else {
                format!("set {key} to a number from 0 up to (not including) 1")
            });
            fraction_range(key, *fraction, min, max, *min_above_max, context)
        }
        Failure::NotConfigured => not_configured(error.process),
        Failure::InvalidValue { value, reason } => {
            let secret = is_sensitive(&value.key) || value.via.as_deref().is_some_and(is_sensitive);
            let shown = if secret { MASK } else { &value.raw };
            let reason = if secret && !value.raw.is_empty() {
                reason.replace(&value.raw, MASK)
            } else {
                reason.clone()
            };
            let written = context.written(&value.origin, value.span);
            let name = value
                .via
                .as_ref()
                .map_or_else(|| value.key.clone(), |via| format!("{via} (for {})", value.key));
            let mut lines = vec![format!(
                "{name} is '{shown}' {written}, which Flink cannot read: {reason}"
            )];
            lines.push(value_hint(&value.key).to_owned());
            lines
        }
        Failure::FileRejected { reason, span } => {
            let at = context
                .file_location(*span)
                .map(|(path, line, column)| format!(" at {path}:{line}:{column}"))
                .unwrap_or_default();
            vec![
                format!("Flink refuses to load the whole file{at}: {reason}"),
                "Fix the YAML; until then neither process starts.".to_owned(),
            ]
        }
        Failure::LegacyNetworkMismatch {
            derived,
            configured,
        } => vec![
            format!(
                "network memory is what total Flink memory leaves: {} ({})",
                human(derived.bytes),
                describe(&derived.provenance, context)
            ),
            format!(
                "but taskmanager.network.numberOfBuffers × segment size is {} ({}), and the two must be equal",
                human(configured.bytes),
                describe(&configured.provenance, context)
            ),
            "Fix: remove taskmanager.network.numberOfBuffers (Flink 2.0 ignores it) and size network memory with taskmanager.memory.network.min and taskmanager.memory.network.max".to_owned(),
        ],
        Failure::CpuCores { cores, from_slots } => {
            let source = if *from_slots {
                "taskmanager.numberOfTaskSlots (used as the CPU cores because taskmanager.cpu.cores is not set)"
            } else {
                "taskmanager.cpu.cores"
            };
            vec![format!("{source} is {cores}; the TaskManager needs a positive number of CPU cores")]
        }
        Failure::NegativeLegacyHeap { value, mebibytes } => vec![format!(
            "the legacy key {} is {mebibytes} MB {}; it must not be negative",
            value.key,
            context.written(&value.origin, value.span)
        )],
        Failure::SegmentSize { bytes, problem } => vec![segment_problem(*bytes, *problem)],
        Failure::Arithmetic { error, operands } => {
            let mut lines = vec![format!(
                "the sizes do not fit Java's 64-bit byte count ({error})"
            )];
            lines.extend(addend_table(operands, context));
            lines
        }
    };
    lines.extend(legacy_heap_lines(error.process, context));
    // Prose advice is printed only when it adds to the checked remedies: always for the
    // "lower the components" alternative, and for a range only when no single change works.
    let advice = match &*error.failure {
        Failure::OutOfRange { .. } | Failure::FractionRange { .. }
            if !rejection.remedies.is_empty() =>
        {
            None
        }
        _ => alternative,
    };
    Explained {
        reasons: lines,
        advice,
    }
}

/// 1.x reads a legacy heap key as a new option when that option is not set; say so, since the
/// numbers then come from a key the reader may not think of.
fn legacy_heap_lines(process: Process, context: &Context<'_>) -> Vec<String> {
    let config = context.config;
    if config.version().is_2x() {
        return Vec::new();
    }
    let (keys, target) = match process {
        Process::TaskManager => (
            ["taskmanager.heap.size", "taskmanager.heap.mb"],
            "taskmanager.memory.flink.size",
        ),
        Process::JobManager => (
            ["jobmanager.heap.size", "jobmanager.heap.mb"],
            "jobmanager.memory.heap.size",
        ),
    };
    if config.is_set(target) {
        return Vec::new();
    }
    keys.iter()
        .find_map(|key| config.resolve(key).map(|r| (key, r.entry)))
        .map(|(key, entry)| {
            format!(
                "Note: the legacy key {key} ({}) is read as {target} by Flink {}.",
                context.written(&entry.origin, entry.value_span),
                config.version()
            )
        })
        .into_iter()
        .collect()
}

fn human(size: MemorySize) -> String {
    size.to_human_readable()
}

fn human_bytes(bytes: u128) -> String {
    u64::try_from(bytes)
        .ok()
        .filter(|&b| b <= MemorySize::MAX.bytes())
        .map_or_else(
            || format!("{bytes} bytes"),
            |b| human(MemorySize::from_bytes(b)),
        )
}

fn value_hint(key: &str) -> &'static str {
    if key.ends_with(".fraction") {
        "Write a number from 0 up to (not including) 1, e.g. 0.1."
    } else if key.contains(".memory.") || key.ends_with(".heap.size") {
        "Write a size with a unit, e.g. 1728m: b, k, m, g or t (kb, mb, gb, tb also work; a bare number means bytes)."
    } else {
        "Fix the value."
    }
}

/// Rows `name  size  provenance`, aligned.
fn addend_table(addends: &[Addend], context: &Context<'_>) -> Vec<String> {
    let rows: Vec<[String; 3]> = addends
        .iter()
        .map(|a| {
            [
                a.name.to_owned(),
                human(a.component.bytes),
                describe(&a.component.provenance, context),
            ]
        })
        .collect();
    aligned(&rows)
}

fn aligned(rows: &[[String; 3]]) -> Vec<String> {
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    rows.iter()
        .map(|r| {
            format!("  {:w0$}  {:w1$}  {}", r[0], r[1], r[2])
                .trim_end()
                .to_owned()
        })
        .collect()
}

fn exceeds(
    process: Process,
    addends: &[Addend],
    limit: &Addend,
    exact: bool,
    context: &Context<'_>,
) -> (Vec<String>, Option<String>) {
    let sum: u128 = addends
        .iter()
        .map(|a| u128::from(a.component.bytes.bytes()))
        .sum();
    let limit_bytes = u128::from(limit.component.bytes.bytes());
    let gap = sum.abs_diff(limit_bytes);
    let headline = if exact {
        format!(
            "{} must equal the sum below exactly; they differ by {}:",
            limit.name,
            human_bytes(gap)
        )
    } else {
        match &limit.component.provenance {
            Provenance::Remainder {
                of: "total process memory",
            } => {
                let key = process.total_process_key();
                let value = context.raw_value(key).unwrap_or_default();
                format!(
                    "{key} {value} is too small: after JVM metaspace and overhead it leaves {} of {}, and the components need {} more:",
                    human(limit.component.bytes),
                    limit.name,
                    human_bytes(gap)
                )
            }
            Provenance::Configured { key, .. } => {
                let value = context.raw_value(key).unwrap_or_default();
                format!(
                    "{key} {value} is too small: the components need {} more:",
                    human_bytes(gap)
                )
            }
            _ => format!(
                "{} is {} smaller than the sum of the components:",
                limit.name,
                human_bytes(gap)
            ),
        }
    };
    let mut rows: Vec<[String; 3]> = addends
        .iter()
        .map(|a| {
            [
                a.name.to_owned(),
                human(a.component.bytes),
                describe(&a.component.provenance, context),
            ]
        })
        .collect();
    rows.push(["= sum".to_owned(), human_bytes(sum), String::new()]);
    rows.push([
        limit.name.to_owned(),
        human(limit.component.bytes),
        describe(&limit.component.provenance, context),
    ]);
    let mut lines = vec![headline];
    lines.extend(aligned(&rows));
    let mut adjustable: Vec<&str> = addends
        .iter()
        .filter_map(|a| key_of(&a.component.provenance))
        .collect();
    adjustable.dedup();
    let lower = (!exact && !adjustable.is_empty()).then(|| {
        format!(
            "lower the components by {} in total (through {})",
            human_bytes(gap),
            adjustable.join(", ")
        )
    });
    (lines, lower)
}

fn out_of_range(
    derived: &Addend,
    min: &Component,
    max: &Component,
    context: &Context<'_>,
) -> Vec<String> {
    let value = derived.component.bytes.bytes();
    let (gap, relation) = if value < min.bytes.bytes() {
        (min.bytes.bytes() - value, "below its min")
    } else {
        (value.saturating_sub(max.bytes.bytes()), "above its max")
    };
    let row = |name: &str, c: &Component| {
        [
            name.to_owned(),
            human(c.bytes),
            describe(&c.provenance, context),
        ]
    };
    let mut lines = vec![format!(
        "{} is {}, {} {relation}:",
        derived.name,
        human(derived.component.bytes),
        human_bytes(u128::from(gap))
    )];
    lines.extend(aligned(&[
        row(derived.name, &derived.component),
        row("min", min),
        row("max", max),
    ]));
    lines
}

/// The unchecked advice for a remainder outside its range.
fn range_hint(derived: &Addend, min: &Component, max: &Component) -> String {
    let value = derived.component.bytes;
    if value < min.bytes {
        let key = key_of(&min.provenance).unwrap_or("its min");
        format!(
            "lower {key} to at most {}m, or grow the total that {} is the remainder of",
            value.mebibytes(),
            derived.name
        )
    } else {
        let key = key_of(&max.provenance).unwrap_or("its max");
        format!(
            "raise {key} to at least {}m, or shrink the total that {} is the remainder of",
            value.bytes().div_ceil(1 << 20),
            derived.name
        )
    }
}

fn fraction_range(
    key: &str,
    fraction: f64,
    min: &Component,
    max: &Component,
    min_above_max: bool,
    context: &Context<'_>,
) -> Vec<String> {
    if min_above_max {
        let name = |c: &Component| key_of(&c.provenance).unwrap_or("the option").to_owned();
        vec![format!(
            "{} is {}, {}, but {} is {}, {}; a min must not exceed its max",
            name(min),
            human(min.bytes),
            source_of(&min.provenance, context),
            name(max),
            human(max.bytes),
            source_of(&max.provenance, context)
        )]
    } else {
        vec![format!(
            "{key} is {}; a fraction must be at least 0 and below 1",
            crate::java::double_to_string(fraction)
        )]
    }
}

/// Where a configured value was written, or the rest of its provenance.
fn source_of(provenance: &Provenance, context: &Context<'_>) -> String {
    match provenance {
        Provenance::Configured { origin, span, .. } | Provenance::Legacy { origin, span, .. } => {
            format!("set {}", context.written(origin, *span))
        }
        Provenance::Default { .. } => "its default".to_owned(),
        other => describe(other, context),
    }
}

fn not_configured(process: Process) -> Vec<String> {
    let fine_grained = match process {
        Process::TaskManager => {
            "both taskmanager.memory.task.heap.size and taskmanager.memory.managed.size"
        }
        Process::JobManager => "jobmanager.memory.heap.size",
    };
    vec![format!(
        "Flink sizes the {process} from {}, or {}, or {fine_grained}; none of them is set",
        process.total_process_key(),
        process.total_flink_key()
    )]
}

fn segment_problem(bytes: u64, problem: SegmentProblem) -> String {
    let why = match problem {
        SegmentProblem::NotAnInt => "it must fit a Java int",
        SegmentProblem::TooSmall => "it must be at least 4096 bytes",
        SegmentProblem::NotPowerOfTwo => "it must be a power of two",
        SegmentProblem::TooManyBuffers => {
            "network memory / segment size must not exceed 2147483647 buffers"
        }
    };
    format!("taskmanager.memory.segment-size is {bytes} bytes; {why} (e.g. the default 32kb)")
}

fn remedy_lines(remedies: &[Remedy]) -> Vec<String> {
    remedies
        .iter()
        .enumerate()
        .map(|(i, remedy)| {
            let lead = if i == 0 { "Fix:" } else { "Or: " };
            match remedy {
                Remedy::Set {
                    key,
                    value,
                    smallest: true,
                } => format!(
                    "{lead} set {key}: {value} (the smallest whole MiB Flink accepts; one MiB less is still rejected)"
                ),
                Remedy::Set { key, value, .. } => {
                    format!("{lead} set {key}: {value} (checked: Flink then accepts)")
                }
                Remedy::Remove { key } => format!(
                    "{lead} remove {key} (checked: Flink then derives it from the other sizes)"
                ),
            }
        })
        .collect()
}
