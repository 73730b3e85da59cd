//! Containers killed for memory: YARN's container monitor, Kubernetes' `OOMKilled`, exit code
//! 137. The JVM's own limits cannot be exceeded, so a kill means native memory outside them
//! (`RocksDB` not bounded by managed memory, thread stacks, allocator arenas, native libraries)
//! outgrew the JVM overhead. Fixed with a larger JVM overhead, in the same container or a
//! larger one, each checked with the calculation.

use super::fix::{Change, Fact, fix, neutral_fix, raised, step, with_headroom};
use super::process::{Budget, explain_each};
use super::scan::container_kill::YarnLimit;
use super::scan::{Message, Sighting};
use super::words::{component, size};
use super::{Finding, configured_bool};
use crate::calc::{JobManagerBudget, Process, TaskManagerBudget};
use crate::config::Config;
use crate::sizing::Calculation;
use crate::sizing::candidate::configured_size;

const ROCKSDB_MANAGED: &str = "state.backend.rocksdb.memory.managed";

fn title(message: &Message) -> &'static str {
    match message {
        Message::YarnKill {
            limit_kind: YarnLimit::Virtual,
            ..
        }
        | Message::YarnExitStatus { status: -103 } => {
            "YARN killed the container for its virtual memory"
        }
        Message::YarnKill { .. } | Message::YarnExitStatus { .. } => {
            "YARN killed the container for exceeding its physical memory limit"
        }
        Message::KubernetesOomKilled { .. } => "Kubernetes killed the container (OOMKilled)",
        _ => "The container was killed (exit code 137)",
    }
}

/// A container killed for memory.
pub fn killed(sighting: &Sighting, calculation: &Calculation) -> Finding {
    let mut finding = Finding::new(sighting, title(&sighting.message));
    let message = sighting.message.clone();
    let virtual_kill = matches!(
        message,
        Message::YarnKill {
            limit_kind: YarnLimit::Virtual,
            ..
        } | Message::YarnExitStatus { status: -103 }
    );
    if virtual_kill {
        finding.explanation.push("YARN's virtual-memory check counts address space, not memory in use: a JVM reserves far more address space than it touches (heap and code-cache reservations, thread stacks, malloc arenas). Flink's budget is about physical memory; no Flink memory option changes this.".to_owned());
        finding.notes.push("Disable the check (yarn.nodemanager.vmem-check-enabled: false) or raise yarn.nodemanager.vmem-pmem-ratio in yarn-site.xml.".to_owned());
        return finding;
    }
    // What the log measured: how far over the limit the container went.
    let measured = match message {
        Message::YarnKill {
            beyond,
            used,
            limit,
            ..
        } => {
            if let Some(limit) = limit {
                finding.facts.push(Fact::bytes("logged_limit", limit));
            }
            if let Some(used) = used {
                finding.facts.push(Fact::bytes("logged_used", used));
            }
            beyond.or_else(|| used.zip(limit).and_then(|(u, l)| u.checked_sub(l)))
        }
        Message::Killed137 { .. } => {
            finding.explanation.push("Exit code 137 means the process was killed with SIGKILL. For a container that is usually the kernel's OOM killer enforcing its memory limit (the pod's last state then says reason OOMKilled); an eviction or a forced delete look the same.".to_owned());
            None
        }
        _ => None,
    };
    if let Some(over) = measured {
        finding.facts.push(Fact::bytes("logged_over_limit", over));
    }
    explain_each(
        &mut finding,
        calculation,
        Some(Process::TaskManager),
        "",
        |f, before| {
            let config = &calculation.config;
            f.explanation.push(format!(
                "Flink sizes the TaskManager to its total process memory, {}. The JVM enforces the heap (-Xmx {}), direct memory ({}) and metaspace ({}); managed memory ({}) is reserved by Flink; everything else (thread stacks, GC and JIT structures, the code cache, native libraries, allocator fragmentation) must fit in the JVM overhead, {}.",
                component(config, &before.total_process),
                size(before.jvm_heap.bytes.bytes()),
                size(before.jvm_direct.bytes.bytes()),
                size(before.jvm_metaspace.bytes.bytes()),
                size(before.managed.bytes.bytes()),
                component(config, &before.jvm_overhead)
            ));
            limit_lines(
                config,
                Process::TaskManager,
                before.total_process.bytes.bytes(),
                &message,
                f,
            );
            f.explanation.push("A kill means the process's native memory outside those JVM limits grew past the JVM overhead.".to_owned());
            rocksdb_lines(config, before, f);
            raise_overhead(f, calculation, before, measured);
        },
        |f, before| {
            let config = &calculation.config;
            f.explanation.push(format!(
                "Flink sizes the JobManager to its total process memory, {}. The JVM enforces the heap (-Xmx {}) and metaspace ({}); off-heap memory is {}; everything else (thread stacks, GC and JIT structures, native libraries) must fit in the JVM overhead, {}.",
                component(config, &before.total_process),
                size(before.jvm_heap.bytes.bytes()),
                size(before.jvm_metaspace.bytes.bytes()),
                size(before.off_heap.bytes.bytes()),
                component(config, &before.jvm_overhead)
            ));
            limit_lines(
                config,
                Process::JobManager,
                before.total_process.bytes.bytes(),
                &message,
                f,
            );
            raise_overhead(f, calculation, before, measured);
        },
    );
    finding
}

/// The container limit the log states, compared with the process size.
fn limit_lines(
    config: &Config,
    process: Process,
    total_process: u64,
    message: &Message,
    finding: &mut Finding,
) {
    match message {
        Message::YarnKill {
            beyond,
            used,
            limit: Some(limit),
            ..
        } => {
            // YARN prints sizes with one decimal, so allow for its rounding.
            let tolerance = (total_process / 20).max(100 << 20);
            let relation = if limit.saturating_add(tolerance) < total_process {
                format!(
                    ", below this configuration's process size {}: the log came from another configuration (or the container size is set elsewhere)",
                    size(total_process)
                )
            } else if *limit > total_process.saturating_add(tolerance) {
                format!(
                    ", above this configuration's process size {} (YARN rounds container requests up to a multiple of yarn.scheduler.minimum-allocation-mb)",
                    size(total_process)
                )
            } else {
                ", this configuration's process size".to_owned()
            };
            let usage = match (used, beyond) {
                (_, Some(b)) => format!("; it went {} beyond it", size(*b)),
                (Some(u), None) => format!("; it used {}", size(*u)),
                _ => String::new(),
            };
            finding.explanation.push(format!(
                "The container's limit was {}{relation}{usage}.",
                size(*limit)
            ));
        }
        Message::KubernetesOomKilled { .. } | Message::Killed137 { .. } => {
            let key = match process {
                Process::TaskManager => TaskManagerBudget::LIMIT_FACTOR,
                Process::JobManager => JobManagerBudget::LIMIT_FACTOR,
            };
            if config.catalog().option(key).is_some() {
                let factor = config
                    .resolve(key)
                    .and_then(|r| r.entry.value.to_double().ok())
                    .unwrap_or(1.0);
                let limit = (total_process as f64 * factor) as u64;
                finding.explanation.push(format!(
                    "On native Kubernetes the container's memory limit is the process size × {key} ({factor:?}) = {}.",
                    size(limit)
                ));
            }
        }
        _ => {}
    }
}

/// `RocksDB` outside managed memory, when the configuration says so.
fn rocksdb_lines(config: &Config, before: &TaskManagerBudget, finding: &mut Finding) {
    let managed = before.managed.bytes.bytes();
    let backend = ["state.backend.type", "state.backend"]
        .iter()
        .find_map(|key| config.resolve(key))
        .map(|r| r.entry.value.java_string().to_ascii_lowercase());
    let rocksdb = backend.as_deref().is_some_and(|b| b.contains("rocksdb"));
    match configured_bool(config, ROCKSDB_MANAGED) {
        Some(false) => {
            finding.explanation.push(format!(
                "{ROCKSDB_MANAGED} is false: RocksDB's block cache, indexes and write buffers are not bounded by managed memory and grow outside every limit. That is the most likely cause."
            ));
            let checked = format!(
                "Flink's default: RocksDB then stays within the managed memory, {}",
                size(before.managed.bytes.bytes())
            );
            finding.fixes.extend(neutral_fix(
                config,
                before,
                vec![Change::set(ROCKSDB_MANAGED, "true")],
                &checked,
            ));
        }
        _ if rocksdb => finding.explanation.push(format!(
            "RocksDB is bounded by the managed memory, {}, but allocator fragmentation (glibc malloc arenas) can still take native memory beyond it.",
            size(managed)
        )),
        _ => {}
    }
}

/// How much more JVM overhead: the measured excess plus headroom, at least a step of the
/// current overhead.
fn overhead_delta(finding: &mut Finding, overhead: u64, measured: Option<u64>) -> u64 {
    let delta = step(overhead).max(measured.map_or(0, with_headroom));
    finding.facts.push(Fact::bytes("raise_overhead_by", delta));
    finding.explanation.push(match measured {
        Some(over) => format!(
            "Raise the JVM overhead by {}: the {} over the limit plus 25%, at least a step of 25% of the overhead.",
            size(delta),
            size(over)
        ),
        None => format!(
            "Raise the JVM overhead by {} (a step of 25% of it, at least 64 MiB: the log does not say how far over the limit the container went).",
            size(delta)
        ),
    });
    delta
}

/// A larger JVM overhead for either process: pinned in the same process size, and, where the
/// process size is configured, in a process grown by as much (total Flink memory unchanged).
fn raise_overhead<B: Budget>(
    finding: &mut Finding,
    calculation: &Calculation,
    before: &B,
    measured: Option<u64>,
) {
    let config = &calculation.config;
    let keys = &B::OPTIONS;
    let total = before.total_process().bytes.bytes();
    let overhead = before.jvm_overhead().bytes.bytes();
    let delta = overhead_delta(finding, overhead, measured);
    let (new_overhead, text) = raised(overhead, delta);
    let pin = vec![
        Change::set(keys.overhead_min, text.clone()),
        Change::set(keys.overhead_max, text),
    ];
    finding
        .fixes
        .extend(fix(config, Some(before), pin.clone(), |b: &B| {
            Some(format!(
                "Flink accepts it: JVM overhead {} in a process of {}",
                size(b.jvm_overhead().bytes.bytes()),
                size(b.total_process().bytes.bytes())
            ))
        }));
    if configured_size(config, keys.total_process).is_some() {
        let (_, process_text) = raised(total, new_overhead.saturating_sub(overhead));
        let mut grow = vec![Change::set(keys.total_process, process_text)];
        grow.extend(pin);
        let flink = before.total_flink().bytes;
        finding.fixes.extend(fix(config, Some(before), grow, |b: &B| {
            (b.total_flink().bytes >= flink).then(|| {
                format!(
                    "Flink accepts it: total Flink memory stays {}; only the container and its JVM overhead grow",
                    size(flink.bytes())
                )
            })
        }));
    }
}
