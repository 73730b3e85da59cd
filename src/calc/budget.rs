//! The results of a successful derivation: every memory component with where its number came
//! from, for the `TaskManager` (`TaskExecutorProcessSpec`) and the `JobManager`
//! (`JobManagerProcessSpec`).
//!
//! The strings Flink's `BashJavaUtils` prints for a budget are built by [`TaskManagerBudget::jvm_params`] and friends (module `output`).

use crate::units::MemorySize;
use crate::version::FlinkVersion;

use super::component::{Component, ser};
use super::error::CalcError;

/// Which options selected the derivation (`ProcessMemoryUtils.memoryProcessSpecFromConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DerivationPath {
    /// TM task heap and managed size, or the JM heap, are set.
    FineGrained,
    /// Total Flink memory is set.
    TotalFlink,
    /// Only total process memory is set.
    TotalProcess,
}

/// An external resource the `TaskManager` announces (`external-resource.<name>.amount`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExternalResource {
    pub name: String,
    pub amount: i64,
}

/// Where the CPU cores came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CpuCores {
    /// The Java double Flink uses.
    pub value: f64,
    /// True when `taskmanager.cpu.cores` is unset and the slot count is used.
    pub from_slots: bool,
}

/// Network buffers the `TaskManager` will have, if its segment size is usable.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Segments {
    /// `taskmanager.memory.segment-size`.
    pub segment_size: Component,
    /// `floor(network / segment size)`.
    pub network_buffers: u64,
}

/// Something Flink logs (INFO/WARN) while deriving, without failing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "note")]
pub enum Note {
    /// A legacy heap option was mapped onto `target` (1.x standalone scripts).
    LegacyHeapMapped { legacy_key: String, target: String },
    /// `taskmanager.network.numberOfBuffers` sized the network memory (1.x).
    LegacyNetworkBuffers,
    /// A remainder differs from what the explicitly set fraction would give.
    FractionIgnored {
        key: String,
        #[serde(serialize_with = "ser::bytes")]
        derived: MemorySize,
    },
    /// The `JobManager` off-heap size was derived from total Flink memory minus the heap.
    JmOffHeapDerived {
        #[serde(serialize_with = "ser::bytes")]
        derived: MemorySize,
    },
    /// The `JobManager` heap is below the recommended 128 MiB.
    JmHeapBelowMinimum {
        #[serde(serialize_with = "ser::bytes")]
        heap: MemorySize,
    },
    /// An external resource is listed without a positive amount and is ignored.
    ExternalResourceIgnored { name: String },
}

/// A `TaskManager`'s memory budget, as `TaskExecutorProcessUtils.processSpecFromConfig` derives it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TaskManagerBudget {
    #[serde(serialize_with = "ser::version")]
    pub version: FlinkVersion,
    pub path: DerivationPath,
    pub total_process: Component,
    pub total_flink: Component,
    pub framework_heap: Component,
    pub task_heap: Component,
    pub framework_off_heap: Component,
    pub task_off_heap: Component,
    pub managed: Component,
    pub network: Component,
    pub jvm_metaspace: Component,
    pub jvm_overhead: Component,
    /// `-Xmx`: framework heap + task heap.
    pub jvm_heap: Component,
    /// `-XX:MaxDirectMemorySize`: framework off-heap + task off-heap + network.
    pub jvm_direct: Component,
    pub slots: i32,
    pub cpu_cores: CpuCores,
    /// In the order Flink writes them into the dynamic configs.
    pub external_resources: Vec<ExternalResource>,
    /// Segment size and buffer count; `None` when the segment size is unusable.
    pub segments: Option<Segments>,
    /// Why the `TaskManager` would refuse to start with this segment size, if it would.
    pub segment_problem: Option<CalcError>,
    pub notes: Vec<Note>,
}

/// A `JobManager`'s memory budget, as `JobManagerProcessUtils.processSpecFromConfig` derives it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JobManagerBudget {
    #[serde(serialize_with = "ser::version")]
    pub version: FlinkVersion,
    pub path: DerivationPath,
    pub total_process: Component,
    pub total_flink: Component,
    pub jvm_heap: Component,
    pub off_heap: Component,
    pub jvm_metaspace: Component,
    pub jvm_overhead: Component,
    /// `-XX:MaxDirectMemorySize` (the off-heap size), only when
    /// `jobmanager.memory.enable-jvm-direct-memory-limit` is true.
    pub jvm_direct: Option<Component>,
    pub notes: Vec<Note>,
}
