//! FM607 `forbidden-configuration-key`: a key in `flinkConfiguration` the operator refuses.

use super::manifest_support::deployment;
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM607",
    name: "forbidden-configuration-key",
    category: Category::Kubernetes,
    severity: Severity::Error,
    since: "0.2.0",
    doc: include_str!("../../rules/FM607.md"),
};

/// `DefaultValidator.FORBIDDEN_CONF_KEYS`: the operator sets these from the manifest's metadata
/// and refuses a deployment that sets them itself.
const FORBIDDEN: [&str; 3] = [
    "kubernetes.namespace",
    "kubernetes.cluster-id",
    "high-availability.cluster-id",
];

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if deployment(cx).is_none() {
        return;
    }
    for entry in cx.entries() {
        if !FORBIDDEN.contains(&entry.key.as_str()) {
            continue;
        }
        let from = if entry.key == "kubernetes.namespace" {
            "metadata.namespace"
        } else {
            "metadata.name"
        };
        out.push(
            Finding::new(
                &META,
                Context::key_span(entry),
                format!(
                    "the operator refuses this deployment: \"Forbidden Flink config key: {}\"",
                    entry.key
                ),
            )
            .primary("forbidden")
            .help(format!(
                "remove it: the operator sets `{}` from {from}",
                entry.key
            ))
            .key(entry.key.clone()),
        );
    }
}
