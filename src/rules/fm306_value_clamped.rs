//! FM306 `value-clamped`: a fraction-derived size raised to its min or cut to its max.

use super::budget_support::{human, process_size_key};
use super::{Category, RuleMeta};
use crate::calc::{Component, Process, Provenance};
use crate::config::Span;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM306",
    name: "value-clamped",
    category: Category::Memory,
    severity: Severity::Info,
    since: "0.1.0",
    doc: include_str!("../../rules/FM306.md"),
};

/// `ProcessMemoryUtils.capToMinMax`: what Flink logs at INFO ("the derived from fraction ... is
/// less than its min value ..., min value will be used instead") when it derives the budget.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Ok(tm) = cx.taskmanager() {
        report(cx, out, Process::TaskManager, &tm.network, "network memory");
        report(
            cx,
            out,
            Process::TaskManager,
            &tm.jvm_overhead,
            "JVM overhead",
        );
    }
    if let Ok(jm) = cx.jobmanager() {
        report(
            cx,
            out,
            Process::JobManager,
            &jm.jvm_overhead,
            "JVM overhead",
        );
    }
}

fn report(
    cx: &Context<'_>,
    out: &mut Vec<Finding>,
    process: Process,
    component: &Component,
    what: &str,
) {
    let (key, derived, relation, used) = match &component.provenance {
        Provenance::ClampedToMin { key, derived } => (key, *derived, "below", "raised to"),
        Provenance::ClampedToMax { key, derived } => (key, *derived, "above", "cut to"),
        _ => return,
    };
    let fraction_key = key
        .rsplit_once('.')
        .map(|(prefix, _)| format!("{prefix}.fraction"))
        .unwrap_or_default();
    let bound_span = cx.option_key_span(key);
    let fraction_span = cx.option_key_span(&fraction_key);
    // A clamp among defaults (Flink's shipped configuration clamps the JVM overhead of every
    // small process) is how Flink works, not a finding: `calc` shows it in the provenance.
    // Only a fraction or bound someone wrote can be contradicted by the clamp.
    if bound_span.is_none() && fraction_span.is_none() {
        return;
    }
    let primary = bound_span
        .or(fraction_span)
        .or_else(|| cx.option_key_span(process_size_key(process)))
        .unwrap_or(Span::new(0, 0));
    let bound_text = if bound_span.is_some() {
        format!("`{key}`")
    } else {
        format!("`{key}` (default)")
    };
    let mut finding = Finding::new(
        &META,
        primary,
        format!(
            "the {process}'s {what} from its fraction is {}, {relation} {bound_text}: Flink uses \
             {} instead",
            human(derived),
            human(component.bytes)
        ),
    )
    .primary(format!("{used} {}", human(component.bytes)))
    .help(format!(
        "nothing to fix if {} is intended; to make it explicit, set `{key}` (or the fraction) so \
         that Flink does not need to clamp",
        human(component.bytes)
    ))
    .key(key.clone());
    if let Some(span) = fraction_span.filter(|s| *s != primary) {
        finding = finding.label(span, format!("fraction gives {}", human(derived)));
    }
    out.push(finding);
}
