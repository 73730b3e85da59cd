//! The requirement itself: partitions, gates and channels of every subtask, where each subtask
//! runs, which tasks hold their buffers at the same time, and the buffers each `TaskManager`'s
//! `NetworkBufferPool` must count as required (`NetworkBufferPool.internalCreateBufferPool` /
//! `requestUnpooledMemorySegments`: a request fails when it would take the required total above
//! the pool size).

use std::collections::HashMap;

use serde::Serialize;

use super::graph::{JobGraph, NetworkEdge, pointwise_producers, root};
use super::job::{Exchange, Job, Mode, Ship, ShuffleMode};
use super::placement::{Placement, Stages, place};
use super::pools::{GatePool, PartitionPool, PartitionType, gate_pool, partition_pool};
use super::settings::NetworkSettings;
use crate::version::FlinkVersion;

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

/// The partition type of an exchange (`StreamingJobGraphGenerator.
/// determineUndefinedResultPartitionType`).
fn partition_type(edge: &NetworkEdge, mode: Mode, shuffle: ShuffleMode) -> PartitionType {
    match edge.exchange {
        Exchange::Pipelined => PartitionType::PipelinedBounded,
        Exchange::Blocking => PartitionType::Blocking,
        Exchange::HybridFull => PartitionType::HybridFull,
        Exchange::HybridSelective if edge.ship == Ship::Broadcast => PartitionType::HybridFull,
        Exchange::HybridSelective => PartitionType::HybridSelective,
        Exchange::Default => match (mode, shuffle) {
            (Mode::Streaming, _) | (Mode::Batch, ShuffleMode::AllExchangesPipelined) => {
                PartitionType::PipelinedBounded
            }
            (Mode::Batch, ShuffleMode::AllExchangesBlocking) => PartitionType::Blocking,
            (Mode::Batch, ShuffleMode::AllExchangesHybridFull) => PartitionType::HybridFull,
            (Mode::Batch, ShuffleMode::AllExchangesHybridSelective) => {
                if edge.ship == Ship::Broadcast {
                    PartitionType::HybridFull
                } else {
                    PartitionType::HybridSelective
                }
            }
        },
    }
}

fn ceil_div(a: u64, b: u64) -> u64 {
    a.div_ceil(b.max(1))
}

/// Subpartition and channel counts of one exchange.
struct Wiring {
    producers: u64,
    consumers: u64,
    pointwise: bool,
    /// Subpartitions per producer of an all-to-all exchange.
    all_to_all_subpartitions: u64,
    /// For a dynamic all-to-all exchange into an auto-parallelism consumer: the subpartitions
    /// each producer writes, which consumers read in ranges.
    ranged: Option<u64>,
    /// 2.0+: one channel per producer whatever the range (FLINK-36072).
    channel_per_partition: bool,
}

impl Wiring {
    fn subpartitions(&self, producer: u64) -> u64 {
        let (p, q) = (self.producers, self.consumers);
        if !self.pointwise {
            return self.all_to_all_subpartitions;
        }
        if p >= q {
            1
        } else {
            // Producer j feeds consumers ceil(j*q/p) .. ceil((j+1)*q/p) - 1.
            ceil_div((producer + 1) * q, p) - ceil_div(producer * q, p)
        }
    }

    /// The producers consumer `i` reads, as a range.
    fn producers_of(&self, consumer: u64) -> std::ops::Range<u64> {
        let (p, q) = (self.producers, self.consumers);
        if !self.pointwise {
            return 0..p;
        }
        pointwise_producers(p, q, consumer)
    }

    /// Channels per producer partition read by consumer `i`.
    fn range(&self, consumer: u64) -> u64 {
        match self.ranged {
            Some(n) if !self.channel_per_partition => {
                let q = self.consumers;
                (consumer + 1) * n / q - consumer * n / q
            }
            _ => 1,
        }
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

    // Output reuse (FLINK-28380): one partition serves several consumers of a batch vertex.
    let mut shares: Vec<Option<usize>> = vec![None; graph.edges.len()];
    if mode == Mode::Batch && version >= FlinkVersion::V1_16 {
        let mut seen: HashMap<(usize, Ship, PartitionType, u32, bool), usize> = HashMap::new();
        for (i, e) in graph.edges.iter().enumerate() {
            if !types[i].reusable(version) {
                continue;
            }
            let to = &graph.vertices[e.to];
            let key = (e.from, e.ship, types[i], to.parallelism, to.auto);
            match seen.get(&key) {
                Some(&first) => shares[i] = Some(first),
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }

    let wiring: Vec<Wiring> = graph
        .edges
        .iter()
        .map(|e| {
            let (up, down) = (&graph.vertices[e.from], &graph.vertices[e.to]);
            let p = u64::from(up.parallelism);
            let q = u64::from(down.parallelism);
            let pointwise = e.ship.is_pointwise();
            let auto_max = u64::from(
                down.max_parallelism
                    .unwrap_or(settings.auto_max_parallelism)
                    .max(down.parallelism),
            );
            let (all_to_all_subpartitions, ranged) = if !dynamic || pointwise {
                (q, None)
            } else if e.ship == Ship::Broadcast {
                // computeNumberOfSubpartitionsForDynamicGraph: one subpartition for broadcast.
                (1, None)
            } else if down.auto {
                (auto_max, Some(auto_max))
            } else {
                (q, None)
            };
            Wiring {
                producers: p,
                consumers: q,
                pointwise,
                all_to_all_subpartitions,
                ranged,
                channel_per_partition: version.is_2x(),
            }
        })
        .collect();

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

/// Pipelined regions: job vertices joined by pipelined exchanges (batch); in streaming one
/// region holds everything.
fn regions(graph: &JobGraph, types: &[PartitionType], mode: Mode) -> Vec<usize> {
    let n = graph.vertices.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, e) in graph.edges.iter().enumerate() {
        if mode == Mode::Streaming || !types[i].separates_regions() {
            let (a, b) = (root(&mut parent, e.from), root(&mut parent, e.to));
            parent[a.max(b)] = a.min(b);
        }
    }
    if mode == Mode::Streaming {
        return vec![0; n];
    }
    (0..n).map(|v| root(&mut parent, v)).collect()
}

/// The stage of each job vertex: 0 in streaming; in batch one more than the latest region it
/// reads through a blocking (or hybrid) exchange.
fn levels(graph: &JobGraph, types: &[PartitionType], region: &[usize], mode: Mode) -> Vec<usize> {
    let n = graph.vertices.len();
    let mut level = vec![0usize; n];
    if mode == Mode::Streaming {
        return level;
    }
    // Longest path over the region DAG; a cycle stops after n rounds.
    for _ in 0..=n {
        let mut changed = false;
        for (i, e) in graph.edges.iter().enumerate() {
            let step = usize::from(types[i].separates_regions() && region[e.from] != region[e.to]);
            let want = level[e.from] + step;
            if want > level[e.to] && want <= n {
                level[e.to] = want;
                changed = true;
            }
        }
        // A region runs as one: all its vertices share the latest level.
        for v in 0..n {
            let top = (0..n)
                .filter(|&u| region[u] == region[v])
                .map(|u| level[u])
                .max()
                .unwrap_or(0);
            if top > level[v] {
                level[v] = top;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Renumber to consecutive stages.
    let mut used: Vec<usize> = level.clone();
    used.sort_unstable();
    used.dedup();
    level
        .iter()
        .map(|l| used.iter().position(|u| u == l).unwrap_or(0))
        .collect()
}

/// The job wired and placed: what the requirement and the replay of requests read.
struct Layout<'a> {
    settings: &'a NetworkSettings,
    graph: &'a JobGraph,
    types: &'a [PartitionType],
    shares: &'a [Option<usize>],
    wiring: &'a [Wiring],
    placement: &'a [Vec<u32>],
    level: &'a [usize],
    /// Subtasks of each job vertex per `TaskManager`.
    on_tm: &'a [Vec<u64>],
}

impl Layout<'_> {
    /// Producer `j`'s result partition of exchange `i`: its subpartitions and pool.
    fn partition(&self, i: usize, j: u64) -> (u64, PartitionPool) {
        let n = self.wiring[i].subpartitions(j);
        (n, partition_pool(self.settings, self.types[i], n))
    }

    /// Consumer `c`'s gate of exchange `i` on `TaskManager` `tm`: its channels, how many of them
    /// are remote, and its buffers.
    fn gate(&self, i: usize, c: u64, tm: u32) -> (u64, u64, GatePool) {
        let w = &self.wiring[i];
        let from = self.graph.edges[i].from;
        let producers = w.producers_of(c);
        let range = w.range(c);
        let local_producers = if w.pointwise {
            producers
                .clone()
                .filter(|&j| self.placement[from][j as usize] == tm)
                .count() as u64
        } else {
            self.on_tm[from][tm as usize]
        };
        let channels = (producers.end - producers.start) * range;
        let remote = channels - local_producers * range;
        (
            channels,
            remote,
            gate_pool(self.settings, self.types[i], channels),
        )
    }
}

/// Replays the requests of the first stage that does not fit, on its first `TaskManager` that
/// runs out, in deployment order: tasks by vertex (producers first) and subtask; each task
/// creates its partitions' pools, then its gates' floating pools (`Task.setupPartitionsAndGates`);
/// remote channels request their exclusive buffers later, when partitions are requested.
fn predict_failure(
    layout: &Layout<'_>,
    pool: Pool,
    required: &[Vec<Vec<u64>>],
) -> Option<PredictedFailure> {
    let (stage, tm) = required.iter().enumerate().find_map(|(s, per_tm)| {
        per_tm
            .iter()
            .position(|ex| ex.iter().sum::<u64>() > pool.buffers)
            .map(|t| (s, t as u32))
    })?;
    let graph = layout.graph;
    // (buffers per request, how many such requests, what they are for)
    let mut pools: Vec<(u64, u64, String)> = Vec::new();
    let mut exclusive: Vec<(u64, u64, String)> = Vec::new();
    for v in graph.topological_order() {
        if layout.level[v] != stage {
            continue;
        }
        let name = &graph.vertices[v].name;
        for (k, &t) in layout.placement[v].iter().enumerate() {
            if t != tm {
                continue;
            }
            for (i, e) in graph.edges.iter().enumerate() {
                if e.from == v && layout.shares[i].is_none() {
                    let (n, p) = layout.partition(i, k as u64);
                    pools.push((
                        p.min,
                        1,
                        format!("the result partition of {name} #{k} ({n} subpartitions)"),
                    ));
                }
            }
            for (i, e) in graph.edges.iter().enumerate() {
                if e.to != v {
                    continue;
                }
                let (_, remote, gate) = layout.gate(i, k as u64, tm);
                pools.push((
                    gate.floating_min,
                    1,
                    format!("the input gate of {name} #{k} (floating buffers)"),
                ));
                if gate.exclusive_per_channel > 0 && remote > 0 {
                    exclusive.push((
                        gate.exclusive_per_channel,
                        remote,
                        format!("a remote input channel of {name} #{k} (exclusive buffers)"),
                    ));
                }
            }
        }
    }
    let mut taken = 0u64;
    for (request, count, what) in pools.into_iter().chain(exclusive) {
        if request == 0 {
            continue;
        }
        // The requests that still fit, then the one that does not.
        let fitting = count.min((pool.buffers - taken) / request);
        taken += fitting * request;
        if fitting < count {
            let available = pool.buffers - taken;
            return Some(PredictedFailure {
                stage,
                taskmanager: tm,
                required: request,
                available,
                request: what,
                message: insufficient_message(request, available, pool),
            });
        }
    }
    None
}

/// `NetworkBufferPool`'s "Insufficient number of network buffers" message.
pub fn insufficient_message(required: u64, available: u64, pool: Pool) -> String {
    format!(
        "Insufficient number of network buffers: required {required}, but only {available} \
         available. The total number of network buffers is currently set to {} of {} bytes \
         each. You can increase this number by setting the configuration keys \
         'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and \
         'taskmanager.memory.network.max'.",
        pool.buffers, pool.segment_size
    )
}
