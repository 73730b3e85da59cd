//! What to do about a requirement: the network size (or process size) that holds it with
//! headroom, checked with the memory calculation; the largest parallelism a configuration can
//! run; a sweep over parallelism; and what the Kubernetes operator's autoscaler would set.

use serde::Serialize;

use super::graph::JobGraph;
use super::job::{Job, Ship};
use super::model::{Analysis, ModelError, Pool, analyze};
use super::settings::NetworkSettings;
use crate::calc;
use crate::config::Config;
use crate::sizing::candidate::{size_text, variant};
use crate::sizing::{FitOutcome, Target, fit};
use crate::units::MemorySize;

pub const NETWORK_MIN: &str = "taskmanager.memory.network.min";
pub const NETWORK_MAX: &str = "taskmanager.memory.network.max";

/// Flink's upper bound of any parallelism (`KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM`).
pub const PARALLELISM_LIMIT: u32 = 1 << 15;

/// A configuration change that makes the job fit, checked with the memory calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Fix {
    /// The worst `TaskManager`'s requirement plus the headroom.
    pub buffers: u64,
    pub headroom_percent: u32,
    /// Network memory for that many buffers, rounded up to whole MiB.
    pub network_size: String,
    pub network_bytes: u64,
    /// Setting network min and max to `network_size`: the options (key, value) ...
    pub set: Vec<(String, String)>,
    /// ... what the budget then gives ...
    pub set_budget: Option<FixedBudget>,
    /// ... or Flink's message when it rejects the configuration so changed.
    pub set_rejected: Option<String>,
    /// The smallest `taskmanager.memory.process.size` whose derived network holds the buffers
    /// with every other option unchanged, when the process size can reach it.
    pub process_size: Option<String>,
}

/// The budget after a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FixedBudget {
    pub buffers: u64,
    /// Task heap and managed memory after the change, in bytes.
    pub task_heap_bytes: u64,
    pub managed_bytes: u64,
}

/// The network size for `buffers` buffers of `segment_size` bytes, in whole MiB.
fn whole_mebibytes(buffers: u64, segment_size: u64) -> MemorySize {
    let bytes = buffers.saturating_mul(segment_size);
    MemorySize::from_mebibytes(bytes.div_ceil(1 << 20))
}

/// The change that makes `analysis` fit with `headroom_percent` to spare.
pub fn fix(config: &Config, analysis: &Analysis, headroom_percent: u32) -> Fix {
    let buffers = analysis
        .required_buffers
        .saturating_mul(100 + u64::from(headroom_percent))
        .div_ceil(100);
    let size = whole_mebibytes(buffers, analysis.pool.segment_size);
    let set = vec![
        (NETWORK_MIN.to_owned(), size_text(size)),
        (NETWORK_MAX.to_owned(), size_text(size)),
    ];
    let changed = variant(config, &set, &[]);
    let (set_budget, set_rejected) = match calc::taskmanager(&changed) {
        Ok(budget) => (
            Some(FixedBudget {
                buffers: budget.segments.as_ref().map_or(0, |s| s.network_buffers),
                task_heap_bytes: budget.task_heap.bytes.bytes(),
                managed_bytes: budget.managed.bytes.bytes(),
            }),
            None,
        ),
        Err(e) => (None, Some(e.message().to_owned())),
    };
    let process_size = match fit::fit(config, &[Target::Buffers(buffers)]).outcome {
        FitOutcome::Found { at, .. } => Some(size_text(at.process_size)),
        FitOutcome::Unreachable { .. } => None,
    };
    Fix {
        buffers,
        headroom_percent,
        network_size: size_text(size),
        network_bytes: size.bytes(),
        set,
        set_budget,
        set_rejected,
        process_size,
    }
}

/// The job with every vertex at `parallelism`, on as many `TaskManager`s as it needs (or the
/// job's own count when that is enough), without a user placement.
pub fn scaled(job: &Job, parallelism: u32) -> Job {
    let mut job = job.clone();
    for vertex in &mut job.vertices {
        vertex.parallelism = parallelism;
    }
    job.placement.clear();
    job.taskmanagers = None;
    job
}

/// The largest parallelism (every vertex scaled to it, `TaskManager`s added as needed) whose
/// worst `TaskManager` still fits `pool`; `None` when even 1 does not, and
/// [`PARALLELISM_LIMIT`] when nothing up to Flink's limit fails.
pub fn max_parallelism(
    settings: &NetworkSettings,
    pool: Pool,
    job: &Job,
    slots: u32,
) -> Result<Option<u32>, ModelError> {
    let fits = |p: u32| analyze(settings, pool, &scaled(job, p), slots).map(|a| a.fits);
    if !fits(1)? {
        return Ok(None);
    }
    if fits(PARALLELISM_LIMIT)? {
        return Ok(Some(PARALLELISM_LIMIT));
    }
    // The requirement grows with the parallelism: bisect between a fit and a failure.
    let (mut good, mut bad) = (1u32, PARALLELISM_LIMIT);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if fits(mid)? {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Ok(Some(good))
}

/// One parallelism of a sweep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SweepPoint {
    pub parallelism: u32,
    pub taskmanagers: u32,
    pub required_buffers: u64,
    pub available_buffers: u64,
    pub fits: bool,
}

/// The requirement at each parallelism of `values`.
pub fn sweep(
    settings: &NetworkSettings,
    pool: Pool,
    job: &Job,
    slots: u32,
    values: &[u32],
) -> Result<Vec<SweepPoint>, ModelError> {
    values
        .iter()
        .map(|&p| {
            let a = analyze(settings, pool, &scaled(job, p), slots)?;
            Ok(SweepPoint {
                parallelism: p,
                taskmanagers: a.taskmanagers,
                required_buffers: a.required_buffers,
                available_buffers: a.pool.buffers,
                fits: a.fits,
            })
        })
        .collect()
}

/// What the Kubernetes operator's autoscaler would give the network
/// (`flink-autoscaler` `MemoryTuning.calculateNetworkSegmentNumber`): pool targets per slot,
/// every channel remote, no `+1`, streaming exchanges only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AutoscalerEstimate {
    pub buffers_per_slot: u64,
    /// Per `TaskManager`: buffers per slot times slots.
    pub buffers: u64,
    pub bytes: u64,
    /// `taskmanager.memory.network.min` = `.max` as the autoscaler would write them.
    pub network_size: String,
}

/// The autoscaler's estimate for `graph` with `slots` slots per `TaskManager`.
pub fn autoscaler(
    settings: &NetworkSettings,
    graph: &JobGraph,
    slots: u32,
    segment_size: u64,
) -> AutoscalerEstimate {
    let b = settings.buffers_per_channel;
    let f = settings.floating_per_gate;
    let segments = |current: u64, other: u64, ship: Ship| -> u64 {
        match ship {
            Ship::Forward if current == other => b + f,
            Ship::Forward | Ship::Rescale => other.div_ceil(current.max(1)) * b + f,
            _ => other * b + f,
        }
    };
    let mut per_slot = 0u64;
    for e in &graph.edges {
        let p_from = u64::from(graph.vertices[e.from].parallelism);
        let p_to = u64::from(graph.vertices[e.to].parallelism);
        // The producer's output and the consumer's input, each counted at its own vertex.
        per_slot = per_slot
            .saturating_add(segments(p_from, p_to, e.ship))
            .saturating_add(segments(p_to, p_from, e.ship));
    }
    let buffers = per_slot.saturating_mul(u64::from(slots));
    let bytes = buffers.saturating_mul(segment_size);
    AutoscalerEstimate {
        buffers_per_slot: per_slot,
        buffers,
        bytes,
        network_size: size_text(MemorySize::from_bytes(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::job::{Edge, Vertex};

    fn settings() -> NetworkSettings {
        NetworkSettings::from_config(&Config::new(crate::FlinkVersion::V1_20, None, &[]))
    }

    #[test]
    fn autoscaler_matches_the_operator_test_case() {
        // MemoryTuningTest: v1(25) -REBALANCE-> v2(10), 5 slots: 86 per slot, 13760 KiB.
        let mut job = Job::quick(1, 0);
        job.vertices = vec![Vertex::new("v1", 25), Vertex::new("v2", 10)];
        job.edges = vec![Edge::new(0, 1, Ship::Rebalance)];
        let estimate = autoscaler(&settings(), &JobGraph::build(&job), 5, 32768);
        assert_eq!(estimate.buffers_per_slot, 86);
        assert_eq!(estimate.bytes, 13760 * 1024);
    }

    #[test]
    fn max_parallelism_of_one_keyby_per_slot_count() {
        // flink-network-buffers.md §8: largest P for one shuffle in 4096 buffers.
        let pool = Pool {
            buffers: 4096,
            segment_size: 32768,
        };
        let job = Job::quick(1, 1);
        for (slots, p) in [(1, 1365), (2, 683), (4, 343), (8, 175), (16, 95)] {
            let found = max_parallelism(&settings(), pool, &job, slots).expect("ok");
            assert_eq!(found, Some(p), "{slots} slots");
        }
    }
}
