//! `flinkmem lint`, `explain`, `rules` and `schema` as users and CI run them: exit codes, every
//! output format, settings discovery, secrets, and the SARIF and JSON contracts.

use assert_cmd::Command;
use flinkmem::rules::RULES;
use serde_json::Value;

fn fixtures() -> String {
    format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

/// Runs flinkmem in `tests/fixtures` (paths in the output are relative), 80 columns, outside
/// GitHub Actions.
fn run(args: &[&str]) -> (i32, String, String) {
    run_with(args, &[])
}

fn run_with(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("flinkmem").expect("binary");
    cmd.current_dir(fixtures())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn exit_codes_follow_the_fail_on_threshold() {
    let (code, stdout, stderr) = run(&["lint", "cli/clean/config.yaml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "No findings in 1 file.\n");
    assert_eq!(run(&["lint", "cli/warnings/flink-conf.yaml"]).0, 1);
    let warnings_only = ["lint", "cli/warnings/flink-conf.yaml", "--fail-on", "error"];
    assert_eq!(run(&warnings_only).0, 0);
    assert_eq!(
        run(&["lint", "cli/errors/config.yaml", "--fail-on", "error"]).0,
        1
    );
    let info = ["lint", "cli/clean/config.yaml", "--fail-on", "info"];
    assert_eq!(run(&info).0, 0);
}

#[test]
fn usage_and_read_errors_exit_2_and_the_other_files_are_still_linted() {
    let (code, stdout, stderr) = run(&[
        "lint",
        "--format",
        "concise",
        "cli/missing/flink-conf.yaml",
        "cli/warnings/flink-conf.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: cli/missing/flink-conf.yaml:1:1: cannot read: no such file"),
        "{stderr}"
    );
    assert!(
        stdout.contains("cli/warnings/flink-conf.yaml:3:1: warning[FM102]"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["lint", "cli/clean", "--select", "FM1O1"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: unknown rule code or prefix 'FM1O1' (did you mean FM101?)\n"
    );
    assert_eq!(run(&["lint", "cli/clean", "--flink-version", "1.9"]).0, 2);
    assert_eq!(run(&["lint"]).0, 2);
    assert_eq!(run(&["lint", "cli/clean", "--format", "xml"]).0, 2);
}

#[test]
fn select_and_ignore_pick_rules() {
    let (code, stdout, _) = run(&[
        "lint",
        "cli/warnings/flink-conf.yaml",
        "--format",
        "concise",
        "--select",
        "FM1",
        "--ignore",
        "deprecated-key",
    ]);
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("[FM101]"), "{stdout}");
}

#[test]
fn every_format_renders_the_same_findings() {
    let files = ["cli/warnings/flink-conf.yaml", "cli/errors/config.yaml"];
    for format in ["human", "concise", "json", "github", "sarif"] {
        let mut args = vec!["lint", "--format", format];
        args.extend(files);
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
        let mut stdout = stdout.replace(env!("CARGO_PKG_VERSION"), "[version]");
        if format == "sarif" {
            // The rule pages are embedded as help; they have their own test (docs.rs).
            let mut sarif = json(&stdout);
            for rule in sarif["runs"][0]["tool"]["driver"]["rules"]
                .as_array_mut()
                .expect("rules")
            {
                let page = format!("[rules/{}.md]", rule["id"].as_str().unwrap_or(""));
                rule["help"]["text"] = Value::from(page.clone());
                rule["help"]["markdown"] = Value::from(page);
            }
            stdout = serde_json::to_string_pretty(&sarif).expect("json");
        }
        insta::assert_snapshot!(format!("format_{format}"), stdout);
    }
}

#[test]
fn json_report_validates_against_its_schema() {
    let (_, schema, _) = run(&["schema", "lint"]);
    let schema = json(&schema);
    let validator = jsonschema::validator_for(&schema).expect("schema");
    let (_, report, _) = run(&[
        "lint",
        "--format",
        "json",
        "cli",
        "FM101/invented-keys.config.yaml",
        "FM201/invalid-sizes.config.yaml",
        "FM005/nested-block.flink-conf.yaml",
    ]);
    let report = json(&report);
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report["version"], 1);
    let finding = &report["findings"][0];
    for field in [
        "code",
        "name",
        "severity",
        "message",
        "help",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "key",
    ] {
        assert!(finding.get(field).is_some(), "missing {field}: {finding}");
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema_text = std::fs::read_to_string(format!(
        "{}/tests/data/sarif-schema-2.1.0.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("schema");
    let schema = json(&schema_text);
    let validator = jsonschema::validator_for(&schema).expect("SARIF schema");
    // Every rule family, a read error (a notification) and several files.
    let (code, sarif, _) = run(&[
        "lint",
        "--format",
        "sarif",
        "cli",
        "FM003/password-with-hash.flink-conf.yaml",
        "FM101/invented-keys.config.yaml",
        "FM201/invalid-sizes.config.yaml",
        "missing.yaml",
    ]);
    assert_eq!(code, 2);
    let sarif = json(&sarif);
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does check: a level SARIF does not know is refused.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    let run = &sarif["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().map(Vec::len),
        Some(RULES.len())
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let results = run["results"].as_array().expect("results");
    assert!(results.len() > 10);
    let mut fingerprints: Vec<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["flinkmem/v1"]
                .as_str()
                .expect("fingerprint")
        })
        .collect();
    let count = fingerprints.len();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), count, "fingerprints are unique");
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("index");
        let rule = &run["tool"]["driver"]["rules"][usize::try_from(index).expect("usize")];
        assert_eq!(rule["id"], result["ruleId"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(!uri.starts_with('/') && !uri.contains('\\'), "{uri}");
    }
}

#[test]
fn fingerprints_survive_lines_moving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("flink-conf.yaml");
    let fingerprint = |text: &str| {
        std::fs::write(&path, text).expect("write");
        let out = Command::cargo_bin("flinkmem")
            .expect("binary")
            .current_dir(dir.path())
            .args([
                "lint",
                "--format",
                "sarif",
                "--select",
                "FM101",
                "flink-conf.yaml",
            ])
            .output()
            .expect("run");
        let sarif = json(&String::from_utf8_lossy(&out.stdout));
        sarif["runs"][0]["results"][0]["partialFingerprints"]["flinkmem/v1"].clone()
    };
    let before = fingerprint("taskmanager.memory.network.size: 1g\n");
    let after = fingerprint("# a new comment\n\ntaskmanager.memory.network.size: 1g\n");
    assert!(before.is_string());
    assert_eq!(before, after);
}

#[test]
fn secrets_never_appear_in_any_format() {
    let secrets = [
        "hunter2",
        "topsecret",
        "AKIAsupersecret",
        "quotedsecretvalue",
        "nestedsecretvalue",
    ];
    for format in ["human", "concise", "json", "github", "sarif"] {
        let (code, stdout, stderr) = run(&["lint", "--format", format, "cli/secrets"]);
        assert_eq!(code, 1, "{format}");
        for secret in secrets {
            assert!(
                !stdout.contains(secret) && !stderr.contains(secret),
                "{format} shows {secret}:\n{stdout}"
            );
        }
    }
    let (_, human, _) = run(&["lint", "cli/secrets"]);
    insta::assert_snapshot!("secrets_human", human);
}

#[test]
fn directories_are_walked_with_settings_from_flinkmem_toml() {
    let (code, stdout, stderr) = run(&["lint", "--format", "json", "cli/tree", "cli/not-flink"]);
    assert_eq!(code, 1, "{stderr}");
    let report = json(&stdout);
    let files: Vec<(&str, &str)> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or(""),
                f["flink_version"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // Name order, hidden and excluded directories skipped, the version from the settings.
    assert_eq!(
        files,
        [
            ("cli/tree/legacy/flink-conf.yaml", "1.20"),
            ("cli/tree/prod/config.yaml", "1.20")
        ]
    );
    let findings: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // FM102 ignored, FM101 raised to an error.
    assert_eq!(findings, [("FM101", "error")]);
    assert_eq!(
        stderr,
        "note: cli/not-flink/config.yaml: skipped: not a Flink configuration (none of its keys \
         is a Flink option)\n"
    );
    // An excluded file named on the command line is skipped with a notice.
    let (code, _, stderr) = run(&["lint", "cli/tree/vendored/config.yaml"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("skipped: excluded by"), "{stderr}");
    // The command line wins over the settings file.
    let (_, stdout, _) = run(&[
        "lint",
        "--format",
        "json",
        "--flink-version",
        "2.0",
        "cli/tree/prod",
    ]);
    assert_eq!(json(&stdout)["files"][0]["flink_version"], "2.0");
}

#[test]
fn a_broken_settings_file_is_a_positioned_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(".flinkmem.toml"),
        "flink-version = \"1.20\"\nselect = [\"FM999\"]\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("config.yaml"),
        "taskmanager.numberOfTaskSlots: 1\n",
    )
    .expect("write");
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .current_dir(dir.path())
        .args(["lint", "."])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(".flinkmem.toml:2:11: unknown rule code or prefix 'FM999'"),
        "{stderr}"
    );
}

#[test]
fn inside_github_actions_annotations_come_with_the_human_report() {
    let (code, stdout, _) = run_with(
        &["lint", "cli/warnings/flink-conf.yaml"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(code, 1);
    let first = stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with("::warning file=cli/warnings/flink-conf.yaml,line=3,"),
        "{first}"
    );
    assert!(stdout.contains("warning[FM102] deprecated-key"), "{stdout}");
    // An explicit format is used alone.
    let (_, stdout, _) = run_with(
        &[
            "lint",
            "--format",
            "concise",
            "cli/warnings/flink-conf.yaml",
        ],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert!(!stdout.contains("::"), "{stdout}");
}

#[test]
fn explain_prints_the_rule_page_and_suggests_for_typos() {
    let (code, stdout, _) = run(&["explain", "FM101"]);
    assert_eq!(code, 0);
    assert_eq!(
        Some(stdout.as_str()),
        flinkmem::rules::find("FM101").map(|r| r.meta.doc)
    );
    let (code, stdout, _) = run(&["explain", "unknown-key"]);
    assert_eq!(
        (code, stdout.lines().next()),
        (0, Some("# FM101 unknown-key"))
    );
    let (code, stdout, stderr) = run(&["explain", "FM1O1"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, "error: unknown rule 'FM1O1'; did you mean FM101?\n");
}

#[test]
fn rules_lists_the_registry() {
    let (code, stdout, _) = run(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rules = json(&stdout);
    let codes: Vec<&str> = rules
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["code"].as_str().unwrap_or(""))
        .collect();
    let registered: Vec<&str> = RULES.iter().map(|r| r.meta.code).collect();
    assert_eq!(codes, registered);
    let (code, stdout, _) = run(&["rules"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rules_text", stdout);
}

#[test]
fn schemas_are_stable() {
    let (code, lint, _) = run(&["schema", "lint"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("schema_lint", lint);
    let (code, config, _) = run(&["schema", "config"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("schema_config", config);
}

#[test]
fn help_and_clap_definitions() {
    use clap::CommandFactory as _;
    flinkmem::cli::Cli::command().debug_assert();
    let (code, stdout, _) = run(&["lint", "--help"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("lint_help", stdout);
}

#[test]
fn pre_commit_hooks_run_their_entry_on_flink_files() {
    let manifest = std::fs::read_to_string(format!(
        "{}/.pre-commit-hooks.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect(".pre-commit-hooks.yaml");
    let field = |name: &str| -> Vec<String> {
        manifest
            .lines()
            .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .collect()
    };
    assert_eq!(field("language:"), ["rust", "system"]);
    let entries = field("entry:");
    assert_eq!(entries.len(), 2);
    for files in field("files:") {
        assert_eq!(files, r"\.ya?ml$");
    }
    for entry in entries {
        let mut words = entry.split_whitespace();
        assert_eq!(words.next(), Some("flinkmem"), "{entry}");
        let args: Vec<&str> = words.collect();
        // pre-commit appends the staged file names.
        let mut bad = args.clone();
        bad.extend(["cli/warnings/flink-conf.yaml", "cli/not-flink/config.yaml"]);
        let (code, stdout, stderr) = run(&bad);
        assert_eq!(code, 1, "{entry}: {stdout}{stderr}");
        let mut good = args.clone();
        good.extend([
            "cli/clean/config.yaml",
            "cli/clean/flinkdeployment.yaml",
            "cli/not-flink/config.yaml",
            "cli/not-flink/workflow.yml",
        ]);
        let (code, _, stderr) = run(&good);
        assert_eq!(code, 0, "{entry}: {stderr}");
    }
}

/// A generated file can hold thousands of unknown keys; "did you mean" is offered for the first
/// hundred of a file only, and the finding says why it has none after that.
#[test]
fn unknown_key_suggestions_stop_after_the_first_hundred_of_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let typo = "taskmanager.numberOfTaskSlotz";
    let lint_help = |fillers: usize| -> String {
        let mut text = String::from("taskmanager.numberOfTaskSlots: 2\n");
        for i in 0..fillers {
            text += &["zz.not.a.flink.key.", &i.to_string(), ": 1\n"].concat();
        }
        text += &[typo, ": 2\n"].concat();
        let path = dir.path().join("flink-conf.yaml");
        std::fs::write(&path, text).expect("write");
        let out = Command::cargo_bin("flinkmem")
            .expect("binary")
            .args(["lint", "--select", "FM101", "--format", "json"])
            .arg(&path)
            .output()
            .expect("run");
        let report = json(&String::from_utf8_lossy(&out.stdout));
        let findings = report["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), fillers + 1, "one FM101 per unknown key");
        let last = findings
            .iter()
            .find(|f| f["key"] == typo)
            .unwrap_or_else(|| panic!("no finding for {typo}: {report}"));
        last["help"].as_str().expect("help").to_owned()
    };
    assert_eq!(
        lint_help(99),
        "did you mean `taskmanager.numberOfTaskSlots`?"
    );
    let past_budget = lint_help(100);
    assert!(
        past_budget.contains("no suggestions past the first 100 unknown keys of a file"),
        "{past_budget}"
    );
}

#[test]
fn siblings_count_the_same_whether_walked_or_named() {
    // 1.20 reads flink-conf.yaml when it exists, so a config.yaml next to it is not read
    // (FM009); a directory that only looks like a flink-conf.yaml does not count.
    let dir = tempfile::tempdir().expect("tempdir");
    let both = dir.path().join("both");
    let lookalike = dir.path().join("lookalike");
    for d in [&both, &lookalike] {
        std::fs::create_dir_all(d).expect("dir");
        std::fs::write(
            d.join("config.yaml"),
            "taskmanager.memory.process.size: 4g\n",
        )
        .expect("write");
    }
    std::fs::write(
        both.join("flink-conf.yaml"),
        "taskmanager.memory.process.size: 4g\n",
    )
    .expect("write");
    std::fs::create_dir(lookalike.join("flink-conf.yaml")).expect("dir");
    let fm009 = |path: &std::path::Path| -> Vec<String> {
        let (_, stdout, stderr) = run(&[
            "lint",
            "--format",
            "json",
            "--flink-version",
            "1.20",
            "--select",
            "FM009",
            path.to_str().expect("utf-8"),
        ]);
        json(&stdout)["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("{stderr}"))
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap_or("");
                path.rsplit(['/', '\\']).next().unwrap_or("").to_owned()
            })
            .collect()
    };
    assert_eq!(fm009(&both), ["config.yaml"], "walked");
    assert_eq!(fm009(&both.join("config.yaml")), ["config.yaml"], "named");
    assert!(fm009(&lookalike).is_empty(), "walked");
    assert!(fm009(&lookalike.join("config.yaml")).is_empty(), "named");
}
