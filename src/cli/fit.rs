//! `flinkmem fit`: the smallest `taskmanager.memory.process.size` meeting targets, or the budget
//! of a given container size.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use super::calc::{CalcFormat, calculate, use_color};
use super::{ConfigArgs, ExitStatus, Output};
use crate::render::calc::fit::{self as render, FitKind, FitView, labels};
use crate::render::calc::text::TextOptions;
use crate::sizing::fit::{competing_keys, fit, sized};
use crate::sizing::{Calculation, Fit, FitOutcome, Target};
use crate::units::MemorySize;

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("goal")
        .required(true)
        .multiple(true)
        .args(["network", "buffers", "task_heap", "managed", "jvm_heap", "total_flink", "container"])
))]
pub(crate) struct FitArgs {
    /// A flink-conf.yaml or config.yaml file, or a conf directory. Without it: Flink's shipped
    /// default configuration for the chosen version
    path: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    /// At least this much network memory, e.g. 1g
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    network: Option<MemorySize>,
    /// At least this many network buffers (network memory / segment size)
    #[arg(long, value_name = "N")]
    buffers: Option<u64>,
    /// At least this much task heap, e.g. 4g
    #[arg(long = "task-heap", value_name = "SIZE", value_parser = parse_size)]
    task_heap: Option<MemorySize>,
    /// At least this much managed memory, e.g. 8g
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    managed: Option<MemorySize>,
    /// At least this much JVM heap (-Xmx)
    #[arg(long = "jvm-heap", value_name = "SIZE", value_parser = parse_size)]
    jvm_heap: Option<MemorySize>,
    /// At least this much total Flink memory
    #[arg(long = "total-flink", value_name = "SIZE", value_parser = parse_size)]
    total_flink: Option<MemorySize>,
    /// Instead of searching, print the budget of a container (process) of this size
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    container: Option<MemorySize>,
    #[arg(long, value_enum, default_value = "text")]
    format: CalcFormat,
}

/// A size in Flink's syntax, with a unit: a bare number would be bytes, which is never meant.
fn parse_size(text: &str) -> Result<MemorySize, String> {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "'{trimmed}' has no unit; write e.g. {trimmed}m or {trimmed}g (b, k, m, g, t)"
        ));
    }
    MemorySize::parse(trimmed).map_err(|e| e.to_string())
}

impl FitArgs {
    fn targets(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        targets.extend(self.network.map(Target::Network));
        targets.extend(self.buffers.map(Target::Buffers));
        targets.extend(self.task_heap.map(Target::TaskHeap));
        targets.extend(self.managed.map(Target::Managed));
        targets.extend(self.jvm_heap.map(Target::JvmHeap));
        targets.extend(self.total_flink.map(Target::TotalFlink));
        targets
    }
}

/// What `fit` computed: a container's budget, or a search and the budget it found.
enum Answer {
    Container(Calculation),
    Search(Fit, Option<Calculation>),
}

/// The calculation of a fit configuration, titled and labelled like the base one.
fn at(
    base: &Calculation,
    config: crate::config::Config,
    removed: &[String],
    label: &str,
) -> Calculation {
    let mut calculation = Calculation::run(config, base.source.clone());
    calculation.version_assumed = base.version_assumed;
    calculation.notes.clone_from(&base.notes);
    calculation.override_labels = labels(base, removed, label);
    calculation
}

pub(crate) fn run(args: &FitArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let overrides = &args.config.overrides;
    let labels: Vec<String> = (1..=overrides.len())
        .map(|n| format!("--set #{n}"))
        .collect();
    let base = match calculate(
        args.path.as_deref(),
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
    let targets = args.targets();
    let removed = competing_keys(&base.config);
    let (answer, success) = if let Some(size) = args.container {
        let probe = sized(&base.config, size);
        let success = probe.meets(&targets);
        let calculation = at(&base, probe.config, &removed, "--container");
        (Answer::Container(calculation), success)
    } else {
        let searched = fit(&base.config, &targets);
        let found = match &searched.outcome {
            FitOutcome::Found { at: sized, .. } => {
                Some(at(&base, sized.config.clone(), &removed, "found by fit"))
            }
            FitOutcome::Unreachable { .. } => None,
        };
        let success = found.is_some();
        (Answer::Search(searched, found), success)
    };
    let kind = match &answer {
        Answer::Container(calculation) => FitKind::Container { calculation },
        Answer::Search(searched, found) => FitKind::Search {
            outcome: &searched.outcome,
            at: found.as_ref(),
        },
    };
    let view = FitView {
        base: &base,
        targets: &targets,
        removed: &removed,
        kind,
    };
    match args.format {
        CalcFormat::Text => write!(
            output.out,
            "{}",
            render::text(&view, TextOptions { color: use_color() })
        )?,
        CalcFormat::Markdown => write!(output.out, "{}", render::markdown(&view))?,
        CalcFormat::Json => {
            let json = serde_json::to_string_pretty(&render::json(&view))
                .map_err(std::io::Error::other)?;
            writeln!(output.out, "{json}")?;
        }
    }
    Ok(if success {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
