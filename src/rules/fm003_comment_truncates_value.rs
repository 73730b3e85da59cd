//! FM003 `comment-truncates-value`: a `#` inside a legacy value cuts it short.

use super::{Category, RuleMeta};
use crate::config::Event;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM003",
    name: "comment-truncates-value",
    category: Category::File,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM003.md"),
};

/// The legacy reader cuts every line at its first `#`. A `#` right after a character of the
/// value (or inside an opening quote) was most likely meant as part of it; `value # note`, with
/// a blank before the `#`, is an ordinary comment and not reported.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for event in cx.events() {
        let Event::CommentCutsValue {
            key,
            value,
            cut,
            attached: true,
        } = event
        else {
            continue;
        };
        let kept = Context::shown(key, cx.text(*value));
        out.push(
            Finding::new(
                &META,
                *cut,
                format!("`#` ends the value of `{key}`: Flink reads `{kept}` and drops the rest"),
            )
            .primary("Flink reads this as a comment")
            .label(*value, "the whole value Flink sees")
            .help(
                "flink-conf.yaml has no way to escape `#`; remove it from the value, or move to \
                 config.yaml (Flink 1.19+), where a quoted value may contain `#`",
            )
            .key(key),
        );
    }
}
