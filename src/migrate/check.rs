//! The proof of a migration: the legacy file read as the source version and the written
//! `config.yaml` read as the target version must give every option the same value, and both
//! memory budgets must come out byte for byte the same.
//!
//! Values are compared as Flink converts them for the option's type (a `MemorySize` by its
//! bytes, a `Duration` by its nanoseconds, ...); strings and keys no catalog knows by their
//! exact text. A List or Map string that standard YAML would read as a collection (Flink's
//! `ConfigurationUtils.convertToList` / `convertToProperties` try YAML first, then the legacy
//! `;`/`,` splitting) counts as changed.

use std::collections::HashMap;

use crate::calc;
use crate::catalog::{KeyKind, OptionType};
use crate::config::{Config, Entry, Origin, Value};
use crate::version::FlinkVersion;

/// One thing that reads differently after the migration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// The key (in the source file), or `TaskManager memory` / `JobManager memory`.
    pub key: String,
    /// What the source version reads.
    pub source: String,
    /// What the target version reads from the written file.
    pub target: String,
    pub why: String,
}

/// How a source key was carried over.
#[derive(Debug, Clone)]
pub enum Carried {
    /// Written under its successor `key`, as `value` (converted where the unit changed); the
    /// memory budgets prove the conversion.
    Renamed { key: String, value: String },
    /// Not written, for this reason.
    Dropped(String),
}

/// The option type `key` has in `config`'s version, if the catalog knows it.
pub(super) fn option_type(config: &Config, key: &str) -> Option<OptionType> {
    match config.catalog().classify(key) {
        KeyKind::Option(o) | KeyKind::Alternative { option: o, .. } | KeyKind::Pattern(o) => {
            Some(o.ty.clone())
        }
        _ => None,
    }
}

/// Whether Flink's standard-YAML converters would read this string as a YAML collection
/// rather than fall back to the legacy splitting.
fn reads_as_yaml_collection(text: &str) -> bool {
    let t = text.trim();
    t.starts_with(['[', '{']) || t == "-" || t.starts_with("- ") || t.contains(": ")
}

/// The value as the option type converts it, for comparison.
pub(super) fn converted(value: &Value, ty: Option<&OptionType>, version: FlinkVersion) -> String {
    let show = |r: Result<String, String>| r.unwrap_or_else(|e| format!("error: {e}"));
    match ty {
        Some(OptionType::MemorySize) => show(
            value
                .to_memory_size()
                .map(|m| format!("{} bytes", m.bytes())),
        ),
        Some(OptionType::Integer) => show(value.to_int().map(|v| v.to_string())),
        Some(OptionType::Long) => show(value.to_long().map(|v| v.to_string())),
        Some(OptionType::Float) => show(value.to_float().map(crate::java::float_to_string)),
        Some(OptionType::Double) => show(value.to_double().map(crate::java::double_to_string)),
        Some(OptionType::Boolean) => show(value.to_bool().map(|v| v.to_string())),
        Some(OptionType::Duration) => show(
            value
                .to_duration(version)
                .map(|d| format!("{} ns", d.nanos())),
        ),
        _ => value.java_string().into_owned(),
    }
}

fn shown(value: &str, key: &str) -> String {
    crate::config::sensitive::display_value(key, value).into_owned()
}

/// Compares `source` (the legacy file, source version) with `target` (the written file,
/// target version). `carried` says where each source key went.
pub fn compare(
    source: &Config,
    target: &Config,
    carried: &HashMap<String, Carried, impl std::hash::BuildHasher>,
) -> Vec<Difference> {
    let mut differences = Vec::new();
    let mut expected_keys = std::collections::HashSet::new();
    for entry in source.effective_entries() {
        if entry.origin != Origin::File {
            continue;
        }
        let key = entry.key.as_str();
        let mut renamed_value = None;
        let written = match carried.get(key) {
            Some(Carried::Dropped(why)) => {
                differences.push(Difference {
                    key: key.to_owned(),
                    source: shown(&entry.value.text, key),
                    target: "(not written)".to_owned(),
                    why: why.clone(),
                });
                continue;
            }
            Some(Carried::Renamed { key, value }) => {
                renamed_value = Some(Value::string(value.clone()));
                key.as_str()
            }
            None => key,
        };
        expected_keys.insert(written.to_owned());
        let Some(other) = target.get(written) else {
            differences.push(Difference {
                key: key.to_owned(),
                source: shown(&entry.value.text, key),
                target: "(missing)".to_owned(),
                why: "the written file does not set it".to_owned(),
            });
            continue;
        };
        let carried_entry = renamed_value.map(|value| Entry {
            value,
            ..other.clone()
        });
        let (from, from_config) = match &carried_entry {
            Some(e) => (e, target),
            None => (entry, source),
        };
        if let Some(d) = compare_values(from_config, target, from, other) {
            differences.push(d);
        }
    }
    for entry in target.effective_entries() {
        if !expected_keys.contains(&entry.key) {
            differences.push(Difference {
                key: entry.key.clone(),
                source: "(not set)".to_owned(),
                target: shown(&entry.value.text, &entry.key),
                why: "the written file sets a key the source does not".to_owned(),
            });
        }
    }
    differences.extend(compare_budgets(source, target));
    differences
}

fn compare_values(
    source: &Config,
    target: &Config,
    entry: &Entry,
    other: &Entry,
) -> Option<Difference> {
    let ty = option_type(source, &entry.key).or_else(|| option_type(target, &other.key));
    let a = converted(&entry.value, ty.as_ref(), source.version());
    let b = converted(&other.value, ty.as_ref(), target.version());
    let collection = matches!(ty, Some(OptionType::List(_) | OptionType::Map))
        && other.value.kind == crate::config::ValueKind::String
        && reads_as_yaml_collection(&other.value.text);
    if a == b && !collection {
        return None;
    }
    let why = if collection {
        "standard YAML reads this list or map string as a YAML collection".to_owned()
    } else {
        "the value converts differently".to_owned()
    };
    Some(Difference {
        key: entry.key.clone(),
        source: shown(&a, &entry.key),
        target: shown(&b, &entry.key),
        why,
    })
}

/// A budget as the two lines `BashJavaUtils` prints, or Flink's message.
pub fn taskmanager_lines(config: &Config) -> Result<String, String> {
    calc::taskmanager(config)
        .map(|b| format!("{} {}", b.jvm_params(), b.dynamic_configs()))
        .map_err(|e| format!("error: {e}"))
}

pub fn jobmanager_lines(config: &Config) -> Result<String, String> {
    calc::jobmanager(config)
        .map(|b| format!("{} {}", b.jvm_params(), b.dynamic_configs()))
        .map_err(|e| format!("error: {e}"))
}

fn compare_budgets(source: &Config, target: &Config) -> Vec<Difference> {
    let mut differences = Vec::new();
    for (name, lines) in [
        (
            "TaskManager memory",
            taskmanager_lines as fn(&Config) -> Result<String, String>,
        ),
        ("JobManager memory", jobmanager_lines),
    ] {
        // A budget Flink refuses before and after is not the migration's doing (the versions
        // word some messages differently); FM301 reports it.
        let (a, b) = match (lines(source), lines(target)) {
            (Err(_), Err(_)) => continue,
            (a, b) => (a.unwrap_or_else(|e| e), b.unwrap_or_else(|e| e)),
        };
        if a != b {
            differences.push(Difference {
                key: name.to_owned(),
                source: a,
                target: b,
                why: format!(
                    "Flink {} derives another budget than Flink {}",
                    target.version(),
                    source.version()
                ),
            });
        }
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_like_strings_are_recognised() {
        for t in ["[a, b]", "{a: 1}", "- a", "a: 1"] {
            assert!(reads_as_yaml_collection(t), "{t}");
        }
        for t in ["a;b", "a:1,b:2", "-Dx=y"] {
            assert!(!reads_as_yaml_collection(t), "{t}");
        }
    }
}
