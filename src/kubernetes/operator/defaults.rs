//! The operator's default configuration: the Helm chart's or a cluster's own (read from
//! `--operator-defaults`), and what of it applies to one deployment, as
//! `FlinkConfigManager.getDefaultConfig` picks it (namespace and `flink-version` prefixed
//! defaults).

use std::path::Path;

use super::{operator_version, operator_version_name};
use crate::config::{ConfigFile, Dialect, Entry, Origin, SourceFile, Value};
use crate::kubernetes::{document, embedded, yaml};
use crate::version::FlinkVersion;

/// The operator's default configuration: the Helm chart's, or a cluster's own.
#[derive(Debug, Clone)]
pub struct OperatorDefaults {
    /// `(key, value, where it is written)`, in file order.
    entries: Vec<(String, String, String)>,
}

const CHART_DEFAULTS: &str = include_str!("../operator-defaults.yaml");

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
    pub(super) fn for_deployment(
        &self,
        namespace: Option<&str>,
        version: FlinkVersion,
    ) -> Vec<Entry> {
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

/// Reads a cluster's own operator configuration: a `flink-operator-config` `ConfigMap` manifest,
/// or a plain `flink-conf.yaml` / `config.yaml`.
pub fn read_defaults(path: &Path) -> Result<OperatorDefaults, String> {
    let bytes = crate::config::input::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let source = SourceFile::new(path, text.clone());
    if document::may_hold_flink(&text) {
        let stream = yaml::read(&text);
        for found in document::recognise(&stream.documents) {
            if let Some((key, value)) = document::config_map_file(found.node)
                && let Some(scalar) = value.as_scalar()
            {
                let dialect = crate::config::load::dialect_for_name(Path::new(&key.value));
                let inner = ConfigFile::parse(SourceFile::new(path, scalar.value.clone()), dialect);
                let map = embedded::OffsetMap::of(scalar, &text);
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
