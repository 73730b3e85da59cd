//! What a `FlinkDeployment` or `FlinkSessionJob` says beyond its configuration, field by field
//! with the positions it is written at, and the problems in those fields (a number that is not
//! one), reported instead of failing.

use crate::config::Span;
use crate::java;
use crate::kubernetes::document::Label;
use crate::kubernetes::quantity::{OperatorMemory, parse_resource_memory};
use crate::kubernetes::yaml::Node;
use crate::version::FlinkVersion;

/// A manifest field and where it is written.
#[derive(Debug, Clone)]
pub struct Field<T> {
    pub value: T,
    /// The field's path (`spec.taskManager.resource.memory`).
    pub path: String,
    pub key_span: Span,
    pub value_span: Span,
}

/// `spec.jobManager` or `spec.taskManager`, as far as memory goes.
#[derive(Debug, Clone, Default)]
pub struct ProcessSpec {
    pub memory: Option<Field<String>>,
    /// What the operator made of `memory`.
    pub parsed_memory: Option<OperatorMemory>,
    pub cpu: Option<Field<f64>>,
    pub replicas: Option<Field<i64>>,
    /// `resources.limits.memory` / `resources.requests.memory` of the main container of this
    /// process's pod template (or the common one).
    pub pod_memory: Vec<Field<String>>,
}

/// A problem with the manifest itself, at a position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Span,
}

/// What the rules need to know about a `FlinkDeployment`, beyond the configuration.
#[derive(Debug, Clone, Default)]
pub struct DeploymentFacts {
    pub flink_version: Option<Field<String>>,
    pub image: Option<Field<String>>,
    pub standalone: bool,
    pub jobmanager: ProcessSpec,
    pub taskmanager: ProcessSpec,
    pub job_parallelism: Option<Field<i64>>,
    pub upgrade_mode: Option<Field<String>>,
    /// The `flinkConfiguration` mapping's key, for findings about it as a whole.
    pub flink_configuration: Option<Span>,
    /// A `FlinkSessionJob`'s `spec.deploymentName`.
    pub deployment_name: Option<Field<String>>,
}

/// Where a configuration came from when it was found in a manifest.
#[derive(Debug, Clone)]
pub struct ManifestInfo {
    pub label: Label,
    /// `Some` for `FlinkDeployment` and `FlinkSessionJob`, `None` for a `ConfigMap`.
    pub deployment: Option<DeploymentFacts>,
    pub problems: Vec<Problem>,
    /// The version `spec.flinkVersion` names, and the one used (they differ when
    /// `--flink-version` says otherwise).
    pub manifest_version: Option<FlinkVersion>,
}

/// A scalar field at `path` below `node`, with its spans.
pub(super) fn field(node: &Node, path: &[&str], prefix: &str) -> Option<Field<String>> {
    let (last, parents) = path.split_last()?;
    let parent = node.at(parents)?;
    let (key, value) = parent.entry(last)?;
    let scalar = value.as_scalar().filter(|s| !s.is_null())?;
    Some(Field {
        value: scalar.value.clone(),
        path: format!("{prefix}.{}", path.join(".")),
        key_span: key.span,
        value_span: scalar.span,
    })
}

pub(super) fn number_field(
    node: &Node,
    path: &[&str],
    prefix: &str,
    problems: &mut Vec<Problem>,
) -> Option<Field<i64>> {
    let f = field(node, path, prefix)?;
    if let Ok(n) = f.value.trim().parse::<i64>() {
        Some(Field {
            value: n,
            path: f.path,
            key_span: f.key_span,
            value_span: f.value_span,
        })
    } else {
        problems.push(Problem {
            message: format!("{} must be a whole number, not '{}'", f.path, f.value),
            span: f.value_span,
        });
        None
    }
}

pub(super) fn process_spec(spec: &Node, which: &str, problems: &mut Vec<Problem>) -> ProcessSpec {
    let mut process = ProcessSpec::default();
    let Some(node) = spec.get(which) else {
        return process;
    };
    let prefix = format!("spec.{which}");
    process.memory = field(node, &["resource", "memory"], &prefix);
    process.parsed_memory = process
        .memory
        .as_ref()
        .map(|m| parse_resource_memory(&m.value));
    process.cpu = field(node, &["resource", "cpu"], &prefix).and_then(|f| {
        let Some(cpu) = java::parse_double(f.value.trim()) else {
            problems.push(Problem {
                message: format!("{} must be a number, not '{}'", f.path, f.value),
                span: f.value_span,
            });
            return None;
        };
        Some(Field {
            value: cpu,
            path: f.path,
            key_span: f.key_span,
            value_span: f.value_span,
        })
    });
    process.replicas = number_field(node, &["replicas"], &prefix, problems);
    for (template, template_prefix) in [
        (node.get("podTemplate"), prefix.clone()),
        (spec.get("podTemplate"), "spec".to_owned()),
    ] {
        let Some(template) = template else { continue };
        let Some(Node::Sequence { items, .. }) = template.at(&["spec", "containers"]) else {
            continue;
        };
        for (index, container) in items.iter().enumerate() {
            if container.get("name").and_then(Node::as_str) != Some("flink-main-container") {
                continue;
            }
            for kind in ["limits", "requests"] {
                let path = format!("{template_prefix}.podTemplate.spec.containers[{index}]");
                if let Some(f) = field(container, &["resources", kind, "memory"], &path) {
                    process.pod_memory.push(f);
                }
            }
        }
        if !process.pod_memory.is_empty() {
            break;
        }
    }
    process
}
