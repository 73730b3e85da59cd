//! FM004 `duplicate-key`: the same key set twice.

use super::fix_support;
use super::{Category, RuleMeta};
use crate::config::Span;
use crate::config::{Dialect, Event};
use crate::rule_contract::Fix;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM004",
    name: "duplicate-key",
    category: Category::File,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM004.md"),
};

/// snakeyaml-engine refuses two equal keys in one mapping, so Flink refuses the whole
/// `config.yaml` (error). Everywhere else the later value silently wins (warning): two lines of
/// a `flink-conf.yaml`, or a nested and a dotted spelling of one key in a `config.yaml`.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for event in cx.events() {
        let Event::DuplicateKey {
            key,
            first,
            second,
            fatal,
        } = event
        else {
            continue;
        };
        let first_line = cx.line(first.start);
        let finding = if *fatal {
            Finding::new(
                &META,
                *second,
                format!(
                    "`{key}` appears twice in one mapping (first on line {first_line}): Flink \
                     refuses the whole file"
                ),
            )
            .primary("second time")
            .help("keep one of the two; Flink stops with \"Error parsing YAML configuration.\"")
        } else {
            let how = if cx.dialect() == Dialect::Standard {
                "spelled a second time (nested and dotted spellings are the same key)"
            } else {
                "set a second time"
            };
            Finding::new(
                &META,
                *second,
                format!(
                    "`{key}` is {how}: this value replaces the one on line {first_line} without \
                     a warning"
                ),
            )
            .severity(Severity::Warning)
            .primary("this value wins")
            .help("delete the line that should not count, so nobody edits the wrong one")
        };
        out.push(
            finding
                .label(*first, "first set here")
                .key(key)
                .fix_opt(remove_first(cx, key, *first, *second, *fatal)),
        );
    }
}

/// Deleting the first of two equal values: safe where the later one won anyway; where Flink
/// refuses the file for the pair, a repair: the file then loads with the value written twice.
fn remove_first(
    cx: &Context<'_>,
    key: &str,
    first: Span,
    second: Span,
    fatal: bool,
) -> Option<Fix> {
    let find = |span: Span| cx.file_entry_at(key, span);
    let (a, b) = (find(first)?, find(second)?);
    if a.value != b.value {
        return None;
    }
    let edit = fix_support::delete_entry(cx, a)?;
    let title = format!("delete the first `{key}` (the same value)");
    Some(if fatal {
        Fix::repair(title, vec![edit])
    } else {
        Fix::safe(title, vec![edit])
    })
}
