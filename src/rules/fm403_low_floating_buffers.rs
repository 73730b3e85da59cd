//! FM403 `low-floating-buffers`: fewer than 8 floating network buffers per input gate.

use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};
use crate::version::FlinkVersion;

pub static META: RuleMeta = RuleMeta {
    code: "FM403",
    name: "low-floating-buffers",
    category: Category::Network,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM403.md"),
};

const FLOATING: &str = "taskmanager.network.memory.floating-buffers-per-gate";

/// Flink 1.x only (2.x fixes the value at 8; a setting there is FM103's). From 1.17
/// `NettyShuffleEnvironmentConfiguration` refuses a value below 1 when a `TaskManager` starts.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries().iter().filter(|e| e.key == FLOATING) {
        if cx.read_option(entry).is_none() {
            continue;
        }
        let Ok(buffers) = entry.value.to_int() else {
            continue;
        };
        if buffers >= 8 {
            continue;
        }
        let version = cx.version();
        let consequence = if buffers < 1 && version >= FlinkVersion::V1_17 {
            format!("Flink {version} refuses it when the TaskManager starts (at least 1)")
        } else if buffers < 1 {
            "input gates get no floating buffers, so a skewed or bursty channel cannot borrow any \
             beyond its exclusive ones"
                .to_owned()
        } else {
            "input gates have few floating buffers for skewed or bursty channels, so throughput \
             drops under backpressure"
                .to_owned()
        };
        out.push(
            Finding::new(
                &META,
                Context::value_span(entry),
                format!("`{FLOATING}` is {buffers}, below the default 8: {consequence}"),
            )
            .primary("below 8")
            .help("delete it to get the default 8")
            .key(FLOATING),
        );
    }
}
