//! In which supported Flink versions a key means something, for telling a misspelt key
//! (FM101) from one that was removed or added (FM103).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::catalog::{self, KeyKind};
use crate::version::FlinkVersion;

/// The versions in which `key` is a cluster option, an alternative key of one, or matches a
/// placeholder option. FM101 and FM103 ask for every unknown key of every file, and a tree of
/// configurations repeats the same few, so answers are remembered (up to a bound, so that a
/// file of a million distinct keys cannot grow the cache without limit).
pub(super) fn versions_knowing(key: &str) -> Vec<FlinkVersion> {
    const REMEMBERED: usize = 4096;
    static KNOWN: OnceLock<Mutex<HashMap<String, Vec<FlinkVersion>>>> = OnceLock::new();
    let cache = KNOWN.get_or_init(Mutex::default);
    if let Some(versions) = cache.lock().ok().and_then(|c| c.get(key).cloned()) {
        return versions;
    }
    let versions: Vec<FlinkVersion> = FlinkVersion::ALL
        .into_iter()
        .filter(|v| match catalog::catalog(*v).classify(key) {
            KeyKind::Option(o) | KeyKind::Alternative { option: o, .. } | KeyKind::Pattern(o) => {
                o.is_cluster_option()
            }
            KeyKind::MapEntry(_) | KeyKind::PassThrough(_) | KeyKind::Unknown => false,
        })
        .collect();
    if let Ok(mut c) = cache.lock()
        && c.len() < REMEMBERED
    {
        c.insert(key.to_owned(), versions.clone());
    }
    versions
}

/// Options removed in 2.0 whose value Flink hard-codes since (`NettyShuffleEnvironmentConfiguration`,
/// `NettyShuffleMaster` in 2.x), with that value.
pub(super) const HARD_CODED_IN_2X: &[(&str, &str)] = &[
    ("taskmanager.network.memory.buffers-per-channel", "2"),
    ("taskmanager.network.memory.floating-buffers-per-gate", "8"),
    ("taskmanager.network.memory.max-buffers-per-channel", "10"),
    (
        "taskmanager.network.memory.max-overdraft-buffers-per-gate",
        "20",
    ),
    ("taskmanager.network.sort-shuffle.min-parallelism", "1"),
];

/// A readable list of versions: `1.13 to 1.20`, `1.19, 1.20 and 2.3`.
pub(super) fn describe(versions: &[FlinkVersion]) -> String {
    let all = FlinkVersion::ALL;
    let contiguous = versions.windows(2).all(|w| {
        all.iter().position(|v| *v == w[1]) == all.iter().position(|v| *v == w[0]).map(|i| i + 1)
    });
    match versions {
        [] => String::new(),
        [only] => only.to_string(),
        [first, .., last] if contiguous => format!("{first} to {last}"),
        [init @ .., last] => format!(
            "{} and {last}",
            init.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_of_removed_and_added_keys() {
        let removed = versions_knowing("taskmanager.heap.size");
        assert_eq!(describe(&removed), "1.13 to 1.20");
        assert!(versions_knowing("taskmanager.memory.network.size").is_empty());
        assert_eq!(
            describe(&[FlinkVersion::V1_13, FlinkVersion::V2_0, FlinkVersion::V2_3]),
            "1.13, 2.0 and 2.3"
        );
    }
}
