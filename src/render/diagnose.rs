//! The report of `flinkmem diagnose`: each recognised problem with the line it was found on,
//! the explanation in the configuration's numbers, and the checked fixes with what they move.
//! Text for people, JSON for machines, markdown for issues and pull requests.

use std::fmt::Write as _;

use serde::Serialize;

use super::calc::explanation::{explain_parts, flink_message};
use super::calc::markdown::cell;
use super::calc::provenance::Context;
use super::calc::text::title;
use crate::calc::Process;
use crate::diagnose::{Change, Effect, Fact, Finding, Fix, Message, Unit};
use crate::sizing::{Calculation, Source};
use crate::units::MemorySize;

/// What `diagnose` looked at and what it found.
#[derive(Debug, Clone, Copy)]
pub struct DiagnoseView<'a> {
    pub calculation: &'a Calculation,
    /// The input as the user named it (a path, or `standard input`).
    pub input: &'a str,
    pub findings: &'a [Finding],
}

/// The longest quote printed in the text and markdown forms.
const QUOTE_LIMIT: usize = 400;

fn shortened(text: &str) -> String {
    if text.len() <= QUOTE_LIMIT {
        return text.to_owned();
    }
    let mut end = QUOTE_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{} …", &text[..end])
}

fn amount(unit: Unit, value: Option<u64>) -> String {
    match (unit, value) {
        (_, None) => "none".to_owned(),
        (Unit::Bytes, Some(bytes)) => MemorySize::from_bytes(bytes).to_human_readable(),
        (Unit::Buffers, Some(n)) => format!("{n} buffers"),
        (Unit::Milliseconds, Some(ms)) => format!("{ms} ms"),
    }
}

/// `set a: x and b: y; remove c`.
pub fn changes_text(changes: &[Change]) -> String {
    let sets: Vec<String> = changes
        .iter()
        .filter_map(|c| c.value.as_ref().map(|v| format!("{}: {v}", c.key)))
        .collect();
    let removes: Vec<&str> = changes
        .iter()
        .filter(|c| c.value.is_none())
        .map(|c| c.key.as_str())
        .collect();
    let mut parts = Vec::new();
    if !removes.is_empty() {
        parts.push(format!("remove {}", removes.join(" and ")));
    }
    if !sets.is_empty() {
        parts.push(format!("set {}", sets.join(" and ")));
    }
    parts.join(", then ")
}

fn effect_rows(effects: &[Effect]) -> Vec<[String; 2]> {
    effects
        .iter()
        .map(|e| {
            let change = match e.before {
                Some(_) => format!("{} → {}", amount(e.unit, e.before), amount(e.unit, e.after)),
                None if e.after.is_none() => "none".to_owned(),
                None => amount(e.unit, e.after),
            };
            [e.name.to_owned(), change]
        })
        .collect()
}

fn location(finding: &Finding) -> String {
    let mut text = format!("line {}", finding.line);
    if !finding.also_at.is_empty() {
        let more: Vec<String> = finding.also_at.iter().map(ToString::to_string).collect();
        let _ = write!(text, "; also at {}", more.join(", "));
    }
    if let Some(process) = finding.process {
        let _ = write!(text, "; {process}");
    }
    text
}

fn summary(view: &DiagnoseView<'_>) -> String {
    let n = view.findings.len();
    let noun = if n == 1 { "problem" } else { "problems" };
    format!("{}: {n} known {noun} recognised", view.input)
}

/// The text report.
pub fn text(view: &DiagnoseView<'_>) -> String {
    let calculation = view.calculation;
    let context = Context::of(calculation);
    let mut out = String::new();
    let _ = writeln!(out, "{}", title(calculation));
    for note in &calculation.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out, "{}", summary(view));
    for (index, finding) in view.findings.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}. {} ({})",
            index + 1,
            finding.title,
            location(finding)
        );
        let _ = writeln!(out, "   > {}", shortened(&finding.quote));
        for line in &finding.explanation {
            let _ = writeln!(out, "   {line}");
        }
        let mut advice = None;
        if let Some(rejection) = &finding.rejection {
            if !finding.quote.contains(rejection.error.message()) {
                let _ = writeln!(out, "   Flink's message for this configuration:");
                for line in flink_message(&rejection.error) {
                    let _ = writeln!(out, "     {line}");
                }
            }
            let explained = explain_parts(rejection, &context);
            for line in explained.reasons {
                let _ = writeln!(out, "   {line}");
            }
            advice = explained.advice;
        }
        for (i, fix) in finding.fixes.iter().enumerate() {
            let lead = if i == 0 { "Fix:" } else { "Or: " };
            fix_text(&mut out, lead, fix);
        }
        if let Some(advice) = advice {
            let lead = if finding.fixes.is_empty() {
                "Fix:"
            } else {
                "Or: "
            };
            let _ = writeln!(out, "   {lead} {advice} (not a single change; not checked)");
        }
        for note in &finding.notes {
            let _ = writeln!(out, "   Note: {note}");
        }
    }
    out
}

fn fix_text(out: &mut String, lead: &str, fix: &Fix) {
    let _ = writeln!(out, "   {lead} {}", changes_text(&fix.changes));
    let _ = writeln!(out, "        checked: {}", fix.checked);
    let rows = effect_rows(&fix.effects);
    if rows.is_empty() {
        return;
    }
    let heading = if fix.effects.iter().any(|e| e.before.is_some()) {
        "it moves"
    } else {
        "it gives"
    };
    let _ = writeln!(out, "        {heading} ({}):", fix.process);
    let width = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
    for [name, change] in rows {
        let _ = writeln!(out, "          {name:width$}  {change}");
    }
}

/// The markdown report.
pub fn markdown(view: &DiagnoseView<'_>) -> String {
    let calculation = view.calculation;
    let context = Context::of(calculation);
    let mut out = String::new();
    let _ = writeln!(out, "## flinkmem diagnose\n");
    let _ = writeln!(out, "{}\n", title(calculation));
    let _ = writeln!(out, "{}", summary(view));
    for (index, finding) in view.findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n### {}. {} ({})\n",
            index + 1,
            finding.title,
            location(finding)
        );
        let _ = writeln!(out, "```text\n{}\n```\n", shortened(&finding.quote));
        for line in &finding.explanation {
            let _ = writeln!(out, "- {line}");
        }
        let mut advice = None;
        if let Some(rejection) = &finding.rejection {
            let explained = explain_parts(rejection, &context);
            if !finding.quote.contains(rejection.error.message()) {
                let _ = writeln!(
                    out,
                    "- Flink's message for this configuration: `{}`",
                    flink_message(&rejection.error).join(" ")
                );
            }
            let _ = writeln!(out, "\n```text\n{}\n```", explained.reasons.join("\n"));
            advice = explained.advice;
        }
        for (i, fix) in finding.fixes.iter().enumerate() {
            let lead = if i == 0 { "Fix" } else { "Or" };
            let _ = writeln!(
                out,
                "\n**{lead}:** `{}` ({})\n",
                changes_text(&fix.changes),
                fix.checked
            );
            let rows = effect_rows(&fix.effects);
            if !rows.is_empty() {
                let heading = if fix.effects.iter().any(|e| e.before.is_some()) {
                    "before → after"
                } else {
                    "after"
                };
                let _ = writeln!(out, "| {} | {heading} |\n|---|---|", fix.process);
                for [name, change] in rows {
                    let _ = writeln!(out, "| {} | {} |", cell(&name), cell(&change));
                }
            }
        }
        if let Some(advice) = advice {
            let _ = writeln!(out, "\n**Or:** {advice} (not a single change; not checked)");
        }
        if !finding.notes.is_empty() {
            let _ = writeln!(out);
            for note in &finding.notes {
                let _ = writeln!(out, "> {note}");
            }
        }
    }
    out
}

/// The machine-readable report of `flinkmem diagnose --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnoseReport {
    /// The Flink release line emulated, e.g. `2.3`.
    pub flink_version: String,
    /// The configuration file read; null when Flink's shipped default was used.
    pub file: Option<String>,
    pub shipped_default: bool,
    /// The input that was diagnosed: a path, or `standard input`.
    pub input: String,
    /// How the configuration was read, when that matters.
    pub notes: Vec<String>,
    /// Every recognised problem, in order of first appearance.
    pub findings: Vec<JsonFinding>,
}

/// One recognised problem.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFinding {
    pub kind: &'static str,
    pub title: String,
    /// 1-based line of the input.
    pub line: usize,
    pub also_at: Vec<usize>,
    pub process: Option<Process>,
    /// The input line.
    pub quote: String,
    /// The message and the numbers read from it.
    pub parsed: Message,
    /// Numbers read or computed, by name (sizes in bytes).
    pub facts: Vec<Fact>,
    pub explanation: Vec<String>,
    /// This configuration's own rejection, when the log shows the same failure.
    pub rejection: Option<JsonRejection>,
    pub fixes: Vec<Fix>,
    pub notes: Vec<String>,
}

/// Flink's rejection of the configuration.
#[derive(Debug, Clone, Serialize)]
pub struct JsonRejection {
    /// Flink's exception message and causes.
    pub message: Vec<String>,
    /// Every operand with its provenance, as text lines.
    pub reasons: Vec<String>,
    /// Unchecked advice beyond the fixes.
    pub advice: Option<String>,
}

/// The JSON report.
pub fn json(view: &DiagnoseView<'_>) -> JsonDiagnoseReport {
    let calculation = view.calculation;
    let context = Context::of(calculation);
    let file = match &calculation.source {
        Source::File(path) => Some(path.display().to_string()),
        Source::Shipped => None,
    };
    JsonDiagnoseReport {
        flink_version: calculation.config.version().to_string(),
        shipped_default: file.is_none(),
        file,
        input: view.input.to_owned(),
        notes: calculation.notes.clone(),
        findings: view
            .findings
            .iter()
            .map(|f| JsonFinding {
                kind: f.kind,
                title: f.title.clone(),
                line: f.line,
                also_at: f.also_at.clone(),
                process: f.process,
                quote: f.quote.clone(),
                parsed: f.message.clone(),
                facts: f.facts.clone(),
                explanation: f.explanation.clone(),
                rejection: f.rejection.as_ref().map(|r| {
                    let explained = explain_parts(r, &context);
                    JsonRejection {
                        message: flink_message(&r.error),
                        reasons: explained.reasons,
                        advice: explained.advice,
                    }
                }),
                fixes: f.fixes.clone(),
                notes: f.notes.clone(),
            })
            .collect(),
    }
}
