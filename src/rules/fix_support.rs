//! Building the edits of fixes: only where the entry is written as a plain `key: value` on a
//! line of its own, so that an edit can never reach another key. Values written into a
//! `config.yaml` are spelled by the migration's scalar writer, so YAML reads exactly them.

use crate::config::{Dialect, Entry, Span};
use crate::edit::{TextEdit, line_with_terminator};
use crate::rule_contract::Context;

/// The key as written is the flat key itself (not a nested part, not quoted).
fn key_written_flat(cx: &Context<'_>, entry: &Entry) -> Option<Span> {
    let span = entry.key_span?;
    (entry.parent_spans.is_empty() && cx.text(span) == entry.key).then_some(span)
}

/// The line of `entry` holds nothing but it (and perhaps a comment): its span, terminator
/// included.
fn own_line(cx: &Context<'_>, entry: &Entry) -> Option<Span> {
    let key = key_written_flat(cx, entry)?;
    let value = entry.value_span?;
    let text = cx.file.source.text();
    let line = line_with_terminator(text, key.start);
    let before = &text[line.start..key.start];
    let after = &text[value.end.min(line.end)..line.end];
    let after = after.trim_end_matches(['\r', '\n']).trim_start();
    (before.trim().is_empty()
        && value.end <= line.end
        && (after.is_empty() || after.starts_with('#')))
    .then_some(line)
}

/// Renames the key of a flat entry.
pub fn rename_key(cx: &Context<'_>, entry: &Entry, to: &str) -> Option<TextEdit> {
    let span = key_written_flat(cx, entry)?;
    Some(TextEdit::replace(span, to))
}

/// Deletes the line of an entry; a comment after the value stays, on a line of its own.
pub fn delete_entry(cx: &Context<'_>, entry: &Entry) -> Option<TextEdit> {
    let line = own_line(cx, entry)?;
    let text = cx.file.source.text();
    let key = entry.key_span?;
    let value = entry.value_span?;
    let rest = &text[value.end..line.end];
    let comment = rest.trim_start().trim_end_matches(['\r', '\n']);
    if comment.is_empty() {
        return Some(TextEdit::delete(line));
    }
    let indent = &text[line.start..key.start];
    let terminator = &rest[rest.trim_end_matches(['\r', '\n']).len()..];
    Some(TextEdit::replace(
        line,
        format!("{indent}{comment}{terminator}"),
    ))
}

/// The text to write for `value` after `key: ` in this file's dialect.
pub fn value_text(cx: &Context<'_>, key: &str, value: &str) -> Option<String> {
    match cx.dialect() {
        Dialect::Legacy => Some(value.to_owned()),
        Dialect::Standard => {
            crate::migrate::scalar::value(key, key, value, &|_| false).map(|s| s.text)
        }
    }
}

/// Replaces the value of an entry written plainly (`key: 1024`) with `value`.
pub fn replace_value(cx: &Context<'_>, entry: &Entry, value: &str) -> Option<TextEdit> {
    let span = entry.value_span?;
    let written = cx.text(span);
    // Only a value written as its own text (no quotes or escapes to preserve).
    if written != entry.value.text {
        return None;
    }
    let text = value_text(cx, &entry.key, value)?;
    Some(TextEdit::replace(span, text))
}

/// Replaces the line of an entry with `key: value` lines (the first keeps the line's comment).
pub fn replace_entry(
    cx: &Context<'_>,
    entry: &Entry,
    lines: &[(&str, String)],
) -> Option<TextEdit> {
    own_line(cx, entry)?;
    let key = key_written_flat(cx, entry)?;
    let value = entry.value_span?;
    let text = cx.file.source.text();
    let line = line_with_terminator(text, key.start);
    let indent = &text[line.start..key.start];
    let terminator = crate::edit::line_terminator(text);
    let mut out = String::new();
    for (i, (k, v)) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(terminator);
            out.push_str(indent);
        }
        out.push_str(k);
        out.push_str(": ");
        out.push_str(&value_text(cx, k, v)?);
    }
    Some(TextEdit::replace(Span::new(key.start, value.end), out))
}

/// A byte count in the largest unit that divides it exactly: `1g`, `1536m`, `1000b`.
pub fn exact_size(bytes: u64) -> String {
    for (unit, factor) in [
        ("t", 1u64 << 40),
        ("g", 1 << 30),
        ("m", 1 << 20),
        ("k", 1 << 10),
    ] {
        if bytes >= factor && bytes.is_multiple_of(factor) {
            return format!("{}{unit}", bytes / factor);
        }
    }
    format!("{bytes}b")
}

/// Sets each key to its value: the written entry's value is replaced, a key not written is
/// appended at the end of a plain file (never inside a manifest).
pub fn set_keys(cx: &Context<'_>, pairs: &[(&str, String)]) -> Option<Vec<TextEdit>> {
    let text = cx.file.source.text();
    let terminator = crate::edit::line_terminator(text);
    let mut edits = Vec::new();
    let mut appended = String::new();
    for (key, value) in pairs {
        let written = cx
            .config
            .get(key)
            .filter(|e| e.origin == crate::config::Origin::File);
        if let Some(entry) = written {
            edits.push(replace_value(cx, entry, value)?);
        } else {
            if cx.file.manifest.is_some() {
                return None;
            }
            appended.push_str(key);
            appended.push_str(": ");
            appended.push_str(&value_text(cx, key, value)?);
            appended.push_str(terminator);
        }
    }
    if !appended.is_empty() {
        let needs_break = !text.is_empty() && !text.ends_with(['\n', '\r']);
        let insert = if needs_break {
            format!("{terminator}{appended}")
        } else {
            appended
        };
        edits.push(TextEdit::insert(text.len(), insert));
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_the_largest_exact_unit() {
        assert_eq!(exact_size(1 << 30), "1g");
        assert_eq!(exact_size(1536 << 20), "1536m");
        assert_eq!(exact_size(1000), "1000b");
        assert_eq!(exact_size(4096), "4k");
    }
}
