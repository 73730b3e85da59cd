//! The *human* lint report: miette's graphical diagnostics with the source snippet (secrets
//! masked), then a one-line summary.

use std::fmt::{self, Write as _};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::snippet_source::SnippetSource;
use crate::lint::{Finding, LintRun, LintedFile, Severity, Tally};

/// How the report looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Terminal width to wrap at.
    pub width: usize,
    /// ANSI colours (off for pipes, `NO_COLOR` and tests).
    pub color: bool,
}

impl Style {
    /// What tests and snapshots use: 80 columns, no colour.
    pub const PLAIN: Self = Self {
        width: 80,
        color: false,
    };
}

/// One finding as a miette diagnostic over its file's masked text.
struct Report<'a> {
    finding: &'a Finding,
    source: &'a NamedSource<SnippetSource>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("finding", self.finding)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}[{}] {}",
            self.finding.severity,
            self.finding.code(),
            self.finding.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let primary = LabeledSpan::new_primary_with_span(
            f.span_label.as_deref().map(str::to_owned),
            (f.span.start, f.span.len()),
        );
        let secondary = f.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(l.text.clone()), (l.span.start, l.span.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// Renders every finding of `run`, then the summary line.
pub fn render(run: &LintRun, style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    for file in &run.files {
        render_file(&handler, file, &mut out);
    }
    out.push_str(&summary(run));
    out
}

/// Renders the findings of one file (used by the per-rule snapshot tests too).
pub fn render_file(handler: &GraphicalReportHandler, file: &LintedFile, out: &mut String) {
    each_finding(handler, file, |text| {
        out.push_str(text);
        Ok(())
    })
    .unwrap_or_default();
}

/// Writes the findings of one file to `out` as each is rendered, so that a file with many
/// findings never exists as one report in memory.
pub fn write_file(
    handler: &GraphicalReportHandler,
    file: &LintedFile,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    each_finding(handler, file, |text| out.write_all(text.as_bytes()))
}

/// Hands the rendering of the file's header, then of each finding, to `emit`.
fn each_finding(
    handler: &GraphicalReportHandler,
    file: &LintedFile,
    mut emit: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if file.findings.is_empty() {
        return Ok(());
    }
    let source = NamedSource::new(file.display_path(), snippet_source(file));
    let mut out = String::new();
    if let Some(document) = &file.document {
        let _ = writeln!(out, "{} in {}:\n", document, file.display_path());
        emit(&out)?;
    }
    for finding in &file.findings {
        out.clear();
        let report = Report {
            finding,
            source: &source,
        };
        if handler.render_report(&mut out, &report).is_err() {
            // A diagnostic miette cannot lay out still gets its line.
            let at = file.region(finding.span);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.display_path(),
                at.line,
                at.column,
                finding.severity,
                finding.code(),
                finding.message
            );
        }
        out.push('\n');
        emit(&out)?;
    }
    Ok(())
}

/// The masked text of `file` for miette, indexed by the source's own line starts when the two
/// have the same lines (masking keeps every line break), as they always should.
fn snippet_source(file: &LintedFile) -> SnippetSource {
    let masked = std::sync::Arc::clone(&file.masked);
    if masked.len() == file.source.text().len() {
        SnippetSource::with_line_starts(masked, file.source.shared_line_starts())
    } else {
        SnippetSource::new(masked)
    }
}

/// The diagnostic renderer for a style.
pub fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1)
}

/// The handler the snapshots use: 80 columns, no colour.
pub fn plain_handler() -> GraphicalReportHandler {
    handler(Style::PLAIN)
}

/// `2 errors, 1 warning and 0 infos in 3 files` (or that nothing was found).
pub fn summary(run: &LintRun) -> String {
    summary_of(&run.tally())
}

/// The summary line of what a streamed run counted.
pub fn summary_of(tally: &Tally) -> String {
    let Tally {
        errors,
        warnings,
        infos,
        files: paths,
        documents,
        ..
    } = *tally;
    let mut files = format!("{paths} file{}", if paths == 1 { "" } else { "s" });
    if documents > 0 {
        let _ = write!(
            files,
            " ({documents} Kubernetes document{})",
            if documents == 1 { "" } else { "s" }
        );
    }
    if errors + warnings + infos == 0 {
        return format!("No findings in {files}.\n");
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "Found {}, {} and {} in {files}.\n",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "info")
    )
}
