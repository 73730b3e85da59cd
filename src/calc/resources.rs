//! The `TaskManager`'s non-memory resources: CPU cores, slots and external resources.
//!
//! Mirrors `TaskExecutorProcessUtils.getCpuCoresWithFallback` (cores, else the slot count; must
//! be positive), `getNumSlots`, and `ExternalResourceUtils.getExternalResourceAmountMap`
//! (names from `external-resources`, each with a positive `external-resource.<name>.amount`;
//! the literal `none` means no resources), with the `HashSet`/`HashMap` orders Flink iterates.

use super::budget::{CpuCores, ExternalResource, Note};
use super::error::{Failure, Thrown, class};
use super::read::Reader;
use crate::config::Dialect;
use crate::java;

pub(crate) const CPU_CORES: &str = "taskmanager.cpu.cores";
pub(crate) const SLOTS: &str = "taskmanager.numberOfTaskSlots";
const EXTERNAL_RESOURCES: &str = "external-resources";

/// `getCpuCoresWithFallback(config, -1)`.
pub(crate) fn cpu_cores(reader: &Reader<'_>) -> Result<CpuCores, Thrown> {
    let (value, from_slots) = if reader.contains(CPU_CORES) {
        (reader.double(CPU_CORES)?, false)
    } else {
        (f64::from(reader.int(SLOTS)?), true)
    };
    if value <= 0.0 {
        let message = format!(
            "TaskExecutors need to be started with a positive number of CPU cores. Please configure {CPU_CORES} accordingly."
        );
        return Err(Thrown::config(
            message,
            Failure::CpuCores {
                cores: value,
                from_slots,
            },
        ));
    }
    if !value.is_finite() {
        // `new CPUResource(value)` goes through `BigDecimal.valueOf(double)`.
        let first = java::double_to_string(value).chars().next().unwrap_or('N');
        let message = format!(
            "Character {first} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
        );
        return Err(Thrown::new(
            class::NUMBER_FORMAT,
            message,
            Failure::CpuCores {
                cores: value,
                from_slots,
            },
        ));
    }
    Ok(CpuCores { value, from_slots })
}

/// `getNumSlots`.
pub(crate) fn slots(reader: &Reader<'_>) -> Result<i32, Thrown> {
    reader.int(SLOTS)
}

/// `StructuredOptionsSplitter.splitEscaped(text, ';')`: quoted parts may contain `;`,
/// unquoted parts are trimmed, an empty part only between two delimiters.
fn split_list(text: &str) -> Vec<String> {
    #[derive(PartialEq)]
    enum Token {
        Text(String),
        Delimiter,
    }
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' || c == '"' {
            let mut part = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == c {
                    if chars.get(i + 1) == Some(&c) {
                        part.push(c);
                        i += 2;
                        continue;
                    }
                    break;
                }
                part.push(chars[i]);
                i += 1;
            }
            tokens.push(Token::Text(part));
            i += 1;
        } else if c == ';' {
            tokens.push(Token::Delimiter);
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && chars[i] != ';' {
                i += 1;
            }
            let part: String = chars[start..i].iter().collect();
            tokens.push(Token::Text(part.trim().to_owned()));
        }
    }
    let mut out = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        match token {
            Token::Text(t) => out.push(t.clone()),
            Token::Delimiter => {
                if tokens.get(n + 1) == Some(&Token::Delimiter) {
                    out.push(String::new());
                }
            }
        }
    }
    out
}

/// The elements of a list written in YAML flow style (`[a, b]`), as Flink stores a YAML list.
fn flow_list(text: &str) -> Option<Vec<String>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim().is_empty() {
        return Some(Vec::new());
    }
    Some(
        inner
            .split(", ")
            .map(|s| {
                let s = s.trim();
                s.strip_prefix('\'')
                    .and_then(|s| s.strip_suffix('\''))
                    .map_or_else(|| s.to_owned(), |q| q.replace("''", "'"))
            })
            .collect(),
    )
}

/// The configured resource names (`config.get(EXTERNAL_RESOURCE_LIST)`). With standard YAML a
/// YAML list (stored in its flow form) is read as a list, anything else is split at `;`.
fn resource_names(reader: &Reader<'_>) -> Vec<String> {
    let Some(entry) = reader.entry(EXTERNAL_RESOURCES) else {
        return Vec::new();
    };
    let text = entry.value.java_string();
    if text == "none" {
        return Vec::new();
    }
    let standard = reader.version().is_2x()
        || reader
            .config()
            .file()
            .is_some_and(|f| f.dialect == Dialect::Standard);
    if standard && let Some(list) = flow_list(&text) {
        return list;
    }
    split_list(&text)
}

/// `getExternalResourceAmountMap`, in the order of the spec's `HashMap` of resources.
pub(crate) fn external_resources(reader: &Reader<'_>) -> Result<Vec<ExternalResource>, Thrown> {
    let mut names: Vec<String> = Vec::new();
    for name in resource_names(reader) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut resources = Vec::new();
    for name in hash_ordered(&names) {
        let key = format!("external-resource.{name}.amount");
        match reader.long_literal(&key)? {
            Some(amount) if amount > 0 => resources.push(ExternalResource { name, amount }),
            _ => reader.note(Note::ExternalResourceIgnored { name }),
        }
    }
    let names: Vec<String> = resources.iter().map(|r| r.name.clone()).collect();
    let order = hash_ordered(&names);
    resources.sort_by_key(|r| order.iter().position(|n| *n == r.name));
    Ok(resources)
}

/// The iteration order of a `HashSet`/`HashMap` holding `names` (inserted in this order).
fn hash_ordered(names: &[String]) -> Vec<String> {
    let keys: Vec<&str> = names.iter().map(String::as_str).collect();
    java::hash_map_iteration_order(&keys)
        .into_iter()
        .map(|i| names[i].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_structured_options_splitter() {
        assert_eq!(split_list("gpu;fpga"), ["gpu", "fpga"]);
        assert_eq!(split_list(" gpu ; fpga "), ["gpu", "fpga"]);
        assert_eq!(split_list("'a;b';c"), ["a;b", "c"]);
        assert_eq!(split_list("a;;b"), ["a", "", "b"]);
        assert_eq!(
            flow_list("[gpu, fpga]"),
            Some(vec!["gpu".to_owned(), "fpga".to_owned()])
        );
    }
}
