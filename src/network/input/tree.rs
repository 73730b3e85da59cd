//! The document tree every input format is read from: YAML ([`super::yaml`]) and JSON
//! ([`super::json`]) both become [`Node`]s that remember the byte span of their text, so every
//! later error can point at it; and the typed readers of a node, whose errors say what was
//! expected and what was found.

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
pub(super) const MAX_DEPTH: usize = 64;

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

    /// The text of a scalar other than null, if the node is one.
    pub fn as_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, plain } if !(*plain && is_null(text)) => Some(text),
            _ => None,
        }
    }

    /// A string. Plain scalars other than null count (`name: 42` is the name "42").
    pub fn str(&self, what: &str) -> Result<&str> {
        self.as_text().ok_or_else(|| {
            Fail::new(
                self.span,
                format!("{what} must be a string, found {}", self.describe()),
            )
        })
    }

    /// The text of a plain scalar (typed by the core schema), if the node is one.
    fn plain_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }

    /// An integer written as a number (not in quotes).
    pub fn int(&self, what: &str) -> Result<i128> {
        self.plain_text().and_then(int_value).ok_or_else(|| {
            Fail::new(
                self.span,
                format!("{what} must be an integer, found {}", self.describe()),
            )
        })
    }

    /// A boolean (`true` / `false`, YAML core schema spellings).
    pub fn bool(&self, what: &str) -> Result<bool> {
        match self.plain_text() {
            Some("true" | "True" | "TRUE") => Ok(true),
            Some("false" | "False" | "FALSE") => Ok(false),
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

    /// The value of `key` in a mapping node, or an error at the node: "{what} needs `key`".
    pub fn required(&self, key: &str, what: &str) -> Result<&Node> {
        self.get(key)
            .ok_or_else(|| Fail::new(self.span, format!("{what} needs `{key}`")))
    }

    /// The string value of `key`, if present and a string (not null).
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_text)
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
