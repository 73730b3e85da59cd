//! `flinkmem buffers`: whether a job's exchanges fit each `TaskManager`'s network buffer pool,
//! from quick flags, a job file or a Flink plan, with the fix, the largest parallelism and a
//! sweep.

use std::path::PathBuf;

use clap::Args;

use super::calc::{CalcFormat, calculate};
use super::{ConfigArgs, ExitStatus, Output};
use crate::network::advice::{self, PARALLELISM_LIMIT};
use crate::network::input::{JobFormat, read_job_with_format};
use crate::network::job::{Job, Mode};
use crate::network::report::BuffersReport;
use crate::network::{self, NetworkSettings};
use crate::render::buffers;
use crate::sizing::Source;

#[derive(Debug, Args)]
pub(crate) struct BuffersArgs {
    /// A flink-conf.yaml or config.yaml file, or a conf directory. Without it: Flink's shipped
    /// default configuration for the chosen version
    path: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    /// The job: a flinkmem job file (YAML or JSON, `flinkmem schema job`), Flink's execution plan
    /// (`flink info`, `getExecutionPlan()`) or the REST API's job plan (`/jobs/:jobid/plan`)
    #[arg(long, value_name = "FILE", conflicts_with = "parallelism")]
    job: Option<PathBuf>,
    /// Quick job: the parallelism of a source and of each all-to-all (keyBy) stage after it
    #[arg(long, short = 'p', value_name = "P")]
    parallelism: Option<u32>,
    /// Quick job: how many all-to-all exchanges follow one another
    #[arg(long, value_name = "K", default_value_t = 1)]
    shuffles: u32,
    /// Slots per task manager (default: taskmanager.numberOfTaskSlots, or the job file's)
    #[arg(long, value_name = "S")]
    slots: Option<u32>,
    /// Task managers (default: as many as the job's slots need, or the job file's)
    #[arg(long, value_name = "T")]
    taskmanagers: Option<u32>,
    /// Runtime mode (default: the job file's, else execution.runtime-mode)
    #[arg(long, value_enum)]
    mode: Option<ModeArg>,
    /// Requirement across a range: parallelism=FROM..TO[:STEP] (every vertex set to it)
    #[arg(long, value_name = "SPEC", value_parser = parse_sweep)]
    sweep: Option<Sweep>,
    /// Spare buffers the fix adds on top of the requirement, in percent
    #[arg(long, value_name = "PERCENT", default_value_t = 10)]
    headroom: u32,
    #[arg(long, value_enum, default_value = "text")]
    format: CalcFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModeArg {
    Streaming,
    Batch,
}

/// `--sweep parallelism=FROM..TO[:STEP]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sweep {
    from: u32,
    to: u32,
    step: Option<u32>,
}

impl Sweep {
    /// The parallelisms visited: FROM, FROM + STEP, ..., and TO; without a STEP about 16 evenly
    /// spaced values.
    fn values(&self) -> Vec<u32> {
        let step = self
            .step
            .unwrap_or_else(|| (self.to - self.from).div_ceil(16).max(1));
        let mut values: Vec<u32> = (self.from..=self.to).step_by(step as usize).collect();
        if values.last() != Some(&self.to) {
            values.push(self.to);
        }
        values
    }
}

fn parse_sweep(text: &str) -> Result<Sweep, String> {
    let usage = || format!("expected parallelism=FROM..TO[:STEP], got '{text}'");
    let (what, range) = text.split_once('=').ok_or_else(usage)?;
    if what.trim() != "parallelism" {
        return Err(format!(
            "only parallelism can be swept, not '{}'",
            what.trim()
        ));
    }
    let (range, step) = match range.split_once(':') {
        Some((r, s)) => (r, Some(s.trim().parse::<u32>().map_err(|_| usage())?)),
        None => (range, None),
    };
    let (from, to) = range.split_once("..").ok_or_else(usage)?;
    let from: u32 = from.trim().parse().map_err(|_| usage())?;
    let to: u32 = to.trim().parse().map_err(|_| usage())?;
    if from == 0 || to < from || to > PARALLELISM_LIMIT || step == Some(0) {
        return Err(format!(
            "the range must satisfy 1 <= FROM <= TO <= {PARALLELISM_LIMIT} with STEP >= 1, got '{text}'"
        ));
    }
    Ok(Sweep { from, to, step })
}

/// The job the arguments describe, and a note about its source when the reader must know
/// something.
fn job_from_args(
    args: &BuffersArgs,
    calculation: &crate::sizing::Calculation,
) -> Result<(Job, Option<String>), String> {
    if let Some(path) = &args.job {
        let text = crate::config::input::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let (job, format) = read_job_with_format(path, &text).map_err(|e| e.to_string())?;
        let note = (format == JobFormat::ExecutionPlan).then(|| {
            "an execution plan lists operators before chaining and does not record \
             startNewChain/disableChaining or slot sharing groups: forward edges are chained \
             by Flink's default rules (use the REST plan or a job file when chaining was changed)"
                .to_owned()
        });
        return Ok((job, note));
    }
    if args.parallelism.is_none()
        && let Some(job) = manifest_job(args, calculation)
    {
        return Ok(job);
    }
    let Some(parallelism) = args.parallelism else {
        return Err(
            "describe the job: --job FILE, or --parallelism P [--shuffles K] [--slots S] \
             [--taskmanagers T]"
                .to_owned(),
        );
    };
    if parallelism == 0 || parallelism > PARALLELISM_LIMIT {
        return Err(format!(
            "--parallelism must be between 1 and {PARALLELISM_LIMIT}, got {parallelism}"
        ));
    }
    Ok((Job::quick(parallelism, args.shuffles), None))
}

/// The job a `FlinkDeployment` describes: the parallelism the operator gives it (`replicas ×
/// slots` when replicas are set, else `spec.job.parallelism`) and its `TaskManager` count.
fn manifest_job(
    args: &BuffersArgs,
    calculation: &crate::sizing::Calculation,
) -> Option<(Job, Option<String>)> {
    let config = &calculation.config;
    let info = config.file()?.manifest.as_deref()?;
    info.deployment.as_ref()?;
    let entry = config.get("parallelism.default")?;
    if !matches!(entry.origin, crate::config::Origin::Manifest { .. }) {
        return None;
    }
    let parallelism: u32 = entry.value.text.trim().parse().ok().filter(|p| *p > 0)?;
    let mut job = Job::quick(parallelism.min(PARALLELISM_LIMIT), args.shuffles);
    job.taskmanagers = config
        .get("kubernetes.internal.taskmanager.replicas")
        .and_then(|e| e.value.text.trim().parse().ok());
    let note = format!(
        "the job of {}: parallelism {parallelism} (from {}), {} all-to-all exchange(s) (--shuffles)",
        info.label,
        match &entry.origin {
            crate::config::Origin::Manifest { field } => field.as_str(),
            _ => "parallelism.default",
        },
        args.shuffles
    );
    Some((job, Some(note)))
}

pub(crate) fn run(args: &BuffersArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let calculation = match calculate(
        args.path.as_deref(),
        args.config.flink_version,
        &args.config.overrides,
        Vec::new(),
        &args.config.manifest,
    ) {
        Ok(c) => c,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let budget = match &calculation.taskmanager {
        Ok(budget) => budget,
        Err(rejection) => {
            writeln!(
                output.err,
                "error: Flink would not start a TaskManager with this configuration: {}\n\
                 (run `flinkmem calc` for the derivation and the fix)",
                rejection.error.message()
            )?;
            return Ok(ExitStatus::Error);
        }
    };
    let (mut job, source_note) = match job_from_args(args, &calculation) {
        Ok(job) => job,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let quick = args.job.is_none();
    if let Some(slots) = args.slots {
        job.slots = Some(slots.max(1));
    }
    if let Some(t) = args.taskmanagers {
        job.taskmanagers = Some(t.max(1));
    }
    if let Some(mode) = args.mode {
        job.mode = Some(match mode {
            ModeArg::Streaming => Mode::Streaming,
            ModeArg::Batch => Mode::Batch,
        });
    }
    let config = &calculation.config;
    let analysis = match network::analyze_budget(config, budget, &job) {
        Ok(mut a) => {
            a.notes.extend(source_note);
            a
        }
        Err(e) => {
            writeln!(output.err, "error: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let settings = NetworkSettings::from_config(config);
    let pool = analysis.pool;
    let default_slots = analysis.slots;
    let fix = (!analysis.fits).then(|| advice::fix(config, &analysis, args.headroom));
    let max_parallelism = if quick {
        let mut template = job.clone();
        template.taskmanagers = None;
        advice::max_parallelism(&settings, pool, &template, default_slots).unwrap_or(None)
    } else {
        None
    };
    let autoscaler = advice::autoscaler(
        &settings,
        &analysis.graph,
        analysis.slots,
        pool.segment_size,
    );
    let sweep = match &args.sweep {
        Some(spec) => match advice::sweep(&settings, pool, &job, default_slots, &spec.values()) {
            Ok(points) => Some(points),
            Err(e) => {
                writeln!(output.err, "error: {e}")?;
                return Ok(ExitStatus::Error);
            }
        },
        None => None,
    };
    let config_label = match &calculation.source {
        Source::File(path) => Some(path.display().to_string()),
        Source::Shipped => None,
    };
    let sweep_fails = sweep
        .as_ref()
        .is_some_and(|points| points.iter().any(|p| !p.fits));
    let report = BuffersReport::new(
        &analysis,
        &job,
        config_label,
        args.job.as_ref().map(|p| p.display().to_string()),
        fix,
        max_parallelism,
        autoscaler,
        sweep,
    );
    match args.format {
        CalcFormat::Text => write!(output.out, "{}", buffers::text(&report))?,
        CalcFormat::Markdown => write!(output.out, "{}", buffers::markdown(&report))?,
        CalcFormat::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            writeln!(output.out, "{json}")?;
        }
    }
    Ok(if report.fits && !sweep_fails {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_specs() {
        let s = parse_sweep("parallelism=8..512").expect("valid");
        let values = s.values();
        assert_eq!(values.first(), Some(&8));
        assert_eq!(values.last(), Some(&512));
        assert!(values.len() <= 18);
        assert_eq!(
            parse_sweep("parallelism=4..16:4").expect("valid").values(),
            vec![4, 8, 12, 16]
        );
        assert!(parse_sweep("slots=1..4").is_err());
        assert!(parse_sweep("parallelism=0..4").is_err());
        assert!(parse_sweep("parallelism=9..4").is_err());
        assert!(parse_sweep("parallelism=1..4:0").is_err());
    }
}
