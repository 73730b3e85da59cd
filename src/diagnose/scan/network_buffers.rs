//! Flink's network buffer messages (`NetworkBufferPool`): too few buffers, a timeout waiting
//! for exclusive buffers, a pool whose memory could not be allocated.

use super::Message;
use crate::diagnose::parse::{after, leading_u64, number_after, quoted_after};

/// `NetworkBufferPool.internalCreateBufferPool` / `tryRedistributeBuffers` (1.10 to 2.x):
/// `Insufficient number of network buffers: required X, but only Y available. The total number
/// of network buffers is currently set to N of S bytes each. ...`; before 1.9: `... but only Y
/// of N available.`
pub(super) fn insufficient_buffers(line: &str) -> Option<Message> {
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
pub(super) fn buffers_timeout(line: &str) -> Option<Message> {
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
pub(super) fn pool_allocation(line: &str) -> Option<Message> {
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
