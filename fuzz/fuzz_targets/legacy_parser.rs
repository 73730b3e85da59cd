//! The hand-written `flink-conf.yaml` reader on arbitrary text: no panic, every span inside the
//! text on character boundaries, and the lint rules run on whatever it read.
#![no_main]

use flinkmem::config::{ConfigFile, Dialect, SourceFile, Span};
use flinkmem::lint::{FileEnv, Selection, Settings, check};
use libfuzzer_sys::fuzz_target;

fn inside(text: &str, span: Option<Span>) {
    if let Some(span) = span {
        assert!(span.start <= span.end && span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
}

fuzz_target!(|text: &str| {
    let file = ConfigFile::parse(
        SourceFile::new("flink-conf.yaml", text.to_owned()),
        Dialect::Legacy,
    );
    for entry in &file.parsed.entries {
        inside(text, entry.key_span);
        inside(text, entry.value_span);
    }
    let file = std::sync::Arc::new(file);
    let findings = check(
        &file,
        flinkmem::FlinkVersion::V1_20,
        &FileEnv::default(),
        &Settings::default(),
        &Selection::all(&flinkmem::rules::REGISTRY),
    );
    for finding in &findings {
        inside(text, Some(finding.span));
    }
});
