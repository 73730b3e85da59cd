//! FM601 `resource-memory-overrides-configuration`: a process size in `flinkConfiguration`
//! that `spec.*.resource.memory` replaces.

use super::manifest_support::{deployment, processes};
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM601",
    name: "resource-memory-overrides-configuration",
    category: Category::Kubernetes,
    severity: Severity::Warning,
    since: "0.2.0",
    doc: include_str!("../../rules/FM601.md"),
};

/// `FlinkConfigBuilder.applyJobManagerSpec` / `applyTaskManagerSpec` run after
/// `applyFlinkConfiguration` and set the process size from the resource with `setString`, so the
/// resource always wins.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(facts) = deployment(cx) else {
        return;
    };
    for (process, name, key) in processes(facts) {
        let Some(memory) = &process.memory else {
            continue;
        };
        for entry in cx.entries().iter().filter(|e| e.key == key) {
            let written = Context::shown(key, &entry.value.text);
            let used = process
                .parsed_memory
                .as_ref()
                .and_then(|m| m.written())
                .unwrap_or(&memory.value);
            out.push(
                Finding::new(
                    &META,
                    Context::key_span(entry),
                    format!(
                        "`{key}: {written}` has no effect: the operator replaces it with {} ({}, which Flink reads as {used})",
                        memory.path, memory.value
                    ),
                )
                .primary("replaced")
                .label(memory.value_span, format!("the {name} process size comes from here"))
                .help(format!(
                    "remove `{key}` from flinkConfiguration and size the {name} with {} only",
                    memory.path
                ))
                .key(key),
            );
        }
    }
}
