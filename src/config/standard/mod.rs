//! The standard YAML `config.yaml` reader (Flink 1.19 and later, FLIP-366).
//!
//! Flink loads the file with snakeyaml-engine and the YAML 1.2 core schema
//! (`YamlParserUtils.loadYamlFile`), then flattens nested mappings into dotted keys
//! (`GlobalConfiguration.flatten`; the later of two equal flattened keys wins). This module
//! parses with `granit-parser`, an event parser that keeps byte spans, scalar styles and tags,
//! and does the core-schema typing itself from the scalar text, so that every value is the
//! Java object Flink would store, not what a Rust YAML library would make of it.

mod core_schema;
mod duplicates;
mod flatten;
mod limits;
mod tree;

use granit_parser::{Event as YamlEvent, Parser, ScalarStyle};

use self::core_schema::{Object, resolve_plain};
use self::flatten::Flattener;
use self::tree::{Events, Node, TreeBuilder, scan_rejection};
use super::source::SourceFile;
use super::{Parsed, Rejection};

/// snakeyaml-engine skips a byte-order mark only at the start of the stream; anywhere else it is
/// an ordinary character (Flink 2.x's own migration writes `\u{feff}a: '1'` on a later line and
/// reads the key `\u{feff}a` back), while granit-parser refuses it. Such marks are replaced by a
/// private-use character of the same UTF-8 length that the text does not contain, and put back
/// into every scalar; spans stay the same.
fn bom_stand_in(text: &str) -> Option<(String, char)> {
    const BOM: char = '\u{feff}';
    let body = text.strip_prefix(BOM).unwrap_or(text);
    if !body.contains(BOM) {
        return None;
    }
    let stand_in = ('\u{e000}'..='\u{f8ff}').find(|&c| !text.contains(c))?;
    let start = text.len() - body.len();
    Some((
        format!(
            "{}{}",
            &text[..start],
            body.replace(BOM, stand_in.encode_utf8(&mut [0; 4]))
        ),
        stand_in,
    ))
}

/// Parses a whole `config.yaml` the way Flink 1.19+ reads it.
pub fn parse(file: &SourceFile) -> Parsed {
    let replaced = bom_stand_in(file.text());
    let text = replaced.as_ref().map_or(file.text(), |(t, _)| t.as_str());
    let mut parsed = Parsed::default();
    if let Some(rejection) = super::yaml_tabs::refused_tab(text) {
        parsed.rejection = Some(rejection);
        return parsed;
    }
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut events: Events<'_> = Parser::new_from_str_with_options(text, options).peekable();
    let mut builder = TreeBuilder::new(text, replaced.as_ref().map(|(_, c)| *c));
    match read_documents(&mut parsed, &mut builder, &mut events) {
        Ok(refusal) => {
            if let Some(refusal) = refusal {
                parsed.rejection = Some(refusal);
            }
        }
        Err(rejection) => {
            // Past the node limit, Flink (which shares aliased nodes) would still refuse the
            // file if it exceeds the alias limit further on: say so.
            let rejection = (builder.limits.nodes_exceeded())
                .then(|| builder.limits.alias_limit_after(&mut events))
                .flatten()
                .unwrap_or(rejection);
            // Flink reads nothing from a file its YAML reader refuses.
            parsed = Parsed {
                rejection: Some(rejection),
                ..Parsed::default()
            };
        }
    }
    parsed
}

/// Reads every document, flattening the first into `parsed`. An error of the YAML reader
/// ends the reading; otherwise the result is how the documents make Flink refuse the file, if
/// they do (before any refusal the flattening noted): a top level that is not a mapping, or
/// a second document.
fn read_documents(
    parsed: &mut Parsed,
    builder: &mut TreeBuilder<'_>,
    events: &mut Events<'_>,
) -> Result<Option<Rejection>, Rejection> {
    let mut flattener = Flattener::new(parsed);
    let mut documents = 0;
    let mut not_a_mapping = None;
    let mut second_document = None;
    loop {
        let (event, span) = match events.next() {
            None => break,
            Some(Ok(pair)) => pair,
            Some(Err(err)) => return Err(scan_rejection(&err, builder.text())),
        };
        match event {
            YamlEvent::StreamStart | YamlEvent::DocumentEnd | YamlEvent::DocumentStart(..) => {}
            YamlEvent::StreamEnd => break,
            YamlEvent::MappingStart(_, 0, _) if documents == 0 => {
                documents += 1;
                builder.count_unanchored_mapping(&span)?;
                flattener.stream_mapping(builder, events, "", &[])?;
            }
            other => {
                documents += 1;
                let node = builder.node(events, other, &span)?;
                if documents > 1 {
                    second_document.get_or_insert(node.span());
                    continue;
                }
                match node {
                    Node::Mapping { pairs, .. } => flattener.built_mapping(&pairs, "", &[]),
                    Node::Scalar { value, style, .. }
                        if style == ScalarStyle::Plain && resolve_plain(&value) == Object::Null => {
                    }
                    other => {
                        not_a_mapping = Some(Rejection {
                            message: "the top level of the file is not a mapping of keys to values"
                                .to_owned(),
                            span: other.span(),
                        });
                    }
                }
            }
        }
    }
    Ok(not_a_mapping.or_else(|| {
        second_document.map(|span| Rejection {
            message: "more than one YAML document in the file".to_owned(),
            span,
        })
    }))
}

#[cfg(test)]
mod tests;
