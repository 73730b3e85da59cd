//! The JVM's `OutOfMemoryError`s: direct memory (the JDK's and Netty's), metaspace and heap.

use super::Message;
use crate::diagnose::parse::{after, leading_u64, number_after};

/// The JVM's `java.nio.Bits.reserveMemory`: `OutOfMemoryError: Direct buffer memory` (the form
/// Flink's `TaskManagerExceptionUtils` enriches), or `Cannot reserve N bytes of direct buffer
/// memory (allocated: A, limit: L)`; Netty's `OutOfDirectMemoryError: failed to allocate N
/// byte(s) of direct memory (used: A, max: L)`.
pub(super) fn direct_oom(line: &str) -> Option<Message> {
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
pub(super) fn metaspace_oom(line: &str) -> Option<Message> {
    line.contains("OutOfMemoryError: Metaspace")
        .then_some(Message::MetaspaceOom)
}

/// The JVM: `OutOfMemoryError: Java heap space` or `OutOfMemoryError: GC overhead limit
/// exceeded`.
pub(super) fn heap_oom(line: &str) -> Option<Message> {
    if line.contains("OutOfMemoryError: Java heap space") {
        Some(Message::HeapOom { gc_overhead: false })
    } else if line.contains("OutOfMemoryError: GC overhead limit exceeded") {
        Some(Message::HeapOom { gc_overhead: true })
    } else {
        None
    }
}
