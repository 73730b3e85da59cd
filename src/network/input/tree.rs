//! The document tree every input format is read from: YAML (`granit-parser` events) and JSON
//! (a small span-keeping parser; `serde_json` reports the syntax errors) both become [`Node`]s
//! that remember the byte span of their text, so every later error can point at it.

use granit_parser::{Event, Parser, ScalarStyle};

use crate::config::source::Span;

/// A problem at a byte span of the input; [`super::read_job`] turns it into line:column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fail {
    pub span: Span,
    pub message: String,
}

impl Fail {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
        }
    }
}

pub(super) type Result<T> = std::result::Result<T, Fail>;

/// One node of the document with the span of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A scalar's text. `plain` scalars (YAML plain style; JSON numbers, `true`, `false`, `null`)
    /// are typed by the YAML core schema; quoted ones are always strings.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// Deepest nesting accepted (the formats need 5 levels; this only guards the recursion).
const MAX_DEPTH: usize = 64;
/// Most nodes a document may expand to through YAML aliases (guards against alias bombs).
const MAX_NODES: usize = 1_000_000;

impl Node {
    /// What the node is, for messages: "a mapping", "a list", "the string `x`", ...
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Seq(_) => "a list".to_owned(),
            Kind::Map(_) => "a mapping".to_owned(),
            Kind::Scalar { text, plain } => {
                if *plain && is_null(text) {
                    "nothing (null)".to_owned()
                } else {
                    let shown: String = text.chars().take(40).collect();
                    let more = if shown.len() < text.len() { "..." } else { "" };
                    if *plain && int_value(text).is_some() {
                        format!("the number {shown}{more}")
                    } else {
                        format!("`{shown}{more}`")
                    }
                }
            }
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if is_null(text))
    }

    /// The pairs of a mapping.
    pub fn map(&self, what: &str) -> Result<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(pairs) => Ok(pairs),
            _ => Err(Fail::new(
                self.span,
                format!("{what} must be a mapping, found {}", self.describe()),
            )),
        }
    }

    /// The items of a list.
    pub fn seq(&self, what: &str) -> Result<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Ok(items),
            _ => Err(Fail::new(
                self.span,
                format!("{what} must be a list, found {}", self.describe()),
            )),
        }
    }

    /// A string. Plain scalars other than null count (`name: 42` is the name "42").
    pub fn str(&self, what: &str) -> Result<&str> {
        match &self.kind {
            Kind::Scalar { text, plain } if !(*plain && is_null(text)) => Ok(text),
            _ => Err(Fail::new(
                self.span,
                format!("{what} must be a string, found {}", self.describe()),
            )),
        }
    }

    /// An integer written as a number (not in quotes).
    pub fn int(&self, what: &str) -> Result<i128> {
        match &self.kind {
            Kind::Scalar { text, plain: true } => int_value(text).ok_or_else(|| {
                Fail::new(
                    self.span,
                    format!("{what} must be an integer, found {}", self.describe()),
                )
            }),
            _ => Err(Fail::new(
                self.span,
                format!("{what} must be an integer, found {}", self.describe()),
            )),
        }
    }

    /// A boolean (`true` / `false`, YAML core schema spellings).
    pub fn bool(&self, what: &str) -> Result<bool> {
        match &self.kind {
            Kind::Scalar { text, plain: true } => match text.as_str() {
                "true" | "True" | "TRUE" => Ok(true),
                "false" | "False" | "FALSE" => Ok(false),
                _ => Err(Fail::new(
                    self.span,
                    format!("{what} must be true or false, found {}", self.describe()),
                )),
            },
            _ => Err(Fail::new(
                self.span,
                format!("{what} must be true or false, found {}", self.describe()),
            )),
        }
    }

    /// The value of `key` in a mapping node (the last one if written twice).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k.key_text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a scalar used as a mapping key.
    pub fn key_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A YAML 1.2 core-schema integer (`[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`); `None` when
/// the text is not one or does not fit an `i128`.
fn int_value(text: &str) -> Option<i128> {
    if let Some(hex) = text.strip_prefix("0x") {
        return (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| i128::from_str_radix(hex, 16).ok())
            .flatten();
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return (!oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)))
            .then(|| i128::from_str_radix(oct, 8).ok())
            .flatten();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// YAML

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

// ---------------------------------------------------------------------------------------------
// JSON

/// Parses a JSON document. Syntax errors are `serde_json`'s; the tree is built by a small
/// recursive-descent parser that keeps spans.
pub(super) fn parse_json(text: &str) -> Result<Node> {
    if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(json_error(text, &err));
    }
    let mut parser = JsonParser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    parser.ws();
    let node = parser.value(0)?;
    parser.ws();
    if parser.at < text.len() {
        return Err(parser.fail("trailing characters"));
    }
    Ok(node)
}

/// `serde_json`'s message, positioned at its line and column.
fn json_error(text: &str, err: &serde_json::Error) -> Fail {
    let message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
    // serde_json counts lines from 1 and columns in bytes from 1 (0 at a line's start).
    let mut offset = 0;
    for _ in 1..err.line() {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => break,
        }
    }
    let mut at = offset
        .saturating_add(err.column().saturating_sub(1))
        .min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    Fail::new(Span::new(at, at), format!("JSON syntax error: {message}"))
}

struct JsonParser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl JsonParser<'_> {
    fn fail(&self, message: &str) -> Fail {
        let at = self.at.min(self.text.len());
        Fail::new(Span::new(at, at), format!("JSON syntax error: {message}"))
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Result<()> {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.fail(&format!("expected `{}`", char::from(byte))))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node> {
        if depth > MAX_DEPTH {
            return Err(Fail::new(
                Span::new(self.at, self.at),
                "the document is nested too deeply",
            ));
        }
        let start = self.at;
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut pairs = Vec::new();
                self.ws();
                if self.bytes.get(self.at) == Some(&b'}') {
                    self.at += 1;
                } else {
                    loop {
                        self.ws();
                        let key = self.string()?;
                        self.ws();
                        self.eat(b':')?;
                        self.ws();
                        let value = self.value(depth + 1)?;
                        pairs.push((key, value));
                        self.ws();
                        match self.bytes.get(self.at) {
                            Some(b',') => self.at += 1,
                            Some(b'}') => {
                                self.at += 1;
                                break;
                            }
                            _ => return Err(self.fail("expected `,` or `}`")),
                        }
                    }
                }
                Ok(Node {
                    kind: Kind::Map(pairs),
                    span: Span::new(start, self.at),
                })
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.ws();
                if self.bytes.get(self.at) == Some(&b']') {
                    self.at += 1;
                } else {
                    loop {
                        self.ws();
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.bytes.get(self.at) {
                            Some(b',') => self.at += 1,
                            Some(b']') => {
                                self.at += 1;
                                break;
                            }
                            _ => return Err(self.fail("expected `,` or `]`")),
                        }
                    }
                }
                Ok(Node {
                    kind: Kind::Seq(items),
                    span: Span::new(start, self.at),
                })
            }
            Some(b'"') => self.string(),
            Some(_) => {
                // A number or a literal: everything up to the next delimiter.
                while let Some(&b) = self.bytes.get(self.at) {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.at += 1;
                }
                let text = self
                    .text
                    .get(start..self.at)
                    .ok_or_else(|| self.fail("invalid character"))?;
                if text.is_empty() {
                    return Err(self.fail("expected a value"));
                }
                Ok(Node {
                    kind: Kind::Scalar {
                        text: text.to_owned(),
                        plain: true,
                    },
                    span: Span::new(start, self.at),
                })
            }
            None => Err(self.fail("expected a value")),
        }
    }

    fn string(&mut self) -> Result<Node> {
        let start = self.at;
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let rest = self
                .text
                .get(self.at..)
                .ok_or_else(|| self.fail("invalid string"))?;
            let Some(i) = rest.find(['"', '\\']) else {
                return Err(self.fail("unterminated string"));
            };
            out.push_str(&rest[..i]);
            self.at += i;
            if self.bytes[self.at] == b'"' {
                self.at += 1;
                break;
            }
            // A backslash escape.
            self.at += 1;
            let escape = *self
                .bytes
                .get(self.at)
                .ok_or_else(|| self.fail("unterminated string"))?;
            self.at += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let first = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&first) {
                        // A surrogate pair: `\uD83D\uDE00`.
                        if self.bytes.get(self.at) == Some(&b'\\')
                            && self.bytes.get(self.at + 1) == Some(&b'u')
                        {
                            self.at += 2;
                            let second = self.hex4()?;
                            let code = 0x10000
                                + ((first - 0xD800) << 10)
                                + (second.wrapping_sub(0xDC00) & 0x3FF);
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        } else {
                            '\u{FFFD}'
                        }
                    } else {
                        char::from_u32(first).unwrap_or('\u{FFFD}')
                    };
                    out.push(c);
                }
                _ => return Err(self.fail("invalid escape")),
            }
        }
        Ok(Node {
            kind: Kind::Scalar {
                text: out,
                plain: false,
            },
            span: Span::new(start, self.at),
        })
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.fail("invalid \\u escape"))?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| self.fail("invalid \\u escape"))?;
        self.at += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn scalar(node: &Node) -> (&str, bool) {
        match &node.kind {
            Kind::Scalar { text, plain } => (text, *plain),
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn json_keeps_spans_and_scalar_kinds() {
        let text = r#"{"a" : [1, "x\u00e9\n", true, null], "b":{}}"#;
        let root = parse_json(text).unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(
            &text[a.span.start..a.span.end],
            r#"[1, "x\u00e9\n", true, null]"#
        );
        let items = a.seq("a").unwrap();
        assert_eq!(scalar(&items[0]), ("1", true));
        assert_eq!(scalar(&items[1]), ("xé\n", false));
        assert_eq!(items[0].int("n").unwrap(), 1);
        assert!(items[2].bool("b").unwrap());
        assert!(items[3].is_null());
        assert_eq!(
            &text[items[1].span.start..items[1].span.end],
            r#""x\u00e9\n""#
        );
        assert!(root.get("b").unwrap().map("b").unwrap().is_empty());
    }

    #[test]
    fn json_surrogate_pairs() {
        let root = parse_json(r#"["\ud83d\ude00"]"#).unwrap();
        assert_eq!(scalar(&root.seq("x").unwrap()[0]).0, "😀");
    }

    #[test]
    fn json_errors_are_serde_json_messages_at_their_position() {
        let text = "{\n  \"a\": 1,\n  \"b\": ]\n}";
        let err = parse_json(text).unwrap_err();
        assert_eq!(err.message, "JSON syntax error: expected value");
        assert_eq!(&text[err.span.start..], "]\n}");
    }

    #[test]
    fn deep_json_is_an_error_not_a_stack_overflow() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_json(&text).is_err());
    }

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
