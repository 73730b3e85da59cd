//! Where Flink's YAML reader refuses a tab that YAML 1.2 (and granit-parser) would accept.
//!
//! snakeyaml-engine, which reads `config.yaml` (`YamlParserUtils`), skips only spaces when it
//! looks for the next token (`ScannerImpl.scanToNextToken`); a tab found there "cannot start any
//! token". Tabs are accepted only inside a comment, inside a quoted scalar, inside a plain scalar
//! or right after one on the same line (`scanPlainSpaces` takes spaces and tabs), and in a block
//! scalar's content past its indentation. Everything else, including a tab on a blank or a
//! comment line, in the leading whitespace of any line, after `:`, `-`, `,`, a quote, a bracket or
//! an anchor, fails the whole file. Checked against Flink 1.19 to 2.3 by `tests/golden/loader`.

use granit_parser::{Event as YamlEvent, Parser, ScalarStyle};

use super::Rejection;
use super::source::Span;

/// One scalar's text as granit-parser reports it.
struct Scalar {
    start: usize,
    end: usize,
    style: ScalarStyle,
}

/// The first tab Flink's YAML reader refuses, if any (only tabs before granit's own first error
/// count: snakeyaml-engine stops at whichever comes first in the text).
pub(super) fn refused_tab(text: &str) -> Option<Rejection> {
    if !text.contains('\t') {
        return None;
    }
    let (scalars, readable_to) = scalars(text);
    let mut line_start = 0;
    for line in text[..readable_to].split_inclusive('\n') {
        if let Some(at) = refused_in_line(text, line_start, line, &scalars) {
            return Some(rejection(text, at));
        }
        line_start += line.len();
    }
    None
}

fn rejection(text: &str, at: usize) -> Rejection {
    let message = if after_block_indicator(text, at) {
        "a tab after a block scalar's `|` or `>`: Flink's YAML parser expects only spaces, a \
         comment or the line's end there"
    } else {
        "a tab where Flink's YAML parser looks for the next token; it refuses the file (\"found \
         character '\\t(TAB)' that cannot start any token\"): use spaces"
    };
    Rejection {
        message: message.to_owned(),
        span: Span::new(at, at + 1),
    }
}

/// Every scalar granit-parser reads, in text order, and how far the text parses.
fn scalars(text: &str) -> (Vec<Scalar>, usize) {
    let mut found = Vec::new();
    for event in Parser::new_from_str(text) {
        match event {
            Ok((YamlEvent::Scalar(_, style, _, _), span)) => {
                if let Some(range) = span.byte_range() {
                    found.push(Scalar {
                        start: range.start,
                        end: range.end,
                        style,
                    });
                }
            }
            Ok(_) => {}
            Err(err) => {
                let at = err.marker().byte_offset().unwrap_or(text.len());
                return (found, at.min(text.len()));
            }
        }
    }
    (found, text.len())
}

/// The innermost scalar whose text covers the byte `at`.
fn scalar_at(scalars: &[Scalar], at: usize) -> Option<&Scalar> {
    let after = scalars.partition_point(|s| s.start <= at);
    scalars[..after].iter().rev().find(|s| at < s.end)
}

/// The first refused tab of one line (`line` starts at byte `line_start` of `text`).
fn refused_in_line(text: &str, line_start: usize, line: &str, scalars: &[Scalar]) -> Option<usize> {
    let bytes = line.as_bytes();
    for (offset, &byte) in bytes.iter().enumerate() {
        let at = line_start + offset;
        match byte {
            b'#' if scalar_at(scalars, at).is_none()
                && (offset == 0 || matches!(bytes[offset - 1], b' ' | b'\t')) =>
            {
                return None; // a comment: the rest of the line is never scanned
            }
            b'\t' if !tab_accepted(text, line_start, &bytes[..offset], at, scalars) => {
                return Some(at);
            }
            _ => {}
        }
    }
    None
}

fn tab_accepted(
    text: &str,
    line_start: usize,
    before: &[u8],
    at: usize,
    scalars: &[Scalar],
) -> bool {
    let leading = before.iter().all(|b| matches!(b, b' ' | b'\t'));
    if let Some(scalar) = scalar_at(scalars, at) {
        return match scalar.style {
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => true,
            // A continuation line's indentation is skipped with spaces only.
            ScalarStyle::Plain => !leading,
            ScalarStyle::Literal | ScalarStyle::Folded => block_content_tab(text, scalar, before),
        };
    }
    // Between tokens: only the whitespace right behind a plain scalar on the same line.
    match before.iter().rposition(|b| !matches!(b, b' ' | b'\t')) {
        None => false,
        Some(last) => {
            let token_end = line_start + last + 1;
            scalars
                .iter()
                .any(|s| s.style == ScalarStyle::Plain && s.end == token_end)
        }
    }
}

/// A tab inside a block scalar's content (granit-parser's span starts at the first content
/// character): kept past the indentation, refused within it, which is scanned for spaces only.
fn block_content_tab(text: &str, scalar: &Scalar, before: &[u8]) -> bool {
    let spaces = before.iter().take_while(|&&b| b == b' ').count();
    spaces < before.len() || spaces >= block_indent(text, scalar)
}

/// The content indentation of a block scalar: the explicit indicator added to the header
/// line's indentation, or else the first content line's, at least one more than the header
/// line's (`ScannerImpl.scanBlockScalar`).
fn block_indent(text: &str, scalar: &Scalar) -> usize {
    let content_line = text[..scalar.start].rfind('\n').map_or(0, |n| n + 1);
    let first_content = text[content_line..scalar.start]
        .bytes()
        .take_while(|&b| b == b' ')
        .count();
    // The header is the last line above the content that is not blank.
    let header = text[..content_line.saturating_sub(1)]
        .rsplit('\n')
        .find(|l| l.bytes().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or("");
    let parent = header.bytes().take_while(|&b| b == b' ').count();
    let indicator = header
        .trim_end()
        .rsplit([' ', ':', '-'])
        .next()
        .unwrap_or("");
    match indicator.bytes().find(u8::is_ascii_digit) {
        Some(digit) if indicator.starts_with(['|', '>']) => parent + usize::from(digit - b'0'),
        _ => first_content.max(parent + 1),
    }
}

/// Whether `at` is on a block scalar's header line, after its indicator.
fn after_block_indicator(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = text[line_start..at].trim_end_matches([' ', '\t']);
    let indicator = before.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    indicator.ends_with(['|', '>']) && indicator[..indicator.len() - 1].ends_with([' ', ':', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Option<usize> {
        refused_tab(text).map(|r| r.span.start)
    }

    /// Each case was run through Flink 2.3's `GlobalConfiguration.loadConfiguration`.
    #[test]
    fn refuses_the_tabs_snakeyaml_engine_refuses() {
        for (text, at) in [
            ("a: b\n\t# x\nc: d\n", 5),
            ("a: b\n\t\nc: d\n", 5),
            ("a: b\n  \t# x\nc: d\n", 7),
            ("c:\td\n", 2),
            ("a: [1,\t2]\n", 6),
            ("a:\n  - x\n  -\ty\n", 12),
            ("a: |\n  x\n\ty\n", 9),
            ("a:\n  b: c\n  \t\n", 12),
            ("a: \"x\"\t# c\n", 6),
            ("a: 'x'\t\n", 6),
            ("a: b\n  \tc\n", 7),
            ("a: [b,\n\tc]\n", 7),
            ("a: &x\tb\n", 5),
            ("a: |\n  x\n\n\t\n  y\n", 10),
            ("a: |\n    x\n  \ty\n", 13),
            ("a: [b]\t\n", 6),
            ("a: x\n\n\t\n", 6),
            ("a: |\t\n  x\n", 4),
            ("\ta: b\n", 0),
        ] {
            assert_eq!(refused(text), Some(at), "{text:?}");
        }
    }

    #[test]
    fn accepts_the_tabs_snakeyaml_engine_accepts() {
        for text in [
            "a: b\t# c\n",
            "a: b # c\t\n",
            "a: b\t\n",
            "a: \"x\ty\"\n",
            "a\t: b\n",
            "a: b \t# c\n",
            "a: [b\t, c]\n",
            "a: {b: c\t}\n",
            "a: x\t y\n",
            "a: |\n  x\n  \ty\n",
            "a: b\n  c\td\n",
            "a: \"x\n\ty\"\n",
            "a: |2\n  \tx\n",
            "# a\tcomment\na: b\n",
        ] {
            assert_eq!(refused(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_header_tab_is_named_as_such() {
        let rejection = refused_tab("a: |\t\n  x\n").expect("refused");
        assert!(
            rejection.message.contains("block scalar"),
            "{}",
            rejection.message
        );
    }

    /// granit-parser refuses some of these tabs itself, before this check sees them; the file
    /// is refused either way.
    #[test]
    fn a_tab_granit_refuses_still_refuses_the_file() {
        let file = super::super::SourceFile::new("config.yaml", "a: |\n\tx\n".to_owned());
        assert!(super::super::standard::parse(&file).rejection.is_some());
    }
}
