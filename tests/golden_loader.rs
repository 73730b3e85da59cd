//! The loader against Flink itself: every case of `tests/golden/loader/` read by our parsers
//! must give the key-value map `GlobalConfiguration.loadConfiguration` gave (or be rejected
//! where Flink rejected it), in every version that reads that file.

mod common;

use std::collections::BTreeMap;

use common::{Mismatches, golden_path, read_jsonl, version_file};
use flinkmem::FlinkVersion;
use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile, ValueKind};

#[test]
fn loader_matches_flink_for_every_case_and_version() {
    let cases = read_jsonl(&golden_path(&["loader", "cases.jsonl"]));
    let mut mismatches = Mismatches::default();
    for version in FlinkVersion::ALL {
        for result in read_jsonl(&version_file("loader", version)) {
            let id = result["id"].as_str().unwrap_or_default();
            let case = cases.iter().find(|c| c["id"] == id).expect("case exists");
            let name = case["file"].as_str().unwrap_or_default();
            let dialect = if name == "flink-conf.yaml" {
                Dialect::Legacy
            } else {
                Dialect::Standard
            };
            let text = case["text"].as_str().unwrap_or_default().to_owned();
            let file = ConfigFile::parse(SourceFile::new(name, text), dialect);
            let rejected = file.parsed.rejection.clone();
            let config = Config::new(version, Some(file), &[]);
            let ours: BTreeMap<String, String> = config
                .effective_entries()
                .iter()
                .map(|e| (e.key.clone(), e.value.text.clone()))
                .collect();
            if let Some(error) = result.get("error") {
                mismatches.check(rejected.is_some(), || {
                    format!(
                        "{version} {id}: Flink rejects ({}), we accept {ours:?}",
                        error["message"]
                    )
                });
                continue;
            }
            mismatches.check(rejected.is_none(), || {
                format!("{version} {id}: Flink accepts, we reject: {rejected:?}")
            });
            let expected: BTreeMap<String, String> = result["entries"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|kv| {
                    (
                        kv[0].as_str().unwrap_or_default().to_owned(),
                        kv[1].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            mismatches.check(ours == expected, || {
                format!("{version} {id}: expected {expected:?}, got {ours:?}")
            });
            for pair in result
                .get("types")
                .and_then(|t| t.as_array())
                .into_iter()
                .flatten()
            {
                let key = pair[0].as_str().unwrap_or_default();
                let java_type = pair[1].as_str().unwrap_or_default();
                let kind = config.get(key).map(|e| e.value.kind);
                let consistent = match kind {
                    Some(ValueKind::String) => java_type == "String",
                    Some(ValueKind::Integer) => {
                        ["Integer", "Long", "BigInteger"].contains(&java_type)
                    }
                    Some(ValueKind::Double(_)) => java_type == "Double",
                    Some(ValueKind::Boolean) => java_type == "Boolean",
                    Some(ValueKind::Other) => ![
                        "String",
                        "Integer",
                        "Long",
                        "BigInteger",
                        "Double",
                        "Boolean",
                    ]
                    .contains(&java_type),
                    None => false,
                };
                mismatches.check(consistent, || {
                    format!("{version} {id}: {key} is {java_type} in Flink, {kind:?} here")
                });
            }
        }
    }
    mismatches.finish("loader golden");
}
