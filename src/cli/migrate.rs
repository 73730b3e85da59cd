//! `flinkmem migrate`: a legacy `flink-conf.yaml` to `config.yaml`, checked, and written only
//! when asked (`-o`, `--in-place`) and only when the check holds (or `--accept-changes`).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{ExitStatus, Output};
use crate::config::source::display_path;
use crate::config::{ConfigFile, Dialect};
use crate::edit::{diff, write};
use crate::migrate::check::Difference;
use crate::migrate::{Change, Migration, Options, migrate};
use crate::version::FlinkVersion;

#[derive(Debug, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is a command-line switch"
)]
pub(crate) struct MigrateArgs {
    /// The legacy flink-conf.yaml, or a conf directory holding one
    path: PathBuf,
    /// The Flink version that reads the file today (1.13 to 1.20)
    #[arg(long, value_name = "VERSION", default_value = "1.20")]
    from: FlinkVersion,
    /// The Flink version that will read config.yaml (1.19 or later). Default: --from, or 1.19
    /// when that version does not read config.yaml yet
    #[arg(long, value_name = "VERSION")]
    to: Option<FlinkVersion>,
    /// Write config.yaml to FILE (`-` for standard output)
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "in_place"
    )]
    output: Option<PathBuf>,
    /// Write config.yaml next to the input and remove flink-conf.yaml (1.19 and 1.20 would
    /// still read it instead)
    #[arg(long)]
    in_place: bool,
    /// Print a unified diff from flink-conf.yaml to config.yaml and write nothing
    #[arg(long, conflicts_with_all = ["output", "in_place"])]
    diff: bool,
    /// Write nested YAML mappings instead of flat dotted keys
    #[arg(long)]
    nested: bool,
    /// Write even when a value or a memory budget would read differently
    #[arg(long)]
    accept_changes: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: MigrateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MigrateFormat {
    Text,
    Json,
}

#[derive(serde::Serialize)]
struct Report<'a> {
    source: Side,
    target: Side,
    changes: &'a [Change],
    differences: &'a [Difference],
    /// The check found differences and `--accept-changes` was not given: nothing written.
    refused: bool,
    written: Option<String>,
    removed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

#[derive(serde::Serialize)]
struct Side {
    path: String,
    flink_version: String,
}

fn input_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(Dialect::Legacy.file_name())
    } else {
        path.to_owned()
    }
}

pub(crate) fn run(args: &MigrateArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let input = input_file(&args.path);
    let file = match ConfigFile::read(&input, None) {
        Ok(file) => file,
        Err(e) => {
            writeln!(output.err, "error: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let target = args.to.unwrap_or(if args.from.reads_standard_file() {
        args.from
    } else {
        FlinkVersion::V1_19
    });
    let options = Options {
        source: args.from,
        target,
        nested: args.nested,
    };
    let migration = match migrate(&file, options) {
        Ok(m) => m,
        Err(e) => {
            writeln!(output.err, "error: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let refused = !migration.differences.is_empty() && !args.accept_changes;
    let destination = match (&args.output, args.in_place) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => Some(input.with_file_name(Dialect::Standard.file_name())),
        (None, false) => None,
    };
    let to_stdout = destination.as_deref() == Some(Path::new("-"));
    let mut written = None;
    let mut removed = None;
    if !refused && !args.diff {
        if let Some(path) = destination.as_deref().filter(|_| !to_stdout) {
            if let Err(message) = write_output(path, &input, args.in_place, &migration) {
                writeln!(output.err, "error: {message}")?;
                return Ok(ExitStatus::Error);
            }
            written = Some(display_path(path));
            if args.in_place {
                if let Err(e) = std::fs::remove_file(&input) {
                    writeln!(
                        output.err,
                        "error: wrote {} but cannot remove {}: {e}",
                        display_path(path),
                        display_path(&input)
                    )?;
                    return Ok(ExitStatus::Error);
                }
                removed = Some(display_path(&input));
            }
        }
        if to_stdout {
            write!(output.out, "{}", migration.text)?;
        }
    }
    let target_name = destination.as_deref().filter(|_| !to_stdout).map_or_else(
        || display_path(&input.with_file_name(Dialect::Standard.file_name())),
        display_path,
    );
    let diff_text = args.diff.then(|| {
        diff::unified(
            &diff::mask_sensitive_lines(file.source.text()),
            &diff::mask_sensitive_lines(&migration.text),
            &display_path(&input),
            &target_name,
        )
    });
    // The summary goes to stderr when stdout carries the file itself.
    let summary: &mut dyn std::io::Write = if to_stdout {
        &mut *output.err
    } else {
        &mut *output.out
    };
    match args.format {
        MigrateFormat::Json => {
            let report = Report {
                source: Side {
                    path: display_path(&input),
                    flink_version: args.from.to_string(),
                },
                target: Side {
                    path: target_name,
                    flink_version: target.to_string(),
                },
                changes: &migration.changes,
                differences: &migration.differences,
                refused,
                written,
                removed,
                diff: diff_text,
            };
            let json = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            writeln!(summary, "{json}")?;
        }
        MigrateFormat::Text => {
            if let Some(d) = &diff_text {
                write!(summary, "{d}")?;
            }
            write_summary(
                summary,
                &input,
                &target_name,
                options,
                &migration,
                refused,
                written.as_deref(),
                removed.as_deref(),
                args,
            )?;
        }
    }
    Ok(if refused {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Writes the migrated text; never over the input, and `--in-place` never over an existing
/// `config.yaml`.
fn write_output(
    path: &Path,
    input: &Path,
    in_place: bool,
    migration: &Migration,
) -> Result<(), String> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if same(path, input) {
        return Err(format!(
            "{} is the input file; write config.yaml elsewhere",
            display_path(path)
        ));
    }
    if in_place && std::fs::symlink_metadata(path).is_ok() {
        return Err(format!(
            "{} exists; remove it first, or write elsewhere with -o",
            display_path(path)
        ));
    }
    let old = std::fs::read_to_string(path).ok();
    match old {
        Some(old) => write::write_if_changed(path, &old, &migration.text).map(|_| ()),
        None => write::write_atomic(path, &migration.text),
    }
}

#[allow(clippy::too_many_arguments)]
fn write_summary(
    out: &mut dyn std::io::Write,
    input: &Path,
    target_name: &str,
    options: Options,
    migration: &Migration,
    refused: bool,
    written: Option<&str>,
    removed: Option<&str>,
    args: &MigrateArgs,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} (Flink {}) -> {} (Flink {}): {} change{}",
        display_path(input),
        options.source,
        target_name,
        options.target,
        migration.changes.len(),
        if migration.changes.len() == 1 {
            ""
        } else {
            "s"
        }
    )?;
    for change in &migration.changes {
        let key = change.key.as_deref().unwrap_or("");
        write!(out, "  line {}: {}", change.line, kebab(change.kind))?;
        // A renamed entry's old text starts with its key already.
        let old_names_key = change
            .old
            .as_deref()
            .is_some_and(|old| old.starts_with(&format!("{key}:")));
        match (&change.old, &change.new) {
            (Some(old), Some(new)) => {
                if !key.is_empty() && !old_names_key {
                    write!(out, " {key}:")?;
                }
                write!(out, " {old} -> {new}")?;
            }
            _ if !key.is_empty() => write!(out, " {key}")?,
            _ => {}
        }
        writeln!(out, " ({})", change.note)?;
    }
    if !migration.differences.is_empty() {
        writeln!(
            out,
            "{} read{} differently after the migration:",
            migration.differences.len(),
            if migration.differences.len() == 1 {
                "s"
            } else {
                ""
            }
        )?;
        for d in &migration.differences {
            writeln!(out, "  {}: {}", d.key, d.why)?;
            writeln!(out, "    Flink {}: {}", options.source, d.source)?;
            writeln!(out, "    Flink {}: {}", options.target, d.target)?;
        }
    }
    if refused {
        writeln!(
            out,
            "refused: nothing written; review the differences and pass --accept-changes to write anyway"
        )?;
    } else if let Some(path) = written {
        writeln!(out, "wrote {path}")?;
        if let Some(path) = removed {
            writeln!(out, "removed {path}")?;
        }
    } else if !args.diff && args.output.is_none() {
        writeln!(
            out,
            "checked: Flink {} reads the result as Flink {} reads the input; nothing written \
             (write it with -o FILE, -o -, or --in-place)",
            options.target, options.source
        )?;
    }
    Ok(())
}

fn kebab(kind: crate::migrate::ChangeKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
