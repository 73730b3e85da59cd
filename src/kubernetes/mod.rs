//! Flink configurations where Kubernetes users keep them: `FlinkDeployment` and
//! `FlinkSessionJob` manifests of the Flink Kubernetes Operator, and `ConfigMap`s that carry a
//! whole `flink-conf.yaml` or `config.yaml`, in any YAML stream (`helm template` output,
//! `kubectl get -o yaml` lists, kustomize builds).
//!
//! [`read`] turns one file into the configurations it holds, each a [`ConfigFile`] whose
//! positions are the manifest's own, so every command and rule works on it unchanged.

pub mod document;
pub mod embedded;
pub mod operator;
pub mod quantity;
pub mod yaml;

pub use document::{Kind, Label};
pub use operator::defaults::OperatorDefaults;
pub use operator::spec::{DeploymentFacts, ManifestInfo, Problem, ProcessSpec};

use std::path::Path;

use crate::config::load::{assumed_version, dialect_for_name};
use crate::config::{ConfigFile, Dialect, Entry, Origin, SourceFile, Span};
use crate::version::FlinkVersion;
use embedded::OffsetMap;

/// One Flink configuration found in a manifest.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The configuration, positions in the manifest; `file.manifest` says which document.
    pub file: ConfigFile,
    pub version: FlinkVersion,
    pub version_assumed: bool,
    /// For a `ConfigMap`: the file as the container sees it, with the way back to the
    /// manifest (the lint rules read the file's own lines).
    pub embedded: Option<(ConfigFile, OffsetMap)>,
}

impl Unit {
    pub fn info(&self) -> &ManifestInfo {
        self.file
            .manifest
            .as_deref()
            .expect("a unit always comes from a manifest")
    }

    pub fn label(&self) -> &Label {
        &self.info().label
    }
}

/// Everything a manifest file holds.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub source: SourceFile,
    pub units: Vec<Unit>,
    /// Where the YAML stream stopped being readable (the documents before it are kept).
    pub error: Option<(String, Span)>,
}

/// How to read manifests: the version the command line asks for and the operator's defaults.
#[derive(Debug, Clone)]
pub struct Options {
    pub flink_version: Option<FlinkVersion>,
    pub defaults: OperatorDefaults,
    /// Deployments found in other files of the run, for session jobs that name them.
    pub clusters: Vec<Cluster>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            flink_version: None,
            defaults: OperatorDefaults::chart(),
            clusters: Vec::new(),
        }
    }
}

/// Whether a file's text holds at least one document flinkmem reads as a manifest. Cheap for
/// anything that is not one.
pub fn is_manifest(text: &str) -> bool {
    document::may_hold_flink(text) && {
        let stream = yaml::read(text);
        !document::recognise(&stream.documents).is_empty()
    }
}

/// Reads a manifest file from disk (`None` when the file is not a manifest).
pub fn read_path(path: &Path, options: &Options) -> std::io::Result<Option<Manifest>> {
    let bytes = crate::config::input::read(path)?;
    let source = SourceFile::from_bytes(path, bytes);
    if !is_manifest(source.text()) {
        return Ok(None);
    }
    Ok(Some(read(source, options)))
}

/// Reads every Flink configuration in a manifest.
pub fn read(source: SourceFile, options: &Options) -> Manifest {
    let stream = yaml::read(source.text());
    let mut units: Vec<Unit> = Vec::new();
    for found in document::recognise(&stream.documents) {
        let label = found.label(&source);
        match found.label_kind {
            Kind::ConfigMap => {
                if let Some(unit) = config_map(&source, found.node, label, options.flink_version) {
                    units.push(unit);
                }
            }
            Kind::FlinkDeployment | Kind::FlinkSessionJob => {
                let translation = operator::config_builder::translate(
                    &source,
                    found.node,
                    label,
                    options.flink_version,
                    &options.defaults,
                );
                units.push(Unit {
                    file: translation.file,
                    version: translation.version,
                    version_assumed: translation.version_assumed,
                    embedded: None,
                });
            }
        }
    }
    attach_session_jobs(&mut units, &options.clusters);
    Manifest {
        source,
        units,
        error: stream.error.map(|e| (e.message, e.span)),
    }
}

/// A `FlinkDeployment`'s configuration, for the `FlinkSessionJob`s that run on it.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub namespace: Option<String>,
    pub name: String,
    pub entries: Vec<Entry>,
    pub dialect: Dialect,
    pub version: FlinkVersion,
    pub version_assumed: bool,
}

impl Cluster {
    fn of(unit: &Unit) -> Self {
        Self {
            namespace: unit.label().namespace.clone(),
            name: unit.label().name.clone(),
            entries: unit.file.parsed.entries.clone(),
            dialect: unit.file.dialect,
            version: unit.version,
            version_assumed: unit.version_assumed,
        }
    }
}

/// The deployments of a manifest as clusters for session jobs in other files: their entries
/// lose their positions (which belong to that file) and name where they come from.
pub fn clusters_of(manifest: &Manifest) -> Vec<Cluster> {
    let path = crate::config::source::display_path(manifest.source.path());
    manifest
        .units
        .iter()
        .filter(|u| u.label().kind == Kind::FlinkDeployment)
        .map(|unit| {
            let mut cluster = Cluster::of(unit);
            let why = format!("from its cluster, {} in {path}", unit.label());
            for entry in &mut cluster.entries {
                entry.key_span = None;
                entry.value_span = None;
                entry.parent_spans.clear();
                entry.origin = Origin::Operator { why: why.clone() };
            }
            cluster
        })
        .collect()
}

/// A `FlinkSessionJob` runs on its `FlinkDeployment`'s cluster: when that deployment is in the
/// same file (or among `external`, from the other files of the run), the job's configuration is
/// the cluster's plus the job's own settings.
fn attach_session_jobs(units: &mut [Unit], external: &[Cluster]) {
    let local: Vec<Cluster> = units
        .iter()
        .filter(|u| u.label().kind == Kind::FlinkDeployment)
        .map(Cluster::of)
        .collect();
    for unit in units
        .iter_mut()
        .filter(|u| u.label().kind == Kind::FlinkSessionJob)
    {
        let info = unit.info();
        let wanted = info
            .deployment
            .as_ref()
            .and_then(|d| d.deployment_name.as_ref())
            .map(|f| f.value.clone());
        let namespace = info.label.namespace.clone();
        let Some(cluster) = local
            .iter()
            .chain(external)
            .find(|c| Some(&c.name) == wanted.as_ref() && c.namespace == namespace)
        else {
            continue;
        };
        let mut entries = cluster.entries.clone();
        entries.append(&mut unit.file.parsed.entries);
        unit.file.parsed.entries = entries;
        unit.file.dialect = cluster.dialect;
        if unit.version_assumed {
            unit.version = cluster.version;
            unit.version_assumed = cluster.version_assumed;
        }
    }
}

/// A `ConfigMap` holding `flink-conf.yaml` and/or `config.yaml`: the one the version reads.
fn config_map(
    source: &SourceFile,
    node: &yaml::Node,
    label: Label,
    flink_version: Option<FlinkVersion>,
) -> Option<Unit> {
    let data = node.get("data")?;
    let legacy = data.entry("flink-conf.yaml");
    let standard = data.entry("config.yaml");
    let (version, (key, value)) = match (flink_version, legacy, standard) {
        (Some(v), Some(l), _) if v.reads_legacy_file() => (Some(v), l),
        (v, _, Some(s)) if v.is_none_or(FlinkVersion::reads_standard_file) => (v, s),
        (v, Some(l), _) => (v, l),
        (v, None, Some(s)) => (v, s),
        (_, None, None) => return None,
    };
    let dialect = dialect_for_name(Path::new(&key.value));
    let mut problems = Vec::new();
    let Some(scalar) = value.as_scalar() else {
        problems.push(Problem {
            message: format!("data.{} must be a string holding the file", key.value),
            span: value.span(),
        });
        return Some(unit_without_file(
            source,
            label,
            problems,
            dialect,
            flink_version,
        ));
    };
    let inner = ConfigFile::parse(
        SourceFile::new(source.path(), scalar.value.clone()),
        dialect,
    );
    let map = OffsetMap::of(scalar, source.text());
    let mut file = map.relocate(inner.clone(), source.clone());
    file.manifest = Some(Box::new(ManifestInfo {
        label,
        deployment: None,
        problems,
        manifest_version: None,
    }));
    let version_assumed = version.is_none();
    Some(Unit {
        file,
        version: version.unwrap_or_else(|| assumed_version(dialect)),
        version_assumed,
        embedded: Some((inner, map)),
    })
}

fn unit_without_file(
    source: &SourceFile,
    label: Label,
    problems: Vec<Problem>,
    dialect: Dialect,
    version: Option<FlinkVersion>,
) -> Unit {
    let mut file = ConfigFile::parse(SourceFile::new(source.path(), String::new()), dialect);
    file.source = source.clone();
    file.manifest = Some(Box::new(ManifestInfo {
        label,
        deployment: None,
        problems,
        manifest_version: None,
    }));
    Unit {
        file,
        version: version.unwrap_or_else(|| assumed_version(dialect)),
        version_assumed: version.is_none(),
        embedded: None,
    }
}
