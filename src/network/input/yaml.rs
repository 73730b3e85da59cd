//! YAML into the document tree (`granit-parser` events), with aliases expanded and bounded
//! (nesting depth, node count).

use granit_parser::{Event, Parser, ScalarStyle};

use super::tree::{Fail, Kind, MAX_DEPTH, Node, Result};
use crate::config::source::Span;

/// Most nodes a document may expand to through YAML aliases (guards against alias bombs).
const MAX_NODES: usize = 1_000_000;

/// Parses a YAML document (a job file; JSON goes through [`parse_json`]). `None` for an empty
/// document.
pub(super) fn parse_yaml(text: &str) -> Result<Option<Node>> {
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let mut builder = YamlBuilder {
        text,
        events: Parser::new_from_str_with_options(text, options),
        anchors: std::collections::HashMap::new(),
        nodes: 0,
    };
    let mut documents: Vec<Node> = Vec::new();
    loop {
        let (event, span) = builder.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::DocumentStart(..) => {}
            Event::StreamEnd => break,
            other => {
                let node = builder.node(other, byte_span(&span), 0)?;
                documents.push(node);
            }
        }
    }
    if documents.len() > 1 {
        return Err(Fail::new(
            documents[1].span,
            "more than one YAML document in the file",
        ));
    }
    Ok(documents.pop().filter(|node| !node.is_null()))
}

struct YamlBuilder<'a> {
    text: &'a str,
    events: Parser<'a, granit_parser::StrInput<'a>>,
    anchors: std::collections::HashMap<usize, Node>,
    /// Nodes built so far, aliases counted with their whole content.
    nodes: usize,
}

fn byte_span(span: &granit_parser::Span) -> Span {
    span.byte_range()
        .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end))
}

impl<'a> YamlBuilder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, granit_parser::Span)> {
        match self.events.next() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(err)) => {
                let at = err
                    .marker()
                    .byte_offset()
                    .unwrap_or(self.text.len())
                    .min(self.text.len());
                Err(Fail::new(
                    Span::new(at, at),
                    format!("YAML syntax error: {}", err.info()),
                ))
            }
            None => Err(Fail::new(
                Span::new(self.text.len(), self.text.len()),
                "unexpected end of the YAML stream",
            )),
        }
    }

    fn count(&mut self, n: usize, at: Span) -> Result<()> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(Fail::new(
                at,
                format!("the document expands to more than {MAX_NODES} nodes (YAML aliases)"),
            ));
        }
        Ok(())
    }

    fn node(&mut self, first: Event<'a>, start: Span, depth: usize) -> Result<Node> {
        if depth > MAX_DEPTH {
            return Err(Fail::new(start, "the document is nested too deeply"));
        }
        self.count(1, start)?;
        let (node, anchor) = match first {
            Event::Scalar(value, style, anchor, tag) => {
                // `!!str 42` is a string; other tags leave the plain scalar to the core schema.
                let plain = style == ScalarStyle::Plain
                    && !tag
                        .is_some_and(|t| format!("{}{}", t.handle(), t.suffix()).ends_with("str"));
                (
                    Node {
                        kind: Kind::Scalar {
                            text: value.into_owned(),
                            plain,
                        },
                        span: start,
                    },
                    anchor,
                )
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break byte_span(&span);
                    }
                    items.push(self.node(event, byte_span(&span), depth + 1)?);
                };
                (
                    Node {
                        kind: Kind::Seq(items),
                        span: Span::new(start.start, end.end.max(start.end)),
                    },
                    anchor,
                )
            }
            Event::MappingStart(_, anchor, _) => {
                let mut pairs = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break byte_span(&span);
                    }
                    let key = self.node(event, byte_span(&span), depth + 1)?;
                    let (event, span) = self.next()?;
                    let value = self.node(event, byte_span(&span), depth + 1)?;
                    pairs.push((key, value));
                };
                (
                    Node {
                        kind: Kind::Map(pairs),
                        span: Span::new(start.start, end.end.max(start.end)),
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| Fail::new(start, "an alias refers to an unknown anchor"))?;
                self.count(size(&node), start)?;
                // Aliases must not nest the document deeper than written nodes may.
                if depth.saturating_add(height(&node)) > MAX_DEPTH + 1 {
                    return Err(Fail::new(start, "the document is nested too deeply"));
                }
                // Reported where the alias is written.
                return Ok(Node {
                    span: start,
                    ..node
                });
            }
            other => {
                return Err(Fail::new(start, format!("unexpected YAML event {other:?}")));
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

/// Levels of a tree (1 for a scalar).
fn height(node: &Node) -> usize {
    let inner = match &node.kind {
        Kind::Scalar { .. } => 0,
        Kind::Seq(items) => items.iter().map(height).max().unwrap_or(0),
        Kind::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| height(k).max(height(v)))
            .max()
            .unwrap_or(0),
    };
    inner.saturating_add(1)
}

/// Nodes in a tree.
fn size(node: &Node) -> usize {
    match &node.kind {
        Kind::Scalar { .. } => 1,
        Kind::Seq(items) => items.iter().map(size).fold(1, usize::saturating_add),
        Kind::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| size(k).saturating_add(size(v)))
            .fold(1, usize::saturating_add),
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn yaml_scalars_are_typed_by_style() {
        let root = parse_yaml("a: 1\nb: '1'\nc: ~\nd: !!str 2\ne: 0x10\n")
            .unwrap()
            .unwrap();
        assert_eq!(root.get("a").unwrap().int("a").unwrap(), 1);
        assert!(root.get("b").unwrap().int("b").is_err());
        assert_eq!(root.get("b").unwrap().str("b").unwrap(), "1");
        assert!(root.get("c").unwrap().is_null());
        assert!(root.get("d").unwrap().int("d").is_err());
        assert_eq!(root.get("e").unwrap().int("e").unwrap(), 16);
    }

    #[test]
    fn yaml_aliases_expand_and_bombs_stop() {
        let root = parse_yaml("a: &x [1, 2]\nb: *x\n").unwrap().unwrap();
        assert_eq!(root.get("b").unwrap().seq("b").unwrap().len(), 2);
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            writeln!(bomb, "a{i}: &a{i} [{refs}]").unwrap();
        }
        let err = parse_yaml(&bomb).unwrap_err();
        assert!(err.message.contains("more than"), "{err:?}");
    }

    #[test]
    fn aliases_cannot_nest_deeper_than_the_limit() {
        // Each anchor nests the previous one 40 levels deeper.
        let mut text = String::from("a0: &a0 x\n");
        for i in 1..20 {
            let prev = i - 1;
            writeln!(
                text,
                "a{i}: &a{i} {}*a{prev}{}",
                "[".repeat(40),
                "]".repeat(40)
            )
            .unwrap();
        }
        let err = parse_yaml(&text).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{err:?}");
    }

    #[test]
    fn deep_yaml_is_an_error() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_yaml(&text).is_err());
        // 200 nested block lists: over the nesting limit, an error (not a stack overflow).
        let block: String = (0..200).map(|i| " ".repeat(i * 2) + "- \n").collect();
        assert!(parse_yaml(&block).is_err());
    }

    #[test]
    fn empty_yaml_is_none() {
        assert_eq!(parse_yaml("").unwrap(), None);
        assert_eq!(parse_yaml("# just a comment\n").unwrap(), None);
        assert!(parse_yaml("a: 1\n---\nb: 2\n").is_err());
    }
}
