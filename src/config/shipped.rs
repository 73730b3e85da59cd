//! Flink's shipped default configuration, embedded: what `flinkmem calc` reads without a file.
//!
//! Facts, checked against the `conf/` directory of every supported release (the
//! `apache-flink` packages of the Python package index carry the distribution's `conf/`;
//! Flink's source is `flink-dist/src/main/resources/flink-conf.yaml` up to 1.18 and
//! `config.yaml` from 1.19): the memory-relevant keys are the same in 1.13 to 2.3:
//!
//! | key | value |
//! |---|---|
//! | `jobmanager.memory.process.size` | `1600m` |
//! | `taskmanager.memory.process.size` | `1728m` |
//! | `taskmanager.numberOfTaskSlots` | `1` |
//! | `parallelism.default` | `1` |
//!
//! 1.13 to 1.18 ship them as a flat `flink-conf.yaml`; 1.19 and later ship a nested
//! `config.yaml` (and 1.19/1.20 read it because no `flink-conf.yaml` is present). The embedded
//! files hold only these keys (the shipped files also set host names, ports, JVM options and the
//! failover strategy, none of which affects memory).

use std::path::PathBuf;

use super::Dialect;
use super::load::ConfigFile;
use super::source::SourceFile;
use crate::version::FlinkVersion;

const LEGACY_TEXT: &str = include_str!("shipped/flink-conf.yaml");
const STANDARD_TEXT: &str = include_str!("shipped/config.yaml");

/// The dialect of the configuration file `version` ships.
pub fn shipped_dialect(version: FlinkVersion) -> Dialect {
    if version >= FlinkVersion::V1_19 {
        Dialect::Standard
    } else {
        Dialect::Legacy
    }
}

/// The path the shipped file has inside a distribution, e.g. `flink-2.3/conf/config.yaml`.
pub fn shipped_path(version: FlinkVersion) -> PathBuf {
    PathBuf::from(format!(
        "flink-{version}/conf/{}",
        shipped_dialect(version).file_name()
    ))
}

/// Flink's shipped default configuration of `version` (its memory-relevant keys), parsed.
pub fn shipped_default(version: FlinkVersion) -> ConfigFile {
    let dialect = shipped_dialect(version);
    let text = match dialect {
        Dialect::Legacy => LEGACY_TEXT,
        Dialect::Standard => STANDARD_TEXT,
    };
    ConfigFile::parse(
        SourceFile::new(shipped_path(version), text.to_owned()),
        dialect,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_hold_the_same_four_keys() {
        for version in FlinkVersion::ALL {
            let file = shipped_default(version);
            assert!(file.parsed.rejection.is_none(), "{version}");
            assert!(file.parsed.events.is_empty(), "{version}");
            let mut pairs: Vec<(String, String)> = file
                .parsed
                .entries
                .iter()
                .map(|e| (e.key.clone(), e.value.java_string().into_owned()))
                .collect();
            pairs.sort();
            assert_eq!(
                pairs,
                [
                    ("jobmanager.memory.process.size", "1600m"),
                    ("parallelism.default", "1"),
                    ("taskmanager.memory.process.size", "1728m"),
                    ("taskmanager.numberOfTaskSlots", "1"),
                ]
                .map(|(k, v)| (k.to_owned(), v.to_owned())),
                "{version}"
            );
        }
        assert_eq!(
            shipped_path(FlinkVersion::V1_18),
            PathBuf::from("flink-1.18/conf/flink-conf.yaml")
        );
        assert_eq!(
            shipped_path(FlinkVersion::V1_19),
            PathBuf::from("flink-1.19/conf/config.yaml")
        );
    }
}
