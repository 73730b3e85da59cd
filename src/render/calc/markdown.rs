//! The *markdown* form of `flinkmem calc`: per process a table of Flink's tree and a mermaid
//! pie chart, for GitHub step summaries and pull-request comments.

use std::fmt::Write as _;

use super::explanation::{explain, flink_message_lines};
use super::notes::{budget_notes, buffers, direct_limit};
use super::provenance::{Context, describe};
use super::text::title;
use super::tree::{TreeRow, jobmanager_rows, taskmanager_rows};
use crate::calc::Process;
use crate::sizing::{Calculation, Rejection};

/// Escapes text for a table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `1.688gb` of `1.688gb (1811939328 bytes)`; `0 bytes` stays whole.
pub fn short_size(human: &str) -> &str {
    human.split(" (").next().unwrap_or(human)
}

/// A mebibyte count with one decimal, for the pie chart.
fn mebibytes(bytes: u64) -> String {
    let tenths = (u128::from(bytes) * 10 + (1 << 19)) >> 20;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The table of a tree: one row per line of Flink's log, indented as Flink indents it.
pub fn table(rows: &[TreeRow], context: &Context<'_>) -> String {
    let mut out = String::from("| Memory | Size | Bytes | From |\n|---|---:|---:|---|\n");
    for row in rows {
        let indent = "&nbsp;&nbsp;".repeat(row.depth());
        let human = row.component.bytes.to_human_readable();
        let _ = writeln!(
            out,
            "| {indent}{} | {} | {} | {} |",
            row.title,
            short_size(&human),
            row.component.bytes.bytes(),
            cell(&describe(&row.component.provenance, context))
        );
    }
    out
}

/// A mermaid pie chart of a tree's leaves (empty slices left out), sizes in MiB.
pub fn pie(title: &str, rows: &[TreeRow]) -> String {
    let mut out = format!("```mermaid\npie showData title {title}\n");
    for row in rows {
        if let Some(slice) = row.slice
            && row.component.bytes.bytes() > 0
        {
            let _ = writeln!(
                out,
                "    \"{} (MiB)\" : {}",
                slice.name,
                mebibytes(row.component.bytes.bytes())
            );
        }
    }
    out.push_str("```\n");
    out
}

fn rejected(out: &mut String, rejection: &Rejection, context: &Context<'_>) {
    let _ = writeln!(out, "**Flink rejects this configuration:**\n\n```");
    for line in flink_message_lines(&rejection.error) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "```\n\n```");
    for line in explain(rejection, context) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "```");
}

fn process_title(process: Process, total: &str) -> String {
    format!("{process} {total}")
}

/// The whole markdown report.
pub fn render(calculation: &Calculation) -> String {
    let context = Context::of(calculation);
    let mut out = format!("## flinkmem calc: {}\n\n", cell(&title(calculation)));
    for note in &calculation.notes {
        let _ = writeln!(out, "> {}\n", cell(note));
    }
    out.push_str("### TaskManager\n\n");
    match &calculation.taskmanager {
        Ok(budget) => {
            let rows = taskmanager_rows(budget);
            out.push_str(&table(&rows, &context));
            out.push('\n');
            let total = budget.total_process.bytes.to_human_readable();
            out.push_str(&pie(
                &process_title(Process::TaskManager, short_size(&total)),
                &rows,
            ));
            let _ = writeln!(out, "\nNetwork buffers: {}\n", buffers(budget, &context));
            let _ = writeln!(out, "JVM parameters: `{}`\n", budget.jvm_params());
            let _ = writeln!(out, "Dynamic configs: `{}`", budget.dynamic_configs());
            for note in budget_notes(&budget.notes) {
                let _ = writeln!(out, "\n> {}", cell(&note));
            }
        }
        Err(rejection) => rejected(&mut out, rejection, &context),
    }
    out.push_str("\n### JobManager\n\n");
    match &calculation.jobmanager {
        Ok(budget) => {
            let rows = jobmanager_rows(budget);
            out.push_str(&table(&rows, &context));
            out.push('\n');
            let total = budget.total_process.bytes.to_human_readable();
            out.push_str(&pie(
                &process_title(Process::JobManager, short_size(&total)),
                &rows,
            ));
            let _ = writeln!(out, "\nJVM direct memory limit: {}\n", direct_limit(budget));
            let _ = writeln!(out, "JVM parameters: `{}`\n", budget.jvm_params());
            let _ = writeln!(out, "Dynamic configs: `{}`", budget.dynamic_configs());
            for note in budget_notes(&budget.notes) {
                let _ = writeln!(out, "\n> {}", cell(&note));
            }
        }
        Err(rejection) => rejected(&mut out, rejection, &context),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_cells() {
        assert_eq!(short_size("1.688gb (1811939328 bytes)"), "1.688gb");
        assert_eq!(short_size("0 bytes"), "0 bytes");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(mebibytes(134_217_730), "128.0");
        assert_eq!(mebibytes(1 << 19), "0.5");
    }
}
