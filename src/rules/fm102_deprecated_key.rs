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
        out.push(
            Finding::new(
                &META,
                Context::key_span(entry),
                format!(
                    "`{}` is deprecated in Flink {}: its replacement is `{}`",
                    entry.key,
                    cx.version(),
                    option.key
                ),
            )
            .primary("deprecated key")
            .help(format!("rename it: `{}: {value}`", option.key))
            .key(&entry.key),
        );
    }
}
