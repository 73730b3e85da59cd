//! JSON into the document tree: `serde_json` reports the syntax errors, and a small
//! recursive-descent parser builds the tree, keeping the span of every node.

use super::tree::{Fail, Kind, MAX_DEPTH, Node, Result};
use crate::config::source::Span;

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
}
