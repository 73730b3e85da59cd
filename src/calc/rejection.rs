//! Whole-file rejections: the exception Flink throws when it refuses a `config.yaml`.
//!
//! Mirrors `GlobalConfiguration.loadYAMLResource` (1.19+): every failure while loading becomes
//! `RuntimeException: Error parsing YAML configuration.` whose cause is, in Flink's order,
//! a snakeyaml-engine error from composing the first document (re-thrown by
//! `YamlParserUtils` as a `YamlEngineException` with marks as ` in reader, line L, column C`),
//! `expected a single document in the stream`, a duplicate key found while constructing
//! (checked per mapping before its values, like `StandardConstructor.processDuplicateKeys`),
//! a `ClassCastException` when the top level is not a mapping, and finally the
//! `NullPointerException` of `Configuration.setValueInternal` for a null value.
//!
//! `config::standard` decides *whether* Flink refuses the file; this module re-reads the
//! file's YAML events to say *how*, with snakeyaml's wording and positions.

use granit_parser::{ErrorKind, Event, Parser, ScalarStyle};

use super::error::{Failure, JavaException, Thrown, class};
use crate::config::{Config, Dialect, SourceFile};

const TOP_MESSAGE: &str = "Error parsing YAML configuration.";

/// Fails like Flink when the configuration's file is a `config.yaml` Flink refuses.
pub(crate) fn check(config: &Config) -> Result<(), Thrown> {
    let Some(file) = config.file() else {
        return Ok(());
    };
    let Some(rejection) = file.parsed.rejection.as_ref() else {
        return Ok(());
    };
    if file.dialect != Dialect::Standard {
        return Ok(());
    }
    let cause = analyse(&file.source).unwrap_or_else(|| {
        JavaException::new(class::YAML_ENGINE, format!("{}\n", rejection.message))
    });
    let failure = Failure::FileRejected {
        reason: rejection.message.clone(),
        span: Some(rejection.span),
    };
    Err(Thrown::new(class::RUNTIME, TOP_MESSAGE, failure).caused_by(&cause.class, cause.message))
}

/// A composed YAML node with the byte offset of its start mark.
#[derive(Debug)]
enum Node {
    Scalar {
        value: String,
        plain: bool,
        start: usize,
    },
    Sequence,
    Mapping {
        pairs: Vec<(Node, Node)>,
        start: usize,
    },
}

impl Node {
    fn start(&self) -> Option<usize> {
        match self {
            Self::Scalar { start, .. } | Self::Mapping { start, .. } => Some(*start),
            Self::Sequence => None,
        }
    }
}

struct Reader<'a> {
    file: &'a SourceFile,
    events: std::iter::Peekable<Parser<'a, granit_parser::StrInput<'a>>>,
}

/// ` in reader, line L, column C` for a byte offset (snakeyaml counts code points).
fn mark(file: &SourceFile, offset: usize) -> String {
    let at = file.line_col(offset);
    let bom = usize::from(at.line == 1 && file.text().starts_with('\u{feff}'));
    format!(" in reader, line {}, column {}", at.line, at.column - bom)
}

fn yaml_error(parts: &[String]) -> JavaException {
    let mut message = String::new();
    for part in parts {
        message.push_str(part);
        message.push('\n');
    }
    JavaException::new(class::YAML_ENGINE, message)
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<Option<(Event<'a>, usize)>, JavaException> {
        match self.events.next() {
            None => Ok(None),
            Some(Ok((event, span))) => Ok(Some((event, span.byte_range().map_or(0, |r| r.start)))),
            Some(Err(error)) => Err(self.scan_error(&error)),
        }
    }

    fn scan_error(&self, error: &granit_parser::ScanError) -> JavaException {
        let at = error
            .marker()
            .byte_offset()
            .unwrap_or(self.file.text().len())
            .min(self.file.text().len());
        let here = mark(self.file, at);
        match error.kind() {
            ErrorKind::TabInIndentation
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabNotAllowed => yaml_error(&[
                "while scanning for the next token".to_owned(),
                "found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)".to_owned(),
                mark(self.file, self.leading_tab(at)),
            ]),
            ErrorKind::MappingValueNotAllowed | ErrorKind::InvalidColonPlacement => {
                yaml_error(&["mapping values are not allowed here".to_owned(), here])
            }
            _ => yaml_error(&[error.info(), here]),
        }
    }

    /// snakeyaml stops at the first tab of a line's indentation, where no token can start.
    fn leading_tab(&self, at: usize) -> usize {
        let text = self.file.text();
        let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        text[line_start..at]
            .find(|c: char| c != ' ')
            .filter(|&i| text[line_start + i..].starts_with('\t'))
            .map_or(at, |i| line_start + i)
    }

    /// Composes one node whose first event is `first`.
    fn node(&mut self, first: Event<'a>, start: usize) -> Result<Node, JavaException> {
        match first {
            Event::Scalar(value, style, _, tag) => Ok(Node::Scalar {
                value: value.into_owned(),
                plain: style == ScalarStyle::Plain && tag.is_none(),
                start,
            }),
            Event::SequenceStart(..) => {
                while let Some((event, at)) = self.next()? {
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    self.node(event, at)?;
                }
                Ok(Node::Sequence)
            }
            Event::MappingStart(..) => {
                let mut pairs = Vec::new();
                while let Some((event, at)) = self.next()? {
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(event, at)?;
                    let Some((event, at)) = self.next()? else {
                        break;
                    };
                    let value = self.node(event, at)?;
                    pairs.push((key, value));
                }
                Ok(Node::Mapping { pairs, start })
            }
            _ => Ok(Node::Sequence),
        }
    }
}

/// The Java object a plain scalar constructs to (YAML 1.2 core schema): its class and
/// `toString()`.
fn scalar_object(value: &str, plain: bool) -> (&'static str, String) {
    if !plain {
        return ("java.lang.String", value.to_owned());
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return ("null", "null".to_owned()),
        "true" | "True" | "TRUE" => return ("java.lang.Boolean", "true".to_owned()),
        "false" | "False" | "FALSE" => return ("java.lang.Boolean", "false".to_owned()),
        _ => {}
    }
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let negative = value.starts_with('-');
        let trimmed = digits.trim_start_matches('0');
        let magnitude = if trimmed.is_empty() { "0" } else { trimmed };
        let text = if negative && magnitude != "0" {
            format!("-{magnitude}")
        } else {
            magnitude.to_owned()
        };
        let class = match text.parse::<i64>() {
            Ok(v) if i32::try_from(v).is_ok() => "java.lang.Integer",
            Ok(_) => "java.lang.Long",
            Err(_) => "java.math.BigInteger",
        };
        return (class, text);
    }
    if let Some(d) = crate::java::parse_double(value).filter(|_| {
        value
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
            && value.bytes().any(|b| b.is_ascii_digit())
    }) {
        return ("java.lang.Double", crate::java::double_to_string(d));
    }
    ("java.lang.String", value.to_owned())
}

/// `processDuplicateKeys`, pre-order: a mapping's own keys first, then its values.
fn duplicate_key(file: &SourceFile, node: &Node) -> Option<JavaException> {
    let Node::Mapping { pairs, start } = node else {
        return None;
    };
    let mut seen: std::collections::HashSet<(&'static str, String)> =
        std::collections::HashSet::new();
    for (key, _) in pairs {
        let object = match key {
            Node::Scalar { value, plain, .. } => scalar_object(value, *plain),
            _ => continue,
        };
        if !seen.insert(object.clone()) {
            return Some(yaml_error(&[
                "while constructing a mapping".to_owned(),
                mark(file, *start),
                format!("found duplicate key {}", object.1),
                mark(file, key.start().unwrap_or(*start)),
            ]));
        }
    }
    pairs
        .iter()
        .find_map(|(_, value)| duplicate_key(file, value))
}

/// Whether flattening meets a null value (`Configuration.setValueInternal` rejects it).
fn has_null_value(node: &Node) -> bool {
    let Node::Mapping { pairs, .. } = node else {
        return false;
    };
    pairs.iter().any(|(_, value)| match value {
        Node::Scalar { value, plain, .. } => scalar_object(value, *plain).0 == "null",
        mapping @ Node::Mapping { .. } => has_null_value(mapping),
        Node::Sequence => false,
    })
}

fn class_cast(class: &str) -> JavaException {
    let module = if class.starts_with("java.") {
        "are in module java.base of loader 'bootstrap'"
    } else {
        "are in unnamed module of loader 'app'"
    };
    JavaException::new(
        class::CLASS_CAST,
        format!(
            "class {class} cannot be cast to class java.util.Map ({class} and java.util.Map {module})"
        ),
    )
}

/// Flink's cause for refusing `file`, or `None` if this module sees nothing wrong.
fn analyse(file: &SourceFile) -> Option<JavaException> {
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut reader = Reader {
        file,
        events: Parser::new_from_str_with_options(file.text(), options).peekable(),
    };
    let mut root: Option<Node> = None;
    loop {
        let (event, at) = match reader.next() {
            Ok(Some(pair)) => pair,
            Ok(None) => break,
            Err(e) => return Some(e),
        };
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(..) if root.is_some() => {
                let first = root.as_ref().and_then(Node::start).unwrap_or(0);
                return Some(yaml_error(&[
                    "expected a single document in the stream".to_owned(),
                    mark(file, first),
                    "but found another document".to_owned(),
                    mark(file, at),
                ]));
            }
            Event::StreamStart | Event::DocumentEnd | Event::DocumentStart(..) => {}
            other => match reader.node(other, at) {
                Ok(node) => root = Some(node),
                Err(e) => return Some(e),
            },
        }
    }
    let root = root?;
    if let Some(e) = duplicate_key(file, &root) {
        return Some(e);
    }
    match &root {
        Node::Mapping { .. } => {}
        Node::Sequence => return Some(class_cast("java.util.ArrayList")),
        Node::Scalar { value, plain, .. } => match scalar_object(value, *plain).0 {
            "null" => return None,
            class => return Some(class_cast(class)),
        },
    }
    has_null_value(&root)
        .then(|| JavaException::new(class::NULL_POINTER, "Value must not be null."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cause(text: &str) -> Option<String> {
        analyse(&SourceFile::new("config.yaml", text.to_owned()))
            .map(|e| format!("{}: {}", e.class, e.message))
    }

    #[test]
    fn reproduces_snakeyaml_messages() {
        assert_eq!(
            cause("a: 1\na: 2\n").as_deref(),
            Some(
                "org.snakeyaml.engine.v2.exceptions.YamlEngineException: while constructing a mapping\n in reader, line 1, column 1\nfound duplicate key a\n in reader, line 2, column 1\n"
            )
        );
        assert_eq!(
            cause("a: 1\n---\nb: 2\n").as_deref(),
            Some(
                "org.snakeyaml.engine.v2.exceptions.YamlEngineException: expected a single document in the stream\n in reader, line 1, column 1\nbut found another document\n in reader, line 2, column 1\n"
            )
        );
        assert_eq!(
            cause("a:\n").as_deref(),
            Some("java.lang.NullPointerException: Value must not be null.")
        );
        assert!(cause("- a\n").is_some_and(|c| c.contains("java.util.ArrayList cannot be cast")));
        assert_eq!(cause("a: 1\nb: [~]\n"), None);
    }
}
