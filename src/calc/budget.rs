//! The results of a successful derivation: every memory component with where its number came
//! from, for the `TaskManager` (`TaskExecutorProcessSpec`) and the `JobManager`
//! (`JobManagerProcessSpec`).
//!
//! The strings Flink's `BashJavaUtils` prints for a budget are built by [`TaskManagerBudget::jvm_params`] and friends (module `output`).

use crate::config::{Origin, Span};
use crate::memory_size::MemorySize;
use crate::version::FlinkVersion;

use super::error::CalcError;

/// Serialisers for the crate types that have no `Serialize` of their own.
pub(crate) mod ser {
    use serde::Serializer;

    use crate::memory_size::MemorySize;
    use crate::version::FlinkVersion;

    /// A size as its byte count.
    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's `serialize_with` signature"
    )]
    pub fn bytes<S: Serializer>(size: &MemorySize, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(size.bytes())
    }

    /// A version as `1.20`.
    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's `serialize_with` signature"
    )]
    pub fn version<S: Serializer>(version: &FlinkVersion, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(version)
    }
}

/// Where a component's byte count came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Provenance {
    /// Read from the configuration: the option `key`, written under `via` when that is a
    /// deprecated or fallback key.
    Configured {
        key: String,
        via: Option<String>,
        origin: Origin,
        span: Option<Span>,
    },
    /// The option's default in this Flink version.
    Default { key: String },
    /// `fraction × <of>` (truncated), `fraction` printed as Java's `Double.toString` of the
    /// multiplier actually used (for an inverse fraction `f / (1 - f)`).
    Fraction {
        key: String,
        fraction: String,
        of: &'static str,
    },
    /// A fraction-derived value below the option `key` (a min), raised to it.
    ClampedToMin {
        key: String,
        #[serde(serialize_with = "ser::bytes")]
        derived: MemorySize,
    },
    /// A fraction-derived value above the option `key` (a max), lowered to it.
    ClampedToMax {
        key: String,
        #[serde(serialize_with = "ser::bytes")]
        derived: MemorySize,
    },
    /// What is left of `of` after the other components.
    Remainder { of: &'static str },
    /// The sum of other components, e.g. JVM heap = framework heap + task heap.
    Sum { of: &'static str },
    /// Taken from a legacy option (`taskmanager.heap.size`, `taskmanager.network
    /// .numberOfBuffers`, ...) that Flink maps onto the new model (1.x only).
    Legacy {
        key: String,
        origin: Origin,
        span: Option<Span>,
    },
}

/// A memory size and its provenance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Component {
    #[serde(serialize_with = "ser::bytes")]
    pub bytes: MemorySize,
    pub provenance: Provenance,
}

impl Component {
    pub fn new(bytes: MemorySize, provenance: Provenance) -> Self {
        Self { bytes, provenance }
    }

    pub(crate) fn sum(bytes: MemorySize, of: &'static str) -> Self {
        Self::new(bytes, Provenance::Sum { of })
    }

    pub(crate) fn remainder(bytes: MemorySize, of: &'static str) -> Self {
        Self::new(bytes, Provenance::Remainder { of })
    }

    /// True when the value was written in the configuration (or a legacy key).
    pub fn is_configured(&self) -> bool {
        matches!(
            self.provenance,
            Provenance::Configured { .. } | Provenance::Legacy { .. }
        )
    }
}

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
