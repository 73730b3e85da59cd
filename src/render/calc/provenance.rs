//! Where a number came from, in words: the provenance column of the calculator's output.

use crate::calc::Provenance;
use crate::config::sensitive::display_value;
use crate::config::{Config, Origin, Span};
use crate::java;
use crate::sizing::{Calculation, Source};

/// What the provenance text needs to know about the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub config: &'a Config,
    pub source: &'a Source,
    pub override_labels: &'a [String],
}

impl<'a> Context<'a> {
    pub fn of(calculation: &'a Calculation) -> Self {
        Self {
            config: &calculation.config,
            source: &calculation.source,
            override_labels: &calculation.override_labels,
        }
    }

    /// How the n-th (0-based) command-line override is named: `--set #1`.
    pub fn override_label(&self, index: usize) -> String {
        self.override_labels
            .get(index)
            .cloned()
            .unwrap_or_else(|| format!("--set #{}", index + 1))
    }

    /// `path:line:column` of a span in the file, or `None` for the embedded default.
    pub fn file_location(&self, span: Option<Span>) -> Option<(String, usize, usize)> {
        if *self.source == Source::Shipped {
            return None;
        }
        let file = self.config.file()?;
        let at = file.source.line_col(span.map_or(0, |s| s.start));
        Some((file.source.path().display().to_string(), at.line, at.column))
    }

    /// Where a value was written, in words: `at conf/config.yaml:3:5`, `in Flink's shipped
    /// default configuration`, `on the command line (--set #1)`.
    pub fn written(&self, origin: &Origin, span: Option<Span>) -> String {
        match origin {
            Origin::CommandLine { index } => {
                format!("on the command line ({})", self.override_label(*index))
            }
            Origin::File => match self.file_location(span) {
                Some((path, line, column)) => format!("at {path}:{line}:{column}"),
                None => "in Flink's shipped default configuration".to_owned(),
            },
            Origin::Manifest { field } => match self.file_location(span) {
                Some((path, line, column)) => format!("from {field} at {path}:{line}:{column}"),
                None => format!("from {field}"),
            },
            Origin::Operator { why } => format!("by the Kubernetes operator ({why})"),
        }
    }

    /// The value `key` has, as written (masked if sensitive), when it is set.
    pub fn raw_value(&self, key: &str) -> Option<String> {
        self.config
            .resolve(key)
            .map(|r| display_value(key, &r.entry.value.java_string()).into_owned())
    }

    /// The fraction option `key` as configured (or its default), printed as a float.
    fn fraction_value(&self, key: &str) -> Option<f32> {
        let text = match self.config.resolve(key) {
            Some(r) => r.entry.value.java_string().into_owned(),
            None => self.config.default_text(key)?.to_owned(),
        };
        java::parse_float(&text)
    }
}

/// The provenance of a component, in words.
pub fn describe(provenance: &Provenance, context: &Context<'_>) -> String {
    match provenance {
        Provenance::Configured {
            key,
            via,
            origin,
            span,
        } => {
            let written = match origin {
                Origin::CommandLine { index } => {
                    let label = context.override_label(*index);
                    if label.starts_with("--") {
                        format!("command line {label}")
                    } else {
                        label
                    }
                }
                Origin::File => match context.file_location(*span) {
                    Some((path, line, column)) => format!("configured at {path}:{line}:{column}"),
                    None => "shipped default".to_owned(),
                },
                Origin::Manifest { field } => match context.file_location(*span) {
                    Some((path, line, column)) => format!("{field} at {path}:{line}:{column}"),
                    None => field.clone(),
                },
                Origin::Operator { why } => format!("Kubernetes operator: {why}"),
            };
            match via {
                Some(via) => format!("{written} ({via}, an old name of {key})"),
                None => format!("{written} ({key})"),
            }
        }
        Provenance::Default { key } => format!("default ({key})"),
        Provenance::Fraction { key, fraction, of } => {
            let configured = context.fraction_value(key);
            match configured {
                Some(f) if java::double_to_string(f64::from(f)) == *fraction => {
                    format!("fraction {f} of {of} ({key})")
                }
                Some(f) => format!("inverse fraction {f}: {of} × {fraction} ({key})"),
                None => format!("{of} × {fraction} ({key})"),
            }
        }
        Provenance::ClampedToMin { key, derived } => format!(
            "clamped to min {key} (derived {})",
            derived.to_human_readable()
        ),
        Provenance::ClampedToMax { key, derived } => format!(
            "clamped to max {key} (derived {})",
            derived.to_human_readable()
        ),
        Provenance::Remainder { of } => format!("remainder of {of}"),
        Provenance::Sum { of } => format!("sum of {of}"),
        Provenance::Legacy { key, origin, span } => {
            format!("legacy key {key} {}", context.written(origin, *span))
        }
    }
}

/// The option key a provenance names, if any.
pub fn key_of(provenance: &Provenance) -> Option<&str> {
    match provenance {
        Provenance::Configured { key, .. }
        | Provenance::Default { key }
        | Provenance::Fraction { key, .. }
        | Provenance::ClampedToMin { key, .. }
        | Provenance::ClampedToMax { key, .. }
        | Provenance::Legacy { key, .. } => Some(key),
        Provenance::Remainder { .. } | Provenance::Sum { .. } => None,
    }
}
