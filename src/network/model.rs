//! The requirement itself: partitions, gates and channels of every subtask, where each subtask
//! runs, which tasks hold their buffers at the same time, and the buffers each `TaskManager`'s
//! `NetworkBufferPool` must count as required (`NetworkBufferPool.internalCreateBufferPool` /
//! `requestUnpooledMemorySegments`: a request fails when it would take the required total above
//! the pool size).

mod replay;
mod stages;
mod wiring;

use serde::Serialize;

use super::graph::JobGraph;
use super::job::{Job, Mode, Ship, ShuffleMode};
use super::placement::{Placement, Stages, place};
use super::pools::{GatePool, PartitionPool, PartitionType, gate_pool, partition_pool};
use super::settings::NetworkSettings;
use crate::version::FlinkVersion;
use replay::predict_failure;
use stages::{levels, regions};
use wiring::{Layout, ceil_div, partition_type, shared_partitions, wire};

pub use replay::insufficient_message;

/// A `TaskManager`'s network buffer pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Pool {
    /// Network buffers per `TaskManager` (network memory / segment size).
    pub buffers: u64,
    /// Bytes per buffer (`taskmanager.memory.segment-size`).
    pub segment_size: u64,
}

/// Why a job cannot be modelled on the given cluster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error(
        "the job needs {needed} slots but {taskmanagers} TaskManager(s) × {slots} slot(s) offer {offered}"
    )]
    NotEnoughSlots {
        needed: u64,
        taskmanagers: u32,
        slots: u32,
        offered: u64,
    },
    #[error("the job has no vertices")]
    Empty,
    #[error("vertex `{0}` has parallelism 0")]
    ZeroParallelism(String),
    #[error("placement of `{vertex}` lists {given} subtasks, but its parallelism is {parallelism}")]
    PlacementLength {
        vertex: String,
        given: usize,
        parallelism: u32,
    },
    #[error("placement of `{vertex}` names TaskManager {tm}, but the cluster has {taskmanagers}")]
    PlacementTaskManager {
        vertex: String,
        tm: u32,
        taskmanagers: u32,
    },
}

/// One network exchange, as the model sized it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ExchangeReport {
    /// Producer and consumer job vertex names.
    pub from: String,
    pub to: String,
    pub ship: Ship,
    pub partition_type: PartitionType,
    /// Subpartitions of one producer's result partition (the largest).
    pub subpartitions: u64,
    /// Input channels of one consumer's gate (the largest).
    pub channels: u64,
    /// The pool of one producer's result partition (the largest).
    pub partition: PartitionPool,
    /// The buffers of one consumer's gate (the largest).
    pub gate: GatePool,
    /// The exchange whose result partition this one shares (batch output reuse), by index.
    pub shares_partition_of: Option<usize>,
    /// Buffers this exchange takes on the worst `TaskManager` when it needs the most.
    pub worst_tm_buffers: u64,
}

/// One `TaskManager`'s requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TaskManagerReport {
    pub index: u32,
    /// The most buffers it must count as required at one time.
    pub required_buffers: u64,
    /// The stage at which it needs them.
    pub stage: usize,
    /// What its pools would use at their maxima in that stage (`None`: a pool is unbounded).
    pub target_buffers: Option<u64>,
    /// Subtasks placed on it over the whole job.
    pub subtasks: u64,
}

/// Tasks that hold their buffers at the same time: the whole job in streaming, one level of
/// pipelined regions in batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StageReport {
    pub index: usize,
    /// Job vertex names.
    pub vertices: Vec<String>,
    /// The largest requirement of any `TaskManager` in this stage.
    pub required_buffers: u64,
}

/// The request Flink would refuse first, and its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PredictedFailure {
    pub stage: usize,
    pub taskmanager: u32,
    /// The refused request (a pool minimum or one channel's exclusive buffers).
    pub required: u64,
    /// What was left of the pool at that moment.
    pub available: u64,
    /// What the request is for.
    pub request: String,
    /// `NetworkBufferPool`'s message (identical from 1.13 to 2.3).
    pub message: String,
}

/// The result: what every `TaskManager` needs and whether the pool holds it.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub version: FlinkVersion,
    pub mode: Mode,
    /// Batch only.
    pub shuffle_mode: Option<ShuffleMode>,
    /// Batch on the adaptive batch scheduler's dynamic graph.
    pub dynamic_graph: bool,
    pub pool: Pool,
    pub taskmanagers: u32,
    pub slots: u32,
    /// Slots the job occupies at its widest stage.
    pub slots_needed: u64,
    pub graph: JobGraph,
    pub exchanges: Vec<ExchangeReport>,
    pub stages: Vec<StageReport>,
    pub tms: Vec<TaskManagerReport>,
    /// Index of the `TaskManager` that needs the most (the first of equals).
    pub worst: usize,
    /// What the worst `TaskManager` needs.
    pub required_buffers: u64,
    pub fits: bool,
    pub failure: Option<PredictedFailure>,
    /// Things the reader must know about this prediction.
    pub notes: Vec<String>,
}

impl Analysis {
    /// Free buffers on the worst `TaskManager` (negative when short).
    pub fn headroom(&self) -> i128 {
        i128::from(self.pool.buffers) - i128::from(self.required_buffers)
    }
}

/// Builds the analysis of `job` on `TaskManager`s with `pool`; `default_slots` is the
/// configuration's `taskmanager.numberOfTaskSlots`.
pub fn analyze(
    settings: &NetworkSettings,
    pool: Pool,
    job: &Job,
    default_slots: u32,
) -> Result<Analysis, ModelError> {
    if job.vertices.is_empty() {
        return Err(ModelError::Empty);
    }
    if let Some(v) = job.vertices.iter().find(|v| v.parallelism == 0) {
        return Err(ModelError::ZeroParallelism(v.name.clone()));
    }
    let version = settings.version;
    let mode = job.mode.unwrap_or_else(|| settings.default_mode());
    let shuffle = job.shuffle_mode.unwrap_or(settings.shuffle_mode);
    let graph = JobGraph::build(job);
    let dynamic = mode == Mode::Batch && settings.dynamic_graph(shuffle);
    let slots = job.slots.unwrap_or(default_slots).max(1);
    let nv = graph.vertices.len();
    let types: Vec<PartitionType> = graph
        .edges
        .iter()
        .map(|e| partition_type(e, mode, shuffle))
        .collect();
    let mut notes = Vec::new();

    let shares = shared_partitions(&graph, &types, mode, version);
    let wiring = wire(&graph, settings, dynamic);

    // Stages: pipelined regions, levelled by their blocking (or hybrid) inputs.
    let region = regions(&graph, &types, mode);
    let level = levels(&graph, &types, &region, mode);
    let stage_count = level.iter().copied().max().unwrap_or(0) + 1;

    // Placement.
    let stages = Stages {
        types: &types,
        region: &region,
        level: &level,
        mode,
    };
    let Placement {
        taskmanager_of: placement,
        slots_needed,
        given: placement_given,
        may_vary: placement_may_vary,
    } = place(job, &graph, stages, slots)?;
    let taskmanagers = match job.taskmanagers {
        Some(t) => {
            let offered = u64::from(t) * u64::from(slots);
            if offered < slots_needed && !placement_given {
                return Err(ModelError::NotEnoughSlots {
                    needed: slots_needed,
                    taskmanagers: t,
                    slots,
                    offered,
                });
            }
            t.max(1)
        }
        None => u32::try_from(ceil_div(slots_needed, u64::from(slots)))
            .unwrap_or(u32::MAX)
            .max(1),
    };
    let taskmanagers = taskmanagers.max(
        placement
            .iter()
            .flatten()
            .copied()
            .max()
            .map_or(1, |m| m.saturating_add(1)),
    );
    if let Some(t) = job.taskmanagers {
        for (v, tms) in placement.iter().enumerate() {
            if let Some(&tm) = tms.iter().find(|&&tm| tm >= t) {
                return Err(ModelError::PlacementTaskManager {
                    vertex: graph.vertices[v].name.clone(),
                    tm,
                    taskmanagers: t,
                });
            }
        }
    }
    let tm_count = taskmanagers as usize;

    // Producers per TaskManager, per job vertex.
    let on_tm: Vec<Vec<u64>> = placement
        .iter()
        .map(|tms| {
            let mut counts = vec![0u64; tm_count];
            for &tm in tms {
                counts[tm as usize] += 1;
            }
            counts
        })
        .collect();

    // Requirement per stage, TaskManager and exchange.
    let ne = graph.edges.len();
    let mut required = vec![vec![vec![0u64; ne.max(1)]; tm_count]; stage_count];
    let mut target: Vec<Vec<Option<u64>>> = vec![vec![Some(0); tm_count]; stage_count];
    let mut exchanges: Vec<ExchangeReport> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| ExchangeReport {
            from: graph.vertices[e.from].name.clone(),
            to: graph.vertices[e.to].name.clone(),
            ship: e.ship,
            partition_type: types[i],
            subpartitions: 0,
            channels: 0,
            partition: partition_pool(settings, types[i], 1),
            gate: gate_pool(settings, types[i], 1),
            shares_partition_of: shares[i],
            worst_tm_buffers: 0,
        })
        .collect();
    let add_target = |slot: &mut Option<u64>, v: Option<u64>| {
        *slot = match (*slot, v) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            _ => None,
        };
    };
    let layout = Layout {
        settings,
        graph: &graph,
        types: &types,
        shares: &shares,
        wiring: &wiring,
        placement: &placement,
        level: &level,
        on_tm: &on_tm,
    };
    for (i, e) in graph.edges.iter().enumerate() {
        // Producer side (once per shared partition).
        if let Some(first) = shares[i] {
            exchanges[i].subpartitions = exchanges[first].subpartitions;
            exchanges[i].partition = exchanges[first].partition;
        } else {
            let stage = level[e.from];
            for (j, &tm) in placement[e.from].iter().enumerate() {
                let (n, pool) = layout.partition(i, j as u64);
                if n >= exchanges[i].subpartitions {
                    exchanges[i].subpartitions = n;
                    exchanges[i].partition = pool;
                }
                let cell = &mut required[stage][tm as usize][i];
                *cell = cell.saturating_add(pool.min);
                add_target(&mut target[stage][tm as usize], pool.max);
            }
        }
        // Consumer side: one gate per consumer subtask.
        let stage = level[e.to];
        for (c, &tm) in placement[e.to].iter().enumerate() {
            let (channels, remote, gate) = layout.gate(i, c as u64, tm);
            if channels >= exchanges[i].channels {
                exchanges[i].channels = channels;
                exchanges[i].gate = gate;
            }
            let cell = &mut required[stage][tm as usize][i];
            *cell = cell.saturating_add(gate.required(remote));
            add_target(&mut target[stage][tm as usize], Some(gate.target(remote)));
        }
    }

    // Per TaskManager: the stage at which it needs the most.
    let mut tms: Vec<TaskManagerReport> = (0..tm_count)
        .map(|t| {
            let (stage, req) = (0..stage_count)
                .map(|s| (s, required[s][t].iter().sum::<u64>()))
                .fold((0, 0), |best, cur| if cur.1 > best.1 { cur } else { best });
            TaskManagerReport {
                index: t as u32,
                required_buffers: req,
                stage,
                target_buffers: target[stage][t],
                subtasks: on_tm.iter().map(|c| c[t]).sum(),
            }
        })
        .collect();
    if tms.is_empty() {
        tms.push(TaskManagerReport {
            index: 0,
            required_buffers: 0,
            stage: 0,
            target_buffers: Some(0),
            subtasks: 0,
        });
    }
    let worst = tms.iter().enumerate().fold(0, |best, (i, t)| {
        if t.required_buffers > tms[best].required_buffers {
            i
        } else {
            best
        }
    });
    let required_buffers = tms[worst].required_buffers;
    if tm_count > 0 {
        let peak = tms[worst].stage;
        for (i, exchange) in exchanges.iter_mut().enumerate() {
            exchange.worst_tm_buffers = required[peak][worst].get(i).copied().unwrap_or(0);
        }
    }
    let stages: Vec<StageReport> = (0..stage_count)
        .map(|s| StageReport {
            index: s,
            vertices: (0..nv)
                .filter(|&v| level[v] == s)
                .map(|v| graph.vertices[v].name.clone())
                .collect(),
            required_buffers: (0..tm_count)
                .map(|t| required[s][t].iter().sum::<u64>())
                .max()
                .unwrap_or(0),
        })
        .collect();
    let fits = required_buffers <= pool.buffers;
    let failure = if fits {
        None
    } else {
        predict_failure(&layout, pool, &required)
    };

    if mode == Mode::Batch && types.iter().any(|t| t.is_hybrid()) {
        notes.push(
            "hybrid exchanges are counted stage by stage, as when consumers wait for free slots; \
             if consumers run while their producers still do, both stages' buffers add up"
                .to_owned(),
        );
    }
    if dynamic {
        notes.push(format!(
            "batch job on the adaptive batch scheduler's dynamic graph (Flink {version}): \
             broadcast results have one subpartition{}",
            if version.is_2x() {
                "; a gate has one channel per upstream partition"
            } else {
                "; a gate has one channel per subpartition it reads"
            }
        ));
    }
    if shares.iter().any(Option::is_some) {
        notes.push(
            "batch outputs of one vertex with the same partitioner and consumer parallelism share \
             one result partition (FLINK-28380)"
                .to_owned(),
        );
    }
    if !placement_given && placement_may_vary && taskmanagers > 1 {
        notes.push(
            "Flink requests the slots of one pipelined region in no fixed order: with \
             exchanges between different parallelisms in a region that spans several \
             TaskManagers, another run may place its subtasks otherwise and need other counts \
             per TaskManager (pin them with `placement:` to check one)"
                .to_owned(),
        );
    }

    Ok(Analysis {
        version,
        mode,
        shuffle_mode: (mode == Mode::Batch).then_some(shuffle),
        dynamic_graph: dynamic,
        pool,
        taskmanagers,
        slots,
        slots_needed,
        graph,
        exchanges,
        stages,
        tms,
        worst,
        required_buffers,
        fits,
        failure,
        notes,
    })
}
