//! FM001 `yaml-syntax-error`: a `config.yaml` that Flink's YAML parser refuses.

use super::{Category, RuleMeta};
use crate::config::{Dialect, Event};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM001",
    name: "yaml-syntax-error",
    category: Category::File,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM001.md"),
};

/// The loader keeps the first reason Flink would refuse the file; duplicate keys and empty
/// values have rules of their own (FM004, FM007), everything else is reported here.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(rejection) = &cx.file.parsed.rejection else {
        return;
    };
    if cx.dialect() != Dialect::Standard {
        return;
    }
    let reported_elsewhere = cx.events().iter().any(|event| match event {
        Event::DuplicateKey {
            second,
            fatal: true,
            ..
        } => *second == rejection.span,
        Event::NullValue { key_span, .. } => *key_span == rejection.span,
        _ => false,
    });
    if reported_elsewhere {
        return;
    }
    out.push(
        Finding::new(
            &META,
            rejection.span,
            format!("Flink cannot load this file: {}", rejection.message),
        )
        .primary("here")
        .help(
            "Flink stops with \"Error parsing YAML configuration.\"; fix the YAML (a YAML linter \
             shows the details) so the file parses",
        ),
    );
}
