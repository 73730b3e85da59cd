//! The `JobManager`'s Flink memory (JVM heap and off-heap) and its whole derivation.
//!
//! Mirrors `JobManagerFlinkMemoryUtils` (`deriveFromRequiredFineGrainedOptions`,
//! `deriveFromTotalFlinkMemory`, 1.11.2+ behaviour) with `ProcessMemoryUtils` path selection,
//! and `JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap`
//! (legacy heap mapped onto `jobmanager.memory.heap.size`, `JobManager memory configuration
//! failed: ` prefix in 1.x only) as `BashJavaUtils GET_JM_RESOURCE_PARAMS` runs it.

use super::budget::{DerivationPath, JobManagerBudget, Note};
use super::component::{Component, Provenance};
use super::error::{Addend, Failure, Thrown, human};
use super::legacy::{self, JOB_MANAGER_HEAP};
use super::process::{self, JOB_MANAGER as OPTIONS, Jvm};
use super::read::Reader;
use super::rejection;
use crate::config::Config;
use crate::units::MemorySize;

pub(crate) const HEAP: &str = "jobmanager.memory.heap.size";
const OFF_HEAP: &str = "jobmanager.memory.off-heap.size";
const DIRECT_LIMIT: &str = "jobmanager.memory.enable-jvm-direct-memory-limit";
const PREFIX: &str = "JobManager memory configuration failed: ";
/// `JobManagerFlinkMemoryUtils.MIN_JVM_HEAP_SIZE`: below it Flink only warns.
const MIN_JVM_HEAP: MemorySize = MemorySize::from_mebibytes(128);

struct FlinkMemory {
    heap: Component,
    off_heap: Component,
    total: Component,
}

/// The whole `GET_JM_RESOURCE_PARAMS` derivation, failing as Flink does.
pub(crate) fn derive(config: &Config) -> Result<JobManagerBudget, Thrown> {
    rejection::check(config)?;
    let mut reader = Reader::new(config);
    let wrapped = !config.version().is_2x();
    let spec = spec(&mut reader).map_err(|t| if wrapped { t.prefixed(PREFIX) } else { t })?;
    let (path, flink, jvm) = spec;
    // `logMasterConfiguration` computes the totals before the JVM flags are built.
    let total_process = process::sum(&[
        Addend::new("Total Flink Memory", &flink.total),
        Addend::new("JVM Metaspace", &jvm.metaspace),
        Addend::new("JVM Overhead", &jvm.overhead),
    ])?;
    let jvm_direct = reader.boolean(DIRECT_LIMIT)?.then(|| {
        Component::new(
            flink.off_heap.bytes,
            Provenance::Sum {
                of: "off-heap memory",
            },
        )
    });
    let total_process = if jvm.total_process.bytes == total_process {
        jvm.total_process
    } else {
        Component::sum(
            total_process,
            "total Flink memory, JVM metaspace and JVM overhead",
        )
    };
    Ok(JobManagerBudget {
        version: config.version(),
        path,
        total_process,
        total_flink: flink.total,
        jvm_heap: flink.heap,
        off_heap: flink.off_heap,
        jvm_metaspace: jvm.metaspace,
        jvm_overhead: jvm.overhead,
        jvm_direct,
        notes: reader.take_notes(),
    })
}

fn spec(reader: &mut Reader<'_>) -> Result<(DerivationPath, FlinkMemory, Jvm), Thrown> {
    legacy::map_heap(reader, HEAP, JOB_MANAGER_HEAP)?;
    let reader = &*reader;
    let (path, flink, jvm) = if reader.contains(HEAP) {
        let flink = from_fine_grained(reader)?;
        let jvm = process::from_flink(reader, OPTIONS, &flink.total)?;
        (DerivationPath::FineGrained, flink, jvm)
    } else if reader.contains(OPTIONS.total_flink) {
        let total = reader.memory(OPTIONS.total_flink)?;
        let flink = from_total_flink(reader, &total)?;
        let jvm = process::from_flink(reader, OPTIONS, &total)?;
        (DerivationPath::TotalFlink, flink, jvm)
    } else if reader.contains(OPTIONS.total_process) {
        let process = reader.memory(OPTIONS.total_process)?;
        let (jvm, total) = process::from_process(reader, OPTIONS, &process)?;
        let flink = from_total_flink(reader, &total)?;
        (DerivationPath::TotalProcess, flink, jvm)
    } else {
        let message = format!(
            "Either required fine-grained memory ({HEAP}), or Total Flink Memory size ({}), or Total Process Memory size ({}) need to be configured explicitly.",
            reader.option_string(OPTIONS.total_flink),
            reader.option_string(OPTIONS.total_process)
        );
        return Err(Thrown::config(message, Failure::NotConfigured));
    };
    if flink.heap.bytes < MIN_JVM_HEAP {
        reader.note(Note::JmHeapBelowMinimum {
            heap: flink.heap.bytes,
        });
    }
    Ok((path, flink, jvm))
}

/// The JVM heap is set: off-heap is configured (and must add up with a set total) or derived.
fn from_fine_grained(reader: &Reader<'_>) -> Result<FlinkMemory, Thrown> {
    let heap = reader.memory(HEAP)?;
    let mut off_heap = reader.memory(OFF_HEAP)?;
    let heap_addend = Addend::new("JVM Heap Memory", &heap);
    if reader.contains(OPTIONS.total_flink) {
        let total = reader.memory(OPTIONS.total_flink)?;
        if reader.contains(OFF_HEAP) {
            let off_addend = Addend::new("Off-heap Memory", &off_heap);
            let sum = process::add(&heap_addend, &off_addend)?;
            if sum != total.bytes {
                let message = format!(
                    "Sum of the configured JVM Heap Memory ({}) and the configured Off-heap Memory ({}) does not match the configured Total Flink Memory ({}). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory.",
                    human(heap.bytes),
                    human(off_heap.bytes),
                    human(total.bytes)
                );
                let failure = Failure::Exceeds {
                    addends: vec![heap_addend, off_addend],
                    limit: Addend::new("Total Flink Memory", &total),
                    exact: true,
                };
                return Err(Thrown::config(message, failure));
            }
        } else {
            if total.bytes < heap.bytes {
                let message = format!(
                    "The configured JVM Heap Memory ({}) exceeds the configured Total Flink Memory ({}). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory.",
                    human(heap.bytes),
                    human(total.bytes)
                );
                let failure = Failure::Exceeds {
                    addends: vec![heap_addend],
                    limit: Addend::new("Total Flink Memory", &total),
                    exact: false,
                };
                return Err(Thrown::config(message, failure));
            }
            let derived = total.bytes.checked_sub(heap.bytes).unwrap_or_default();
            if derived != off_heap.bytes {
                reader.note(Note::JmOffHeapDerived { derived });
            }
            off_heap = Component::remainder(derived, "total Flink memory");
        }
    }
    let total = process::add(&heap_addend, &Addend::new("Off-heap Memory", &off_heap))?;
    let total = if reader.contains(OPTIONS.total_flink) {
        reader.memory(OPTIONS.total_flink)?
    } else {
        Component::sum(total, "JVM heap and off-heap memory")
    };
    Ok(FlinkMemory {
        heap,
        off_heap,
        total,
    })
}

/// Total Flink memory is known: the heap is what the off-heap size leaves.
fn from_total_flink(reader: &Reader<'_>, total: &Component) -> Result<FlinkMemory, Thrown> {
    let off_heap = reader.memory(OFF_HEAP)?;
    if total.bytes <= off_heap.bytes {
        let message = format!(
            "The configured Total Flink Memory ({}) is less than the configured Off-heap Memory ({}).",
            human(total.bytes),
            human(off_heap.bytes)
        );
        let failure = Failure::Exceeds {
            addends: vec![Addend::new("Off-heap Memory", &off_heap)],
            limit: Addend::new("Total Flink Memory", total),
            exact: false,
        };
        return Err(Thrown::config(message, failure));
    }
    let heap = Component::remainder(
        total.bytes.checked_sub(off_heap.bytes).unwrap_or_default(),
        "total Flink memory",
    );
    Ok(FlinkMemory {
        heap,
        off_heap,
        total: total.clone(),
    })
}
