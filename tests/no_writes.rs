//! Read-only commands write nothing: every one of them runs inside a copy of `examples/` (made
//! read-only, with `HOME` and `TMPDIR` pointing into it too) and the tree must be byte for byte
//! and timestamp for timestamp what it was, with no file created, changed or deleted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use assert_cmd::Command;

type Tree = BTreeMap<PathBuf, (u64, Option<SystemTime>, Vec<u8>)>;

fn snapshot(root: &Path, tree: &mut Tree) {
    for entry in std::fs::read_dir(root).expect("read_dir") {
        let entry = entry.expect("entry");
        let path = entry.path();
        let metadata = entry.metadata().expect("metadata");
        if metadata.is_dir() {
            tree.insert(path.clone(), (0, metadata.modified().ok(), Vec::new()));
            snapshot(&path, tree);
        } else {
            let bytes = std::fs::read(&path).expect("read");
            tree.insert(path, (metadata.len(), metadata.modified().ok(), bytes));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn set_read_only(root: &Path, read_only: bool) {
    for entry in std::fs::read_dir(root).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            set_read_only(&path, read_only);
        }
        let mut permissions = std::fs::metadata(&path).expect("metadata").permissions();
        permissions.set_readonly(read_only);
        std::fs::set_permissions(&path, permissions).expect("chmod");
    }
}

#[test]
fn read_only_commands_leave_the_tree_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("repo");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &root.join("examples"),
    );
    std::fs::create_dir_all(root.join("home")).expect("home");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/diagnose/heap-oom-taskmanager.log"),
        root.join("oom.log"),
    )
    .expect("copy log");
    let legacy = "examples/legacy-1.16/flink-conf.yaml";
    let manifest = "examples/kubernetes/application-deployment.yaml";
    let commands: Vec<Vec<&str>> = vec![
        vec!["show", legacy],
        vec!["show", manifest, "--format", "json"],
        vec!["calc"],
        vec!["calc", legacy, "--format", "json"],
        vec!["calc", manifest, "--format", "markdown"],
        vec![
            "calc",
            legacy,
            "--diff-set",
            "taskmanager.memory.process.size=4g",
        ],
        vec!["fit", legacy, "--managed", "2g"],
        vec!["buffers", manifest],
        vec![
            "buffers",
            legacy,
            "-p",
            "32",
            "--sweep",
            "parallelism=8..64",
        ],
        vec!["diagnose", legacy, "oom.log"],
        vec!["lint", "examples"],
        vec!["lint", "examples", "--format", "json"],
        vec!["lint", "examples", "--format", "sarif"],
        vec!["lint", "examples", "--format", "github"],
        vec!["lint", "examples", "--format", "concise"],
        vec!["explain", "FM601"],
        vec!["rules", "--format", "json"],
        vec!["schema", "lint"],
        vec!["completions", "bash"],
        vec!["man"],
    ];
    set_read_only(&root, true);
    let mut before = Tree::new();
    snapshot(&root, &mut before);
    for args in &commands {
        let out = Command::cargo_bin("flinkmem")
            .expect("binary")
            .current_dir(&root)
            .env("HOME", root.join("home"))
            .env("TMPDIR", root.join("home"))
            .env("GITHUB_ACTIONS", "true")
            .args(args)
            .output()
            .expect("run");
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 1,
            "{args:?} exited {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut after = Tree::new();
        snapshot(&root, &mut after);
        assert!(before == after, "{args:?} changed the tree");
    }
    set_read_only(&root, false);
}
