//! `flinkmem diagnose`: recognise Flink memory failures in a log excerpt and explain them in the
//! numbers of a configuration (or Flink's shipped default), with checked fixes.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::calc::calculate;
use super::{ConfigArgs, ExitStatus, Output};
use crate::calc::Failure;
use crate::config::sensitive::is_sensitive;
use crate::diagnose::{Options, diagnose};
use crate::lint::mask::{Scrubber, secrets};
use crate::render::calc::provenance::Context;
use crate::render::diagnose::{DiagnoseView, json, markdown, text};
use crate::sizing::Calculation;

/// Output format of `diagnose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiagnoseFormat {
    /// Each problem with its explanation and checked fixes, for people
    Text,
    /// Every finding with the numbers read and computed, and the fixes, as JSON
    Json,
    /// A section per problem, for issues and pull-request comments
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct DiagnoseArgs {
    /// A flink-conf.yaml or config.yaml file, or a conf directory. Without it: Flink's shipped
    /// default configuration for the chosen version. Given alone, a path that is neither a
    /// directory nor a .yaml/.yml file is taken as FILE
    #[arg(value_name = "CONFIG")]
    config_path: Option<PathBuf>,
    /// The exception or log excerpt to diagnose; `-` (or nothing) reads standard input
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    /// The job that failed (a job file, Flink execution plan or REST job plan): network buffer
    /// fixes then size for its exact requirement instead of the log's lower bound
    #[arg(long, value_name = "JOB")]
    job: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: DiagnoseFormat,
}

/// Where the log comes from.
enum Input {
    Stdin { explicit: bool },
    File(PathBuf),
}

/// The worst `TaskManager`'s buffer requirement of the job in `path` under this configuration.
fn job_requirement(path: Option<&Path>, calculation: &Calculation) -> Result<Option<u64>, String> {
    let Some(path) = path else {
        return Ok(None);
    };
    let text = crate::config::input::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let job = crate::network::input::read_job(path, &text).map_err(|e| e.to_string())?;
    let Ok(budget) = &calculation.taskmanager else {
        return Ok(None);
    };
    crate::network::analyze_budget(&calculation.config, budget, &job)
        .map(|a| Some(a.required_buffers))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Splits the positional arguments into the configuration and the input.
fn roles(args: &DiagnoseArgs) -> (Option<&Path>, Input) {
    let is_stdin = |p: &Path| p.as_os_str() == "-";
    match (args.config_path.as_deref(), args.input.as_deref()) {
        (config, Some(input)) if is_stdin(input) => (config, Input::Stdin { explicit: true }),
        (config, Some(input)) => (config, Input::File(input.to_owned())),
        (None, None) => (None, Input::Stdin { explicit: false }),
        (Some(only), None) if is_stdin(only) => (None, Input::Stdin { explicit: true }),
        (Some(only), None) => {
            let is_config = only.is_dir()
                || only.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")
                });
            if is_config {
                (Some(only), Input::Stdin { explicit: false })
            } else {
                (None, Input::File(only.to_owned()))
            }
        }
    }
}

/// The input's text (invalid UTF-8 replaced) and its name for messages.
fn read_input(input: &Input) -> Result<(String, String), String> {
    match input {
        Input::Stdin { explicit } => {
            let stdin = std::io::stdin();
            if !explicit && stdin.is_terminal() {
                return Err(
                    "no input: pass the log file, or - to read the log from standard input"
                        .to_owned(),
                );
            }
            let mut bytes = Vec::new();
            stdin
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok((
                String::from_utf8_lossy(&bytes).into_owned(),
                "standard input".to_owned(),
            ))
        }
        Input::File(path) => {
            let bytes = crate::config::input::read(path).map_err(|e| {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
                    std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
                    _ => e.to_string(),
                };
                format!("cannot read {}: {why}", path.display())
            })?;
            Ok((
                String::from_utf8_lossy(&bytes).into_owned(),
                path.display().to_string(),
            ))
        }
    }
}

/// Flink refuses to load the whole file: no numbers to diagnose with.
fn unreadable_config(calculation: &Calculation) -> Option<String> {
    let rejection = calculation.taskmanager.as_ref().err()?;
    let Failure::FileRejected { reason, span } = &*rejection.error.failure else {
        return None;
    };
    let context = Context::of(calculation);
    let at = context
        .file_location(*span)
        .map(|(path, line, column)| format!("{path}:{line}:{column}: "))
        .unwrap_or_default();
    Some(format!(
        "{at}Flink cannot load this configuration file: {reason}"
    ))
}

pub(crate) fn run(args: &DiagnoseArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let (config_path, input) = roles(args);
    let overrides = &args.config.overrides;
    let labels = (1..=overrides.len())
        .map(|n| format!("--set #{n}"))
        .collect();
    let calculation = match calculate(
        config_path,
        args.config.flink_version,
        overrides,
        labels,
        &args.config.manifest,
    ) {
        Ok(calculation) => calculation,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    if let Some(message) = unreadable_config(&calculation) {
        writeln!(output.err, "error: {message}")?;
        return Ok(ExitStatus::Error);
    }
    let (log, name) = match read_input(&input) {
        Ok(read) => read,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let job_required_buffers = match job_requirement(args.job.as_deref(), &calculation) {
        Ok(required) => required,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let findings = diagnose(
        &log,
        &calculation,
        &Options {
            job_required_buffers,
        },
    );
    let view = DiagnoseView {
        calculation: &calculation,
        input: &name,
        findings: &findings,
    };
    let report = match args.format {
        DiagnoseFormat::Text | DiagnoseFormat::Markdown if findings.is_empty() => {
            format!("no known Flink memory problem recognised in {name}\n")
        }
        DiagnoseFormat::Text => text(&view),
        DiagnoseFormat::Markdown => markdown(&view),
        DiagnoseFormat::Json => {
            let mut json =
                serde_json::to_string_pretty(&json(&view)).map_err(std::io::Error::other)?;
            json.push('\n');
            json
        }
    };
    // The log may quote a secret of the configuration (a connector's password in a stack
    // trace); never print one.
    let mut hidden = calculation.config.file().map(secrets).unwrap_or_default();
    hidden.extend(
        overrides
            .iter()
            .filter(|(key, value)| is_sensitive(key) && value.chars().count() >= 4)
            .map(|(_, value)| value.clone()),
    );
    let report = Scrubber::new(&hidden).scrub_text(&report).unwrap_or(report);
    write!(output.out, "{report}")?;
    if findings.is_empty() {
        if args.format == DiagnoseFormat::Json {
            writeln!(
                output.err,
                "no known Flink memory problem recognised in {name}"
            )?;
        }
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}
