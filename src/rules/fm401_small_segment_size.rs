//! FM401 `small-segment-size`: a network buffer (memory segment) size that is small, or that the
//! `TaskManager` refuses.

use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM401",
    name: "small-segment-size",
    category: Category::Network,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM401.md"),
};

const SEGMENT_SIZE: &str = "taskmanager.memory.segment-size";

/// `TaskManagerOptions.MEMORY_SEGMENT_SIZE` default, 32 KiB in every supported version.
const DEFAULT: u64 = 32 << 10;

/// `ConfigurationParserUtils.getPageSize`, run when a `TaskManager` starts.
const MINIMUM: u64 = 4096;

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(entry) = cx
        .entries()
        .iter()
        .find(|e| e.key == SEGMENT_SIZE && cx.read_option(e).is_some())
    else {
        return;
    };
    // An unparsable size is FM201's.
    let Ok(size) = entry.value.to_memory_size() else {
        return;
    };
    let bytes = size.bytes();
    let refused = if bytes > i32::MAX as u64 {
        Some("it does not fit in a Java int")
    } else if bytes < MINIMUM {
        Some("the minimum is 4096 bytes")
    } else if !bytes.is_power_of_two() {
        Some("it must be a power of two")
    } else {
        None
    };
    let finding = match refused {
        Some(why) => Finding::new(
            &META,
            Context::value_span(entry),
            format!(
                "`{SEGMENT_SIZE}` is {size} ({bytes} bytes): the TaskManager refuses to start, {why}"
            ),
        )
        .primary("refused")
        .help("use a power of two from 4kb up; the default 32kb suits almost every job"),
        None if bytes < DEFAULT => Finding::new(
            &META,
            Context::value_span(entry),
            format!(
                "`{SEGMENT_SIZE}` is {size}, below the 32 kb default: every network buffer and \
                 every network transfer is smaller, and the same memory is split into {}x as \
                 many buffers",
                DEFAULT / bytes
            ),
        )
        .severity(Severity::Warning)
        .primary("small buffers")
        .help("keep the default 32kb unless a benchmark shows the smaller size helps"),
        None => return,
    };
    out.push(finding.key(SEGMENT_SIZE));
}
