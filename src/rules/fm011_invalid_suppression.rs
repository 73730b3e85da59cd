//! FM011 `invalid-suppression`: a `# flinkmem:` comment that cannot be understood or gives no
//! reason.

use super::{Category, RuleMeta};
use crate::rule_contract::Severity;

pub static META: RuleMeta = RuleMeta {
    code: "FM011",
    name: "invalid-suppression",
    category: Category::Suppression,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM011.md"),
};

/// Reported by the engine while it reads the suppressions (`lint::suppress`).
pub(super) use crate::rule_contract::reported_by_engine as check;
