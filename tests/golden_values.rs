//! Value parsing, printing and arithmetic against Flink itself (`tests/golden/values/`):
//! `MemorySize.parse`, `toString`, `toHumanReadableString`, `multiply`, the option-type
//! converters, and the sensitive-key test, for every version.

mod common;

use common::{Mismatches, read_jsonl, version_file};
use flinkmem::config::{ConfigFile, Dialect, SourceFile, Value};
use flinkmem::units::Fraction;
use flinkmem::{FlinkVersion, MemorySize, java};
use serde_json::Value as Json;

/// The innermost message of a golden error (the converters' own message).
fn inner_message(error: &Json) -> String {
    error["causes"]
        .as_array()
        .and_then(|c| c.last())
        .unwrap_or(error)["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The value Flink stores for `raw`: a string, or what `config.yaml` makes of `key: raw`.
fn stored(raw: &str, yaml: bool) -> Option<Value> {
    if !yaml {
        return Some(Value::string(raw));
    }
    let file = ConfigFile::parse(
        SourceFile::new("config.yaml", format!("k: {raw}\n")),
        Dialect::Standard,
    );
    file.parsed.entries.into_iter().next().map(|e| e.value)
}

fn convert(ty: &str, value: &Value, version: FlinkVersion) -> Option<Result<String, String>> {
    Some(match ty {
        "Integer" => value.to_int().map(|v| v.to_string()),
        "Long" => value.to_long().map(|v| v.to_string()),
        "Float" => value.to_float().map(java::float_to_string),
        "Double" => value.to_double().map(java::double_to_string),
        "Boolean" => value.to_bool().map(|v| v.to_string()),
        "MemorySize" => value.to_memory_size().map(|v| v.bytes().to_string()),
        "Duration" => value.to_duration(version).map(|d| d.nanos().to_string()),
        _ => return None, // maps and lists: not interpreted by flinkmem
    })
}

#[test]
fn values_match_flink_for_every_version() {
    let mut mismatches = Mismatches::default();
    for version in FlinkVersion::ALL {
        let catalog = flinkmem::catalog::catalog(version);
        for line in read_jsonl(&version_file("values", version)) {
            let input = &line["input"];
            let text = input.as_str().unwrap_or_default();
            match line["op"].as_str().unwrap_or_default() {
                "memory-parse" => {
                    let ours = MemorySize::parse(text)
                        .map(MemorySize::bytes)
                        .map_err(|e| e.to_string());
                    let expected = match line.get("error") {
                        Some(e) => Err(e["message"].as_str().unwrap_or_default().to_owned()),
                        None => Ok(line["bytes"].as_u64().unwrap_or(u64::MAX)),
                    };
                    mismatches.check(ours == expected, || {
                        format!("{version} parse {text:?}: {expected:?} vs {ours:?}")
                    });
                }
                "memory-format" => {
                    // Negative byte counts cannot be built in Flink either (it throws).
                    let Ok(bytes) = text.parse::<u64>() else {
                        mismatches.check(line.get("error").is_some(), || {
                            format!("{version} format {text}")
                        });
                        continue;
                    };
                    let size = MemorySize::from_bytes(bytes);
                    let ours = (size.to_string(), size.to_human_readable());
                    let expected = (
                        line["to_string"].as_str().unwrap_or_default().to_owned(),
                        line["human"].as_str().unwrap_or_default().to_owned(),
                    );
                    mismatches.check(ours == expected, || {
                        format!("{version} format {text}: {expected:?} vs {ours:?}")
                    });
                }
                "multiply" => {
                    let Ok(bytes) = input["bytes"].as_str().unwrap_or_default().parse::<u64>()
                    else {
                        mismatches.check(line.get("error").is_some(), || {
                            format!("{version} multiply {input}")
                        });
                        continue;
                    };
                    let Some(f) = java::parse_float(input["fraction"].as_str().unwrap_or_default())
                    else {
                        continue;
                    };
                    let mut fraction = Fraction::from_float(f);
                    if input["inverse"].as_bool() == Some(true) {
                        fraction = fraction.inverse();
                    }
                    if let Some(double) = line["double"].as_str() {
                        mismatches.check(fraction.to_string() == double, || {
                            format!("{version} {input}: double {double} vs {fraction}")
                        });
                    }
                    let ours = MemorySize::from_bytes(bytes)
                        .multiply(&fraction)
                        .ok()
                        .map(MemorySize::bytes);
                    let expected = line["bytes"].as_u64();
                    mismatches.check(ours == expected, || {
                        format!("{version} multiply {input}: {expected:?} vs {ours:?}")
                    });
                }
                "convert" => {
                    if line.get("skipped").is_some() {
                        continue;
                    }
                    let ty = input["type"].as_str().unwrap_or_default();
                    let raw = input["raw"].as_str().unwrap_or_default();
                    let yaml = input["source"] == "yaml";
                    let Some(value) = stored(raw, yaml) else {
                        mismatches
                            .check(false, || format!("{version} convert {input}: not loaded"));
                        continue;
                    };
                    let Some(ours) = convert(ty, &value, version) else {
                        continue;
                    };
                    let expected = match line.get("error") {
                        Some(e) => Err(inner_message(e)),
                        None => Ok(line["value"].as_str().unwrap_or_default().to_owned()),
                    };
                    mismatches.check(ours == expected, || {
                        format!("{version} convert {input}: {expected:?} vs {ours:?}")
                    });
                }
                "sensitive" => {
                    let expected = line["sensitive"].as_bool().unwrap_or(false);
                    let lower = text.to_lowercase();
                    let ours = catalog
                        .sensitive_key_parts()
                        .iter()
                        .any(|p| lower.contains(p.as_str()));
                    mismatches.check(ours == expected, || {
                        format!("{version} sensitive {text:?}: {expected} vs {ours}")
                    });
                    // flinkmem masks with the union of every version's list: never less.
                    mismatches.check(
                        !expected || flinkmem::config::sensitive::is_sensitive(text),
                        || format!("{text:?} must be masked"),
                    );
                }
                _ => {}
            }
        }
    }
    mismatches.finish("values golden");
}
