//! FM305 `min-above-max`: network or JVM overhead min greater than its max.

use super::budget_support::human;
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM305",
    name: "min-above-max",
    category: Category::Memory,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM305.md"),
};

/// `ProcessMemoryUtils.getRangeFraction` refuses min > max ("min value must be less or equal to
/// max value"); the other bound may be the version's default (network max is 1g up to 1.16).
const RANGES: &[&str] = &[
    "taskmanager.memory.network.",
    "taskmanager.memory.jvm-overhead.",
    "jobmanager.memory.jvm-overhead.",
];

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for prefix in RANGES {
        let (min_key, max_key) = (format!("{prefix}min"), format!("{prefix}max"));
        let (Some((min, min_span)), Some((max, max_span))) =
            (cx.memory_size(&min_key), cx.memory_size(&max_key))
        else {
            continue;
        };
        if min <= max {
            continue;
        }
        let (primary, other) = match (min_span, max_span) {
            (Some(min_span), other) => (min_span, other),
            (None, Some(max_span)) => (max_span, None),
            (None, None) => continue,
        };
        let default_note = if max_span.is_none() {
            format!(" (the default of Flink {})", cx.version())
        } else if min_span.is_none() {
            format!(" (the min's default in Flink {})", cx.version())
        } else {
            String::new()
        };
        let mut finding = Finding::new(
            &META,
            primary,
            format!(
                "`{min_key}` is {}, above `{max_key}` {}{default_note}: Flink refuses to start",
                human(min),
                human(max)
            ),
        )
        .primary(if min_span.is_some() { "min" } else { "max" })
        .help(format!(
            "raise `{max_key}` to at least {} or lower the min; set both to the same size to pin \
             it",
            human(min)
        ))
        .key(if min_span.is_some() {
            &min_key
        } else {
            &max_key
        });
        if let Some(span) = other {
            finding = finding.label(span, "max");
        }
        out.push(finding);
    }
}
