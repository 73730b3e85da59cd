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
