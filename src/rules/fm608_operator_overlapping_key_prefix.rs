//! FM608 `operator-overlapping-key-prefix`: two keys of a Flink 2.x deployment where one is a
//! prefix of the other, which the operator refuses to write.

use super::manifest_support::deployment;
use super::{Category, RuleMeta};
use crate::config::Origin;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM608",
    name: "operator-overlapping-key-prefix",
    category: Category::Kubernetes,
    severity: Severity::Error,
    since: "0.2.0",
    doc: include_str!("../../rules/FM608.md"),
};

/// `FlinkConfMountDecorator.validateConfigKeysForV2`: for Flink 2.x the operator writes a nested
/// `config.yaml` and throws when a key and a longer key under it are both set, over the whole
/// configuration it hands to Flink (its defaults included).
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if deployment(cx).is_none() || !cx.version().is_2x() {
        return;
    }
    let entries: Vec<&crate::config::Entry> = cx.config.effective_entries();
    for long in &entries {
        for short in &entries {
            if !long.key.starts_with(&format!("{}.", short.key)) {
                continue;
            }
            // Report at a key someone wrote: the longer one, else the shorter.
            let (at, other) = if long.origin == Origin::File || short.origin != Origin::File {
                (long, short)
            } else {
                (short, long)
            };
            let mut finding = Finding::new(
                &META,
                Context::key_span(at),
                format!(
                    "the operator refuses this deployment: \"Overlapping key prefixes detected ({} -> {}), please replace with Flink v2 compatible, non-deprecated keys.\"",
                    short.key, long.key
                ),
            )
            .primary("overlaps")
            .help(format!(
                "`{}` cannot hold a value and sub-keys in nested YAML: replace the older of the two keys by its Flink 2 name",
                short.key
            ))
            .key(at.key.clone());
            if let Some(span) = other.key_span {
                finding = finding.label(span, "also set");
            }
            out.push(finding);
        }
    }
}
