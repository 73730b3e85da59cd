//! Pre-1.10 options that Flink 1.x still maps onto the memory model (removed in 2.0), and the
//! memory segment size.
//!
//! Mirrors `MemoryBackwardsCompatibilityUtils.getConfWithLegacyHeapSizeMappedToNewConfigOption`
//! with `LegacyMemoryOptions` (standalone `BashJavaUtils` targets: TM total Flink memory, JM
//! heap; the `FLINK_*_HEAP` environment variables are out of scope),
//! `TaskExecutorFlinkMemoryUtils.isUsingLegacyNetworkConfigs` /
//! `getNetworkMemorySizeWithLegacyConfig`, and `ConfigurationParserUtils.getPageSize`.

use super::budget::Note;
use super::component::{Component, Provenance};
use super::error::{Failure, SegmentProblem, Thrown, class};
use super::read::Reader;
use crate::units::MemorySize;

pub(crate) const NUMBER_OF_BUFFERS: &str = "taskmanager.network.numberOfBuffers";
pub(crate) const SEGMENT_SIZE: &str = "taskmanager.memory.segment-size";
const MIN_PAGE_SIZE: u64 = 4096;

/// The legacy heap options of one process type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LegacyHeap {
    pub heap: &'static str,
    pub heap_mb: &'static str,
}

pub(crate) const TASK_MANAGER_HEAP: LegacyHeap = LegacyHeap {
    heap: "taskmanager.heap.size",
    heap_mb: "taskmanager.heap.mb",
};

pub(crate) const JOB_MANAGER_HEAP: LegacyHeap = LegacyHeap {
    heap: "jobmanager.heap.size",
    heap_mb: "jobmanager.heap.mb",
};

/// Each legacy heap key, the option 1.x maps it onto, and whether its value is a bare number
/// of MiB (`*.heap.mb`). A `*.heap.size` shadows its `*.heap.mb`, and the option itself shadows
/// both.
pub(crate) const HEAP_SUCCESSORS: [(&str, &str, bool); 4] = [
    (
        TASK_MANAGER_HEAP.heap,
        super::process::TASK_MANAGER.total_flink,
        false,
    ),
    (
        TASK_MANAGER_HEAP.heap_mb,
        super::process::TASK_MANAGER.total_flink,
        true,
    ),
    (JOB_MANAGER_HEAP.heap, super::jobmanager::HEAP, false),
    (JOB_MANAGER_HEAP.heap_mb, super::jobmanager::HEAP, true),
];

/// Whether this version still honours the legacy options (1.x).
pub(crate) fn supported(reader: &Reader<'_>) -> bool {
    !reader.version().is_2x()
}

/// Maps a legacy heap option onto `target` unless `target` is set (1.x only).
pub(crate) fn map_heap(
    reader: &mut Reader<'_>,
    target: &'static str,
    legacy: LegacyHeap,
) -> Result<(), Thrown> {
    if !supported(reader) || reader.contains(target) {
        return Ok(());
    }
    let (key, bytes) = if reader.contains(legacy.heap) {
        (legacy.heap, reader.memory(legacy.heap)?.bytes)
    } else if reader.contains(legacy.heap_mb) {
        let mebibytes = reader.int(legacy.heap_mb)?;
        if mebibytes < 0 {
            let message = format!(
                "Configured total process memory size ({mebibytes}MB) must not be less than 0."
            );
            let failure = match reader.entry(legacy.heap_mb) {
                Some(entry) => Failure::NegativeLegacyHeap {
                    value: super::error::ValueRef {
                        key: legacy.heap_mb.to_owned(),
                        via: None,
                        raw: entry.value.java_string().into_owned(),
                        origin: entry.origin.clone(),
                        span: entry.value_span,
                    },
                    mebibytes: i64::from(mebibytes),
                },
                None => Failure::NotConfigured,
            };
            return Err(Thrown::config(message, failure));
        }
        (
            legacy.heap_mb,
            MemorySize::from_bytes(u64::from(mebibytes.unsigned_abs()) << 20),
        )
    } else {
        return Ok(());
    };
    let provenance = legacy_provenance(reader, key);
    reader.note(Note::LegacyHeapMapped {
        legacy_key: key.to_owned(),
        target: target.to_owned(),
    });
    reader.map(target, Component::new(bytes, provenance));
    Ok(())
}

fn legacy_provenance(reader: &Reader<'_>, key: &str) -> Provenance {
    match reader.entry(key) {
        Some(entry) => Provenance::Legacy {
            key: key.to_owned(),
            origin: entry.origin.clone(),
            span: entry.value_span,
        },
        None => Provenance::Default {
            key: key.to_owned(),
        },
    }
}

/// `isUsingLegacyNetworkConfigs`: `numberOfBuffers` set and no network min/max/fraction
/// (their deprecated keys included). Always false from 2.0.
pub(crate) fn uses_legacy_buffers(reader: &Reader<'_>) -> bool {
    supported(reader)
        && reader.contains(NUMBER_OF_BUFFERS)
        && !reader.contains("taskmanager.memory.network.min")
        && !reader.contains("taskmanager.memory.network.max")
        && !reader.contains("taskmanager.memory.network.fraction")
}

/// `getNetworkMemorySizeWithLegacyConfig`: `numberOfBuffers × page size`.
pub(crate) fn legacy_network(reader: &Reader<'_>) -> Result<Component, Thrown> {
    let buffers = reader.int(NUMBER_OF_BUFFERS)?;
    let page = page_size(reader)?;
    let product = i64::from(buffers) * page.bytes() as i64;
    let bytes = u64::try_from(product)
        .map_err(|_| Thrown::arithmetic(crate::units::ArithmeticError::Negative, Vec::new()))?;
    Ok(Component::new(
        MemorySize::from_bytes(bytes),
        legacy_provenance(reader, NUMBER_OF_BUFFERS),
    ))
}

/// `ConfigurationParserUtils.getPageSize`: the segment size, which must fit an `int`, be at
/// least 4096 and a power of two.
pub(crate) fn page_size(reader: &Reader<'_>) -> Result<MemorySize, Thrown> {
    let size = reader
        .memory_plain(SEGMENT_SIZE)?
        .map_or(32 << 10, |c| c.bytes.bytes());
    check_page_size(size)?;
    Ok(MemorySize::from_bytes(size))
}

/// The checks of `getPageSize` on a segment size in bytes.
pub(crate) fn check_page_size(size: u64) -> Result<(), Thrown> {
    let failure = |problem| Failure::SegmentSize {
        bytes: size,
        problem,
    };
    if size > i32::MAX as u64 {
        return Err(Thrown::new(
            class::ILLEGAL_ARGUMENT,
            format!("Cannot downcast long value {size} to integer."),
            failure(SegmentProblem::NotAnInt),
        ));
    }
    let invalid = |detail: &str, problem| {
        Thrown::config(
            format!("Invalid configuration value for {SEGMENT_SIZE} : {size} - {detail}"),
            failure(problem),
        )
    };
    if size < MIN_PAGE_SIZE {
        return Err(invalid(
            &format!("Minimum memory segment size is {MIN_PAGE_SIZE}"),
            SegmentProblem::TooSmall,
        ));
    }
    if !size.is_power_of_two() {
        return Err(invalid(
            "Memory segment size must be a power of 2.",
            SegmentProblem::NotPowerOfTwo,
        ));
    }
    Ok(())
}
