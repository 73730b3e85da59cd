//! The `config.yaml` loader (granit events, Flink's flattening, the tab, alias and nesting
//! limits) on arbitrary text: no panic, spans inside the text, and the lint rules run on it.
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
        SourceFile::new("config.yaml", text.to_owned()),
        Dialect::Standard,
    );
    for entry in &file.parsed.entries {
        inside(text, entry.key_span);
        inside(text, entry.value_span);
    }
    let file = std::sync::Arc::new(file);
    let findings = check(
        &file,
        flinkmem::FlinkVersion::LATEST,
        &FileEnv::default(),
        &Settings::default(),
        &Selection::all(&flinkmem::rules::REGISTRY),
    );
    for finding in &findings {
        inside(text, Some(finding.span));
    }
});
