//! `flinkmem calc --format json`, run as a user runs it, against what Flink's own
//! `BashJavaUtils` printed (`tests/golden/memory/`): for a sample of golden cases (every 17th,
//! one release line each, rotating), the case is written into a conf dir and passed with its
//! `-D` pairs; the JSON's two lines and error message must equal Flink's byte for byte, and every
//! number in the JSON must equal the one in Flink's JVM flags and dynamic configs.

mod common;

use std::collections::HashMap;

use assert_cmd::Command;
use common::{golden_path, read_jsonl, version_file};
use flinkmem::FlinkVersion;
use serde_json::Value;

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// `-D k=v -D k2=v2` → map; `-Xmx1 -Xms1 -XX:MaxDirectMemorySize=2` → map of flag → number.
fn pairs(line: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for token in line.split(' ') {
        if let Some((key, value)) = token.split_once('=') {
            map.insert(key.to_owned(), value.to_owned());
        } else if let Some(value) = token.strip_prefix("-Xmx") {
            map.insert("-Xmx".to_owned(), value.to_owned());
        }
    }
    map
}

fn bytes(map: &HashMap<String, String>, key: &str) -> Value {
    let value = map.get(key).map_or("", String::as_str);
    let number: u64 = value
        .trim_end_matches('b')
        .parse()
        .unwrap_or_else(|_| panic!("{key}={value}"));
    Value::from(number)
}

/// Checks the JSON numbers of a process against Flink's two lines; returns mismatches.
fn numbers(process: &str, json: &Value, golden: &Value) -> Vec<String> {
    let flags = pairs(text(golden, "jvm_params"));
    let dynamic = pairs(text(golden, "dynamic_configs"));
    let mut expected: Vec<(&str, Value)> = vec![
        ("jvm_heap", bytes(&flags, "-Xmx")),
        ("jvm_metaspace", bytes(&flags, "-XX:MaxMetaspaceSize")),
    ];
    if process == "taskmanager" {
        let tm = |k: &str| bytes(&dynamic, &format!("taskmanager.memory.{k}"));
        expected.extend([
            ("jvm_direct", bytes(&flags, "-XX:MaxDirectMemorySize")),
            ("framework_heap", tm("framework.heap.size")),
            ("task_heap", tm("task.heap.size")),
            ("framework_off_heap", tm("framework.off-heap.size")),
            ("task_off_heap", tm("task.off-heap.size")),
            ("managed", tm("managed.size")),
            ("network", tm("network.min")),
            ("jvm_overhead", tm("jvm-overhead.min")),
            ("slots", bytes(&dynamic, "taskmanager.numberOfTaskSlots")),
        ]);
    } else {
        let jm = |k: &str| bytes(&dynamic, &format!("jobmanager.memory.{k}"));
        expected.extend([
            ("off_heap", jm("off-heap.size")),
            ("jvm_overhead", jm("jvm-overhead.min")),
        ]);
    }
    expected
        .into_iter()
        .filter(|(field, value)| json[*field] != *value)
        .map(|(field, value)| format!("{field}: json {} != flink {value}", json[field]))
        .collect()
}

#[test]
fn calc_json_equals_flinks_own_numbers_for_a_sample_of_golden_cases() {
    let cases = read_jsonl(&golden_path(&["memory", "cases.jsonl"]));
    let goldens: Vec<(FlinkVersion, HashMap<String, Value>)> = FlinkVersion::ALL
        .iter()
        .filter_map(|&v| {
            let path = version_file("memory", v);
            path.exists().then(|| {
                let by_id = read_jsonl(&path)
                    .into_iter()
                    .map(|g| (text(&g, "id").to_owned(), g))
                    .collect();
                (v, by_id)
            })
        })
        .collect();
    let (mut compared, mut rejections) = (0, 0);
    let mut mismatches = Vec::new();
    for (index, case) in cases.iter().enumerate().step_by(17) {
        let id = text(case, "id");
        let readers: Vec<&(FlinkVersion, HashMap<String, Value>)> =
            goldens.iter().filter(|(_, g)| g.contains_key(id)).collect();
        let Some((version, by_id)) = readers.get(index % readers.len().max(1)) else {
            continue;
        };
        let overrides: Vec<(String, String)> = case["dynamic"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| {
                        let part = |i: usize| p[i].as_str().unwrap_or_default().to_owned();
                        (part(0), part(1))
                    })
                    .collect()
            })
            .unwrap_or_default();
        // `--set` trims like Flink's own `-D` parsing only for keys; skip values it would alter.
        if overrides
            .iter()
            .any(|(k, v)| k.trim() != k || v.trim() != v || k.is_empty())
        {
            continue;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(text(case, "file")), text(case, "text")).expect("write");
        let mut command = Command::cargo_bin("flinkmem").expect("binary");
        command.arg("calc").arg(dir.path()).args([
            "--flink-version",
            &version.to_string(),
            "--format",
            "json",
        ]);
        for (key, value) in &overrides {
            command.args(["--set", &format!("{key}={value}")]);
        }
        let output = command.output().expect("run");
        let report: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{id} @ {version}: {e}"));
        let golden = &by_id[id];
        let mut rejected = false;
        for process in ["taskmanager", "jobmanager"] {
            compared += 1;
            let (json, flink) = (&report[process], &golden[process]);
            let problems = if let Some(error) = flink.get("error") {
                rejected = true;
                rejections += 1;
                if json["error"]["message"] == error["message"] {
                    Vec::new()
                } else {
                    vec![format!(
                        "message: {} != {}",
                        json["error"]["message"], error["message"]
                    )]
                }
            } else {
                let mut problems = numbers(process, json, flink);
                for line in ["jvm_params", "dynamic_configs"] {
                    if json[line] != flink[line] {
                        problems.push(format!("{line}: {} != {}", json[line], flink[line]));
                    }
                }
                problems
            };
            if !problems.is_empty() {
                mismatches.push(format!("{id} @ {version} {process}: {problems:?}"));
            }
        }
        let expected_code = i32::from(rejected);
        if output.status.code() != Some(expected_code) {
            mismatches.push(format!("{id} @ {version}: exit {:?}", output.status.code()));
        }
    }
    assert!(
        compared >= 80 && rejections >= 10 && compared - rejections >= 40,
        "only {compared} comparisons, {rejections} of them rejections"
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Every golden case in every version it is read by, through the whole calculator (remedies
/// included) and every format: nothing panics, JSON always serialises, and every rejection Flink
/// reports is reported.
#[test]
fn every_golden_case_renders_in_every_format() {
    use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
    use flinkmem::render::calc::{json, markdown, text};
    use flinkmem::sizing::{Calculation, Source};

    let cases: HashMap<String, Value> = read_jsonl(&golden_path(&["memory", "cases.jsonl"]))
        .into_iter()
        .map(|c| (text(&c, "id").to_owned(), c))
        .collect();
    let mut rendered = 0;
    for version in FlinkVersion::ALL {
        let path = version_file("memory", version);
        if !path.exists() {
            continue;
        }
        for golden in read_jsonl(&path) {
            let case = &cases[text(&golden, "id")];
            let name = text(case, "file");
            let dialect = if name == "flink-conf.yaml" {
                Dialect::Legacy
            } else {
                Dialect::Standard
            };
            let file = ConfigFile::parse(
                SourceFile::new(name, text(case, "text").to_owned()),
                dialect,
            );
            let overrides: Vec<(String, String)> = case["dynamic"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            let part = |i: usize| p[i].as_str().unwrap_or_default().to_owned();
                            (part(0), part(1))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let config = Config::new(version, Some(file), &overrides);
            let calculation = Calculation::run(config, Source::File(name.into()));
            let report = serde_json::to_value(json::report(&calculation)).expect("json");
            for process in ["taskmanager", "jobmanager"] {
                assert_eq!(
                    report[process].get("error").is_some(),
                    golden[process].get("error").is_some(),
                    "{} @ {version} {process}",
                    text(&golden, "id")
                );
            }
            let _ = text::render(&calculation, text::TextOptions { color: true });
            let _ = markdown::render(&calculation);
            rendered += 1;
        }
    }
    assert!(rendered > 5000, "{rendered}");
}
