//! Recognising Flink's (and YARN's and Kubernetes') memory failure messages in a log excerpt:
//! each known message with the numbers it carries, the line it is on, and which process it is
//! about, each problem once.
//!
//! Matching looks for the fixed text of each message anywhere in a line, so log prefixes
//! (timestamps, levels, thread and logger names), `Caused by: `, exception class names and
//! JSON-escaped logs do not matter. The texts are those of the Flink classes cited at each
//! recogniser; none of Flink's code is used.

pub mod container_kill;
mod dedup;
mod jvm_oom;
pub mod memory_config;
mod network_buffers;
mod which_process;

use serde::Serialize;

use self::container_kill::{YarnLimit, kubernetes_kill, yarn_exit_status, yarn_kill};
use self::dedup::{fold, merge};
use self::jvm_oom::{direct_oom, heap_oom, metaspace_oom};
use self::memory_config::{Check, config_error};
use self::network_buffers::{buffers_timeout, insufficient_buffers, pool_allocation};
use self::which_process::{file_process, own_process, window_process};
use crate::calc::Process;

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

#[cfg(test)]
mod tests;
