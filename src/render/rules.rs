//! `flinkmem rules`: the rule list as a text table or JSON, and the `rules/README.md` index
//! table (kept in step with the registry by a test).

use std::fmt::Write as _;

use serde::Serialize;

use crate::rules::{RULES, RuleMeta};

/// One rule, as `flinkmem rules --format json` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleEntry {
    pub code: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub severity: &'static str,
    pub since: &'static str,
    pub summary: String,
    pub url: Option<String>,
}

fn entry(meta: &RuleMeta) -> RuleEntry {
    RuleEntry {
        code: meta.code,
        name: meta.name,
        category: meta.category.as_str(),
        severity: meta.severity.as_str(),
        since: meta.since,
        summary: meta.summary(),
        url: meta.url(),
    }
}

/// Every rule as JSON.
pub fn json() -> String {
    let entries: Vec<RuleEntry> = RULES.iter().map(|r| entry(r.meta)).collect();
    let mut text = serde_json::to_string_pretty(&entries).unwrap_or_default();
    text.push('\n');
    text
}

/// Every rule as an aligned text table.
pub fn text() -> String {
    let width = RULES.iter().map(|r| r.meta.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in RULES {
        let m = rule.meta;
        let _ = writeln!(
            out,
            "{}  {:width$}  {:11}  {:7}  {}",
            m.code,
            m.name,
            m.category.as_str(),
            m.severity.as_str(),
            m.summary()
        );
    }
    out
}

/// The table of `rules/README.md`.
pub fn markdown_index() -> String {
    let mut out = String::from(
        "| code | name | category | default severity | since | what it does |\n\
         |---|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let m = rule.meta;
        let _ = writeln!(
            out,
            "| [{code}]({code}.md) | `{}` | {} | {} | {} | {} |",
            m.name,
            m.category.as_str(),
            m.severity.as_str(),
            m.since,
            m.summary().replace('|', "\\|"),
            code = m.code,
        );
    }
    out
}
