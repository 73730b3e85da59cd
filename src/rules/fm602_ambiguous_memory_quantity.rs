//! FM602 `ambiguous-memory-quantity`: a `resource.memory` whose unit means a power of two to the
//! operator and a power of ten to Kubernetes (`2G`, `512M`).

use super::manifest_support::{deployment, processes};
use super::{Category, RuleMeta};
use crate::kubernetes::quantity::{OperatorMemory, kubernetes_bytes};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM602",
    name: "ambiguous-memory-quantity",
    category: Category::Kubernetes,
    severity: Severity::Warning,
    since: "0.2.0",
    doc: include_str!("../../rules/FM602.md"),
};

/// The operator tries Flink's `MemorySize` first (`ResourceConfigUtils.parseResourceMemoryString`),
/// whose units are binary and case-insensitive; Kubernetes reads an upper-case `K`, `M`, `G`, `T`,
/// `P` as decimal. Reported when the two readings differ.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(facts) = deployment(cx) else {
        return;
    };
    for (process, name, _) in processes(facts) {
        let (Some(memory), Some(OperatorMemory::Flink { size, .. })) =
            (&process.memory, &process.parsed_memory)
        else {
            continue;
        };
        let text = memory.value.trim();
        let Some(kubernetes) = kubernetes_bytes(text) else {
            continue;
        };
        if kubernetes == size.bytes() {
            continue;
        }
        let number = text
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .trim();
        let suffix = text[number.len()..].trim().chars().next().unwrap_or('G');
        out.push(
            Finding::new(
                &META,
                memory.value_span,
                format!(
                    "`{text}` is {} bytes to the operator (Flink's units are powers of two) but {kubernetes} bytes to Kubernetes",
                    size.bytes()
                ),
            )
            .primary(format!("the {name} process size"))
            .help(format!(
                "write `{number}{suffix}i` to say binary units in a way both read alike, or `{number}{}` for Flink's own spelling",
                suffix.to_ascii_lowercase()
            )),
        );
    }
}
