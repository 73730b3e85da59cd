//! The *json* lint report (version 1) and its JSON schema (`flinkmem schema lint`).
//!
//! Positions are 1-based; columns count characters; `end_line`/`end_column` point just past the
//! last character (as in SARIF).

use schemars::JsonSchema;
use serde::Serialize;

use crate::config::Dialect;
use crate::lint::{LintRun, Severity};

/// The machine-readable result of `flinkmem lint --format json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "flinkmem lint report")]
pub struct JsonReport {
    /// The report format's version; changes only incompatibly.
    pub version: u32,
    /// Every linted file, in the order they were linted.
    pub files: Vec<JsonFile>,
    /// Every finding, by file, then position.
    pub findings: Vec<JsonFinding>,
    /// With `--fix`: every fix applied before the findings above were computed. With `--diff`:
    /// every fix `--fix` would apply to the files the findings above describe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<JsonAppliedFix>,
}

/// A fix `lint --fix` applied.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonAppliedFix {
    pub path: String,
    /// The line of the finding, in the file as it was when the fix was applied.
    pub line: usize,
    pub code: String,
    pub key: Option<String>,
    pub title: String,
    /// `safe` (both memory budgets unchanged) or `unsafe`.
    pub safety: JsonSafety,
    /// The text replaced (sensitive values masked); several edits are joined with ` | `.
    pub old: String,
    pub new: String,
    /// Whether the file was written with it (`false` under `--diff`, which writes nothing).
    pub written: bool,
}

/// Whether a fix keeps what Flink computes.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum JsonSafety {
    Safe,
    Unsafe,
}

impl From<crate::lint::Safety> for JsonSafety {
    fn from(safety: crate::lint::Safety) -> Self {
        match safety {
            crate::lint::Safety::Safe => Self::Safe,
            crate::lint::Safety::Unsafe => Self::Unsafe,
        }
    }
}

/// The fix a finding offers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonFix {
    pub title: String,
    pub safety: JsonSafety,
}

/// A linted file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonFile {
    pub path: String,
    /// `legacy` for `flink-conf.yaml`, `standard` for `config.yaml`.
    pub dialect: JsonDialect,
    /// The Flink version the file was checked against.
    pub flink_version: String,
    /// For a Kubernetes manifest: the document checked (a file has one entry per document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<JsonDocument>,
}

/// A Kubernetes document: its kind and `namespace/name`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonDocument {
    /// `FlinkDeployment`, `FlinkSessionJob` or `ConfigMap`.
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    /// The Helm template it was rendered from (`# Source:`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helm_source: Option<String>,
}

impl JsonDocument {
    fn of(label: &crate::kubernetes::Label) -> Self {
        Self {
            kind: label.kind.as_str().to_owned(),
            namespace: label.namespace.clone(),
            name: label.name.clone(),
            helm_source: label.helm_source.clone(),
        }
    }
}

/// The two configuration file formats.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum JsonDialect {
    Legacy,
    Standard,
}

/// One finding.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonFinding {
    /// The rule's permanent code, e.g. `FM101`.
    pub code: String,
    /// The rule's name, e.g. `unknown-key`.
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The Flink key the finding is about.
    pub key: Option<String>,
    /// For a Kubernetes manifest: the document the finding is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<JsonDocument>,
    /// The fix `lint --fix` would apply (unsafe ones only with `--unsafe-fixes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix>,
}

/// Builds the report.
pub fn report(run: &LintRun) -> JsonReport {
    JsonReport {
        version: 1,
        files: run
            .files
            .iter()
            .map(|f| JsonFile {
                path: f.display_path(),
                dialect: match f.dialect {
                    Dialect::Legacy => JsonDialect::Legacy,
                    Dialect::Standard => JsonDialect::Standard,
                },
                flink_version: f.version.to_string(),
                document: f.document.as_ref().map(JsonDocument::of),
            })
            .collect(),
        findings: run
            .findings()
            .map(|(file, finding)| {
                let at = file.region(finding.span);
                JsonFinding {
                    code: finding.code().to_owned(),
                    name: finding.rule.name.to_owned(),
                    severity: finding.severity,
                    message: finding.message.clone(),
                    help: finding.help.as_deref().map(str::to_owned),
                    path: file.display_path(),
                    line: at.line,
                    column: at.column,
                    end_line: at.end_line,
                    end_column: at.end_column,
                    key: finding.key.clone(),
                    document: file.document.as_ref().map(JsonDocument::of),
                    fix: finding.fix.as_ref().map(|f| JsonFix {
                        title: f.title.clone(),
                        safety: f.safety.into(),
                    }),
                }
            })
            .collect(),
        fixes: Vec::new(),
    }
}

/// The report with the fixes `lint --fix` applied (`written`) or `--diff` proposes.
pub fn render_with_fixes(
    run: &LintRun,
    fixed: &[crate::lint::fix::FixedFile],
    written: bool,
) -> String {
    let mut report = report(run);
    report.fixes = fixed
        .iter()
        .flat_map(|file| {
            file.applied.iter().map(|fix| JsonAppliedFix {
                path: crate::lint::display_path(&file.path),
                line: fix.line,
                code: fix.rule.to_owned(),
                key: fix.key.clone(),
                title: fix.title.clone(),
                safety: fix.safety.into(),
                old: fix.old.clone(),
                new: fix.new.clone(),
                written,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// The report as pretty-printed JSON.
pub fn render(run: &LintRun) -> String {
    let mut text = serde_json::to_string_pretty(&report(run)).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON schema of [`JsonReport`].
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(JsonReport)).unwrap_or_default()
}
