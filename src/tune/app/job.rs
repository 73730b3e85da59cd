//! The job panel: its settings (changed here, the job file's or the defaults), the job they
//! describe, and that job analysed against the `TaskManager`s of a calculation.

use super::App;
use super::rows::{ValueOrigin, origin_of};
use crate::network::advice::{self, Fix, PARALLELISM_LIMIT, SweepPoint};
use crate::network::job::{Job, Mode};
use crate::network::{self, Analysis, NetworkSettings};
use crate::sizing::Calculation;

/// The job settings of the panel; `None` keeps the job file's (or the default) value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobEdits {
    pub parallelism: Option<u32>,
    pub exchanges: Option<u32>,
    pub mode: Option<Mode>,
    /// `Some(0)`: as many as the job needs.
    pub taskmanagers: Option<u32>,
}
/// The job against the current `TaskManager`s, when Flink would start them.
#[derive(Debug, Clone)]
pub struct JobView {
    pub analysis: Analysis,
    /// Largest parallelism (every vertex) that fits, `None` when not even 1 does.
    pub max_parallelism: Option<u32>,
    /// The requirement from parallelism 1 upwards.
    pub sweep: Vec<SweepPoint>,
    /// The network size that holds the job, when it does not fit.
    pub fix: Option<Fix>,
}
/// Spare buffers the job panel's fix adds, as `buffers` does by default.
const HEADROOM_PERCENT: u32 = 10;
/// Points of the requirement sparkline.
const SWEEP_POINTS: u32 = 32;
impl App {
    /// The parallelism the job runs at: the one set here, else the job file's largest vertex,
    /// else `parallelism.default`.
    pub fn parallelism(&self) -> (u32, ValueOrigin) {
        if let Some(p) = self.job_edits.parallelism {
            return (p, ValueOrigin::Changed);
        }
        if let Some((_, job)) = &self.job_file {
            let p = job
                .vertices
                .iter()
                .map(|v| v.parallelism)
                .max()
                .unwrap_or(1);
            return (p, ValueOrigin::JobFile);
        }
        let config = &self.current.config;
        match config.resolve("parallelism.default") {
            Some(r) => (
                r.entry
                    .value
                    .to_int()
                    .ok()
                    .map_or(1, |p| p.clamp(1, 1 << 15) as u32),
                origin_of(&r.entry.origin),
            ),
            None => (1, ValueOrigin::Default),
        }
    }

    pub(super) fn exchanges(&self) -> (u32, ValueOrigin) {
        match self.job_edits.exchanges {
            Some(k) => (k, ValueOrigin::Changed),
            None => (1, ValueOrigin::Default),
        }
    }

    pub(super) fn mode(&self, calculation: &Calculation) -> (Mode, ValueOrigin) {
        if let Some(mode) = self.job_edits.mode {
            return (mode, ValueOrigin::Changed);
        }
        if let Some(mode) = self.job_file.as_ref().and_then(|(_, j)| j.mode) {
            return (mode, ValueOrigin::JobFile);
        }
        let settings = NetworkSettings::from_config(&calculation.config);
        let origin = match calculation.config.resolve("execution.runtime-mode") {
            Some(r) => origin_of(&r.entry.origin),
            None => ValueOrigin::Default,
        };
        (settings.default_mode(), origin)
    }

    pub(super) fn taskmanagers(&self) -> (Option<u32>, ValueOrigin) {
        match self.job_edits.taskmanagers {
            Some(0) => (None, ValueOrigin::Changed),
            Some(t) => (Some(t), ValueOrigin::Changed),
            None => match self.job_file.as_ref().and_then(|(_, j)| j.taskmanagers) {
                Some(t) => (Some(t), ValueOrigin::JobFile),
                None => (None, ValueOrigin::Default),
            },
        }
    }

    /// The job as the panel describes it.
    pub fn job_description(&self) -> Job {
        let (parallelism, origin) = self.parallelism();
        let mut job = match &self.job_file {
            Some((_, job)) if origin == ValueOrigin::Changed => advice::scaled(job, parallelism),
            Some((_, job)) => job.clone(),
            None => Job::quick(parallelism, self.exchanges().0),
        };
        job.mode = Some(self.mode(&self.current).0);
        if let (Some(t), _) = self.taskmanagers() {
            job.taskmanagers = Some(t.max(1));
        }
        job
    }

    pub(super) fn job_view(&self, calculation: &Calculation) -> Result<JobView, String> {
        let budget = calculation.taskmanager.as_ref().map_err(|_| {
            "Flink would not start a TaskManager with this configuration".to_owned()
        })?;
        let config = &calculation.config;
        let job = self.job_description();
        let analysis = network::analyze_budget(config, budget, &job).map_err(|e| e.to_string())?;
        let settings = NetworkSettings::from_config(config);
        let mut template = job.clone();
        template.taskmanagers = None;
        let max_parallelism =
            advice::max_parallelism(&settings, analysis.pool, &template, analysis.slots)
                .map_err(|e| e.to_string())?;
        let (parallelism, _) = self.parallelism();
        let top = parallelism
            .saturating_mul(2)
            .clamp(SWEEP_POINTS, PARALLELISM_LIMIT);
        let values: Vec<u32> = (1..=SWEEP_POINTS)
            .map(|i| (u64::from(top) * u64::from(i) / u64::from(SWEEP_POINTS)).max(1) as u32)
            .collect();
        let sweep = advice::sweep(&settings, analysis.pool, &job, analysis.slots, &values)
            .map_err(|e| e.to_string())?;
        let fix = (!analysis.fits).then(|| advice::fix(config, &analysis, HEADROOM_PERCENT));
        Ok(JobView {
            analysis,
            max_parallelism,
            sweep,
            fix,
        })
    }
}
