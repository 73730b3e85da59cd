//! `flinkmem lint --fix`, `--unsafe-fixes` and `--diff` on the real binary, on copies in a
//! temporary directory: what is written, what is left alone, and that a second run is a no-op.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::run_in;
use serde_json::Value;

/// A `flink-conf.yaml` with one finding of each safe fix, among comments and blank lines that
/// must survive byte for byte.
const LEGACY: &str = "\
# Sizes for the staging cluster.

taskmanager.memory.process.size: 1728m
taskmanager.numberOfTaskSlots: 2
taskmanager.numberOfTaskSlots: 2
# 128 MiB, written in bytes by a script
taskmanager.memory.framework.off-heap.size: 134217728
taskmanager.network.memory.fraction: 0.15   # from the 1.9 tuning guide
jobmanager.memory.process.size: \"1600m\"
";

/// What the safe fixes make of [`LEGACY`].
const LEGACY_FIXED: &str = "\
# Sizes for the staging cluster.

taskmanager.memory.process.size: 1728m
taskmanager.numberOfTaskSlots: 2
# 128 MiB, written in bytes by a script
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.network.fraction: 0.15   # from the 1.9 tuning guide
jobmanager.memory.process.size: 1600m
";

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, text).expect("write");
    path
}

/// Sets the modification time into the past so that any later write shows.
fn age(path: &Path) -> SystemTime {
    let past = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(path)
        .expect("open")
        .set_modified(past)
        .expect("set mtime");
    fs::metadata(path).expect("stat").modified().expect("mtime")
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn fix_applies_every_safe_fix_and_keeps_the_rest_byte_for_byte() {
    let dir = scratch();
    let path = write(dir.path(), "conf/flink-conf.yaml", LEGACY);
    let (code, stdout, stderr) = run_in(dir.path(), &["lint", "--fix", "conf"]);
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        LEGACY_FIXED,
        "{stderr}"
    );
    assert_eq!(code, 0, "nothing is left to report: {stdout}{stderr}");
    assert!(stderr.contains("fixed 4 findings in"), "{stderr}");
}

#[test]
fn a_second_run_changes_nothing_and_does_not_touch_the_file() {
    let dir = scratch();
    let path = write(dir.path(), "flink-conf.yaml", LEGACY);
    let (code, ..) = run_in(dir.path(), &["lint", "--fix", "flink-conf.yaml"]);
    assert_eq!(code, 0);
    let before = age(&path);
    let (code, stdout, stderr) = run_in(dir.path(), &["lint", "--fix", "flink-conf.yaml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stderr.contains("fixed"), "{stderr}");
    assert_eq!(fs::read_to_string(&path).expect("read"), LEGACY_FIXED);
    let after = fs::metadata(&path)
        .expect("stat")
        .modified()
        .expect("mtime");
    assert_eq!(
        before, after,
        "a file with nothing to change is never written"
    );
}

#[test]
fn diff_prints_the_change_writes_nothing_and_exits_1() {
    let dir = scratch();
    let path = write(dir.path(), "flink-conf.yaml", LEGACY);
    let before = age(&path);
    let (code, stdout, stderr) = run_in(dir.path(), &["lint", "--diff", "flink-conf.yaml"]);
    assert_eq!(code, 1, "changes pending: {stdout}{stderr}");
    assert!(
        stdout.starts_with("--- flink-conf.yaml\n+++ flink-conf.yaml\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n-taskmanager.memory.framework.off-heap.size: 134217728\n"));
    assert!(stdout.contains("\n+taskmanager.memory.framework.off-heap.size: 128m\n"));
    assert!(
        stdout.contains("\n taskmanager.memory.process.size: 1728m\n"),
        "context lines"
    );
    assert!(
        stderr.contains("would fix 4 findings in flink-conf.yaml"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), LEGACY);
    let after = fs::metadata(&path)
        .expect("stat")
        .modified()
        .expect("mtime");
    assert_eq!(before, after);
    // Nothing to change: no diff, exit 0.
    let clean = write(dir.path(), "clean/flink-conf.yaml", LEGACY_FIXED);
    let (code, stdout, _) = run_in(dir.path(), &["lint", "--diff", "clean"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(fs::read_to_string(clean).expect("read"), LEGACY_FIXED);
}

#[test]
fn json_lists_every_applied_fix() {
    let dir = scratch();
    write(dir.path(), "flink-conf.yaml", LEGACY);
    let (code, stdout, _) = run_in(
        dir.path(),
        &["lint", "--fix", "--format", "json", "flink-conf.yaml"],
    );
    assert_eq!(code, 0);
    let report = json(&stdout);
    let fixes = report["fixes"].as_array().expect("fixes");
    let summary: Vec<(String, String, String, String)> = fixes
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["key"].as_str().unwrap().to_owned(),
                f["new"].as_str().unwrap().to_owned(),
                f["safety"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |code: &str, key: &str, new: &str| {
        summary
            .iter()
            .any(|(c, k, n, s)| c == code && k == key && n == new && s == "safe")
    };
    assert_eq!(fixes.len(), 4, "{summary:?}");
    assert!(fixes.iter().all(|f| f["written"] == true));
    assert!(
        has("FM004", "taskmanager.numberOfTaskSlots", ""),
        "{summary:?}"
    );
    assert!(has(
        "FM202",
        "taskmanager.memory.framework.off-heap.size",
        "128m"
    ));
    assert!(has(
        "FM102",
        "taskmanager.network.memory.fraction",
        "taskmanager.memory.network.fraction"
    ));
    assert!(has("FM006", "jobmanager.memory.process.size", "1600m"));
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn diff_as_json_proposes_the_fixes_and_the_current_findings() {
    let dir = scratch();
    let path = write(dir.path(), "flink-conf.yaml", LEGACY);
    let (code, stdout, _) = run_in(
        dir.path(),
        &["lint", "--diff", "--format", "json", "flink-conf.yaml"],
    );
    assert_eq!(code, 1);
    let report = json(&stdout);
    let fixes = report["fixes"].as_array().expect("fixes");
    assert_eq!(fixes.len(), 4);
    assert!(fixes.iter().all(|f| f["written"] == false));
    let findings = report["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .filter(|f| f["fix"]["safety"] == "safe")
            .count()
            >= 4,
        "the findings are those of the unchanged file: {findings:#?}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), LEGACY);
}

#[test]
fn unsafe_fixes_only_with_the_flag() {
    let dir = scratch();
    let text = "taskmanager.memory.process.size: 2g\njobmanager.memory.process.size: 1600m\n\
                taskmanager.memory.jvm-metaspace.size: 256\n";
    let path = write(dir.path(), "config.yaml", text);
    let (code, _, stderr) = run_in(dir.path(), &["lint", "--fix", "config.yaml"]);
    assert_eq!(code, 1, "the finding remains: {stderr}");
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    assert!(
        stderr.contains("FM202 fix not applied") && stderr.contains("--unsafe-fixes"),
        "{stderr}"
    );
    let (code, _, stderr) = run_in(
        dir.path(),
        &["lint", "--fix", "--unsafe-fixes", "config.yaml"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        text.replace("size: 256\n", "size: 256m\n")
    );
}

#[test]
fn a_safe_fix_that_would_change_a_budget_is_held_back() {
    // The invented network size differs from the 1.20 default derivation: pinning it is unsafe.
    let dir = scratch();
    let text = "taskmanager.memory.process.size: 4g\njobmanager.memory.process.size: 1600m\n\
                taskmanager.memory.network.size: 512m\n";
    let path = write(dir.path(), "config.yaml", text);
    let (code, _, stderr) = run_in(dir.path(), &["lint", "--fix", "config.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(fs::read_to_string(&path).expect("read"), text, "{stderr}");
    // The same advice where the size is what Flink derives anyway (clamped to the 64 MiB
    // minimum): pinning it is safe. (At 1728m the fraction gives 128 MiB and 2 bytes.)
    let derived = "taskmanager.memory.process.size: 1g\njobmanager.memory.process.size: 1600m\n\
                   taskmanager.memory.network.size: 64m\n";
    write(dir.path(), "config.yaml", derived);
    let (code, _, stderr) = run_in(dir.path(), &["lint", "--fix", "config.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        derived.replace(
            "taskmanager.memory.network.size: 64m\n",
            "taskmanager.memory.network.min: 64m\ntaskmanager.memory.network.max: 64m\n"
        )
    );
}

#[test]
fn fix_on_the_examples_leaves_only_findings_without_a_safe_fix() {
    let dir = scratch();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    copy_tree(&examples, dir.path());
    let (code, _, stderr) = run_in(dir.path(), &["lint", "--fix", "."]);
    assert!(code == 0 || code == 1, "{stderr}");
    let (_, stdout, _) = run_in(dir.path(), &["lint", "--format", "json", "."]);
    let report = json(&stdout);
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty(), "the examples demonstrate findings");
    let safe: Vec<&Value> = findings
        .iter()
        .filter(|f| f["fix"]["safety"] == "safe")
        .collect();
    assert!(safe.is_empty(), "safe fixes left: {safe:#?}");
    // And a second run is a no-op on every file.
    let before = snapshot_tree(dir.path());
    let (_, _, stderr) = run_in(dir.path(), &["lint", "--fix", "."]);
    assert!(!stderr.contains("fixed "), "{stderr}");
    assert_eq!(before, snapshot_tree(dir.path()));
}

#[test]
fn fixes_apply_inside_a_manifest() {
    let dir = scratch();
    let manifest = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: orders
spec:
  flinkVersion: v1_20
  flinkConfiguration:
    # tuned in 2023
    taskmanager.network.memory.fraction: \"0.15\"
    taskmanager.numberOfTaskSlots: \"2\"
  jobManager:
    resource:
      memory: 1600m
      cpu: 1
  taskManager:
    resource:
      memory: 2g
      cpu: 1
";
    let path = write(dir.path(), "deploy/orders.yaml", manifest);
    let (code, _, stderr) = run_in(dir.path(), &["lint", "--fix", "deploy"]);
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        manifest.replace(
            "taskmanager.network.memory.fraction",
            "taskmanager.memory.network.fraction"
        ),
        "{stderr}"
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn fixes_apply_inside_a_config_map_block_scalar() {
    let dir = scratch();
    let manifest = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: flink-config
data:
  flink-conf.yaml: |
    # staging
    taskmanager.memory.process.size: 1728m
    jobmanager.memory.process.size: 1600m
    taskmanager.memory.framework.off-heap.size: 134217728
    taskmanager.numberOfTaskSlots: 2
";
    let path = write(dir.path(), "k8s/flink-config.yaml", manifest);
    let (code, _, stderr) = run_in(dir.path(), &["lint", "--fix", "k8s"]);
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        manifest.replace("size: 134217728\n", "size: 128m\n"),
        "{stderr}"
    );
    assert_eq!(code, 0, "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_stays_a_symlink_and_the_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let real = write(dir.path(), "shared/flink-conf.yaml", LEGACY);
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
    fs::create_dir_all(dir.path().join("conf")).expect("mkdir");
    let link = dir.path().join("conf/flink-conf.yaml");
    std::os::unix::fs::symlink("../shared/flink-conf.yaml", &link).expect("symlink");
    let (code, _, stderr) = run_in(dir.path(), &["lint", "--fix", "conf/flink-conf.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink(),
        "the link is not replaced by a file"
    );
    assert_eq!(fs::read_to_string(&real).expect("read"), LEGACY_FIXED);
    let mode = fs::metadata(&real).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("shared"))
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn secrets_stay_out_of_fix_output_and_diffs() {
    let dir = scratch();
    let secret = "s3cr3t-canary-4711";
    let text = format!(
        "taskmanager.memory.process.size: 1728m\njobmanager.memory.process.size: 1600m\n\
         s3.secret-key: {secret}\ns3.secret-key: {secret}\n"
    );
    write(dir.path(), "flink-conf.yaml", &text);
    for args in [
        &["lint", "--diff", "flink-conf.yaml"][..],
        &["lint", "--diff", "--format", "json", "flink-conf.yaml"],
        &["lint", "--fix", "--format", "json", "flink-conf.yaml"],
    ] {
        let (_, stdout, stderr) = run_in(dir.path(), args);
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{args:?} leaks the secret:\n{stdout}{stderr}"
        );
    }
    let fixed = fs::read_to_string(dir.path().join("flink-conf.yaml")).expect("read");
    assert_eq!(
        fixed.matches(secret).count(),
        1,
        "the duplicate is gone: {fixed}"
    );
}
