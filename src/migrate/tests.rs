use super::*;

fn legacy(text: &str) -> ConfigFile {
    ConfigFile::parse(
        SourceFile::new("flink-conf.yaml", text.to_owned()),
        Dialect::Legacy,
    )
}

fn run(text: &str, target: FlinkVersion, nested: bool) -> Migration {
    migrate(
        &legacy(text),
        Options {
            source: FlinkVersion::V1_20,
            target,
            nested,
        },
    )
    .expect("migrates")
}

#[test]
fn comments_order_and_untouched_lines_are_kept() {
    let text = "# Cluster\n\njobmanager.rpc.address: localhost\ntaskmanager.memory.process.size: 1728m   # the TM\n# end\n";
    let m = run(text, FlinkVersion::V1_20, false);
    assert_eq!(m.text, text);
    assert!(m.changes.is_empty());
    assert!(m.differences.is_empty(), "{:?}", m.differences);
}

#[test]
fn values_yaml_reads_differently_are_quoted_and_proven() {
    let text = "taskmanager.numberOfTaskSlots: 017\nweird: ~\nsci: 1e3\nroot: *star\nenv.java.opts.jobmanager: \"-Da=b\"\n";
    let m = run(text, FlinkVersion::V1_20, false);
    assert_eq!(
        m.text,
        "taskmanager.numberOfTaskSlots: '017'\nweird: '~'\nsci: '1e3'\nroot: '*star'\nenv.java.opts.jobmanager: '\"-Da=b\"'\n"
    );
    assert_eq!(m.changes.len(), 5);
    assert!(m.differences.is_empty(), "{:?}", m.differences);
}

#[test]
fn duplicates_and_skipped_lines_become_comments() {
    let text = "a.b: 1\nnot a key line\n  c.d: 2\na.b: 3\n";
    let m = run(text, FlinkVersion::V1_20, false);
    assert_eq!(m.text, "# a.b: 1\n# not a key line\nc.d: 2\na.b: 3\n");
    let kinds: Vec<_> = m.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::DuplicateCommented,
            ChangeKind::SkippedLineCommented,
            ChangeKind::Unindented
        ]
    );
    assert!(m.differences.is_empty(), "{:?}", m.differences);
}

#[test]
fn an_attached_hash_stays_a_comment() {
    let m = run(
        "state.checkpoints.dir: s3://b/x#y\n",
        FlinkVersion::V1_20,
        false,
    );
    assert_eq!(m.text, "state.checkpoints.dir: s3://b/x #y\n");
    assert!(m.differences.is_empty(), "{:?}", m.differences);
}

#[test]
fn crlf_line_endings_survive() {
    let m = run("a: 1\r\n# c\r\nb: 2\r\n", FlinkVersion::V1_20, false);
    assert_eq!(m.text, "a: 1\r\n# c\r\nb: 2\r\n");
}

#[test]
fn a_2x_target_renames_legacy_heap_keys_and_checks_the_budget() {
    let m = run(
        "taskmanager.heap.mb: 1024\njobmanager.heap.size: 1g\n",
        FlinkVersion::V2_0,
        false,
    );
    assert_eq!(
        m.text,
        "taskmanager.memory.flink.size: 1024m\njobmanager.memory.heap.size: 1g\n"
    );
    assert!(m.changes.iter().all(|c| c.kind == ChangeKind::Renamed));
}

#[test]
fn nested_output_groups_keys_and_keeps_overlapping_ones_flat() {
    let text = "# memory\ntaskmanager.memory.process.size: 2g\ntaskmanager.numberOfTaskSlots: 4\nenv.java.opts: -Dx=y\nenv.java.opts.taskmanager: -Da=b\n# end\n";
    let m = run(text, FlinkVersion::V1_20, true);
    assert_eq!(
        m.text,
        "# memory\ntaskmanager:\n  memory:\n    process:\n      size: 2g\n  numberOfTaskSlots: 4\nenv.java.opts: -Dx=y\nenv:\n  java:\n    opts:\n      taskmanager: -Da=b\n# end\n"
    );
    assert!(m.differences.is_empty(), "{:?}", m.differences);
}

#[test]
fn a_list_string_yaml_would_read_as_a_list_is_refused() {
    let m = run(
        "pipeline.jars: '[a.jar, b.jar]'\n",
        FlinkVersion::V2_0,
        false,
    );
    assert!(
        m.differences.is_empty(),
        "quoted legacy text is a plain string: {:?}",
        m.differences
    );
    let m = run("pipeline.jars: [a.jar, b.jar]\n", FlinkVersion::V2_0, false);
    assert_eq!(m.differences.len(), 1, "{:?}", m.differences);
    assert_eq!(m.differences[0].key, "pipeline.jars");
}

#[test]
fn a_standard_file_is_not_migrated() {
    let file = ConfigFile::parse(
        SourceFile::new("config.yaml", "a: 1\n".to_owned()),
        Dialect::Standard,
    );
    let options = Options {
        source: FlinkVersion::V1_20,
        target: FlinkVersion::V2_0,
        nested: false,
    };
    assert!(matches!(
        migrate(&file, options),
        Err(MigrateError::NotLegacy(_))
    ));
}

/// Flink's YAML reader refuses a tab in any line's indentation, blank and comment lines
/// included, and right behind a quoted value (`tests/golden/migrate`, `legacy-whitespace-only`).
#[test]
fn tabs_flinks_yaml_reader_refuses_are_not_carried_over() {
    let text = "a: b\n\t# tab comment\n  \t\n  # spaces comment\nslots: 017\t# quoted\n";
    let m = run(text, FlinkVersion::V1_20, false);
    assert_eq!(
        m.text,
        "a: b\n# tab comment\n\n  # spaces comment\nslots: '017' # quoted\n"
    );
    let back = ConfigFile::parse(
        SourceFile::new("config.yaml", m.text.clone()),
        Dialect::Standard,
    );
    assert!(
        back.parsed.rejection.is_none(),
        "{:?}",
        back.parsed.rejection
    );
}
