//! The Flink configuration the operator writes for a `FlinkDeployment` (or a
//! `FlinkSessionJob`'s own settings): `FlinkConfigBuilder.buildFrom` in its order
//! (`applyFlinkConfiguration`, `applyImage`, `applyImagePullPolicy`, `applyServiceAccount`,
//! `applyJobManagerSpec`, `applyTaskManagerSpec`, `applyJobOrSessionSpec`, `build`), then the
//! keys `FlinkConfMountDecorator.getFlinkConfData` removes.

use super::defaults::OperatorDefaults;
use super::flink_configuration;
use super::operator_version;
use super::spec::{
    DeploymentFacts, Field, ManifestInfo, Problem, field, number_field, process_spec,
};
use crate::config::{ConfigFile, Dialect, Entry, Origin, Parsed, SourceFile, Span, Value};
use crate::java;
use crate::kubernetes::document::{Kind, Label};
use crate::kubernetes::yaml::Node;
use crate::version::FlinkVersion;

/// The Flink configuration one document stands for.
#[derive(Debug, Clone)]
pub struct Translation {
    pub file: ConfigFile,
    pub version: FlinkVersion,
    pub version_assumed: bool,
}

struct Builder {
    entries: Vec<Entry>,
}

impl Builder {
    fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }

    fn set(
        &mut self,
        key: &str,
        value: impl Into<String>,
        origin: Origin,
        spans: Option<(Span, Span)>,
    ) {
        self.entries.push(Entry {
            key: key.to_owned(),
            value: Value::string(value),
            key_span: spans.map(|s| s.0),
            value_span: spans.map(|s| s.1),
            parent_spans: Vec::new(),
            origin,
        });
    }

    fn operator(&mut self, key: &str, value: impl Into<String>, why: &str) {
        self.set(
            key,
            value,
            Origin::Operator {
                why: why.to_owned(),
            },
            None,
        );
    }

    /// `setDefaultConf`: only when the key is not set yet.
    fn default(&mut self, key: &str, value: &str, why: &str) {
        if !self.has(key) {
            self.operator(key, value, why);
        }
    }

    fn set_from<T>(&mut self, key: &str, value: impl Into<String>, field: &Field<T>) {
        self.set(
            key,
            value,
            Origin::Manifest {
                field: field.path.clone(),
            },
            Some((field.key_span, field.value_span)),
        );
    }
}

/// The keys `FlinkConfMountDecorator` removes from the file it writes into the pod.
const REMOVED_BY_DECORATOR: [&str; 6] = [
    "kubernetes.config.file",
    "$internal.deployment.config-dir",
    "rest.bind-address",
    "jobmanager.bind-host",
    "taskmanager.bind-host",
    "taskmanager.host",
];

/// Reads a `FlinkDeployment` (or a `FlinkSessionJob`'s own settings) and translates it.
pub fn translate(
    source: &SourceFile,
    node: &Node,
    label: Label,
    flink_version: Option<FlinkVersion>,
    defaults: &OperatorDefaults,
) -> Translation {
    let mut problems = Vec::new();
    let mut facts = DeploymentFacts::default();
    let empty = Node::Mapping {
        pairs: Vec::new(),
        span: label.span,
    };
    let spec = match node.get("spec") {
        Some(spec @ Node::Mapping { .. }) => spec,
        other => {
            problems.push(Problem {
                message: format!(
                    "this {} has no spec{}",
                    label.kind,
                    other.map_or(String::new(), |n| format!(
                        " mapping (it is {})",
                        n.kind_name()
                    ))
                ),
                span: other.map_or(label.span, Node::span),
            });
            &empty
        }
    };
    let session_job = label.kind == Kind::FlinkSessionJob;
    facts.flink_version = field(spec, &["flinkVersion"], "spec");
    facts.image = field(spec, &["image"], "spec");
    facts.standalone = spec.get("mode").and_then(Node::as_str) == Some("standalone");
    facts.jobmanager = process_spec(spec, "jobManager", &mut problems);
    facts.taskmanager = process_spec(spec, "taskManager", &mut problems);
    facts.job_parallelism = number_field(spec, &["job", "parallelism"], "spec", &mut problems);
    facts.upgrade_mode = field(spec, &["job", "upgradeMode"], "spec");
    facts.deployment_name = field(spec, &["deploymentName"], "spec");

    let manifest_version = facts.flink_version.as_ref().and_then(|f| {
        let version = operator_version(f.value.trim());
        if version.is_none() {
            problems.push(Problem {
                message: format!(
                    "spec.flinkVersion '{}' is not a Flink version flinkmem knows (v1_13 to v2_3)",
                    f.value
                ),
                span: f.value_span,
            });
        }
        version
    });
    if facts.flink_version.is_none() && !session_job && node.get("spec").is_some() {
        problems.push(Problem {
            message: "spec.flinkVersion is missing: the operator refuses the deployment (\"Flink Version must be defined.\")".to_owned(),
            span: spec.span(),
        });
    }
    let version_assumed = flink_version.is_none() && manifest_version.is_none();
    let version = flink_version
        .or(manifest_version)
        .unwrap_or(FlinkVersion::LATEST);

    let mut out = Builder {
        entries: if session_job {
            Vec::new()
        } else {
            defaults.for_deployment(label.namespace.as_deref(), version)
        },
    };
    // applyFlinkConfiguration
    if let Some((key, conf)) = spec.entry("flinkConfiguration") {
        facts.flink_configuration = Some(key.span);
        match conf {
            Node::Mapping { .. } => {
                flink_configuration::flatten(conf, "", &[], &mut out.entries, &mut problems);
            }
            other if other.is_null() => {}
            other => problems.push(Problem {
                message: format!(
                    "spec.flinkConfiguration must be a mapping of keys to values, not {}",
                    other.kind_name()
                ),
                span: other.span(),
            }),
        }
    }
    let name = label.name.clone();
    if !session_job {
        out.default(
            "kubernetes.rest-service.exposed.type",
            "ClusterIP",
            "set by the operator unless configured",
        );
        out.default(
            "web.cancel.enable",
            "false",
            "set by the operator unless configured",
        );
        if let Some(f) = &facts.flink_version {
            out.set_from("$internal.flink.version", f.value.trim(), f);
        }
        // applyImage, applyImagePullPolicy, applyServiceAccount
        if let Some(image) = &facts.image {
            let key = if version >= FlinkVersion::V1_17 {
                "kubernetes.container.image.ref"
            } else {
                "kubernetes.container.image"
            };
            out.set_from(key, image.value.clone(), image);
        }
        if let Some(policy) = field(spec, &["imagePullPolicy"], "spec") {
            out.set_from(
                "kubernetes.container.image.pull-policy",
                policy.value.clone(),
                &policy,
            );
        }
        if let Some(account) = field(spec, &["serviceAccount"], "spec") {
            out.set_from(
                "kubernetes.service-account",
                account.value.clone(),
                &account,
            );
        }
        // applyJobManagerSpec, applyTaskManagerSpec
        for (process, memory_key, cpu_key, is_jm) in [
            (
                &facts.jobmanager,
                "jobmanager.memory.process.size",
                "kubernetes.jobmanager.cpu",
                true,
            ),
            (
                &facts.taskmanager,
                "taskmanager.memory.process.size",
                "kubernetes.taskmanager.cpu",
                false,
            ),
        ] {
            if let (Some(memory), Some(parsed)) = (&process.memory, &process.parsed_memory) {
                // An unparseable quantity makes the operator fail; the configuration keeps
                // the text so the calculation shows Flink's own refusal of it.
                let written = parsed.written().unwrap_or(&memory.value).to_owned();
                out.set_from(memory_key, written, memory);
            }
            if let Some(cpu) = &process.cpu {
                let text = java::double_to_string(cpu.value);
                out.set_from(&format!("{cpu_key}.amount"), text.clone(), cpu);
                if version < FlinkVersion::V1_17 {
                    out.set_from(cpu_key, text, cpu);
                }
            }
            if let Some(replicas) = &process.replicas
                && replicas.value > 0
            {
                let key = if is_jm {
                    "kubernetes.jobmanager.replicas"
                } else {
                    "kubernetes.internal.taskmanager.replicas"
                };
                out.set_from(key, replicas.value.to_string(), replicas);
            }
        }
    }
    // applyJobOrSessionSpec
    let has_job = spec.get("job").is_some_and(|j| !j.is_null());
    if has_job && !session_job {
        out.operator(
            "execution.target",
            "kubernetes-application",
            "set by the operator for a FlinkDeployment with a job",
        );
        let slots = slots(&out.entries);
        match (&facts.taskmanager.replicas, &facts.job_parallelism) {
            (Some(replicas), _) => {
                let parallelism = replicas.value.saturating_mul(slots);
                out.set_from("parallelism.default", parallelism.to_string(), replicas);
                if let Some(last) = out.entries.last_mut() {
                    last.origin = Origin::Manifest {
                        field: format!(
                            "{} × taskmanager.numberOfTaskSlots ({slots})",
                            replicas.path
                        ),
                    };
                }
            }
            (None, Some(parallelism)) => {
                out.set_from(
                    "parallelism.default",
                    parallelism.value.to_string(),
                    parallelism,
                );
            }
            (None, None) => {}
        }
        out.operator(
            "execution.shutdown-on-application-finish",
            "false",
            "set by the operator for a FlinkDeployment with a job",
        );
        out.default(
            "execution.submit-failed-job-on-application-error",
            "true",
            "set by the operator unless configured",
        );
        // applyJobConfig
        out.default(
            "pipeline.name",
            &name,
            "set by the operator unless configured (the deployment's name)",
        );
        if facts
            .upgrade_mode
            .as_ref()
            .is_some_and(|m| m.value == "last-state")
        {
            out.default(
                "execution.checkpointing.interval",
                "5 min",
                "set by the operator for upgradeMode last-state unless configured",
            );
        }
        out.default(
            "execution.checkpointing.externalized-checkpoint-retention",
            "RETAIN_ON_CANCELLATION",
            "set by the operator unless configured",
        );
    } else if !session_job {
        out.operator(
            "execution.target",
            "kubernetes-session",
            "set by the operator for a FlinkDeployment without a job",
        );
    }
    if facts.standalone && !session_job {
        out.operator(
            "execution.target",
            "remote",
            "set by the operator in standalone mode",
        );
        if has_job && !out.has("kubernetes.internal.taskmanager.replicas") {
            let parallelism = parallelism_of(&out.entries);
            let slots = slots(&out.entries).max(1);
            let taskmanagers = (parallelism + slots - 1) / slots;
            out.operator(
                "kubernetes.internal.taskmanager.replicas",
                taskmanagers.to_string(),
                "set by the operator in standalone mode: parallelism / slots, rounded up",
            );
        }
    }
    if session_job {
        if let Some(parallelism) = &facts.job_parallelism {
            out.set_from(
                "parallelism.default",
                parallelism.value.to_string(),
                parallelism,
            );
        }
    } else {
        // build()
        if let Some(namespace) = &label.namespace {
            out.operator(
                "kubernetes.namespace",
                namespace.clone(),
                "set by the operator (metadata.namespace)",
            );
        }
        out.operator(
            "kubernetes.cluster-id",
            name.clone(),
            "set by the operator (metadata.name)",
        );
        let ha = out
            .entries
            .iter()
            .rev()
            .find(|e| e.key == "high-availability.type" || e.key == "high-availability")
            .is_some_and(|e| !e.value.text.eq_ignore_ascii_case("none"));
        if ha {
            out.operator(
                "high-availability.cluster-id",
                name,
                "set by the operator (metadata.name) when HA is on",
            );
        }
        out.entries
            .retain(|e| !REMOVED_BY_DECORATOR.contains(&e.key.as_str()));
    }

    let dialect = if version.is_2x() {
        Dialect::Standard
    } else {
        Dialect::Legacy
    };
    let file = ConfigFile {
        source: source.clone(),
        dialect,
        parsed: Parsed {
            entries: out.entries,
            events: Vec::new(),
            rejection: None,
        },
        manifest: Some(Box::new(ManifestInfo {
            label,
            deployment: Some(facts),
            problems,
            manifest_version,
        })),
    };
    Translation {
        file,
        version,
        version_assumed,
    }
}

fn last_value<'a>(entries: &'a [Entry], key: &str) -> Option<&'a str> {
    entries
        .iter()
        .rev()
        .find(|e| e.key == key)
        .map(|e| e.value.text.as_str())
}

/// `taskmanager.numberOfTaskSlots` as configured so far (Flink's default is 1).
fn slots(entries: &[Entry]) -> i64 {
    last_value(entries, "taskmanager.numberOfTaskSlots")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

fn parallelism_of(entries: &[Entry]) -> i64 {
    last_value(entries, "parallelism.default")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}
