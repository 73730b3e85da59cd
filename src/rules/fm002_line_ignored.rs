//! FM002 `line-ignored`: a line of a legacy `flink-conf.yaml` that Flink skips.

use super::legacy_lines::{BlockLines, blocks, is_bare_name, line_at, lines};
use super::{Category, RuleMeta};
use crate::config::{Event, SkipReason};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM002",
    name: "line-ignored",
    category: Category::File,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM002.md"),
};

/// `GlobalConfiguration.loadYAMLResource` skips a line without `": "` or with an empty key or
/// value, logging at most a warning. Nested blocks are FM005's, bare `key:` lines FM007's.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let all = lines(cx);
    let in_blocks = BlockLines::of(&blocks(cx, &all));
    for event in cx.events() {
        let Event::LineSkipped { line, reason } = event else {
            continue;
        };
        let Some(content) = line_at(&all, *line) else {
            continue;
        };
        if in_blocks.contains(*line) || is_bare_name(cx, content) {
            continue;
        }
        let text = cx.text(content.content);
        let (message, help) = match reason {
            SkipReason::EmptyKeyOrValue => (
                "Flink skips this line: its key is empty".to_owned(),
                "write `key: value`".to_owned(),
            ),
            SkipReason::NoSeparator => no_separator(text),
        };
        out.push(
            Finding::new(&META, content.content, message)
                .primary("Flink ignores this line")
                .help(help),
        );
    }
}

/// What the line probably meant, and how to write it so Flink reads it.
fn no_separator(text: &str) -> (String, String) {
    let message = "Flink skips this line: it has no `: ` (colon and space) between key and value";
    if text.starts_with('-') {
        return (
            "Flink skips this line: flink-conf.yaml has no lists".to_owned(),
            "write the list as one value on the key's line, e.g. `key: a;b` (see the option's \
             documentation for its separator), or use config.yaml (Flink 1.19+)"
                .to_owned(),
        );
    }
    if let Some((key, value)) = text.split_once(':') {
        let key = key.trim();
        let value = value.trim();
        if !key.is_empty() && !value.is_empty() {
            return (
                message.to_owned(),
                format!(
                    "add a space after the colon: `{key}: {}`",
                    Context::shown(key, value)
                ),
            );
        }
    }
    if let Some((key, value)) = text.split_once('=') {
        let key = key.trim();
        return (
            message.to_owned(),
            format!(
                "flink-conf.yaml uses `key: value`, not `=`: `{key}: {}`",
                Context::shown(key, value.trim())
            ),
        );
    }
    (message.to_owned(), "write `key: value`".to_owned())
}
