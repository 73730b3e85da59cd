//! FM010 `unused-suppression`: a `# flinkmem: ignore[...]` comment that silences nothing.

use super::{Category, RuleMeta};
use crate::rule_contract::Severity;

pub static META: RuleMeta = RuleMeta {
    code: "FM010",
    name: "unused-suppression",
    category: Category::Suppression,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM010.md"),
};

/// Reported by the engine after the other rules ran (`lint::suppress`), only for codes of rules
/// that ran.
pub(super) use crate::rule_contract::reported_by_engine as check;
