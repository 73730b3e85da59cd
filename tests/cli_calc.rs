//! `flinkmem calc` and `flinkmem fit` as a user runs them: the worked examples of the memory
//! spec (§8: E1 default, E4 4g/4 slots, E5 16g across 1.16 → 1.17, E9 rejected, E14 task heap,
//! E16 legacy `JobManager` heap) in every format, what-if diffs, inverse sizing, exit codes.
//! Output is piped, so it has no colour; snapshots are fixed-width text.

use assert_cmd::Command;

fn fixture_dir() -> String {
    format!("{}/tests/fixtures/calc", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `flinkmem <args>` in the fixture directory (so paths in the output are relative).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .current_dir(fixture_dir())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs and snapshots stdout under `name`, with the command line as the description.
fn snapshot(name: &str, args: &[&str], exit: i32) {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, exit, "{args:?}\n{stdout}\n{stderr}");
    insta::with_settings!({ description => format!("flinkmem {}", args.join(" ")), omit_expression => true }, {
        insta::assert_snapshot!(name, stdout);
    });
}

#[test]
fn e1_default_from_the_embedded_configuration() {
    snapshot("e1_default_text", &["calc"], 0);
    snapshot(
        "e1_default_1_18_json",
        &["calc", "--flink-version", "1.18", "--format", "json"],
        0,
    );
    snapshot(
        "e1_default_markdown",
        &["calc", "--flink-version", "2.0", "--format", "markdown"],
        0,
    );
}

#[test]
fn e4_four_gib_and_four_slots() {
    snapshot("e4_text", &["calc", "e04-4g-4slots.config.yaml"], 0);
    snapshot(
        "e4_markdown",
        &["calc", "e04-4g-4slots.config.yaml", "--format", "markdown"],
        0,
    );
}

#[test]
fn e9_too_small_is_rejected_with_flinks_message_and_the_fix() {
    snapshot("e9_text", &["calc", "e09-too-small.config.yaml"], 1);
    snapshot(
        "e9_json",
        &["calc", "e09-too-small.config.yaml", "--format", "json"],
        1,
    );
    snapshot(
        "e9_markdown",
        &["calc", "e09-too-small.config.yaml", "--format", "markdown"],
        1,
    );
}

#[test]
fn e14_network_is_the_remainder_when_task_heap_is_set() {
    snapshot(
        "e14_text",
        &[
            "calc",
            "e14-task-heap.config.yaml",
            "--flink-version",
            "1.19",
        ],
        0,
    );
}

#[test]
fn e16_legacy_jobmanager_heap_is_rejected_in_1_x_and_ignored_in_2_x() {
    snapshot(
        "e16_text",
        &["calc", "e16-legacy-jobmanager.flink-conf.yaml"],
        1,
    );
    let (code, stdout, _) = run(&[
        "calc",
        "e16-legacy-jobmanager.flink-conf.yaml",
        "--flink-version",
        "2.0",
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains(
        "note: Flink 2.0 reads only config.yaml; this flink-conf.yaml is read the way Flink 1.x reads it"
    ));
}

#[test]
fn e5_diff_across_the_1_17_network_default_change() {
    let args = [
        "calc",
        "e05-16g-8slots.flink-conf.yaml",
        "--flink-version",
        "1.16",
        "--diff-flink-version",
        "1.17",
    ];
    snapshot("e5_diff_text", &args, 0);
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let (code, stdout, _) = run(&json);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(
        report["before"]["taskmanager"]["task_heap"],
        8_160_437_768_u64
    );
    assert_eq!(
        report["after"]["taskmanager"]["task_heap"],
        7_650_410_378_u64
    );
    let buffers = &report["taskmanager"]["network_buffers"];
    assert_eq!(
        (&buffers["before"], &buffers["after"], &buffers["delta"]),
        (
            &serde_json::json!(32_768),
            &serde_json::json!(48_332),
            &serde_json::json!(15_564)
        )
    );
    let network = report["taskmanager"]["components"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "network"))
        .expect("network row");
    assert_eq!(network["delta"], 510_027_390);
    let mut markdown = args.to_vec();
    markdown.extend(["--format", "markdown"]);
    snapshot("e5_diff_markdown", &markdown, 0);
}

#[test]
fn diff_against_another_file_and_with_overrides() {
    snapshot(
        "diff_file_text",
        &[
            "calc",
            "e04-4g-4slots.config.yaml",
            "--diff",
            "e14-task-heap.config.yaml",
        ],
        0,
    );
    // A what-if that Flink rejects exits 1 and shows the rejection on its side.
    snapshot(
        "diff_set_rejected_text",
        &[
            "calc",
            "e04-4g-4slots.config.yaml",
            "--diff-set",
            "taskmanager.memory.process.size=900m",
        ],
        1,
    );
}

#[test]
fn fit_finds_the_smallest_process_size_and_checks_it() {
    snapshot(
        "fit_network_buffers_text",
        &["fit", "--network", "1g", "--buffers", "40000"],
        0,
    );
    snapshot(
        "fit_removes_competing_keys_json",
        &[
            "fit",
            "fit-pinned.config.yaml",
            "--task-heap",
            "2g",
            "--format",
            "json",
        ],
        0,
    );
    snapshot(
        "fit_markdown",
        &[
            "fit",
            "e04-4g-4slots.config.yaml",
            "--managed",
            "4g",
            "--format",
            "markdown",
        ],
        0,
    );
}

#[test]
fn fit_names_the_key_that_blocks_an_unreachable_target() {
    snapshot(
        "fit_unreachable_text",
        &[
            "fit",
            "fit-pinned.config.yaml",
            "--managed",
            "4g",
            "--network",
            "512m",
        ],
        1,
    );
    let (code, stdout, _) = run(&[
        "fit",
        "e05-16g-8slots.flink-conf.yaml",
        "--flink-version",
        "1.16",
        "--network",
        "2g",
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("capped by taskmanager.memory.network.max at 1024.000mb"),
        "{stdout}"
    );
}

#[test]
fn fit_container_prints_the_budget_of_that_size() {
    snapshot(
        "fit_container_text",
        &["fit", "--container", "8g", "--managed", "2g"],
        0,
    );
    let (code, stdout, _) = run(&["fit", "--container", "900m"]);
    assert_eq!(code, 1, "Flink rejects a 900m TaskManager");
    assert!(stdout.contains("Fix: set taskmanager.memory.process.size: "));
}

#[test]
fn exit_codes() {
    assert_eq!(run(&["calc"]).0, 0);
    assert_eq!(run(&["calc", "e09-too-small.config.yaml"]).0, 1);
    let (code, _, stderr) = run(&["calc", "missing.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.yaml"), "{stderr}");
    assert_eq!(run(&["calc", "--flink-version", "1.12"]).0, 2);
    assert_eq!(run(&["calc", "--format", "yaml"]).0, 2);
    assert_eq!(run(&["calc", "--set", "novalue"]).0, 2);
    assert_eq!(run(&["calc", "--diff", "missing.yaml"]).0, 2);
    assert_eq!(run(&["fit"]).0, 2, "fit needs a target or a container");
    let (code, _, stderr) = run(&["fit", "--network", "1024"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("has no unit"), "{stderr}");
    assert_eq!(run(&["fit", "missing.yaml", "--network", "1g"]).0, 2);
}

#[test]
fn overrides_are_named_in_the_provenance_column() {
    let (code, stdout, _) = run(&[
        "calc",
        "-D",
        "taskmanager.memory.process.size=4g",
        "--set",
        "taskmanager.memory.managed.fraction=0.5",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("command line --set #1 (taskmanager.memory.process.size)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fraction 0.5 of total Flink memory (taskmanager.memory.managed.fraction)"),
        "{stdout}"
    );
}

#[test]
fn piped_text_has_no_colour_even_when_forced_by_clicolor() {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .env("CLICOLOR_FORCE", "1")
        .arg("calc")
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn sensitive_values_never_appear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        "taskmanager.memory.process.size: 2g\njobmanager.memory.process.size: 1600m\nexternal-resources: token\nexternal-resource.token.amount: hunter2\n",
    )
    .expect("write");
    for format in ["text", "json", "markdown"] {
        let (code, stdout, _) = run(&["calc", path.to_str().expect("utf-8"), "--format", format]);
        assert_eq!(code, 1, "{stdout}");
        assert!(!stdout.contains("hunter2"), "{format}: {stdout}");
        assert!(stdout.contains("******"), "{format}: {stdout}");
    }
}
