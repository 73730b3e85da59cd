//! Helpers shared by the integration tests: reading the golden JSON-lines files.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};

use flinkmem::FlinkVersion;
use serde_json::Value;

/// `tests/golden/<parts...>` inside the crate.
pub fn golden_path(parts: &[&str]) -> PathBuf {
    let mut path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden");
    for part in parts {
        path.push(part);
    }
    path
}

/// Every line of a JSON-lines file, parsed.
pub fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}

/// The golden result file of `version` in `dir`, e.g. `golden/loader/flink-1.20.jsonl`.
pub fn version_file(dir: &str, version: FlinkVersion) -> PathBuf {
    golden_path(&[dir, &format!("flink-{version}.jsonl")])
}

/// Collects mismatches and fails once with all of them.
#[derive(Default)]
pub struct Mismatches {
    items: Vec<String>,
    checked: usize,
}

impl Mismatches {
    pub fn check(&mut self, ok: bool, describe: impl FnOnce() -> String) {
        self.checked += 1;
        if !ok {
            self.items.push(describe());
        }
    }

    pub fn finish(self, what: &str) {
        assert!(self.checked > 0, "{what}: nothing was compared");
        if !self.items.is_empty() {
            let shown: Vec<&String> = self.items.iter().take(60).collect();
            panic!(
                "{what}: {} of {} comparisons differ from Flink:\n{}",
                self.items.len(),
                self.checked,
                shown
                    .iter()
                    .map(|s| format!("- {s}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

/// Runs the real binary in `dir` without colour or CI annotations: (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("flinkmem")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
