//! What to change so that Flink accepts a configuration it rejects, each change checked with
//! the forward calculation.
//!
//! The [`Failure`] of a rejection names the check and its operands with their provenance; from
//! it follows which key moves the limit (a configured size, or the process size a remainder
//! came from) and which keys bound a range. Candidates that the forward calculation does not
//! accept are dropped, so every remedy returned is known to work on its own.

use serde::Serialize;

use super::candidate::{configured_size, size_text, variant, with_value};
use super::search::{LIMIT_MEBIBYTES, smallest};
use crate::calc::{self, Addend, CalcError, Component, Failure, Process, Provenance};
use crate::config::Config;
use crate::units::MemorySize;

/// One change that makes Flink accept the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Remedy {
    /// Set `key` to `value`. `smallest` when `value` is the smallest whole MiB that works (one
    /// MiB less is still rejected).
    Set {
        key: String,
        value: String,
        smallest: bool,
    },
    /// Remove `key` and let Flink derive what it set.
    Remove { key: String },
}

impl Remedy {
    pub fn key(&self) -> &str {
        match self {
            Self::Set { key, .. } | Self::Remove { key } => key,
        }
    }
}

/// Whether Flink derives `process` from `config`.
pub fn derives(config: &Config, process: Process) -> bool {
    match process {
        Process::TaskManager => calc::taskmanager(config).is_ok(),
        Process::JobManager => calc::jobmanager(config).is_ok(),
    }
}

/// The changes that each make Flink accept `config` for the process `error` is about.
pub fn remedies(config: &Config, error: &CalcError) -> Vec<Remedy> {
    let process = error.process;
    let mut found = Vec::new();
    match &*error.failure {
        Failure::NotConfigured => {
            let (key, value) = match process {
                Process::TaskManager => (process.total_process_key(), "1728m"),
                Process::JobManager => (process.total_process_key(), "1600m"),
            };
            found.push(set(key, value.to_owned()));
        }
        Failure::Exceeds {
            limit,
            exact: false,
            ..
        } => {
            if let Some((key, current)) = limit_key(config, process, limit) {
                found.extend(raise(config, process, &key, current));
                found.push(Remedy::Remove { key });
            }
        }
        Failure::OutOfRange { derived, min, max } => {
            found.extend(out_of_range(config, process, derived, min, max));
        }
        Failure::FractionRange {
            min_above_max: true,
            min,
            max,
            ..
        } => {
            if let Some(key) = option_key(max) {
                found.push(set(&key, size_text(min.bytes)));
            }
            if let Some(key) = option_key(min) {
                found.push(set(&key, size_text(max.bytes)));
            }
        }
        Failure::FractionRange { key, .. } => {
            if let Some(default) = config.default_text(key) {
                found.push(set(key, default.to_owned()));
            }
        }
        Failure::CpuCores { from_slots, .. } => {
            found.push(if *from_slots {
                set("taskmanager.numberOfTaskSlots", "1".to_owned())
            } else {
                Remedy::Remove {
                    key: "taskmanager.cpu.cores".to_owned(),
                }
            });
        }
        Failure::NegativeLegacyHeap { value, .. } => found.push(Remedy::Remove {
            key: value.key.clone(),
        }),
        _ => {}
    }
    let mut seen = Vec::new();
    found
        .into_iter()
        .filter(|remedy| {
            let fresh = !seen.contains(remedy);
            seen.push(remedy.clone());
            fresh && works(config, process, remedy)
        })
        .collect()
}

fn set(key: &str, value: String) -> Remedy {
    Remedy::Set {
        key: key.to_owned(),
        value,
        smallest: false,
    }
}

fn works(config: &Config, process: Process, remedy: &Remedy) -> bool {
    let changed = match remedy {
        Remedy::Set { key, value, .. } => with_value(config, key, value.clone()),
        Remedy::Remove { key } => variant(config, &[], &[key.as_str()]),
    };
    derives(&changed, process)
}

/// The option a min/max component came from.
fn option_key(component: &Component) -> Option<String> {
    match &component.provenance {
        Provenance::Configured { key, .. } | Provenance::Default { key } => Some(key.clone()),
        _ => None,
    }
}

/// The key that sets a limit, and the limit's current size: the configured size itself, the
/// process size a remainder was taken from, or the new key a legacy key was mapped onto.
fn limit_key(config: &Config, process: Process, limit: &Addend) -> Option<(String, MemorySize)> {
    match &limit.component.provenance {
        Provenance::Configured { key, .. } => Some((key.clone(), limit.component.bytes)),
        Provenance::Remainder {
            of: "total process memory",
        } => {
            let key = process.total_process_key();
            configured_size(config, key).map(|current| (key.to_owned(), current))
        }
        Provenance::Legacy { .. } if limit.name == "Total Flink Memory" => {
            Some((process.total_flink_key().to_owned(), limit.component.bytes))
        }
        _ => None,
    }
}

/// The smallest whole-MiB value above `current` for `key` at which Flink derives `process`.
fn raise(config: &Config, process: Process, key: &str, current: MemorySize) -> Option<Remedy> {
    let accepts =
        |mebibytes: u64| derives(&with_value(config, key, format!("{mebibytes}m")), process);
    let from = current.mebibytes().saturating_add(1);
    let found = smallest(from, LIMIT_MEBIBYTES, accepts)?;
    Some(Remedy::Set {
        key: key.to_owned(),
        value: format!("{found}m"),
        smallest: found == 0 || !accepts(found - 1),
    })
}

/// A remainder (network or JVM overhead) outside its `[min, max]` range.
fn out_of_range(
    config: &Config,
    process: Process,
    derived: &Addend,
    min: &Component,
    max: &Component,
) -> Vec<Remedy> {
    let mut found = Vec::new();
    let total_process = process.total_process_key();
    let limit = if derived.name == "Network Memory" && config.is_set(process.total_flink_key()) {
        process.total_flink_key()
    } else {
        total_process
    };
    if derived.component.bytes < min.bytes {
        if let Some(current) = configured_size(config, limit) {
            found.extend(raise(config, process, limit, current));
        }
        if let Some(key) = option_key(min) {
            let floor = MemorySize::from_mebibytes(derived.component.bytes.mebibytes());
            found.push(set(&key, size_text(floor)));
        }
    } else if let Some(key) = option_key(max) {
        let bytes = derived.component.bytes.bytes();
        let ceiling = bytes.div_ceil(1 << 20);
        found.push(set(&key, format!("{ceiling}m")));
    }
    if config.is_set(total_process) && config.is_set(process.total_flink_key()) {
        found.push(Remedy::Remove {
            key: total_process.to_owned(),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Dialect, SourceFile};
    use crate::version::FlinkVersion;

    fn config(text: &str, version: FlinkVersion) -> Config {
        let file = ConfigFile::parse(
            SourceFile::new("config.yaml", text.to_owned()),
            Dialect::Standard,
        );
        Config::new(version, Some(file), &[])
    }

    fn remedies_of(text: &str, version: FlinkVersion, process: Process) -> Vec<Remedy> {
        let config = config(text, version);
        let error = match process {
            Process::TaskManager => calc::taskmanager(&config).err(),
            Process::JobManager => calc::jobmanager(&config).err(),
        };
        remedies(&config, &error.expect("rejected"))
    }

    #[test]
    fn e9_too_small_process_is_raised_to_the_smallest_accepted_size() {
        let found = remedies_of(
            "taskmanager.memory.process.size: 900m\n",
            FlinkVersion::V2_3,
            Process::TaskManager,
        );
        let Some(Remedy::Set {
            key,
            value,
            smallest: true,
        }) = found.first()
        else {
            panic!("{found:?}");
        };
        assert_eq!(key, "taskmanager.memory.process.size");
        let mebibytes: u64 = value.trim_end_matches('m').parse().unwrap();
        let at = |n: u64| {
            derives(
                &with_value(
                    &config(
                        "taskmanager.memory.process.size: 900m\n",
                        FlinkVersion::V2_3,
                    ),
                    key,
                    format!("{n}m"),
                ),
                Process::TaskManager,
            )
        };
        assert!(at(mebibytes) && !at(mebibytes - 1), "{value}");
        assert_eq!(found.len(), 1, "removing the only size is no remedy");
    }

    #[test]
    fn e16_legacy_jobmanager_heap_can_raise_or_drop_the_process_size() {
        let found = remedies_of(
            "jobmanager.memory.process.size: 1600m\njobmanager.heap.size: 2g\n",
            FlinkVersion::V1_20,
            Process::JobManager,
        );
        assert_eq!(
            found,
            [
                Remedy::Set {
                    key: "jobmanager.memory.process.size".to_owned(),
                    // 2g heap + 128m off-heap + 256m metaspace + 192m minimum overhead.
                    value: "2624m".to_owned(),
                    smallest: true
                },
                Remedy::Remove {
                    key: "jobmanager.memory.process.size".to_owned()
                }
            ]
        );
    }

    #[test]
    fn a_fraction_out_of_range_goes_back_to_its_default() {
        let found = remedies_of(
            "taskmanager.memory.process.size: 2g\ntaskmanager.memory.managed.fraction: 1.2\n",
            FlinkVersion::V1_19,
            Process::TaskManager,
        );
        assert_eq!(
            found,
            [set("taskmanager.memory.managed.fraction", "0.4".to_owned())]
        );
    }

    #[test]
    fn nothing_configured_gets_the_shipped_size() {
        let found = remedies_of(
            "parallelism.default: 1\n",
            FlinkVersion::V2_0,
            Process::JobManager,
        );
        assert_eq!(
            found,
            [set("jobmanager.memory.process.size", "1600m".to_owned())]
        );
    }

    #[test]
    fn overhead_above_its_max_raises_the_max_or_drops_a_size() {
        let found = remedies_of(
            "taskmanager.memory.process.size: 3000m\ntaskmanager.memory.flink.size: 1280m\n",
            FlinkVersion::V1_20,
            Process::TaskManager,
        );
        assert_eq!(
            found,
            [
                set("taskmanager.memory.jvm-overhead.max", "1464m".to_owned()),
                Remedy::Remove {
                    key: "taskmanager.memory.process.size".to_owned()
                }
            ]
        );
    }
}
