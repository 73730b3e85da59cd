//! Buffer pool sizes per Flink version: the result partition's pool (`NettyShuffleUtils.
//! getMinMaxNetworkBuffersPerResultPartition`, `ResultPartitionFactory`) and the input gate's
//! floating pool plus exclusive buffers per remote channel (`InputGateSpecUtils` /
//! `GateBuffersSpec` from 1.17, `NettyShuffleUtils.getMinMaxFloatingBuffersPerInputGate`
//! before).

use serde::Serialize;

use super::settings::NetworkSettings;
use crate::version::FlinkVersion;

/// `ResultPartitionType` of a network exchange (the ones a `DataStream` job produces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartitionType {
    PipelinedBounded,
    Blocking,
    HybridFull,
    HybridSelective,
}

impl PartitionType {
    /// Flink's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Self::PipelinedBounded => "PIPELINED_BOUNDED",
            Self::Blocking => "BLOCKING",
            Self::HybridFull => "HYBRID_FULL",
            Self::HybridSelective => "HYBRID_SELECTIVE",
        }
    }

    pub fn is_hybrid(self) -> bool {
        matches!(self, Self::HybridFull | Self::HybridSelective)
    }

    /// Whether a consumer can only start once the producer has finished (or, for hybrid, may
    /// run after it): the exchange separates pipelined regions.
    pub fn separates_regions(self) -> bool {
        self != Self::PipelinedBounded
    }

    /// Re-consumable types whose outputs Flink shares between consumers (FLINK-28380, 1.16+;
    /// hybrid-selective counts as full from 1.17).
    pub fn reusable(self, version: FlinkVersion) -> bool {
        match self {
            Self::Blocking | Self::HybridFull => true,
            Self::HybridSelective => version >= FlinkVersion::V1_17,
            Self::PipelinedBounded => false,
        }
    }
}

/// A result partition's local buffer pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PartitionPool {
    /// Buffers counted as required when the pool is created.
    pub min: u64,
    /// The most the pool may grow to; `None` when unbounded.
    pub max: Option<u64>,
    /// A sort-merge blocking partition (a fixed reservation whatever `n`).
    pub sort_shuffle: bool,
    /// A hybrid partition on tiered storage.
    pub tiered: bool,
}

/// The pool of one result partition of `subpartitions` subpartitions.
pub fn partition_pool(
    s: &NetworkSettings,
    kind: PartitionType,
    subpartitions: u64,
) -> PartitionPool {
    let n = subpartitions;
    let sort_shuffle = kind == PartitionType::Blocking && n >= s.sort_min_parallelism;
    let tiered = kind.is_hybrid() && s.hybrid_tiered;
    let min = if sort_shuffle {
        s.sort_min_buffers
    } else if tiered {
        s.tiered_guaranteed().min(n.saturating_add(1))
    } else {
        n.saturating_add(1)
    };
    let max = if kind == PartitionType::PipelinedBounded {
        Some(
            n.saturating_mul(s.buffers_per_channel)
                .saturating_add(s.floating_per_gate),
        )
    } else if sort_shuffle && s.version >= FlinkVersion::V1_15 {
        Some(n.saturating_mul(4))
    } else {
        None
    };
    PartitionPool {
        min,
        max: max.map(|m| m.max(min)),
        sort_shuffle,
        tiered,
    }
}

/// An input gate's buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GatePool {
    /// Exclusive buffers each remote channel requests (`e`).
    pub exclusive_per_channel: u64,
    /// The floating pool's minimum, counted as required when the gate is set up.
    pub floating_min: u64,
    /// The floating pool's maximum.
    pub floating_max: u64,
    /// The 1.17+ threshold of required buffers applied to this gate (`None`: unlimited or
    /// before 1.17).
    pub threshold: Option<u64>,
}

impl GatePool {
    /// Required buffers of the gate with `remote` remote channels.
    pub fn required(&self, remote: u64) -> u64 {
        self.floating_min
            .saturating_add(self.exclusive_per_channel.saturating_mul(remote))
    }

    /// The most the gate uses with `remote` remote channels.
    pub fn target(&self, remote: u64) -> u64 {
        self.floating_max
            .saturating_add(self.exclusive_per_channel.saturating_mul(remote))
    }
}

/// The 1.17+ default threshold of required buffers for gates of "batch" types.
pub const BATCH_GATE_THRESHOLD: u64 = 1000;

/// The buffers of a gate of `channels` input channels reading `kind` partitions.
pub fn gate_pool(settings: &NetworkSettings, kind: PartitionType, channels: u64) -> GatePool {
    let b = settings.buffers_per_channel;
    let f = settings.floating_per_gate;
    if settings.version < FlinkVersion::V1_17 {
        return GatePool {
            exclusive_per_channel: b,
            floating_min: 1,
            floating_max: f,
            threshold: None,
        };
    }
    let n = channels.max(1);
    let streaming_like =
        kind == PartitionType::PipelinedBounded || (kind.is_hybrid() && !settings.hybrid_tiered);
    let threshold = settings
        .required_per_gate
        .or((!streaming_like).then_some(BATCH_GATE_THRESHOLD));
    let target_required = n.saturating_mul(b).saturating_add(1);
    let target_total = n.saturating_mul(b).saturating_add(f);
    let required = threshold.map_or(target_required, |t| t.min(target_required));
    let e = b.min(required.saturating_sub(1) / n);
    let floating_min = required - e * n;
    GatePool {
        exclusive_per_channel: e,
        floating_min,
        floating_max: target_total - e * n,
        threshold,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn settings(version: FlinkVersion, set: &[(&str, &str)]) -> NetworkSettings {
        let overrides: Vec<(String, String)> = set
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        NetworkSettings::from_config(&Config::new(version, None, &overrides))
    }

    #[test]
    fn pipelined_partition_needs_n_plus_one_whatever_buffers_per_channel() {
        let s = settings(
            FlinkVersion::V1_20,
            &[("taskmanager.network.memory.buffers-per-channel", "0")],
        );
        let p = partition_pool(&s, PartitionType::PipelinedBounded, 32);
        assert_eq!((p.min, p.max), (33, Some(33)));
        let s = settings(FlinkVersion::V1_20, &[]);
        let p = partition_pool(&s, PartitionType::PipelinedBounded, 4);
        assert_eq!((p.min, p.max), (5, Some(16)));
    }

    #[test]
    fn sort_shuffle_reserves_a_fixed_count_from_1_15() {
        let s = settings(FlinkVersion::V1_15, &[]);
        let p = partition_pool(&s, PartitionType::Blocking, 1);
        assert_eq!((p.min, p.max, p.sort_shuffle), (512, Some(512), true));
        let p = partition_pool(&s, PartitionType::Blocking, 200);
        assert_eq!(p.max, Some(800));
        // 1.13-1.14: hash-based blocking unless min-parallelism is lowered.
        let s = settings(FlinkVersion::V1_14, &[]);
        let p = partition_pool(&s, PartitionType::Blocking, 100);
        assert_eq!((p.min, p.max, p.sort_shuffle), (101, None, false));
    }

    #[test]
    fn tiered_hybrid_partitions_cap_their_guarantee() {
        let s = settings(FlinkVersion::V1_19, &[]);
        assert_eq!(partition_pool(&s, PartitionType::HybridFull, 1000).min, 613);
        let s = settings(FlinkVersion::V1_20, &[]);
        assert_eq!(partition_pool(&s, PartitionType::HybridFull, 1000).min, 101);
        assert_eq!(partition_pool(&s, PartitionType::HybridFull, 8).min, 9);
        let s = settings(FlinkVersion::V1_17, &[]);
        assert_eq!(
            partition_pool(&s, PartitionType::HybridFull, 1000).min,
            1001
        );
    }

    #[test]
    fn gate_thresholds_follow_the_spec_table() {
        let s = settings(FlinkVersion::V1_17, &[]);
        let g = gate_pool(&s, PartitionType::PipelinedBounded, 5000);
        assert_eq!(
            (g.exclusive_per_channel, g.floating_min, g.floating_max),
            (2, 1, 8)
        );
        let g = gate_pool(&s, PartitionType::Blocking, 499);
        assert_eq!((g.exclusive_per_channel, g.floating_min), (2, 1));
        let g = gate_pool(&s, PartitionType::Blocking, 500);
        assert_eq!(
            (g.exclusive_per_channel, g.floating_min, g.floating_max),
            (1, 500, 508)
        );
        let g = gate_pool(&s, PartitionType::Blocking, 1000);
        assert_eq!(
            (g.exclusive_per_channel, g.floating_min, g.floating_max),
            (0, 1000, 2008)
        );
        let s = settings(FlinkVersion::V1_16, &[]);
        let g = gate_pool(&s, PartitionType::Blocking, 1600);
        assert_eq!(g.required(1568), 3137);
        let s = settings(
            FlinkVersion::V1_17,
            &[(
                "taskmanager.network.memory.read-buffer.required-per-gate.max",
                "10",
            )],
        );
        let g = gate_pool(&s, PartitionType::PipelinedBounded, 8);
        assert_eq!((g.exclusive_per_channel, g.floating_min), (1, 2));
    }
}
