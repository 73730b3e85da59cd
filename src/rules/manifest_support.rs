//! What the Kubernetes manifest rules (`FM6xx`) share: the deployment a configuration came from,
//! and its two processes by name.

use crate::kubernetes::{DeploymentFacts, ProcessSpec};
use crate::rule_contract::Context;

/// The `FlinkDeployment` (or `FlinkSessionJob`) behind the file, when it is one.
pub(super) fn deployment<'a>(cx: &Context<'a>) -> Option<&'a DeploymentFacts> {
    cx.manifest()?.deployment.as_ref()
}

/// The two processes of a deployment: `(facts, process name, process size key)`.
pub(super) fn processes(
    facts: &DeploymentFacts,
) -> [(&ProcessSpec, &'static str, &'static str); 2] {
    [
        (
            &facts.taskmanager,
            "TaskManager",
            "taskmanager.memory.process.size",
        ),
        (
            &facts.jobmanager,
            "JobManager",
            "jobmanager.memory.process.size",
        ),
    ]
}
