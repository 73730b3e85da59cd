//! `flinkmem show`: the effective configuration as a Flink version reads it.

use std::path::PathBuf;

use clap::Args;

use super::{ConfigArgs, ExitStatus, Output, TextOrJson};
use crate::config::{Config, ConfigFile, Event, SkipReason, load::load_path};
use crate::render::show;

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// A flink-conf.yaml or config.yaml file, or a conf directory
    path: PathBuf,
    #[command(flatten)]
    config: ConfigArgs,
    /// Also list every option left at its default
    #[arg(long)]
    defaults: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: TextOrJson,
}

pub(crate) fn run(args: &ShowArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    if !args.path.is_dir() {
        match manifest_units(args) {
            Ok(Some(configs)) => {
                let reports: Vec<show::ShowReport> = configs
                    .iter()
                    .map(|(config, assumed, notes)| {
                        show::build(config, *assumed, notes.clone(), args.defaults)
                    })
                    .collect();
                match args.format {
                    TextOrJson::Text => {
                        for (index, report) in reports.iter().enumerate() {
                            if index > 0 {
                                writeln!(output.out)?;
                            }
                            write!(output.out, "{}", show::to_text(report))?;
                        }
                    }
                    TextOrJson::Json => {
                        let json = if let [one] = reports.as_slice() {
                            serde_json::to_string_pretty(one)
                        } else {
                            serde_json::to_string_pretty(&reports)
                        }
                        .map_err(std::io::Error::other)?;
                        writeln!(output.out, "{json}")?;
                    }
                }
                return Ok(ExitStatus::Success);
            }
            Ok(None) => {}
            Err(message) => {
                writeln!(output.err, "error: {message}")?;
                return Ok(ExitStatus::Error);
            }
        }
    }
    let loaded = match load_path(&args.path, args.config.flink_version) {
        Ok(loaded) => loaded,
        Err(e) => {
            writeln!(output.err, "error: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let mut notes: Vec<String> = loaded
        .ignored
        .iter()
        .map(|(path, why)| format!("{} is ignored: {why}", path.display()))
        .collect();
    if let Some(rejection) = &loaded.file.parsed.rejection {
        let at = loaded.file.source.line_col(rejection.span.start);
        let message = format!(
            "{}:{at}: Flink rejects this file (\"Error parsing YAML configuration.\"): {}",
            loaded.file.source.path().display(),
            rejection.message
        );
        // A file that is not YAML at all has nothing to show.
        if loaded.file.parsed.entries.is_empty() {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
        notes.push(message);
    }
    notes.extend(skipped_line_notes(&loaded.file));
    let version_assumed = loaded.version_assumed;
    let config = Config::new(loaded.version, Some(loaded.file), &args.config.overrides);
    let report = show::build(&config, version_assumed, notes, args.defaults);
    match args.format {
        TextOrJson::Text => write!(output.out, "{}", show::to_text(&report))?,
        TextOrJson::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            writeln!(output.out, "{json}")?;
        }
    }
    Ok(ExitStatus::Success)
}

/// One configuration of a manifest: the configuration, whether its version was assumed, notes.
type ManifestConfig = (Config, bool, Vec<String>);

/// The configurations of a manifest, each with whether its version was assumed and its notes;
/// `None` when the path is not a manifest.
fn manifest_units(args: &ShowArgs) -> Result<Option<Vec<ManifestConfig>>, String> {
    let options = args.config.manifest.options(args.config.flink_version)?;
    // A file that cannot be read is reported by the plain loader, in its words.
    let Ok(Some(manifest)) = crate::kubernetes::read_path(&args.path, &options) else {
        return Ok(None);
    };
    let path = args.path.display();
    let mut configs = Vec::new();
    for unit in &manifest.units {
        let label = unit.label();
        if let Some(wanted) = &args.config.manifest.document
            && *wanted != label.name
            && *wanted != label.qualified_name()
        {
            continue;
        }
        let mut notes: Vec<String> = unit
            .info()
            .problems
            .iter()
            .map(|p| {
                format!(
                    "{path}:{}: {}",
                    manifest.source.line_col(p.span.start),
                    p.message
                )
            })
            .collect();
        if let Some((message, span)) = &manifest.error {
            notes.push(format!(
                "{path}:{}: {message}",
                manifest.source.line_col(span.start)
            ));
        }
        // A ConfigMap's file: what Flink skips or refuses in it, at the manifest's lines.
        if unit.embedded.is_some() {
            notes.extend(skipped_line_notes(&unit.file));
            if let Some(rejection) = &unit.file.parsed.rejection {
                notes.push(format!(
                    "{path}:{}: Flink rejects this file (\"Error parsing YAML configuration.\"): {}",
                    unit.file.source.line_col(rejection.span.start),
                    rejection.message
                ));
            }
        }
        let config = Config::new(
            unit.version,
            Some(unit.file.clone()),
            &args.config.overrides,
        );
        configs.push((config, unit.version_assumed, notes));
    }
    if configs.is_empty() {
        return Err(match &args.config.manifest.document {
            Some(wanted) => format!("{path}: no Flink document named {wanted}"),
            None => format!("{path}: no Flink document could be read"),
        });
    }
    Ok(Some(configs))
}

/// Notes for lines Flink skips or cuts without saying so (the lint rules explain them).
fn skipped_line_notes(file: &ConfigFile) -> Vec<String> {
    let path = file.source.path().display();
    file.parsed
        .events
        .iter()
        .filter_map(|event| match event {
            Event::LineSkipped { line, reason } => {
                let why = match reason {
                    SkipReason::NoSeparator => "it has no ': ' (colon and space)",
                    SkipReason::EmptyKeyOrValue => "its key or value is empty",
                };
                Some(format!(
                    "{path}:{}: Flink skips this line: {why}",
                    file.source.line_col(line.start)
                ))
            }
            Event::CommentCutsValue {
                key,
                cut,
                attached: true,
                ..
            } => Some(format!(
                "{path}:{}: the value of {key} ends at this '#': Flink reads the rest as a comment",
                file.source.line_col(cut.start)
            )),
            _ => None,
        })
        .collect()
}
