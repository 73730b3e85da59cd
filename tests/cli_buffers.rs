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

/// flink-network-buffers.md example C: p = 128, two keyBys, 8 slots, 1728m: 5920 > 4096.
const EXAMPLE_C: [&str; 9] = [
    "buffers",
    "--flink-version",
    "1.20",
    "-p",
    "128",
    "--shuffles",
    "2",
    "--slots",
    "8",
];

/// Example C with more arguments.
fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&str> = EXAMPLE_C.to_vec();
    args.extend_from_slice(extra);
    args
}

#[test]
fn example_c_fails_with_flinks_message_and_a_checked_fix() {
    let (code, report) = json(&EXAMPLE_C);
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
    let (code, fixed) = json(&with(&[
        "-D",
        "taskmanager.memory.network.min=204m",
        "-D",
        "taskmanager.memory.network.max=204m",
    ]));
    assert_eq!(code, 0);
    assert_eq!(fixed["fits"], true);
    assert_eq!(fixed["available_buffers"], 6528);
    let process = fix["process_size"]
        .as_str()
        .expect("a process size")
        .to_owned();
    let process_size = format!("taskmanager.memory.process.size={process}");
    let (code, _) = json(&with(&["-D", &process_size]));
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

#[test]
fn job_files_and_flink_plans() {
    // Example H with the placement pinned: both sources on TaskManager 0.
    let root = env!("CARGO_MANIFEST_DIR");
    let placed = format!("{root}/examples/jobs/placed.yaml");
    let (code, report) = json(&["buffers", "--job", &placed]);
    assert_eq!(code, 0);
    let per_tm: Vec<u64> = report["taskmanagers"]
        .as_array()
        .expect("tms")
        .iter()
        .map(|t| t["required_buffers"].as_u64().expect("count"))
        .collect();
    assert_eq!(per_tm, vec![22, 20]);
    assert!(
        report["job"]
            .as_str()
            .is_some_and(|j| j.ends_with("placed.yaml"))
    );
    assert_eq!(
        report["max_parallelism"],
        Value::Null,
        "only for quick flags"
    );
    // The same job as a job file and as quick flags agree.
    let (code, report) = json(&[
        "buffers",
        "--job",
        "example-c.yaml",
        "--flink-version",
        "1.17",
    ]);
    assert_eq!(code, 1);
    assert_eq!(report["required_buffers"], 5920);
    assert_eq!(
        report["job_vertices"].as_array().map(Vec::len),
        Some(3),
        "sink chained to B"
    );
    // A REST plan Flink 1.20 printed: already chained, every exchange as Flink typed it.
    let plan = format!("{root}/tests/fixtures/plans/1.20/keyed.rest-plan.json");
    let (code, report) = json(&["buffers", "--job", &plan, "--slots", "2"]);
    assert_eq!(code, 0);
    assert_eq!(
        report["exchanges"][0]["partition_type"],
        "PIPELINED_BOUNDED"
    );
    // An execution plan: operators before chaining, with a note about lost chaining hints.
    let plan = format!("{root}/tests/fixtures/plans/1.20/mixed.execution-plan.json");
    let (_, report) = json(&["buffers", "--job", &plan, "--slots", "4"]);
    assert!(
        report["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("startNewChain"))),
        "{report}"
    );
}

#[test]
fn a_cycle_is_warned_about_with_its_edges() {
    let (code, report) = json(&["buffers", "--job", "feedback.yaml"]);
    assert_eq!(code, 0);
    let cycle = &report["cycles"][0];
    assert_eq!(cycle.as_array().map(Vec::len), Some(2));
    let warning = report["warnings"][0].as_str().expect("a warning");
    assert!(
        warning.contains("step -> check, check -> step"),
        "{warning}"
    );
    assert!(warning.contains("deadlock"), "{warning}");
    let (_, text, _) = run(&["buffers", "--job", "feedback.yaml"]);
    assert!(
        text.contains("warning: the job graph has a cycle"),
        "{text}"
    );
}

#[test]
fn a_bad_job_file_exits_2_at_its_position() {
    let (code, _, err) = run(&["buffers", "--job", "bad-edge.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad-edge.yaml:7:9"), "{err}");
    assert!(err.contains("agregate"), "{err}");
    let (code, _, err) = run(&["buffers", "--job", "feedback.yaml", "-p", "4"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn lint_checks_the_job_of_flinkmem_toml_and_of_job() {
    let (code, out, err) = run(&["lint", "lint-job", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("error[FM404]"), "{out}");
    assert!(out.contains("needs 5920 network buffers"), "{out}");
    // --job replaces it: a job that fits.
    let root = env!("CARGO_MANIFEST_DIR");
    let placed = format!("{root}/examples/jobs/placed.yaml");
    let (_, out, _) = run(&["lint", "lint-job", "--format", "concise", "--job", &placed]);
    assert!(!out.contains("FM404"), "{out}");
    let (code, _, err) = run(&["lint", "lint-job", "--job", "bad-edge.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad-edge.yaml:7:9"), "{err}");
}

#[test]
fn diagnose_sizes_the_fix_for_the_job() {
    let root = env!("CARGO_MANIFEST_DIR");
    let log = format!("{root}/tests/fixtures/diagnose/insufficient-buffers-default.log");
    let (code, out, _) = run(&[
        "diagnose",
        &log,
        "--job",
        "example-c.yaml",
        "--flink-version",
        "1.20",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    // 5920 required by the job, plus 25%: 7400 buffers.
    assert!(out.contains("7400"), "{out}");
}

#[test]
fn headroom_sets_the_spare_buffers_of_the_fix() {
    let (_, report) = json(&with(&["--headroom", "25"]));
    // 5920 + 25% = 7400 buffers = 231.25 MiB, rounded up to 232m.
    assert_eq!(report["fix"]["buffers"], 7400);
    assert_eq!(report["fix"]["headroom_percent"], 25);
    assert_eq!(report["fix"]["network_size"], "232m");
}

#[test]
fn a_bad_job_file_in_flinkmem_toml_exits_2_with_both_positions() {
    let (code, _, err) = run(&["lint", "lint-bad-job"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(".flinkmem.toml:4:8"), "{err}");
    assert!(err.contains("bad-edge.yaml:7:9"), "{err}");
}
