//! The stable document `flinkmem buffers` prints (`--format json`, schema via
//! `flinkmem schema buffers`) and renders as text or markdown.

use schemars::JsonSchema;
use serde::Serialize;

use super::advice::{AutoscalerEstimate, Fix, SweepPoint};
use super::job::{Job, Mode, ShuffleMode};
use super::model::{Analysis, ExchangeReport, PredictedFailure, StageReport, TaskManagerReport};

/// Version of the document's layout.
pub const REPORT_VERSION: u32 = 1;

/// A job vertex after chaining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct JobVertexReport {
    pub name: String,
    pub parallelism: u32,
    pub slot_sharing_group: String,
}

/// An edge of a cycle of the job graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CycleEdge {
    pub from: String,
    pub to: String,
}

/// Everything `flinkmem buffers` found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BuffersReport {
    pub version: u32,
    /// The release line emulated, e.g. `"1.20"`.
    pub flink_version: String,
    /// The configuration file, or `null` for Flink's shipped default.
    pub config: Option<String>,
    /// The job file, or `null` for the quick flags.
    pub job: Option<String>,
    pub mode: Mode,
    pub shuffle_mode: Option<ShuffleMode>,
    pub dynamic_graph: bool,
    pub segment_size: u64,
    /// Network buffers per `TaskManager`.
    pub available_buffers: u64,
    pub taskmanager_count: u32,
    pub slots_per_taskmanager: u32,
    /// The worst `TaskManager`'s requirement.
    pub required_buffers: u64,
    pub required_bytes: u64,
    pub fits: bool,
    /// `available_buffers - required_buffers` (negative when short).
    pub headroom_buffers: i64,
    pub worst_taskmanager: u32,
    pub taskmanagers: Vec<TaskManagerReport>,
    pub job_vertices: Vec<JobVertexReport>,
    pub exchanges: Vec<ExchangeReport>,
    pub stages: Vec<StageReport>,
    /// Flink's message for the first request that would fail.
    pub flink_message: Option<String>,
    pub failure: Option<PredictedFailure>,
    /// The change that makes it fit (only when it does not).
    pub fix: Option<Fix>,
    /// Quick flags: the largest parallelism this configuration runs.
    pub max_parallelism: Option<u32>,
    pub autoscaler: AutoscalerEstimate,
    /// Cycles of the job graph (feedback edges), each as its edges.
    pub cycles: Vec<Vec<CycleEdge>>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// `--sweep`: the requirement across a range of parallelism.
    pub sweep: Option<Vec<SweepPoint>>,
}

impl BuffersReport {
    /// Assembles the document.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        analysis: &Analysis,
        job: &Job,
        config: Option<String>,
        job_path: Option<String>,
        fix: Option<Fix>,
        max_parallelism: Option<u32>,
        autoscaler: AutoscalerEstimate,
        sweep: Option<Vec<SweepPoint>>,
    ) -> Self {
        let cycles: Vec<Vec<CycleEdge>> = analysis
            .graph
            .cycles
            .iter()
            .map(|edges| {
                edges
                    .iter()
                    .map(|&e| CycleEdge {
                        from: job.vertices[job.edges[e].from].name.clone(),
                        to: job.vertices[job.edges[e].to].name.clone(),
                    })
                    .collect()
            })
            .collect();
        let warnings = cycles
            .iter()
            .map(|cycle| {
                let path: Vec<String> = cycle
                    .iter()
                    .map(|e| format!("{} -> {}", e.from, e.to))
                    .collect();
                format!(
                    "the job graph has a cycle ({}): with credit-based flow control a feedback \
                     loop can deadlock when every buffer of the loop is full and each task waits \
                     for credit from the next; give the loop's exchanges headroom, and prefer \
                     bounded feedback",
                    path.join(", ")
                )
            })
            .collect();
        Self {
            version: REPORT_VERSION,
            flink_version: analysis.version.to_string(),
            config,
            job: job_path,
            mode: analysis.mode,
            shuffle_mode: analysis.shuffle_mode,
            dynamic_graph: analysis.dynamic_graph,
            segment_size: analysis.pool.segment_size,
            available_buffers: analysis.pool.buffers,
            taskmanager_count: analysis.taskmanagers,
            slots_per_taskmanager: analysis.slots,
            required_buffers: analysis.required_buffers,
            required_bytes: analysis
                .required_buffers
                .saturating_mul(analysis.pool.segment_size),
            fits: analysis.fits,
            headroom_buffers: i64::try_from(analysis.headroom()).unwrap_or(i64::MIN),
            worst_taskmanager: analysis.tms[analysis.worst].index,
            taskmanagers: analysis.tms.clone(),
            job_vertices: analysis
                .graph
                .vertices
                .iter()
                .map(|v| JobVertexReport {
                    name: v.name.clone(),
                    parallelism: v.parallelism,
                    slot_sharing_group: v.slot_sharing_group.clone(),
                })
                .collect(),
            exchanges: analysis.exchanges.clone(),
            stages: analysis.stages.clone(),
            flink_message: analysis.failure.as_ref().map(|f| f.message.clone()),
            failure: analysis.failure.clone(),
            fix,
            max_parallelism,
            autoscaler,
            cycles,
            warnings,
            notes: analysis.notes.clone(),
            sweep,
        }
    }
}
