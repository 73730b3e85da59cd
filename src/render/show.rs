//! The `show` report: the effective configuration as one Flink version reads it.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::KeyKind;
use crate::config::sensitive::display_value;
use crate::config::{Config, Dialect, Entry, Origin};

/// Where a shown value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ShownOrigin {
    /// Written in the file at this 1-based line and column (of the value).
    File {
        path: String,
        line: usize,
        column: usize,
    },
    /// The n-th (1-based) `--set` / `-D` argument.
    CommandLine { argument: usize },
    /// Taken by the Kubernetes operator from a manifest field (`field`), written at this
    /// line and column of the manifest.
    Manifest {
        field: String,
        path: String,
        line: usize,
        column: usize,
    },
    /// Set by the Kubernetes operator on its own (`why` says how).
    Operator { why: String },
    /// Not set: the option's default in this version.
    Default,
}

/// One key of the effective configuration.
#[derive(Debug, Clone, Serialize)]
pub struct ShownEntry {
    pub key: String,
    /// The value as Flink stores it; `******` for sensitive keys; null for an option without
    /// a default.
    pub value: Option<String>,
    pub origin: ShownOrigin,
    /// Whether the key (or a pattern it matches) is an option of this version.
    pub known: bool,
    /// The current key when this key is a deprecated spelling of it (with several, the one to
    /// write: the others fall back to it).
    pub deprecated_for: Option<String>,
    /// Every option this deprecated key stands for, when there are several (`web.port`:
    /// `rest.bind-port` and `rest.port`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stands_for: Vec<String>,
    /// The key whose value Flink uses instead, when a newer spelling is also set.
    pub overridden_by: Option<String>,
    /// Earlier places that set the same key; this value replaced theirs.
    pub replaces: Vec<ShownOrigin>,
}

/// The whole `show` report.
#[derive(Debug, Clone, Serialize)]
pub struct ShowReport {
    pub flink_version: String,
    /// True when the version was inferred rather than given with `--flink-version`.
    pub version_assumed: bool,
    pub file: Option<String>,
    pub dialect: Option<Dialect>,
    /// The Kubernetes document the configuration came from, when `file` is a manifest: the
    /// entries are then the configuration the operator hands to Flink.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<crate::kubernetes::Label>,
    pub entries: Vec<ShownEntry>,
    /// Things the reader must know: a file Flink would reject, files it ignores.
    pub notes: Vec<String>,
}

/// Builds the report; `with_defaults` adds every option left at its default.
pub fn build(
    config: &Config,
    version_assumed: bool,
    notes: Vec<String>,
    with_defaults: bool,
) -> ShowReport {
    let catalog = config.catalog();
    let file = config.file();
    let path = file.map(|f| f.source.path().display().to_string());
    let mut by_key: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for entry in config.all_entries() {
        by_key.entry(entry.key.as_str()).or_default().push(entry);
    }
    let mut entries: Vec<ShownEntry> = config
        .effective_entries()
        .into_iter()
        .map(|entry| {
            let kind = catalog.classify(&entry.key);
            let (deprecated_for, overridden_by) = match kind {
                KeyKind::Alternative { option, deprecated } => {
                    let shadowed = config.get(&option.key).is_some()
                        || option
                            .alternatives
                            .iter()
                            .take_while(|a| a.key != entry.key)
                            .any(|a| config.get(a.key).is_some());
                    let winner = config.resolve_option(option).map(|r| {
                        r.via
                            .map_or_else(|| option.key.to_string(), ToOwned::to_owned)
                    });
                    (
                        deprecated.then(|| {
                            catalog
                                .recommended_replacement(&entry.key)
                                .map_or_else(|| option.key.to_string(), |o| o.key.to_string())
                        }),
                        if shadowed { winner } else { None },
                    )
                }
                _ => (None, None),
            };
            let replaces = by_key[entry.key.as_str()]
                .iter()
                .filter(|e| !std::ptr::eq(**e, entry))
                .map(|e| origin_of(e, config, path.as_deref()))
                .collect();
            ShownEntry {
                key: entry.key.clone(),
                value: Some(display_value(&entry.key, &entry.value.text).into_owned()),
                origin: origin_of(entry, config, path.as_deref()),
                known: kind.is_known(),
                stands_for: {
                    let all = catalog.replacements(&entry.key);
                    if all.len() > 1 {
                        all.iter().map(|o| o.key.to_string()).collect()
                    } else {
                        Vec::new()
                    }
                },
                deprecated_for,
                overridden_by,
                replaces,
            }
        })
        .collect();
    if with_defaults {
        for option in catalog.options() {
            if option.is_pattern() || config.resolve_option(option).is_some() {
                continue;
            }
            entries.push(ShownEntry {
                key: option.key.to_string(),
                value: option
                    .default
                    .as_deref()
                    .map(|d| display_value(&option.key, d).into_owned()),
                origin: ShownOrigin::Default,
                known: true,
                deprecated_for: None,
                stands_for: Vec::new(),
                overridden_by: None,
                replaces: Vec::new(),
            });
        }
    }
    ShowReport {
        flink_version: config.version().to_string(),
        version_assumed,
        file: path,
        dialect: file.map(|f| f.dialect),
        document: file
            .and_then(|f| f.manifest.as_deref())
            .map(|m| m.label.clone()),
        entries,
        notes,
    }
}

fn origin_of(entry: &Entry, config: &Config, path: Option<&str>) -> ShownOrigin {
    match (&entry.origin, config.file()) {
        (Origin::CommandLine { index }, _) => ShownOrigin::CommandLine {
            argument: index + 1,
        },
        (Origin::File, Some(file)) => {
            let at = entry.value_span.or(entry.key_span).map_or(0, |s| s.start);
            let lc = file.source.line_col(at);
            ShownOrigin::File {
                path: path.unwrap_or_default().to_owned(),
                line: lc.line,
                column: lc.column,
            }
        }
        (Origin::File, None) => ShownOrigin::Default,
        (Origin::Manifest { field }, file) => {
            let at = entry.value_span.or(entry.key_span).map_or(0, |s| s.start);
            let lc = file.map_or(crate::config::LineCol { line: 1, column: 1 }, |f| {
                f.source.line_col(at)
            });
            ShownOrigin::Manifest {
                field: field.clone(),
                path: path.unwrap_or_default().to_owned(),
                line: lc.line,
                column: lc.column,
            }
        }
        (Origin::Operator { why }, _) => ShownOrigin::Operator { why: why.clone() },
    }
}

fn origin_text(origin: &ShownOrigin) -> String {
    match origin {
        ShownOrigin::File { path, line, column } => format!("{path}:{line}:{column}"),
        ShownOrigin::CommandLine { argument } => format!("command line (--set #{argument})"),
        ShownOrigin::Default => "default".to_owned(),
        ShownOrigin::Manifest {
            field,
            path,
            line,
            column,
        } => format!("{field} at {path}:{line}:{column}"),
        ShownOrigin::Operator { why } => format!("operator: {why}"),
    }
}

/// Makes control characters visible so one entry stays on one line.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The text form: a header line, one aligned row per key, then the notes.
pub fn to_text(report: &ShowReport) -> String {
    let mut out = String::new();
    let assumed = if report.version_assumed {
        " (assumed; choose with --flink-version)"
    } else {
        ""
    };
    match (&report.file, report.dialect) {
        (Some(file), Some(dialect)) if report.document.is_some() => {
            let document = report.document.as_ref();
            let label = document.map(ToString::to_string).unwrap_or_default();
            if document.is_some_and(|d| d.kind == crate::kubernetes::Kind::ConfigMap) {
                let _ = writeln!(
                    out,
                    "# {file}: {label}, its {} as Flink {}{assumed} reads it",
                    dialect.file_name(),
                    report.flink_version
                );
            } else {
                let _ = writeln!(
                    out,
                    "# {file}: {label}, as the Kubernetes operator hands it to Flink {}{assumed}",
                    report.flink_version
                );
            }
        }
        (Some(file), Some(dialect)) => {
            let _ = writeln!(
                out,
                "# {file} ({dialect}) as Flink {}{assumed} reads it",
                report.flink_version
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "# configuration as Flink {}{assumed} reads it",
                report.flink_version
            );
        }
    }
    let rows: Vec<[String; 4]> = report
        .entries
        .iter()
        .map(|e| {
            let origin = origin_text(&e.origin);
            let mut remarks = Vec::new();
            if !e.replaces.is_empty() {
                let places: Vec<String> = e
                    .replaces
                    .iter()
                    .map(|origin| match origin {
                        ShownOrigin::Operator { why } => format!("from {why}"),
                        other => format!("at {}", origin_text(other)),
                    })
                    .collect();
                remarks.push(format!("replaces the value {}", places.join(", ")));
            }
            if !e.known {
                remarks.push("unknown key".to_owned());
            }
            if let Some(new) = &e.deprecated_for {
                if e.stands_for.len() > 1 {
                    remarks.push(format!(
                        "deprecated: stands for {}; use {new}",
                        e.stands_for.join(" and ")
                    ));
                } else {
                    remarks.push(format!("deprecated: use {new}"));
                }
            }
            if let Some(winner) = &e.overridden_by {
                remarks.push(format!("ignored: {winner} is also set"));
            }
            [
                printable(&e.key),
                e.value
                    .as_deref()
                    .map_or_else(|| "(none)".to_owned(), printable),
                origin,
                remarks.join("; "),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    for row in &rows {
        let line = format!("{:w0$}  {:w1$}  {:w2$}  {}", row[0], row[1], row[2], row[3]);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if rows.is_empty() {
        let _ = writeln!(out, "(no keys set)");
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}
