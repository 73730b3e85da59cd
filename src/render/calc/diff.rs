//! What-if: two calculations side by side (`flinkmem calc A --diff B`, `--diff-set`,
//! `--diff-flink-version`): every component before and after, the change, and the change in
//! network buffers, in text, JSON and markdown.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use super::explanation::{explain, flink_message, flink_message_lines};
use super::json::{JsonCalcReport, report};
use super::markdown::{cell, short_size};
use super::provenance::Context;
use super::text::title;
use super::tree::{
    JOB_MANAGER_HEADER, TASK_MANAGER_HEADER, TreeRow, jobmanager_rows, taskmanager_rows,
};
use crate::calc::Process;
use crate::sizing::{Calculation, Rejection};
use crate::units::MemorySize;

/// One component before and after.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonComponentChange {
    /// The component's stable name (as in the calc report).
    pub name: String,
    /// Flink's label in its log tree.
    pub label: String,
    pub before: u64,
    pub after: u64,
    /// `after - before` in bytes (saturated to the 64-bit range).
    pub delta: i64,
}

/// A count before and after (null where a side has none).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonCountChange {
    pub before: Option<u64>,
    pub after: Option<u64>,
    /// `after - before`, when both exist.
    pub delta: Option<i64>,
}

/// One process's changes; present only when both sides derive.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonProcessChange {
    /// Every row of Flink's log tree, in its order.
    pub components: Vec<JsonComponentChange>,
    /// `TaskManager` only: the network buffer count.
    pub network_buffers: Option<JsonCountChange>,
    pub jvm_params_changed: bool,
    pub dynamic_configs_changed: bool,
}

/// The machine-readable result of `flinkmem calc --diff … --format json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "flinkmem calc diff report")]
pub struct JsonDiffReport {
    pub before: JsonCalcReport,
    pub after: JsonCalcReport,
    /// Null when Flink rejects either side.
    pub taskmanager: Option<JsonProcessChange>,
    /// Null when Flink rejects either side.
    pub jobmanager: Option<JsonProcessChange>,
}

fn delta(before: u64, after: u64) -> i64 {
    let difference = i128::from(after) - i128::from(before);
    i64::try_from(difference).unwrap_or(if difference < 0 { i64::MIN } else { i64::MAX })
}

/// `=`, or the signed change as `+498.000mb (522190848 bytes)`.
fn change_text(before: u64, after: u64) -> String {
    match after.cmp(&before) {
        std::cmp::Ordering::Equal => "=".to_owned(),
        std::cmp::Ordering::Greater => format!(
            "+{}",
            MemorySize::from_bytes(after - before).to_human_readable()
        ),
        std::cmp::Ordering::Less => format!(
            "-{}",
            MemorySize::from_bytes(before - after).to_human_readable()
        ),
    }
}

fn count_change(before: Option<u64>, after: Option<u64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) if a == b => "=".to_owned(),
        (Some(b), Some(a)) => format!("{:+}", delta(b, a)),
        _ => "n/a".to_owned(),
    }
}

/// Both sides' trees of one process, when both derive.
struct Sides {
    before: Vec<TreeRow>,
    after: Vec<TreeRow>,
    buffers: Option<(Option<u64>, Option<u64>)>,
    jvm_params: (String, String),
    dynamic_configs: (String, String),
}

fn sides(before: &Calculation, after: &Calculation, process: Process) -> Result<Sides, ()> {
    match process {
        Process::TaskManager => match (&before.taskmanager, &after.taskmanager) {
            (Ok(b), Ok(a)) => Ok(Sides {
                before: taskmanager_rows(b),
                after: taskmanager_rows(a),
                buffers: Some((
                    b.segments.as_ref().map(|s| s.network_buffers),
                    a.segments.as_ref().map(|s| s.network_buffers),
                )),
                jvm_params: (b.jvm_params(), a.jvm_params()),
                dynamic_configs: (b.dynamic_configs(), a.dynamic_configs()),
            }),
            _ => Err(()),
        },
        Process::JobManager => match (&before.jobmanager, &after.jobmanager) {
            (Ok(b), Ok(a)) => Ok(Sides {
                before: jobmanager_rows(b),
                after: jobmanager_rows(a),
                buffers: None,
                jvm_params: (b.jvm_params(), a.jvm_params()),
                dynamic_configs: (b.dynamic_configs(), a.dynamic_configs()),
            }),
            _ => Err(()),
        },
    }
}

fn rejection_of(calculation: &Calculation, process: Process) -> Option<&Rejection> {
    match process {
        Process::TaskManager => calculation.taskmanager.as_ref().err(),
        Process::JobManager => calculation.jobmanager.as_ref().err(),
    }
}

fn pairs(sides: &Sides) -> impl Iterator<Item = (&TreeRow, &TreeRow)> {
    sides.before.iter().zip(&sides.after)
}

/// The JSON diff.
pub fn json(before: &Calculation, after: &Calculation) -> JsonDiffReport {
    let change = |process| {
        sides(before, after, process)
            .ok()
            .map(|s| JsonProcessChange {
                components: pairs(&s)
                    .map(|(b, a)| JsonComponentChange {
                        name: b.name.to_owned(),
                        label: b.label().to_owned(),
                        before: b.component.bytes.bytes(),
                        after: a.component.bytes.bytes(),
                        delta: delta(b.component.bytes.bytes(), a.component.bytes.bytes()),
                    })
                    .collect(),
                network_buffers: s.buffers.map(|(b, a)| JsonCountChange {
                    before: b,
                    after: a,
                    delta: b.zip(a).map(|(b, a)| delta(b, a)),
                }),
                jvm_params_changed: s.jvm_params.0 != s.jvm_params.1,
                dynamic_configs_changed: s.dynamic_configs.0 != s.dynamic_configs.1,
            })
    };
    JsonDiffReport {
        before: report(before),
        after: report(after),
        taskmanager: change(Process::TaskManager),
        jobmanager: change(Process::JobManager),
    }
}

fn text_side_rejections(
    out: &mut String,
    before: &Calculation,
    after: &Calculation,
    process: Process,
) {
    for (side, calculation) in [("before", before), ("after", after)] {
        match rejection_of(calculation, process) {
            Some(rejection) => {
                let _ = writeln!(
                    out,
                    "  {side}: Flink {} rejects it",
                    calculation.config.version()
                );
                for line in flink_message_lines(&rejection.error) {
                    let _ = writeln!(out, "    {line}");
                }
                for line in explain(rejection, &Context::of(calculation)) {
                    let _ = writeln!(out, "    {line}");
                }
            }
            None => {
                let _ = writeln!(out, "  {side}: derives");
            }
        }
    }
}

fn text_lines_changed(out: &mut String, what: &str, pair: &(String, String)) {
    if pair.0 == pair.1 {
        let _ = writeln!(out, "  {what}: unchanged");
    } else {
        let _ = writeln!(
            out,
            "  {what}:\n    before: {}\n    after:  {}",
            pair.0, pair.1
        );
    }
}

/// The text diff.
pub fn text(before: &Calculation, after: &Calculation) -> String {
    let mut out = format!("before: {}\nafter:  {}\n", title(before), title(after));
    for process in [Process::TaskManager, Process::JobManager] {
        out.push('\n');
        let header = match process {
            Process::TaskManager => TASK_MANAGER_HEADER,
            Process::JobManager => JOB_MANAGER_HEADER,
        };
        let Ok(sides) = sides(before, after, process) else {
            let _ = writeln!(out, "{process}: not compared");
            text_side_rejections(&mut out, before, after, process);
            continue;
        };
        let mut rows: Vec<[String; 4]> = pairs(&sides)
            .map(|(b, a)| {
                [
                    b.prefix.to_owned(),
                    b.component.bytes.to_human_readable(),
                    a.component.bytes.to_human_readable(),
                    change_text(b.component.bytes.bytes(), a.component.bytes.bytes()),
                ]
            })
            .collect();
        if let Some((b, a)) = sides.buffers {
            let show = |n: Option<u64>| n.map_or_else(|| "n/a".to_owned(), |n| n.to_string());
            rows.push([
                "  Network buffers:".to_owned(),
                show(b),
                show(a),
                count_change(b, a),
            ]);
        }
        let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
        let (w0, w1, w2) = (width(0), width(1).max(6), width(2).max(5));
        let _ = writeln!(out, "{header}");
        let _ = writeln!(out, "{:w0$}{:w1$}  {:w2$}  change", "", "before", "after");
        for r in &rows {
            let _ = writeln!(out, "{:w0$}{:w1$}  {:w2$}  {}", r[0], r[1], r[2], r[3]);
        }
        text_lines_changed(&mut out, "JVM parameters", &sides.jvm_params);
        text_lines_changed(&mut out, "Dynamic configs", &sides.dynamic_configs);
    }
    out
}

/// The markdown diff.
pub fn markdown(before: &Calculation, after: &Calculation) -> String {
    let mut out = format!(
        "## flinkmem calc --diff\n\n- before: {}\n- after: {}\n",
        cell(&title(before)),
        cell(&title(after))
    );
    for process in [Process::TaskManager, Process::JobManager] {
        let _ = writeln!(out, "\n### {process}\n");
        let Ok(sides) = sides(before, after, process) else {
            for (side, calculation) in [("before", before), ("after", after)] {
                if let Some(rejection) = rejection_of(calculation, process) {
                    let _ = writeln!(
                        out,
                        "**{side}: Flink {} rejects it:** `{}`\n",
                        calculation.config.version(),
                        flink_message(&rejection.error).join("; ").replace('`', "'")
                    );
                }
            }
            continue;
        };
        out.push_str("| Memory | Before | After | Change |\n|---|---:|---:|---:|\n");
        for (b, a) in pairs(&sides) {
            let (bh, ah) = (
                b.component.bytes.to_human_readable(),
                a.component.bytes.to_human_readable(),
            );
            let change = change_text(b.component.bytes.bytes(), a.component.bytes.bytes());
            let _ = writeln!(
                out,
                "| {}{} | {} | {} | {} |",
                "&nbsp;&nbsp;".repeat(b.depth()),
                b.title,
                short_size(&bh),
                short_size(&ah),
                short_size(&change)
            );
        }
        if let Some((b, a)) = sides.buffers {
            let show = |n: Option<u64>| n.map_or_else(|| "n/a".to_owned(), |n| n.to_string());
            let _ = writeln!(
                out,
                "| Network buffers | {} | {} | {} |",
                show(b),
                show(a),
                count_change(b, a)
            );
        }
        for (what, pair) in [
            ("JVM parameters", &sides.jvm_params),
            ("Dynamic configs", &sides.dynamic_configs),
        ] {
            if pair.0 == pair.1 {
                let _ = writeln!(out, "\n{what}: unchanged");
            } else {
                let _ = writeln!(out, "\n{what}:\n\n```diff\n- {}\n+ {}\n```", pair.0, pair.1);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_signed_and_saturate() {
        assert_eq!(change_text(5, 5), "=");
        assert_eq!(change_text(0, 1 << 20), "+1024.000kb (1048576 bytes)");
        assert_eq!(change_text(1 << 20, 0), "-1024.000kb (1048576 bytes)");
        assert_eq!(delta(0, u64::MAX), i64::MAX);
        assert_eq!(delta(u64::MAX, 0), i64::MIN);
        assert_eq!(count_change(Some(32_768), Some(48_332)), "+15564");
        assert_eq!(count_change(None, Some(1)), "n/a");
    }
}
