//! Per-rule fixtures: `tests/fixtures/FMnnn/<case>.<flink-conf|config>.yaml`. Each fixture is
//! linted with every rule, and the snapshot keeps only the findings of the rule its folder names
//! (so a new rule never changes an old snapshot), rendered as users see them (miette, 80
//! columns, no colour), under the fixture's text.
//!
//! A fixture states its intent in its first comment lines (`# expect: ...` or `# ok: ...`) and
//! may set `# flink-version: 2.0`, `# sibling: flink-conf.yaml` (a file that exists next to it)
//! and `# job: parallelism=128 exchanges=2 [slots=S taskmanagers=T mode=batch]` (the `[job]` of
//! `.flinkmem.toml`). Files named
//! `*.ok.*` must raise nothing of their rule.

use flinkmem::FlinkVersion;
use flinkmem::config::load::{assumed_version, dialect_for_name};
use flinkmem::config::{ConfigFile, SourceFile};
use flinkmem::lint::{
    FileEnv, Job, LintOptions, LintedFile, Selection, Settings, VersionSource, check,
    lint_manifest, mask,
};
use flinkmem::network::job::Mode;
use flinkmem::render::human::{plain_handler, render_file};
use flinkmem::rules;

/// The header directives of a fixture.
struct Header {
    version: Option<FlinkVersion>,
    settings: Settings,
    env: FileEnv,
    intent: Option<String>,
}

fn header(text: &str) -> Header {
    let mut header = Header {
        version: None,
        settings: Settings::default(),
        env: FileEnv::default(),
        intent: None,
    };
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if let Some(v) = line.strip_prefix("flink-version:") {
            header.version = Some(v.trim().parse().expect("flink-version"));
            header.env.version_source = VersionSource::CommandLine;
        } else if let Some(name) = line.strip_prefix("sibling:") {
            match name.trim() {
                "flink-conf.yaml" => header.env.legacy_sibling = true,
                "config.yaml" => header.env.standard_sibling = true,
                other => panic!("unknown sibling {other}"),
            }
        } else if let Some(job) = line.strip_prefix("job:") {
            let mut spec = Job::default();
            for pair in job.split_whitespace() {
                match pair.split_once('=') {
                    Some(("parallelism", v)) => spec.parallelism = v.parse().expect("parallelism"),
                    Some(("exchanges", v)) => spec.exchanges = v.parse().expect("exchanges"),
                    Some(("slots", v)) => spec.slots = Some(v.parse().expect("slots")),
                    Some(("taskmanagers", v)) => {
                        spec.taskmanagers = Some(v.parse().expect("taskmanagers"));
                    }
                    Some(("mode", "batch")) => spec.mode = Some(Mode::Batch),
                    Some(("mode", "streaming")) => spec.mode = Some(Mode::Streaming),
                    _ => panic!("unknown job setting {pair}"),
                }
            }
            header.settings.job = Some(spec);
        } else if line.starts_with("expect:") || line.starts_with("ok:") {
            header.intent = Some(line.to_owned());
        }
    }
    header
}

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/FM*/*.yaml", |path| {
        let code = path
            .components()
            .rev()
            .nth(1)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .expect("folder");
        assert!(rules::find(&code).is_some(), "{code} is not a rule");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(path).expect("fixture");
        let header = header(&text);
        let intent = header.intent.unwrap_or_else(|| {
            panic!("{code}/{name}: state the intent in a `# expect:` or `# ok:` comment")
        });
        let ok = name.contains(".ok.");
        assert_eq!(
            intent.starts_with("ok:"),
            ok,
            "{code}/{name}: the intent comment must match the file name"
        );
        let source = SourceFile::new(format!("{code}/{name}"), text.clone());
        let linted: Vec<LintedFile> = if flinkmem::kubernetes::is_manifest(&text) {
            // A Kubernetes manifest: one linted file per Flink document in it.
            let options = LintOptions {
                flink_version: header.version,
                ..LintOptions::new(&rules::REGISTRY)
            };
            lint_manifest(source, &options, &header.settings).expect("a readable manifest")
        } else {
            let dialect = dialect_for_name(path);
            let file = std::sync::Arc::new(ConfigFile::parse(source, dialect));
            let version = header.version.unwrap_or_else(|| assumed_version(dialect));
            let findings = check(
                &file,
                version,
                &header.env,
                &header.settings,
                &Selection::all(&rules::REGISTRY),
            );
            vec![LintedFile {
                path: format!("{code}/{name}").into(),
                masked: mask::masked_text(&file).into(),
                dialect,
                version,
                findings,
                source: file.source.clone(),
                document: None,
            }]
        };
        let version = linted.first().map_or(FlinkVersion::LATEST, |f| f.version);
        let mut rendered = String::new();
        let mut raised = 0;
        for mut file in linted {
            file.findings.retain(|f| f.code() == code);
            raised += file.findings.len();
            render_file(&plain_handler(), &file, &mut rendered);
        }
        if ok {
            assert!(raised == 0, "{code}/{name} must raise no {code}");
        } else {
            assert!(raised > 0, "{code}/{name} must raise {code}");
        }
        if rendered.is_empty() {
            rendered.push_str("(none)\n");
        }
        insta::assert_snapshot!(format!(
            "# Input (Flink {version})\n{text}\n# Diagnostics\n{rendered}"
        ));
    });
}

#[test]
fn flinks_shipped_default_of_every_version_lints_clean() {
    for version in FlinkVersion::ALL {
        let file = std::sync::Arc::new(flinkmem::config::shipped::shipped_default(version));
        let findings = check(
            &file,
            version,
            &FileEnv::default(),
            &Settings::default(),
            &Selection::all(&rules::REGISTRY),
        );
        let codes: Vec<&str> = findings.iter().map(flinkmem::lint::Finding::code).collect();
        assert!(
            codes.is_empty(),
            "Flink {version}'s shipped default: {codes:?}"
        );
    }
}
