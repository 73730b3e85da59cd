//! What a rule reports: a [`Finding`] with its primary span, secondary labels, message and help,
//! and the [`Severity`] scale findings are filtered and failed on.

use std::borrow::Cow;
use std::fmt;

use super::RuleMeta;
use crate::config::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Flink accepts it, but it does not do what it seems to, or will break on the next change.
    Warning,
    /// Flink refuses it, or it can never have the intended effect.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix keeps what Flink computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Keeps both memory budgets byte for byte (`lint --fix` checks this before writing; a
    /// fix that would not is left alone).
    Safe,
    /// Changes a budget or a value on purpose; applied only with `--unsafe-fixes`.
    Unsafe,
}

/// A change that resolves the finding: byte-range edits of the file, applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in words: `rename to rest.port`.
    pub title: String,
    pub safety: Safety,
    pub edits: Vec<crate::edit::TextEdit>,
    /// A safe fix that makes a value Flink cannot read readable as the user wrote it: it may
    /// turn a budget Flink refuses into one it computes, never change one it computes.
    pub repairs: bool,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<crate::edit::TextEdit>) -> Self {
        Self {
            title: title.into(),
            safety: Safety::Safe,
            edits,
            repairs: false,
        }
    }

    /// A safe fix that repairs a value Flink refuses (see [`Fix::repairs`]).
    pub fn repair(title: impl Into<String>, edits: Vec<crate::edit::TextEdit>) -> Self {
        Self {
            repairs: true,
            ..Self::safe(title, edits)
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<crate::edit::TextEdit>) -> Self {
        Self {
            title: title.into(),
            safety: Safety::Unsafe,
            edits,
            repairs: false,
        }
    }
}

/// A secondary place in the file that the finding involves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One problem in one file, found by one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// The rule's default severity unless the rule or `.flinkmem.toml` says otherwise.
    pub severity: Severity,
    /// The key or value to change.
    pub span: Span,
    /// Text shown under the primary span (most are fixed texts, kept without a copy).
    pub span_label: Option<Cow<'static, str>>,
    /// The other keys involved.
    pub labels: Vec<Label>,
    /// The fact, with its numbers: lowercase, no final period.
    pub message: String,
    /// The fix.
    pub help: Option<Cow<'static, str>>,
    /// The Flink key the finding is about, when there is one (used for JSON and fingerprints).
    pub key: Option<String>,
    /// The edit `lint --fix` makes, when the rule knows one.
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            span,
            span_label: None,
            labels: Vec::new(),
            message: message.into(),
            help: None,
            key: None,
            fix: None,
        }
    }

    /// The rule's code, e.g. `FM101`.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Text under the primary span.
    #[must_use]
    pub fn primary(mut self, text: impl Into<Cow<'static, str>>) -> Self {
        self.span_label = Some(text.into());
        self
    }

    /// A secondary label.
    #[must_use]
    pub fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A fix, when the rule could build one.
    #[must_use]
    pub fn fix_opt(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.or(self.fix);
        self
    }

    #[must_use]
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}
