//! `flinkmem calc`: both memory budgets of a configuration (or of Flink's shipped default), and
//! the what-if comparison with another file, more overrides or another Flink version.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{ConfigArgs, ExitStatus, ManifestArgs, Output};
use crate::config::effective::parse_override;
use crate::config::load::load_path;
use crate::config::shipped::shipped_default;
use crate::config::{Config, Dialect};
use crate::render::calc::{diff, json, markdown, text};
use crate::sizing::{Calculation, Source};
use crate::version::FlinkVersion;

/// Output format of `calc` and `fit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CalcFormat {
    /// Flink's log trees with provenance, for people
    Text,
    /// A stable JSON document (schema: `flinkmem schema calc`)
    Json,
    /// Tables and mermaid pie charts, for GitHub step summaries and PR comments
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct CalcArgs {
    /// A flink-conf.yaml or config.yaml file, or a conf directory. Without it: Flink's shipped
    /// default configuration for the chosen version
    path: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    /// What-if: compare with this file or conf directory
    #[arg(long, value_name = "PATH")]
    diff: Option<PathBuf>,
    /// What-if: compare with the same configuration plus this override (repeatable)
    #[arg(long = "diff-set", value_name = "KEY=VALUE", value_parser = parse_override)]
    diff_set: Vec<(String, String)>,
    /// What-if: compare with another Flink version
    #[arg(long = "diff-flink-version", value_name = "VERSION")]
    diff_flink_version: Option<FlinkVersion>,
    #[arg(long, value_enum, default_value = "text")]
    format: CalcFormat,
}

/// Whether the text output may use colour: stdout is a terminal and `NO_COLOR` (or
/// `CLICOLOR=0`) does not forbid it.
pub(crate) fn use_color() -> bool {
    let stdout = std::io::stdout();
    stdout.is_terminal() && anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never
}

/// A note when the file's dialect is one this version does not read by itself.
fn dialect_note(dialect: Dialect, version: FlinkVersion) -> Option<String> {
    match dialect {
        Dialect::Legacy if !version.reads_legacy_file() => Some(format!(
            "Flink {version} reads only config.yaml; this flink-conf.yaml is read the way Flink 1.x reads it"
        )),
        Dialect::Standard if !version.reads_standard_file() => Some(format!(
            "Flink {version} reads only flink-conf.yaml; this file is read as standard YAML, as Flink 1.19 and later read config.yaml"
        )),
        _ => None,
    }
}

/// Loads one configuration and derives it: a file, a conf dir, the shipped default, or the one
/// Flink document of a manifest (`--document` picks one when there are several).
pub(crate) fn calculate(
    path: Option<&Path>,
    version: Option<FlinkVersion>,
    overrides: &[(String, String)],
    labels: Vec<String>,
    manifest: &ManifestArgs,
) -> Result<Calculation, String> {
    let mut all = calculate_all(path, version, overrides, labels, manifest)?;
    if all.len() == 1 {
        return Ok(all.remove(0));
    }
    let names: Vec<String> = all.iter().filter_map(document_name).collect();
    Err(format!(
        "{} holds {} Flink configurations ({}): choose one with --document NAME",
        path.map_or_else(String::new, |p| p.display().to_string()),
        all.len(),
        names.join(", ")
    ))
}

/// `namespace/name` of the manifest document a calculation comes from.
pub(crate) fn document_name(calculation: &Calculation) -> Option<String> {
    calculation
        .config
        .file()
        .and_then(|f| f.manifest.as_deref())
        .map(|m| m.label.qualified_name())
}

/// Whether a `--document` argument names this document (`name` or `namespace/name`).
fn document_matches(wanted: &str, label: &crate::kubernetes::Label) -> bool {
    wanted == label.name || wanted == label.qualified_name()
}

/// Every configuration a path holds, derived: one for a config file, conf dir or the shipped
/// default; one per Flink document for a manifest.
pub(crate) fn calculate_all(
    path: Option<&Path>,
    version: Option<FlinkVersion>,
    overrides: &[(String, String)],
    labels: Vec<String>,
    manifest: &ManifestArgs,
) -> Result<Vec<Calculation>, String> {
    if let Some(path) = path.filter(|p| !p.is_dir()) {
        let options = manifest.options(version)?;
        // A file that cannot be read is reported by the plain loader below, in its words.
        if let Ok(Some(read)) = crate::kubernetes::read_path(path, &options) {
            return manifest_calculations(path, &read, overrides, &labels, manifest);
        }
    }
    if manifest.document.is_some() {
        return Err("--document applies to Kubernetes manifests only".to_owned());
    }
    calculate_file(path, version, overrides, labels).map(|c| vec![c])
}

fn manifest_calculations(
    path: &Path,
    read: &crate::kubernetes::Manifest,
    overrides: &[(String, String)],
    labels: &[String],
    manifest: &ManifestArgs,
) -> Result<Vec<Calculation>, String> {
    let stream_note = read.error.as_ref().map(|(message, span)| {
        format!(
            "{}:{}: {message} (the documents after it are not read)",
            path.display(),
            read.source.line_col(span.start)
        )
    });
    let units: Vec<&crate::kubernetes::Unit> = read
        .units
        .iter()
        .filter(|u| u.label().kind != crate::kubernetes::Kind::FlinkSessionJob)
        .filter(|u| {
            manifest
                .document
                .as_deref()
                .is_none_or(|wanted| document_matches(wanted, u.label()))
        })
        .collect();
    if units.is_empty() {
        return Err(match (&manifest.document, stream_note) {
            (Some(wanted), _) => format!(
                "{}: no FlinkDeployment or ConfigMap named {wanted}",
                path.display()
            ),
            (None, Some(note)) => note,
            (None, None) => format!(
                "{}: no FlinkDeployment or Flink ConfigMap in it (a FlinkSessionJob runs on its deployment's cluster)",
                path.display()
            ),
        });
    }
    Ok(units
        .into_iter()
        .map(|unit| {
            let mut notes: Vec<String> = stream_note.iter().cloned().collect();
            let info = unit.info();
            for problem in &info.problems {
                notes.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    read.source.line_col(problem.span.start),
                    problem.message
                ));
            }
            if let Some(given) = info.manifest_version.filter(|v| *v != unit.version) {
                notes.push(format!(
                    "spec.flinkVersion says Flink {given}; computed for Flink {} as --flink-version asks",
                    unit.version
                ));
            }
            let config = Config::new(unit.version, Some(unit.file.clone()), overrides);
            let mut calculation = Calculation::run(config, Source::File(path.to_owned()));
            calculation.version_assumed = unit.version_assumed;
            calculation.notes = notes;
            calculation.override_labels = labels.to_vec();
            calculation
        })
        .collect())
}

/// Loads a configuration (a file, a conf dir, or the shipped default) and derives it.
fn calculate_file(
    path: Option<&Path>,
    version: Option<FlinkVersion>,
    overrides: &[(String, String)],
    labels: Vec<String>,
) -> Result<Calculation, String> {
    let (file, source, version, version_assumed, notes) = match path {
        None => {
            let chosen = version.unwrap_or(FlinkVersion::LATEST);
            (
                shipped_default(chosen),
                Source::Shipped,
                chosen,
                version.is_none(),
                Vec::new(),
            )
        }
        Some(path) => {
            let loaded = load_path(path, version).map_err(|e| e.to_string())?;
            let mut notes: Vec<String> = loaded
                .ignored
                .iter()
                .map(|(path, why)| format!("{} is ignored: {why}", path.display()))
                .collect();
            notes.extend(dialect_note(loaded.file.dialect, loaded.version));
            let source = Source::File(loaded.file.source.path().to_owned());
            (
                loaded.file,
                source,
                loaded.version,
                loaded.version_assumed,
                notes,
            )
        }
    };
    let config = Config::new(version, Some(file), overrides);
    let mut calculation = Calculation::run(config, source);
    calculation.version_assumed = version_assumed;
    calculation.notes = notes;
    calculation.override_labels = labels;
    Ok(calculation)
}

fn set_labels(count: usize, flag: &str) -> impl Iterator<Item = String> + '_ {
    (1..=count).map(move |n| format!("{flag} #{n}"))
}

pub(crate) fn run(args: &CalcArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let overrides = &args.config.overrides;
    let labels: Vec<String> = set_labels(overrides.len(), "--set").collect();
    let what_if =
        args.diff.is_some() || !args.diff_set.is_empty() || args.diff_flink_version.is_some();
    if !what_if {
        let all = match calculate_all(
            args.path.as_deref(),
            args.config.flink_version,
            overrides,
            labels,
            &args.config.manifest,
        ) {
            Ok(all) => all,
            Err(message) => {
                writeln!(output.err, "error: {message}")?;
                return Ok(ExitStatus::Error);
            }
        };
        let accepted = all.iter().all(Calculation::is_accepted);
        write_calculations(&all, args.format, output)?;
        return Ok(status(accepted));
    }
    let before = match calculate(
        args.path.as_deref(),
        args.config.flink_version,
        overrides,
        labels.clone(),
        &args.config.manifest,
    ) {
        Ok(calculation) => calculation,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let mut after_overrides = overrides.clone();
    after_overrides.extend(args.diff_set.iter().cloned());
    let mut after_labels = labels;
    after_labels.extend(set_labels(args.diff_set.len(), "--diff-set"));
    let after_version = args
        .diff_flink_version
        .or(args.config.flink_version)
        .unwrap_or_else(|| before.config.version());
    let after_path = args.diff.as_deref().or(args.path.as_deref());
    let mut after = match calculate(
        after_path,
        Some(after_version),
        &after_overrides,
        after_labels,
        &args.config.manifest,
    ) {
        Ok(calculation) => calculation,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    after.version_assumed = args.diff_flink_version.is_none() && before.version_assumed;
    let accepted = before.is_accepted() && after.is_accepted();
    match args.format {
        CalcFormat::Text => write!(output.out, "{}", diff::text(&before, &after))?,
        CalcFormat::Markdown => write!(output.out, "{}", diff::markdown(&before, &after))?,
        CalcFormat::Json => {
            let json = serde_json::to_string_pretty(&diff::json(&before, &after))
                .map_err(std::io::Error::other)?;
            writeln!(output.out, "{json}")?;
        }
    }
    Ok(status(accepted))
}

fn status(accepted: bool) -> ExitStatus {
    if accepted {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

/// One report per configuration: text reports one after the other, JSON as an array when a
/// manifest holds several.
fn write_calculations(
    all: &[Calculation],
    format: CalcFormat,
    output: &mut Output<'_>,
) -> std::io::Result<()> {
    match (all, format) {
        ([one], _) => write_calculation(one, format, output),
        (_, CalcFormat::Json) => {
            let reports: Vec<_> = all.iter().map(json::report).collect();
            let json = serde_json::to_string_pretty(&reports).map_err(std::io::Error::other)?;
            writeln!(output.out, "{json}")
        }
        _ => {
            for (index, calculation) in all.iter().enumerate() {
                if index > 0 {
                    writeln!(output.out)?;
                }
                write_calculation(calculation, format, output)?;
            }
            Ok(())
        }
    }
}

fn write_calculation(
    calculation: &Calculation,
    format: CalcFormat,
    output: &mut Output<'_>,
) -> std::io::Result<()> {
    match format {
        CalcFormat::Text => {
            let options = text::TextOptions { color: use_color() };
            write!(output.out, "{}", text::render(calculation, options))
        }
        CalcFormat::Markdown => write!(output.out, "{}", markdown::render(calculation)),
        CalcFormat::Json => {
            let json = serde_json::to_string_pretty(&json::report(calculation))
                .map_err(std::io::Error::other)?;
            writeln!(output.out, "{json}")
        }
    }
}
