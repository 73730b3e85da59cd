//! `flinkmem fit`: the process size to set, the entries to remove (in the style of the
//! Kubernetes operator's autoscaler: lines to set, then lines to remove), the check of every
//! target at that size and one MiB below, and the budget; or why no size works.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use super::json::{
    JsonTaskManagerResult, rejected as json_rejected, taskmanager as json_taskmanager,
};
use super::markdown::{cell, table};
use super::provenance::{Context, describe};
use super::text::{TextOptions, taskmanager_section, title};
use super::tree::taskmanager_rows;
use crate::calc::{Provenance, TaskManagerBudget};
use crate::sizing::candidate::size_text;
use crate::sizing::fit::PROCESS_SIZE;
use crate::sizing::search::LIMIT_MEBIBYTES;
use crate::sizing::{BlockReason, Blocker, Calculation, FitOutcome, Sized, Target};
use crate::units::MemorySize;

/// What `fit` was asked and found, ready to print.
#[derive(Debug)]
pub struct FitView<'a> {
    /// The configuration as given (for the title).
    pub base: &'a Calculation,
    pub targets: &'a [Target],
    /// Keys the fit removes.
    pub removed: &'a [String],
    pub kind: FitKind<'a>,
}

/// Whether a size was searched for or given.
#[derive(Debug)]
pub enum FitKind<'a> {
    /// `--container SIZE`: the budget of that size.
    Container { calculation: &'a Calculation },
    /// The search result.
    Search {
        outcome: &'a FitOutcome,
        /// The calculation at the size found.
        at: Option<&'a Calculation>,
    },
}

/// A target as text: `network memory ≥ 1024.000mb (1073741824 bytes)`.
pub fn target_text(target: Target) -> String {
    let wanted = if target.is_count() {
        target.wanted().to_string()
    } else {
        MemorySize::from_bytes(target.wanted()).to_human_readable()
    };
    format!("{} ≥ {wanted}", target.name())
}

fn achieved_text(target: Target, budget: &TaskManagerBudget) -> String {
    let mark = if target.is_met(budget) {
        "met"
    } else {
        "missed"
    };
    match target.achieved(budget) {
        Some(n) if target.is_count() => format!("{n} ({mark})"),
        Some(n) => format!("{} ({mark})", MemorySize::from_bytes(n).to_human_readable()),
        None => "none (missed)".to_owned(),
    }
}

fn probe_text(target: Target, sized: &Sized) -> String {
    match &sized.budget {
        Ok(budget) => achieved_text(target, budget),
        Err(_) => "rejected by Flink".to_owned(),
    }
}

/// The blocker of a target, in words.
pub fn blocker_text(blocker: &Blocker, context: &Context<'_>) -> String {
    let target = blocker.target;
    let what = target_text(target);
    let wanted = size_text(MemorySize::from_bytes(target.wanted()));
    match &blocker.reason {
        BlockReason::Fixed(Provenance::Legacy { key, origin, span }) => format!(
            "{what}: fixed by the legacy key {key} ({}); remove it so the process size decides",
            context.written(origin, *span)
        ),
        BlockReason::Fixed(Provenance::Configured {
            key, origin, span, ..
        }) => format!(
            "{what}: {key} sets it directly ({}) and the process size does not change it; raise {key} instead (to at least {wanted})",
            context.written(origin, *span)
        ),
        BlockReason::Fixed(provenance) => format!(
            "{what}: fixed ({}); the process size does not change it",
            describe(provenance, context)
        ),
        BlockReason::Capped { key, max } => format!(
            "{what}: capped by {key} at {}; raise {key} (to at least {wanted} for this target)",
            max.to_human_readable()
        ),
        BlockReason::NotDriven => format!(
            "{what}: taskmanager.memory.task.heap.size and taskmanager.memory.managed.size are both set, so Flink derives the budget from them and not from the process size; remove one of them"
        ),
        BlockReason::NoSegments => format!(
            "{what}: the segment size is unusable, so the TaskManager has no network buffers; fix taskmanager.memory.segment-size"
        ),
        BlockReason::Rejected(error) => {
            format!(
                "{what}: Flink rejects the configuration at every size: {}",
                super::explanation::flink_message(error).join("; ")
            )
        }
        BlockReason::TooLarge => format!("{what}: not reached below 16 TiB"),
    }
}

/// The override labels of a fit configuration: the user's `--set`s it kept, then `label`.
pub fn labels(base: &Calculation, removed: &[String], label: &str) -> Vec<String> {
    let mut labels: Vec<String> = crate::sizing::candidate::overrides_of(&base.config)
        .iter()
        .zip(&base.override_labels)
        .filter(|((key, _), _)| !removed.contains(key))
        .map(|(_, label)| label.clone())
        .collect();
    labels.push(label.to_owned());
    labels
}

fn settings(view: &FitView<'_>) -> Option<String> {
    let size = match &view.kind {
        FitKind::Container { calculation } => calculation
            .config
            .resolve(PROCESS_SIZE)
            .map(|r| r.entry.value.text.clone()),
        FitKind::Search {
            outcome: FitOutcome::Found { at, .. },
            ..
        } => Some(size_text(at.process_size)),
        FitKind::Search { .. } => None,
    };
    // A FlinkDeployment sets the process size through its spec: answer in those terms.
    let from_manifest = view
        .base
        .config
        .file()
        .and_then(|f| f.manifest.as_deref())
        .and_then(|m| m.deployment.as_ref())
        .is_some();
    if from_manifest {
        return size.map(|s| format!("spec.taskManager.resource.memory: {}", s.replace(' ', "")));
    }
    size.map(|s| format!("{PROCESS_SIZE}: {s}"))
}

/// The text form.
pub fn text(view: &FitView<'_>, options: TextOptions) -> String {
    let mut out = format!("{}\n", title(view.base));
    match &view.kind {
        FitKind::Container { .. } => {
            let _ = writeln!(
                out,
                "Budget of a container of that size (taskmanager.memory.process.size = the container size)"
            );
        }
        FitKind::Search { .. } => {
            let wanted: Vec<String> = view.targets.iter().map(|t| target_text(*t)).collect();
            let _ = writeln!(
                out,
                "Smallest taskmanager.memory.process.size (whole MiB) for: {}",
                wanted.join(", ")
            );
        }
    }
    if let Some(line) = settings(view) {
        let _ = writeln!(out, "\nSet:\n  {line}");
        if !view.removed.is_empty() {
            let _ = writeln!(out, "Remove these entries if present:");
            for key in view.removed {
                let _ = writeln!(out, "  {key}");
            }
        }
    }
    match &view.kind {
        FitKind::Search {
            outcome: FitOutcome::Found { at, below },
            at: calculation,
        } => {
            let _ = writeln!(out, "\nChecked with Flink's calculation:");
            let mut rows = vec![[
                "target".to_owned(),
                format!("at {}", size_text(at.process_size)),
                below
                    .as_ref()
                    .map(|b| format!("at {}", size_text(b.process_size)))
                    .unwrap_or_default(),
            ]];
            for target in view.targets {
                rows.push([
                    target_text(*target),
                    probe_text(*target, at),
                    below
                        .as_ref()
                        .map(|b| probe_text(*target, b))
                        .unwrap_or_default(),
                ]);
            }
            let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
            let (w0, w1) = (width(0), width(1));
            for r in &rows {
                let line = format!("  {:w0$}  {:w1$}  {}", r[0], r[1], r[2]);
                let _ = writeln!(out, "{}", line.trim_end());
            }
            if let Some(calculation) = calculation {
                out.push('\n');
                taskmanager_section(&mut out, calculation, options);
            }
        }
        FitKind::Search {
            outcome: FitOutcome::Unreachable { blockers, largest },
            ..
        } => {
            let _ = writeln!(
                out,
                "\nNo taskmanager.memory.process.size up to 16 TiB meets every target:"
            );
            let context = Context::of(view.base);
            for blocker in blockers {
                let _ = writeln!(out, "  {}", blocker_text(blocker, &context));
            }
            if let Some(largest) = largest
                && largest.process_size.mebibytes() < LIMIT_MEBIBYTES
            {
                let _ = writeln!(
                    out,
                    "(Flink accepts sizes up to {} only)",
                    size_text(largest.process_size)
                );
            }
        }
        FitKind::Container { calculation } => {
            if !view.targets.is_empty()
                && let Ok(budget) = &calculation.taskmanager
            {
                let _ = writeln!(out, "\nTargets:");
                for target in view.targets {
                    let _ = writeln!(
                        out,
                        "  {}: {}",
                        target_text(*target),
                        achieved_text(*target, budget)
                    );
                }
            }
            out.push('\n');
            taskmanager_section(&mut out, calculation, options);
        }
    }
    out
}

/// A fit target in JSON.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonTarget {
    /// The flag that set it, e.g. `--network`.
    pub flag: String,
    /// Bytes, or buffers for `--buffers`.
    pub wanted: u64,
}

/// One target checked at the size and one MiB below.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonCheck {
    pub flag: String,
    pub wanted: u64,
    /// What the budget has; null when Flink rejects the size or there are no buffers.
    pub achieved: Option<u64>,
    pub met: bool,
    /// What one MiB less gives (search only).
    pub one_mib_less: Option<u64>,
    pub met_one_mib_less: Option<bool>,
}

/// A target no size reaches.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonBlocker {
    pub flag: String,
    /// The option that blocks it, when one does.
    pub key: Option<String>,
    pub reason: String,
}

/// A key to set.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonSetting {
    pub key: String,
    pub value: String,
}

/// The machine-readable result of `flinkmem fit --format json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "flinkmem fit report")]
pub struct JsonFitReport {
    pub flink_version: String,
    pub file: Option<String>,
    pub shipped_default: bool,
    pub targets: Vec<JsonTarget>,
    /// `found`, `unreachable` or `container`.
    pub outcome: String,
    /// The process size found or given, in bytes.
    pub process_size: Option<u64>,
    /// Lines to set.
    pub set: Vec<JsonSetting>,
    /// Entries to remove if present.
    pub remove: Vec<String>,
    pub checks: Vec<JsonCheck>,
    pub blockers: Vec<JsonBlocker>,
    /// The `TaskManager` budget at the process size (null when unreachable).
    pub taskmanager: Option<JsonTaskManagerResult>,
}

fn check(target: Target, at: Option<&TaskManagerBudget>, below: Option<&Sized>) -> JsonCheck {
    let below_budget = below.and_then(|b| b.budget.as_ref().ok());
    JsonCheck {
        flag: target.flag().to_owned(),
        wanted: target.wanted(),
        achieved: at.and_then(|b| target.achieved(b)),
        met: at.is_some_and(|b| target.is_met(b)),
        one_mib_less: below_budget.and_then(|b| target.achieved(b)),
        met_one_mib_less: below.map(|b| b.meets(&[target])),
    }
}

fn taskmanager_json(calculation: &Calculation) -> JsonTaskManagerResult {
    let context = Context::of(calculation);
    match &calculation.taskmanager {
        Ok(budget) => JsonTaskManagerResult::Budget(Box::new(json_taskmanager(budget, &context))),
        Err(rejection) => JsonTaskManagerResult::Rejected(json_rejected(rejection, &context)),
    }
}

/// The JSON form.
pub fn json(view: &FitView<'_>) -> JsonFitReport {
    let base = super::json::report(view.base);
    let outcome = match &view.kind {
        FitKind::Container { .. } => "container",
        FitKind::Search {
            outcome: FitOutcome::Found { .. },
            ..
        } => "found",
        FitKind::Search { .. } => "unreachable",
    };
    let mut report = JsonFitReport {
        flink_version: base.flink_version,
        file: base.file,
        shipped_default: base.shipped_default,
        targets: view
            .targets
            .iter()
            .map(|t| JsonTarget {
                flag: t.flag().to_owned(),
                wanted: t.wanted(),
            })
            .collect(),
        outcome: outcome.to_owned(),
        process_size: None,
        set: Vec::new(),
        remove: view.removed.to_vec(),
        checks: Vec::new(),
        blockers: Vec::new(),
        taskmanager: None,
    };
    if let Some(line) = settings(view)
        && let Some((key, value)) = line.split_once(": ")
    {
        report.set.push(JsonSetting {
            key: key.to_owned(),
            value: value.to_owned(),
        });
    }
    match &view.kind {
        FitKind::Container { calculation } => {
            report.process_size = calculation
                .taskmanager
                .as_ref()
                .ok()
                .map(|b| b.total_process.bytes.bytes());
            let budget = calculation.taskmanager.as_ref().ok();
            report.checks = view
                .targets
                .iter()
                .map(|t| check(*t, budget, None))
                .collect();
            report.taskmanager = Some(taskmanager_json(calculation));
        }
        FitKind::Search {
            outcome: FitOutcome::Found { at, below },
            at: calculation,
        } => {
            report.process_size = Some(at.process_size.bytes());
            let budget = at.budget.as_ref().ok();
            report.checks = view
                .targets
                .iter()
                .map(|t| check(*t, budget, below.as_deref()))
                .collect();
            report.taskmanager = calculation.map(taskmanager_json);
        }
        FitKind::Search {
            outcome: FitOutcome::Unreachable { blockers, .. },
            ..
        } => {
            report.remove.clear();
            let context = Context::of(view.base);
            report.blockers = blockers
                .iter()
                .map(|b| JsonBlocker {
                    flag: b.target.flag().to_owned(),
                    key: match &b.reason {
                        BlockReason::Fixed(p) => super::provenance::key_of(p).map(str::to_owned),
                        BlockReason::Capped { key, .. } => Some(key.clone()),
                        BlockReason::NoSegments => {
                            Some("taskmanager.memory.segment-size".to_owned())
                        }
                        _ => None,
                    },
                    reason: blocker_text(b, &context),
                })
                .collect();
        }
    }
    report
}

/// `4.000gb (4294967360 bytes) ✅` from `4.000gb (4294967360 bytes) (met)`.
fn mark(achieved: &str) -> String {
    let (value, sign) = match achieved.strip_suffix(" (met)") {
        Some(value) => (value, "✅"),
        None => (achieved.strip_suffix(" (missed)").unwrap_or(achieved), "❌"),
    };
    format!("{value} {sign}")
}

/// The markdown form.
pub fn markdown(view: &FitView<'_>) -> String {
    let mut out = format!("## flinkmem fit: {}\n\n", cell(&title(view.base)));
    if let Some(line) = settings(view) {
        let _ = writeln!(out, "```yaml\n{line}\n```\n");
        if !view.removed.is_empty() {
            let _ = writeln!(out, "Remove these entries if present:\n");
            for key in view.removed {
                let _ = writeln!(out, "- `{key}`");
            }
            out.push('\n');
        }
    }
    let calculation = match &view.kind {
        FitKind::Container { calculation } => Some(*calculation),
        FitKind::Search { at, .. } => *at,
    };
    if let FitKind::Search {
        outcome: FitOutcome::Unreachable { blockers, .. },
        ..
    } = &view.kind
    {
        let context = Context::of(view.base);
        let _ = writeln!(out, "No process size up to 16 TiB meets every target:\n");
        for blocker in blockers {
            let _ = writeln!(out, "- {}", cell(&blocker_text(blocker, &context)));
        }
    }
    if let Some(calculation) = calculation {
        let budget = calculation.taskmanager.as_ref().ok();
        let below = match &view.kind {
            FitKind::Search {
                outcome: FitOutcome::Found { below, .. },
                ..
            } => below.as_deref(),
            _ => None,
        };
        if !view.targets.is_empty() {
            let size = budget
                .map(|b| size_text(b.total_process.bytes))
                .unwrap_or_default();
            match below {
                Some(b) => {
                    let _ = writeln!(
                        out,
                        "| Target | At {size} | At {} |\n|---|---:|---:|",
                        size_text(b.process_size)
                    );
                }
                None => {
                    let _ = writeln!(out, "| Target | At {size} |\n|---|---:|");
                }
            }
            for target in view.targets {
                let at =
                    budget.map_or_else(|| "rejected".to_owned(), |b| achieved_text(*target, b));
                let mut row = format!("| {} | {} |", cell(&target_text(*target)), mark(&at));
                if let Some(b) = below {
                    let _ = write!(row, " {} |", mark(&probe_text(*target, b)));
                }
                let _ = writeln!(out, "{row}");
            }
            out.push('\n');
        }
        match budget {
            Some(budget) => {
                out.push_str(&table(&taskmanager_rows(budget), &Context::of(calculation)));
            }
            None => {
                if let Err(rejection) = &calculation.taskmanager {
                    let _ = writeln!(
                        out,
                        "Flink rejects this size: `{}`",
                        super::explanation::flink_message(&rejection.error)
                            .join("; ")
                            .replace('`', "'")
                    );
                }
            }
        }
    }
    out
}
