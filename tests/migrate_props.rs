//! `migrate` on generated legacy files: what it writes always loads, in the target version, to
//! the values the source version read (renamed keys under their successor) with both memory
//! budgets the same, or the migration reports a difference naming the key. Checked here with
//! the loader and calculator directly, not with the migration's own check.

use std::collections::BTreeMap;

use flinkmem::FlinkVersion;
use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
use flinkmem::migrate::check::{jobmanager_lines, taskmanager_lines};
use flinkmem::migrate::{ChangeKind, Options, migrate};
use proptest::prelude::*;

/// Keys of every kind the migration treats differently: memory options, a list, a map, removed
/// and legacy keys, a string option, and a key no version knows.
fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "taskmanager.memory.process.size",
        "jobmanager.memory.process.size",
        "taskmanager.memory.network.fraction",
        "taskmanager.numberOfTaskSlots",
        "high-availability.cluster-id",
        "env.java.opts.all",
        "pipeline.global-job-parameters",
        "taskmanager.heap.size",
        "taskmanager.network.numberOfBuffers",
        "state.backend.type",
        "my.custom.key",
    ])
}

/// Values whose YAML reading differs from the legacy one unless quoted.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "1728m",
            "2g",
            "0.15",
            "017",
            "yes",
            "no",
            "on",
            "1e3",
            "~",
            "null",
            "true",
            "4",
            "a: b",
            "*alias",
            "&anchor",
            "!tag",
            "%directive",
            "@at",
            "`tick",
            "x #comment",
            "x#y",
            "'single'",
            "\"double\"",
            "[1, 2]",
            "{a: 1}",
            "a:1,b:2",
            "-Dx=1 -Dy=2",
            "- x",
            "? q",
            "|",
            ">",
            "",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,12}",
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (key(), value()).prop_map(|(k, v)| format!("{k}: {v}")),
        1 => Just("# a comment".to_owned()),
        1 => Just(String::new()),
    ]
}

fn legacy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 1..10).prop_map(|lines| lines.join("\n") + "\n")
}

fn read(text: &str, name: &str, dialect: Dialect, version: FlinkVersion) -> Config {
    let file = ConfigFile::parse(SourceFile::new(name, text.to_owned()), dialect);
    Config::new(version, Some(file), &[])
}

fn values(config: &Config) -> BTreeMap<String, String> {
    config
        .effective_entries()
        .into_iter()
        .map(|e| (e.key.clone(), e.value.java_string().into_owned()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn migrations_read_the_same_or_say_what_differs(
        text in legacy_text(),
        target in prop::sample::select(vec![FlinkVersion::V1_19, FlinkVersion::V1_20, FlinkVersion::V2_0]),
    ) {
        let source = FlinkVersion::V1_20;
        let legacy = ConfigFile::parse(SourceFile::new("flink-conf.yaml", text.clone()), Dialect::Legacy);
        let Ok(migration) = migrate(&legacy, Options { source, target, nested: false }) else {
            return Ok(());
        };
        if !migration.differences.is_empty() {
            return Ok(());
        }
        let before = read(&text, "flink-conf.yaml", Dialect::Legacy, source);
        let after = read(&migration.text, "config.yaml", Dialect::Standard, target);
        let rejection = after.file().and_then(|f| f.parsed.rejection.as_ref()).map(|r| r.message.clone());
        prop_assert!(rejection.is_none(), "{:?}\n{}\n=>\n{}", rejection, text, migration.text);
        let mut expected = values(&before);
        for change in &migration.changes {
            if change.kind == ChangeKind::Renamed
                && let (Some(key), Some(new)) = (&change.key, &change.new)
                && let Some(value) = expected.remove(key)
            {
                let to = new.split_once(": ").map_or(new.as_str(), |(k, _)| k);
                expected.insert(to.to_owned(), value);
            }
        }
        prop_assert_eq!(&values(&after), &expected, "{}\n=>\n{}", text, migration.text);
        // A budget refused before and after may be worded differently by the two versions.
        for lines in [taskmanager_lines, jobmanager_lines] {
            let (b, a) = (lines(&before), lines(&after));
            prop_assert!(b == a || (b.is_err() && a.is_err()), "{:?} => {:?}", b, a);
        }
    }
}
