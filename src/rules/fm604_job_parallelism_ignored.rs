//! FM604 `job-parallelism-ignored`: `spec.job.parallelism` next to `spec.taskManager.replicas`,
//! which the operator uses instead, or a session job's parallelism that its fixed-size
//! standalone cluster cannot host.

use super::manifest_support::deployment;
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

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
    if cx
        .manifest()
        .is_some_and(|m| m.label.kind == crate::kubernetes::Kind::FlinkSessionJob)
    {
        session_job(cx, facts, out);
        return;
    }
    autoscaler_ceiling(cx, facts, out);
    let (Some(replicas), Some(parallelism)) = (&facts.taskmanager.replicas, &facts.job_parallelism)
    else {
        return;
    };
    if parallelism.value <= 0 || replicas.value <= 0 {
        return;
    }
    let slots = slots(cx);
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

/// `taskmanager.numberOfTaskSlots` as the cluster is configured (Flink's default is 1).
fn slots(cx: &Context<'_>) -> i64 {
    cx.config
        .get("taskmanager.numberOfTaskSlots")
        .and_then(|e| e.value.text.trim().parse::<i64>().ok())
        .unwrap_or(1)
}

/// A session job on a standalone session cluster of fixed size: the cluster has
/// `replicas × slots` slots and starts no more `TaskManager`s, so a larger parallelism waits for
/// slots that never come (`NoResourceAvailableException`).
fn session_job(
    cx: &Context<'_>,
    facts: &crate::kubernetes::DeploymentFacts,
    out: &mut Vec<Finding>,
) {
    let Some(parallelism) = &facts.job_parallelism else {
        return;
    };
    let standalone = cx
        .config
        .get("execution.target")
        .is_some_and(|e| e.value.text == "remote");
    let Some(replicas) = cx
        .config
        .get("kubernetes.internal.taskmanager.replicas")
        .and_then(|e| e.value.text.trim().parse::<i64>().ok())
    else {
        return;
    };
    let available = replicas.saturating_mul(slots(cx));
    if !standalone || parallelism.value <= available {
        return;
    }
    out.push(
        Finding::new(
            &META,
            parallelism.value_span,
            format!(
                "parallelism {} cannot run on its standalone session cluster: {replicas} TaskManager(s) × {} slot(s) = {available} slots, and standalone clusters start no more",
                parallelism.value,
                slots(cx)
            ),
        )
        .primary("more subtasks than slots")
        .help(format!(
            "lower the parallelism to {available}, or give the session cluster more spec.taskManager.replicas or slots"
        )),
    );
}

/// The autoscaler on a standalone deployment with fixed replicas: it may raise a vertex to
/// `job.autoscaler.vertex.max-parallelism` (`AutoScalerOptions.VERTEX_MAX_PARALLELISM`, 200 by
/// default), but a standalone cluster with `spec.taskManager.replicas` never has more than
/// `replicas × slots` slots (without replicas the operator sizes the cluster from the
/// parallelism overrides, `FlinkConfigBuilder.getParallelism`).
fn autoscaler_ceiling(
    cx: &Context<'_>,
    facts: &crate::kubernetes::DeploymentFacts,
    out: &mut Vec<Finding>,
) {
    let Some(replicas) = &facts.taskmanager.replicas else {
        return;
    };
    let value = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| cx.config.get(k))
            .map(|e| e.value.text.trim().to_owned())
    };
    let enabled = value(&[
        "job.autoscaler.enabled",
        "kubernetes.operator.job.autoscaler.enabled",
    ])
    .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if !facts.standalone || !enabled || replicas.value <= 0 {
        return;
    }
    let ceiling = value(&[
        "job.autoscaler.vertex.max-parallelism",
        "kubernetes.operator.job.autoscaler.vertex.max-parallelism",
    ])
    .and_then(|v| v.parse::<i64>().ok())
    .unwrap_or(200);
    let available = replicas.value.saturating_mul(slots(cx));
    if ceiling <= available {
        return;
    }
    out.push(
        Finding::new(
            &META,
            replicas.value_span,
            format!(
                "the autoscaler may scale a vertex to parallelism {ceiling} (job.autoscaler.vertex.max-parallelism), but this standalone cluster has {} × {} = {available} slots and no more",
                replicas.value,
                slots(cx)
            ),
        )
        .primary("fixed cluster size")
        .help(format!(
            "set job.autoscaler.vertex.max-parallelism: {available}, or remove spec.taskManager.replicas so that the operator sizes the cluster from the autoscaler's parallelism"
        )),
    );
}
