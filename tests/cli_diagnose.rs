//! `flinkmem diagnose` as a user runs it, on the realistic excerpts in
//! `tests/fixtures/diagnose/`: each known message yields a fix with the right numbers for the
//! configuration given, several problems are reported once each in order, nothing recognised
//! exits 1, bad input exits 2. The numbers asserted are derived here by hand from the memory
//! spec (`flink-memory-model.md`, `flink-network-buffers.md`), or checked against the forward
//! calculation (`flinkmem calc`) where a search found them.

use assert_cmd::Command;
use serde_json::Value;

const MIB: u64 = 1 << 20;

fn fixture_dir() -> String {
    format!("{}/tests/fixtures/diagnose", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `flinkmem <args>` in the fixture directory.
fn run_with(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut command = Command::cargo_bin("flinkmem").expect("binary");
    command
        .current_dir(fixture_dir())
        .env_remove("NO_COLOR")
        .args(args);
    if let Some(input) = stdin {
        command.write_stdin(input);
    }
    let out = command.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_with(args, None)
}

/// Runs and expects exit 0, returning stdout.
fn diagnose(args: &[&str]) -> String {
    let mut all = vec!["diagnose"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "{all:?}\n{stdout}\n{stderr}");
    stdout
}

/// The JSON report.
fn diagnose_json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&diagnose(&all)).expect("json")
}

/// The `TaskManager` budget `flinkmem calc` derives with `overrides` (the oracle).
fn calc_tm(config: Option<&str>, version: Option<&str>, overrides: &[&str]) -> Option<Value> {
    let mut args = vec!["calc", "--format", "json"];
    args.extend(config);
    if let Some(version) = version {
        args.extend(["--flink-version", version]);
    }
    for o in overrides {
        args.extend(["-D", o]);
    }
    let (_, stdout, _) = run(&args);
    let report: Value = serde_json::from_str(&stdout).expect("calc json");
    let tm = report["taskmanager"].clone();
    tm.get("error").is_none().then_some(tm)
}

fn fixes(finding: &Value) -> Vec<Vec<(String, Option<String>)>> {
    finding["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .map(|fix| {
            fix["changes"]
                .as_array()
                .expect("changes")
                .iter()
                .map(|c| {
                    (
                        c["key"].as_str().expect("key").to_owned(),
                        c["value"].as_str().map(str::to_owned),
                    )
                })
                .collect()
        })
        .collect()
}

fn fact(finding: &Value, name: &str) -> u64 {
    finding["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_u64())
        .unwrap_or_else(|| panic!("no fact {name}: {finding}"))
}

fn set(key: &str, value: &str) -> (String, Option<String>) {
    (key.to_owned(), Some(value.to_owned()))
}

#[test]
fn insufficient_buffers_on_the_shipped_1728m_taskmanager() {
    let report = diagnose_json(&[
        "insufficient-buffers-default.log",
        "--flink-version",
        "1.20",
    ]);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(
        findings.len(),
        1,
        "the restart's repeat is the same problem"
    );
    let f = &findings[0];
    assert_eq!(f["kind"], "insufficient-network-buffers");
    assert_eq!(f["line"], 4);
    assert_eq!(f["also_at"], serde_json::json!([15]));
    // Spec: the shipped 1728m TaskManager has 4096 buffers of 32 KiB.
    assert_eq!(fact(f, "config_buffers"), 4096);
    // 4096 − 5 already required + 17 asked = 4108; plus 25%: ceil(5135.0) = 5135.
    assert_eq!(fact(f, "lower_bound"), 4108);
    assert_eq!(fact(f, "target"), 5135);
    let fixes = fixes(f);
    // 5135 × 32 KiB = 160.47 MiB → 161m, which holds 161 × 32 = 5152 buffers.
    assert_eq!(
        fixes[0],
        [
            set("taskmanager.memory.network.min", "161m"),
            set("taskmanager.memory.network.max", "161m")
        ]
    );
    assert!(f["fixes"][0]["checked"].as_str().unwrap().contains("5152"));
    // The process size found is the smallest whole MiB that gives 5135 buffers: check both
    // sides with the forward calculation.
    let (key, Some(value)) = &fixes[1][0] else {
        panic!("{fixes:?}")
    };
    assert_eq!(key, "taskmanager.memory.process.size");
    let mebibytes: u64 = value.trim_end_matches('m').parse().expect("MiB");
    let buffers = |mib: u64| {
        let over = format!("taskmanager.memory.process.size={mib}m");
        calc_tm(None, Some("1.20"), &[&over]).expect("accepted")["network_buffers"]
            .as_u64()
            .expect("buffers")
    };
    assert!(buffers(mebibytes) >= 5135 && buffers(mebibytes - 1) < 5135);
    // 0.126 × 1.25 GiB total Flink memory = 169114337 bytes = 5160 buffers; 0.125 gives 5120.
    assert_eq!(
        fixes[2],
        [set("taskmanager.memory.network.fraction", "0.126")]
    );
    assert!(f["fixes"][2]["checked"].as_str().unwrap().contains("5160"));
}

#[test]
fn a_minicluster_pool_is_told_apart_from_the_configuration() {
    let text = diagnose(&[
        "tm-4g-4slots.config.yaml",
        "insufficient-buffers-minicluster.log",
    ]);
    // 2048 × 32 KiB = 64 MiB: the MiniCluster's fixed network size.
    assert!(
        text.contains("64 MiB, the fixed network size of a MiniCluster"),
        "{text}"
    );
    // Spec E4: 4g gives 10977 buffers; 2045 + 25 = 2070, plus 25% = 2587.5 → 2588.
    assert!(text.contains("already has 10977 ≥ 2588 buffers"), "{text}");
    assert!(!text.contains("Fix:"), "{text}");
}

#[test]
fn exclusive_buffer_timeout_names_the_timeout_key_of_the_version() {
    let report = diagnose_json(&["exclusive-buffers-timeout.log", "--flink-version", "1.19"]);
    let f = &report["findings"][0];
    assert_eq!(f["kind"], "exclusive-buffers-timeout");
    // 4096 + 25% = 5120 buffers = exactly 160 MiB.
    assert_eq!(fact(f, "target"), 5120);
    let fixes = fixes(f);
    assert_eq!(
        fixes[0],
        [
            set("taskmanager.memory.network.min", "160m"),
            set("taskmanager.memory.network.max", "160m")
        ]
    );
    assert_eq!(
        fixes.last().expect("timeout fix")[0],
        set(
            "taskmanager.network.memory.exclusive-buffers-request-timeout-ms",
            "60000"
        )
    );
    // From 1.20 the key is a duration under a new name; the log's old name is pointed out.
    let text = diagnose(&["exclusive-buffers-timeout.log", "--flink-version", "1.20"]);
    assert!(
        text.contains("set taskmanager.network.memory.buffers-request-timeout: 60000 ms"),
        "{text}"
    );
    assert!(text.contains(
        "Flink 1.20 reads the timeout from taskmanager.network.memory.buffers-request-timeout"
    ));
}

#[test]
fn a_direct_memory_cap_in_the_jvm_options_is_removed() {
    let report = diagnose_json(&[
        "env-opts-direct-cap.flink-conf.yaml",
        "network-pool-allocation.log",
        "--flink-version",
        "1.18",
    ]);
    let f = &report["findings"][0];
    assert_eq!(f["kind"], "network-pool-allocation");
    // The shipped 1728m TaskManager's network is 128 MiB (134217730 bytes), its direct limit
    // 128m + 0 + 134217730 = 268435458.
    assert_eq!(fact(f, "config_network"), 134_217_730);
    assert_eq!(fact(f, "config_direct_limit"), 268_435_458);
    assert_eq!(
        fixes(f),
        [[set("env.java.opts.taskmanager", "-XX:+UseG1GC")]]
    );
}

#[test]
fn direct_oom_with_the_jvm_numbers_raises_task_off_heap() {
    let report = diagnose_json(&["direct-oom-jdk17.log"]);
    let f = &report["findings"][0];
    assert_eq!(f["kind"], "direct-memory-oom");
    assert_eq!(f["process"], "task-manager");
    assert_eq!(fact(f, "config_direct_limit"), 268_435_458);
    // 260046848 + 16777216 − 268435458 = 8388606 over; 25% more is 10 MiB, below the 64 MiB
    // step (25% of 256 MiB), so task off-heap goes from 0 to 64m and the limit grows by 64 MiB.
    assert_eq!(fact(f, "raise_by"), 64 * MIB);
    let fixes = fixes(f);
    assert_eq!(
        fixes[0],
        [set("taskmanager.memory.task.off-heap.size", "64m")]
    );
    let checked = f["fixes"][0]["checked"].as_str().unwrap();
    assert!(
        checked.contains(&(268_435_458 + 64 * MIB).to_string()),
        "{checked}"
    );
    // The second fix keeps task heap and managed memory with a larger process size.
    assert_eq!(
        fixes[1][0],
        set("taskmanager.memory.task.off-heap.size", "64m")
    );
    assert_eq!(
        fixes[1].last().unwrap().0,
        "taskmanager.memory.process.size"
    );
}

#[test]
fn direct_oom_enriched_by_flink_uses_the_stated_step() {
    let text = diagnose(&["direct-oom-enriched.log"]);
    assert!(text.contains("(line 3; TaskManager)"), "{text}");
    assert!(
        text.contains("Fix: set taskmanager.memory.task.off-heap.size: 64m"),
        "{text}"
    );
    assert!(text.contains("the log does not say how much is missing"));
}

#[test]
fn metaspace_of_a_known_process_and_of_an_unknown_one() {
    let report = diagnose_json(&["tm-4g-4slots.config.yaml", "metaspace-oom-taskmanager.log"]);
    let f = &report["findings"][0];
    assert_eq!(f["process"], "task-manager");
    let fixes = fixes(f);
    assert_eq!(
        fixes[0],
        [set("taskmanager.memory.jvm-metaspace.size", "320m")]
    );
    // 4g: overhead 0.1 × 4 GiB = 429496736 (the float 0.1 rounds up), so total Flink memory is
    // 4294967296 − 268435456 − 429496736 = 3597035104; 64 MiB more metaspace takes it off that.
    let effects = f["fixes"][0]["effects"].as_array().unwrap();
    let flink = effects
        .iter()
        .find(|e| e["name"] == "total Flink memory")
        .unwrap();
    assert_eq!(flink["before"], 3_597_035_104_u64);
    assert_eq!(flink["after"], 3_597_035_104_u64 - 64 * MIB);

    let text = diagnose(&["metaspace-oom-bare.txt"]);
    assert!(
        text.contains("set taskmanager.memory.jvm-metaspace.size: 320m"),
        "{text}"
    );
    assert!(
        text.contains("set jobmanager.memory.jvm-metaspace.size: 320m"),
        "{text}"
    );
    assert!(text.contains("both are explained"));
}

#[test]
fn heap_oom_grows_the_process_until_the_task_heap_is_128m_larger() {
    let report = diagnose_json(&["heap-oom-taskmanager.log"]);
    let f = &report["findings"][0];
    // -Xmx of the shipped TaskManager: 128m framework + 402653174 task heap = 536870902; 25% is
    // 128 MiB, so the task heap target is 402653174 + 128 MiB, rounded up to 512 MiB.
    assert_eq!(fact(f, "config_jvm_heap"), 536_870_902);
    assert_eq!(fact(f, "task_heap_target"), 512 * MIB);
    let fixes = fixes(f);
    let (key, Some(value)) = &fixes[0][0] else {
        panic!("{fixes:?}")
    };
    assert_eq!(key, "taskmanager.memory.process.size");
    let mebibytes: u64 = value.trim_end_matches('m').parse().unwrap();
    let task_heap = |mib: u64| {
        let over = format!("taskmanager.memory.process.size={mib}m");
        calc_tm(None, None, &[&over]).unwrap()["task_heap"]
            .as_u64()
            .unwrap()
    };
    assert!(task_heap(mebibytes) >= 512 * MIB && task_heap(mebibytes - 1) < 512 * MIB);
}

#[test]
fn yarn_kill_with_rocksdb_outside_managed_memory() {
    let report = diagnose_json(&["rocksdb-unmanaged-6g.config.yaml", "yarn-physical-kill.log"]);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "the -104 exit code is the same kill");
    let f = &findings[0];
    assert_eq!(f["kind"], "yarn-container-killed");
    assert_eq!(f["process"], "task-manager");
    assert_eq!(f["also_at"], serde_json::json!([10]));
    assert_eq!(fact(f, "logged_over_limit"), 168_853_504);
    let fixes = fixes(f);
    assert_eq!(
        fixes[0],
        [set("state.backend.rocksdb.memory.managed", "true")]
    );
    // 6g: overhead 0.1 × 6 GiB = 644245104. The kill was 168853504 bytes over; 25% more is
    // 211066880, above the step (25% of the overhead, 154 MiB), so the overhead becomes
    // 644245104 + 211066880 = 855311984, rounded up to 816 MiB.
    assert_eq!(fact(f, "raise_overhead_by"), 211_066_880);
    assert_eq!(
        fixes[1],
        [
            set("taskmanager.memory.jvm-overhead.min", "816m"),
            set("taskmanager.memory.jvm-overhead.max", "816m")
        ]
    );
    // Or the container grows by what the overhead grows: 6442450944 + (816 MiB − 644245104)
    // = 6653843856, rounded up to 6346 MiB, and total Flink memory does not shrink.
    assert_eq!(fixes[2][0], set("taskmanager.memory.process.size", "6346m"));
}

#[test]
fn yarn_virtual_memory_kill_is_not_a_flink_budget_problem() {
    let text = diagnose(&["yarn-virtual-kill.log"]);
    assert!(
        text.contains("yarn.nodemanager.vmem-check-enabled"),
        "{text}"
    );
    assert!(!text.contains("Fix:"), "{text}");
}

#[test]
fn kubernetes_oom_kills_from_flink_and_from_kubectl() {
    let report = diagnose_json(&["kubernetes-oomkilled.log"]);
    let f = &report["findings"][0];
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(f["kind"], "kubernetes-oom-killed");
    assert_eq!(f["process"], "task-manager");
    assert_eq!(f["line"], 2);
    assert_eq!(f["also_at"], serde_json::json!([3]));
    // The shipped TaskManager's overhead is its 192m min; a step of 64 MiB makes it 256m, and
    // the container grows by the same 64 MiB: 1728m → 1792m.
    let fixes = fixes(f);
    assert_eq!(
        fixes[0],
        [
            set("taskmanager.memory.jvm-overhead.min", "256m"),
            set("taskmanager.memory.jvm-overhead.max", "256m")
        ]
    );
    assert_eq!(fixes[1][0], set("taskmanager.memory.process.size", "1792m"));
    let report = diagnose_json(&["kubectl-describe-oomkilled.txt"]);
    let f = &report["findings"][0];
    assert_eq!(
        (f["line"].clone(), f["also_at"].clone()),
        (9.into(), serde_json::json!([10]))
    );
}

#[test]
fn a_rejection_this_configuration_reproduces_gets_its_checked_remedy() {
    let report = diagnose_json(&[
        "too-small-900m.config.yaml",
        "taskmanager-start-rejected.log",
    ]);
    let f = &report["findings"][0];
    assert_eq!(f["kind"], "memory-configuration-rejected");
    assert_eq!(f["line"], 8);
    assert_eq!(f["also_at"], serde_json::json!([13]));
    let text = f["explanation"][0].as_str().unwrap();
    assert!(text.contains("fails the same way"), "{text}");
    assert!(f["rejection"].is_object());
    let fixes = fixes(f);
    let (key, Some(value)) = &fixes[0][0] else {
        panic!("{fixes:?}")
    };
    assert_eq!(key, "taskmanager.memory.process.size");
    let mebibytes: u64 = value.trim_end_matches('m').parse().unwrap();
    let accepted = |mib: u64| {
        let over = format!("taskmanager.memory.process.size={mib}m");
        calc_tm(Some("too-small-900m.config.yaml"), None, &[&over]).is_some()
    };
    assert!(accepted(mebibytes) && !accepted(mebibytes - 1));
}

#[test]
fn a_rejection_from_another_configuration_is_explained_from_its_numbers() {
    let text = diagnose(&["taskmanager-start-rejected.log"]);
    // 128m + 128m + 0 + 189582543 + 64m = 525126863 against 473956352: 51170511 short.
    assert!(text.contains("51170511 bytes"), "{text}");
    assert!(
        text.contains("the log came from a different configuration"),
        "{text}"
    );
    assert!(!text.contains("Fix:"), "{text}");
}

#[test]
fn several_problems_each_once_in_order_of_appearance() {
    let report = diagnose_json(&["jm-legacy-heap.flink-conf.yaml", "several-problems.log"]);
    let found: Vec<(String, u64, Value)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["also_at"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "memory-configuration-rejected".to_owned(),
                5,
                serde_json::json!([7])
            ),
            (
                "insufficient-network-buffers".to_owned(),
                11,
                serde_json::json!([16])
            ),
            ("metaspace-oom".to_owned(), 14, serde_json::json!([])),
        ]
    );
    let rejected = &report["findings"][0];
    assert_eq!(rejected["process"], "job-manager");
    // Spec E16: 2g heap + 128m off-heap + 256m metaspace + 192m overhead = 2624m.
    assert_eq!(
        fixes(rejected)[0],
        [set("jobmanager.memory.process.size", "2624m")]
    );
}

#[test]
fn nothing_recognised_exits_1() {
    let (code, stdout, _) = run(&["diagnose", "no-known-problem.log"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "no known Flink memory problem recognised in no-known-problem.log\n"
    );
    let (code, stdout, stderr) = run(&["diagnose", "no-known-problem.log", "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
    assert!(stderr.contains("no known Flink memory problem recognised"));
}

#[test]
fn standard_input_and_a_config_before_it() {
    let log = std::fs::read_to_string(format!("{}/direct-oom-jdk17.log", fixture_dir())).unwrap();
    let (code, stdout, stderr) =
        run_with(&["diagnose", "tm-4g-4slots.config.yaml", "-"], Some(&log));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("standard input: 1 known problem recognised"),
        "{stdout}"
    );
    // 4g: the log's limit (the 1728m TaskManager's) is not this configuration's.
    assert!(
        stdout.contains("it came from another configuration"),
        "{stdout}"
    );
    let (code, stdout, _) = run_with(&["diagnose", "-"], Some("nothing to see\n"));
    assert_eq!(code, 1);
    assert!(stdout.contains("recognised in standard input"));
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let (code, _, stderr) = run(&["diagnose", "does-not-exist.log"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read does-not-exist.log: no such file"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["diagnose", "missing.config.yaml", "direct-oom-jdk17.log"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.config.yaml"), "{stderr}");
    let (code, _, stderr) = run(&["diagnose", "broken.config.yaml", "direct-oom-jdk17.log"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("broken.config.yaml:3:"), "{stderr}");
}

#[test]
fn secrets_of_the_configuration_are_never_printed() {
    for format in ["text", "json", "markdown"] {
        let (code, stdout, stderr) = run(&[
            "diagnose",
            "rocksdb-unmanaged-6g.config.yaml",
            "secret-in-stacktrace.log",
            "-D",
            "fs.azure.account.key.acct.blob.core.windows.net=azure-secret-value",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(!stdout.contains("hunter2"), "{stdout}");
        assert!(!stdout.contains("azure-secret-value"), "{stdout}");
        assert!(stdout.contains("******"), "{stdout}");
    }
}

#[test]
fn markdown_has_a_section_per_problem() {
    let text = diagnose(&["several-problems.log", "--format", "markdown"]);
    assert_eq!(text.matches("\n### ").count(), 3, "{text}");
    assert!(text.contains("**Fix:**"));
}

#[test]
fn text_report_snapshot() {
    let text = diagnose(&[
        "insufficient-buffers-default.log",
        "--flink-version",
        "1.20",
    ]);
    insta::assert_snapshot!("insufficient_buffers_default_text", text);
}

#[test]
fn a_network_capped_by_its_max_gets_the_max_raised() {
    let report = diagnose_json(&[
        "tm-16g.flink-conf.yaml",
        "insufficient-buffers-capped.log",
        "--flink-version",
        "1.16",
    ]);
    let f = &report["findings"][0];
    // Spec: before 1.17 the network max is 1g, so a 16g TaskManager has 32768 buffers.
    assert_eq!(fact(f, "config_buffers"), 32768);
    // 32768 − 10 + 100 = 32858; plus 25%: ceil(41072.5) = 41073; × 32 KiB = 1283.5 MiB → 1284m.
    assert_eq!(fact(f, "target"), 41073);
    let fixes = fixes(f);
    assert_eq!(
        fixes[0],
        [
            set("taskmanager.memory.network.min", "1284m"),
            set("taskmanager.memory.network.max", "1284m")
        ]
    );
    // 0.1 × (16g − 256m − 1g) = 1510.4m is above 1284m, so raising the max alone does it; no
    // fix shrinks the process or lowers the fraction.
    assert_eq!(fixes[1], [set("taskmanager.memory.network.max", "1284m")]);
    assert_eq!(fixes.len(), 2, "{fixes:?}");
}

#[test]
fn jobmanager_heap_oom_grows_the_jobmanager() {
    let report = diagnose_json(&["jobmanager-heap-oom.log"]);
    let f = &report["findings"][0];
    assert_eq!(f["process"], "job-manager");
    // Spec E2: the 1600m JobManager has a 1024m heap; 25% more is 1280m. With 256m metaspace,
    // 128m off-heap and the 192m overhead min, that needs 1280 + 128 + 256 + 192 = 1856m.
    assert_eq!(fact(f, "jobmanager_heap"), 1024 * MIB);
    assert_eq!(
        fixes(f)[0],
        [set("jobmanager.memory.process.size", "1856m")]
    );
}
