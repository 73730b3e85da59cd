//! Flink's memory-configuration exceptions: which check of the memory derivation failed, and
//! the sizes its message prints.

use serde::Serialize;

use super::Message;
use crate::calc::Process;
use crate::diagnose::parse::byte_counts;

/// Which memory check of Flink's derivation failed (the `IllegalConfigurationException`s of
/// `TaskExecutorFlinkMemoryUtils`, `JobManagerFlinkMemoryUtils`, `ProcessMemoryUtils`,
/// `TaskExecutorProcessUtils` and `MemorySize` reading, see `crate::calc::error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// None of fine-grained, total Flink or total process memory is configured.
    NotConfigured,
    /// Configured components with the task heap exceed total Flink memory.
    TaskHeapSum,
    /// Configured components with the network exceed total Flink memory.
    NetworkSum,
    /// The wrapper saying the network memory is a remainder (its cause says why).
    NetworkDerived,
    /// The network remainder is outside `[network.min, network.max]`.
    NetworkRange,
    /// The network remainder differs from the legacy `numberOfBuffers` (1.x).
    NetworkLegacy,
    /// Metaspace + overhead exceed total process memory.
    MetaspaceOverhead,
    /// Total process memory is less than total Flink memory + metaspace.
    ProcessTooSmall,
    /// The overhead remainder is outside `[jvm-overhead.min, jvm-overhead.max]`.
    OverheadRange,
    /// A fraction outside `[0, 1)` or a min above its max.
    FractionRange,
    /// No positive number of CPU cores.
    CpuCores,
    /// `JobManager` heap + off-heap differ from total Flink memory.
    JmSum,
    /// `JobManager` heap exceeds total Flink memory.
    JmHeapExceeds,
    /// `JobManager` total Flink memory is not above the off-heap size.
    JmOffHeapExceeds,
    /// A size option Flink cannot read.
    UnreadableSize,
}

/// The fixed text each check's message starts with, and a second text it must contain (to tell
/// apart messages that start alike).
const CHECKS: [(Check, &str, &str); 16] = [
    (
        Check::NotConfigured,
        "Either required fine-grained memory (",
        "need to be configured explicitly",
    ),
    (
        Check::NotConfigured,
        "Either Task Heap Memory size (",
        "need to be configured explicitly",
    ),
    (
        Check::TaskHeapSum,
        "Sum of configured Framework Heap Memory (",
        "Task Heap Memory (",
    ),
    (
        Check::NetworkSum,
        "Sum of configured Framework Heap Memory (",
        "Network Memory (",
    ),
    (
        Check::NetworkDerived,
        "If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured",
        "",
    ),
    (
        Check::NetworkRange,
        "Derived Network Memory size (",
        "is not in configured Network Memory range",
    ),
    (
        Check::NetworkLegacy,
        "Derived Network Memory size (",
        "does not match configured Network Memory size",
    ),
    (
        Check::MetaspaceOverhead,
        "Sum of configured JVM Metaspace (",
        "exceed configured Total Process Memory",
    ),
    (
        Check::ProcessTooSmall,
        "The configured Total Process Memory size (",
        "is less than the sum of the derived Total Flink Memory size",
    ),
    (
        Check::OverheadRange,
        "Derived JVM Overhead size (",
        "is not in configured JVM Overhead range",
    ),
    (
        Check::FractionRange,
        "Inconsistently configured ",
        "and its min (",
    ),
    (
        Check::CpuCores,
        "TaskExecutors need to be started with a positive number of CPU cores",
        "",
    ),
    (
        Check::JmSum,
        "Sum of the configured JVM Heap Memory (",
        "does not match the configured Total Flink Memory",
    ),
    (
        Check::JmHeapExceeds,
        "The configured JVM Heap Memory (",
        "exceeds the configured Total Flink Memory",
    ),
    (
        Check::JmOffHeapExceeds,
        "The configured Total Flink Memory (",
        "is less than the configured Off-heap Memory",
    ),
    (
        Check::UnreadableSize,
        "Cannot read memory size from config option '",
        "",
    ),
];

impl Check {
    /// Which process the message itself names, if it does.
    pub(super) fn process(self, core: &str) -> Option<Process> {
        match self {
            Self::TaskHeapSum
            | Self::NetworkSum
            | Self::NetworkDerived
            | Self::NetworkRange
            | Self::NetworkLegacy
            | Self::CpuCores => Some(Process::TaskManager),
            Self::JmSum | Self::JmHeapExceeds | Self::JmOffHeapExceeds => Some(Process::JobManager),
            Self::NotConfigured | Self::FractionRange | Self::UnreadableSize => {
                if core.contains("'taskmanager.") || core.contains("(taskmanager.") {
                    Some(Process::TaskManager)
                } else if core.contains("'jobmanager.") || core.contains("(jobmanager.") {
                    Some(Process::JobManager)
                } else {
                    None
                }
            }
            Self::MetaspaceOverhead | Self::ProcessTooSmall | Self::OverheadRange => None,
        }
    }
}

/// Where the fixed part of a memory-configuration message starts in `text`, and which check.
pub fn find_check(text: &str) -> Option<(Check, usize)> {
    CHECKS.iter().find_map(|(check, start, also)| {
        let at = text.find(start)?;
        text[at..].contains(also).then_some((*check, at))
    })
}

/// Flink's memory-configuration exceptions (see [`Check`]).
pub(super) fn config_error(line: &str) -> Option<Message> {
    let (check, at) = find_check(line)?;
    let core = line[at..].trim_end().to_owned();
    let sizes = byte_counts(&core);
    Some(Message::ConfigError { check, core, sizes })
}
