//! The legacy `flink-conf.yaml` reader: Flink's line parser, quirk for quirk.
//!
//! Mirrors `GlobalConfiguration.loadYAMLResource` (1.13 to 1.20; in 2.x it survives only in
//! `ConfigurationFileMigrationUtils`). This is not YAML: per line, everything from the first
//! `#` on is dropped, the rest is trimmed (Java `trim`) and split at the first `": "` into a
//! key and a value, both trimmed again. Lines without the separator, or with an empty key or
//! value, are skipped; the last of duplicate keys wins; nothing is ever unquoted.

use std::collections::HashMap;

use super::source::{SourceFile, Span};
use super::value::Value;
use super::{Entry, Event, Origin, Parsed, SkipReason};

/// Java `trim` on a span of `text`: returns the span without chars <= U+0020 at either end.
fn trim_span(text: &str, span: Span) -> Span {
    let slice = &text[span.start..span.end];
    let start = span.start + (slice.len() - slice.trim_start_matches(|c: char| c <= ' ').len());
    let end = span.end - (slice.len() - slice.trim_end_matches(|c: char| c <= ' ').len());
    if start >= end {
        Span::new(start, start)
    } else {
        Span::new(start, end)
    }
}

/// Whether a value is wrapped in a pair of matching quotes (which Flink keeps).
fn is_quoted(value: &str) -> bool {
    value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')))
}

/// Parses a whole file the way Flink 1.13 to 1.20 reads `flink-conf.yaml`.
pub fn parse(file: &SourceFile) -> Parsed {
    let text = file.text();
    let mut parsed = Parsed::default();
    let mut first_seen: HashMap<String, Span> = HashMap::new();
    for line in file.lines() {
        let raw = &text[line.start..line.end];
        // 1. Everything from the first '#' on is a comment, even inside quotes or a URL.
        let hash = raw.find('#');
        let before_hash = Span::new(line.start, hash.map_or(line.end, |h| line.start + h));
        let conf = trim_span(text, before_hash);
        if conf.is_empty() {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        // 2. Split at the first ": " (a colon followed by exactly one space character).
        let conf_text = &text[conf.start..conf.end];
        let Some(separator) = conf_text.find(": ") else {
            if indented {
                parsed.events.push(Event::IndentedLine { line, key: None });
            }
            parsed.events.push(Event::LineSkipped {
                line,
                reason: SkipReason::NoSeparator,
            });
            continue;
        };
        let key_span = trim_span(text, Span::new(conf.start, conf.start + separator));
        let value_span = trim_span(text, Span::new(conf.start + separator + 2, conf.end));
        if key_span.is_empty() || value_span.is_empty() {
            parsed.events.push(Event::LineSkipped {
                line,
                reason: SkipReason::EmptyKeyOrValue,
            });
            continue;
        }
        let key = text[key_span.start..key_span.end].to_owned();
        let value = &text[value_span.start..value_span.end];
        if indented {
            parsed.events.push(Event::IndentedLine {
                line,
                key: Some(key.clone()),
            });
        }
        if let Some(h) = hash {
            let hash_at = line.start + h;
            let attached = text[..hash_at]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace())
                || (value.starts_with(['"', '\'']) && !is_quoted(value));
            parsed.events.push(Event::CommentCutsValue {
                key: key.clone(),
                value: value_span,
                cut: Span::new(hash_at, line.end),
                attached,
            });
        }
        if is_quoted(value) {
            parsed.events.push(Event::QuotedValue {
                key: key.clone(),
                value: value_span,
            });
        }
        if let Some(&first) = first_seen.get(&key) {
            parsed.events.push(Event::DuplicateKey {
                key: key.clone(),
                first,
                second: key_span,
                fatal: false,
            });
        } else {
            first_seen.insert(key.clone(), key_span);
        }
        parsed.entries.push(Entry {
            key,
            value: Value::string(value),
            key_span: Some(key_span),
            value_span: Some(value_span),
            parent_spans: Vec::new(),
            origin: Origin::File,
        });
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<(String, String)> {
        let file = SourceFile::new("flink-conf.yaml", text.to_owned());
        parse(&file)
            .entries
            .into_iter()
            .map(|e| (e.key, e.value.text))
            .collect()
    }

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn splits_at_first_hash_then_first_colon_space() {
        assert_eq!(entries("a: b # c"), [pair("a", "b")]);
        assert_eq!(entries("pw: ab#cd"), [pair("pw", "ab")]);
        assert_eq!(entries("a: b: c"), [pair("a", "b: c")]);
        assert_eq!(entries("key : value"), [pair("key", "value")]);
        assert_eq!(entries("k: \"1728m\""), [pair("k", "\"1728m\"")]);
        assert_eq!(
            entries("url: http://x:80/#frag"),
            [pair("url", "http://x:80/")]
        );
    }

    #[test]
    fn skips_what_flink_skips() {
        assert!(entries("key:value").is_empty());
        assert!(entries("key:").is_empty());
        assert!(entries("key: ").is_empty());
        assert!(entries(" : v").is_empty());
        assert!(entries("- item").is_empty());
        assert!(entries("key:\tvalue").is_empty());
        assert!(entries("# only a comment\n\n   \n").is_empty());
    }

    #[test]
    fn nested_blocks_become_short_flat_keys() {
        let text = "taskmanager:\n  memory:\n    process.size: 4g\n";
        assert_eq!(entries(text), [pair("process.size", "4g")]);
        let parsed = parse(&SourceFile::new("f", text.to_owned()));
        let indented = parsed
            .events
            .iter()
            .filter(|e| matches!(e, Event::IndentedLine { .. }))
            .count();
        assert_eq!(indented, 2);
    }

    #[test]
    fn records_quirks_with_spans() {
        let text = "a: 1\npw: se#cret\nq: 'x'\na: 2\n";
        let file = SourceFile::new("f", text.to_owned());
        let parsed = parse(&file);
        assert_eq!(parsed.entries.len(), 4);
        let Event::CommentCutsValue {
            value,
            cut,
            attached,
            ..
        } = &parsed.events[0]
        else {
            panic!("{:?}", parsed.events)
        };
        assert_eq!(
            (file.slice(*value), file.slice(*cut), *attached),
            ("se", "#cret", true)
        );
        assert!(matches!(&parsed.events[1], Event::QuotedValue { .. }));
        let Event::DuplicateKey {
            first,
            second,
            fatal,
            ..
        } = &parsed.events[2]
        else {
            panic!("{:?}", parsed.events)
        };
        assert_eq!(
            (
                file.line_col(first.start).line,
                file.line_col(second.start).line,
                *fatal
            ),
            (1, 4, false)
        );
    }

    #[test]
    fn spans_point_at_key_and_value() {
        let file = SourceFile::new("f", "\u{feff}x: 1\r\n  key :  välue  # c".to_owned());
        let parsed = parse(&file);
        assert_eq!(parsed.entries[0].key, "\u{feff}x"); // Java keeps the BOM in the first key
        let e = &parsed.entries[1];
        assert_eq!(file.slice(e.key_span.unwrap()), "key");
        assert_eq!(file.slice(e.value_span.unwrap()), "välue");
    }
}
