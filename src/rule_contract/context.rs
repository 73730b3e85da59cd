//! What a rule sees: one parsed file, the effective configuration of the target Flink version,
//! facts about the file's surroundings gathered by the engine, and lookups rules share.

use std::cell::OnceCell;

use crate::calc::{self, CalcError, JobManagerBudget, TaskManagerBudget};
use crate::catalog::{Catalog, KeyKind, OptionDef};
use crate::config::sensitive::{MASK, is_sensitive};
use crate::config::{Config, ConfigFile, Dialect, Entry, Event, Origin, Span};
use crate::units::MemorySize;
use crate::version::FlinkVersion;

/// How the Flink version of a file was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VersionSource {
    /// `--flink-version` on the command line.
    CommandLine,
    /// `flink-version` in `.flinkmem.toml`.
    Settings,
    /// `spec.flinkVersion` of a Kubernetes manifest.
    Manifest,
    /// Nothing said: 1.20 for a `flink-conf.yaml`, the newest for a `config.yaml`.
    #[default]
    Assumed,
}

/// Facts about a file's surroundings, gathered by the engine (rules do no I/O).
#[derive(Debug, Clone, Default)]
pub struct FileEnv {
    pub version_source: VersionSource,
    /// A `flink-conf.yaml` exists in the same directory as this file.
    pub legacy_sibling: bool,
    /// A `config.yaml` exists in the same directory as this file.
    pub standard_sibling: bool,
    /// When the file is a Kubernetes manifest: the span of the document being linted.
    pub document: Option<Span>,
}

/// The input of every rule.
#[derive(Debug)]
pub struct Context<'a> {
    pub file: &'a ConfigFile,
    pub config: &'a Config,
    pub env: &'a FileEnv,
    /// The job described in `.flinkmem.toml` (or by `lint --job`), for the network checks.
    pub job: Option<crate::network::Job>,
    /// The entries someone wrote (the file, the command line); not those the Kubernetes
    /// operator adds from its defaults or derives from manifest fields.
    written: Vec<&'a Entry>,
    /// The calculator's results, derived on first use (the calculator is the only place memory
    /// is derived; rules read its results).
    taskmanager: OnceCell<Result<TaskManagerBudget, CalcError>>,
    jobmanager: OnceCell<Result<JobManagerBudget, CalcError>>,
    /// The indented legacy lines that hold a key, in file order (found on first use).
    indented_lines: OnceCell<Vec<Span>>,
    /// The file's entries by where their key is written (sorted on first use).
    by_key_span: OnceCell<Vec<(Span, usize)>>,
}

impl<'a> Context<'a> {
    pub fn new(
        file: &'a ConfigFile,
        config: &'a Config,
        env: &'a FileEnv,
        job: Option<crate::network::Job>,
    ) -> Self {
        let written = config
            .all_entries()
            .filter(|e| matches!(e.origin, Origin::File | Origin::CommandLine { .. }))
            .collect();
        Self {
            file,
            config,
            env,
            job,
            written,
            taskmanager: OnceCell::new(),
            jobmanager: OnceCell::new(),
            indented_lines: OnceCell::new(),
            by_key_span: OnceCell::new(),
        }
    }

    /// The `TaskManager` budget Flink derives from this configuration, or Flink's failure.
    pub fn taskmanager(&self) -> &Result<TaskManagerBudget, CalcError> {
        self.taskmanager
            .get_or_init(|| calc::taskmanager(self.config))
    }

    /// The `JobManager` budget Flink derives from this configuration, or Flink's failure.
    pub fn jobmanager(&self) -> &Result<JobManagerBudget, CalcError> {
        self.jobmanager
            .get_or_init(|| calc::jobmanager(self.config))
    }

    /// The memory size Flink uses for option `key`, with where its key is written when it is
    /// configured (`None` for the default). `None` when the option has neither a value nor a
    /// default, or its value does not parse (FM201 reports that).
    pub fn memory_size(&self, key: &str) -> Option<(MemorySize, Option<Span>)> {
        match self.config.resolve(key) {
            Some(read) => read
                .entry
                .value
                .to_memory_size()
                .ok()
                .map(|size| (size, read.entry.key_span)),
            None => self
                .config
                .default_text(key)
                .and_then(|d| MemorySize::parse(d).ok())
                .map(|size| (size, None)),
        }
    }

    /// Where the value Flink reads for option `key` is written (its own key or an alternative),
    /// as the key's span.
    pub fn option_key_span(&self, key: &str) -> Option<Span> {
        self.config.resolve(key).and_then(|r| r.entry.key_span)
    }

    pub fn version(&self) -> FlinkVersion {
        self.config.version()
    }

    pub fn dialect(&self) -> Dialect {
        self.file.dialect
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.config.catalog()
    }

    /// Every entry written in the file, in file order, duplicates included (the configuration's
    /// own copies, so [`Config::is_winner`] works on them).
    pub fn entries(&self) -> &[&'a Entry] {
        &self.written
    }

    /// What the manifest says beyond the configuration, when the file is one.
    pub fn manifest(&self) -> Option<&'a crate::kubernetes::ManifestInfo> {
        self.file.manifest.as_deref()
    }

    pub fn events(&self) -> &'a [Event] {
        &self.file.parsed.events
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &'a str {
        self.file.source.slice(span)
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.file.source.line_col(offset).line
    }

    /// Where an entry's key is written (the file start for entries without a position).
    pub fn key_span(entry: &Entry) -> Span {
        entry.key_span.unwrap_or(Span::new(0, 0))
    }

    /// Where an entry's value is written, else its key.
    pub fn value_span(entry: &Entry) -> Span {
        entry
            .value_span
            .or(entry.key_span)
            .unwrap_or(Span::new(0, 0))
    }

    /// A value as it may be shown in a message: masked for sensitive keys.
    pub fn shown<'t>(key: &str, text: &'t str) -> &'t str {
        if is_sensitive(key) { MASK } else { text }
    }

    /// The option whose value an entry sets: its own, or the one it is an alternative key of,
    /// or the placeholder option it matches. Options outside a cluster configuration
    /// (connector, format and SQL-hint options) do not count.
    pub fn option_of(&self, key: &str) -> Option<&'static OptionDef> {
        match self.catalog().classify(key) {
            KeyKind::Option(option)
            | KeyKind::Alternative { option, .. }
            | KeyKind::Pattern(option) => Some(option).filter(|o| o.is_cluster_option()),
            KeyKind::MapEntry(_) | KeyKind::PassThrough(_) | KeyKind::Unknown => None,
        }
    }

    /// The option an entry sets, when it is the entry Flink reads for that option: the last
    /// of duplicates, and not shadowed by another spelling of the option (FM104).
    pub fn read_option(&self, entry: &Entry) -> Option<&'static OptionDef> {
        let option = self.option_of(&entry.key)?;
        if !self.config.is_winner(entry) {
            return None;
        }
        if option.is_pattern() {
            return Some(option);
        }
        let read = self.config.resolve_option(option)?;
        std::ptr::eq(read.entry, entry).then_some(option)
    }

    /// The file's entry for `key` whose key is written at `span`.
    pub fn file_entry_at(&self, key: &str, span: Span) -> Option<&'a Entry> {
        let entries = &self.file.parsed.entries;
        let index = self.by_key_span.get_or_init(|| {
            let mut index: Vec<(Span, usize)> = (entries.iter().enumerate())
                .filter_map(|(i, e)| e.key_span.map(|s| (s, i)))
                .collect();
            index.sort_unstable();
            index
        });
        let from = index.partition_point(|(s, _)| *s < span);
        index[from..]
            .iter()
            .take_while(|(s, _)| *s == span)
            .map(|&(_, i)| &entries[i])
            .find(|e| e.key == key)
    }

    /// Whether an entry comes from an indented line of a legacy file (reported by FM005).
    pub fn is_indented_legacy_entry(&self, entry: &Entry) -> bool {
        let Some(key) = entry.key_span else {
            return false;
        };
        if self.file.dialect != Dialect::Legacy {
            return false;
        }
        let lines = self.indented_lines.get_or_init(|| {
            let mut lines: Vec<Span> = (self.events().iter())
                .filter_map(|e| match e {
                    Event::IndentedLine { line, key: Some(_) } => Some(*line),
                    _ => None,
                })
                .collect();
            lines.sort_unstable();
            lines
        });
        // Lines do not overlap: only the last one starting at or before the key can hold it.
        let before = lines.partition_point(|line| line.start <= key.start);
        before > 0 && key.end <= lines[before - 1].end
    }
}
