//! The `flinkmem buffers` contract: exit codes (0 fits, 1 does not, 2 bad input), the JSON
//! report and its schema (`flinkmem schema buffers`), the markdown and text renderings, the
//! fix (checked by running the command again with it), the largest parallelism and the sweep.

use assert_cmd::Command;
use serde_json::Value;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .current_dir(format!(
            "{}/tests/fixtures/buffers",
            env!("CARGO_MANIFEST_DIR")
        ))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run(&all);
    let value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, value)
}

#[test]
fn example_c_fails_with_flinks_message_and_a_checked_fix() {
    // flink-network-buffers.md example C: p = 128, two keyBys, 8 slots, 1728m: 5920 > 4096.
    let (code, report) = json(&[
        "buffers",
        "--flink-version",
        "1.20",
        "-p",
        "128",
        "--shuffles",
        "2",
        "--slots",
        "8",
    ]);
    assert_eq!(code, 1);
    assert_eq!(report["fits"], false);
    assert_eq!(report["available_buffers"], 4096);
    assert_eq!(report["required_buffers"], 5920);
    assert_eq!(report["taskmanager_count"], 16);
    assert_eq!(report["taskmanagers"][0]["required_buffers"], 5920);
    assert_eq!(report["exchanges"].as_array().map(Vec::len), Some(2));
    assert_eq!(report["exchanges"][0]["worst_tm_buffers"], 2960);
    assert_eq!(report["max_parallelism"], 90);
    assert_eq!(report["autoscaler"]["buffers"], 8448);
    let message = report["flink_message"].as_str().expect("message");
    assert!(message.starts_with("Insufficient number of network buffers: required 2, but only"));
    assert!(message.contains("currently set to 4096 of 32768 bytes each"));
    // The fix, applied, fits.
    let fix = &report["fix"];
    assert_eq!(fix["buffers"], 6512);
    assert_eq!(fix["network_size"], "204m");
    let (code, fixed) = json(&[
        "buffers",
        "--flink-version",
        "1.20",
        "-p",
        "128",
        "--shuffles",
        "2",
        "--slots",
        "8",
        "-D",
        "taskmanager.memory.network.min=204m",
        "-D",
        "taskmanager.memory.network.max=204m",
    ]);
    assert_eq!(code, 0);
    assert_eq!(fixed["fits"], true);
    assert_eq!(fixed["available_buffers"], 6528);
    let process = fix["process_size"]
        .as_str()
        .expect("a process size")
        .to_owned();
    let (code, _) = json(&[
        "buffers",
        "--flink-version",
        "1.20",
        "-p",
        "128",
        "--shuffles",
        "2",
        "--slots",
        "8",
        "-D",
        &format!("taskmanager.memory.process.size={process}"),
    ]);
    assert_eq!(code, 0, "process size {process} fits");
}

#[test]
fn a_config_file_decides_the_pool() {
    let (code, report) = json(&["buffers", "pinned-network.config.yaml", "-p", "64"]);
    assert_eq!(code, 0);
    assert_eq!(report["available_buffers"], 2048);
    // 8 × (3 × 64 − 2 × 8 + 2) = 1424.
    assert_eq!(report["required_buffers"], 1424);
    assert_eq!(report["headroom_buffers"], 624);
    assert!(
        report["config"]
            .as_str()
            .is_some_and(|c| c.ends_with("pinned-network.config.yaml"))
    );
    let (code, report) = json(&["buffers", "pinned-network.config.yaml", "-p", "128"]);
    assert_eq!(code, 1);
    assert_eq!(report["required_buffers"], 2960);
    // network.max pins the pool: only the network options can fix it.
    assert_eq!(report["fix"]["process_size"], Value::Null);
}

#[test]
fn batch_sort_shuffle_per_version() {
    // Example E': ten sort-shuffle producers per TaskManager from 1.15; hash-based before.
    let args = ["buffers", "-p", "100", "--slots", "10", "--mode", "batch"];
    let mut with = args.to_vec();
    with.extend(["--flink-version", "1.15"]);
    let (code, report) = json(&with);
    assert_eq!(code, 1);
    assert_eq!(report["required_buffers"], 5120);
    assert_eq!(report["stages"].as_array().map(Vec::len), Some(2));
    assert_eq!(report["failure"]["required"], 512);
    let mut with = args.to_vec();
    with.extend(["--flink-version", "1.14"]);
    let (code, report) = json(&with);
    assert_eq!(code, 0);
    // Stage 1: 10 × (100 + 1); stage 2, the consumers' gates: 10 × (1 + 2 × 90) = 1810.
    assert_eq!(report["stages"][0]["required_buffers"], 1010);
    assert_eq!(report["required_buffers"], 1810);
}

#[test]
fn reports_validate_against_the_schema() {
    let (code, schema, _) = run(&["schema", "buffers"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&schema).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let cases: [&[&str]; 4] = [
        &["buffers", "-p", "4", "--slots", "4"],
        &["buffers", "-p", "128", "--shuffles", "2", "--slots", "8"],
        &["buffers", "-p", "100", "--slots", "10", "--mode", "batch"],
        &["buffers", "-p", "8", "--sweep", "parallelism=8..64:8"],
    ];
    for args in cases {
        let (_, report) = json(args);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}");
    }
}

#[test]
fn sweep_marks_where_it_starts_to_fail() {
    let (code, out, _) = run(&[
        "buffers",
        "--flink-version",
        "2.0",
        "-p",
        "16",
        "--slots",
        "4",
        "--sweep",
        "parallelism=320..360:8",
    ]);
    // One keyBy on 4 slots fits up to 343 in 4096 buffers.
    assert_eq!(code, 1, "some points fail");
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("parallelism"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 6, "{out}");
    let failing = rows
        .iter()
        .position(|r| r.contains("<- fails from here"))
        .expect("marked");
    assert!(
        rows[failing].trim_start().starts_with("344"),
        "{}",
        rows[failing]
    );
    assert!(out.contains("It fails from parallelism 344 on."), "{out}");
    let (_, report) = json(&[
        "buffers",
        "-p",
        "16",
        "--slots",
        "4",
        "--sweep",
        "parallelism=8..512",
    ]);
    let points = report["sweep"].as_array().expect("points");
    assert_eq!(
        points.first().map(|p| &p["parallelism"]),
        Some(&Value::from(8))
    );
    assert_eq!(
        points.last().map(|p| &p["parallelism"]),
        Some(&Value::from(512))
    );
}

#[test]
fn markdown_and_text_carry_the_verdict() {
    let (code, md, _) = run(&[
        "buffers",
        "-p",
        "128",
        "--shuffles",
        "2",
        "--slots",
        "8",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 1);
    assert!(md.starts_with("### Network buffers: does not fit"));
    assert!(md.contains("| TM 0-15 | 5920 | 4096 |"), "{md}");
    assert!(md.contains("taskmanager.memory.network.min: 204m"));
    let (code, text, _) = run(&["buffers", "-p", "4", "--slots", "4"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("FITS: the worst TaskManager (TM 0) needs 24 buffers (768 KiB)"),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2() {
    for args in [
        &["buffers"][..],
        &["buffers", "-p", "0"],
        &["buffers", "-p", "8", "--sweep", "slots=1..4"],
        &["buffers", "missing.yaml", "-p", "8"],
        &["buffers", "-p", "64", "--slots", "8", "--taskmanagers", "2"],
        &[
            "buffers",
            "-p",
            "8",
            "-D",
            "taskmanager.memory.segment-size=1000",
        ],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.starts_with("error: ") || err.contains("error:"),
            "{args:?}: {err}"
        );
    }
}
