//! `flinkmem buffers` as text for a terminal and as markdown for step summaries and pull
//! requests: pool versus requirement, each exchange's share, the verdict, Flink's message, the
//! fix, the autoscaler's figure, and the sweep with its chart.

use std::fmt::Write as _;

use crate::network::advice::SweepPoint;
use crate::network::job::Mode;
use crate::network::report::BuffersReport;
use crate::units::memory_size::binary_units as size;

fn mode(report: &BuffersReport) -> String {
    match (report.mode, report.shuffle_mode) {
        (Mode::Streaming, _) => "streaming".to_owned(),
        (Mode::Batch, Some(s)) => format!(
            "batch, {}{}",
            s.name(),
            if report.dynamic_graph {
                ", adaptive batch scheduler"
            } else {
                ""
            }
        ),
        (Mode::Batch, None) => "batch".to_owned(),
    }
}

/// Runs of consecutive `TaskManager`s with the same requirement and stage.
fn tm_groups(report: &BuffersReport) -> Vec<(u32, u32, u64, usize)> {
    let mut groups: Vec<(u32, u32, u64, usize)> = Vec::new();
    for tm in &report.taskmanagers {
        match groups.last_mut() {
            Some(last) if last.2 == tm.required_buffers && last.3 == tm.stage => last.1 = tm.index,
            _ => groups.push((tm.index, tm.index, tm.required_buffers, tm.stage)),
        }
    }
    groups
}

fn tm_label(first: u32, last: u32) -> String {
    if first == last {
        format!("TM {first}")
    } else {
        format!("TM {first}-{last}")
    }
}

fn verdict(report: &BuffersReport) -> String {
    let need = format!(
        "the worst TaskManager (TM {}) needs {} buffers ({})",
        report.worst_taskmanager,
        report.required_buffers,
        size(report.required_bytes)
    );
    if report.fits {
        format!(
            "FITS: {need}; {} of its {} are left",
            report.headroom_buffers, report.available_buffers
        )
    } else {
        format!(
            "DOES NOT FIT: {need}, {} more than its {}",
            report.headroom_buffers.unsigned_abs(),
            report.available_buffers
        )
    }
}

/// The text report.
pub fn text(report: &BuffersReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Flink {}, {}: {} TaskManager(s) × {} slot(s){}",
        report.flink_version,
        mode(report),
        report.taskmanager_count,
        report.slots_per_taskmanager,
        report
            .job
            .as_ref()
            .map(|j| format!(", job {j}"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "Network pool per TaskManager: {} buffers of {} ({}){}",
        report.available_buffers,
        size(report.segment_size),
        size(report.available_buffers.saturating_mul(report.segment_size)),
        report.config.as_ref().map_or_else(
            || " [Flink's shipped default config]".to_owned(),
            |c| format!(" [{c}]")
        )
    );
    out.push('\n');
    let _ = writeln!(out, "Job vertices (after chaining)");
    for v in &report.job_vertices {
        let _ = writeln!(out, "  {} ({})", v.name, v.parallelism);
    }
    out.push('\n');
    if report.exchanges.is_empty() {
        let _ = writeln!(out, "No network exchanges: every operator is chained.");
    } else {
        let _ = writeln!(
            out,
            "Exchanges (n = subpartitions per producer, N = channels per consumer gate)"
        );
        let width = report
            .exchanges
            .iter()
            .map(|e| e.from.len() + e.to.len() + e.ship.name().len() + 7)
            .max()
            .unwrap_or(10)
            .max(8);
        let _ = writeln!(
            out,
            "  {:<width$}  {:<17}  {:>6}  {:>6}  {:>9}  {:>14}  {:>9}",
            "exchange",
            "partition type",
            "n",
            "N",
            "part. min",
            "gate required",
            format!("on TM {}", report.worst_taskmanager)
        );
        for e in &report.exchanges {
            let gate = if e.gate.exclusive_per_channel == 0 {
                format!("{}", e.gate.floating_min)
            } else {
                format!(
                    "{} + {}/remote",
                    e.gate.floating_min, e.gate.exclusive_per_channel
                )
            };
            let part = if e.shares_partition_of.is_some() {
                "shared".to_owned()
            } else if e.partition.sort_shuffle {
                format!("{} sort", e.partition.min)
            } else {
                e.partition.min.to_string()
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {:<17}  {:>6}  {:>6}  {:>9}  {:>14}  {:>9}",
                format!("{} => {} ({})", e.from, e.to, e.ship.name()),
                e.partition_type.name(),
                e.subpartitions,
                e.channels,
                part,
                gate,
                e.worst_tm_buffers
            );
        }
    }
    if report.stages.len() > 1 {
        out.push('\n');
        let _ = writeln!(out, "Stages (tasks holding buffers at the same time)");
        for s in &report.stages {
            let _ = writeln!(
                out,
                "  stage {}: {:>7} buffers on the fullest TaskManager  [{}]",
                s.index + 1,
                s.required_buffers,
                s.vertices.join(", ")
            );
        }
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "TaskManagers (required of {})",
        report.available_buffers
    );
    for (first, last, required, stage) in tm_groups(report) {
        let mark = if required > report.available_buffers {
            "  SHORT"
        } else {
            ""
        };
        let stage = if report.stages.len() > 1 {
            format!("  (stage {})", stage + 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<12} {:>8}{stage}{mark}",
            tm_label(first, last),
            required
        );
    }
    out.push('\n');
    let _ = writeln!(out, "{}", verdict(report));
    if let Some(failure) = &report.failure {
        let stage = if report.stages.len() > 1 {
            format!(" in stage {}", failure.stage + 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\nFlink would fail{stage} on TM {}, at {}:\n  {}",
            failure.taskmanager, failure.request, failure.message
        );
    }
    if let Some(fix) = &report.fix {
        let _ = writeln!(
            out,
            "\nFix ({} buffers = the requirement + {}% headroom):",
            fix.buffers, fix.headroom_percent
        );
        for (key, value) in &fix.set {
            let _ = writeln!(out, "  {key}: {value}");
        }
        match (&fix.set_budget, &fix.set_rejected) {
            (Some(b), _) => {
                let _ = writeln!(
                    out,
                    "  -> {} buffers; task heap {}, managed {}",
                    b.buffers,
                    size(b.task_heap_bytes),
                    size(b.managed_bytes)
                );
            }
            (None, Some(message)) => {
                let _ = writeln!(
                    out,
                    "  -> Flink rejects this with the current sizes: {message}"
                );
            }
            (None, None) => {}
        }
        if let Some(process) = &fix.process_size {
            let _ = writeln!(
                out,
                "  or, keeping the network options: taskmanager.memory.process.size: {process}"
            );
        }
    }
    if let Some(p) = report.max_parallelism {
        let _ = writeln!(
            out,
            "\nLargest parallelism this configuration runs (every vertex, TaskManagers added as needed): {p}"
        );
    } else if report.job.is_none() && report.sweep.is_none() {
        let _ = writeln!(out, "\nEven parallelism 1 does not fit this pool.");
    }
    let a = &report.autoscaler;
    let _ = writeln!(
        out,
        "\nKubernetes operator autoscaler, for comparison: {} buffers per slot × {} slots = {} \
         buffers ({}); it counts pool maxima with every channel remote",
        a.buffers_per_slot, report.slots_per_taskmanager, a.buffers, a.network_size
    );
    if let Some(points) = &report.sweep {
        out.push('\n');
        out.push_str(&sweep_text(points));
        if let Some(p) = report.max_parallelism
            && points.iter().any(|q| q.parallelism > p)
        {
            let _ = writeln!(out, "\nIt fails from parallelism {} on.", p + 1);
        }
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "\nwarning: {warning}");
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// The sweep as a table with a bar per row: `#` up to the requirement, `|` at the pool size.
pub fn sweep_text(points: &[SweepPoint]) -> String {
    const BAR: usize = 40;
    let mut out = String::new();
    let scale = points
        .iter()
        .map(|p| p.required_buffers.max(p.available_buffers))
        .max()
        .unwrap_or(1)
        .max(1);
    let _ = writeln!(
        out,
        "{:>11}  {:>4}  {:>9}  {:>9}  requirement (#) vs pool (|)",
        "parallelism", "TMs", "required", "available"
    );
    let mut failed = false;
    for p in points {
        let filled = usize::try_from(p.required_buffers.saturating_mul(BAR as u64) / scale)
            .unwrap_or(BAR)
            .min(BAR);
        let limit = usize::try_from(p.available_buffers.saturating_mul(BAR as u64) / scale)
            .unwrap_or(BAR)
            .min(BAR - 1);
        let bar: String = (0..BAR)
            .map(|i| {
                if i == limit {
                    '|'
                } else if i < filled {
                    '#'
                } else {
                    ' '
                }
            })
            .collect();
        let mark = if !p.fits && !failed {
            failed = true;
            "  <- fails from here"
        } else {
            ""
        };
        let line = format!(
            "{:>11}  {:>4}  {:>9}  {:>9}  {bar}{mark}",
            p.parallelism, p.taskmanagers, p.required_buffers, p.available_buffers
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The markdown report.
pub fn markdown(report: &BuffersReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Network buffers: {}\n",
        if report.fits { "fits" } else { "does not fit" }
    );
    let _ = writeln!(
        out,
        "Flink {}, {}, {} TaskManager(s) × {} slot(s); {} buffers of {} per TaskManager.\n",
        report.flink_version,
        mode(report),
        report.taskmanager_count,
        report.slots_per_taskmanager,
        report.available_buffers,
        size(report.segment_size)
    );
    let _ = writeln!(out, "{}\n", verdict(report));
    if !report.exchanges.is_empty() {
        let _ = writeln!(
            out,
            "| exchange | partition type | n | N | partition min | on TM {} |",
            report.worst_taskmanager
        );
        let _ = writeln!(out, "|---|---|--:|--:|--:|--:|");
        for e in &report.exchanges {
            let _ = writeln!(
                out,
                "| {} → {} ({}) | {} | {} | {} | {} | {} |",
                e.from,
                e.to,
                e.ship.name(),
                e.partition_type.name(),
                e.subpartitions,
                e.channels,
                e.partition.min,
                e.worst_tm_buffers
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "| TaskManagers | required | available |");
    let _ = writeln!(out, "|---|--:|--:|");
    for (first, last, required, _) in tm_groups(report) {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            tm_label(first, last),
            required,
            report.available_buffers
        );
    }
    out.push('\n');
    if let Some(message) = &report.flink_message {
        let _ = writeln!(out, "Flink would throw:\n\n```\n{message}\n```\n");
    }
    if let Some(fix) = &report.fix {
        let _ = writeln!(
            out,
            "Fix ({} buffers, {}% headroom):\n\n```yaml",
            fix.buffers, fix.headroom_percent
        );
        for (key, value) in &fix.set {
            let _ = writeln!(out, "{key}: {value}");
        }
        let _ = writeln!(out, "```\n");
        if let Some(process) = &fix.process_size {
            let _ = writeln!(
                out,
                "or `taskmanager.memory.process.size: {process}` with the network options unchanged.\n"
            );
        }
    }
    if let Some(p) = report.max_parallelism {
        let _ = writeln!(
            out,
            "Largest parallelism this configuration runs: **{p}**.\n"
        );
    }
    let _ = writeln!(
        out,
        "Kubernetes operator autoscaler, for comparison: {} buffers ({}).",
        report.autoscaler.buffers, report.autoscaler.network_size
    );
    if let Some(points) = &report.sweep {
        let _ = writeln!(out, "\n| parallelism | TMs | required | available | fits |");
        let _ = writeln!(out, "|--:|--:|--:|--:|---|");
        for p in points {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                p.parallelism,
                p.taskmanagers,
                p.required_buffers,
                p.available_buffers,
                if p.fits { "yes" } else { "**no**" }
            );
        }
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "\n> **Warning**: {warning}");
    }
    out
}
