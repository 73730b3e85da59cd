//! FM402 `low-buffers-per-channel`: fewer than 2 exclusive network buffers per channel.

use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};
use crate::version::FlinkVersion;

pub static META: RuleMeta = RuleMeta {
    code: "FM402",
    name: "low-buffers-per-channel",
    category: Category::Network,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM402.md"),
};

const BUFFERS_PER_CHANNEL: &str = "taskmanager.network.memory.buffers-per-channel";

/// Flink 1.x only (2.x fixes the value at 2; a setting there is FM103's). Checks from
/// `NettyShuffleEnvironmentOptions` / `NettyShuffleEnvironmentConfiguration`: 1.13 requires a
/// positive value, 1.14 allows 0, 1.17 adds the non-negative check.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries().iter().filter(|e| e.key == BUFFERS_PER_CHANNEL) {
        if cx.read_option(entry).is_none() {
            continue;
        }
        let Ok(buffers) = entry.value.to_int() else {
            continue;
        };
        if buffers >= 2 {
            continue;
        }
        let version = cx.version();
        let refused = (buffers < 0 && version >= FlinkVersion::V1_17)
            || (buffers <= 0 && version < FlinkVersion::V1_14);
        let consequence = if refused {
            format!("Flink {version} refuses the value when the TaskManager starts")
        } else {
            "each remote channel gets fewer than the 2 exclusive buffers credit-based flow control \
             needs to keep data moving while the receiver processes a buffer, so throughput drops \
             and backpressure rises"
                .to_owned()
        };
        out.push(
            Finding::new(
                &META,
                Context::value_span(entry),
                format!("`{BUFFERS_PER_CHANNEL}` is {buffers}: {consequence}"),
            )
            .primary("below 2")
            .help(
                "delete it to get the default 2; to save network memory, lower parallelism or \
                 slots per TaskManager instead",
            )
            .key(BUFFERS_PER_CHANNEL),
        );
    }
}
