//! FM104 `key-overridden-by-alias`: an option set under two of its keys; one of them loses.

use super::{Category, RuleMeta};
use crate::catalog::KeyKind;
use crate::lint::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM104",
    name: "key-overridden-by-alias",
    category: Category::Keys,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM104.md"),
};

/// Flink reads an option's own key first, then its fallback and deprecated keys in declaration
/// order (`Configuration.getRawValueFromOption`); every later one set is ignored.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries().iter().filter(|e| cx.config.is_winner(e)) {
        let KeyKind::Alternative { option, .. } = cx.catalog().classify(&entry.key) else {
            continue;
        };
        let Some(used) = cx.config.resolve_option(option) else {
            continue;
        };
        if used.entry.key == entry.key || !option.is_cluster_option() {
            continue;
        }
        let ignored_value = Context::shown(&entry.key, &entry.value.text);
        let used_value = Context::shown(&used.entry.key, &used.entry.value.text);
        out.push(
            Finding::new(
                &META,
                Context::key_span(entry),
                format!(
                    "`{}` ({ignored_value}) is ignored: `{}` ({used_value}) sets the same option \
                     and Flink uses it",
                    entry.key, used.entry.key
                ),
            )
            .primary("ignored")
            .label(Context::key_span(used.entry), "Flink uses this one")
            .help(if used.entry.key == option.key {
                format!("delete `{}`", entry.key)
            } else {
                format!(
                    "delete `{}`, and rename `{}` to `{}`",
                    entry.key, used.entry.key, option.key
                )
            })
            .key(&entry.key),
        );
    }
}
