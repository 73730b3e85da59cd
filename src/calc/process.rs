//! JVM metaspace and overhead around total Flink memory, shared by `TaskManager` and `JobManager`.
//!
//! Mirrors `ProcessMemoryUtils` (`deriveJvmMetaspaceAndOverheadWithTotalProcessMemory`,
//! `deriveJvmMetaspaceAndOverheadFromTotalFlinkMemory`, `sanityCheckJvmOverhead`) with
//! `JvmMetaspaceAndOverheadOptions`. Reads happen in Flink's order so the same error wins.

use super::budget::Note;
use super::component::{Component, Provenance};
use super::error::{Addend, Failure, Thrown, human};
use super::read::{RangeFraction, Reader, derive_with_fraction, range_fraction};
use crate::units::MemorySize;

/// The option keys of one process type (`ProcessMemoryOptions`).
#[derive(Debug, Clone, Copy)]
pub struct ProcessOptions {
    pub total_process: &'static str,
    pub total_flink: &'static str,
    pub metaspace: &'static str,
    pub overhead_min: &'static str,
    pub overhead_max: &'static str,
    pub overhead_fraction: &'static str,
}

pub const TASK_MANAGER: ProcessOptions = ProcessOptions {
    total_process: "taskmanager.memory.process.size",
    total_flink: "taskmanager.memory.flink.size",
    metaspace: "taskmanager.memory.jvm-metaspace.size",
    overhead_min: "taskmanager.memory.jvm-overhead.min",
    overhead_max: "taskmanager.memory.jvm-overhead.max",
    overhead_fraction: "taskmanager.memory.jvm-overhead.fraction",
};

pub const JOB_MANAGER: ProcessOptions = ProcessOptions {
    total_process: "jobmanager.memory.process.size",
    total_flink: "jobmanager.memory.flink.size",
    metaspace: "jobmanager.memory.jvm-metaspace.size",
    overhead_min: "jobmanager.memory.jvm-overhead.min",
    overhead_max: "jobmanager.memory.jvm-overhead.max",
    overhead_fraction: "jobmanager.memory.jvm-overhead.fraction",
};

/// Metaspace, overhead and the total process size they imply.
#[derive(Debug, Clone)]
pub(crate) struct Jvm {
    pub metaspace: Component,
    pub overhead: Component,
    pub total_process: Component,
}

/// `a.add(b)` with Flink's `long overflow`.
pub(crate) fn add(a: &Addend, b: &Addend) -> Result<MemorySize, Thrown> {
    a.component
        .bytes
        .checked_add(b.component.bytes)
        .map_err(|e| Thrown::arithmetic(e, vec![a.clone(), b.clone()]))
}

/// The sum of all addends, failing like a chain of `MemorySize.add`.
pub(crate) fn sum(addends: &[Addend]) -> Result<MemorySize, Thrown> {
    addends.iter().try_fold(MemorySize::ZERO, |acc, a| {
        acc.checked_add(a.component.bytes)
            .map_err(|e| Thrown::arithmetic(e, addends.to_vec()))
    })
}

fn overhead_range(reader: &Reader<'_>, options: ProcessOptions) -> Result<RangeFraction, Thrown> {
    let min = reader.memory(options.overhead_min)?;
    let max = reader.memory(options.overhead_max)?;
    range_fraction(reader, min, max, options.overhead_fraction)
}

/// Process-size path: metaspace and overhead out of total process memory, and the total
/// Flink memory that remains.
pub(crate) fn from_process(
    reader: &Reader<'_>,
    options: ProcessOptions,
    process: &Component,
) -> Result<(Jvm, Component), Thrown> {
    let metaspace = reader.memory(options.metaspace)?;
    let range = overhead_range(reader, options)?;
    let overhead = derive_with_fraction(process.bytes, "total process memory", &range, false)?;
    let meta = Addend::new("JVM Metaspace", &metaspace);
    let ovh = Addend::new("JVM Overhead", &overhead);
    let jvm_total = add(&meta, &ovh)?;
    if jvm_total > process.bytes {
        let message = format!(
            "Sum of configured JVM Metaspace ({}) and JVM Overhead ({}) exceed configured Total Process Memory ({}).",
            human(metaspace.bytes),
            human(overhead.bytes),
            human(process.bytes)
        );
        let failure = Failure::Exceeds {
            addends: vec![meta, ovh],
            limit: Addend::new("Total Process Memory", process),
            exact: false,
        };
        return Err(Thrown::config(message, failure));
    }
    let flink = process.bytes.checked_sub(jvm_total).map_err(|e| {
        Thrown::arithmetic(
            e,
            vec![Addend::new("Total Process Memory", process), meta, ovh],
        )
    })?;
    let jvm = Jvm {
        metaspace,
        overhead,
        total_process: process.clone(),
    };
    Ok((jvm, Component::remainder(flink, "total process memory")))
}

/// Fine-grained and Flink-size paths: metaspace, then overhead as the remainder of a set
/// process size (checked against its range) or by inverse fraction.
pub(crate) fn from_flink(
    reader: &Reader<'_>,
    options: ProcessOptions,
    flink: &Component,
) -> Result<Jvm, Thrown> {
    let metaspace = reader.memory(options.metaspace)?;
    let flink_addend = Addend::new("Total Flink Memory", flink);
    let meta_addend = Addend::new("JVM Metaspace", &metaspace);
    let flink_and_meta = add(&flink_addend, &meta_addend)?;
    if reader.contains(options.total_process) {
        let process = reader.memory(options.total_process)?;
        let metaspace = reader.memory(options.metaspace)?;
        if process.bytes < flink_and_meta {
            let message = format!(
                "The configured Total Process Memory size ({}) is less than the sum of the derived Total Flink Memory size ({}) and the configured or default JVM Metaspace size  ({}).",
                human(process.bytes),
                human(flink.bytes),
                human(metaspace.bytes)
            );
            let failure = Failure::Exceeds {
                addends: vec![flink_addend, meta_addend],
                limit: Addend::new("Total Process Memory", &process),
                exact: false,
            };
            return Err(Thrown::config(message, failure));
        }
        let overhead = Component::remainder(
            process
                .bytes
                .checked_sub(flink_and_meta)
                .unwrap_or_default(),
            "total process memory",
        );
        let range = overhead_range(reader, options)?;
        if overhead.bytes > range.max.bytes || overhead.bytes < range.min.bytes {
            let message = format!(
                "Derived JVM Overhead size ({}) is not in configured JVM Overhead range [{}, {}].",
                human(overhead.bytes),
                human(range.min.bytes),
                human(range.max.bytes)
            );
            let failure = Failure::OutOfRange {
                derived: Addend::new("JVM Overhead", &overhead),
                min: range.min,
                max: range.max,
            };
            return Err(Thrown::config(message, failure));
        }
        if reader.contains(options.overhead_fraction)
            && process.bytes.multiply(&range.multiplier()).ok() != Some(overhead.bytes)
        {
            reader.note(Note::FractionIgnored {
                key: options.overhead_fraction.to_owned(),
                derived: overhead.bytes,
            });
        }
        return Ok(Jvm {
            metaspace,
            overhead,
            total_process: process,
        });
    }
    let range = overhead_range(reader, options)?;
    let overhead = derive_with_fraction(
        flink_and_meta,
        "total Flink memory and JVM metaspace",
        &range,
        true,
    )?;
    let total = sum(&[
        flink_addend,
        meta_addend,
        Addend::new("JVM Overhead", &overhead),
    ])?;
    Ok(Jvm {
        metaspace,
        overhead,
        total_process: Component::new(
            total,
            Provenance::Sum {
                of: "total Flink memory, JVM metaspace and JVM overhead",
            },
        ),
    })
}
