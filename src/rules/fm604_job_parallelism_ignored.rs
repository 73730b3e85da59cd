//! FM604 `job-parallelism-ignored`: `spec.job.parallelism` next to `spec.taskManager.replicas`,
//! which the operator uses instead.

use super::manifest_support::deployment;
use super::{Category, RuleMeta};
use crate::lint::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM604",
    name: "job-parallelism-ignored",
    category: Category::Kubernetes,
    severity: Severity::Warning,
    since: "0.2.0",
    doc: include_str!("../../rules/FM604.md"),
};

/// `FlinkConfigBuilder.getParallelism`: with `TaskManager` replicas set, the job runs at
/// `replicas × taskmanager.numberOfTaskSlots` and `spec.job.parallelism` is ignored (the
/// operator only logs a warning).
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(facts) = deployment(cx) else {
        return;
    };
    let (Some(replicas), Some(parallelism)) = (&facts.taskmanager.replicas, &facts.job_parallelism)
    else {
        return;
    };
    if parallelism.value <= 0 || replicas.value <= 0 {
        return;
    }
    let slots = cx
        .config
        .get("taskmanager.numberOfTaskSlots")
        .and_then(|e| e.value.text.trim().parse::<i64>().ok())
        .unwrap_or(1);
    let used = replicas.value.saturating_mul(slots);
    if used == parallelism.value {
        return;
    }
    out.push(
        Finding::new(
            &META,
            parallelism.value_span,
            format!(
                "spec.job.parallelism {} is ignored: with spec.taskManager.replicas set, the operator runs the job at replicas × slots = {} × {slots} = {used}",
                parallelism.value, replicas.value
            ),
        )
        .primary("ignored")
        .label(replicas.value_span, "the parallelism follows from this")
        .help(format!(
            "remove spec.job.parallelism, or remove spec.taskManager.replicas to run at {} and let Flink start the TaskManagers it needs",
            parallelism.value
        )),
    );
}
