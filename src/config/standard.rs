//! The standard YAML `config.yaml` reader (Flink 1.19 and later, FLIP-366).
//!
//! Flink loads the file with snakeyaml-engine and the YAML 1.2 core schema
//! (`YamlParserUtils.loadYamlFile`), then flattens nested mappings into dotted keys
//! (`GlobalConfiguration.flatten`; the later of two equal flattened keys wins). This module
//! parses with `granit-parser`, an event parser that keeps byte spans, scalar styles and tags,
//! and does the core-schema typing itself from the scalar text, so that every value is the
//! Java object Flink would store, not what a Rust YAML library would make of it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use granit_parser::{Event as YamlEvent, Parser, ScalarStyle};

use super::source::{SourceFile, Span};
use super::value::{Value, ValueKind};
use super::{Entry, Event, Origin, Parsed, Rejection};
use crate::java;

/// A YAML node with the byte span of its text.
#[derive(Debug, Clone)]
enum Node {
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
    fn span(&self) -> Span {
        match self {
            Self::Scalar { span, .. }
            | Self::Sequence { span, .. }
            | Self::Mapping { span, .. } => *span,
        }
    }
}

/// The Java object snakeyaml-engine's core schema constructs for a node.
#[derive(Debug, Clone, PartialEq)]
enum Object {
    Null,
    Str(String),
    /// An integer, as its decimal text (`Integer`, `Long` or `BigInteger` in Java).
    Int(String),
    Double(f64),
    Bool(bool),
    /// A `!!binary` scalar (a `byte[]` in Java), as its base64 text.
    Binary(String),
    List(Vec<Object>),
    Map(Vec<(Object, Object)>),
}

impl Object {
    /// `String.valueOf(object)` as Flink's flatten and `toMap` see it.
    fn to_java_string(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Str(s) => s.clone(),
            Self::Int(digits) => digits.clone(),
            Self::Double(d) => yaml_double(*d),
            Self::Bool(b) => b.to_string(),
            // How snakeyaml-engine dumps a byte array, which is what Flink's toMap shows.
            Self::Binary(base64) => format!("!!binary |-\n  {base64}"),
            Self::List(_) | Self::Map(_) => flow_string(self),
        }
    }
}

/// How snakeyaml-engine represents a double (`.inf`, `.nan`, else `Double.toString`).
fn yaml_double(d: f64) -> String {
    if d.is_nan() {
        ".nan".to_owned()
    } else if d.is_infinite() {
        if d > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        java::double_to_string(d)
    }
}

/// A list or map as Flink writes it back into a string: YAML flow style, strings quoted with
/// single quotes when plain style would change their meaning.
fn flow_string(object: &Object) -> String {
    match object {
        Object::List(items) => {
            let parts: Vec<String> = items.iter().map(flow_string).collect();
            format!("[{}]", parts.join(", "))
        }
        Object::Map(pairs) => {
            let parts: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", flow_string(k), flow_string(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Object::Str(s) => {
            if needs_quotes(s) {
                format!("'{}'", s.replace('\'', "''"))
            } else {
                s.clone()
            }
        }
        other => other.to_java_string(),
    }
}

/// Whether a string would not survive as a plain flow scalar.
fn needs_quotes(s: &str) -> bool {
    s.is_empty()
        || resolve_plain(s) != Object::Str(s.to_owned())
        || s.starts_with([
            ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"',
            '%', '@', '`',
        ])
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains([',', '[', ']', '{', '}', '\n', '\t'])
}

/// The YAML 1.2 core schema's implicit typing of a plain scalar (snakeyaml-engine's
/// `CoreScalarResolver` and its constructors).
fn resolve_plain(text: &str) -> Object {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Object::Null,
        "true" | "True" | "TRUE" => return Object::Bool(true),
        "false" | "False" | "FALSE" => return Object::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Object::Double(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Object::Double(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Object::Double(f64::NAN),
        _ => {}
    }
    if let Some(digits) = int_digits(text) {
        return Object::Int(digits);
    }
    if is_core_float(text)
        && let Ok(d) = text.parse::<f64>()
    {
        return Object::Double(d);
    }
    Object::Str(text.to_owned())
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`, as the decimal text of the integer.
fn int_digits(text: &str) -> Option<String> {
    let radix_digits = |digits: &str, radix: u32| -> Option<String> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        Some(big_to_decimal(digits, radix))
    };
    if let Some(hex) = text.strip_prefix("0x") {
        return radix_digits(hex, 16);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return radix_digits(oct, 8);
    }
    let (sign, digits) = match text.as_bytes().first()? {
        b'-' => ("-", &text[1..]),
        b'+' => ("", &text[1..]),
        _ => ("", text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = big_to_decimal(digits, 10);
    if magnitude == "0" {
        return Some("0".to_owned());
    }
    Some(format!("{sign}{magnitude}"))
}

/// Converts digits in `radix` to decimal text of arbitrary size (Java's `BigInteger`).
fn big_to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian base-10^9 limbs.
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
        for limb in &mut limbs {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut out = limbs.last().map(ToString::to_string).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        let _ = write!(out, "{limb:09}");
    }
    out
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        // `\.[0-9]+` or `[0-9]+\.[0-9]*`: digits on at least one side of the point.
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

const CORE_TAG: &str = "tag:yaml.org,2002:";

/// The object a scalar node constructs to, or why snakeyaml-engine would fail.
fn construct_scalar(value: &str, style: ScalarStyle, tag: Option<&str>) -> Result<Object, String> {
    match tag {
        None if style == ScalarStyle::Plain => Ok(resolve_plain(value)),
        None => Ok(Object::Str(value.to_owned())),
        Some(tag) => match tag.strip_prefix(CORE_TAG) {
            Some("str") => Ok(Object::Str(value.to_owned())),
            Some("null") => Ok(Object::Null),
            Some("bool") => match resolve_plain(value) {
                b @ Object::Bool(_) => Ok(b),
                _ => Err(format!("invalid boolean value '{value}' for tag !!bool")),
            },
            Some("int") => int_digits(value)
                .map(Object::Int)
                .ok_or_else(|| format!("invalid integer '{value}' for tag !!int")),
            Some("float") => match resolve_plain(value) {
                Object::Double(d) => Ok(Object::Double(d)),
                Object::Int(digits) => Ok(Object::Double(digits.parse().unwrap_or(f64::NAN))),
                _ => Err(format!("invalid float '{value}' for tag !!float")),
            },
            Some("binary") => Ok(Object::Binary(value.split_whitespace().collect())),
            _ => Err(format!("unsupported YAML tag {tag}")),
        },
    }
}

/// Builds node trees from the parser's events, one per document.
struct TreeBuilder<'a> {
    text: &'a str,
    /// The character standing in for a byte-order mark inside the text (see [`bom_stand_in`]).
    bom_stand_in: Option<char>,
    anchors: HashMap<usize, Node>,
    /// Aliases of sequences and mappings so far (snakeyaml-engine counts them per load).
    collection_aliases: usize,
    /// Nodes built so far, aliases counted as what they expand to.
    nodes: usize,
    /// Whether each anchor so far names a collection, for counting aliases without building.
    collection_anchors: HashMap<usize, bool>,
}

/// snakeyaml-engine's `maxAliasesForCollections`, which Flink leaves at its default: a file with
/// more aliases of collections is refused (checked on Flink 1.19, 2.0 and 2.3).
const MAX_COLLECTION_ALIASES: usize = 50;

/// Past this many nodes (aliases expanded) the file is refused: within Flink's alias limit a
/// chain of aliases can still expand to billions of nodes, which Flink would never finish.
const MAX_NODES: usize = 1_000_000;

fn node_count(node: &Node) -> usize {
    match node {
        Node::Scalar { .. } => 1,
        Node::Sequence { items, .. } => 1 + items.iter().map(node_count).sum::<usize>(),
        Node::Mapping { pairs, .. } => {
            1 + pairs
                .iter()
                .map(|(k, v)| node_count(k) + node_count(v))
                .sum::<usize>()
        }
    }
}

/// Byte span of a parser span (always present for string input).
fn byte_span(span: &granit_parser::Span) -> Span {
    span.byte_range()
        .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end))
}

type Events<'a> = std::iter::Peekable<Parser<'a, granit_parser::StrInput<'a>>>;

impl TreeBuilder<'_> {
    /// Reads one node whose first event has already been taken.
    fn node(
        &mut self,
        events: &mut Events<'_>,
        first: YamlEvent<'_>,
        span: &granit_parser::Span,
    ) -> Result<Node, Rejection> {
        let start = byte_span(span);
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Rejection {
                message: format!(
                    "the file expands to more than {MAX_NODES} YAML nodes through aliases; not read further"
                ),
                span: start,
            });
        }
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
                self.collection_anchors.insert(anchor, true);
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
                self.collection_anchors.insert(anchor, true);
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
                if !matches!(anchored, Node::Scalar { .. }) {
                    self.collection_aliases += 1;
                    if self.collection_aliases > MAX_COLLECTION_ALIASES {
                        return Err(Rejection {
                            message: format!(
                                "Number of aliases for non-scalar nodes exceeds the specified max={MAX_COLLECTION_ALIASES}"
                            ),
                            span: start,
                        });
                    }
                }
                self.nodes = self.nodes.saturating_add(node_count(anchored));
                if self.nodes > MAX_NODES {
                    return Err(Rejection {
                        message: format!(
                            "the file expands to more than {MAX_NODES} YAML nodes through aliases; not read further"
                        ),
                        span: start,
                    });
                }
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

impl TreeBuilder<'_> {
    /// Reads the rest of the stream without building nodes, counting aliases of collections,
    /// and returns Flink's refusal at the first alias over the limit, if there is one.
    fn alias_limit_after(&mut self, events: &mut Events<'_>) -> Option<Rejection> {
        for item in events.by_ref() {
            let Ok((event, span)) = item else {
                return None;
            };
            match event {
                YamlEvent::SequenceStart(_, anchor, _) | YamlEvent::MappingStart(_, anchor, _) => {
                    self.collection_anchors.insert(anchor, true);
                }
                YamlEvent::Scalar(_, _, anchor, _) => {
                    self.collection_anchors.entry(anchor).or_insert(false);
                }
                YamlEvent::Alias(id) if self.collection_anchors.get(&id) == Some(&true) => {
                    self.collection_aliases += 1;
                    if self.collection_aliases > MAX_COLLECTION_ALIASES {
                        return Some(Rejection {
                            message: format!(
                                "Number of aliases for non-scalar nodes exceeds the specified max={MAX_COLLECTION_ALIASES}"
                            ),
                            span: byte_span(&span),
                        });
                    }
                }
                _ => {}
            }
        }
        None
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

fn scan_rejection(err: &granit_parser::ScanError, text: &str) -> Rejection {
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

/// Converts a node to the object snakeyaml-engine constructs.
fn construct(node: &Node) -> Result<Object, Rejection> {
    match node {
        Node::Scalar {
            value,
            style,
            tag,
            span,
        } => construct_scalar(value, *style, tag.as_deref()).map_err(|message| Rejection {
            message,
            span: *span,
        }),
        Node::Sequence { items, .. } => items
            .iter()
            .map(construct)
            .collect::<Result<Vec<_>, _>>()
            .map(Object::List),
        Node::Mapping { pairs, .. } => pairs
            .iter()
            .map(|(k, v)| Ok((construct(k)?, construct(v)?)))
            .collect::<Result<Vec<_>, _>>()
            .map(Object::Map),
    }
}

/// Flattens one mapping into entries (`GlobalConfiguration.flatten`), recording duplicates.
struct Flattener<'a> {
    parsed: &'a mut Parsed,
    /// Where each flattened key was last set.
    seen: HashMap<String, Span>,
    /// Keys written twice in one mapping (already reported as fatal duplicates).
    /// Keys written twice in one mapping (Flink refuses the file): later entries at or under
    /// them are not reported again as flattening duplicates.
    fatal_duplicates: HashSet<String>,
}

impl Flattener<'_> {
    fn mapping(&mut self, pairs: &[(Node, Node)], prefix: &str, parents: &[Span]) {
        // Only string and null keys get this far (others are refused below), so a key is
        // identified by its text; a map keeps this linear in the mapping's size.
        let mut keys_here: HashMap<Option<String>, Span> = HashMap::new();
        for (key_node, value_node) in pairs {
            let key_span = key_node.span();
            let key_object = match construct(key_node) {
                Ok(k) => k,
                Err(rejection) => {
                    self.reject(rejection);
                    continue;
                }
            };
            if !matches!(key_object, Object::Str(_) | Object::Null) {
                // Flink casts every key to String: an int, float, bool or collection key
                // fails with a ClassCastException.
                self.reject(Rejection {
                    message: format!(
                        "the key {} is not a string (quote it to make it one)",
                        key_object.to_java_string()
                    ),
                    span: key_span,
                });
                continue;
            }
            let identity = match &key_object {
                Object::Str(text) => Some(text.clone()),
                _ => None,
            };
            if let Some(&first) = keys_here.get(&identity) {
                let key = format!("{prefix}{}", key_object.to_java_string());
                self.parsed.events.push(Event::DuplicateKey {
                    key: key.clone(),
                    first,
                    second: key_span,
                    fatal: true,
                });
                self.reject(Rejection {
                    message: format!("duplicate key '{key}' in one mapping"),
                    span: key_span,
                });
                self.fatal_duplicates.insert(key);
            } else {
                keys_here.insert(identity, key_span);
            }
            let key = format!("{prefix}{}", key_object.to_java_string());
            match value_node {
                Node::Mapping { pairs, .. } => {
                    let mut inner_parents = parents.to_vec();
                    inner_parents.push(key_span);
                    self.mapping(pairs, &format!("{key}."), &inner_parents);
                }
                _ => match construct(value_node) {
                    Ok(Object::Null) => {
                        self.parsed.events.push(Event::NullValue {
                            key: key.clone(),
                            key_span,
                        });
                        self.reject(Rejection {
                            message: format!("key '{key}' has no value"),
                            span: key_span,
                        });
                    }
                    Ok(object) => self.entry(key, &object, key_span, value_node.span(), parents),
                    Err(rejection) => self.reject(rejection),
                },
            }
        }
    }

    fn entry(
        &mut self,
        key: String,
        object: &Object,
        key_span: Span,
        value_span: Span,
        parents: &[Span],
    ) {
        let value = match object {
            Object::Str(s) => Value::string(s.clone()),
            Object::Int(digits) => Value {
                kind: ValueKind::Integer,
                text: digits.clone(),
            },
            Object::Double(d) => Value {
                kind: ValueKind::Double(*d),
                text: yaml_double(*d),
            },
            Object::Bool(b) => Value {
                kind: ValueKind::Boolean,
                text: b.to_string(),
            },
            Object::Binary(_) => Value {
                kind: ValueKind::Other,
                text: object.to_java_string(),
            },
            Object::List(_) | Object::Map(_) | Object::Null => {
                self.parsed.events.push(Event::ListValue {
                    key: key.clone(),
                    value: value_span,
                });
                Value::string(flow_string(object))
            }
        };
        // The key itself or any dotted prefix of it (`a.b` for `a.b.c`).
        let already_fatal = !self.fatal_duplicates.is_empty()
            && (self.fatal_duplicates.contains(&key)
                || key
                    .match_indices('.')
                    .any(|(at, _)| self.fatal_duplicates.contains(&key[..at])));
        if let Some(first) = self.seen.insert(key.clone(), key_span)
            && !already_fatal
        {
            self.parsed.events.push(Event::DuplicateKey {
                key: key.clone(),
                first,
                second: key_span,
                fatal: false,
            });
        }
        self.parsed.entries.push(Entry {
            key,
            value,
            key_span: Some(key_span),
            value_span: Some(value_span),
            parent_spans: parents.to_vec(),
            origin: Origin::File,
        });
    }

    fn reject(&mut self, rejection: Rejection) {
        if self.parsed.rejection.is_none() {
            self.parsed.rejection = Some(rejection);
        }
    }
}

/// Parses a whole `config.yaml` the way Flink 1.19+ reads it.
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
    let mut builder = TreeBuilder {
        text,
        bom_stand_in: replaced.as_ref().map(|(_, c)| *c),
        anchors: HashMap::new(),
        collection_aliases: 0,
        nodes: 0,
        collection_anchors: HashMap::new(),
    };
    let mut documents: Vec<Node> = Vec::new();
    loop {
        let (event, span) = match events.next() {
            None => break,
            Some(Ok(pair)) => pair,
            Some(Err(err)) => {
                parsed.rejection = Some(scan_rejection(&err, text));
                return parsed;
            }
        };
        match event {
            YamlEvent::StreamStart | YamlEvent::DocumentEnd | YamlEvent::DocumentStart(..) => {}
            YamlEvent::StreamEnd => break,
            other => match builder.node(&mut events, other, &span) {
                Ok(node) => documents.push(node),
                Err(rejection) => {
                    // Past the node limit, Flink (which shares aliased nodes) would still
                    // refuse the file if it exceeds the alias limit further on: say so.
                    parsed.rejection = Some(
                        (builder.nodes > MAX_NODES)
                            .then(|| builder.alias_limit_after(&mut events))
                            .flatten()
                            .unwrap_or(rejection),
                    );
                    return parsed;
                }
            },
        }
    }
    if documents.len() > 1 {
        parsed.rejection = Some(Rejection {
            message: "more than one YAML document in the file".to_owned(),
            span: documents[1].span(),
        });
    }
    match documents.first() {
        None => {}
        Some(Node::Mapping { pairs, .. }) => {
            let mut flattener = Flattener {
                parsed: &mut parsed,
                seen: HashMap::new(),
                fatal_duplicates: HashSet::new(),
            };
            flattener.mapping(pairs, "", &[]);
        }
        Some(Node::Scalar { value, style, .. })
            if *style == ScalarStyle::Plain && resolve_plain(value) == Object::Null => {}
        Some(other) => {
            parsed.rejection = Some(Rejection {
                message: "the top level of the file is not a mapping of keys to values".to_owned(),
                span: other.span(),
            });
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nine anchors, each a list of nine aliases of the previous one.
    fn alias_bomb() -> String {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9u8 {
            let previous = char::from(b'a' + level - 1);
            let name = char::from(b'a' + level);
            let aliases = vec![format!("*{previous}"); 9].join(", ");
            let _ = writeln!(text, "{name}: &{name} [{aliases}]");
        }
        text.push_str("taskmanager.memory.process.size: 2g\n");
        text
    }

    #[test]
    fn an_alias_bomb_gets_flinks_refusal_quickly() {
        // Flink 1.19, 2.0 and 2.3 (harness/memory Run on this text): "Error parsing YAML
        // configuration." caused by snakeyaml-engine's alias limit, at the 51st alias.
        let text = alias_bomb();
        let parsed = parse(&SourceFile::new("config.yaml", text.clone()));
        let rejection = parsed.rejection.expect("refused");
        assert_eq!(
            rejection.message,
            "Number of aliases for non-scalar nodes exceeds the specified max=50"
        );
        let line = text[..rejection.span.start].matches('\n').count() + 1;
        assert_eq!(line, 7);
        // Fifty aliases of collections are still fine.
        let mut fifty = String::from("a: &a [x]\n");
        for i in 0..50 {
            let _ = writeln!(fifty, "k{i}: *a");
        }
        assert!(
            parse(&SourceFile::new("config.yaml", fifty))
                .rejection
                .is_none()
        );
    }

    fn entries(text: &str) -> Vec<(String, String)> {
        let parsed = parse(&SourceFile::new("config.yaml", text.to_owned()));
        assert!(parsed.rejection.is_none(), "{:?}", parsed.rejection);
        parsed
            .entries
            .into_iter()
            .map(|e| (e.key, e.value.text))
            .collect()
    }

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn flattens_nested_and_mixed_keys() {
        let text = "taskmanager:\n  memory.process.size: 4g\n  numberOfTaskSlots: 2\njobmanager.memory:\n  process:\n    size: 1600m\n";
        assert_eq!(
            entries(text),
            [
                pair("taskmanager.memory.process.size", "4g"),
                pair("taskmanager.numberOfTaskSlots", "2"),
                pair("jobmanager.memory.process.size", "1600m"),
            ]
        );
    }

    #[test]
    fn types_scalars_with_the_core_schema() {
        let text = "a: 0x400\nb: 017\nc: 1e3\nd: \"1728m\"\ne: yes\nf: TRUE\ng: 0o17\nh: .inf\ni: '5'\nj: [a, b]\n";
        assert_eq!(
            entries(text),
            [
                pair("a", "1024"),
                pair("b", "17"),
                pair("c", "1000.0"),
                pair("d", "1728m"),
                pair("e", "yes"),
                pair("f", "true"),
                pair("g", "15"),
                pair("h", ".inf"),
                pair("i", "5"),
                pair("j", "[a, b]"),
            ]
        );
    }

    #[test]
    fn later_spelling_of_a_key_wins_and_is_recorded() {
        let text =
            "taskmanager:\n  memory:\n    process.size: 4g\ntaskmanager.memory.process.size: 8g\n";
        let file = SourceFile::new("config.yaml", text.to_owned());
        let parsed = parse(&file);
        assert!(parsed.rejection.is_none());
        let Some(Event::DuplicateKey {
            first,
            second,
            fatal: false,
            ..
        }) = parsed.events.first()
        else {
            panic!("{:?}", parsed.events)
        };
        assert_eq!(file.slice(*first), "process.size");
        assert_eq!(file.slice(*second), "taskmanager.memory.process.size");
        assert_eq!(parsed.entries[0].parent_spans.len(), 2);
    }

    #[test]
    fn rejects_what_flink_rejects() {
        for text in [
            "a: 1\na: 2\n",
            "a:\n",
            "a: ~\n",
            "- a\n",
            "a: [\n",
            "a: 1\n---\nb: 2\n",
        ] {
            let parsed = parse(&SourceFile::new("config.yaml", text.to_owned()));
            assert!(parsed.rejection.is_some(), "{text:?}");
        }
        assert!(
            parse(&SourceFile::new("c", String::new()))
                .rejection
                .is_none()
        );
        assert!(
            parse(&SourceFile::new("c", "# just a comment\n".into()))
                .rejection
                .is_none()
        );
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let file = SourceFile::new("c", "# é\nx:\n  y: \"v w\"\n".to_owned());
        let parsed = parse(&file);
        let e = &parsed.entries[0];
        assert_eq!(e.key, "x.y");
        assert_eq!(file.slice(e.key_span.unwrap()), "y");
        assert_eq!(file.slice(e.value_span.unwrap()), "\"v w\"");
        assert_eq!(file.slice(e.parent_spans[0]), "x");
    }
}
