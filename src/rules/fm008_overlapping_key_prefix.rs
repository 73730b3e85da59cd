//! FM008 `overlapping-key-prefix`: `a.b` and `a.b.c` both set, for Flink 2.x.

use std::collections::HashMap;

use super::{Category, RuleMeta};
use crate::catalog::KeyKind;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM008",
    name: "overlapping-key-prefix",
    category: Category::File,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM008.md"),
};

/// In nested YAML one node cannot hold both a value and children, so Flink 2.x's own migration
/// and the Kubernetes operator (`FlinkConfMountDecorator`, FLINK-37405) refuse such pairs.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    // For a FlinkDeployment the operator itself refuses the pair: FM608 reports that.
    if !cx.version().is_2x() || cx.manifest().is_some_and(|m| m.deployment.is_some()) {
        return;
    }
    let mut first_of: HashMap<&str, &crate::config::Entry> = HashMap::new();
    for entry in cx.entries() {
        first_of.entry(entry.key.as_str()).or_insert(entry);
    }
    let mut reported = Vec::new();
    for entry in cx.entries() {
        let key = entry.key.as_str();
        let mut end = key.len();
        while let Some(dot) = key[..end].rfind('.') {
            let prefix = &key[..dot];
            end = dot;
            let Some(shorter) = first_of.get(prefix) else {
                continue;
            };
            if reported.contains(&(prefix, key)) {
                continue;
            }
            reported.push((prefix, key));
            let help = match cx.catalog().classify(prefix) {
                KeyKind::Alternative {
                    option,
                    deprecated: true,
                } => format!(
                    "`{prefix}` is a deprecated spelling of `{}`; use that key instead",
                    option.key
                ),
                _ => format!(
                    "rename one of the two so that `{prefix}` is not both a value and a prefix"
                ),
            };
            out.push(
                Finding::new(
                    &META,
                    Context::key_span(entry),
                    format!(
                        "`{prefix}` and `{key}` are both set: in nested YAML `{prefix}` cannot \
                         hold a value and sub-keys at once"
                    ),
                )
                .primary("sub-key")
                .label(Context::key_span(shorter), "also set as a value here")
                .help(help)
                .key(key),
            );
        }
    }
}
