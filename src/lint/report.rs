//! The result of a lint run, as the renderers consume it: linted files with their findings,
//! notices about files that were skipped, and errors about files that could not be read.

use std::fmt;
use std::path::PathBuf;

use super::finding::{Finding, Severity};
use crate::config::{Dialect, SourceFile, Span};
use crate::version::FlinkVersion;

/// One linted file.
#[derive(Debug, Clone)]
pub struct LintedFile {
    /// The path as given on the command line (plus what a directory walk added).
    pub path: PathBuf,
    pub source: SourceFile,
    pub dialect: Dialect,
    pub version: FlinkVersion,
    /// The text with sensitive values masked: the only text renderers may show.
    pub masked: String,
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
        self.findings()
            .fold((0, 0, 0), |(e, w, i), (_, f)| match f.severity {
                Severity::Error => (e + 1, w, i),
                Severity::Warning => (e, w + 1, i),
                Severity::Info => (e, w, i + 1),
            })
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings().any(|(_, f)| f.severity >= threshold)
    }
}
