//! The `flinkmem calc --format json` contract: its schema (`flinkmem schema calc`) is
//! snapshotted, and real reports (budgets, rejections, overrides, the direct memory limit, a
//! refused segment size) validate against it.

use assert_cmd::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .current_dir(format!(
            "{}/tests/fixtures/calc",
            env!("CARGO_MANIFEST_DIR")
        ))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn the_schema_is_stable() {
    let (code, schema) = run(&["schema", "calc"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(schema);
}

#[test]
fn reports_validate_against_the_schema() {
    let (_, schema) = run(&["schema", "calc"]);
    let schema = json(&schema);
    let validator = jsonschema::validator_for(&schema).expect("schema");
    let cases: [&[&str]; 7] = [
        &["calc"],
        &[
            "calc",
            "--flink-version",
            "1.13",
            "-D",
            "taskmanager.numberOfTaskSlots=4",
        ],
        &["calc", "e09-too-small.config.yaml"],
        &["calc", "e16-legacy-jobmanager.flink-conf.yaml"],
        &["calc", "fit-pinned.config.yaml"],
        &["calc", "-D", "taskmanager.memory.segment-size=1000"],
        &[
            "calc",
            "-D",
            "taskmanager.memory.process.size=1.5g",
            "-D",
            "jobmanager.memory.process.size=x",
        ],
    ];
    for args in cases {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let (code, report) = run(&args);
        assert!(code == 0 || code == 1, "{args:?}: {code}");
        let report = json(&report);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}

#[test]
fn rejected_processes_carry_flinks_message_and_the_checked_fix() {
    let (code, report) = run(&["calc", "e09-too-small.config.yaml", "--format", "json"]);
    assert_eq!(code, 1);
    let report = json(&report);
    let error = &report["taskmanager"]["error"];
    assert!(error["message"].as_str().is_some_and(|m| {
        m.starts_with("TaskManager memory configuration failed: Sum of configured")
    }));
    assert_eq!(error["remedies"][0]["value"], "982m");
    assert_eq!(report["jobmanager"]["jvm_heap"], 1_073_741_824);
    let (_, report) = run(&[
        "calc",
        "-D",
        "taskmanager.memory.segment-size=1000",
        "--format",
        "json",
    ]);
    let taskmanager = &json(&report)["taskmanager"];
    assert!(taskmanager["network_buffers"].is_null());
    assert!(
        taskmanager["startup_problem"]
            .as_str()
            .is_some_and(|p| p.contains("Minimum memory segment size is 4096"))
    );
    let (_, report) = run(&["calc", "fit-pinned.config.yaml", "--format", "json"]);
    assert_eq!(json(&report)["jobmanager"]["jvm_direct"], 134_217_728);
}
