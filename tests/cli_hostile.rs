//! Inputs a pull request can contain that must neither hang nor crash flinkmem: each gets a
//! clear message naming the file, and the other files of the run are still linted.

use std::fmt::Write as _;

use assert_cmd::Command;

fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .timeout(std::time::Duration::from_secs(20))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const GOOD: &str = "taskmanager.memory.process.size: 2g\njobmanager.memory.process.size: 2g\n";

fn alias_bomb() -> String {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..9u8 {
        let previous = char::from(b'a' + level - 1);
        let name = char::from(b'a' + level);
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        let _ = writeln!(text, "{name}: &{name} [{aliases}]");
    }
    text + GOOD
}

#[test]
fn an_alias_bomb_is_refused_with_flinks_message_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("bomb")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("good")).expect("mkdir");
    std::fs::write(dir.path().join("bomb/config.yaml"), alias_bomb()).expect("write");
    std::fs::write(dir.path().join("good/config.yaml"), GOOD).expect("write");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "concise", "."]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("bomb/config.yaml:7:28: error[FM001] Flink cannot load this file: Number of aliases for non-scalar nodes exceeds the specified max=50"), "{out}");
    let (code, _, err) = run_in(dir.path(), &["calc", "bomb/config.yaml"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn oversized_files_are_refused_unread_unless_the_cap_allows_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut big = String::from(GOOD);
    big.push_str(&"# padding\n".repeat(900_000));
    std::fs::write(dir.path().join("config.yaml"), &big).expect("write");
    let (code, _, err) = run_in(dir.path(), &["calc", "config.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("config.yaml: is 9000"), "{err}");
    assert!(err.contains("--max-file-size"), "{err}");
    let (code, out, err) = run_in(
        dir.path(),
        &["calc", "--max-file-size", "16m", "config.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2147483648 bytes"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking_and_the_other_files_are_linted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("flink-conf.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    std::fs::write(
        dir.path().join("config.yaml"),
        "taskmanager.memory.process.size: 2\n",
    )
    .expect("write");
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "lint",
            "--format",
            "concise",
            "flink-conf.yaml",
            "config.yaml",
        ],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("flink-conf.yaml:1:1: cannot read: is not a regular file"),
        "{err}"
    );
    assert!(out.contains("config.yaml:1:34: warning[FM202]"), "{out}");
    // A directory walk passes special files over.
    let (_, _, err) = run_in(dir.path(), &["lint", "--format", "concise", "."]);
    assert!(!err.contains("flink-conf.yaml"), "{err}");
}

#[test]
fn deep_nesting_binary_bytes_and_bad_encodings_get_answers_not_crashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "deep",
            format!(
                "taskmanager: {}{}\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )
            .into_bytes(),
        ),
        ("binary", (0..=255u8).cycle().take(10_000).collect()),
        ("nul", b"taskmanager.memory.process.size: 2g\0\0\n".to_vec()),
        (
            "utf8",
            b"taskmanager.memory.process.size: 2g\xff\xfe\n".to_vec(),
        ),
    ];
    for (name, bytes) in &cases {
        std::fs::create_dir_all(dir.path().join(name)).expect("mkdir");
        std::fs::write(dir.path().join(name).join("config.yaml"), bytes).expect("write");
    }
    std::fs::create_dir_all(dir.path().join("good")).expect("mkdir");
    std::fs::write(
        dir.path().join("good/config.yaml"),
        "taskmanager.memory.process.size: 2\n",
    )
    .expect("write");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "concise", "."]);
    assert!(code == 1 || code == 2, "{code}: {out}{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The nesting is Flink's to refuse or not; flinkmem answers at a position either way.
    assert!(out.contains("nul/config.yaml:1:36: error[FM001]"), "{out}");
    assert!(out.contains("utf8/config.yaml:1:34: error[FM201]"), "{out}");
    assert!(
        out.contains("good/config.yaml:1:34: warning[FM202]"),
        "{out}"
    );
    for (name, _) in &cases {
        let (code, _, err) = run_in(dir.path(), &["calc", &format!("{name}/config.yaml")]);
        assert!(
            (0..=2).contains(&code) && !err.contains("panicked"),
            "{name}: {err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_directories_in_place_of_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("conf/loop")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("conf/loop/up")).expect("symlink");
    std::fs::write(dir.path().join("conf/config.yaml"), GOOD).expect("write");
    std::fs::create_dir_all(dir.path().join("config.yaml")).expect("a directory named config.yaml");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "concise", "conf"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    let (code, _, err) = run_in(dir.path(), &["calc", "config.yaml/"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no config.yaml in this directory"), "{err}");
    let (code, _, err) = run_in(dir.path(), &["lint", "--job", "conf", "conf"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("conf") && err.contains("is a directory"),
        "{err}"
    );
}

#[test]
fn a_directory_with_no_flink_file_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("workflow.yml"), "on: push\n").expect("write");
    let (code, _, err) = run_in(dir.path(), &["lint", "."]);
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "no flink-conf.yaml, config.yaml or Kubernetes manifest with Flink documents found"
        ),
        "{err}"
    );
}
