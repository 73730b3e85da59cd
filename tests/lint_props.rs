//! The lint engine on arbitrary input: every rule runs on any text in both dialects and every
//! version without panicking, spans stay inside the file on character boundaries, rendering
//! works, and the value of a sensitive key never reaches the output.

use flinkmem::FlinkVersion;
use flinkmem::config::{ConfigFile, Dialect, SourceFile};
use flinkmem::lint::{FileEnv, LintRun, LintedFile, Selection, Settings, check, mask};
use flinkmem::render::{concise, github, human, json, sarif};
use proptest::prelude::*;

/// Lines that look like Flink configuration, memory keys and suppressions included.
fn config_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "taskmanager.memory.process.size",
        "taskmanager.memory.network.min",
        "taskmanager.memory.network.max",
        "taskmanager.memory.network.fraction",
        "taskmanager.memory.managed.size",
        "taskmanager.memory.segment-size",
        "taskmanager.network.memory.buffers-per-channel",
        "jobmanager.memory.process.size",
        "state.backend",
        "state.backend.type",
        "taskmanager",
        "  memory",
        "    size",
        "password",
        "unknown.key",
    ]);
    let value = "[0-9a-zA-Z.#\"' :-]{0,12}";
    let line = (
        key,
        prop::sample::select(vec![": ", ":", " = ", ":\t"]),
        value,
    )
        .prop_map(|(k, sep, v)| format!("{k}{sep}{v}"));
    let comment = "# flinkmem: ignore\\[FM[0-9]{3}(, FM[0-9]{3})?\\]( [a-z ]{0,8})?";
    prop::collection::vec(
        prop_oneof![4 => line, 1 => comment.prop_map(String::from)],
        0..12,
    )
    .prop_map(|lines| lines.join("\n"))
}

fn lint_all(text: &str, name: &str, dialect: Dialect, version: FlinkVersion) -> LintRun {
    let file = ConfigFile::parse(SourceFile::new(name, text.to_owned()), dialect);
    let file = std::sync::Arc::new(file);
    let findings = check(
        &file,
        version,
        &FileEnv::default(),
        &Settings::default(),
        &Selection::all(&flinkmem::rules::REGISTRY),
    );
    let len = text.len();
    for f in &findings {
        for span in std::iter::once(f.span).chain(f.labels.iter().map(|l| l.span)) {
            assert!(
                span.start <= span.end && span.end <= len,
                "{} {span:?}",
                f.code()
            );
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    LintRun {
        files: vec![LintedFile {
            path: name.into(),
            masked: mask::masked_text(&file).into(),
            dialect,
            version,
            findings,
            source: file.source.clone(),
            document: None,
        }],
        ..LintRun::default()
    }
}

fn render_everything(run: &LintRun) -> String {
    [
        human::render(run, human::Style::PLAIN),
        concise::render(run),
        json::render(run),
        sarif::render(run),
        github::render(run),
    ]
    .concat()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn rules_never_panic(text in config_text(), legacy in any::<bool>(), v in 0..FlinkVersion::ALL.len()) {
        let (name, dialect) = if legacy {
            ("flink-conf.yaml", Dialect::Legacy)
        } else {
            ("config.yaml", Dialect::Standard)
        };
        let run = lint_all(&text, name, dialect, FlinkVersion::ALL[v]);
        let _ = render_everything(&run);
    }

    #[test]
    fn arbitrary_bytes_never_panic(text in "\\PC{0,120}", legacy in any::<bool>()) {
        let (name, dialect) = if legacy {
            ("flink-conf.yaml", Dialect::Legacy)
        } else {
            ("config.yaml", Dialect::Standard)
        };
        let run = lint_all(&text, name, dialect, FlinkVersion::LATEST);
        let _ = render_everything(&run);
    }

    #[test]
    fn secrets_stay_hidden(secret in "[A-Za-z0-9]{6,16}", sep in prop::sample::select(vec![": ", ":", " = "]), tail in prop::sample::select(vec!["", "#x", " # c", "\""])) {
        let text = format!("security.ssl.internal.keystore-password{sep}\"{secret}{tail}\ns3.secret-key{sep}{secret}\n");
        for (name, dialect) in [("flink-conf.yaml", Dialect::Legacy), ("config.yaml", Dialect::Standard)] {
            let run = lint_all(&text, name, dialect, FlinkVersion::V1_20);
            let out = render_everything(&run);
            prop_assert!(!out.contains(&secret), "{}", out);
        }
    }
}
