//! Kubernetes manifests against Flink itself: every Flink document of
//! `tests/golden/kubernetes/manifests/` is translated as the operator does it, and the memory
//! budgets flinkmem derives from that translation must equal what Flink's own `BashJavaUtils`
//! derived from the same configuration written as a plain file (`flink-<minor>.jsonl`, made by
//! `harness/kubernetes/generate.sh`).
//!
//! `cases.jsonl` holds each translation flattened to the file the operator writes. The test
//! checks it is still what the translation gives, so a change to the translation cannot pass
//! without regenerating the golden data. `FLINKMEM_WRITE_KUBERNETES_CASES=1` rewrites it (the
//! harness's first step).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

mod common;

use common::{golden_path, read_jsonl};

use flinkmem::calc;
use flinkmem::config::{Config, SourceFile};
use flinkmem::kubernetes::{self, Kind};
use serde_json::{Value as Json, json};

fn golden_dir() -> PathBuf {
    golden_path(&["kubernetes"])
}

/// One translated document as a golden case: the file the operator writes for it.
fn cases() -> Vec<Json> {
    let dir = golden_dir().join("manifests");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("manifests")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    names.sort();
    let mut cases = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("manifest");
        let stem = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let manifest = kubernetes::read(
            SourceFile::new(&path, text),
            &kubernetes::Options::default(),
        );
        assert!(manifest.error.is_none(), "{stem}: {:?}", manifest.error);
        for unit in &manifest.units {
            if unit.label().kind == Kind::FlinkSessionJob {
                continue;
            }
            let config = Config::new(unit.version, Some(unit.file.clone()), &[]);
            let standard = unit.version.is_2x();
            let mut file = String::new();
            for entry in config.effective_entries() {
                let value = &entry.value.text;
                if standard {
                    let _ = writeln!(file, "{}: '{}'", entry.key, value.replace('\'', "''"));
                } else {
                    let _ = writeln!(file, "{}: {value}", entry.key);
                }
            }
            cases.push(json!({
                "id": format!("{stem}/{}", unit.label().qualified_name()),
                "intent": format!("{} in {stem}.yaml, as the operator configures it", unit.label()),
                "flink_version": unit.version.to_string(),
                "file": if standard { "config.yaml" } else { "flink-conf.yaml" },
                "text": file,
                "dynamic": [],
            }));
        }
    }
    cases
}

/// A process's outcome as the golden files record it.
fn outcome(golden: &Json) -> String {
    match golden.get("error") {
        Some(error) => format!(
            "error {}: {}",
            error["class"].as_str().unwrap_or_default(),
            error["message"].as_str().unwrap_or_default()
        ),
        None => format!(
            "ok {} | {}",
            golden["jvm_params"].as_str().unwrap_or_default(),
            golden["dynamic_configs"].as_str().unwrap_or_default()
        ),
    }
}

fn actual(config: &Config, taskmanager: bool) -> String {
    let (result, error) = if taskmanager {
        match calc::taskmanager(config) {
            Ok(b) => (
                format!("{} | {}", b.jvm_params(), b.dynamic_configs()),
                None,
            ),
            Err(e) => (String::new(), Some(e)),
        }
    } else {
        match calc::jobmanager(config) {
            Ok(b) => (
                format!("{} | {}", b.jvm_params(), b.dynamic_configs()),
                None,
            ),
            Err(e) => (String::new(), Some(e)),
        }
    };
    match error {
        Some(e) => format!("error {}: {}", e.class(), e.message()),
        None => format!("ok {result}"),
    }
}

#[test]
fn translations_are_the_golden_cases() {
    let path = golden_dir().join("cases.jsonl");
    let fresh = cases();
    if std::env::var_os("FLINKMEM_WRITE_KUBERNETES_CASES").is_some() {
        let mut text = String::new();
        for case in &fresh {
            text.push_str(&serde_json::to_string(case).expect("json"));
            text.push('\n');
        }
        std::fs::write(&path, text).expect("write cases.jsonl");
    }
    let stored = read_jsonl(&path);
    assert_eq!(
        stored, fresh,
        "the operator translation changed: run harness/kubernetes/generate.sh"
    );
}

#[test]
fn budgets_of_manifests_match_flink() {
    let dir = golden_dir();
    let cases: HashMap<String, Json> = read_jsonl(&dir.join("cases.jsonl"))
        .into_iter()
        .map(|c| (c["id"].as_str().unwrap_or_default().to_owned(), c))
        .collect();
    let mut golden: HashMap<(String, String), Json> = HashMap::new();
    for version in flinkmem::FlinkVersion::ALL {
        let path = dir.join(format!("flink-{version}.jsonl"));
        if path.exists() {
            for line in read_jsonl(&path) {
                let id = line["id"].as_str().unwrap_or_default().to_owned();
                golden.insert((version.to_string(), id), line);
            }
        }
    }
    let manifests = golden_dir().join("manifests");
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for entry in std::fs::read_dir(&manifests).expect("manifests") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("manifest");
        let manifest = kubernetes::read(
            SourceFile::new(&path, text),
            &kubernetes::Options::default(),
        );
        for unit in manifest
            .units
            .iter()
            .filter(|u| u.label().kind != Kind::FlinkSessionJob)
        {
            let id = format!("{stem}/{}", unit.label().qualified_name());
            assert!(cases.contains_key(&id), "{id}: not in cases.jsonl");
            let Some(want) = golden.get(&(unit.version.to_string(), id.clone())) else {
                mismatches.push(format!("{id}: no golden result for Flink {}", unit.version));
                continue;
            };
            // The configuration exactly as the translation gives it, manifest spans and all.
            let config = Config::new(unit.version, Some(unit.file.clone()), &[]);
            for (process, taskmanager) in [("taskmanager", true), ("jobmanager", false)] {
                compared += 1;
                let (want, got) = (outcome(&want[process]), actual(&config, taskmanager));
                if want != got {
                    mismatches.push(format!(
                        "{id} @ {} {process}\n    flink    {want}\n    flinkmem {got}",
                        unit.version
                    ));
                }
            }
        }
    }
    assert!(compared >= 10, "only {compared} comparisons");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
