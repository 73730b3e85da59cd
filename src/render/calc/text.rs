//! The *text* form of `flinkmem calc`: Flink's own log trees with a provenance column, a bar
//! per process, the network buffers, the two `BashJavaUtils` lines; or Flink's rejection with
//! its explanation.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Color, Style};

use super::explanation::{explain, flink_message, flink_message_lines};
use super::provenance::{Context, describe};
use super::tree::{
    JOB_MANAGER_HEADER, TASK_MANAGER_HEADER, TreeRow, jobmanager_rows, taskmanager_rows,
};
use super::{bar, notes};
use crate::calc::{JobManagerBudget, Process, TaskManagerBudget};
use crate::config::load::assumed_version;
use crate::sizing::{Calculation, Rejection, Source};

/// How to print: colour only when the terminal allows it.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    pub color: bool,
}

/// The first line: what was read, for which Flink version.
pub fn title(calculation: &Calculation) -> String {
    let version = calculation.config.version();
    let assumed = match (&calculation.source, calculation.version_assumed) {
        (_, false) => String::new(),
        (Source::Shipped, true) => " (the newest; choose with --flink-version)".to_owned(),
        (Source::File(_), true) => {
            let dialect = calculation.config.file().map(|f| f.dialect);
            if dialect.is_some_and(|d| assumed_version(d) != version) {
                " (choose with --flink-version)".to_owned()
            } else {
                " (assumed; choose with --flink-version)".to_owned()
            }
        }
    };
    match &calculation.source {
        Source::Shipped => format!(
            "Flink {version}{assumed}, its shipped default configuration (embedded; pass a PATH to read yours)"
        ),
        Source::File(path) => {
            let file = calculation.config.file();
            if let Some(manifest) = file.and_then(|f| f.manifest.as_deref()) {
                let how = match (manifest.label.kind, file) {
                    (crate::kubernetes::Kind::ConfigMap, Some(f)) => {
                        format!("its {}", f.dialect.file_name())
                    }
                    _ => "as the Kubernetes operator configures it".to_owned(),
                };
                return format!(
                    "Flink {version}{assumed}, {}: {} ({how})",
                    path.display(),
                    manifest.label
                );
            }
            let dialect = file
                .map(|f| format!(" ({})", f.dialect))
                .unwrap_or_default();
            format!("Flink {version}{assumed}, {}{dialect}", path.display())
        }
    }
}

/// The whole text report.
pub fn render(calculation: &Calculation, options: TextOptions) -> String {
    let context = Context::of(calculation);
    let mut out = String::new();
    let _ = writeln!(out, "{}", title(calculation));
    for note in &calculation.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out.push('\n');
    taskmanager_section(&mut out, calculation, options);
    out.push('\n');
    match &calculation.jobmanager {
        Ok(budget) => jobmanager(&mut out, budget, &context, options),
        Err(rejection) => rejected(
            &mut out,
            Process::JobManager,
            rejection,
            calculation,
            &context,
            options,
        ),
    }
    out
}

/// The `TaskManager` part: its tree and lines, or Flink's rejection.
pub fn taskmanager_section(out: &mut String, calculation: &Calculation, options: TextOptions) {
    let context = Context::of(calculation);
    match &calculation.taskmanager {
        Ok(budget) => taskmanager(out, budget, &context, options),
        Err(rejection) => rejected(
            out,
            Process::TaskManager,
            rejection,
            calculation,
            &context,
            options,
        ),
    }
}

/// Rows as Flink logs them, each followed by its provenance in an aligned column.
pub fn tree_lines(rows: &[TreeRow], context: &Context<'_>) -> Vec<String> {
    let lines: Vec<String> = rows.iter().map(TreeRow::log_line).collect();
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    lines
        .iter()
        .zip(rows)
        .map(|(line, row)| {
            format!(
                "{line:width$}  {}",
                describe(&row.component.provenance, context)
            )
        })
        .collect()
}

fn push_lines(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        let _ = writeln!(out, "{indent}{line}");
    }
}

fn taskmanager(
    out: &mut String,
    budget: &TaskManagerBudget,
    context: &Context<'_>,
    options: TextOptions,
) {
    let rows = taskmanager_rows(budget);
    let _ = writeln!(out, "{TASK_MANAGER_HEADER}");
    push_lines(out, "", &tree_lines(&rows, context));
    out.push('\n');
    push_lines(out, "  ", &bar::lines(&rows, options.color));
    out.push('\n');
    let _ = writeln!(
        out,
        "  Network buffers: {}",
        notes::buffers(budget, context)
    );
    if let Some(problem) = &budget.segment_problem {
        let _ = writeln!(
            out,
            "  {} the TaskManager would not start: {}",
            emphasis("warning:", options),
            flink_message(problem).join("; ")
        );
    }
    let _ = writeln!(out, "  JVM parameters:  {}", budget.jvm_params());
    let _ = writeln!(out, "  Dynamic configs: {}", budget.dynamic_configs());
    for note in notes::budget_notes(&budget.notes) {
        let _ = writeln!(out, "  note: {note}");
    }
}

fn jobmanager(
    out: &mut String,
    budget: &JobManagerBudget,
    context: &Context<'_>,
    options: TextOptions,
) {
    let rows = jobmanager_rows(budget);
    let _ = writeln!(out, "{JOB_MANAGER_HEADER}");
    push_lines(out, "", &tree_lines(&rows, context));
    out.push('\n');
    push_lines(out, "  ", &bar::lines(&rows, options.color));
    out.push('\n');
    let _ = writeln!(
        out,
        "  JVM direct memory limit: {}",
        notes::direct_limit(budget)
    );
    let _ = writeln!(out, "  JVM parameters:  {}", budget.jvm_params());
    let _ = writeln!(out, "  Dynamic configs: {}", budget.dynamic_configs());
    for note in notes::budget_notes(&budget.notes) {
        let _ = writeln!(out, "  note: {note}");
    }
}

fn emphasis(word: &str, options: TextOptions) -> String {
    if options.color {
        let style = Style::new()
            .bold()
            .fg_color(Some(Color::Ansi(AnsiColor::Red)));
        format!("{}{word}{}", style.render(), style.render_reset())
    } else {
        word.to_owned()
    }
}

fn rejected(
    out: &mut String,
    process: Process,
    rejection: &Rejection,
    calculation: &Calculation,
    context: &Context<'_>,
    options: TextOptions,
) {
    let _ = writeln!(
        out,
        "{process}: Flink {} rejects this configuration",
        calculation.config.version()
    );
    for (i, line) in flink_message_lines(&rejection.error).iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "  {} {line}", emphasis("error:", options));
        } else {
            let _ = writeln!(out, "         {line}");
        }
    }
    out.push('\n');
    push_lines(out, "  ", &explain(rejection, context));
}
