//! Tests of the standard `config.yaml` reader: Flink's alias limit, flattening, core-schema
//! typing, duplicate keys, refusals and spans.

use std::fmt::Write as _;

use super::parse;
use crate::config::{Event, SourceFile};

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
