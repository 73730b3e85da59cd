//! Recognising Flink's (and YARN's and Kubernetes') memory failure messages in a log excerpt:
//! each known message with the numbers it carries, the line it is on, and which process it is
//! about, each problem once.
//!
//! Matching looks for the fixed text of each message anywhere in a line, so log prefixes
//! (timestamps, levels, thread and logger names), `Caused by: `, exception class names and
//! JSON-escaped logs do not matter. The texts are those of the Flink classes cited at each
//! recogniser; none of Flink's code is used.

use serde::Serialize;

use super::parse::{
    after, byte_counts, leading_decimal_size, leading_i64, leading_u64, number_after, quoted_after,
};
use crate::calc::Process;

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
    fn process(self, core: &str) -> Option<Process> {
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

/// What kind of kill a YARN message reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum YarnLimit {
    Physical,
    Virtual,
}

/// One recognised message with the numbers it carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "message")]
pub enum Message {
    /// `NetworkBufferPool`: a pool or exclusive-buffer request above what is left.
    InsufficientBuffers {
        /// The failing request (`required X`).
        required: u64,
        /// What was left of the pool (`only Y available`).
        available: u64,
        /// The pool's buffer count (`set to N`).
        total: u64,
        /// Bytes per buffer (`of S bytes each`); missing in the oldest form of the message.
        segment_size: Option<u64>,
    },
    /// `NetworkBufferPool`: exclusive segments not returned in time.
    BuffersTimeout {
        total: Option<u64>,
        segment_size: Option<u64>,
        timeout_ms: Option<u64>,
        /// The timeout key the message names (it changed in 1.20).
        key: Option<String>,
    },
    /// `NetworkBufferPool` constructor: the pool's direct memory could not be allocated.
    PoolAllocation {
        required_mib: u64,
        allocated_mib: u64,
        missing_mib: u64,
        /// The `OutOfMemoryError`'s own message.
        cause: String,
    },
    /// `OutOfMemoryError: Direct buffer memory` (JDK ≤ 15), `Cannot reserve N bytes of direct
    /// buffer memory (allocated: A, limit: L)` (newer JDKs), or Netty's `OutOfDirectMemoryError`.
    DirectOom {
        request: Option<u64>,
        allocated: Option<u64>,
        limit: Option<u64>,
        /// Thrown by Netty's own direct-memory counter (Flink's shaded Netty or a connector's).
        netty: bool,
    },
    /// `OutOfMemoryError: Metaspace`.
    MetaspaceOom,
    /// `OutOfMemoryError: Java heap space` or `GC overhead limit exceeded`.
    HeapOom { gc_overhead: bool },
    /// YARN `ContainersMonitorImpl`: the container went over its memory limit and was killed.
    YarnKill {
        limit_kind: YarnLimit,
        container: Option<String>,
        /// How far beyond the limit (Hadoop 2.8+ prints it in bytes).
        beyond: Option<u64>,
        /// `Current usage: U of L ...` (rounded by YARN to one decimal).
        used: Option<u64>,
        limit: Option<u64>,
    },
    /// A YARN exit status for a memory kill without the monitor's message (-104 physical,
    /// -103 virtual, `ContainerExitStatus`).
    YarnExitStatus { status: i64 },
    /// Kubernetes: the container was killed by the kernel's OOM killer (`OOMKilled`).
    KubernetesOomKilled { pod: Option<String> },
    /// Exit code 137 (SIGKILL) without `OOMKilled` next to it.
    Killed137 { pod: Option<String> },
    /// One of Flink's memory-configuration exceptions.
    ConfigError {
        check: Check,
        /// The message from its fixed start to the end of the line.
        core: String,
        /// Every size the message prints, in bytes, in order.
        sizes: Vec<u64>,
    },
}

impl Message {
    /// A stable identifier of the problem, for JSON and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::InsufficientBuffers { .. } => "insufficient-network-buffers",
            Self::BuffersTimeout { .. } => "exclusive-buffers-timeout",
            Self::PoolAllocation { .. } => "network-pool-allocation",
            Self::DirectOom { .. } => "direct-memory-oom",
            Self::MetaspaceOom => "metaspace-oom",
            Self::HeapOom { .. } => "heap-oom",
            Self::YarnKill { .. } | Self::YarnExitStatus { .. } => "yarn-container-killed",
            Self::KubernetesOomKilled { .. } => "kubernetes-oom-killed",
            Self::Killed137 { .. } => "killed-exit-137",
            Self::ConfigError { .. } => "memory-configuration-rejected",
        }
    }
}

/// A recognised problem: where it was first seen, the message and which process it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    /// 1-based line number of the first occurrence.
    pub line: usize,
    /// Further lines with the same problem.
    pub also_at: Vec<usize>,
    /// The matched line, trimmed.
    pub text: String,
    pub message: Message,
    /// The process the log says it happened in, when it says.
    pub process: Option<Process>,
}

/// Every known problem in `text`, each once, in order of first appearance.
pub fn scan(text: &str) -> Vec<Sighting> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let file_hint = file_process(text);
    let mut found: Vec<Sighting> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let next = lines.get(index + 1).copied().unwrap_or("");
        let Some(message) = recognise(line, next) else {
            continue;
        };
        let process = own_process(&message, line)
            .or_else(|| window_process(&lines, index))
            .or(file_hint);
        let sighting = Sighting {
            line: index + 1,
            also_at: Vec::new(),
            text: excerpt(line),
            message,
            process,
        };
        merge(&mut found, sighting);
    }
    fold(&found)
}

/// The matched line without surrounding blanks, shortened if very long.
fn excerpt(line: &str) -> String {
    const LIMIT: usize = 2000;
    let trimmed = line.trim();
    if trimmed.len() <= LIMIT {
        return trimmed.to_owned();
    }
    let mut end = LIMIT;
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    format!("{} …", &trimmed[..end])
}

/// The first known message on `line` (`next` is read when a message continues there).
fn recognise(line: &str, next: &str) -> Option<Message> {
    insufficient_buffers(line)
        .or_else(|| buffers_timeout(line))
        .or_else(|| pool_allocation(line))
        .or_else(|| direct_oom(line))
        .or_else(|| metaspace_oom(line))
        .or_else(|| heap_oom(line))
        .or_else(|| yarn_kill(line, next))
        .or_else(|| yarn_exit_status(line))
        .or_else(|| kubernetes_kill(line))
        .or_else(|| config_error(line))
}

/// `NetworkBufferPool.internalCreateBufferPool` / `tryRedistributeBuffers` (1.10 to 2.x):
/// `Insufficient number of network buffers: required X, but only Y available. The total number
/// of network buffers is currently set to N of S bytes each. ...`; before 1.9: `... but only Y
/// of N available.`
fn insufficient_buffers(line: &str) -> Option<Message> {
    let rest = after(line, "Insufficient number of network buffers: required ")?;
    let (required, rest) = leading_u64(rest)?;
    let (available, rest) = leading_u64(rest.strip_prefix(", but only ")?)?;
    if let Some(old) = rest.strip_prefix(" of ") {
        let (total, _) = leading_u64(old)?;
        return Some(Message::InsufficientBuffers {
            required,
            available,
            total,
            segment_size: None,
        });
    }
    let total = number_after(rest, "currently set to ")?;
    let segment_size = after(rest, "currently set to ")
        .and_then(leading_u64)
        .and_then(|(_, r)| r.strip_prefix(" of "))
        .and_then(leading_u64)
        .filter(|(_, r)| r.starts_with(" bytes"))
        .map(|(s, _)| s);
    Some(Message::InsufficientBuffers {
        required,
        available,
        total,
        segment_size,
    })
}

/// `NetworkBufferPool.internalRequestMemorySegments`: `Timeout triggered when requesting
/// exclusive buffers: <pool description>,  or you may increase the timeout which is <T>ms by
/// setting the key '<key>'.`
fn buffers_timeout(line: &str) -> Option<Message> {
    let rest = after(line, "Timeout triggered when requesting exclusive buffers")?;
    let total = number_after(rest, "currently set to ");
    let segment_size = after(rest, "currently set to ")
        .and_then(leading_u64)
        .and_then(|(_, r)| r.strip_prefix(" of "))
        .and_then(leading_u64)
        .map(|(s, _)| s);
    let timeout_ms = after(rest, "the timeout which is ")
        .and_then(leading_u64)
        .filter(|(_, r)| r.starts_with("ms"))
        .map(|(t, _)| t);
    let key = quoted_after(rest, "by setting the key").map(str::to_owned);
    Some(Message::BuffersTimeout {
        total,
        segment_size,
        timeout_ms,
        key,
    })
}

/// `NetworkBufferPool` constructor: `Could not allocate enough memory segments for
/// NetworkBufferPool (required (Mb): R, allocated (Mb): A, missing (Mb): M). Cause: <message>`.
fn pool_allocation(line: &str) -> Option<Message> {
    let rest = after(
        line,
        "Could not allocate enough memory segments for NetworkBufferPool",
    )?;
    let required_mib = number_after(rest, "required (Mb): ")?;
    let allocated_mib = number_after(rest, "allocated (Mb): ")?;
    let missing_mib = number_after(rest, "missing (Mb): ")?;
    let cause = after(rest, "Cause: ").unwrap_or("").trim().to_owned();
    Some(Message::PoolAllocation {
        required_mib,
        allocated_mib,
        missing_mib,
        cause,
    })
}

/// The JVM's `java.nio.Bits.reserveMemory`: `OutOfMemoryError: Direct buffer memory` (the form
/// Flink's `TaskManagerExceptionUtils` enriches), or `Cannot reserve N bytes of direct buffer
/// memory (allocated: A, limit: L)`; Netty's `OutOfDirectMemoryError: failed to allocate N
/// byte(s) of direct memory (used: A, max: L)`.
fn direct_oom(line: &str) -> Option<Message> {
    if let Some(rest) = after(line, "Cannot reserve ")
        && rest.contains("bytes of direct buffer memory")
    {
        return Some(Message::DirectOom {
            request: leading_u64(rest).map(|(n, _)| n),
            allocated: number_after(rest, "(allocated: "),
            limit: number_after(rest, "limit: "),
            netty: false,
        });
    }
    if let Some(rest) = after(line, "OutOfDirectMemoryError: failed to allocate ") {
        return Some(Message::DirectOom {
            request: leading_u64(rest).map(|(n, _)| n),
            allocated: number_after(rest, "(used: "),
            limit: number_after(rest, "max: "),
            netty: true,
        });
    }
    line.contains("OutOfMemoryError: Direct buffer memory")
        .then_some(Message::DirectOom {
            request: None,
            allocated: None,
            limit: None,
            netty: false,
        })
}

/// The JVM: `OutOfMemoryError: Metaspace` (enriched by Flink's `TaskManagerExceptionUtils` /
/// `ClusterEntryPointExceptionUtils`).
fn metaspace_oom(line: &str) -> Option<Message> {
    line.contains("OutOfMemoryError: Metaspace")
        .then_some(Message::MetaspaceOom)
}

/// The JVM: `OutOfMemoryError: Java heap space` or `OutOfMemoryError: GC overhead limit
/// exceeded`.
fn heap_oom(line: &str) -> Option<Message> {
    if line.contains("OutOfMemoryError: Java heap space") {
        Some(Message::HeapOom { gc_overhead: false })
    } else if line.contains("OutOfMemoryError: GC overhead limit exceeded") {
        Some(Message::HeapOom { gc_overhead: true })
    } else {
        None
    }
}

/// YARN `ContainersMonitorImpl`: `Container [pid=P,containerID=C] is running beyond physical
/// memory limits. Current usage: U of L physical memory used; ... Killing container.` (Hadoop
/// 2.x), or `... is running NB beyond the 'PHYSICAL' memory limit. ...` (2.8+, 3.x).
fn yarn_kill(line: &str, next: &str) -> Option<Message> {
    let lower = line.to_ascii_lowercase();
    let at = lower.find(" is running ")?;
    let rest = &lower[at..];
    let limit_kind = if rest.contains("beyond physical memory limit")
        || rest.contains("beyond the 'physical' memory limit")
    {
        YarnLimit::Physical
    } else if rest.contains("beyond virtual memory limit")
        || rest.contains("beyond the 'virtual' memory limit")
    {
        YarnLimit::Virtual
    } else {
        return None;
    };
    let container = after(line, "containerID=").map(|r| {
        r.split(|c: char| c == ']' || c == ',' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_owned()
    });
    let beyond = after(line, " is running ")
        .and_then(leading_u64)
        .filter(|(_, r)| r.starts_with("B beyond"))
        .map(|(n, _)| n);
    let joined;
    let usage_text = if line.contains("Current usage: ") {
        line
    } else {
        joined = format!("{line} {next}");
        &joined
    };
    let (used, limit) = match after(usage_text, "Current usage: ").and_then(leading_decimal_size) {
        Some((used, rest)) => {
            let limit = rest
                .trim_start()
                .strip_prefix("of ")
                .and_then(leading_decimal_size)
                .map(|(l, _)| l);
            (Some(used), limit)
        }
        None => (None, None),
    };
    Some(Message::YarnKill {
        limit_kind,
        container,
        beyond,
        used,
        limit,
    })
}

/// YARN `ContainerExitStatus` for memory kills in a container-completed report
/// (`exitStatus=-104`, `Exit status: -104`, Flink's `Exit code: -104.`).
fn yarn_exit_status(line: &str) -> Option<Message> {
    let lower = line.to_ascii_lowercase();
    let rest = [
        "exitstatus=",
        "exit status: ",
        "exit code: ",
        "exit code is ",
    ]
    .iter()
    .find_map(|marker| after(&lower, marker))?;
    let (status, _) = leading_i64(rest.trim_start())?;
    matches!(status, -104 | -103).then_some(Message::YarnExitStatus { status })
}

/// Kubernetes: `OOMKilled` (kubectl's `Reason: OOMKilled`, Flink's `KubernetesPod` diagnostics
/// `Pod terminated, container termination statuses: [name(exitCode=137, reason=OOMKilled,
/// message=null)]`, events), or exit code 137.
fn kubernetes_kill(line: &str) -> Option<Message> {
    let pod = pod_name(line);
    if line.contains("OOMKilled") {
        return Some(Message::KubernetesOomKilled { pod });
    }
    let lower = line.to_ascii_lowercase();
    let code = ["exitcode=", "exit code:", "exit code ", "exited with code "]
        .iter()
        .find_map(|marker| after(&lower, marker))
        .and_then(|rest| leading_u64(rest.trim_start()))
        .map(|(code, _)| code);
    (code == Some(137)).then_some(Message::Killed137 { pod })
}

/// The pod or worker named on a line (`Worker <name> is terminated`, `pod/<name>`, `Pod
/// <name>`).
fn pod_name(line: &str) -> Option<String> {
    let word = |rest: &str| {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            .collect();
        (!name.is_empty()).then_some(name)
    };
    after(line, "Worker ")
        .and_then(word)
        .or_else(|| after(line, "pod/").and_then(word))
        .or_else(|| after(line, "Pod ").and_then(word))
}

/// Flink's memory-configuration exceptions (see [`Check`]).
fn config_error(line: &str) -> Option<Message> {
    let (check, at) = find_check(line)?;
    let core = line[at..].trim_end().to_owned();
    let sizes = byte_counts(&core);
    Some(Message::ConfigError { check, core, sizes })
}

/// The process a message names itself: Flink's enriched OOM messages, the wrapper of a
/// memory-configuration failure, a YARN container number, a pod name.
fn own_process(message: &Message, line: &str) -> Option<Process> {
    if line.contains("task executor has to be shutdown")
        || line.contains("TaskManager memory configuration failed")
    {
        return Some(Process::TaskManager);
    }
    if line.contains("Flink Master") || line.contains("JobManager memory configuration failed") {
        return Some(Process::JobManager);
    }
    match message {
        Message::ConfigError { check, core, .. } => check.process(core),
        // Every buffer problem happens in a TaskManager.
        Message::InsufficientBuffers { .. }
        | Message::BuffersTimeout { .. }
        | Message::PoolAllocation { .. } => Some(Process::TaskManager),
        // The first container of a YARN application attempt is its ApplicationMaster: the
        // JobManager.
        Message::YarnKill {
            container: Some(container),
            ..
        } => Some(if container.ends_with("_000001") {
            Process::JobManager
        } else {
            Process::TaskManager
        }),
        Message::KubernetesOomKilled { pod: Some(pod) } | Message::Killed137 { pod: Some(pod) } => {
            if pod.contains("taskmanager") {
                Some(Process::TaskManager)
            } else if pod.contains("jobmanager") {
                Some(Process::JobManager)
            } else {
                None
            }
        }
        _ => None,
    }
}

const TM_MARKERS: [&str; 6] = [
    "taskexecutor",
    "TaskExecutor",
    "TaskManagerRunner",
    "runtime.taskmanager.Task",
    "streaming.runtime.tasks",
    "-taskmanager-",
];
const JM_MARKERS: [&str; 5] = [
    "runtime.entrypoint",
    "ClusterEntrypoint",
    "runtime.jobmaster",
    "runtime.dispatcher",
    "-jobmanager-",
];

fn votes(text: &str) -> (usize, usize) {
    let count = |markers: &[&str]| markers.iter().filter(|m| text.contains(**m)).count();
    (count(&TM_MARKERS), count(&JM_MARKERS))
}

fn decide((tm, jm): (usize, usize)) -> Option<Process> {
    match tm.cmp(&jm) {
        std::cmp::Ordering::Greater => Some(Process::TaskManager),
        std::cmp::Ordering::Less => Some(Process::JobManager),
        std::cmp::Ordering::Equal => None,
    }
}

/// The process the lines around a message point at: the log line before it and its stack
/// trace after it.
fn window_process(lines: &[&str], index: usize) -> Option<Process> {
    let start = index.saturating_sub(2);
    let mut text = String::new();
    for line in lines.get(start..=index).unwrap_or_default() {
        text.push_str(line);
        text.push('\n');
    }
    for line in lines.iter().skip(index + 1).take(80) {
        let trimmed = line.trim_start();
        let in_trace = trimmed.starts_with("at ")
            || trimmed.starts_with("Caused by")
            || trimmed.starts_with("...")
            || trimmed.starts_with("Suppressed");
        if !in_trace {
            break;
        }
        text.push_str(line);
        text.push('\n');
    }
    decide(votes(&text))
}

/// The process a whole log is from, when only one side's classes appear in it.
fn file_process(text: &str) -> Option<Process> {
    match votes(text) {
        (tm, 0) if tm > 0 => Some(Process::TaskManager),
        (0, jm) if jm > 0 => Some(Process::JobManager),
        _ => None,
    }
}

/// The key that decides whether two sightings are the same problem.
fn same_problem(a: &Sighting, b: &Sighting) -> bool {
    use Message as M;
    match (&a.message, &b.message) {
        // A pool of the same size: one problem, however the later failures' numbers differ.
        (
            M::InsufficientBuffers {
                total: t1,
                segment_size: s1,
                ..
            },
            M::InsufficientBuffers {
                total: t2,
                segment_size: s2,
                ..
            },
        ) => t1 == t2 && s1 == s2,
        (M::YarnKill { limit_kind: k1, .. }, M::YarnKill { limit_kind: k2, .. }) => {
            k1 == k2 && compatible(a.process, b.process)
        }
        (M::KubernetesOomKilled { .. }, M::KubernetesOomKilled { .. })
        | (M::Killed137 { .. }, M::Killed137 { .. })
        | (M::DirectOom { .. }, M::DirectOom { .. })
        | (M::MetaspaceOom, M::MetaspaceOom)
        | (M::HeapOom { .. }, M::HeapOom { .. })
        | (M::BuffersTimeout { .. }, M::BuffersTimeout { .. }) => compatible(a.process, b.process),
        (M::ConfigError { core: c1, .. }, M::ConfigError { core: c2, .. }) => {
            // The wrapped message and its cause are one failure.
            c1.starts_with(c2.as_str()) || c2.starts_with(c1.as_str())
        }
        (x, y) => x == y && a.process == b.process,
    }
}

/// Two processes that may be the same: equal, or one of them unknown.
fn compatible(a: Option<Process>, b: Option<Process>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// How much a sighting says: the one that says more is kept when two are the same problem.
fn weight(message: &Message) -> u64 {
    match message {
        Message::InsufficientBuffers {
            required,
            available,
            total,
            ..
        } => total.saturating_sub(*available).saturating_add(*required),
        Message::DirectOom { limit, .. } => u64::from(limit.is_some()),
        Message::YarnKill { beyond, used, .. } => beyond.or(*used).unwrap_or(0),
        _ => 0,
    }
}

/// Adds `sighting` to `found`, or records it as another occurrence of a problem seen before.
fn merge(found: &mut Vec<Sighting>, sighting: Sighting) {
    let Some(existing) = found.iter_mut().find(|s| same_problem(s, &sighting)) else {
        found.push(sighting);
        return;
    };
    existing.also_at.push(sighting.line);
    existing.process = existing.process.or(sighting.process);
    if weight(&sighting.message) > weight(&existing.message) {
        existing.message = sighting.message;
        existing.text = sighting.text;
    }
}

/// Folds sightings that are part of another one: an exit code 137 next to `OOMKilled`, a YARN
/// exit status next to the monitor's message, the network-remainder wrapper next to its cause.
fn fold(found: &[Sighting]) -> Vec<Sighting> {
    let absorbs = |host: &Message, part: &Message| match (host, part) {
        (Message::YarnKill { limit_kind, .. }, Message::YarnExitStatus { status }) => {
            (*limit_kind == YarnLimit::Physical) == (*status == -104)
        }
        (Message::KubernetesOomKilled { .. }, Message::Killed137 { .. })
        | (
            Message::ConfigError {
                check: Check::NetworkRange | Check::NetworkLegacy,
                ..
            },
            Message::ConfigError {
                check: Check::NetworkDerived,
                ..
            },
        ) => true,
        _ => false,
    };
    let mut kept: Vec<Sighting> = Vec::new();
    let mut parts: Vec<Sighting> = Vec::new();
    for sighting in found {
        if found
            .iter()
            .any(|host| absorbs(&host.message, &sighting.message))
        {
            parts.push(sighting.clone());
        } else {
            kept.push(sighting.clone());
        }
    }
    for part in parts {
        if let Some(host) = kept
            .iter_mut()
            .find(|host| absorbs(&host.message, &part.message))
        {
            host.also_at.push(part.line);
            host.also_at.extend(part.also_at);
            host.also_at.sort_unstable();
            host.also_at.dedup();
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Message {
        let found = scan(text);
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].message.clone()
    }

    #[test]
    fn insufficient_buffers_in_every_form() {
        let modern = "2024-03-01 10:00:00,123 WARN  org.apache.flink.runtime.taskmanager.Task [] - Map (2/4) switched to FAILED\nCaused by: java.io.IOException: Insufficient number of network buffers: required 17, but only 5 available. The total number of network buffers is currently set to 4096 of 32768 bytes each. You can increase this number by setting the configuration keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and 'taskmanager.memory.network.max'.";
        assert_eq!(
            one(modern),
            Message::InsufficientBuffers {
                required: 17,
                available: 5,
                total: 4096,
                segment_size: Some(32768)
            }
        );
        assert_eq!(
            one(
                "Insufficient number of network buffers: required 2, but only 0 of 2048 available."
            ),
            Message::InsufficientBuffers {
                required: 2,
                available: 0,
                total: 2048,
                segment_size: None
            }
        );
        assert!(scan("Insufficient number of network buffers: required lots").is_empty());
    }

    #[test]
    fn timeout_pool_allocation_and_direct_memory() {
        let timeout = "java.io.IOException: Timeout triggered when requesting exclusive buffers: The total number of network buffers is currently set to 4096 of 32768 bytes each. You can increase this number by setting the configuration keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and 'taskmanager.memory.network.max',  or you may increase the timeout which is 30000ms by setting the key 'taskmanager.network.memory.exclusive-buffers-request-timeout-ms'.";
        assert_eq!(
            one(timeout),
            Message::BuffersTimeout {
                total: Some(4096),
                segment_size: Some(32768),
                timeout_ms: Some(30000),
                key: Some("taskmanager.network.memory.exclusive-buffers-request-timeout-ms".into())
            }
        );
        let pool = "java.lang.OutOfMemoryError: Could not allocate enough memory segments for NetworkBufferPool (required (Mb): 128, allocated (Mb): 9, missing (Mb): 119). Cause: Direct buffer memory";
        assert_eq!(
            one(pool),
            Message::PoolAllocation {
                required_mib: 128,
                allocated_mib: 9,
                missing_mib: 119,
                cause: "Direct buffer memory".into()
            }
        );
        assert_eq!(
            one(
                "java.lang.OutOfMemoryError: Cannot reserve 32768 bytes of direct buffer memory (allocated: 268419072, limit: 268435458)"
            ),
            Message::DirectOom {
                request: Some(32768),
                allocated: Some(268_419_072),
                limit: Some(268_435_458),
                netty: false
            }
        );
        assert_eq!(
            one(
                "org.apache.flink.shaded.netty4.io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 4194304 byte(s) of direct memory (used: 264241152, max: 268435458)"
            ),
            Message::DirectOom {
                request: Some(4_194_304),
                allocated: Some(264_241_152),
                limit: Some(268_435_458),
                netty: true
            }
        );
    }

    #[test]
    fn yarn_and_kubernetes_kills() {
        let hadoop3 = "Closing TaskExecutor connection container_e03_1559725928417_0577_01_001065 because: [2019-11-25 20:12:36.159]Container [pid=97191,containerID=container_e03_1559725928417_0577_01_001065] is running 168853504B beyond the 'PHYSICAL' memory limit. Current usage: 6.2 GB of 6 GB physical memory used; 9.8 GB of 60 GB virtual memory used. Killing container.";
        let found = scan(hadoop3);
        assert_eq!(found[0].process, Some(Process::TaskManager));
        assert_eq!(
            found[0].message,
            Message::YarnKill {
                limit_kind: YarnLimit::Physical,
                container: Some("container_e03_1559725928417_0577_01_001065".into()),
                beyond: Some(168_853_504),
                used: Some((62u64 << 30) / 10),
                limit: Some(6 << 30)
            }
        );
        let hadoop2 = "Container [pid=1,containerID=container_1_0001_01_000001] is running beyond physical memory limits.\nCurrent usage: 1.0 GB of 1 GB physical memory used; 2.1 GB of 2.1 GB virtual memory used. Killing container.";
        let found = scan(hadoop2);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].process, Some(Process::JobManager));
        let describe = "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n";
        let found = scan(describe);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].also_at, [3]);
        let flink = "Worker flink-taskmanager-1-3 is terminated. Diagnostics: Pod terminated, container termination statuses: [flink-main-container(exitCode=137, reason=OOMKilled, message=null)], pod status: Failed(reason=null, message=null)";
        let found = scan(flink);
        assert_eq!(found[0].process, Some(Process::TaskManager));
        assert_eq!(
            one("command terminated with exit code 137"),
            Message::Killed137 { pod: None }
        );
        assert!(scan("exit code 1370").is_empty());
    }

    #[test]
    fn a_wrapped_configuration_failure_and_its_cause_are_one_problem() {
        let text = "Exception in thread \"main\" org.apache.flink.configuration.IllegalConfigurationException: TaskManager memory configuration failed: Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (300.000mb (314572800 bytes)).\n\tat org.apache.flink.runtime.util.bash.BashJavaUtils.main(BashJavaUtils.java:46)\nCaused by: org.apache.flink.configuration.IllegalConfigurationException: Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (300.000mb (314572800 bytes)).";
        let found = scan(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].also_at, [3]);
        assert_eq!(found[0].process, Some(Process::TaskManager));
        let Message::ConfigError { check, sizes, .. } = &found[0].message else {
            panic!()
        };
        assert_eq!(*check, Check::MetaspaceOverhead);
        assert_eq!(sizes, &[268_435_456, 201_326_592, 314_572_800]);
    }

    #[test]
    fn several_problems_in_order_each_once() {
        let text = "java.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. ... The task executor has to be shutdown...\nfoo\njava.lang.OutOfMemoryError: Java heap space\njava.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. ... The task executor has to be shutdown...";
        let found = scan(text);
        let kinds: Vec<&str> = found.iter().map(|s| s.message.kind()).collect();
        assert_eq!(kinds, ["metaspace-oom", "heap-oom"]);
        assert_eq!(found[0].also_at, [4]);
        assert_eq!(found[0].process, Some(Process::TaskManager));
    }
}
