//! The network options one Flink version reads from a configuration, with the values 2.x hard-codes
//! (`NettyShuffleEnvironmentConfiguration.fromConfiguration`, `NettyShuffleMaster`).

use super::job::{Mode, ShuffleMode};
use crate::config::Config;
use crate::version::FlinkVersion;

pub const BUFFERS_PER_CHANNEL: &str = "taskmanager.network.memory.buffers-per-channel";
pub const FLOATING_PER_GATE: &str = "taskmanager.network.memory.floating-buffers-per-gate";
pub const SORT_MIN_BUFFERS: &str = "taskmanager.network.sort-shuffle.min-buffers";
pub const SORT_MIN_PARALLELISM: &str = "taskmanager.network.sort-shuffle.min-parallelism";
pub const REQUIRED_PER_GATE: &str = "taskmanager.network.memory.read-buffer.required-per-gate.max";
pub const HYBRID_NEW_MODE: &str = "taskmanager.network.hybrid-shuffle.enable-new-mode";
pub const HYBRID_REMOTE_PATH: &str = "taskmanager.network.hybrid-shuffle.remote.path";
pub const SCHEDULER: &str = "jobmanager.scheduler";
pub const AUTO_MAX_PARALLELISM: &str = "execution.batch.adaptive.auto-parallelism.max-parallelism";
pub const DEFAULT_PARALLELISM: &str = "parallelism.default";
pub const RUNTIME_MODE: &str = "execution.runtime-mode";
pub const BATCH_SHUFFLE_MODE: &str = "execution.batch-shuffle-mode";

/// Everything the model reads from the configuration besides the pool size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSettings {
    pub version: FlinkVersion,
    /// Exclusive buffers per remote input channel (`b`); 2 in 2.x.
    pub buffers_per_channel: u64,
    /// Floating buffers per input gate (`f`); 8 in 2.x.
    pub floating_per_gate: u64,
    /// Buffers a sort-shuffle result partition reserves.
    pub sort_min_buffers: u64,
    /// Subpartitions from which a blocking partition is sort-based (`i32::MAX`: never).
    pub sort_min_parallelism: u64,
    /// The 1.17+ cap on a gate's required buffers, when set.
    pub required_per_gate: Option<u64>,
    /// Hybrid shuffle runs on tiered storage (1.18+ new mode, always in 2.x).
    pub hybrid_tiered: bool,
    /// A remote tier is configured (one more guaranteed buffer per tiered partition).
    pub hybrid_remote_tier: bool,
    /// `execution.runtime-mode` is `BATCH`.
    pub batch_mode: bool,
    pub shuffle_mode: ShuffleMode,
    /// `jobmanager.scheduler` as written, when written.
    pub scheduler: Option<String>,
    /// The max parallelism of an auto-parallelism vertex that sets none.
    pub auto_max_parallelism: u32,
}

fn int(config: &Config, key: &str) -> Option<i64> {
    config
        .resolve(key)
        .and_then(|r| r.entry.value.to_long().ok())
        .or_else(|| config.default_text(key).and_then(|d| d.parse().ok()))
}

fn count(config: &Config, key: &str, default: u64) -> u64 {
    int(config, key)
        .and_then(|v| u64::try_from(v).ok())
        .unwrap_or(default)
}

impl NetworkSettings {
    /// The settings `config` gives its Flink version.
    pub fn from_config(config: &Config) -> Self {
        let version = config.version();
        let is_2x = version.is_2x();
        let (buffers_per_channel, floating_per_gate) = if is_2x {
            (2, 8)
        } else {
            (
                count(config, BUFFERS_PER_CHANNEL, 2),
                count(config, FLOATING_PER_GATE, 8),
            )
        };
        let sort_min_buffers = count(
            config,
            SORT_MIN_BUFFERS,
            if version >= FlinkVersion::V1_15 {
                512
            } else {
                64
            },
        );
        let sort_min_parallelism = if is_2x {
            1
        } else {
            count(
                config,
                SORT_MIN_PARALLELISM,
                if version >= FlinkVersion::V1_15 {
                    1
                } else {
                    i32::MAX as u64
                },
            )
        };
        let required_per_gate = if version >= FlinkVersion::V1_17 {
            config
                .resolve(REQUIRED_PER_GATE)
                .and_then(|r| r.entry.value.to_int().ok())
                .and_then(|v| u64::try_from(v).ok())
        } else {
            None
        };
        let hybrid_tiered = is_2x
            || (version >= FlinkVersion::V1_18
                && config
                    .resolve(HYBRID_NEW_MODE)
                    .and_then(|r| r.entry.value.to_bool().ok())
                    .unwrap_or(true));
        let text = |key: &str| {
            config
                .resolve(key)
                .map(|r| r.entry.value.java_string().trim().to_owned())
        };
        let batch_mode = text(RUNTIME_MODE).is_some_and(|m| m.eq_ignore_ascii_case("batch"));
        let shuffle_mode = text(BATCH_SHUFFLE_MODE)
            .and_then(|m| ShuffleMode::parse(&m))
            .unwrap_or(ShuffleMode::AllExchangesBlocking);
        // AdaptiveBatchSchedulerFactory: the auto-parallelism cap, else parallelism.default when
        // set, else 128.
        let auto_max_parallelism = config
            .resolve(AUTO_MAX_PARALLELISM)
            .or_else(|| config.resolve(DEFAULT_PARALLELISM))
            .and_then(|r| r.entry.value.to_int().ok())
            .and_then(|v| u32::try_from(v).ok())
            .filter(|v| *v > 0)
            .unwrap_or(128);
        Self {
            version,
            buffers_per_channel,
            floating_per_gate,
            sort_min_buffers,
            sort_min_parallelism,
            required_per_gate,
            hybrid_tiered,
            hybrid_remote_tier: config.is_set(HYBRID_REMOTE_PATH),
            batch_mode,
            shuffle_mode,
            scheduler: text(SCHEDULER),
            auto_max_parallelism,
        }
    }

    /// The runtime mode of a job that does not state one.
    pub fn default_mode(&self) -> Mode {
        if self.batch_mode {
            Mode::Batch
        } else {
            Mode::Streaming
        }
    }

    /// Whether a batch job runs on a dynamic execution graph (`AdaptiveBatchScheduler`): the
    /// default for batch jobs from 1.17 when `jobmanager.scheduler` is not set (FLINK-30683),
    /// and from 1.15 when it names `AdaptiveBatch`. Pipelined batch exchanges keep the static
    /// graph (the adaptive batch scheduler does not run them).
    pub fn dynamic_graph(&self, shuffle_mode: ShuffleMode) -> bool {
        if shuffle_mode == ShuffleMode::AllExchangesPipelined {
            return false;
        }
        match self.scheduler.as_deref() {
            Some(s) => {
                s.eq_ignore_ascii_case("AdaptiveBatch") && self.version >= FlinkVersion::V1_15
            }
            None => self.version >= FlinkVersion::V1_17,
        }
    }

    /// Guaranteed buffers of a tiered-storage hybrid partition: 1.18-1.19 sum the tiers'
    /// exclusive buffers (512 + 100 + 1), 1.20+ their producers' guaranteed buffers (100 + 1);
    /// one more with a remote tier (`TieredStorageConfiguration`).
    pub fn tiered_guaranteed(&self) -> u64 {
        let base = if self.version >= FlinkVersion::V1_20 {
            101
        } else {
            613
        };
        base + u64::from(self.hybrid_remote_tier)
    }
}
