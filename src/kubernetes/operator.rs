//! What the Flink Kubernetes Operator does with a `FlinkDeployment` before Flink sees it: its
//! default configuration, then `spec.flinkConfiguration`, then the settings it derives from
//! the spec, then the keys its config-map decorator drops.
//!
//! Mirrors, for operator release 1.15 (the behaviour of 1.7 and later unless said otherwise):
//! `FlinkConfigManager.getDefaultConfig` (namespace and `flink-version` prefixed defaults),
//! `FlinkConfigBuilder.buildFrom` in its order (`applyFlinkConfiguration`, `applyImage`,
//! `applyImagePullPolicy`, `applyServiceAccount`, `applyJobManagerSpec`,
//! `applyTaskManagerSpec`, `applyJobOrSessionSpec`, `build`) and
//! `FlinkConfMountDecorator.getFlinkConfData` (the keys it removes).

use std::path::Path;

use super::document::Label;
use super::quantity::{OperatorMemory, parse_resource_memory};
use super::yaml::{Node, Scalar};
use crate::config::{ConfigFile, Dialect, Entry, Origin, Parsed, SourceFile, Span, Value};
use crate::java;
use crate::version::FlinkVersion;

/// The operator's default configuration: the Helm chart's, or a cluster's own.
#[derive(Debug, Clone)]
pub struct OperatorDefaults {
    /// `(key, value, where it is written)`, in file order.
    entries: Vec<(String, String, String)>,
}

const CHART_DEFAULTS: &str = include_str!("operator-defaults.yaml");

impl OperatorDefaults {
    /// The defaults the operator's Helm chart installs.
    pub fn chart() -> Self {
        let source = SourceFile::new("operator-defaults.yaml", CHART_DEFAULTS.to_owned());
        Self::from_file(
            &ConfigFile::parse(source, Dialect::Legacy),
            Some("the operator Helm chart's default configuration"),
        )
    }

    /// Defaults read from a configuration file (the `flink-conf.yaml` or `config.yaml` of a
    /// `flink-operator-config` `ConfigMap`, already extracted).
    pub fn from_file(file: &ConfigFile, name: Option<&str>) -> Self {
        let path = crate::config::source::display_path(file.source.path());
        let entries = file
            .parsed
            .entries
            .iter()
            .map(|e| {
                let at = e.key_span.map_or_else(String::new, |s| {
                    format!(":{}", file.source.line_col(s.start))
                });
                let place = name.map_or_else(
                    || format!("the operator's default configuration at {path}{at}"),
                    str::to_owned,
                );
                (e.key.clone(), e.value.text.clone(), place)
            })
            .collect();
        Self { entries }
    }

    /// `getDefaultConfig(namespace, flinkVersion)`: everything, then the keys under
    /// `kubernetes.operator.default-configuration.namespace.<ns>.`, then those under
    /// `...flink-version.vX_Y+.` (ascending) and `...flink-version.vX_Y.`, prefixes removed.
    fn for_deployment(&self, namespace: Option<&str>, version: FlinkVersion) -> Vec<Entry> {
        const PREFIX: &str = "kubernetes.operator.default-configuration.";
        // The prefixed templates themselves are left out: Flink ignores them, and what they
        // mean is the stripped keys added below.
        let mut out: Vec<Entry> = self
            .entries
            .iter()
            .filter(|(k, _, _)| !k.starts_with(PREFIX))
            .map(|(k, v, place)| operator_entry(k, v, place.clone()))
            .collect();
        let apply = |prefix: &str, out: &mut Vec<Entry>| {
            for (key, value, place) in &self.entries {
                if let Some(stripped) = key.strip_prefix(prefix) {
                    out.push(operator_entry(stripped, value, format!("{place} ({key})")));
                }
            }
        };
        if let Some(namespace) = namespace {
            apply(&format!("{PREFIX}namespace.{namespace}."), &mut out);
        }
        let mut plus: Vec<(FlinkVersion, String)> = self
            .entries
            .iter()
            .filter_map(|(key, _, _)| {
                let rest = key.strip_prefix(PREFIX)?.strip_prefix("flink-version.")?;
                let (tag, _) = rest.split_once('.')?;
                let at = operator_version(tag.strip_suffix('+')?)?;
                (at <= version).then(|| (at, format!("{PREFIX}flink-version.{tag}.")))
            })
            .collect();
        plus.sort();
        plus.dedup();
        for (_, prefix) in plus {
            apply(&prefix, &mut out);
        }
        apply(
            &format!("{PREFIX}flink-version.{}.", operator_version_name(version)),
            &mut out,
        );
        out
    }
}

fn operator_entry(key: &str, value: &str, why: String) -> Entry {
    Entry {
        key: key.to_owned(),
        value: Value::string(value),
        key_span: None,
        value_span: None,
        parent_spans: Vec::new(),
        origin: Origin::Operator { why },
    }
}

/// `v1_18` as the operator's `FlinkVersion` enum names it.
pub fn operator_version(tag: &str) -> Option<FlinkVersion> {
    let (major, minor) = tag.strip_prefix('v')?.split_once('_')?;
    format!("{major}.{minor}").parse().ok()
}

fn operator_version_name(version: FlinkVersion) -> String {
    format!("v{}_{}", version.major(), version.minor())
}

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

/// A scalar field at `path` below `node`, with its spans.
fn field(node: &Node, path: &[&str], prefix: &str) -> Option<Field<String>> {
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

fn number_field(
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

fn process_spec(spec: &Node, which: &str, problems: &mut Vec<Problem>) -> ProcessSpec {
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

/// The text the operator stores for one `flinkConfiguration` value: scalars as their text
/// (`asText()`), lists joined with `;` (operator 1.13 and later accept nested values).
fn scalar_text(scalar: &Scalar) -> String {
    if !scalar.is_plain() {
        return scalar.value.clone();
    }
    // kubectl turns YAML into JSON with YAML 1.1 booleans; Jackson's asText prints them.
    match scalar.value.as_str() {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            "true".to_owned()
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            "false".to_owned()
        }
        other => other.to_owned(),
    }
}

/// Flattens `spec.flinkConfiguration` into entries, as `ConfigObjectNode.asFlatMap` does.
fn flink_configuration(
    node: &Node,
    prefix: &str,
    parents: &[Span],
    out: &mut Builder,
    problems: &mut Vec<Problem>,
) {
    let Node::Mapping { pairs, .. } = node else {
        return;
    };
    for (key, value) in pairs {
        let Some(key_scalar) = key.as_scalar() else {
            problems.push(Problem {
                message: "a flinkConfiguration key must be a string".to_owned(),
                span: key.span(),
            });
            continue;
        };
        let full = if prefix.is_empty() {
            key_scalar.value.clone()
        } else {
            format!("{prefix}.{}", key_scalar.value)
        };
        let text = match value {
            Node::Mapping { .. } => {
                let mut inner = parents.to_vec();
                inner.push(key_scalar.span);
                flink_configuration(value, &full, &inner, out, problems);
                continue;
            }
            Node::Scalar(s) if s.is_null() => {
                problems.push(Problem {
                    message: format!(
                        "flinkConfiguration `{full}` has no value: the operator stores null and Flink reads the key as unset"
                    ),
                    span: key_scalar.span,
                });
                continue;
            }
            Node::Scalar(s) => scalar_text(s),
            Node::Sequence { items, .. } => items
                .iter()
                .map(|item| match item {
                    Node::Scalar(s) => scalar_text(s),
                    other => other.kind_name().to_owned(),
                })
                .collect::<Vec<_>>()
                .join(";"),
        };
        out.entries.push(Entry {
            key: full,
            value: Value::string(text),
            key_span: Some(key_scalar.span),
            value_span: Some(value.span()),
            parent_spans: parents.to_vec(),
            origin: Origin::File,
        });
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
    let session_job = label.kind == super::document::Kind::FlinkSessionJob;
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
            Node::Mapping { .. } => flink_configuration(conf, "", &[], &mut out, &mut problems),
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

/// Reads a cluster's own operator configuration: a `flink-operator-config` `ConfigMap` manifest,
/// or a plain `flink-conf.yaml` / `config.yaml`.
pub fn read_defaults(path: &Path) -> Result<OperatorDefaults, String> {
    let bytes = crate::config::input::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let source = SourceFile::new(path, text.clone());
    if super::document::may_hold_flink(&text) {
        let stream = super::yaml::read(&text);
        for found in super::document::recognise(&stream.documents) {
            if let Some((key, value)) = super::document::config_map_file(found.node)
                && let Some(scalar) = value.as_scalar()
            {
                let dialect = crate::config::load::dialect_for_name(Path::new(&key.value));
                let inner = ConfigFile::parse(SourceFile::new(path, scalar.value.clone()), dialect);
                let map = super::embedded::OffsetMap::of(scalar, &text);
                let file = map.relocate(inner, source);
                return Ok(OperatorDefaults::from_file(&file, None));
            }
        }
        return Err(format!(
            "{}: no ConfigMap with a flink-conf.yaml or config.yaml in it",
            path.display()
        ));
    }
    let dialect = crate::config::load::dialect_for_name(path);
    Ok(OperatorDefaults::from_file(
        &ConfigFile::parse(source, dialect),
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubernetes::{Options, read};

    fn translate_text(text: &str, defaults: Option<&str>) -> Vec<(String, String, Origin)> {
        let mut options = Options::default();
        if let Some(defaults) = defaults {
            let file = ConfigFile::parse(
                SourceFile::new("operator.yaml", defaults.to_owned()),
                Dialect::Legacy,
            );
            options.defaults = OperatorDefaults::from_file(&file, None);
        }
        let manifest = read(SourceFile::new("m.yaml", text.to_owned()), &options);
        let unit = manifest.units.into_iter().next().expect("one document");
        let config = crate::config::Config::new(unit.version, Some(unit.file), &[]);
        config
            .effective_entries()
            .into_iter()
            .map(|e| (e.key.clone(), e.value.text.clone(), e.origin.clone()))
            .collect()
    }

    fn value<'a>(entries: &'a [(String, String, Origin)], key: &str) -> Option<&'a str> {
        entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, _)| v.as_str())
    }

    const APP: &str = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: app, namespace: ns}
spec:
  flinkVersion: v1_18
  image: flink:1.18
  flinkConfiguration:
    taskmanager.numberOfTaskSlots: \"2\"
    taskmanager.memory.process.size: 9g
    taskmanager.host: somewhere
  jobManager: {resource: {memory: 2Gi, cpu: 0.5}, replicas: 1}
  taskManager: {resource: {memory: 4g, cpu: 2}, replicas: 3}
  job: {jarURI: 'local:///x.jar', parallelism: 5, upgradeMode: last-state}
";

    #[test]
    fn the_builder_order_lets_the_spec_win() {
        // FlinkConfigBuilder: flinkConfiguration first, then the resources, then the job.
        let entries = translate_text(APP, None);
        assert_eq!(
            value(&entries, "taskmanager.memory.process.size"),
            Some("4 gb")
        );
        assert_eq!(
            value(&entries, "jobmanager.memory.process.size"),
            Some("2147483648")
        );
        // replicas x slots, not spec.job.parallelism (getParallelism).
        assert_eq!(value(&entries, "parallelism.default"), Some("6"));
        assert_eq!(
            value(&entries, "kubernetes.taskmanager.cpu.amount"),
            Some("2.0")
        );
        assert_eq!(
            value(&entries, "kubernetes.jobmanager.cpu.amount"),
            Some("0.5")
        );
        assert_eq!(value(&entries, "kubernetes.jobmanager.replicas"), Some("1"));
        assert_eq!(
            value(&entries, "kubernetes.internal.taskmanager.replicas"),
            Some("3")
        );
        assert_eq!(
            value(&entries, "kubernetes.container.image.ref"),
            Some("flink:1.18")
        );
        assert_eq!(
            value(&entries, "execution.target"),
            Some("kubernetes-application")
        );
        assert_eq!(
            value(&entries, "execution.checkpointing.interval"),
            Some("5 min")
        );
        assert_eq!(value(&entries, "pipeline.name"), Some("app"));
        assert_eq!(value(&entries, "kubernetes.cluster-id"), Some("app"));
        assert_eq!(value(&entries, "kubernetes.namespace"), Some("ns"));
        // FlinkConfMountDecorator drops it; no HA, so no HA cluster id.
        assert_eq!(value(&entries, "taskmanager.host"), None);
        assert_eq!(value(&entries, "high-availability.cluster-id"), None);
        let origin = entries
            .iter()
            .find(|(k, _, _)| k == "taskmanager.memory.process.size")
            .map(|(_, _, o)| o.clone());
        assert_eq!(
            origin,
            Some(Origin::Manifest {
                field: "spec.taskManager.resource.memory".to_owned()
            })
        );
    }

    #[test]
    fn chart_defaults_apply_by_flink_version() {
        // The chart sets java options for v1_18 exactly and for v1_19 and later (`+`).
        let entries = translate_text(APP, None);
        assert!(value(&entries, "env.java.opts.all").is_some());
        assert!(value(&entries, "env.java.default-opts.all").is_none());
        let v20 = APP.replace("v1_18", "v1_20");
        let entries = translate_text(&v20, None);
        assert!(value(&entries, "env.java.opts.all").is_none());
        assert!(value(&entries, "env.java.default-opts.all").is_some());
        // The prefixed templates themselves are not handed to Flink.
        assert!(
            entries
                .iter()
                .all(|(k, _, _)| !k.contains("default-configuration"))
        );
    }

    #[test]
    fn own_defaults_by_namespace_and_version_in_ascending_order() {
        let defaults = "\
taskmanager.numberOfTaskSlots: 8
kubernetes.operator.default-configuration.namespace.ns.taskmanager.memory.managed.fraction: 0.2
kubernetes.operator.default-configuration.flink-version.v1_17+.taskmanager.memory.network.max: 1g
kubernetes.operator.default-configuration.flink-version.v1_16+.taskmanager.memory.network.max: 2g
kubernetes.operator.default-configuration.flink-version.v1_19+.taskmanager.memory.network.max: 3g
";
        let text = APP.replace("    taskmanager.numberOfTaskSlots: \"2\"\n", "");
        let entries = translate_text(&text, Some(defaults));
        assert_eq!(
            value(&entries, "taskmanager.memory.managed.fraction"),
            Some("0.2")
        );
        // v1_16+ then v1_17+ (v1_19+ does not apply to 1.18): the newer prefix wins.
        assert_eq!(
            value(&entries, "taskmanager.memory.network.max"),
            Some("1g")
        );
        assert_eq!(value(&entries, "parallelism.default"), Some("24"));
    }

    #[test]
    fn session_clusters_standalone_mode_and_ha() {
        let session = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: s}
spec:
  flinkVersion: v1_16
  mode: standalone
  flinkConfiguration:
    high-availability.type: kubernetes
  taskManager: {resource: {memory: 2g, cpu: 1}}
";
        let entries = translate_text(session, None);
        assert_eq!(value(&entries, "execution.target"), Some("remote"));
        assert_eq!(value(&entries, "high-availability.cluster-id"), Some("s"));
        assert_eq!(value(&entries, "kubernetes.taskmanager.cpu"), Some("1.0"));
        assert_eq!(value(&entries, "kubernetes.namespace"), None);
    }

    #[test]
    fn nested_configuration_flattens_and_lists_join() {
        let text = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: n}
spec:
  flinkVersion: v2_0
  flinkConfiguration:
    taskmanager:
      numberOfTaskSlots: 4
      memory: {managed: {fraction: 0.5}}
    env.java.opts.all: [-Da=1, -Db=2]
    web.cancel.enable: yes
";
        let entries = translate_text(text, None);
        assert_eq!(value(&entries, "taskmanager.numberOfTaskSlots"), Some("4"));
        assert_eq!(
            value(&entries, "taskmanager.memory.managed.fraction"),
            Some("0.5")
        );
        assert_eq!(value(&entries, "env.java.opts.all"), Some("-Da=1;-Db=2"));
        assert_eq!(value(&entries, "web.cancel.enable"), Some("true"));
    }

    #[test]
    fn a_session_job_runs_on_its_deployment() {
        let text = format!(
            "{APP}---\napiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata: {{name: j, namespace: ns}}\nspec:\n  deploymentName: app\n  job: {{parallelism: 3}}\n  flinkConfiguration: {{pipeline.name: nightly}}\n"
        );
        let manifest = read(SourceFile::new("m.yaml", text), &Options::default());
        let job = &manifest.units[1];
        assert_eq!(job.label().kind, crate::kubernetes::Kind::FlinkSessionJob);
        assert_eq!(job.version, FlinkVersion::V1_18);
        let config = crate::config::Config::new(job.version, Some(job.file.clone()), &[]);
        let get = |k: &str| config.get(k).map(|e| e.value.text.clone());
        assert_eq!(
            get("taskmanager.memory.process.size").as_deref(),
            Some("4 gb")
        );
        assert_eq!(get("pipeline.name").as_deref(), Some("nightly"));
        assert_eq!(get("parallelism.default").as_deref(), Some("3"));
    }

    #[test]
    fn manifest_problems_are_reported_not_fatal() {
        let text = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: p}
spec:
  flinkVersion: v9_9
  flinkConfiguration: [a, b]
  taskManager: {replicas: many}
";
        let manifest = read(
            SourceFile::new("m.yaml", text.to_owned()),
            &Options::default(),
        );
        let problems: Vec<&str> = manifest.units[0]
            .info()
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("replicas must be a whole number"));
        assert!(problems[1].contains("v9_9"));
        assert!(problems[2].contains("must be a mapping"));
    }
}
