//! FM005 `nested-yaml-in-legacy-file`: indented (nested) lines in a `flink-conf.yaml`.

use super::legacy_lines::{blocks, dotted_keys, lines};
use super::{Category, RuleMeta};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM005",
    name: "nested-yaml-in-legacy-file",
    category: Category::File,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM005.md"),
};

/// The legacy reader trims each line and never looks at indentation: a `name:` header line is
/// skipped (no `": "`) and an indented `size: 4g` becomes the flat key `size`. One finding per
/// block, with the key each line was meant to be.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let all = lines(cx);
    for block in blocks(cx, &all) {
        let keys = dotted_keys(cx, &block);
        let Some(primary) = block.header.or_else(|| block.members.first().copied()) else {
            continue;
        };
        let message = match keys.first() {
            Some((line, meant)) => {
                let read = cx
                    .text(line.content)
                    .split_once(": ")
                    .map_or("", |(k, _)| k.trim());
                if read == meant {
                    format!(
                        "indented lines in a flink-conf.yaml: Flink reads `{read}` (line {}) but \
                         not as part of any block",
                        cx.line(line.span.start)
                    )
                } else {
                    format!(
                        "nested YAML in a flink-conf.yaml: Flink reads `{read}` (line {}), not \
                         `{meant}`",
                        cx.line(line.span.start)
                    )
                }
            }
            None => "nested YAML in a flink-conf.yaml: Flink skips these lines".to_owned(),
        };
        let mut finding =
            Finding::new(&META, primary.content, message).primary(if block.header.is_some() {
                "Flink skips this line"
            } else {
                "Flink ignores the indentation"
            });
        for (line, meant) in &keys {
            let read = cx
                .text(line.content)
                .split_once(": ")
                .map_or("", |(k, _)| k.trim());
            if read != meant {
                finding = finding.label(line.content, format!("read as `{read}`, meant `{meant}`"));
            }
        }
        let example = keys.first().map_or_else(String::new, |(line, meant)| {
            let value = cx
                .text(line.content)
                .split_once(": ")
                .map_or("", |(_, v)| v.trim());
            format!(", e.g. `{meant}: {}`", Context::shown(meant, value))
        });
        if let Some((_, meant)) = keys.first() {
            finding = finding.key(meant);
        }
        out.push(finding.help(format!(
            "write every key in full on one unindented line{example}, or move to config.yaml \
             (Flink 1.19+), which is real YAML"
        )));
    }
}
