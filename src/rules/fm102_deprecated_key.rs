//! FM102 `deprecated-key`: a deprecated spelling of an option.

use super::{Category, RuleMeta};
use crate::catalog::KeyKind;
use crate::lint::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM102",
    name: "deprecated-key",
    category: Category::Keys,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM102.md"),
};

/// Flink still reads a deprecated key (`ConfigOption.withDeprecatedKeys`) when the option's own
/// key is absent, logging a warning; deprecated keys are the ones the next major release drops.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries() {
        let KeyKind::Alternative {
            option,
            deprecated: true,
        } = cx.catalog().classify(&entry.key)
        else {
            continue;
        };
        if !option.is_cluster_option() || cx.is_indented_legacy_entry(entry) {
            continue;
        }
        let value = Context::shown(&entry.key, &entry.value.text);
        let all = cx.catalog().replacements(&entry.key);
        let recommended = cx
            .catalog()
            .recommended_replacement(&entry.key)
            .unwrap_or(option);
        let message = if all.len() > 1 {
            let names: Vec<String> = all.iter().map(|o| format!("`{}`", o.key)).collect();
            format!(
                "`{}` is deprecated in Flink {}: it stands for {}",
                entry.key,
                cx.version(),
                join_and(&names)
            )
        } else {
            format!(
                "`{}` is deprecated in Flink {}: its replacement is `{}`",
                entry.key,
                cx.version(),
                recommended.key
            )
        };
        let help = if all.len() > 1 {
            format!(
                "rename it: `{}: {value}` (the other options fall back to it)",
                recommended.key
            )
        } else {
            format!("rename it: `{}: {value}`", recommended.key)
        };
        out.push(
            Finding::new(&META, Context::key_span(entry), message)
                .primary("deprecated key")
                .help(help)
                .key(&entry.key),
        );
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
