//! FM603 `resource-memory-rejected`: a `resource.memory` the operator refuses.

use super::manifest_support::{deployment, processes};
use super::{Category, RuleMeta};
use crate::kubernetes::quantity::{OperatorMemory, kubernetes_bytes};
use crate::rule_contract::{Context, Finding, Severity};
use crate::units::MemorySize;

pub static META: RuleMeta = RuleMeta {
    code: "FM603",
    name: "resource-memory-rejected",
    category: Category::Kubernetes,
    severity: Severity::Error,
    since: "0.2.0",
    doc: include_str!("../../rules/FM603.md"),
};

/// `DefaultValidator.validateResources` parses what `parseResourceMemoryString` returns with
/// Flink's `MemorySize.parse` and refuses the deployment with the parser's message. A
/// Kubernetes quantity with a fraction (`1.5Gi`) comes back as `1610612736.0`, which fails.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(facts) = deployment(cx) else {
        return;
    };
    for (process, name, _) in processes(facts) {
        let (Some(memory), Some(parsed)) = (&process.memory, &process.parsed_memory) else {
            continue;
        };
        let (why, help) = match parsed {
            OperatorMemory::Flink { .. } => continue,
            OperatorMemory::Quantity { written } => match MemorySize::parse(written) {
                Ok(_) => continue,
                Err(e) => (
                    format!("{name} resource memory parse error: {e}"),
                    format!(
                        "the operator turns `{}` into `{written}`, which Flink cannot read; write a whole number of a unit{}",
                        memory.value,
                        whole_spelling(&memory.value)
                            .map_or_else(String::new, |s| format!(": `{s}` is the same size"))
                    ),
                ),
            },
            OperatorMemory::Invalid { message } => (
                format!("{name} resource memory parse error: {message}"),
                "write a size such as `2048m` (Flink) or `2Gi` (Kubernetes)".to_owned(),
            ),
        };
        out.push(
            Finding::new(
                &META,
                memory.value_span,
                format!("the operator refuses this deployment: {why}"),
            )
            .primary("not a size the operator accepts")
            .help(help),
        );
    }
}

/// The size of a fractional quantity in whole MiB (`2.5Gi` is `2560Mi`), or in bytes.
fn whole_spelling(quantity: &str) -> Option<String> {
    let bytes = kubernetes_bytes(quantity)?;
    Some(if bytes % (1 << 20) == 0 {
        format!("{}Mi", bytes >> 20)
    } else {
        bytes.to_string()
    })
}
