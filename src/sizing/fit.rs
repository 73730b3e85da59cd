//! Inverse sizing: the smallest `taskmanager.memory.process.size` (whole MiB) whose budget meets
//! every target, found and checked with the forward calculation.
//!
//! The process size drives the budget only on Flink's process-size path, so the keys that take
//! that role away are removed (as the Kubernetes operator's autoscaler does when it writes a new
//! process size): `taskmanager.memory.flink.size`, and in 1.x the legacy `taskmanager.heap.size`
//! / `taskmanager.heap.mb` that Flink maps onto it. Everything else stays as configured.
//!
//! Which targets the process size can reach: components Flink derives from a fraction (managed,
//! network between its min and max) or as a remainder (task heap, total Flink memory) grow with
//! it. A component set directly (`taskmanager.memory.task.heap.size`, a legacy
//! `taskmanager.network.numberOfBuffers`), capped by a max (`taskmanager.memory.network.max`,
//! 1g before 1.17), or derived from fine-grained options (task heap and managed both set) does
//! not; such a target is reported with the key that blocks it.

use super::candidate::{size_text, variant};
use super::search::{LIMIT_MEBIBYTES, smallest};
use crate::calc::{self, CalcError, Component, DerivationPath, Provenance, TaskManagerBudget};
use crate::config::Config;
use crate::units::MemorySize;

/// The key `fit` sets.
pub const PROCESS_SIZE: &str = "taskmanager.memory.process.size";

/// Keys that keep the process size from driving the budget, removed when present.
const TOTAL_FLINK: &str = "taskmanager.memory.flink.size";
const LEGACY_HEAP: [&str; 2] = ["taskmanager.heap.size", "taskmanager.heap.mb"];

/// A lower bound a `TaskManager` budget must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Network memory (`--network`).
    Network(MemorySize),
    /// Network buffers, network memory / segment size (`--buffers`).
    Buffers(u64),
    /// Task heap (`--task-heap`).
    TaskHeap(MemorySize),
    /// Managed memory (`--managed`).
    Managed(MemorySize),
    /// JVM heap, `-Xmx` (`--jvm-heap`).
    JvmHeap(MemorySize),
    /// Total Flink memory (`--total-flink`).
    TotalFlink(MemorySize),
}

impl Target {
    /// The command-line flag that sets this target.
    pub fn flag(self) -> &'static str {
        match self {
            Self::Network(_) => "--network",
            Self::Buffers(_) => "--buffers",
            Self::TaskHeap(_) => "--task-heap",
            Self::Managed(_) => "--managed",
            Self::JvmHeap(_) => "--jvm-heap",
            Self::TotalFlink(_) => "--total-flink",
        }
    }

    /// What the target is about, in words.
    pub fn name(self) -> &'static str {
        match self {
            Self::Network(_) => "network memory",
            Self::Buffers(_) => "network buffers",
            Self::TaskHeap(_) => "task heap",
            Self::Managed(_) => "managed memory",
            Self::JvmHeap(_) => "JVM heap",
            Self::TotalFlink(_) => "total Flink memory",
        }
    }

    /// True for a count (buffers), false for a size in bytes.
    pub fn is_count(self) -> bool {
        matches!(self, Self::Buffers(_))
    }

    /// The lower bound, in bytes or buffers.
    pub fn wanted(self) -> u64 {
        match self {
            Self::Buffers(n) => n,
            Self::Network(s)
            | Self::TaskHeap(s)
            | Self::Managed(s)
            | Self::JvmHeap(s)
            | Self::TotalFlink(s) => s.bytes(),
        }
    }

    /// What `budget` has of it; `None` for buffers when the segment size is unusable.
    pub fn achieved(self, budget: &TaskManagerBudget) -> Option<u64> {
        match self {
            Self::Network(_) => Some(budget.network.bytes.bytes()),
            Self::Buffers(_) => budget.segments.as_ref().map(|s| s.network_buffers),
            Self::TaskHeap(_) => Some(budget.task_heap.bytes.bytes()),
            Self::Managed(_) => Some(budget.managed.bytes.bytes()),
            Self::JvmHeap(_) => Some(budget.jvm_heap.bytes.bytes()),
            Self::TotalFlink(_) => Some(budget.total_flink.bytes.bytes()),
        }
    }

    pub fn is_met(self, budget: &TaskManagerBudget) -> bool {
        self.achieved(budget).is_some_and(|a| a >= self.wanted())
    }

    /// The component whose derivation decides whether the target can grow.
    fn driver(self, budget: &TaskManagerBudget) -> &Component {
        match self {
            Self::Network(_) | Self::Buffers(_) => &budget.network,
            Self::TaskHeap(_) | Self::JvmHeap(_) => &budget.task_heap,
            Self::Managed(_) => &budget.managed,
            Self::TotalFlink(_) => &budget.total_flink,
        }
    }
}

/// A `TaskManager` configuration with one process size, and what Flink derives from it.
#[derive(Debug, Clone)]
pub struct Sized {
    pub process_size: MemorySize,
    pub config: Config,
    pub budget: Result<TaskManagerBudget, CalcError>,
}

impl Sized {
    /// Whether the budget derives and meets every target.
    pub fn meets(&self, targets: &[Target]) -> bool {
        self.budget
            .as_ref()
            .is_ok_and(|b| targets.iter().all(|t| t.is_met(b)))
    }
}

/// Why the process size cannot reach a target.
#[derive(Debug, Clone)]
pub enum BlockReason {
    /// The component is set directly (its provenance says where) and does not grow.
    Fixed(Provenance),
    /// The component is capped by the max option `key`.
    Capped { key: String, max: MemorySize },
    /// Task heap and managed memory are both set: Flink derives the budget from them and the
    /// process size is only checked against the sum.
    NotDriven,
    /// The `TaskManager` would refuse its segment size, so there is no buffer count.
    NoSegments,
    /// Flink rejects the configuration at every size tried; its failure at the largest.
    Rejected(Box<CalcError>),
    /// The target grows with the process size but does not reach the bound up to 16 TiB.
    TooLarge,
}

/// A target the process size cannot reach, and why.
#[derive(Debug, Clone)]
pub struct Blocker {
    pub target: Target,
    pub reason: BlockReason,
}

/// What `fit` found.
#[derive(Debug, Clone)]
pub enum FitOutcome {
    /// The smallest size meeting every target, and the size one MiB below it (which does not).
    Found {
        at: Box<Sized>,
        below: Option<Box<Sized>>,
    },
    /// No size up to 16 TiB meets every target; `largest` is the largest size Flink accepted.
    Unreachable {
        blockers: Vec<Blocker>,
        largest: Option<Box<Sized>>,
    },
}

/// The answer of `fit`: the keys it removes and the outcome.
#[derive(Debug, Clone)]
pub struct Fit {
    /// Keys present in the configuration that are removed so the process size drives it.
    pub removed: Vec<String>,
    pub outcome: FitOutcome,
}

/// The keys present in `config` that `fit` removes.
pub fn competing_keys(config: &Config) -> Vec<String> {
    let mut keys = vec![TOTAL_FLINK];
    if !config.version().is_2x() {
        keys.extend(LEGACY_HEAP);
    }
    keys.into_iter()
        .filter(|k| config.is_set(k))
        .map(str::to_owned)
        .collect()
}

/// `config` with the competing keys removed and the process size set to `size`.
pub fn sized(config: &Config, size: MemorySize) -> Sized {
    let removed = competing_keys(config);
    let removed: Vec<&str> = removed.iter().map(String::as_str).collect();
    let config = variant(
        config,
        &[(PROCESS_SIZE.to_owned(), size_text(size))],
        &removed,
    );
    let budget = calc::taskmanager(&config);
    Sized {
        process_size: size,
        config,
        budget,
    }
}

/// The smallest whole-MiB process size meeting every target.
pub fn fit(config: &Config, targets: &[Target]) -> Fit {
    let removed = competing_keys(config);
    let probe = |mebibytes: u64| sized(config, MemorySize::from_mebibytes(mebibytes));
    let mut largest: Option<Sized> = None;
    let mut last: Option<Sized> = None;
    let found = smallest(1, LIMIT_MEBIBYTES, |mebibytes| {
        let sized = probe(mebibytes);
        let meets = sized.meets(targets);
        if sized.budget.is_ok() {
            largest = Some(sized.clone());
        }
        last = Some(sized);
        meets
    });
    let outcome = if let Some(mebibytes) = found {
        FitOutcome::Found {
            at: Box::new(probe(mebibytes)),
            below: (mebibytes > 1).then(|| Box::new(probe(mebibytes - 1))),
        }
    } else {
        let blockers = blockers(targets, largest.as_ref(), last.as_ref());
        FitOutcome::Unreachable {
            blockers,
            largest: largest.map(Box::new),
        }
    };
    Fit { removed, outcome }
}

fn blockers(targets: &[Target], largest: Option<&Sized>, last: Option<&Sized>) -> Vec<Blocker> {
    let Some(budget) = largest.and_then(|s| s.budget.as_ref().ok()) else {
        let error = last.and_then(|s| s.budget.as_ref().err()).cloned();
        return targets
            .iter()
            .map(|&target| Blocker {
                target,
                reason: error.clone().map_or(BlockReason::TooLarge, |e| {
                    BlockReason::Rejected(Box::new(e))
                }),
            })
            .collect();
    };
    targets
        .iter()
        .filter(|t| !t.is_met(budget))
        .map(|&target| Blocker {
            target,
            reason: block_reason(target, budget),
        })
        .collect()
}

fn block_reason(target: Target, budget: &TaskManagerBudget) -> BlockReason {
    if budget.path == DerivationPath::FineGrained {
        return BlockReason::NotDriven;
    }
    if matches!(target, Target::Buffers(_)) && budget.segments.is_none() {
        return BlockReason::NoSegments;
    }
    let driver = target.driver(budget);
    match &driver.provenance {
        Provenance::Configured { .. } | Provenance::Legacy { .. } => {
            BlockReason::Fixed(driver.provenance.clone())
        }
        Provenance::ClampedToMax { key, .. } => BlockReason::Capped {
            key: key.clone(),
            max: driver.bytes,
        },
        _ => BlockReason::TooLarge,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Dialect, SourceFile};
    use crate::version::FlinkVersion;

    fn config(text: &str, version: FlinkVersion) -> Config {
        let file = ConfigFile::parse(
            SourceFile::new("config.yaml", text.to_owned()),
            Dialect::Standard,
        );
        Config::new(version, Some(file), &[])
    }

    fn found(fit: &Fit) -> (&Sized, Option<&Sized>) {
        match &fit.outcome {
            FitOutcome::Found { at, below } => (at, below.as_deref()),
            FitOutcome::Unreachable { blockers, .. } => panic!("unreachable: {blockers:?}"),
        }
    }

    #[test]
    fn one_gib_of_network_on_the_default_config() {
        let base = config(
            "taskmanager.memory.process.size: 1728m\ntaskmanager.memory.flink.size: 1280m\n",
            FlinkVersion::V2_3,
        );
        let targets = [Target::Network(MemorySize::from_mebibytes(1024))];
        let fit = fit(&base, &targets);
        assert_eq!(fit.removed, ["taskmanager.memory.flink.size"]);
        let (at, below) = found(&fit);
        assert!(at.meets(&targets));
        assert!(!below.expect("below").meets(&targets));
        // Network is 0.1 (as a float) of total Flink memory, so Flink memory needs a hair under
        // 10g; plus 256m metaspace and 1g overhead (capped): 11520m, and 11519m gives less.
        assert_eq!(at.process_size, MemorySize::from_mebibytes(11_520));
    }

    #[test]
    fn network_is_capped_at_1g_before_1_17() {
        let base = config("taskmanager.memory.process.size: 4g\n", FlinkVersion::V1_16);
        let fit = fit(&base, &[Target::Network(MemorySize::from_mebibytes(2048))]);
        let FitOutcome::Unreachable { blockers, .. } = &fit.outcome else {
            panic!("{:?}", fit.outcome);
        };
        assert!(matches!(
            &blockers[0].reason,
            BlockReason::Capped { key, max } if key == "taskmanager.memory.network.max" && max.bytes() == 1 << 30
        ));
    }

    #[test]
    fn a_configured_task_heap_blocks_a_task_heap_target() {
        let base = config(
            "taskmanager.memory.process.size: 4g\ntaskmanager.memory.task.heap.size: 1g\n",
            FlinkVersion::V2_0,
        );
        let fit = fit(&base, &[Target::TaskHeap(MemorySize::from_mebibytes(2048))]);
        let FitOutcome::Unreachable { blockers, largest } = &fit.outcome else {
            panic!("{:?}", fit.outcome);
        };
        assert!(largest.is_some());
        assert!(matches!(
            &blockers[0].reason,
            BlockReason::Fixed(Provenance::Configured { key, .. }) if key == "taskmanager.memory.task.heap.size"
        ));
    }

    #[test]
    fn targets_combine() {
        let base = config("taskmanager.numberOfTaskSlots: 4\n", FlinkVersion::V1_20);
        let targets = [
            Target::Buffers(20_000),
            Target::Managed(MemorySize::from_mebibytes(4096)),
        ];
        let fit = fit(&base, &targets);
        let (at, below) = found(&fit);
        assert!(at.meets(&targets) && !below.expect("below").meets(&targets));
    }
}
