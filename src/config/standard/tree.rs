//! The event reader: builds a tree of YAML nodes with byte spans from granit-parser's events,
//! one tree per document, with anchors and aliases resolved.

use std::collections::HashMap;

use granit_parser::{Event as YamlEvent, Parser, ScalarStyle};

use super::limits::Limits;
use crate::config::Rejection;
use crate::config::source::Span;

/// A YAML node with the byte span of its text.
#[derive(Debug, Clone)]
pub(super) enum Node {
    Scalar {
        value: String,
        style: ScalarStyle,
        /// The resolved tag, e.g. `tag:yaml.org,2002:str` for `!!str`.
        tag: Option<String>,
        span: Span,
    },
    Sequence {
        items: Vec<Node>,
        span: Span,
    },
    Mapping {
        pairs: Vec<(Node, Node)>,
        span: Span,
    },
}

impl Node {
    pub(super) fn span(&self) -> Span {
        match self {
            Self::Scalar { span, .. }
            | Self::Sequence { span, .. }
            | Self::Mapping { span, .. } => *span,
        }
    }
}

/// Builds node trees from the parser's events, one per document.
pub(super) struct TreeBuilder<'a> {
    text: &'a str,
    /// The character standing in for a byte-order mark inside the text (see
    /// [`super::bom_stand_in`]).
    bom_stand_in: Option<char>,
    anchors: HashMap<usize, Node>,
    /// What has been counted against Flink's limits so far.
    pub(super) limits: Limits,
}

/// Byte span of a parser span (always present for string input).
pub(super) fn byte_span(span: &granit_parser::Span) -> Span {
    span.byte_range()
        .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end))
}

pub(super) type Events<'a> = std::iter::Peekable<Parser<'a, granit_parser::StrInput<'a>>>;

impl<'a> TreeBuilder<'a> {
    pub(super) fn new(text: &'a str, bom_stand_in: Option<char>) -> Self {
        Self {
            text,
            bom_stand_in,
            anchors: HashMap::new(),
            limits: Limits::default(),
        }
    }

    /// The text being read.
    pub(super) fn text(&self) -> &'a str {
        self.text
    }

    /// The next event of the stream, or the scanner's error as a refusal.
    pub(super) fn next_event<'e>(
        &self,
        events: &mut Events<'e>,
    ) -> Result<(YamlEvent<'e>, granit_parser::Span), Rejection> {
        next_event(events, self.text)
    }

    /// Counts a mapping without an anchor that the caller reads itself instead of building
    /// it (its start event at `span` has been taken), as [`Self::node`] would count it.
    pub(super) fn count_unanchored_mapping(
        &mut self,
        span: &granit_parser::Span,
    ) -> Result<(), Rejection> {
        self.limits.count_node(byte_span(span))?;
        self.limits.collection_anchor(0);
        Ok(())
    }

    /// Reads one node whose first event has already been taken.
    pub(super) fn node(
        &mut self,
        events: &mut Events<'_>,
        first: YamlEvent<'_>,
        span: &granit_parser::Span,
    ) -> Result<Node, Rejection> {
        let start = byte_span(span);
        self.limits.count_node(start)?;
        let (node, anchor) = match first {
            YamlEvent::Scalar(value, style, anchor, tag) => (
                Node::Scalar {
                    value: match self.bom_stand_in {
                        Some(c) if value.contains(c) => value.replace(c, "\u{feff}"),
                        _ => value.into_owned(),
                    },
                    style,
                    tag: tag.map(|t| format!("{}{}", t.handle(), t.suffix())),
                    span: start,
                },
                anchor,
            ),
            YamlEvent::SequenceStart(_, anchor, _) => {
                self.limits.collection_anchor(anchor);
                let mut items = Vec::new();
                let end = loop {
                    let (event, span) = next_event(events, self.text)?;
                    if matches!(event, YamlEvent::SequenceEnd) {
                        break byte_span(&span);
                    }
                    items.push(self.node(events, event, &span)?);
                };
                (
                    Node::Sequence {
                        items,
                        span: Span::new(start.start, end.end.max(start.end)),
                    },
                    anchor,
                )
            }
            YamlEvent::MappingStart(_, anchor, _) => {
                self.limits.collection_anchor(anchor);
                let mut pairs = Vec::new();
                let end = loop {
                    let (event, span) = next_event(events, self.text)?;
                    if matches!(event, YamlEvent::MappingEnd) {
                        break byte_span(&span);
                    }
                    let key = self.node(events, event, &span)?;
                    let (event, span) = next_event(events, self.text)?;
                    let value = self.node(events, event, &span)?;
                    pairs.push((key, value));
                };
                (
                    Node::Mapping {
                        pairs,
                        span: Span::new(start.start, end.end.max(start.end)),
                    },
                    anchor,
                )
            }
            YamlEvent::Alias(id) => {
                let Some(anchored) = self.anchors.get(&id) else {
                    return Err(Rejection {
                        message: "an alias refers to an unknown anchor".to_owned(),
                        span: start,
                    });
                };
                self.limits.count_alias(anchored, start)?;
                let node = anchored.clone();
                // The alias stands where it is written; keep the anchored content's shape.
                return Ok(relocate(node, start));
            }
            other => {
                return Err(Rejection {
                    message: format!("unexpected YAML event {other:?}"),
                    span: start,
                });
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

/// An aliased node, reported at the alias's position.
fn relocate(node: Node, at: Span) -> Node {
    match node {
        Node::Scalar {
            value, style, tag, ..
        } => Node::Scalar {
            value,
            style,
            tag,
            span: at,
        },
        Node::Sequence { items, .. } => Node::Sequence { items, span: at },
        Node::Mapping { pairs, .. } => Node::Mapping { pairs, span: at },
    }
}

/// The next non-comment event, or the scanner's error as a rejection.
fn next_event<'a>(
    events: &mut Events<'a>,
    text: &str,
) -> Result<(YamlEvent<'a>, granit_parser::Span), Rejection> {
    match events.next() {
        Some(Ok(pair)) => Ok(pair),
        Some(Err(err)) => Err(scan_rejection(&err, text)),
        None => Err(Rejection {
            message: "unexpected end of the YAML stream".to_owned(),
            span: Span::new(text.len(), text.len()),
        }),
    }
}

pub(super) fn scan_rejection(err: &granit_parser::ScanError, text: &str) -> Rejection {
    let at = err
        .marker()
        .byte_offset()
        .unwrap_or(text.len())
        .min(text.len());
    Rejection {
        message: format!("YAML syntax error: {}", err.info()),
        span: Span::new(at, at),
    }
}
