//! FM007 `empty-value`: a key with nothing after it.

use super::legacy_lines::{BlockLines, blocks, is_bare_name, lines};
use super::{Category, RuleMeta};
use crate::config::{Event, Span};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM007",
    name: "empty-value",
    category: Category::File,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM007.md"),
};

/// In a `config.yaml` an empty value is a YAML null, and Flink's `Configuration` refuses null
/// values, so the whole file is rejected (error). A legacy `key:` line has no `": "` and is
/// skipped (warning). A `key:` followed by indented lines is a nested block (FM005).
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for event in cx.events() {
        if let Event::NullValue { key, key_span } = event {
            out.push(
                Finding::new(
                    &META,
                    *key_span,
                    format!("`{key}` has no value: Flink refuses the whole file"),
                )
                .primary("no value")
                .help(
                    "give it a value or delete the line; Flink stops with \"Error parsing YAML \
                     configuration.\" (Value must not be null)",
                )
                .key(key),
            );
        }
    }
    let all = lines(cx);
    let in_blocks = BlockLines::of(&blocks(cx, &all));
    for line in all.iter().filter(|l| !l.indented && is_bare_name(cx, l)) {
        if in_blocks.contains(line.span) {
            continue;
        }
        let name = cx.text(line.content).trim_end_matches(':');
        let key = name.trim();
        // Where the key starts: the line's content may begin with a blank Flink does not trim
        // (a no-break space) but `trim` does.
        let start = line.content.start + (name.len() - name.trim_start().len());
        let key_span = Span::new(start, start + key.len());
        out.push(
            Finding::new(
                &META,
                key_span,
                format!("`{key}` has no value: Flink skips this line"),
            )
            .severity(Severity::Warning)
            .primary("no value")
            .help("give it a value after `: `, or delete the line to keep the default")
            .key(key),
        );
    }
}
