//! The memory model: `TaskManager` and `JobManager` budgets exactly as Flink derives them.
//!
//! [`taskmanager`] and [`jobmanager`] reproduce what `BashJavaUtils GET_TM_RESOURCE_PARAMS` /
//! `GET_JM_RESOURCE_PARAMS` compute for [`Config::version`]: the same numbers, the same two
//! output lines ([`TaskManagerBudget::jvm_params`], [`TaskManagerBudget::dynamic_configs`]),
//! and on failure the same exception chain ([`CalcError`]). Every component records where its
//! bytes came from ([`Provenance`]).
//!
//! `TaskManager` steps, in Flink's order (the first failure wins, as in Flink):
//! 1. Refuse a `config.yaml` Flink cannot load (module `rejection`, `GlobalConfiguration`).
//! 2. 1.x only: map `taskmanager.heap.size` / `taskmanager.heap.mb` onto
//!    `taskmanager.memory.flink.size` (module `legacy`, `MemoryBackwardsCompatibilityUtils`).
//! 3. Pick the path: task heap + managed set, else total Flink set, else total process set
//!    (module `taskmanager`, `ProcessMemoryUtils.memoryProcessSpecFromConfig`).
//! 4. Derive the Flink components (`TaskExecutorFlinkMemoryUtils`) and metaspace/overhead
//!    (module `process`, `ProcessMemoryUtils`); on the process path metaspace/overhead come first.
//! 5. CPU cores, slots, external resources (module `resources`, `TaskExecutorProcessUtils`).
//! 6. Totals and JVM heap/direct sizes (`BashJavaUtils.logTaskExecutorConfiguration`,
//!    `ProcessMemoryUtils.generateJvmParametersStr`), then the strings (module `output`).
//! 7. Separately, the segment size and network buffer count the `TaskManager` will check when it
//!    starts (`ConfigurationParserUtils.getPageSize`); a problem there does not fail the budget.
//!
//! `JobManager` steps: 1, then the legacy `jobmanager.heap.*` mapping onto
//! `jobmanager.memory.heap.size` (1.x), path selection and derivation
//! (`JobManagerFlinkMemoryUtils`, module `jobmanager`), totals, then the
//! direct-memory-limit flag.

pub mod budget;
pub mod component;
pub mod error;
mod jobmanager;
mod legacy;
mod output;
mod process;
mod read;
mod rejection;
mod resources;
mod taskmanager;
#[cfg(test)]
mod tests;

pub use budget::{
    CpuCores, DerivationPath, ExternalResource, JobManagerBudget, Note, Segments, TaskManagerBudget,
};
pub use component::{Component, Provenance};
pub use error::{Addend, CalcError, Failure, JavaException, Process, SegmentProblem, ValueRef};
pub(crate) use legacy::HEAP_SUCCESSORS;
pub use process::{
    JOB_MANAGER as JOB_MANAGER_OPTIONS, ProcessOptions, TASK_MANAGER as TASK_MANAGER_OPTIONS,
};

use crate::config::Config;
use crate::units::MemorySize;
use error::{Thrown, class};
use legacy::{SEGMENT_SIZE, TASK_MANAGER_HEAP};
use read::Reader;

const TM_PREFIX: &str = "TaskManager memory configuration failed: ";
const TM_LEGACY_PREFIX: &str = "TaskManager failed to map legacy JVM heap option to the new one: ";

/// The `TaskManager` budget Flink derives from `config`, or Flink's failure.
pub fn taskmanager(config: &Config) -> Result<TaskManagerBudget, CalcError> {
    derive_taskmanager(config).map_err(|t| t.into_error(Process::TaskManager))
}

/// The `JobManager` budget Flink derives from `config`, or Flink's failure.
pub fn jobmanager(config: &Config) -> Result<JobManagerBudget, CalcError> {
    jobmanager::derive(config).map_err(|t| t.into_error(Process::JobManager))
}

fn derive_taskmanager(config: &Config) -> Result<TaskManagerBudget, Thrown> {
    rejection::check(config)?;
    let mut reader = Reader::new(config);
    legacy::map_heap(
        &mut reader,
        process::TASK_MANAGER.total_flink,
        TASK_MANAGER_HEAP,
    )
    .map_err(|t| t.prefixed(TM_LEGACY_PREFIX))?;
    let (spec, cpu_cores, slots, external_resources) = (|| {
        let spec = taskmanager::memory_spec(&reader)?;
        let cpu = resources::cpu_cores(&reader)?;
        let slots = resources::slots(&reader)?;
        let external = resources::external_resources(&reader)?;
        Ok::<_, Thrown>((spec, cpu, slots, external))
    })()
    .map_err(|t| t.prefixed(TM_PREFIX))?;
    let taskmanager::MemorySpec { path, flink, jvm } = spec;
    let total_process = process::sum(&[
        Addend::new("Total Flink Memory", &flink.total),
        Addend::new("JVM Metaspace", &jvm.metaspace),
        Addend::new("JVM Overhead", &jvm.overhead),
    ])?;
    let total_process = if total_process == jvm.total_process.bytes {
        jvm.total_process
    } else {
        Component::sum(
            total_process,
            "total Flink memory, JVM metaspace and JVM overhead",
        )
    };
    let jvm_heap = process::sum(&[
        Addend::new("Framework Heap Memory", &flink.framework_heap),
        Addend::new("Task Heap Memory", &flink.task_heap),
    ])?;
    let jvm_direct = process::sum(&[
        Addend::new("Framework Off-Heap Memory", &flink.framework_off_heap),
        Addend::new("Task Off-Heap Memory", &flink.task_off_heap),
        Addend::new("Network Memory", &flink.network),
    ])?;
    let (segments, segment_problem) = match segments(&reader, flink.network.bytes) {
        Ok(segments) => (Some(segments), None),
        Err(thrown) => (None, Some(thrown.into_error(Process::TaskManager))),
    };
    Ok(TaskManagerBudget {
        version: config.version(),
        path,
        total_process,
        total_flink: flink.total,
        framework_heap: flink.framework_heap,
        task_heap: flink.task_heap,
        framework_off_heap: flink.framework_off_heap,
        task_off_heap: flink.task_off_heap,
        managed: flink.managed,
        network: flink.network,
        jvm_metaspace: jvm.metaspace,
        jvm_overhead: jvm.overhead,
        jvm_heap: Component::sum(jvm_heap, "framework heap and task heap"),
        jvm_direct: Component::sum(jvm_direct, "framework off-heap, task off-heap and network"),
        slots,
        cpu_cores,
        external_resources,
        segments,
        segment_problem,
        notes: reader.take_notes(),
    })
}

/// What the `TaskManager` checks at start: a usable segment size and at most `Integer.MAX_VALUE`
/// network buffers (`NettyShuffleEnvironmentConfiguration.fromConfiguration`).
fn segments(reader: &Reader<'_>, network: MemorySize) -> Result<Segments, Thrown> {
    let segment_size = reader.memory_plain(SEGMENT_SIZE)?.unwrap_or_else(|| {
        Component::new(
            MemorySize::from_bytes(32 << 10),
            Provenance::Default {
                key: SEGMENT_SIZE.to_owned(),
            },
        )
    });
    let size = segment_size.bytes.bytes();
    legacy::check_page_size(size)?;
    let network_buffers = network.bytes() / size;
    if network_buffers > i32::MAX as u64 {
        return Err(Thrown::new(
            class::ILLEGAL_ARGUMENT,
            format!(
                "The given number of memory bytes ({}) corresponds to more than MAX_INT pages.",
                network.bytes()
            ),
            Failure::SegmentSize {
                bytes: size,
                problem: SegmentProblem::TooManyBuffers,
            },
        ));
    }
    Ok(Segments {
        segment_size,
        network_buffers,
    })
}
