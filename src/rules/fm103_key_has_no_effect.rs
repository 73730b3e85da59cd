//! FM103 `key-has-no-effect`: a key that the target Flink version ignores, although other
//! versions read it (removed, not yet added, or overruled by newer settings).

use super::key_history::{HARD_CODED_IN_2X, describe, versions_knowing};
use super::{Category, RuleMeta};
use crate::catalog::KeyKind;
use crate::config::Entry;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM103",
    name: "key-has-no-effect",
    category: Category::Keys,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM103.md"),
};

/// The network keys whose presence makes Flink 1.x ignore `taskmanager.network.numberOfBuffers`
/// (`TaskExecutorFlinkMemoryUtils`, legacy network path), new and deprecated spellings.
const NETWORK_SIZE_KEYS: &[&str] = &[
    "taskmanager.memory.network.min",
    "taskmanager.memory.network.max",
    "taskmanager.memory.network.fraction",
    "taskmanager.network.memory.min",
    "taskmanager.network.memory.max",
    "taskmanager.network.memory.fraction",
];

const LEGACY_BUFFERS: &str = "taskmanager.network.numberOfBuffers";

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries() {
        if cx.is_indented_legacy_entry(entry) {
            continue;
        }
        if let Some(finding) = other_version(cx, entry).or_else(|| overruled(cx, entry)) {
            out.push(finding.key(&entry.key));
        }
    }
}

/// A key of other versions only.
fn other_version(cx: &Context<'_>, entry: &Entry) -> Option<Finding> {
    if !matches!(cx.catalog().classify(&entry.key), KeyKind::Unknown) {
        return None;
    }
    let versions = versions_knowing(&entry.key);
    let (first, last) = (versions.first()?, versions.last()?);
    let version = cx.version();
    let when = if version > *last {
        format!("removed: Flink reads it only in {}", describe(&versions))
    } else if version < *first {
        format!("new in Flink {first}: older versions do not read it")
    } else {
        format!("Flink reads it only in {}", describe(&versions))
    };
    let hard_coded = HARD_CODED_IN_2X
        .iter()
        .find(|(key, _)| *key == entry.key)
        .filter(|_| version.is_2x());
    let (consequence, help) = match hard_coded {
        Some((_, value)) => (
            format!("; Flink {version} always uses {value}"),
            "delete it: this setting is no longer configurable".to_owned(),
        ),
        None => (
            String::new(),
            format!("delete it, or check that Flink {version} is the version this file is for"),
        ),
    };
    Some(
        Finding::new(
            &META,
            Context::key_span(entry),
            format!(
                "`{}` has no effect in Flink {version} ({when}){consequence}",
                entry.key
            ),
        )
        .primary("ignored")
        .help(help),
    )
}

/// `taskmanager.network.numberOfBuffers` while a network size option is set (Flink 1.x uses the
/// legacy buffer count only when none is).
fn overruled(cx: &Context<'_>, entry: &Entry) -> Option<Finding> {
    if entry.key != LEGACY_BUFFERS || !cx.config.is_winner(entry) {
        return None;
    }
    let sizing = cx
        .entries()
        .iter()
        .find(|e| NETWORK_SIZE_KEYS.contains(&e.key.as_str()))?;
    Some(
        Finding::new(
            &META,
            Context::key_span(entry),
            format!(
                "`{LEGACY_BUFFERS}` has no effect: `{}` is set, and Flink then sizes the network \
                 memory from min, max and fraction",
                sizing.key
            ),
        )
        .primary("ignored")
        .label(Context::key_span(sizing), "this decides the network size")
        .help(
            "delete it; size the network memory with taskmanager.memory.network.min/max/fraction",
        ),
    )
}
