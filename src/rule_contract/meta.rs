//! What every rule is without running it: its code, name, family, severity and documentation
//! ([`RuleMeta`]), its check ([`Rule`]), and the [`Registry`] the engine is given.

use std::fmt;

use super::{Context, Finding, Severity};

/// The family a rule belongs to; the hundreds digit of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// `FM0xx`: how Flink reads (or refuses, or ignores) the file itself.
    File,
    /// `FM01x`: flinkmem's own inline suppressions.
    Suppression,
    /// `FM1xx`: keys that are unknown, deprecated, ignored or shadowed.
    Keys,
    /// `FM2xx`: values Flink cannot convert to the option's type.
    Values,
    /// `FM3xx`: the `TaskManager` and `JobManager` memory budget.
    Memory,
    /// `FM4xx`: the network stack (segments and buffers).
    Network,
    /// `FM5xx`: state backends and managed memory.
    State,
    /// `FM6xx`: Kubernetes manifests as the Flink Kubernetes operator reads them.
    Kubernetes,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Suppression => "suppression",
            Self::Keys => "keys",
            Self::Values => "values",
            Self::Memory => "memory",
            Self::Network => "network",
            Self::State => "state",
            Self::Kubernetes => "kubernetes",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that is known about a rule without running it.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// The permanent code, e.g. `FM101`.
    pub code: &'static str,
    /// Kebab-case, naming the problem (reads as "allow <name>").
    pub name: &'static str,
    pub category: Category,
    /// The most severe level the rule reports at; some rules report a lower one in some cases
    /// (their docs say when).
    pub severity: Severity,
    /// The flinkmem version that introduced the rule.
    pub since: &'static str,
    /// `rules/FMnnn.md`.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The one-line summary: the first paragraph under `## What it does`.
    pub fn summary(&self) -> String {
        let Some((_, rest)) = self.doc.split_once("## What it does") else {
            return String::new();
        };
        rest.trim_start()
            .split("\n\n")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Where the documentation is published, when the package declares its repository.
    pub fn url(&self) -> Option<String> {
        let repository = env!("CARGO_PKG_REPOSITORY");
        (!repository.is_empty()).then(|| {
            format!(
                "{}/blob/v{}/rules/{}.md",
                repository.trim_end_matches('/'),
                env!("CARGO_PKG_VERSION"),
                self.code
            )
        })
    }
}

/// The signature of every rule: read the context, push findings.
pub type Check = fn(&Context<'_>, &mut Vec<Finding>);

/// A rule: its metadata and its check.
#[derive(Debug)]
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

/// The rules a lint run can use, as the engine is given them: every rule sorted by code, and the
/// rules the engine reports itself (suppressions, manifests it cannot read).
#[derive(Debug)]
pub struct Registry {
    pub rules: &'static [Rule],
    /// FM010: a suppression that suppressed nothing.
    pub unused_suppression: &'static RuleMeta,
    /// FM011: a suppression comment that names no rule.
    pub invalid_suppression: &'static RuleMeta,
    /// FM600: a manifest the engine cannot read.
    pub manifest_not_understood: &'static RuleMeta,
}

impl Registry {
    /// The rule with this code (`FM101`, any case) or name (`unknown-key`).
    pub fn find(&self, code_or_name: &str) -> Option<&'static Rule> {
        let wanted = code_or_name.trim();
        self.rules.iter().find(|r| {
            r.meta.code.eq_ignore_ascii_case(wanted) || r.meta.name.eq_ignore_ascii_case(wanted)
        })
    }

    /// The code or name closest to an unknown one, for "did you mean".
    pub fn suggest(&self, unknown: &str) -> Option<&'static str> {
        let wanted = unknown.trim().to_uppercase();
        let lower = unknown.trim().to_lowercase();
        self.rules
            .iter()
            .map(|r| (strsim::jaro_winkler(&wanted, r.meta.code), r.meta.code))
            .chain(
                self.rules
                    .iter()
                    .map(|r| (strsim::jaro_winkler(&lower, r.meta.name), r.meta.name)),
            )
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, code)| code)
    }
}

/// A no-op check for the rules the engine reports itself.
pub fn reported_by_engine(_: &Context<'_>, _: &mut Vec<Finding>) {}
