//! The memory derivation against Flink itself: every case of `tests/golden/memory/cases.jsonl`
//! for every version whose `flink-<version>.jsonl` is present, `TaskManager` and `JobManager`.
//!
//! The golden files hold what Flink's own `BashJavaUtils` (`GET_TM_RESOURCE_PARAMS`,
//! `GET_JM_RESOURCE_PARAMS`) returned on the real jars: the JVM flags and dynamic-config
//! lines on success, the exception class, message and cause chain on failure. Every mismatch
//! is collected and reported before the test fails.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

mod common;

use common::{golden_path, read_jsonl};

use flinkmem::FlinkVersion;
use flinkmem::calc::{self, CalcError};
use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
use serde_json::Value as Json;

fn golden_dir() -> PathBuf {
    golden_path(&["memory"])
}

fn str_of<'a>(value: &'a Json, key: &str) -> &'a str {
    value.get(key).and_then(Json::as_str).unwrap_or_default()
}

/// The configuration Flink's `BashJavaUtils` builds for a case: the file in its dialect, then
/// the `-D` pairs.
fn config_of(case: &Json, version: FlinkVersion) -> Config {
    let name = str_of(case, "file");
    let dialect = if name == "flink-conf.yaml" {
        Dialect::Legacy
    } else {
        Dialect::Standard
    };
    let file = ConfigFile::parse(
        SourceFile::new(name, str_of(case, "text").to_owned()),
        dialect,
    );
    let overrides: Vec<(String, String)> = case["dynamic"]
        .as_array()
        .map(|pairs| {
            pairs
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or_default().to_owned(),
                        p[1].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Config::new(version, Some(file), &overrides)
}

/// A process's outcome in the golden form: either the two lines or the exception chain.
#[derive(Debug, PartialEq)]
enum Outcome {
    Lines {
        jvm_params: String,
        dynamic_configs: String,
    },
    Error {
        class: String,
        message: String,
        causes: Vec<(String, String)>,
    },
}

fn expected(golden: &Json) -> Outcome {
    if let Some(error) = golden.get("error") {
        let causes = error["causes"]
            .as_array()
            .map(|cs| {
                cs.iter()
                    .map(|c| {
                        (
                            str_of(c, "class").to_owned(),
                            str_of(c, "message").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        return Outcome::Error {
            class: str_of(error, "class").to_owned(),
            message: str_of(error, "message").to_owned(),
            causes,
        };
    }
    if let Some(lines) = golden.get("lines") {
        // Never produced by 1.13+; kept visible should the harness record it.
        return Outcome::Lines {
            jvm_params: lines.to_string(),
            dynamic_configs: String::new(),
        };
    }
    Outcome::Lines {
        jvm_params: str_of(golden, "jvm_params").to_owned(),
        dynamic_configs: str_of(golden, "dynamic_configs").to_owned(),
    }
}

fn error_outcome(error: &CalcError) -> Outcome {
    Outcome::Error {
        class: error.class().to_owned(),
        message: error.message().to_owned(),
        causes: error
            .causes
            .iter()
            .map(|c| (c.class.clone(), c.message.clone()))
            .collect(),
    }
}

fn actual(config: &Config, taskmanager: bool) -> Outcome {
    let lines = |jvm_params: String, dynamic_configs: String| Outcome::Lines {
        jvm_params,
        dynamic_configs,
    };
    if taskmanager {
        match calc::taskmanager(config) {
            Ok(b) => lines(b.jvm_params(), b.dynamic_configs()),
            Err(e) => error_outcome(&e),
        }
    } else {
        match calc::jobmanager(config) {
            Ok(b) => lines(b.jvm_params(), b.dynamic_configs()),
            Err(e) => error_outcome(&e),
        }
    }
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Lines {
            jvm_params,
            dynamic_configs,
        } => format!("ok\n        jvm: {jvm_params}\n        dyn: {dynamic_configs}"),
        Outcome::Error {
            class,
            message,
            causes,
        } => {
            let mut s = format!("error {class}: {message:?}");
            for (c, m) in causes {
                let _ = write!(s, "\n        caused by {c}: {m:?}");
            }
            s
        }
    }
}

#[test]
fn memory_budgets_match_flink_for_every_case_and_version() {
    let dir = golden_dir();
    let cases: HashMap<String, Json> = read_jsonl(&dir.join("cases.jsonl"))
        .into_iter()
        .map(|c| (str_of(&c, "id").to_owned(), c))
        .collect();
    let mut compared = 0usize;
    let mut versions = 0usize;
    let mut mismatches: Vec<String> = Vec::new();
    for version in FlinkVersion::ALL {
        let path = dir.join(format!("flink-{version}.jsonl"));
        if !path.exists() {
            continue;
        }
        versions += 1;
        for golden in read_jsonl(&path) {
            let id = str_of(&golden, "id");
            let Some(case) = cases.get(id) else {
                mismatches.push(format!("{version} {id}: no such case in cases.jsonl"));
                continue;
            };
            let config = config_of(case, version);
            for (process, taskmanager) in [("taskmanager", true), ("jobmanager", false)] {
                compared += 1;
                let want = expected(&golden[process]);
                let got = actual(&config, taskmanager);
                if want != got {
                    mismatches.push(format!(
                        "{id} @ {version} {process}\n    expected {}\n    actual   {}",
                        describe(&want),
                        describe(&got)
                    ));
                }
            }
        }
    }
    assert!(
        versions > 0 && compared > 0,
        "no golden memory files found in {}",
        dir.display()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {compared} comparisons ({} cases, {versions} versions) differ from Flink:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}
