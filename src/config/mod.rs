//! Reading configuration the way Flink reads it, keeping where every key and value came from.
//!
//! Two dialects lower to one model: the legacy `flink-conf.yaml` line format ([`legacy`]) and
//! standard YAML `config.yaml` ([`standard`]). Both produce [`Entry`]s (a flattened Flink key,
//! the value as Flink stores it, byte spans) and [`Event`]s (every quirk Flink applies
//! silently, for the lint rules). [`load`] picks files as a Flink version does; [`effective`]
//! applies command-line overrides and resolves options through the catalog.

pub mod effective;
pub mod input;
pub mod legacy;
pub mod load;
pub mod sensitive;
pub mod shipped;
pub mod source;
pub mod standard;
pub mod value;
mod yaml_tabs;

pub use effective::{Config, Resolved};
pub use load::{ConfigFile, LoadError, load_path};
pub use source::{LineCol, SourceFile, Span};
pub use value::{Value, ValueKind};

use std::fmt;

/// The two configuration file formats Flink has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// `flink-conf.yaml`, read line by line (Flink up to 1.20).
    Legacy,
    /// `config.yaml`, standard YAML 1.2 (Flink 1.19 and later).
    Standard,
}

impl Dialect {
    /// The file name Flink looks for in a conf dir.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Legacy => "flink-conf.yaml",
            Self::Standard => "config.yaml",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Legacy => "legacy flink-conf.yaml",
            Self::Standard => "standard YAML config.yaml",
        })
    }
}

/// Where an entry's value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Written in the configuration file, at `key_span` / `value_span`.
    File,
    /// A `--set KEY=VALUE` / `-D KEY=VALUE` argument (the n-th, 0-based).
    CommandLine { index: usize },
    /// Set by the Flink Kubernetes operator from a manifest field other than
    /// `flinkConfiguration` (`field` names it: `spec.taskManager.resource.memory`); the spans
    /// point at that field.
    Manifest { field: String },
    /// Set by the Flink Kubernetes operator on its own: its default configuration or a
    /// setting it always makes; `why` says which, in words.
    Operator { why: String },
}

/// One key-value pair as Flink stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The flattened Flink key (`taskmanager.memory.process.size`).
    pub key: String,
    pub value: Value,
    /// Where the key is written (for a nested YAML key: its innermost part).
    pub key_span: Option<Span>,
    /// Where the value is written.
    pub value_span: Option<Span>,
    /// For a nested YAML key: the spans of its enclosing keys, outermost first.
    pub parent_spans: Vec<Span>,
    pub origin: Origin,
}

/// Why the legacy parser skipped a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// No `": "` (colon and space) in the line, e.g. `key:value` or `key = value`.
    NoSeparator,
    /// The key or the value is empty after splitting, e.g. ` : x`.
    EmptyKeyOrValue,
}

/// A silent quirk of Flink's reading, recorded for the lint rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Legacy: a line with content that Flink skips (it logs a warning at most).
    LineSkipped { line: Span, reason: SkipReason },
    /// Legacy: a `#` cut the line; `value` is what Flink kept, `cut` the part it dropped.
    /// `attached` is true when the `#` directly follows a non-space character or sits inside
    /// an opening quote, i.e. it was most likely meant as part of the value.
    CommentCutsValue {
        key: String,
        value: Span,
        cut: Span,
        attached: bool,
    },
    /// Legacy: a value wrapped in quotes; Flink keeps the quotes as part of the value.
    QuotedValue { key: String, value: Span },
    /// Legacy: an indented line (an attempt at nested YAML); Flink trims the indentation.
    IndentedLine { line: Span, key: Option<String> },
    /// The same flattened key written twice. `fatal` when Flink rejects the file for it (two
    /// equal keys in one standard YAML mapping); otherwise the later one silently wins.
    DuplicateKey {
        key: String,
        first: Span,
        second: Span,
        fatal: bool,
    },
    /// Standard YAML: a key with an empty or null value; Flink rejects the whole file.
    NullValue { key: String, key_span: Span },
    /// Standard YAML: a list value, which Flink stores in its flow form (`[a, b]`).
    ListValue { key: String, value: Span },
}

/// A reason Flink refuses to load the whole file, with its message and location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// What is wrong, in our words (Flink itself only says "Error parsing YAML configuration.").
    pub message: String,
    pub span: Span,
}

/// The result of parsing one file in one dialect.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Every key-value pair in file order, duplicates included (the later one wins).
    pub entries: Vec<Entry>,
    pub events: Vec<Event>,
    /// Set when Flink would refuse the whole file (standard YAML only).
    pub rejection: Option<Rejection>,
}
