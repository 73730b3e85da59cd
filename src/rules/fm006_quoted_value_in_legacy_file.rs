//! FM006 `quoted-value-in-legacy-file`: quotes around a legacy value become part of it.

use super::{Category, RuleMeta};
use crate::catalog::OptionType;
use crate::config::Event;
use crate::edit::TextEdit;
use crate::rule_contract::{Context, Finding, Fix, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM006",
    name: "quoted-value-in-legacy-file",
    category: Category::File,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM006.md"),
};

/// The legacy reader stores the text after `": "` as it is; it never removes quotes.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for event in cx.events() {
        let Event::QuotedValue { key, value } = event else {
            continue;
        };
        let text = cx.text(*value);
        let unquoted = &text[1..text.len().saturating_sub(1).max(1)];
        let consequence = match cx.option_of(key).map(|o| &o.ty) {
            Some(OptionType::String | OptionType::Other(_)) | None => {
                "the quote characters become part of the value"
            }
            Some(_) => {
                "the quote characters become part of the value, which Flink then cannot parse"
            }
        };
        out.push(
            Finding::new(
                &META,
                *value,
                format!("`{key}` is quoted in a flink-conf.yaml: {consequence}"),
            )
            .primary(format!(
                "Flink reads {} characters, quotes included",
                text.chars().count()
            ))
            .help(format!(
                "remove the quotes: `{key}: {}`",
                Context::shown(key, unquoted)
            ))
            .key(key)
            .fix(Fix::repair(
                "remove the quotes",
                vec![TextEdit::replace(*value, unquoted)],
            )),
        );
    }
}
