//! Changing configuration files safely: byte-range edits on the original text (every untouched
//! byte kept), atomic writes ([`write`]) and unified diffs ([`diff`]).
//!
//! `lint --fix` and `migrate` both go through here; nothing else in flinkmem writes a
//! configuration file.

pub mod diff;
pub mod write;

use crate::config::Span;

/// Replace the bytes of `span` with `replacement` (an empty span inserts, an empty
/// replacement deletes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TextEdit {
    #[serde(skip)]
    pub span: Span,
    pub replacement: String,
}

impl TextEdit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn delete(span: Span) -> Self {
        Self::replace(span, "")
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(Span::new(at, at), text)
    }
}

/// Two edits touch the same bytes; the later one is left for another pass.
fn overlaps(a: &TextEdit, b: &TextEdit) -> bool {
    a.span.start < b.span.end && b.span.start < a.span.end
        || (a.span.start == b.span.start && (a.span.is_empty() || b.span.is_empty()))
}

/// Applies groups of edits to `text`. A group is applied whole or not at all: a group that
/// overlaps an earlier accepted one, or reaches outside the text, is skipped. Returns the new
/// text and, per group, whether it was applied.
pub fn apply(text: &str, groups: &[Vec<TextEdit>]) -> (String, Vec<bool>) {
    let mut accepted: Vec<&TextEdit> = Vec::new();
    let mut applied = Vec::with_capacity(groups.len());
    for group in groups {
        let fits = group.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        let clashes = group.iter().enumerate().any(|(i, e)| {
            accepted.iter().any(|a| overlaps(a, e))
                || group[..i].iter().any(|other| overlaps(other, e))
        });
        let ok = fits && !clashes && !group.is_empty();
        if ok {
            accepted.extend(group);
        }
        applied.push(ok);
    }
    accepted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in accepted {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// The span of the whole line holding `offset`, its terminator included (for deleting it).
pub fn line_with_terminator(text: &str, offset: usize) -> Span {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let rest = &text[offset..];
    let end = match rest.find(['\n', '\r']) {
        Some(i) => {
            let after = offset + i;
            if text[after..].starts_with("\r\n") {
                after + 2
            } else {
                after + 1
            }
        }
        None => text.len(),
    };
    Span::new(start, end)
}

/// The line terminator a file mostly uses (`\r\n` when its first line ends so), for new lines.
pub fn line_terminator(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_offset_order_and_keep_every_other_byte() {
        let text = "a: 1 # one\nb: 2\n";
        let (out, applied) = apply(
            text,
            &[
                vec![TextEdit::replace(Span::new(14, 15), "3")],
                vec![TextEdit::replace(Span::new(0, 1), "c")],
            ],
        );
        assert_eq!(out, "c: 1 # one\nb: 3\n");
        assert_eq!(applied, [true, true]);
    }

    #[test]
    fn an_overlapping_group_is_skipped_whole() {
        let text = "abcdef";
        let (out, applied) = apply(
            text,
            &[
                vec![TextEdit::replace(Span::new(1, 3), "X")],
                vec![
                    TextEdit::replace(Span::new(5, 6), "Y"),
                    TextEdit::replace(Span::new(2, 4), "Z"),
                ],
            ],
        );
        assert_eq!(out, "aXdef");
        assert_eq!(applied, [true, false]);
    }

    #[test]
    fn two_inserts_at_one_place_clash() {
        let (out, applied) = apply(
            "ab",
            &[
                vec![TextEdit::insert(1, "x")],
                vec![TextEdit::insert(1, "y")],
            ],
        );
        assert_eq!(out, "axb");
        assert_eq!(applied, [true, false]);
    }

    #[test]
    fn out_of_range_edits_are_refused() {
        let (out, applied) = apply("ab", &[vec![TextEdit::replace(Span::new(1, 9), "")]]);
        assert_eq!(out, "ab");
        assert_eq!(applied, [false]);
    }

    #[test]
    fn whole_lines_include_their_terminator() {
        let text = "a: 1\r\nb: 2\nc: 3";
        assert_eq!(line_with_terminator(text, 7), Span::new(6, 11));
        assert_eq!(line_with_terminator(text, 2), Span::new(0, 6));
        assert_eq!(line_with_terminator(text, 13), Span::new(11, 15));
        assert_eq!(line_terminator(text), "\r\n");
        assert_eq!(line_terminator("a\nb"), "\n");
    }
}
