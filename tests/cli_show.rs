//! `flinkmem show` as a user runs it: output, exit codes, masking, and bad input.

use assert_cmd::Command;
use flinkmem::FlinkVersion;
use flinkmem::catalog::{self, invented_keys};

fn flinkmem() -> Command {
    Command::cargo_bin("flinkmem").expect("binary")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `show` in the fixture directory so paths in the output are relative.
fn show(args: &[&str]) -> (i32, String, String) {
    let out = flinkmem()
        .current_dir(fixture(""))
        .arg("show")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn legacy_file_shows_exactly_what_flink_1_20_reads() {
    let (code, stdout, stderr) = show(&["loader/legacy-quirks.flink-conf.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn nested_and_dotted_spellings_show_the_later_value_and_both_places() {
    let (code, stdout, _) = show(&[
        "loader/standard-nested-dotted.config.yaml",
        "--flink-version",
        "1.19",
    ]);
    assert_eq!(code, 0);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("taskmanager.memory.process.size"))
        .expect("row");
    assert!(line.contains(" 8g "), "{line}");
    assert!(
        line.contains("standard-nested-dotted.config.yaml:6:34"),
        "{line}"
    );
    assert!(
        line.contains("replaces the value at loader/standard-nested-dotted.config.yaml:4:19"),
        "{line}"
    );
    let (_, json, _) = show(&[
        "loader/standard-nested-dotted.config.yaml",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let entry = &json["entries"][0];
    assert_eq!(entry["value"], "8g");
    assert_eq!(entry["origin"]["line"], 6);
    assert_eq!(entry["replaces"][0]["line"], 4);
    assert_eq!(json["flink_version"], "2.3");
    assert_eq!(json["version_assumed"], true);
}

#[test]
fn every_option_of_every_version_is_known_and_invented_keys_are_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    for version in FlinkVersion::ALL {
        let c = catalog::catalog(version);
        let mut keys: Vec<String> = c
            .options()
            .iter()
            .map(|o| {
                // Placeholders stand for a name the user picks.
                o.key
                    .split('.')
                    .map(|p| if p.starts_with('<') { "x" } else { p })
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect();
        keys.sort();
        keys.dedup();
        let mut text = String::new();
        for key in keys
            .iter()
            .map(String::as_str)
            .chain(invented_keys().iter().map(|k| k.key))
        {
            text.push('\'');
            text.push_str(key);
            text.push_str("': v\n");
        }
        let path = dir.path().join(format!("{version}.config.yaml"));
        std::fs::write(&path, text).expect("write");
        let out = flinkmem()
            .args([
                "show",
                "--format",
                "json",
                "--flink-version",
                &version.to_string(),
            ])
            .arg(&path)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{version}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(json["flink_version"], version.to_string());
        let entries = json["entries"].as_array().expect("entries");
        assert_eq!(
            entries.len(),
            keys.len() + invented_keys().len(),
            "{version}"
        );
        for entry in entries {
            let key = entry["key"].as_str().unwrap_or_default();
            let invented = invented_keys().iter().any(|k| k.key == key);
            assert_eq!(entry["known"], !invented, "{version}: {key}");
        }
    }
}

#[test]
fn sensitive_values_are_masked_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("flink-conf.yaml");
    std::fs::write(
        &path,
        "s3.secret-key: hunter2\nssl.keystore-password: qzx#ss\n",
    )
    .expect("write");
    for format in ["text", "json"] {
        let out = flinkmem()
            .args(["show", "--format", format, "-D", "kubernetes.token=tok123"])
            .arg(&path)
            .output()
            .expect("run");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for secret in ["hunter2", "qzx", "tok123"] {
            assert!(!all.contains(secret), "{format} leaks {secret}: {all}");
        }
        assert!(all.contains("******"));
    }
}

#[test]
fn overrides_come_after_the_file() {
    let (code, stdout, _) = show(&[
        "loader/legacy-quirks.flink-conf.yaml",
        "--set",
        "a=from-cli",
        "-Dparallelism.default=3",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.lines().any(|l| l.starts_with("a ")
            && l.contains("from-cli")
            && l.contains("command line (--set #1)")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("parallelism.default") && l.contains(" 3 ")),
        "{stdout}"
    );
}

#[test]
fn bad_input_exits_2_with_a_located_message() {
    let (code, _, stderr) = show(&["no/such/flink-conf.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no/such/flink-conf.yaml: no such file or directory"),
        "{stderr}"
    );

    let (code, _, stderr) = show(&["loader/standard-syntax-error.config.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("loader/standard-syntax-error.config.yaml:1:4:"),
        "{stderr}"
    );

    let empty = tempfile::tempdir().expect("tempdir");
    let out = flinkmem()
        .arg("show")
        .arg(empty.path())
        .args(["--flink-version", "2.0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no config.yaml in this directory"));

    let (code, _, stderr) = show(&["x.yaml", "--flink-version", "1.12"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unsupported Flink version '1.12'"),
        "{stderr}"
    );
    let (code, _, _) = show(&["x.yaml", "--set", "novalue"]);
    assert_eq!(code, 2);
}

#[test]
fn a_conf_dir_is_read_as_the_version_reads_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("flink-conf.yaml"), "from: legacy\n").expect("write");
    std::fs::write(dir.path().join("config.yaml"), "from: standard\n").expect("write");
    for (version, expected, ignored) in [
        ("1.19", "legacy", "config.yaml"),
        ("2.0", "standard", "flink-conf.yaml"),
    ] {
        let out = flinkmem()
            .arg("show")
            .arg(dir.path())
            .args(["--flink-version", version])
            .output()
            .expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(&format!("from  {expected}")),
            "{version}: {stdout}"
        );
        assert!(
            stdout.contains(&format!("{ignored} is ignored")),
            "{version}: {stdout}"
        );
    }
}

#[test]
fn a_deprecated_key_for_several_options_names_them_all() {
    let (code, out, _) = show(&[
        "FM102/key-for-two-options.config.yaml",
        "--flink-version",
        "1.20",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("deprecated: stands for rest.bind-port and rest.port; use rest.port"),
        "{out}"
    );
    let (_, out, _) = show(&[
        "FM102/key-for-two-options.config.yaml",
        "--flink-version",
        "1.20",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let entry = &report["entries"][0];
    assert_eq!(entry["key"], "web.port");
    assert_eq!(entry["deprecated_for"], "rest.port");
    assert_eq!(
        entry["stands_for"],
        serde_json::json!(["rest.bind-port", "rest.port"])
    );
    // Where every version agrees the key is the old name of one option, no list.
    for version in FlinkVersion::ALL {
        let c = catalog::catalog(version);
        if let Some(one) = c.recommended_replacement("taskmanager.heap.size") {
            assert!(
                c.replacements("taskmanager.heap.size").len() <= 1,
                "{version} {}",
                one.key
            );
        }
    }
}
