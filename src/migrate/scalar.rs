//! Writing a legacy string as a YAML scalar that Flink's standard reader gives back unchanged.
//!
//! The legacy reader keeps every value as the exact text after `": "`; in `config.yaml` the
//! same text may mean something else (`017` and `1e3` become numbers, `~` null, `*x` an
//! alias, `a # b` loses its tail). A value is written plain only when reading it back through
//! flinkmem's standard loader (checked against Flink's `GlobalConfiguration`) yields the same
//! string; otherwise single-quoted, as Flink's own migration does, or double-quoted with
//! escapes when it holds characters YAML does not allow raw.

use std::fmt::Write as _;

use crate::config::{SourceFile, Value, ValueKind, standard};

/// A scalar as it will be written, and whether quoting was needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub text: String,
    pub quoted: bool,
}

/// What Flink stores for `<key_as_written>: <candidate>` under `key`, if the line reads as
/// one scalar entry of that key.
fn read_back(key_as_written: &str, key: &str, candidate: &str) -> Option<Value> {
    let text = format!("{key_as_written}: {candidate}\n");
    let mut parsed = standard::parse(&SourceFile::new("config.yaml", text));
    let scalar = parsed.rejection.is_none()
        && parsed.entries.len() == 1
        && parsed.entries[0].key == key
        && !parsed
            .events
            .iter()
            .any(|e| matches!(e, crate::config::Event::ListValue { .. }));
    scalar.then(|| parsed.entries.swap_remove(0).value)
}

/// Whether a key written as `candidate` reads back as `key`.
fn key_reads_back(candidate: &str, key: &str) -> bool {
    let text = format!("{candidate}: x\n");
    let parsed = standard::parse(&SourceFile::new("config.yaml", text));
    parsed.rejection.is_none() && parsed.entries.len() == 1 && parsed.entries[0].key == key
}

/// Characters YAML allows in a quoted scalar without an escape (`c-printable` minus the byte
/// order mark, plus tab).
fn printable(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{85}')
        || (('\u{A0}'..='\u{D7FF}').contains(&c) && c != '\u{2028}' && c != '\u{2029}')
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || ('\u{10000}'..='\u{10FFFF}').contains(&c)
}

fn single_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                let _ = match code {
                    0..=0xFF => write!(out, "\\x{code:02X}"),
                    0x100..=0xFFFF => write!(out, "\\u{code:04X}"),
                    _ => write!(out, "\\U{code:08X}"),
                };
            }
        }
    }
    out.push('"');
    out
}

/// The candidates in order of preference: plain, single-quoted, double-quoted.
fn candidates(value: &str) -> impl Iterator<Item = (String, bool)> {
    let plain = (!value.is_empty()).then(|| (value.to_owned(), false));
    let single = value
        .chars()
        .all(printable)
        .then(|| (single_quoted(value), true));
    plain
        .into_iter()
        .chain(single)
        .chain(std::iter::once((double_quoted(value), true)))
}

/// `value` as the scalar to write after `key: `, or `None` if no spelling reads back (which
/// the migration reports instead of writing a wrong value).
///
/// A plain spelling that YAML types as a number or boolean (`4`, `0.4`, `true`) is kept when
/// its `toString()` is the same text and `same` accepts the typed value (the caller converts
/// both for the option's type); everything else must read back as the very string.
pub fn value(
    key_as_written: &str,
    key: &str,
    value: &str,
    same: &dyn Fn(&Value) -> bool,
) -> Option<Scalar> {
    candidates(value)
        .find(|(candidate, _)| {
            read_back(key_as_written, key, candidate).is_some_and(|stored| match stored.kind {
                ValueKind::String => stored.text == value,
                ValueKind::Other => false,
                _ => stored.java_string() == value && same(&stored),
            })
        })
        .map(|(text, quoted)| Scalar { text, quoted })
}

/// `key` as it must be written for the standard reader to see exactly that key.
pub fn key(key: &str) -> Option<Scalar> {
    candidates(key)
        .find(|(candidate, _)| key_reads_back(candidate, key))
        .map(|(text, quoted)| Scalar { text, quoted })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(v: &str) -> String {
        value("k", "k", v, &|_| false).expect("a spelling").text
    }

    #[test]
    fn plain_strings_stay_plain() {
        for v in [
            "1728m",
            "localhost",
            "-Dfoo=bar -Dx=y",
            "a;b",
            "a:1,b:2",
            "s3://bucket/path",
            "yes",
            "http://x:8080/a",
            "é ü",
        ] {
            assert_eq!(written(v), v, "{v}");
        }
    }

    #[test]
    fn values_yaml_would_read_differently_are_quoted() {
        for (v, w) in [
            ("017", "'017'"),
            ("1e3", "'1e3'"),
            ("~", "'~'"),
            ("null", "'null'"),
            ("true", "'true'"),
            ("0x1F", "'0x1F'"),
            (".inf", "'.inf'"),
            ("*star", "'*star'"),
            ("&a b", "'&a b'"),
            ("!tag", "'!tag'"),
            ("%x", "'%x'"),
            ("@x", "'@x'"),
            ("`x", "'`x'"),
            ("[a, b]", "'[a, b]'"),
            ("{a: 1}", "'{a: 1}'"),
            ("- x", "'- x'"),
            ("> x", "'> x'"),
            ("a: b", "'a: b'"),
            ("a #b", "'a #b'"),
            ("\"-Da=b\"", "'\"-Da=b\"'"),
            ("'x'", "'''x'''"),
            ("1", "'1'"),
        ] {
            assert_eq!(written(v), w, "{v}");
        }
    }

    #[test]
    fn characters_yaml_forbids_raw_are_escaped() {
        assert_eq!(written("a\u{1}b"), "\"a\\x01b\"");
        assert_eq!(
            value("k", "k", "4", &|_| true).map(|s| s.text).as_deref(),
            Some("4")
        );
    }

    #[test]
    fn keys_are_quoted_only_when_needed() {
        let written = |k: &str| key(k).expect("a spelling").text;
        assert_eq!(
            written("taskmanager.memory.process.size"),
            "taskmanager.memory.process.size"
        );
        assert_eq!(written("- a"), "'- a'");
        assert_eq!(written("a #b"), "'a #b'");
        assert!(key_reads_back(&written("true"), "true"));
    }
}
