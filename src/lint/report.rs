//! The result of a lint run, as the renderers consume it: linted files with their findings,
//! notices about files that were skipped, and errors about files that could not be read.

use std::fmt;
use std::path::PathBuf;

use crate::config::{Dialect, SourceFile, Span};
use crate::rule_contract::{Finding, Severity};
use crate::version::FlinkVersion;

/// One linted file.
#[derive(Debug, Clone)]
pub struct LintedFile {
    /// The path as given on the command line (plus what a directory walk added).
    pub path: PathBuf,
    pub source: SourceFile,
    pub dialect: Dialect,
    pub version: FlinkVersion,
    /// The text with sensitive values masked: the only text renderers may show (empty when the
    /// file has no findings, as nothing then shows it).
    pub masked: std::sync::Arc<str>,
    /// Sorted by position, then code.
    pub findings: Vec<Finding>,
    /// The Kubernetes document linted, when the file is a manifest (one `LintedFile` per
    /// document).
    pub document: Option<crate::kubernetes::Label>,
}

/// A 1-based line and column range, columns counting characters, the end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl LintedFile {
    /// Where a span is, in lines and columns.
    pub fn region(&self, span: Span) -> Region {
        let start = self.source.line_col(span.start);
        let end = self.source.line_col(span.end.max(span.start));
        Region {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }

    /// The path with `/` separators, as shown in every output format.
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }
}

pub use crate::config::source::display_path;

/// A file that was not linted, and why (not a Flink configuration, excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", display_path(&self.path), self.message)
    }
}

/// A file or setting that could not be read; the run ends with exit code 2.
pub type LintError = crate::config::source::FileError;

/// Everything a lint run produced, in a deterministic order.
#[derive(Debug, Clone, Default)]
pub struct LintRun {
    pub files: Vec<LintedFile>,
    pub notices: Vec<Notice>,
    pub errors: Vec<LintError>,
}

impl LintRun {
    /// Every finding with its file, in file order.
    pub fn findings(&self) -> impl Iterator<Item = (&LintedFile, &Finding)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |finding| (f, finding)))
    }

    /// The number of findings at each severity: (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        let tally = self.tally();
        (tally.errors, tally.warnings, tally.infos)
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings().any(|(_, f)| f.severity >= threshold)
    }

    /// What the run's summary line counts.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        self.files.iter().for_each(|file| tally.add(file));
        tally
    }
}

/// What a summary counts, kept while files stream past: findings by severity, files, and the
/// Kubernetes documents among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Distinct paths (a manifest is one file with one entry per Flink document).
    pub files: usize,
    pub documents: usize,
    /// The most severe finding so far.
    pub worst: Option<Severity>,
    last_path: Option<PathBuf>,
}

impl Tally {
    /// Counts one linted file. The entries of one path (a manifest's documents) come one after
    /// the other, and no path comes twice in a run.
    pub fn add(&mut self, file: &LintedFile) {
        if self.last_path.as_ref() != Some(&file.path) {
            self.files += 1;
            self.last_path = Some(file.path.clone());
        }
        self.documents += usize::from(file.document.is_some());
        for finding in &file.findings {
            match finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.worst = self.worst.max(Some(finding.severity));
        }
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.worst.is_some_and(|worst| worst >= threshold)
    }
}
