//! Telling a Flink configuration from any other `config.yaml`: a file is one when at least one of
//! its keys is a Flink cluster option (or a known misspelling of one) in some supported version.
//! A `flink-conf.yaml` always is.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::catalog::{self, KeyKind, invented_key};
use crate::config::{ConfigFile, Dialect};
use crate::version::FlinkVersion;

/// The first segments of every cluster option key of every version (`taskmanager`, `state`).
fn roots() -> &'static HashSet<String> {
    static ROOTS: OnceLock<HashSet<String>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        FlinkVersion::ALL
            .iter()
            .flat_map(|v| catalog::catalog(*v).options())
            .filter(|o| o.is_cluster_option() && !o.key.starts_with('$'))
            .filter_map(|o| o.key.split('.').next())
            .map(str::to_owned)
            .collect()
    })
}

/// Whether `key` is a cluster option, an alternative key or a placeholder match in `version`.
fn known_in(version: FlinkVersion, key: &str) -> bool {
    match catalog::catalog(version).classify(key) {
        KeyKind::Option(o) | KeyKind::Alternative { option: o, .. } | KeyKind::Pattern(o) => {
            o.is_cluster_option()
        }
        KeyKind::MapEntry(_) => true,
        KeyKind::PassThrough(_) | KeyKind::Unknown => false,
    }
}

/// Whether a parsed file is a Flink configuration (checked first against `version`).
pub fn is_flink_config(file: &ConfigFile, version: FlinkVersion) -> bool {
    if file.dialect == Dialect::Legacy {
        return true;
    }
    let keys: Vec<&str> = file.parsed.entries.iter().map(|e| e.key.as_str()).collect();
    if keys.is_empty() {
        // Nothing parsed (a YAML syntax error early on): look at what the lines start with.
        return file.source.lines().any(|line| {
            let text = file.source.slice(line);
            let token = text
                .split(':')
                .next()
                .unwrap_or("")
                .trim_end()
                .trim_matches(['"', '\'']);
            !text.starts_with([' ', '\t', '#'])
                && !token.is_empty()
                && (roots().contains(token.split('.').next().unwrap_or(""))
                    && (!token.contains('.') || known_anywhere(token)))
        });
    }
    keys.iter().any(|k| known_in(version, k))
        || keys
            .iter()
            .any(|k| invented_key(k).is_some() || known_anywhere(k))
}

fn known_anywhere(key: &str) -> bool {
    FlinkVersion::ALL.iter().any(|v| known_in(*v, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SourceFile;

    fn standard(text: &str) -> bool {
        let file = ConfigFile::parse(
            SourceFile::new("config.yaml", text.to_owned()),
            Dialect::Standard,
        );
        is_flink_config(&file, FlinkVersion::LATEST)
    }

    #[test]
    fn recognises_flink_files_and_skips_others() {
        assert!(standard("taskmanager:\n  numberOfTaskSlots: 4\n"));
        assert!(standard("taskmanager.memory.network.size: 1g\n"));
        assert!(standard("taskmanager.heap.size: 1g\n"));
        assert!(standard("taskmanager:\n  memory: [broken\n"));
        assert!(!standard("name: build\non: push\njobs: {}\n"));
        assert!(!standard("type: kafka\npath: /tmp\n"));
        assert!(!standard(""));
        assert!(!standard("services:\n  web: [broken\n"));
    }
}
