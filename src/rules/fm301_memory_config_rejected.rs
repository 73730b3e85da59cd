//! FM301 `memory-config-rejected`: Flink's memory derivation fails for the `TaskManager` or the
//! `JobManager`.

use super::budget_support::{human, option_key, place, sum_text};
use super::{Category, RuleMeta};
use crate::calc::{CalcError, Component, Failure, Process};
use crate::config::Span;
use crate::rule_contract::{Context, Finding, Severity};
use crate::units::MemorySize;

pub static META: RuleMeta = RuleMeta {
    code: "FM301",
    name: "memory-config-rejected",
    category: Category::Memory,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM301.md"),
};

/// Reports what `TaskExecutorProcessUtils` / `JobManagerProcessUtils` throw, with Flink's exact
/// message. Failures other rules explain are left to them: no size at all (FM302), a refused
/// file (FM001, FM004, FM007), an unreadable value (FM201, FM203), a fraction out of range or a
/// min above its max (FM204, FM305).
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let failures = [
        cx.taskmanager().as_ref().err(),
        cx.jobmanager().as_ref().err(),
    ];
    for error in failures.into_iter().flatten() {
        if let Some(finding) = finding(cx, error) {
            out.push(finding);
        }
    }
}

fn finding(cx: &Context<'_>, error: &CalcError) -> Option<Finding> {
    let mut places: Vec<(Span, String)> = Vec::new();
    let mut add = |component: &Component, name: &str| {
        if let Some(span) = place(cx, component) {
            places.push((span, format!("{name}: {}", human(component.bytes))));
        }
    };
    let (primary, help) = match &*error.failure {
        Failure::Exceeds {
            addends,
            limit,
            exact,
        } => {
            for addend in addends {
                add(&addend.component, addend.name);
            }
            let (sum, text) = sum_text(addends);
            let relation = if *exact {
                "but must equal"
            } else {
                "more than"
            };
            let excess = sum.bytes().saturating_sub(limit.component.bytes.bytes());
            let excess = human(MemorySize::from_bytes(excess));
            let fix = match (option_key(&limit.component), *exact) {
                (_, true) => "; set only the total, or only the parts".to_owned(),
                (Some(key), false) => format!(
                    "; raise `{key}` to at least {} or lower the parts by {excess}",
                    human(sum)
                ),
                (None, false) => format!(
                    "; raise `{}` by more than {excess}, or lower the parts",
                    process_key(error.process)
                ),
            };
            let primary = place(cx, &limit.component);
            add(&limit.component, limit.name);
            let total = if addends.len() > 1 {
                format!("{text} = {}", human(sum))
            } else {
                text
            };
            (
                primary,
                format!(
                    "{total}, {relation} {} {}{fix}",
                    limit.name,
                    human(limit.component.bytes)
                ),
            )
        }
        Failure::OutOfRange { derived, min, max } => {
            add(&derived.component, derived.name);
            add(min, "min");
            add(max, "max");
            (
                place(cx, &derived.component),
                format!(
                    "{} comes out at {}, outside [{}, {}]; change the explicitly set sizes so \
                     the remainder fits, or set only the total",
                    derived.name,
                    human(derived.component.bytes),
                    human(min.bytes),
                    human(max.bytes)
                ),
            )
        }
        Failure::LegacyNetworkMismatch {
            derived,
            configured,
        } => {
            add(configured, "legacy network size");
            (
                place(cx, configured),
                format!(
                    "the remainder is {}, the legacy buffer count asks for {}; delete \
                     taskmanager.network.numberOfBuffers and size the network with min/max",
                    human(derived.bytes),
                    human(configured.bytes)
                ),
            )
        }
        Failure::CpuCores { cores, from_slots } => {
            let key = if *from_slots {
                "taskmanager.numberOfTaskSlots"
            } else {
                "taskmanager.cpu.cores"
            };
            (
                cx.option_key_span(key),
                format!("{key} gives {cores} CPU cores; set a positive value"),
            )
        }
        Failure::NegativeLegacyHeap { value, .. } => {
            (value.span, format!("`{}` must not be negative", value.key))
        }
        Failure::Arithmetic { operands, .. } => {
            for operand in operands {
                add(&operand.component, operand.name);
            }
            (
                None,
                "a size is too large to add up (or goes below zero); use realistic sizes"
                    .to_owned(),
            )
        }
        Failure::NotConfigured
        | Failure::FileRejected { .. }
        | Failure::InvalidValue { .. }
        | Failure::FractionRange { .. }
        | Failure::SegmentSize { .. } => return None,
    };
    let primary = primary
        .or_else(|| places.first().map(|(span, _)| *span))
        .or_else(|| cx.option_key_span(process_key(error.process)))
        .unwrap_or(Span::new(0, 0));
    let mut finding = Finding::new(&META, primary, error.message().to_owned())
        .help(help)
        .key(process_key(error.process));
    for (span, text) in places {
        finding = if span == primary && finding.span_label.is_none() {
            finding.primary(text)
        } else {
            finding.label(span, text)
        };
    }
    if finding.span_label.is_none() {
        finding = finding.primary(format!("the {} cannot start", error.process));
    }
    Some(finding)
}

fn process_key(process: Process) -> &'static str {
    super::budget_support::process_size_key(process)
}
