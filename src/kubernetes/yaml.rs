//! A YAML stream as Kubernetes tools write it (`kubectl`, `helm template`, kustomize): its
//! documents as node trees with byte spans, read under limits so that no file can exhaust the
//! stack or memory (nesting depth, aliases, node count).

use std::collections::HashMap;

use granit_parser::{Event as YamlEvent, Parser, ScalarStyle};

use crate::config::Span;

/// Deeper nesting than any manifest needs; the reader stops there instead of recursing on.
pub const MAX_DEPTH: usize = 64;
/// Aliases of collections per document (snakeyaml's default, which Kubernetes clients share).
pub const MAX_COLLECTION_ALIASES: usize = 50;
/// Nodes per stream, aliases counted as what they expand to.
pub const MAX_NODES: usize = 1_000_000;

/// A YAML node with the byte span of its text.
#[derive(Debug, Clone)]
pub enum Node {
    Scalar(Scalar),
    Sequence {
        items: Vec<Node>,
        span: Span,
    },
    Mapping {
        pairs: Vec<(Node, Node)>,
        span: Span,
    },
}

/// A scalar: its value after YAML's escapes and folding, how it was written, and where.
#[derive(Debug, Clone)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
    pub span: Span,
}

impl Node {
    pub fn span(&self) -> Span {
        match self {
            Self::Scalar(s) => s.span,
            Self::Sequence { span, .. } | Self::Mapping { span, .. } => *span,
        }
    }

    /// The value of `key` in a mapping (the last one when a key is repeated, as Kubernetes'
    /// lenient decoding keeps it), with the key node.
    pub fn entry(&self, key: &str) -> Option<(&Scalar, &Node)> {
        let Self::Mapping { pairs, .. } = self else {
            return None;
        };
        pairs.iter().rev().find_map(|(k, v)| match k {
            Self::Scalar(s) if s.value == key => Some((s, v)),
            _ => None,
        })
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The node at a path of mapping keys.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Self::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar's text, unless it is YAML's null (`~`, `null`, empty).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar()
            .filter(|s| !s.is_null())
            .map(|s| s.value.as_str())
    }

    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }

    /// What kind of node this is, in words, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Scalar(s) if s.is_null() => "null",
            Self::Scalar(_) => "a scalar",
            Self::Sequence { .. } => "a list",
            Self::Mapping { .. } => "a mapping",
        }
    }
}

impl Scalar {
    /// A plain `~`, `null` (any case YAML allows) or nothing.
    pub fn is_null(&self) -> bool {
        self.style == ScalarStyle::Plain
            && matches!(self.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }

    /// Whether the scalar was written in quotes or as a block, i.e. YAML makes it a string.
    pub fn is_plain(&self) -> bool {
        self.style == ScalarStyle::Plain
    }
}

/// One document of the stream.
#[derive(Debug, Clone)]
pub struct Document {
    pub root: Node,
    /// Where the text that belongs to this document starts (after the previous document),
    /// so comments before its first node (Helm's `# Source:`) can be found.
    pub preamble_start: usize,
}

/// Why the stream could not be read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamError {
    pub message: String,
    pub span: Span,
}

/// The documents of a stream, up to the first error.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub error: Option<StreamError>,
}

/// Reads every document of a YAML stream.
pub fn read(text: &str) -> Stream {
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut events = Parser::new_from_str_with_options(text, options).peekable();
    let mut stream = Stream::default();
    let mut builder = Builder {
        text,
        anchors: HashMap::new(),
        collection_aliases: 0,
        nodes: 0,
    };
    let mut preamble_start = 0;
    loop {
        let (event, span) = match events.next() {
            None => break,
            Some(Ok(pair)) => pair,
            Some(Err(err)) => {
                stream.error = Some(scan_error(&err, text));
                break;
            }
        };
        match event {
            YamlEvent::StreamStart | YamlEvent::DocumentStart(..) => {}
            YamlEvent::DocumentEnd => {
                builder.anchors.clear();
                builder.collection_aliases = 0;
            }
            YamlEvent::StreamEnd => break,
            other => match builder.node(&mut events, other, &span, 0) {
                Ok(root) => {
                    let end = root.span().end;
                    stream.documents.push(Document {
                        root,
                        preamble_start,
                    });
                    preamble_start = end;
                }
                Err(error) => {
                    stream.error = Some(error);
                    break;
                }
            },
        }
    }
    stream
}

struct Builder<'a> {
    text: &'a str,
    anchors: HashMap<usize, Node>,
    collection_aliases: usize,
    nodes: usize,
}

type Events<'a> = std::iter::Peekable<Parser<'a, granit_parser::StrInput<'a>>>;

fn byte_span(span: &granit_parser::Span) -> Span {
    span.byte_range()
        .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end))
}

impl Builder<'_> {
    fn count(&mut self, nodes: usize, at: Span) -> Result<(), StreamError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(StreamError {
                message: format!("more than {MAX_NODES} YAML nodes; not read further"),
                span: at,
            });
        }
        Ok(())
    }

    fn node(
        &mut self,
        events: &mut Events<'_>,
        first: YamlEvent<'_>,
        span: &granit_parser::Span,
        depth: usize,
    ) -> Result<Node, StreamError> {
        let start = byte_span(span);
        if depth > MAX_DEPTH {
            return Err(StreamError {
                message: format!("YAML nested more than {MAX_DEPTH} levels deep; not read further"),
                span: start,
            });
        }
        self.count(1, start)?;
        let (node, anchor) = match first {
            YamlEvent::Scalar(value, style, anchor, _) => (
                Node::Scalar(Scalar {
                    value: value.into_owned(),
                    style,
                    span: start,
                }),
                anchor,
            ),
            YamlEvent::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (event, span) = self.next(events)?;
                    if matches!(event, YamlEvent::SequenceEnd) {
                        break byte_span(&span);
                    }
                    items.push(self.node(events, event, &span, depth + 1)?);
                };
                let span = Span::new(start.start, end.end.max(start.end));
                (Node::Sequence { items, span }, anchor)
            }
            YamlEvent::MappingStart(_, anchor, _) => {
                let mut pairs = Vec::new();
                let end = loop {
                    let (event, span) = self.next(events)?;
                    if matches!(event, YamlEvent::MappingEnd) {
                        break byte_span(&span);
                    }
                    let key = self.node(events, event, &span, depth + 1)?;
                    let (event, span) = self.next(events)?;
                    let value = self.node(events, event, &span, depth + 1)?;
                    pairs.push((key, value));
                };
                let span = Span::new(start.start, end.end.max(start.end));
                (Node::Mapping { pairs, span }, anchor)
            }
            YamlEvent::Alias(id) => {
                let node = self.anchors.get(&id).cloned().ok_or_else(|| StreamError {
                    message: "an alias refers to an unknown anchor".to_owned(),
                    span: start,
                })?;
                if !matches!(node, Node::Scalar(_)) {
                    self.collection_aliases += 1;
                    if self.collection_aliases > MAX_COLLECTION_ALIASES {
                        return Err(StreamError {
                            message: format!(
                                "more than {MAX_COLLECTION_ALIASES} aliases of collections in one document; not read further"
                            ),
                            span: start,
                        });
                    }
                }
                self.count(node_count(&node), start)?;
                return Ok(node);
            }
            other => {
                return Err(StreamError {
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

    fn next<'e>(
        &self,
        events: &mut Events<'e>,
    ) -> Result<(YamlEvent<'e>, granit_parser::Span), StreamError> {
        match events.next() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(err)) => Err(scan_error(&err, self.text)),
            None => Err(StreamError {
                message: "unexpected end of the YAML stream".to_owned(),
                span: Span::new(self.text.len(), self.text.len()),
            }),
        }
    }
}

fn node_count(node: &Node) -> usize {
    match node {
        Node::Scalar(_) => 1,
        Node::Sequence { items, .. } => 1 + items.iter().map(node_count).sum::<usize>(),
        Node::Mapping { pairs, .. } => {
            1 + pairs
                .iter()
                .map(|(k, v)| node_count(k) + node_count(v))
                .sum::<usize>()
        }
    }
}

fn scan_error(err: &granit_parser::ScanError, text: &str) -> StreamError {
    let at = err
        .marker()
        .byte_offset()
        .unwrap_or(text.len())
        .min(text.len());
    StreamError {
        message: format!("YAML syntax error: {}", err.info()),
        span: Span::new(at, at),
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn reads_every_document_with_spans() {
        let text = "a: 1\n---\nkind: List\nitems:\n  - x: y\n";
        let stream = read(text);
        assert!(stream.error.is_none());
        assert_eq!(stream.documents.len(), 2);
        let kind = stream.documents[1]
            .root
            .get("kind")
            .and_then(Node::as_scalar);
        assert_eq!(kind.map(|s| &text[s.span.start..s.span.end]), Some("List"));
    }

    #[test]
    fn block_scalar_spans_start_at_the_content() {
        let text = "data:\n  f: |\n    a: 1\n    b: 2\nz: 0\n";
        let stream = read(text);
        let f = stream.documents[0]
            .root
            .at(&["data", "f"])
            .and_then(Node::as_scalar);
        let f = f.expect("scalar");
        assert_eq!(f.value, "a: 1\nb: 2\n");
        assert!(text[f.span.start..].starts_with("a: 1"), "{:?}", f.span);
    }

    #[test]
    fn limits_stop_bombs_and_deep_nesting() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*{}", (b'a' + i - 1) as char); 9].join(", ");
            let _ = writeln!(
                bomb,
                "{}: &{} [{refs}]",
                (b'a' + i) as char,
                (b'a' + i) as char
            );
        }
        let error = read(&bomb).error.expect("refused");
        assert!(
            error.message.ends_with("not read further"),
            "{}",
            error.message
        );
        let deep = "[".repeat(10_000);
        // The parser's own recursion limit or ours, whichever comes first.
        let error = read(&deep).error.expect("refused");
        assert!(
            error.message.contains("nested") || error.message.contains("recursion"),
            "{}",
            error.message
        );
    }
}
