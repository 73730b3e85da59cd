//! FM404 `insufficient-network-buffers`: the job described for this cluster needs more network
//! buffers on some `TaskManager` than its pool holds; Flink would fail the deployment.

use super::fix_support;
use crate::rule_contract::Fix;
use std::fmt::Write as _;

use super::budget_support::{option_key, process_size_key};
use super::{Category, RuleMeta};
use crate::calc::Process;
use crate::config::Span;
use crate::network::{self, advice};
use crate::rule_contract::{Context, Finding, Severity};
use crate::units::memory_size::binary_units as size;

pub static META: RuleMeta = RuleMeta {
    code: "FM404",
    name: "insufficient-network-buffers",
    category: Category::Network,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM404.md"),
};

/// The keys that size the pool or the requirement, labelled when the file sets them.
const INVOLVED: [&str; 6] = [
    "taskmanager.memory.network.fraction",
    "taskmanager.memory.network.min",
    "taskmanager.memory.network.max",
    "taskmanager.memory.segment-size",
    "taskmanager.numberOfTaskSlots",
    "taskmanager.memory.process.size",
];

pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(job) = &cx.job else {
        return;
    };
    let Ok(budget) = cx.taskmanager() else {
        return;
    };
    let Ok(analysis) = network::analyze_budget(cx.config, budget, job) else {
        return;
    };
    if analysis.fits {
        return;
    }
    let deciding = option_key(&budget.network).and_then(|k| cx.option_key_span(k).map(|s| (k, s)));
    let primary = deciding
        .map(|(_, span)| span)
        .or_else(|| cx.option_key_span(process_size_key(Process::TaskManager)))
        .unwrap_or(Span::new(0, 0));
    let segment = analysis.pool.segment_size;
    let mut finding = Finding::new(
        &META,
        primary,
        format!(
            "the job ({} TaskManager(s) × {} slot(s), {}) needs {} network \
             buffers ({}) on TaskManager {}, but each TaskManager has {} ({}): {} short",
            analysis.taskmanagers,
            analysis.slots,
            describe(&analysis),
            analysis.required_buffers,
            size(analysis.required_buffers.saturating_mul(segment)),
            analysis.tms[analysis.worst].index,
            analysis.pool.buffers,
            size(analysis.pool.buffers.saturating_mul(segment)),
            analysis.headroom().unsigned_abs()
        ),
    )
    .primary(match deciding {
        Some((key, _)) => format!("`{key}` decides the network size"),
        None => "the network size follows from this".to_owned(),
    });
    for key in INVOLVED {
        if let Some(span) = cx.option_key_span(key)
            && Some(span) != Some(primary)
        {
            finding = finding.label(span, "involved");
        }
    }
    let fix = advice::fix(cx.config, &analysis, 10);
    let mut help = format!(
        "set `taskmanager.memory.network.min` and `taskmanager.memory.network.max` to {} \
         ({} buffers, 10% above the requirement)",
        fix.network_size, fix.buffers
    );
    if let Some(process) = &fix.process_size {
        let _ = write!(help, ", or `taskmanager.memory.process.size` to {process}");
    }
    if let Some(failure) = &analysis.failure {
        let _ = write!(
            help,
            "; otherwise Flink fails with \"Insufficient number of network buffers: required {}, \
             but only {} available\"",
            failure.required, failure.available
        );
    }
    help.push_str("; `flinkmem buffers` shows each exchange's share");
    let size = fix.network_size.clone();
    let pairs: Vec<(&str, String)> = fix
        .set
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let edits = fix_support::set_keys(cx, &pairs);
    out.push(
        finding
            .help(help)
            .key("taskmanager.memory.network.min")
            .fix_opt(edits.map(|edits| {
                Fix::unsafe_(format!("set the network min and max to {size}"), edits)
            })),
    );
}

fn describe(analysis: &network::Analysis) -> String {
    let exchanges = analysis.graph.edges.len();
    let widest = analysis
        .graph
        .vertices
        .iter()
        .map(|v| v.parallelism)
        .max()
        .unwrap_or(0);
    format!(
        "{} exchange{} at parallelism {widest}, {}",
        exchanges,
        if exchanges == 1 { "" } else { "s" },
        match analysis.mode {
            network::job::Mode::Streaming => "streaming",
            network::job::Mode::Batch => "batch",
        }
    )
}
