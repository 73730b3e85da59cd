//! Snapshots of what the loader makes of tricky files in both dialects: every entry with the
//! positions of its key and value, every silent quirk recorded, and whole-file rejections.
//! The fixtures in `tests/fixtures/loader/` state their intent in a comment (or their name).

use std::fmt::Write as _;

use flinkmem::config::{ConfigFile, Event, SourceFile, Span, load::dialect_for_name};

fn describe(file: &ConfigFile) -> String {
    let src = &file.source;
    let at = |span: Span| src.line_col(span.start).to_string();
    let mut out = String::new();
    let _ = writeln!(out, "dialect: {:?}", file.dialect);
    let _ = writeln!(out, "entries:");
    for e in &file.parsed.entries {
        let parents: Vec<String> = e
            .parent_spans
            .iter()
            .map(|s| format!("{:?}@{}", src.slice(*s), at(*s)))
            .collect();
        let _ = writeln!(
            out,
            "  {:?} = {:?} ({:?}); key {:?}@{}, value {:?}@{}{}",
            e.key,
            e.value.text,
            e.value.kind,
            e.key_span.map(|s| src.slice(s)).unwrap_or_default(),
            e.key_span.map(at).unwrap_or_default(),
            e.value_span.map(|s| src.slice(s)).unwrap_or_default(),
            e.value_span.map(at).unwrap_or_default(),
            if parents.is_empty() {
                String::new()
            } else {
                format!(", inside {}", parents.join(" > "))
            },
        );
    }
    let _ = writeln!(out, "events:");
    for event in &file.parsed.events {
        let line = match event {
            Event::LineSkipped { line, reason } => format!(
                "{} line skipped ({reason:?}): {:?}",
                at(*line),
                src.slice(*line)
            ),
            Event::CommentCutsValue {
                key,
                value,
                cut,
                attached,
            } => {
                format!(
                    "{} '#' cuts {key}: kept {:?}, dropped {:?}, attached: {attached}",
                    at(*cut),
                    src.slice(*value),
                    src.slice(*cut)
                )
            }
            Event::QuotedValue { key, value } => format!(
                "{} quotes kept in {key}: {:?}",
                at(*value),
                src.slice(*value)
            ),
            Event::IndentedLine { line, key } => {
                format!("{} indented line, read as key {key:?}", at(*line))
            }
            Event::DuplicateKey {
                key,
                first,
                second,
                fatal,
            } => {
                format!(
                    "{} duplicate {key} (first at {}), fatal: {fatal}",
                    at(*second),
                    at(*first)
                )
            }
            Event::NullValue { key, key_span } => format!("{} no value for {key}", at(*key_span)),
            Event::ListValue { key, value } => format!(
                "{} list value for {key}: {:?}",
                at(*value),
                src.slice(*value)
            ),
        };
        let _ = writeln!(out, "  {line}");
    }
    match &file.parsed.rejection {
        Some(r) => {
            let _ = writeln!(out, "rejected at {}: {}", at(r.span), r.message);
        }
        None => {
            let _ = writeln!(out, "accepted");
        }
    }
    out
}

#[test]
fn loader_snapshots() {
    insta::glob!("fixtures/loader/*.yaml", |path| {
        let bytes = std::fs::read(path).expect("fixture");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let file = ConfigFile::parse(SourceFile::from_bytes(&name, bytes), dialect_for_name(path));
        insta::assert_snapshot!(describe(&file));
    });
}
