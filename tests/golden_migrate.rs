//! `migrate` against Flink itself (`tests/golden/migrate/`, written by harness/migrate/): what
//! we write for every legacy file of the corpus is what the code writes today, and Flink reads
//! it to the entries Flink read from the legacy file, except the renames and removals the
//! migration declares. Flink's own migration output is read by our loader as Flink reads it.

mod common;

use std::collections::BTreeMap;

use common::{Mismatches, golden_path, read_jsonl};
use flinkmem::FlinkVersion;
use flinkmem::config::{ConfigFile, Dialect, SourceFile};
use flinkmem::migrate::{ChangeKind, Migration, Options, migrate};
use serde_json::Value;

const TARGETS: [&str; 4] = ["1.19", "1.20", "2.0", "2.3"];
/// What `harness/migrate/make_cases.py` runs: `flinkmem migrate --to <M>`, default `--from`.
const SOURCE: FlinkVersion = FlinkVersion::V1_20;

type Entries = BTreeMap<String, String>;

fn entries(loaded: &Value) -> Option<Entries> {
    let list = loaded.get("entries")?.as_array()?;
    Some(
        list.iter()
            .map(|kv| {
                (
                    kv[0].as_str().unwrap_or_default().to_owned(),
                    kv[1].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect(),
    )
}

fn ours(legacy: &str, target: FlinkVersion) -> Option<Migration> {
    let file = ConfigFile::parse(
        SourceFile::new("flink-conf.yaml", legacy.to_owned()),
        Dialect::Legacy,
    );
    migrate(
        &file,
        Options {
            source: SOURCE,
            target,
            nested: false,
        },
    )
    .ok()
}

/// The legacy entries with the migration's declared renames and removals applied.
fn expected_after(source: &Entries, migration: &Migration) -> Entries {
    let mut expected = source.clone();
    for change in &migration.changes {
        let Some(key) = &change.key else { continue };
        match change.kind {
            ChangeKind::Removed => {
                expected.remove(key);
            }
            ChangeKind::Renamed => {
                expected.remove(key);
                let new = change.new.as_deref().unwrap_or_default();
                if let Some((to, value)) = new.split_once(": ") {
                    expected.insert(to.to_owned(), value.to_owned());
                }
            }
            _ => {}
        }
    }
    expected
}

#[test]
fn flink_reads_our_migrations_as_the_legacy_file_minus_declared_changes() {
    let cases = read_jsonl(&golden_path(&["migrate", "cases.jsonl"]));
    assert!(cases.len() >= 60, "the corpus shrank to {}", cases.len());
    let mut legacy_read_by_1_20: BTreeMap<String, Entries> = BTreeMap::new();
    for line in read_jsonl(&golden_path(&["migrate", "flink-1.20.jsonl"])) {
        let id = line["id"].as_str().unwrap_or_default().to_owned();
        let read = entries(&line["source"]).expect("Flink 1.20 reads every legacy case");
        legacy_read_by_1_20.insert(id, read);
    }
    let mut mismatches = Mismatches::default();
    let mut proven = 0;
    let mut accepted = 0;
    for target_name in TARGETS {
        let target: FlinkVersion = target_name.parse().expect("version");
        let results = read_jsonl(&golden_path(&[
            "migrate",
            &format!("flink-{target_name}.jsonl"),
        ]));
        assert_eq!(
            results.len(),
            cases.len(),
            "{target_name}: one result per case"
        );
        for (case, result) in cases.iter().zip(&results) {
            let id = case["id"].as_str().unwrap_or_default();
            assert_eq!(
                result["id"].as_str(),
                Some(id),
                "results follow the cases' order"
            );
            let legacy = case["legacy"].as_str().unwrap_or_default();
            let migration = ours(legacy, target);

            // The corpus records what the code writes: regenerate it when this changes.
            let recorded = case["migrated"][target_name].as_str();
            mismatches.check(
                recorded == migration.as_ref().map(|m| m.text.as_str()),
                || {
                    format!(
                        "{target_name} {id}: migrate writes something else than \
                     tests/golden/migrate records (run harness/migrate/generate.sh)"
                    )
                },
            );
            let Some(migration) = migration else { continue };

            let Some(read) = entries(&result["ours_loaded"]) else {
                mismatches.check(false, || {
                    format!(
                        "{target_name} {id}: Flink refuses our output: {}",
                        result["ours_loaded"]
                    )
                });
                continue;
            };
            // 2.x reads no flink-conf.yaml: the legacy reading is 1.20's.
            let source = entries(&result["source"])
                .or_else(|| legacy_read_by_1_20.get(id).cloned())
                .expect("a legacy reading");
            let expected = expected_after(&source, &migration);
            mismatches.check(read == expected, || {
                format!(
                    "{target_name} {id}: Flink reads our output as {read:?}, expected {expected:?}"
                )
            });
            // Where the check accepts (no --accept-changes needed), Flink finds every legacy
            // value again, under its own key or its successor's.
            if migration.differences.is_empty() {
                accepted += 1;
                let renamed_only = Migration {
                    changes: migration
                        .changes
                        .iter()
                        .filter(|c| c.kind == ChangeKind::Renamed)
                        .cloned()
                        .collect(),
                    ..migration.clone()
                };
                let legacy_values = expected_after(&source, &renamed_only);
                mismatches.check(read == legacy_values, || {
                    format!(
                        "{target_name} {id}: accepted without --accept-changes, yet Flink reads \
                         {read:?} instead of {legacy_values:?}"
                    )
                });
            }
            proven += 1;
        }
    }
    assert!(proven >= 4 * 60, "only {proven} migrations were checked");
    assert!(
        accepted >= 4 * 40,
        "only {accepted} migrations were accepted as they are"
    );
    mismatches.finish("migrations Flink reads differently than declared");
}

#[test]
fn our_loader_reads_flinks_own_migrations_as_flink_does() {
    let mut mismatches = Mismatches::default();
    let mut read_back = 0;
    for target_name in TARGETS {
        let target: FlinkVersion = target_name.parse().expect("version");
        for result in read_jsonl(&golden_path(&[
            "migrate",
            &format!("flink-{target_name}.jsonl"),
        ])) {
            let id = result["id"].as_str().unwrap_or_default();
            let (Some(text), Some(expected)) = (
                result["flink_migration"]["text"].as_str(),
                entries(&result["flink_migration_loaded"]),
            ) else {
                continue; // Flink's migration failed on this case (prefix keys, deep keys)
            };
            let file = ConfigFile::parse(
                SourceFile::new("config.yaml", text.to_owned()),
                Dialect::Standard,
            );
            mismatches.check(file.parsed.rejection.is_none(), || {
                format!(
                    "{target_name} {id}: we refuse Flink's migration: {:?}",
                    file.parsed.rejection
                )
            });
            let config = flinkmem::config::Config::new(target, Some(file), &[]);
            let ours: Entries = config
                .effective_entries()
                .iter()
                .map(|e| (e.key.clone(), e.value.text.clone()))
                .collect();
            mismatches.check(ours == expected, || {
                format!("{target_name} {id}: expected {expected:?}, got {ours:?}")
            });
            read_back += 1;
        }
    }
    assert!(
        read_back >= 4 * 60,
        "only {read_back} of Flink's migrations were read"
    );
    mismatches.finish("Flink migrations our loader reads differently");
}

/// Every legacy file of the repository (each `flink-conf.yaml` and rule fixture
/// `*.flink-conf.yaml` under `tests/fixtures/` and `examples/`) is in the corpus, as it is
/// today: a new or changed fixture needs `harness/migrate/generate.sh`.
#[test]
fn the_corpus_holds_every_legacy_file_of_the_repository() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n == "flink-conf.yaml" || n.ends_with(".flink-conf.yaml"))
            {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("tests").join("fixtures"), &mut files);
    walk(&root.join("examples"), &mut files);
    let corpus: BTreeMap<String, String> = read_jsonl(&golden_path(&["migrate", "cases.jsonl"]))
        .into_iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_owned(),
                c["legacy"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert!(files.len() >= 70, "only {} legacy files found", files.len());
    let mut missing = Vec::new();
    for file in &files {
        let id = file
            .strip_prefix(root)
            .expect("inside the repo")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("read");
        if corpus.get(&id) != Some(&text) {
            missing.push(id);
        }
    }
    assert!(
        missing.is_empty(),
        "not in tests/golden/migrate/cases.jsonl as they are (run harness/migrate/generate.sh): \
         {missing:?}"
    );
}
