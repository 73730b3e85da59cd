//! The wiring of exchanges: each exchange's partition type, which batch outputs share one
//! result partition, the subpartitions of every producer and the channels of every consumer's
//! gate, and the [`Layout`] of the placed job that sizes them.

use std::collections::HashMap;

use crate::network::graph::{JobGraph, NetworkEdge, pointwise_producers};
use crate::network::job::{Exchange, Mode, Ship, ShuffleMode};
use crate::network::pools::{GatePool, PartitionPool, PartitionType, gate_pool, partition_pool};
use crate::network::settings::NetworkSettings;
use crate::version::FlinkVersion;

/// The partition type of an exchange (`StreamingJobGraphGenerator.
/// determineUndefinedResultPartitionType`).
pub(super) fn partition_type(
    edge: &NetworkEdge,
    mode: Mode,
    shuffle: ShuffleMode,
) -> PartitionType {
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

/// `a / b` rounded up (`b` at least 1).
pub(super) fn ceil_div(a: u64, b: u64) -> u64 {
    a.div_ceil(b.max(1))
}

/// Output reuse (FLINK-28380): one partition serves several consumers of a batch vertex. Per
/// exchange, the earlier exchange whose result partition it shares.
pub(super) fn shared_partitions(
    graph: &JobGraph,
    types: &[PartitionType],
    mode: Mode,
    version: FlinkVersion,
) -> Vec<Option<usize>> {
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
    shares
}

/// Subpartition and channel counts of one exchange.
pub(super) struct Wiring {
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
    pub(super) fn subpartitions(&self, producer: u64) -> u64 {
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
    pub(super) fn producers_of(&self, consumer: u64) -> std::ops::Range<u64> {
        let (p, q) = (self.producers, self.consumers);
        if !self.pointwise {
            return 0..p;
        }
        pointwise_producers(p, q, consumer)
    }

    /// Channels per producer partition read by consumer `i`.
    pub(super) fn range(&self, consumer: u64) -> u64 {
        match self.ranged {
            Some(n) if !self.channel_per_partition => {
                let q = self.consumers;
                (consumer + 1) * n / q - consumer * n / q
            }
            _ => 1,
        }
    }
}

/// The wiring of every exchange of `graph`; `dynamic`: batch on the adaptive batch scheduler's
/// dynamic graph.
pub(super) fn wire(graph: &JobGraph, settings: &NetworkSettings, dynamic: bool) -> Vec<Wiring> {
    let version = settings.version;
    graph
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
        .collect()
}

/// The job wired and placed: what the requirement and the replay of requests read.
pub(super) struct Layout<'a> {
    pub settings: &'a NetworkSettings,
    pub graph: &'a JobGraph,
    pub types: &'a [PartitionType],
    pub shares: &'a [Option<usize>],
    pub wiring: &'a [Wiring],
    pub placement: &'a [Vec<u32>],
    pub level: &'a [usize],
    /// Subtasks of each job vertex per `TaskManager`.
    pub on_tm: &'a [Vec<u64>],
}

impl Layout<'_> {
    /// Producer `j`'s result partition of exchange `i`: its subpartitions and pool.
    pub(super) fn partition(&self, i: usize, j: u64) -> (u64, PartitionPool) {
        let n = self.wiring[i].subpartitions(j);
        (n, partition_pool(self.settings, self.types[i], n))
    }

    /// Consumer `c`'s gate of exchange `i` on `TaskManager` `tm`: its channels, how many of them
    /// are remote, and its buffers.
    pub(super) fn gate(&self, i: usize, c: u64, tm: u32) -> (u64, u64, GatePool) {
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
