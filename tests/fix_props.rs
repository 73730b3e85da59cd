//! `lint --fix` on generated configurations: safe fixes are idempotent, keep every comment and
//! every line they do not fix, and never change a memory budget Flink computes.

use std::path::Path;

use flinkmem::FlinkVersion;
use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
use flinkmem::lint::LintOptions;
use flinkmem::lint::fix::fix;
use flinkmem::migrate::check::{jobmanager_lines, taskmanager_lines};
use proptest::prelude::*;

/// Lines a real `flink-conf.yaml` holds, with every kind of safe fix among them: deprecated and
/// legacy keys, bare byte counts, quoted values, duplicates (the generator repeats lines).
fn line() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "# a comment about sizing",
        "",
        "taskmanager.memory.process.size: 1728m",
        "taskmanager.memory.process.size: 4g",
        "jobmanager.memory.process.size: 1600m",
        "taskmanager.memory.flink.size: 1280m",
        "taskmanager.network.memory.fraction: 0.15",
        "taskmanager.network.memory.min: 64m",
        "taskmanager.memory.network.max: 1g",
        "taskmanager.memory.framework.off-heap.size: 134217728",
        "taskmanager.memory.managed.size: 536870912",
        "taskmanager.memory.jvm-metaspace.size: 256",
        "taskmanager.memory.segment-size: 32768",
        "taskmanager.heap.size: 1024m",
        "jobmanager.heap.mb: 1024",
        "taskmanager.numberOfTaskSlots: 2   # two per pod",
        "jobmanager.rpc.address: \"flink-jobmanager\"",
        "jobmanager.memory.process.size: \"2g\"",
        "state.backend: rocksdb",
        "web.port: 8081",
        "s3.secret-key: hunter2",
        "unknown.key: 1",
    ])
    .prop_map(str::to_owned)
}

fn legacy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..14).prop_map(|lines| {
        let mut text = lines.join("\n");
        text.push('\n');
        text
    })
}

fn budgets(text: &str) -> [Result<String, String>; 2] {
    let file = ConfigFile::parse(
        SourceFile::new("flink-conf.yaml", text.to_owned()),
        Dialect::Legacy,
    );
    let config = Config::new(FlinkVersion::V1_20, Some(file), &[]);
    [taskmanager_lines(&config), jobmanager_lines(&config)]
}

fn fixed(dir: &Path, text: &str) -> String {
    let path = dir.join("flink-conf.yaml");
    std::fs::write(&path, text).expect("write");
    let options = LintOptions {
        paths: vec![path],
        flink_version: Some(FlinkVersion::V1_20),
        ..LintOptions::new(&flinkmem::rules::REGISTRY)
    };
    let files = fix(&options, false);
    assert!(files.len() <= 1);
    files
        .into_iter()
        .next()
        .map_or_else(|| text.to_owned(), |f| f.fixed)
}

/// Every comment in `text` (whole-line and trailing), and its blank lines, in order.
fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| match l.find('#') {
            Some(at) => Some(&l[at..]),
            None => l.trim().is_empty().then_some(""),
        })
        .collect()
}

/// The distinct lines of keys no fix touches.
fn unrelated(text: &str) -> std::collections::BTreeSet<&str> {
    text.lines()
        .filter(|l| l.starts_with("unknown.key") || l.starts_with("jobmanager.rpc.address"))
        .map(str::trim_end)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn safe_fixes_are_idempotent_and_keep_what_they_do_not_fix(text in legacy_text()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let once = fixed(dir.path(), &text);
        let twice = fixed(dir.path(), &once);
        prop_assert_eq!(&once, &twice, "a second --fix changes nothing");
        // Comments and blank lines survive, in order, and so does every unrelated key.
        prop_assert_eq!(comments(&text), comments(&once), "{}\n=>\n{}", text, once);
        prop_assert_eq!(
            unrelated(&text).len(),
            unrelated(&once).len(),
            "{}\n=>\n{}", text, once
        );
        // A budget Flink computes before is byte for byte the same after.
        for (b, a) in budgets(&text).iter().zip(budgets(&once).iter()) {
            if b.is_ok() {
                prop_assert_eq!(b, a, "{}\n=>\n{}", text, once);
            }
        }
        // Equal duplicates collapse to one line.
        prop_assert!(once.matches("s3.secret-key: hunter2").count() <= 1, "{}", once);
    }
}
