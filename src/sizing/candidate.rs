//! What-if configurations: a [`Config`] with more overrides after its own, or with keys taken
//! out, as a person would edit the file or add `-D` arguments.

use std::sync::Arc;

use crate::config::{Config, ConfigFile, Origin};
use crate::units::MemorySize;

/// The command-line overrides `config` was built with, in order.
pub fn overrides_of(config: &Config) -> Vec<(String, String)> {
    config
        .all_entries()
        .filter(|e| matches!(e.origin, Origin::CommandLine { .. }))
        .map(|e| (e.key.clone(), e.value.text.clone()))
        .collect()
}

/// `config` without `removed` (in the file and on the command line), then `extra` overrides
/// after its own.
pub fn variant(config: &Config, extra: &[(String, String)], removed: &[&str]) -> Config {
    // The file is shared unless a key must go out of it.
    let file = config.shared_file().map(|shared| {
        if shared
            .parsed
            .entries
            .iter()
            .any(|e| removed.contains(&e.key.as_str()))
        {
            let mut file = ConfigFile::clone(&shared);
            file.parsed
                .entries
                .retain(|e| !removed.contains(&e.key.as_str()));
            Arc::new(file)
        } else {
            shared
        }
    });
    let mut overrides: Vec<(String, String)> = overrides_of(config)
        .into_iter()
        .filter(|(key, _)| !removed.contains(&key.as_str()))
        .collect();
    overrides.extend(extra.iter().cloned());
    Config::sharing(config.version(), file, &overrides)
}

/// `config` with `key` set to `value` on top.
pub fn with_value(config: &Config, key: &str, value: String) -> Config {
    variant(config, &[(key.to_owned(), value)], &[])
}

/// A size as a person writes it: `957m` when it is whole MiB, else `<bytes>b`.
pub fn size_text(size: MemorySize) -> String {
    let bytes = size.bytes();
    if bytes != 0 && bytes.is_multiple_of(1 << 20) {
        format!("{}m", bytes >> 20)
    } else {
        format!("{bytes}b")
    }
}

/// The size `key` has in `config`, when it is set to a readable size.
pub fn configured_size(config: &Config, key: &str) -> Option<MemorySize> {
    config
        .resolve(key)
        .and_then(|r| r.entry.value.to_memory_size().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Dialect, SourceFile};
    use crate::version::FlinkVersion;

    fn config() -> Config {
        let file = ConfigFile::parse(
            SourceFile::new(
                "flink-conf.yaml",
                "taskmanager.memory.process.size: 2g\ntaskmanager.memory.flink.size: 1g\n"
                    .to_owned(),
            ),
            Dialect::Legacy,
        );
        Config::new(
            FlinkVersion::V1_20,
            Some(file),
            &[("taskmanager.numberOfTaskSlots".to_owned(), "4".to_owned())],
        )
    }

    #[test]
    fn variants_keep_the_rest_and_drop_what_is_removed() {
        let base = config();
        let changed = variant(
            &base,
            &[(
                "taskmanager.memory.process.size".to_owned(),
                "3g".to_owned(),
            )],
            &["taskmanager.memory.flink.size"],
        );
        assert!(!changed.is_set("taskmanager.memory.flink.size"));
        assert_eq!(
            configured_size(&changed, "taskmanager.memory.process.size"),
            Some(MemorySize::from_mebibytes(3072))
        );
        assert_eq!(
            overrides_of(&changed),
            [
                ("taskmanager.numberOfTaskSlots".to_owned(), "4".to_owned()),
                (
                    "taskmanager.memory.process.size".to_owned(),
                    "3g".to_owned()
                )
            ]
        );
        assert!(base.is_set("taskmanager.memory.flink.size"));
    }

    #[test]
    fn sizes_print_in_whole_mebibytes_when_exact() {
        assert_eq!(size_text(MemorySize::from_mebibytes(957)), "957m");
        assert_eq!(size_text(MemorySize::from_bytes(1000)), "1000b");
        assert_eq!(size_text(MemorySize::ZERO), "0b");
    }
}
