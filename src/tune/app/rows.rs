//! The inputs panel as a list: its rows for the Flink version, the selected one, and how each
//! looks (the value shown and where it comes from).

use super::App;
use super::edit::Edit;
use crate::config::Origin;
use crate::network::job::Mode;
use crate::tune::inputs::{Derived, Kind, MEMORY_INPUTS, MemoryInput, size_text};
use crate::units::MemorySize;

/// A row of the inputs panel.
#[derive(Debug, Clone, Copy)]
pub enum Row {
    Memory(&'static MemoryInput),
    Parallelism,
    Exchanges,
    Mode,
    TaskManagers,
}

impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Memory(a), Self::Memory(b)) => a.key == b.key,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for Row {}

/// Where a shown value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueOrigin {
    /// Written in the file.
    File,
    /// A `-D`/`--set` argument of this run.
    CommandLine,
    /// The option's default in this Flink version.
    Default,
    /// Unset and without a default: the number Flink derives.
    Derived,
    /// Unset, without a default, and nothing derived (the process is rejected).
    Unset,
    /// The job file's.
    JobFile,
    /// Changed in this session.
    Changed,
    /// Taken out here; Flink derives it.
    Removed,
}

impl ValueOrigin {
    pub fn label(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::CommandLine => "-D",
            Self::Default => "default",
            Self::Derived => "derived",
            Self::Unset => "unset",
            Self::JobFile => "job",
            Self::Changed => "changed",
            Self::Removed => "removed",
        }
    }
}

/// One row as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub label: &'static str,
    /// The full option key, for the detail line.
    pub key: Option<&'static str>,
    pub value: String,
    pub origin: ValueOrigin,
}
impl App {
    /// The rows of the inputs panel for this version: options it knows, then the job.
    pub fn rows(&self) -> Vec<Row> {
        let catalog = self.base.config.catalog();
        let mut rows: Vec<Row> = MEMORY_INPUTS
            .iter()
            .filter(|i| catalog.option(i.key).is_some())
            .map(Row::Memory)
            .collect();
        rows.push(Row::Parallelism);
        if self.job_file.is_none() {
            rows.push(Row::Exchanges);
        }
        rows.push(Row::Mode);
        rows.push(Row::TaskManagers);
        rows
    }
    /// The selected row, clamped to the rows there are.
    pub fn selected_row(&self) -> Row {
        let rows = self.rows();
        rows[self.selected.min(rows.len() - 1)]
    }

    /// How a row looks now.
    pub fn row_view(&self, row: Row) -> RowView {
        match row {
            Row::Memory(input) => self.memory_row(input),
            Row::Parallelism => {
                let (p, origin) = self.parallelism();
                job_row("job parallelism", p.to_string(), origin)
            }
            Row::Exchanges => {
                let (k, origin) = self.exchanges();
                job_row("job exchanges", k.to_string(), origin)
            }
            Row::Mode => {
                let (mode, origin) = self.mode(&self.current);
                let text = match mode {
                    Mode::Streaming => "streaming",
                    Mode::Batch => "batch",
                };
                job_row("job mode", text.to_owned(), origin)
            }
            Row::TaskManagers => {
                let (t, origin) = self.taskmanagers();
                let text = match (t, &self.job) {
                    (Some(t), _) => t.to_string(),
                    (None, Ok(view)) => format!("auto {}", view.analysis.taskmanagers),
                    (None, Err(_)) => "auto".to_owned(),
                };
                job_row("job taskmanagers", text, origin)
            }
        }
    }

    pub(super) fn memory_row(&self, input: &'static MemoryInput) -> RowView {
        let (value, origin) = match self.edits.get(input.key) {
            Some(Edit::Set(value)) => (value.clone(), ValueOrigin::Changed),
            Some(Edit::Remove) => (self.derived_text(input), ValueOrigin::Removed),
            None => match self.current.config.resolve(input.key) {
                Some(r) => (r.entry.value.text.clone(), origin_of(&r.entry.origin)),
                None => match self.current.config.default_text(input.key) {
                    Some(default) => (default_text(input.kind, default), ValueOrigin::Default),
                    None => match self.derived_bytes(input) {
                        Some(_) => (self.derived_text(input), ValueOrigin::Derived),
                        None => ("-".to_owned(), ValueOrigin::Unset),
                    },
                },
            },
        };
        RowView {
            label: input.label,
            key: Some(input.key),
            value,
            origin,
        }
    }

    /// What Flink derives for an unset option, when the budget has it.
    pub(super) fn derived_bytes(&self, input: &MemoryInput) -> Option<u64> {
        let size = match input.derived {
            Derived::TaskManager(of) => self.current.taskmanager.as_ref().ok().map(of),
            Derived::JobManager(of) => self.current.jobmanager.as_ref().ok().map(of),
            Derived::None => None,
        };
        size.map(MemorySize::bytes)
    }

    /// The derived value, in whole MiB (`~` when rounded).
    fn derived_text(&self, input: &MemoryInput) -> String {
        match self.derived_bytes(input) {
            Some(bytes) if bytes.is_multiple_of(1 << 20) => size_text(bytes),
            Some(bytes) => format!("~{}m", (bytes + (1 << 19)) >> 20),
            None => "-".to_owned(),
        }
    }
}

/// A default as the panel shows it: sizes in the file's short form, the largest size as `max`.
fn default_text(kind: Kind, default: &str) -> String {
    match (kind, MemorySize::parse(default)) {
        (Kind::Size | Kind::PowerOfTwo, Ok(size)) if size == MemorySize::MAX => "max".to_owned(),
        (Kind::Size | Kind::PowerOfTwo, Ok(size)) => size_text(size.bytes()),
        _ => default.to_owned(),
    }
}
pub(super) fn origin_of(origin: &Origin) -> ValueOrigin {
    match origin {
        Origin::File | Origin::Manifest { .. } => ValueOrigin::File,
        Origin::CommandLine { .. } => ValueOrigin::CommandLine,
        Origin::Operator { .. } => ValueOrigin::Default,
    }
}

fn job_row(label: &'static str, value: String, origin: ValueOrigin) -> RowView {
    RowView {
        label,
        key: None,
        value,
        origin,
    }
}
