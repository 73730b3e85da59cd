//! The `TaskManager`'s Flink memory components (heap, off-heap, managed, network).
//!
//! Mirrors `TaskExecutorFlinkMemoryUtils` (`deriveFromRequiredFineGrainedOptions`,
//! `deriveFromTotalFlinkMemory`, the network sanity checks) and the path selection of
//! `ProcessMemoryUtils.memoryProcessSpecFromConfig` for the `TaskManager` options. CPU cores,
//! slots and external resources are in [`super::resources`].

use super::budget::{DerivationPath, Note};
use super::component::Component;
use super::error::{Addend, Failure, Thrown, human};
use super::legacy;
use super::process::{self, Jvm, TASK_MANAGER as OPTIONS};
use super::read::{RangeFraction, Reader, derive_with_fraction, range_fraction};
use crate::units::MemorySize;

pub(crate) const TASK_HEAP: &str = "taskmanager.memory.task.heap.size";
pub(crate) const MANAGED_SIZE: &str = "taskmanager.memory.managed.size";
const MANAGED_FRACTION: &str = "taskmanager.memory.managed.fraction";
const FRAMEWORK_HEAP: &str = "taskmanager.memory.framework.heap.size";
const FRAMEWORK_OFF_HEAP: &str = "taskmanager.memory.framework.off-heap.size";
const TASK_OFF_HEAP: &str = "taskmanager.memory.task.off-heap.size";
const NETWORK_MIN: &str = "taskmanager.memory.network.min";
const NETWORK_MAX: &str = "taskmanager.memory.network.max";
const NETWORK_FRACTION: &str = "taskmanager.memory.network.fraction";

/// The six Flink memory components and their total (`TaskExecutorFlinkMemory`).
#[derive(Debug, Clone)]
pub(crate) struct FlinkMemory {
    pub framework_heap: Component,
    pub framework_off_heap: Component,
    pub task_heap: Component,
    pub task_off_heap: Component,
    pub managed: Component,
    pub network: Component,
    pub total: Component,
}

/// The memory part of a `TaskManager` spec: path, Flink memory, metaspace and overhead.
#[derive(Debug, Clone)]
pub(crate) struct MemorySpec {
    pub path: DerivationPath,
    pub flink: FlinkMemory,
    pub jvm: Jvm,
}

/// `ProcessMemoryUtils.memoryProcessSpecFromConfig` with the `TaskManager` options.
pub(crate) fn memory_spec(reader: &Reader<'_>) -> Result<MemorySpec, Thrown> {
    if reader.contains(TASK_HEAP) && reader.contains(MANAGED_SIZE) {
        let flink = from_fine_grained(reader)?;
        let jvm = process::from_flink(reader, OPTIONS, &flink.total)?;
        Ok(MemorySpec {
            path: DerivationPath::FineGrained,
            flink,
            jvm,
        })
    } else if reader.contains(OPTIONS.total_flink) {
        let total = reader.memory(OPTIONS.total_flink)?;
        let flink = from_total_flink(reader, &total)?;
        let jvm = process::from_flink(reader, OPTIONS, &total)?;
        Ok(MemorySpec {
            path: DerivationPath::TotalFlink,
            flink,
            jvm,
        })
    } else if reader.contains(OPTIONS.total_process) {
        let process = reader.memory(OPTIONS.total_process)?;
        let (jvm, total) = process::from_process(reader, OPTIONS, &process)?;
        let flink = from_total_flink(reader, &total)?;
        Ok(MemorySpec {
            path: DerivationPath::TotalProcess,
            flink,
            jvm,
        })
    } else {
        let message = format!(
            "Either required fine-grained memory ({TASK_HEAP} and {MANAGED_SIZE}), or Total Flink Memory size ({}), or Total Process Memory size ({}) need to be configured explicitly.",
            reader.option_string(OPTIONS.total_flink),
            reader.option_string(OPTIONS.total_process)
        );
        Err(Thrown::config(message, Failure::NotConfigured))
    }
}

fn network_range(reader: &Reader<'_>) -> Result<RangeFraction, Thrown> {
    let min = reader.memory(NETWORK_MIN)?;
    let max = reader.memory(NETWORK_MAX)?;
    range_fraction(reader, min, max, NETWORK_FRACTION)
}

/// `deriveManagedMemoryAbsoluteOrWithFraction`.
fn managed(reader: &Reader<'_>, total: MemorySize) -> Result<Component, Thrown> {
    if reader.contains(MANAGED_SIZE) {
        return reader.memory(MANAGED_SIZE);
    }
    let range = range_fraction(
        reader,
        Component::sum(MemorySize::ZERO, "nothing"),
        Component::sum(MemorySize::MAX, "nothing"),
        MANAGED_FRACTION,
    )?;
    derive_with_fraction(total, "total Flink memory", &range, false)
}

fn addends(items: &[(&'static str, &Component)]) -> Vec<Addend> {
    items.iter().map(|(name, c)| Addend::new(name, c)).collect()
}

/// E-SUM-A / E-SUM-B: the components other than the remainder exceed total Flink memory.
fn exceeds(parts: Vec<Addend>, total: &Component) -> Thrown {
    let listed: Vec<String> = parts
        .iter()
        .map(|a| format!("{} ({})", a.name, human(a.component.bytes)))
        .collect();
    let (last, init) = listed
        .split_last()
        .map_or((String::new(), &[][..]), |(l, i)| (l.clone(), i));
    let message = format!(
        "Sum of configured {} and {last} exceed configured Total Flink Memory ({}).",
        init.join(", "),
        human(total.bytes)
    );
    Thrown::config(
        message,
        Failure::Exceeds {
            addends: parts,
            limit: Addend::new("Total Flink Memory", total),
            exact: false,
        },
    )
}

/// Network memory as the rest of an explicit total, checked against its configuration.
fn network_remainder(
    reader: &Reader<'_>,
    rest: MemorySize,
    total: &Component,
) -> Result<Component, Thrown> {
    let network = Component::remainder(
        total.bytes.checked_sub(rest).unwrap_or_default(),
        "total Flink memory",
    );
    check_network(reader, &network, total).map_err(|thrown| {
        thrown.wrapped(
            "If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then the Network Memory size is the rest of the Total Flink memory after subtracting all other configured types of memory, but the derived Network Memory is inconsistent with its configuration."
                .to_owned(),
        )
    })?;
    Ok(network)
}

/// `sanityCheckNetworkMemory`.
fn check_network(
    reader: &Reader<'_>,
    network: &Component,
    total: &Component,
) -> Result<(), Thrown> {
    if legacy::uses_legacy_buffers(reader) {
        let configured = legacy::legacy_network(reader)?;
        if configured.bytes != network.bytes {
            let message = format!(
                "Derived Network Memory size ({}) does not match configured Network Memory size ({}).",
                human(network.bytes),
                human(configured.bytes)
            );
            let failure = Failure::LegacyNetworkMismatch {
                derived: network.clone(),
                configured,
            };
            return Err(Thrown::config(message, failure));
        }
        return Ok(());
    }
    let range = network_range(reader)?;
    if network.bytes > range.max.bytes || network.bytes < range.min.bytes {
        let message = format!(
            "Derived Network Memory size ({}) is not in configured Network Memory range [{}, {}].",
            human(network.bytes),
            human(range.min.bytes),
            human(range.max.bytes)
        );
        let failure = Failure::OutOfRange {
            derived: Addend::new("Network Memory", network),
            min: range.min,
            max: range.max,
        };
        return Err(Thrown::config(message, failure));
    }
    if reader.contains(NETWORK_FRACTION)
        && total.bytes.multiply(&range.multiplier()).ok() != Some(network.bytes)
    {
        reader.note(Note::FractionIgnored {
            key: NETWORK_FRACTION.to_owned(),
            derived: network.bytes,
        });
    }
    Ok(())
}

/// Path A: task heap and managed memory are set (`deriveFromRequiredFineGrainedOptions`).
fn from_fine_grained(reader: &Reader<'_>) -> Result<FlinkMemory, Thrown> {
    let task_heap = reader.memory(TASK_HEAP)?;
    let managed = reader.memory(MANAGED_SIZE)?;
    let framework_heap = reader.memory(FRAMEWORK_HEAP)?;
    let framework_off_heap = reader.memory(FRAMEWORK_OFF_HEAP)?;
    let task_off_heap = reader.memory(TASK_OFF_HEAP)?;
    let parts = addends(&[
        ("Framework Heap Memory", &framework_heap),
        ("Framework Off-Heap Memory", &framework_off_heap),
        ("Task Heap Memory", &task_heap),
        ("Task Off-Heap Memory", &task_off_heap),
        ("Managed Memory", &managed),
    ]);
    let rest = process::sum(&parts)?;
    let (network, total) = if reader.contains(OPTIONS.total_flink) {
        let total = reader.memory(OPTIONS.total_flink)?;
        if rest > total.bytes {
            return Err(exceeds(parts, &total));
        }
        (network_remainder(reader, rest, &total)?, Some(total))
    } else if legacy::uses_legacy_buffers(reader) {
        reader.note(Note::LegacyNetworkBuffers);
        (legacy::legacy_network(reader)?, None)
    } else {
        let range = network_range(reader)?;
        let of = "Flink memory other than network";
        (derive_with_fraction(rest, of, &range, true)?, None)
    };
    let total = if let Some(total) = total {
        total
    } else {
        let mut all = parts;
        all.push(Addend::new("Network Memory", &network));
        Component::sum(process::sum(&all)?, "all Flink memory components")
    };
    Ok(FlinkMemory {
        framework_heap,
        framework_off_heap,
        task_heap,
        task_off_heap,
        managed,
        network,
        total,
    })
}

/// Paths B and C: total Flink memory is known (`deriveFromTotalFlinkMemory`).
fn from_total_flink(reader: &Reader<'_>, total: &Component) -> Result<FlinkMemory, Thrown> {
    let framework_heap = reader.memory(FRAMEWORK_HEAP)?;
    let framework_off_heap = reader.memory(FRAMEWORK_OFF_HEAP)?;
    let task_off_heap = reader.memory(TASK_OFF_HEAP)?;
    let (task_heap, managed, network) = if reader.contains(TASK_HEAP) {
        let task_heap = reader.memory(TASK_HEAP)?;
        let managed = managed(reader, total.bytes)?;
        let parts = addends(&[
            ("Framework Heap Memory", &framework_heap),
            ("Framework Off-Heap Memory", &framework_off_heap),
            ("Task Heap Memory", &task_heap),
            ("Task Off-Heap Memory", &task_off_heap),
            ("Managed Memory", &managed),
        ]);
        let rest = process::sum(&parts)?;
        if rest > total.bytes {
            return Err(exceeds(parts, total));
        }
        let network = network_remainder(reader, rest, total)?;
        (task_heap, managed, network)
    } else {
        let managed = managed(reader, total.bytes)?;
        let network = if legacy::uses_legacy_buffers(reader) {
            reader.note(Note::LegacyNetworkBuffers);
            legacy::legacy_network(reader)?
        } else {
            derive_with_fraction(
                total.bytes,
                "total Flink memory",
                &network_range(reader)?,
                false,
            )?
        };
        let parts = addends(&[
            ("Framework Heap Memory", &framework_heap),
            ("Framework Off-Heap Memory", &framework_off_heap),
            ("Task Off-Heap Memory", &task_off_heap),
            ("Managed Memory", &managed),
            ("Network Memory", &network),
        ]);
        let rest = process::sum(&parts)?;
        if rest > total.bytes {
            return Err(exceeds(parts, total));
        }
        let task_heap = Component::remainder(
            total.bytes.checked_sub(rest).unwrap_or_default(),
            "total Flink memory",
        );
        (task_heap, managed, network)
    };
    Ok(FlinkMemory {
        framework_heap,
        framework_off_heap,
        task_heap,
        task_off_heap,
        managed,
        network,
        total: total.clone(),
    })
}
