//! The *sarif* lint report: SARIF 2.1.0 as GitHub code scanning accepts it, with every rule
//! (help text and help URI), one result per finding, and a `partialFingerprints` entry computed
//! from the file, the Flink key and the rule, so alerts survive lines moving.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::lint::{LintRun, Severity, display_path};
use crate::rules::{RULES, RuleMeta};

#[derive(Debug, Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    automation_details: AutomationDetails,
    column_kind: &'static str,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
}

#[derive(Debug, Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Debug, Serialize)]
struct Text {
    text: String,
}

#[derive(Debug, Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Debug, Serialize)]
struct AutomationDetails {
    id: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Debug, Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: HashMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    /// For a Kubernetes manifest: the document (`FlinkDeployment/namespace/name`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Debug, Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `security-severity`-free severity scale for non-security alerts.
fn problem_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "recommendation",
    }
}

/// A path as a relative URI reference: `/` separators, reserved characters escaped.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn rule(meta: &'static RuleMeta) -> Rule {
    let summary = meta.summary();
    Rule {
        id: meta.code,
        name: meta.name,
        short_description: Text {
            text: summary.clone(),
        },
        full_description: Text { text: summary },
        help: Help {
            text: meta.doc.to_owned(),
            markdown: meta.doc.to_owned(),
        },
        help_uri: meta.url(),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags: vec!["flink", meta.category.as_str()],
            precision: "very-high",
            problem_severity: problem_severity(meta.severity),
        },
    }
}

pub fn render(run: &LintRun) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let results = run
        .findings()
        .map(|(file, finding)| {
            let path = file.display_path();
            let at = file.region(finding.span);
            let key = finding.key.as_deref().unwrap_or("");
            // The n-th finding of the same file, key and rule keeps its own fingerprint.
            let document = file
                .document
                .as_ref()
                .map(crate::kubernetes::Label::qualified_name)
                .unwrap_or_default();
            let identity = format!("{path}\0{document}\0{key}\0{}", finding.code());
            let occurrence = seen.entry(identity).or_insert(0);
            *occurrence += 1;
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            SarifResult {
                rule_id: finding.code(),
                rule_index: RULES
                    .iter()
                    .position(|r| r.meta.code == finding.code())
                    .unwrap_or(0),
                level: level(finding.severity),
                message: Text { text: message },
                locations: vec![Location {
                    logical_locations: file
                        .document
                        .iter()
                        .map(|d| LogicalLocation {
                            name: d.qualified_name(),
                            fully_qualified_name: format!("{}/{}", d.kind, d.qualified_name()),
                            kind: "resource",
                        })
                        .collect(),
                    ..location(&path, at.line, at.column, at.end_line, at.end_column)
                }],
                partial_fingerprints: HashMap::from([(
                    "flinkmem/v1",
                    // A manifest's documents each add their name; plain files keep the
                    // fingerprint they always had.
                    if document.is_empty() {
                        fingerprint(&[&path, key, finding.code(), &occurrence.to_string()])
                    } else {
                        fingerprint(&[
                            &path,
                            &document,
                            key,
                            finding.code(),
                            &occurrence.to_string(),
                        ])
                    },
                )]),
            }
        })
        .collect();
    let notifications = run
        .errors
        .iter()
        .map(|e| Notification {
            level: "error",
            message: Text {
                text: e.message.clone(),
            },
            locations: vec![location(
                &display_path(&e.path),
                e.line,
                e.column,
                e.line,
                e.column,
            )],
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "flinkmem",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: Some(env!("CARGO_PKG_REPOSITORY")).filter(|r| !r.is_empty()),
                    rules: RULES.iter().map(|r| rule(r.meta)).collect(),
                },
            },
            automation_details: AutomationDetails { id: "flinkmem/" },
            column_kind: "unicodeCodePoints",
            invocations: vec![Invocation {
                execution_successful: run.errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn location(
    path: &str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(path) },
            region: Region {
                start_line: line,
                start_column: column,
                end_line,
                end_column,
            },
        },
        logical_locations: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_fingerprints_are_stable() {
        assert_eq!(
            uri("conf dir/flink-conf.yaml"),
            "conf%20dir/flink-conf.yaml"
        );
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&[]), "cbf29ce484222325");
    }
}
