//! FM104 `key-overridden-by-alias`: an option set under two of its keys; one of them loses.

use super::{Category, RuleMeta};
use crate::catalog::KeyKind;
use crate::rule_contract::{Context, Finding, Severity};

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
        // A key that is an old name of several options (`web.port`: `rest.port` and
        // `rest.bind-port`) may be ignored for one and still read for another.
        let still_read: Vec<&str> = cx
            .catalog()
            .options()
            .iter()
            .filter(|o| o.alternatives.iter().any(|a| a.key == entry.key))
            .filter(|o| {
                cx.config
                    .resolve_option(o)
                    .is_some_and(|r| r.entry.key == entry.key)
            })
            .map(|o| o.key.as_ref())
            .collect();
        let message = if still_read.is_empty() {
            format!(
                "`{}` ({ignored_value}) is ignored: `{}` ({used_value}) sets the same option \
                 and Flink uses it",
                entry.key, used.entry.key
            )
        } else {
            format!(
                "`{}` ({ignored_value}) is ignored for `{}`, which `{}` ({used_value}) sets, but \
                 Flink still reads it for `{}`",
                entry.key,
                option.key,
                used.entry.key,
                still_read.join("` and `")
            )
        };
        out.push(
            Finding::new(&META, Context::key_span(entry), message)
                .primary("ignored")
                .label(Context::key_span(used.entry), "Flink uses this one")
                .help(if !still_read.is_empty() {
                    format!(
                        "rename `{}` to `{}`: the value then counts only where it is meant to",
                        entry.key,
                        still_read.first().copied().unwrap_or_default()
                    )
                } else if used.entry.key == option.key {
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
