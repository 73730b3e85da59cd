//! Properties of the loader on arbitrary input: it never panics, spans always slice the file
//! on character boundaries, and the legacy reader keeps Flink's key/value invariants.

use flinkmem::config::{ConfigFile, Dialect, SourceFile};
use proptest::prelude::*;

fn check_spans(file: &ConfigFile) {
    let text = file.source.text();
    for entry in &file.parsed.entries {
        for span in entry
            .key_span
            .iter()
            .chain(entry.value_span.iter())
            .chain(entry.parent_spans.iter())
        {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    if let Some(r) = &file.parsed.rejection {
        assert!(r.span.end <= text.len());
        let _ = file.source.line_col(r.span.start);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn legacy_reader_never_panics_and_keeps_flinks_invariants(text in "[a-z.:#\"' \\t\\r\\n-]{0,200}") {
        let file = ConfigFile::parse(SourceFile::new("flink-conf.yaml", text), Dialect::Legacy);
        check_spans(&file);
        for e in &file.parsed.entries {
            // Flink stores only non-empty, trimmed keys and values, never containing '#'.
            prop_assert!(!e.key.is_empty() && !e.value.text.is_empty());
            prop_assert!(!e.key.contains('#') && !e.value.text.contains('#'));
            prop_assert_eq!(e.key.trim(), e.key.as_str());
        }
    }

    #[test]
    fn standard_reader_never_panics(text in "[a-z0-9.:#\"'{}\\[\\],&*!|>~ \\t\\n-]{0,200}") {
        let file = ConfigFile::parse(SourceFile::new("config.yaml", text), Dialect::Standard);
        check_spans(&file);
    }

    #[test]
    fn any_bytes_are_survivable(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        for dialect in [Dialect::Legacy, Dialect::Standard] {
            let file = ConfigFile::parse(SourceFile::from_bytes("f", bytes.clone()), dialect);
            check_spans(&file);
        }
    }
}
