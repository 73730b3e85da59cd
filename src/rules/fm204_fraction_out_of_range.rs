//! FM204 `fraction-out-of-range`: a memory fraction outside `[0, 1)`.

use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM204",
    name: "fraction-out-of-range",
    category: Category::Values,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM204.md"),
};

/// The fractions of the memory model; Flink's `RangeFraction` refuses anything outside
/// `0 <= f < 1` (NaN included) when it derives the budget.
const FRACTIONS: &[&str] = &[
    "taskmanager.memory.managed.fraction",
    "taskmanager.memory.network.fraction",
    "taskmanager.memory.jvm-overhead.fraction",
    "jobmanager.memory.jvm-overhead.fraction",
];

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries() {
        let Some(option) = cx.read_option(entry) else {
            continue;
        };
        if !FRACTIONS.contains(&option.key.as_ref()) {
            continue;
        }
        // An unparsable fraction is FM203's.
        let Ok(fraction) = entry.value.to_float() else {
            continue;
        };
        if (0.0..1.0).contains(&fraction) {
            continue;
        }
        let default = option.default.as_deref().unwrap_or("0.1");
        out.push(
            Finding::new(
                &META,
                Context::value_span(entry),
                format!(
                    "`{}` is {}: Flink requires a fraction from 0 (inclusive) to 1 (exclusive) \
                     and refuses to start",
                    entry.key,
                    entry.value.java_string()
                ),
            )
            .primary("out of range")
            .help(format!(
                "use a value below 1, e.g. the default {default}; to give a component a fixed \
                 size, set its size (or min and max) instead"
            ))
            .key(&entry.key),
        );
    }
}
