//! FM600 `manifest-not-understood`: a part of a Flink manifest that cannot be read as the
//! operator reads it.

use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM600",
    name: "manifest-not-understood",
    category: Category::Kubernetes,
    severity: Severity::Error,
    since: "0.2.0",
    doc: include_str!("../../rules/FM600.md"),
};

/// Reports what the manifest reader could not use: a document without `spec`, a field of the
/// wrong type, a `flinkVersion` outside what flinkmem knows, a value that is null, and (added
/// by the engine) a YAML stream that breaks after some documents.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(manifest) = cx.manifest() else {
        return;
    };
    for problem in &manifest.problems {
        out.push(Finding::new(&META, problem.span, problem.message.clone()));
    }
}
