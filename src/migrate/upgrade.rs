//! What becomes of a 1.x key in a 2.x `config.yaml`: kept, renamed to its successor (with
//! the value converted where the unit changed), or dropped because the target version has no
//! such option.
//!
//! Successors come from the catalogs (a deprecated or fallback key of the source version whose
//! option still exists in the target) and from the legacy heap options Flink 1.x maps onto the
//! memory model (`MemoryBackwardsCompatibilityUtils`, removed in 2.0): `taskmanager.heap.size`
//! and `.mb` onto `taskmanager.memory.flink.size`, `jobmanager.heap.size` and `.mb` onto
//! `jobmanager.memory.heap.size`.

use crate::catalog::{Catalog, KeyKind};

/// The fate of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Keep,
    /// Written under `key` with `value` instead.
    Rename {
        key: String,
        value: String,
        why: String,
    },
    /// Left out (kept in the file as a comment).
    Drop {
        why: String,
    },
}

/// Decides the fate of `key` (value `value`) moving from `source` to `target`; `is_set` says
/// whether a key is written in the file (a successor already written wins, as it did in 1.x).
pub fn fate(
    key: &str,
    value: &str,
    source: &Catalog,
    target: &Catalog,
    is_set: &dyn Fn(&str) -> bool,
) -> Fate {
    if source.version() == target.version() || target.classify(key).is_known() {
        return Fate::Keep;
    }
    let to = target.version();
    if let Some(&(_, successor, mebibytes)) = crate::calc::HEAP_SUCCESSORS
        .iter()
        .find(|(k, ..)| *k == key)
    {
        if is_set(successor) {
            return Fate::Drop {
                why: format!("{successor} is set, which 1.x reads instead"),
            };
        }
        // `taskmanager.heap.size` shadows `.mb` in 1.x.
        if mebibytes && is_set(&key.replace(".mb", ".size")) {
            return Fate::Drop {
                why: format!(
                    "{} is set, which 1.x reads instead",
                    key.replace(".mb", ".size")
                ),
            };
        }
        let converted = if mebibytes {
            match value.trim().parse::<i32>() {
                Ok(n) => format!("{n}m"),
                Err(_) => {
                    return Fate::Drop {
                        why: format!("'{value}' is not a number of MiB; Flink 1.x refuses it"),
                    };
                }
            }
        } else {
            value.to_owned()
        };
        return Fate::Rename {
            key: successor.to_owned(),
            value: converted,
            why: format!("Flink {to} no longer maps {key} onto the memory model"),
        };
    }
    match source.classify(key) {
        KeyKind::Alternative { option, .. } if target.option(&option.key).is_some() => {
            if is_set(&option.key) {
                Fate::Drop {
                    why: format!("{} is set, which Flink reads instead", option.key),
                }
            } else {
                Fate::Rename {
                    key: option.key.to_string(),
                    value: value.to_owned(),
                    why: format!("Flink {to} removed the old key"),
                }
            }
        }
        KeyKind::Unknown | KeyKind::PassThrough(_) => Fate::Keep,
        _ => Fate::Drop {
            why: format!("Flink {to} has no such option; it would be ignored"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::version::FlinkVersion;

    fn fate_of(key: &str, value: &str, set: &[&str]) -> Fate {
        fate(
            key,
            value,
            catalog(FlinkVersion::V1_20),
            catalog(FlinkVersion::V2_0),
            &|k| set.contains(&k),
        )
    }

    #[test]
    fn options_the_target_knows_are_kept() {
        assert_eq!(
            fate_of("taskmanager.memory.process.size", "2g", &[]),
            Fate::Keep
        );
        assert_eq!(fate_of("my.own.key", "x", &[]), Fate::Keep);
    }

    #[test]
    fn legacy_heap_keys_move_to_what_1x_mapped_them_onto() {
        assert_eq!(
            fate_of("taskmanager.heap.mb", "1024", &[]),
            Fate::Rename {
                key: "taskmanager.memory.flink.size".into(),
                value: "1024m".into(),
                why: "Flink 2.0 no longer maps taskmanager.heap.mb onto the memory model".into(),
            }
        );
        assert!(matches!(
            fate_of(
                "jobmanager.heap.size",
                "1g",
                &["jobmanager.memory.heap.size"]
            ),
            Fate::Drop { .. }
        ));
    }
}
