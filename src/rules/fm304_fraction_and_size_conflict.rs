//! FM304 `fraction-and-size-conflict`: a fraction that a size makes meaningless.

use super::budget_support::human;
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM304",
    name: "fraction-and-size-conflict",
    category: Category::Memory,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM304.md"),
};

/// A size fixed by a `.size` option, or by `.min` equal to `.max`, and the fraction that would
/// otherwise size it (`TaskExecutorFlinkMemoryUtils`, `ProcessMemoryUtils`): Flink uses the
/// size and never reads the fraction.
const PAIRS: &[(&str, &str)] = &[
    ("taskmanager.memory.managed.", "managed memory"),
    ("taskmanager.memory.network.", "network memory"),
    ("taskmanager.memory.jvm-overhead.", "JVM overhead"),
    ("jobmanager.memory.jvm-overhead.", "JVM overhead"),
];

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (prefix, what) in PAIRS {
        let fraction_key = format!("{prefix}fraction");
        let Some(fraction_span) = cx.option_key_span(&fraction_key) else {
            continue;
        };
        let fixed = if *prefix == "taskmanager.memory.managed." {
            let size_key = format!("{prefix}size");
            cx.option_key_span(&size_key).map(|span| {
                let shown = cx
                    .memory_size(&size_key)
                    .map_or_else(String::new, |(size, _)| format!(" ({})", human(size)));
                (
                    vec![(span, format!("sets the size{shown}"))],
                    format!("`{size_key}`{shown} is set"),
                )
            })
        } else {
            let (min_key, max_key) = (format!("{prefix}min"), format!("{prefix}max"));
            match (cx.memory_size(&min_key), cx.memory_size(&max_key)) {
                (Some((min, Some(min_span))), Some((max, Some(max_span)))) if min == max => Some((
                    vec![(min_span, "min".to_owned()), (max_span, "max".to_owned())],
                    format!("`{min_key}` and `{max_key}` pin it to {}", human(min)),
                )),
                _ => None,
            }
        };
        let Some((labels, why)) = fixed else {
            continue;
        };
        let mut finding = Finding::new(
            &META,
            fraction_span,
            format!("`{fraction_key}` has no effect: {why}, so Flink never uses the fraction"),
        )
        .primary("ignored")
        .help(format!(
            "delete `{fraction_key}`, or size the {what} by the fraction alone and drop the size"
        ))
        .key(&fraction_key);
        for (span, text) in labels {
            finding = finding.label(span, text);
        }
        out.push(finding);
    }
}
