//! `flinkmem migrate` through the real binary: what it writes, when it refuses, and that it
//! never touches a file it was not asked to write. Also every legacy file in the repository:
//! each either migrates to a file proven equivalent or is refused with the keys named.

mod common;

use std::path::Path;

use common::run_in;
use serde_json::Value as Json;

fn json(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn conf_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("flink-conf.yaml"), text).expect("write");
    dir
}

const LEGACY: &str = "# sizes\ntaskmanager.memory.process.size: 1728m # the TM\ntaskmanager.numberOfTaskSlots: 017\nsecurity.ssl.keystore-password: hunter2-canary\n";

#[test]
fn without_an_output_it_checks_and_writes_nothing() {
    let dir = conf_dir(LEGACY);
    let (code, out, err) = run_in(dir.path(), &["migrate", "."]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("line 3: quoted taskmanager.numberOfTaskSlots: 017 -> '017'"),
        "{out}"
    );
    assert!(out.contains("nothing written"), "{out}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(names.len(), 1);
    assert!(!out.contains("hunter2-canary") && !err.contains("hunter2-canary"));
}

#[test]
fn output_file_keeps_comments_and_quotes_what_yaml_would_misread() {
    let dir = conf_dir(LEGACY);
    let (code, out, err) = run_in(
        dir.path(),
        &["migrate", "flink-conf.yaml", "-o", "config.yaml"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let written = std::fs::read_to_string(dir.path().join("config.yaml")).expect("written");
    assert_eq!(
        written,
        "# sizes\ntaskmanager.memory.process.size: 1728m # the TM\ntaskmanager.numberOfTaskSlots: '017'\nsecurity.ssl.keystore-password: hunter2-canary\n"
    );
    assert!(out.contains("wrote config.yaml"), "{out}");
    assert!(!out.contains("hunter2-canary"), "{out}");
    // The written file lints as config.yaml for 1.20 without a file-level finding.
    let (_, lint, _) = run_in(
        dir.path(),
        &["lint", "config.yaml", "--flink-version", "1.20"],
    );
    assert!(!lint.contains("FM001"), "{lint}");
}

#[test]
fn dash_writes_the_file_to_stdout_and_the_summary_to_stderr() {
    let dir = conf_dir("a.b: 1\n");
    let (code, out, err) = run_in(dir.path(), &["migrate", ".", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "a.b: 1\n");
    assert!(err.contains("0 changes"), "{err}");
}

#[test]
fn in_place_writes_config_yaml_and_removes_the_legacy_file() {
    let dir = conf_dir(LEGACY);
    let (code, out, err) = run_in(dir.path(), &["migrate", ".", "--in-place"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(dir.path().join("config.yaml").exists());
    assert!(!dir.path().join("flink-conf.yaml").exists());
    // A second run has nothing to read.
    let (code, _, err) = run_in(dir.path(), &["migrate", ".", "--in-place"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn in_place_never_overwrites_an_existing_config_yaml() {
    let dir = conf_dir(LEGACY);
    std::fs::write(dir.path().join("config.yaml"), "mine: 1\n").expect("write");
    let (code, _, err) = run_in(dir.path(), &["migrate", ".", "--in-place"]);
    assert_eq!(code, 2);
    assert!(err.contains("config.yaml exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config.yaml")).expect("read"),
        "mine: 1\n"
    );
    assert!(dir.path().join("flink-conf.yaml").exists());
}

#[test]
fn a_difference_refuses_unless_accepted() {
    // A list string standard YAML reads as a list: the value would change.
    let dir = conf_dir("pipeline.jars: [a.jar, b.jar]\ntaskmanager.memory.process.size: 2g\n");
    let (code, out, _) = run_in(
        dir.path(),
        &["migrate", ".", "--to", "2.0", "-o", "config.yaml"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("pipeline.jars: standard YAML reads"), "{out}");
    assert!(out.contains("refused: nothing written"), "{out}");
    assert!(!dir.path().join("config.yaml").exists());
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "migrate",
            ".",
            "--to",
            "2.0",
            "-o",
            "config.yaml",
            "--accept-changes",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(dir.path().join("config.yaml").exists());
}

#[test]
fn a_2x_target_moves_removed_keys_and_reports_budget_changes() {
    let dir = conf_dir("taskmanager.heap.size: 1g\njobmanager.heap.mb: 512\n");
    let (code, out, _) = run_in(
        dir.path(),
        &["migrate", ".", "--to", "2.0", "--format", "json"],
    );
    let report = json(&out);
    let kinds: Vec<&str> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["renamed", "renamed"], "{report}");
    assert_eq!(
        report["changes"][1]["new"], "jobmanager.memory.heap.size: 512m",
        "{report}"
    );
    // Flink 2.0 derives these budgets like 1.20 did: nothing to refuse.
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["refused"], false);
}

#[test]
fn diff_prints_a_unified_diff_masks_secrets_and_writes_nothing() {
    let dir = conf_dir(LEGACY);
    let before = std::fs::metadata(dir.path().join("flink-conf.yaml"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let (code, out, _) = run_in(dir.path(), &["migrate", ".", "--diff"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("--- flink-conf.yaml\n+++ config.yaml\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "-taskmanager.numberOfTaskSlots: 017\n+taskmanager.numberOfTaskSlots: '017'\n"
        ),
        "{out}"
    );
    assert!(!out.contains("hunter2-canary"), "{out}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    let after = std::fs::metadata(dir.path().join("flink-conf.yaml"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
}

#[test]
fn bad_input_is_exit_2() {
    let dir = conf_dir("a: 1\n");
    std::fs::write(dir.path().join("config.yaml"), "a: 1\n").expect("write");
    let (code, _, err) = run_in(dir.path(), &["migrate", "config.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("already a standard YAML config.yaml"), "{err}");
    let (code, _, err) = run_in(dir.path(), &["migrate", "missing.yaml"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run_in(dir.path(), &["migrate", ".", "--to", "1.18"]);
    assert_eq!(code, 2);
    assert!(err.contains("does not read config.yaml"), "{err}");
}

/// Every `flink-conf.yaml` of the repository's fixtures and examples, and every legacy case of
/// the loader's golden corpus, to every target: proven equivalent, or refused naming keys.
#[test]
fn every_legacy_file_in_the_repository_migrates_or_is_refused_with_reasons() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<(String, String)> = Vec::new();
    for top in ["tests/fixtures", "examples"] {
        let mut stack = vec![root.join(top)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("list").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.file_name().is_some_and(|n| n == "flink-conf.yaml") {
                    let text =
                        String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
                    texts.push((path.display().to_string(), text));
                }
            }
        }
    }
    for case in common::read_jsonl(&common::golden_path(&["loader", "cases.jsonl"])) {
        if case["file"] == "flink-conf.yaml" {
            texts.push((
                case["id"].as_str().unwrap_or("").to_owned(),
                case["text"].as_str().unwrap_or("").to_owned(),
            ));
        }
    }
    assert!(texts.len() > 50, "{}", texts.len());
    let mut refused = 0;
    for (name, text) in &texts {
        let file = flinkmem::config::ConfigFile::parse(
            flinkmem::config::SourceFile::new("flink-conf.yaml", text.clone()),
            flinkmem::config::Dialect::Legacy,
        );
        for target in ["1.19", "1.20", "2.0", "2.3"] {
            let target: flinkmem::FlinkVersion = target.parse().expect("version");
            let options = flinkmem::migrate::Options {
                source: flinkmem::FlinkVersion::V1_20,
                target,
                nested: false,
            };
            let migration = flinkmem::migrate::migrate(&file, options).expect("migrates");
            let written = flinkmem::config::ConfigFile::parse(
                flinkmem::config::SourceFile::new("config.yaml", migration.text.clone()),
                flinkmem::config::Dialect::Standard,
            );
            if migration.differences.is_empty() {
                assert!(
                    written.parsed.rejection.is_none(),
                    "{name} -> {target}: {}",
                    migration.text
                );
            } else {
                refused += 1;
                for d in &migration.differences {
                    assert!(!d.key.is_empty() && !d.why.is_empty(), "{name}: {d:?}");
                }
            }
            let nested = flinkmem::migrate::migrate(
                &file,
                flinkmem::migrate::Options {
                    nested: true,
                    ..options
                },
            )
            .expect("migrates nested");
            assert_eq!(
                nested.differences.len(),
                migration.differences.len(),
                "{name} -> {target} nested:\n{}\n{:?}",
                nested.text,
                nested.differences
            );
        }
    }
    // Most files carry over unchanged in meaning; the refusals are the 2.x removals.
    assert!(
        refused < texts.len() * 2,
        "{refused} refusals of {}",
        texts.len() * 4
    );
}
