//! FM606 `pod-template-memory-ignored`: a pod template's main-container memory that Flink
//! replaces with the process size.

use super::manifest_support::deployment;
use super::{Category, RuleMeta};
use crate::kubernetes::quantity::kubernetes_bytes;
use crate::rule_contract::{Context, Finding, Severity};
use crate::units::MemorySize;

pub static META: RuleMeta = RuleMeta {
    code: "FM606",
    name: "pod-template-memory-ignored",
    category: Category::Kubernetes,
    severity: Severity::Warning,
    since: "0.2.0",
    doc: include_str!("../../rules/FM606.md"),
};

/// Flink's Kubernetes decorators (`InitTaskManagerDecorator`, `InitJobManagerDecorator`) set the
/// main container's memory request and limit from the process size in whole MiB
/// (`getTaskManagerMemoryMB` / `getJobManagerMemoryMB`), over whatever the pod template says.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(facts) = deployment(cx) else {
        return;
    };
    let taskmanager = cx
        .taskmanager()
        .as_ref()
        .ok()
        .map(|b| b.total_process.bytes);
    let jobmanager = cx.jobmanager().as_ref().ok().map(|b| b.total_process.bytes);
    for (process, name, size) in [
        (&facts.taskmanager, "TaskManager", taskmanager),
        (&facts.jobmanager, "JobManager", jobmanager),
    ] {
        let Some(size) = size else { continue };
        let container = MemorySize::from_mebibytes(size.mebibytes());
        for field in &process.pod_memory {
            let Some(bytes) = kubernetes_bytes(&field.value) else {
                continue;
            };
            if bytes == container.bytes() {
                continue;
            }
            let which = if field.path.ends_with("limits.memory") {
                "limit"
            } else {
                "request"
            };
            let consequence = if bytes < container.bytes() {
                "the pod gets more memory than this template allows"
            } else {
                "the pod gets less memory than this template asks for"
            };
            out.push(
                Finding::new(
                    &META,
                    field.value_span,
                    format!(
                        "this memory {which} ({} = {bytes} bytes) is replaced: Flink sets the {name} container's memory to its process size, {}; {consequence}",
                        field.value,
                        container.to_human_readable(),
                    ),
                )
                .primary("replaced by Flink")
                .help(format!(
                    "size the {name} with spec.{}.resource.memory and remove the memory from the pod template",
                    if name == "TaskManager" { "taskManager" } else { "jobManager" }
                )),
            );
        }
    }
}
