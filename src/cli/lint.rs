//! `flinkmem lint`: check configuration files and report findings in one of five formats.

use crate::rules::REGISTRY;
use std::io::IsTerminal as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{ExitStatus, Output};
use crate::lint::{Event, LintOptions, LintRun, Severity, Tally, lint, select};
use crate::render::{concise, github, human, json, sarif};
use crate::version::FlinkVersion;

/// Output format of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintFormat {
    /// Diagnostics with the source snippet (the default)
    Human,
    /// One `path:line:col: severity[CODE] message` line per finding
    Concise,
    /// A JSON report (schema: `flinkmem schema lint`)
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions annotations
    Github,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Files or directories; directories are searched for flink-conf.yaml and config.yaml
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Flink version to check against: 1.13 to 2.3 (overrides .flinkmem.toml). Default: 1.20
    /// for a flink-conf.yaml, the newest for a config.yaml
    #[arg(long = "flink-version", value_name = "VERSION")]
    flink_version: Option<FlinkVersion>,
    /// Output format. Default: human (inside GitHub Actions also annotations)
    #[arg(long, value_enum)]
    format: Option<LintFormat>,
    /// Exit with 1 when a finding is at least this severe
    #[arg(long = "fail-on", value_enum, default_value = "warning")]
    fail_on: Severity,
    /// Run only these rules: codes, prefixes or names, comma-separated (FM101,FM2)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules (adds to `ignore` in .flinkmem.toml)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// The job these clusters run, for FM404 (replaces `[job]` in .flinkmem.toml): a job file,
    /// Flink execution plan or REST job plan
    #[arg(long, value_name = "FILE")]
    job: Option<PathBuf>,
    /// The Kubernetes operator's default configuration for manifests: a flink-operator-config
    /// config map, or its flink-conf.yaml / config.yaml. Default: the operator Helm chart's defaults
    #[arg(long = "operator-defaults", value_name = "FILE")]
    operator_defaults: Option<PathBuf>,
    /// Apply the safe fixes (never changing a memory budget) and report what remains; files
    /// are rewritten atomically, untouched ones are not written
    #[arg(long)]
    fix: bool,
    /// With --fix, also apply fixes that change a budget or a value on purpose
    #[arg(long = "unsafe-fixes")]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing (exit 1 when there is one)
    #[arg(long)]
    diff: bool,
}

pub(crate) fn run(args: &LintArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let trimmed = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let select_list = args.select.as_deref().map(trimmed);
    let ignore_list = trimmed(&args.ignore);
    for selector in select_list.iter().flatten().chain(&ignore_list) {
        if let Err(message) = select::validate(&REGISTRY, selector) {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    }
    let job = match &args.job {
        Some(path) => {
            let read = crate::config::input::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
                .and_then(|text| {
                    crate::network::input::read_job(path, &text).map_err(|e| e.to_string())
                });
            match read {
                Ok(job) => Some(job),
                Err(message) => {
                    writeln!(output.err, "error: {message}")?;
                    return Ok(ExitStatus::Error);
                }
            }
        }
        None => None,
    };
    let operator_defaults = match &args.operator_defaults {
        Some(path) => match crate::kubernetes::operator::defaults::read_defaults(path) {
            Ok(defaults) => Some(defaults),
            Err(message) => {
                writeln!(output.err, "error: {message}")?;
                return Ok(ExitStatus::Error);
            }
        },
        None => None,
    };
    let options = LintOptions {
        registry: &REGISTRY,
        paths: args.paths.clone(),
        flink_version: args.flink_version,
        select: select_list,
        ignore: ignore_list,
        job,
        operator_defaults,
        clusters: Vec::new(),
    };
    let mut fixes = Vec::new();
    let mut write_failed = false;
    if args.fix || args.unsafe_fixes || args.diff {
        let changed_files = crate::lint::fix::fix(&options, args.unsafe_fixes);
        if args.diff && args.format != Some(LintFormat::Json) {
            return write_diffs(&changed_files, output);
        }
        if !args.diff {
            for file in &changed_files {
                // A file that cannot be written is reported; the others are still written.
                if let Err(message) =
                    crate::edit::write::write_if_changed(&file.path, &file.original, &file.fixed)
                {
                    writeln!(output.err, "error: {message}")?;
                    write_failed = true;
                }
            }
        }
        report_fixes(&changed_files, !args.diff, output)?;
        fixes = changed_files;
    }
    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let streamed = match args.format {
        Some(LintFormat::Concise) => Some(Streamed::Concise),
        Some(LintFormat::Human) => Some(Streamed::Human),
        None if !in_actions => Some(Streamed::Human),
        _ => None,
    };
    if let Some(streamed) = streamed {
        let (tally, failed) = stream(&options, streamed, output)?;
        return Ok(exit_status(
            failed || write_failed,
            args.diff && fixes.iter().any(|f| f.fixed != f.original),
            tally.fails(args.fail_on),
        ));
    }
    let run = lint(&options);
    for notice in &run.notices {
        writeln!(output.err, "note: {notice}")?;
    }
    for error in &run.errors {
        writeln!(output.err, "error: {error}")?;
    }
    match args.format {
        Some(LintFormat::Json) => write!(
            output.out,
            "{}",
            json::render_with_fixes(&run, &fixes, !args.diff)
        )?,
        Some(LintFormat::Sarif) => write!(output.out, "{}", sarif::render(&run))?,
        Some(LintFormat::Github) => write!(output.out, "{}", github::render(&run))?,
        // Inside GitHub Actions: the annotations (most severe first, so the whole run is
        // needed), then the human report.
        _ => {
            write!(output.out, "{}", github::render(&run))?;
            write_human(&run, output)?;
        }
    }
    let pending = args.diff && fixes.iter().any(|f| f.fixed != f.original);
    Ok(exit_status(
        !run.errors.is_empty() || write_failed,
        pending,
        run.fails(args.fail_on),
    ))
}

/// Exit code 2 for read or write errors, 1 for pending fixes or findings at the threshold.
fn exit_status(errors: bool, pending_fixes: bool, findings_fail: bool) -> ExitStatus {
    if errors {
        ExitStatus::Error
    } else if pending_fixes || findings_fail {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// The formats printed file by file while the run goes on.
#[derive(Debug, Clone, Copy)]
enum Streamed {
    Concise,
    Human,
}

/// Lints and prints each file's findings as soon as they are known (notes and errors on
/// stderr, in the same order), so that memory stays bounded on a tree of any size; the human
/// summary follows. Returns the tally and whether any file could not be read.
fn stream(
    options: &LintOptions,
    format: Streamed,
    output: &mut Output<'_>,
) -> std::io::Result<(Tally, bool)> {
    let handler = human::handler(human_style());
    let mut tally = Tally::default();
    let mut failed = false;
    let mut result = Ok(());
    crate::lint::lint_each(options, |event| {
        if result.is_err() {
            return;
        }
        result = match event {
            Event::File(file) => {
                tally.add(&file);
                match format {
                    Streamed::Concise => concise::write_file(&file, &mut output.out),
                    Streamed::Human => human::write_file(&handler, &file, &mut output.out),
                }
            }
            Event::Notice(notice) => writeln!(output.err, "note: {notice}"),
            Event::Error(error) => {
                failed = true;
                writeln!(output.err, "error: {error}")
            }
        };
    });
    result?;
    if matches!(format, Streamed::Human) {
        write!(output.out, "{}", human::summary_of(&tally))?;
    }
    Ok((tally, failed))
}

fn human_style() -> human::Style {
    // Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    human::Style { width, color }
}

fn write_human(run: &LintRun, output: &mut Output<'_>) -> std::io::Result<()> {
    write!(output.out, "{}", human::render(run, human_style()))
}

/// `--diff`: one unified diff per file that a fix changes; nothing is written.
fn write_diffs(
    fixed: &[crate::lint::fix::FixedFile],
    output: &mut Output<'_>,
) -> std::io::Result<ExitStatus> {
    let mut any = false;
    for file in fixed {
        let name = crate::lint::display_path(&file.path);
        let diff = crate::edit::diff::unified(
            &crate::edit::diff::mask_sensitive_lines(&file.original),
            &crate::edit::diff::mask_sensitive_lines(&file.fixed),
            &name,
            &name,
        );
        any |= !diff.is_empty();
        write!(output.out, "{diff}")?;
    }
    report_fixes(fixed, false, output)?;
    Ok(if any {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// A line per file on stderr: how many fixes were applied (or would be, under `--diff`), and
/// which were held back.
fn report_fixes(
    fixed: &[crate::lint::fix::FixedFile],
    written: bool,
    output: &mut Output<'_>,
) -> std::io::Result<()> {
    for file in fixed {
        let name = crate::lint::display_path(&file.path);
        if !file.applied.is_empty() {
            writeln!(
                output.err,
                "{} {} finding{} in {name}",
                if written { "fixed" } else { "would fix" },
                file.applied.len(),
                if file.applied.len() == 1 { "" } else { "s" }
            )?;
        }
        for held in &file.held_back {
            writeln!(
                output.err,
                "note: {name}: {} fix not applied ({}): {}",
                held.rule, held.title, held.why
            )?;
        }
    }
    Ok(())
}
