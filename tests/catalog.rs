//! The embedded option catalog: it is exactly the committed data, it knows the facts the
//! memory model relies on in each version, and the invented keys are in none of them.

use flinkmem::FlinkVersion;
use flinkmem::catalog::{self, KeyKind, OptionType, invented_keys};
use flinkmem::config::sensitive::SENSITIVE_KEY_PARTS;

#[test]
fn embedded_catalog_round_trips_to_the_committed_data() {
    for version in FlinkVersion::ALL {
        let path = format!(
            "{}/src/catalog/data/{version}.tsv",
            env!("CARGO_MANIFEST_DIR")
        );
        let committed = std::fs::read_to_string(&path).expect("data file");
        assert_eq!(
            catalog::raw_data(version),
            committed,
            "{path} differs from the embedded copy"
        );
        let parsed = catalog::catalog(version);
        assert_eq!(
            parsed.to_data(),
            committed,
            "parsing {version} loses information"
        );
        assert!(committed.starts_with(&format!("# flinkmem option catalog: Flink {version} (")));
        assert!(
            parsed.options().len() > 600,
            "{version}: only {} options",
            parsed.options().len()
        );
    }
}

#[test]
fn memory_options_have_their_version_specific_defaults() {
    for version in FlinkVersion::ALL {
        let c = catalog::catalog(version);
        let default = |key: &str| c.option(key).and_then(|o| o.default.clone());
        let expected_max = if version < FlinkVersion::V1_17 {
            "1 gb"
        } else {
            "9223372036854775807 bytes"
        };
        assert_eq!(
            default("taskmanager.memory.network.max").as_deref(),
            Some(expected_max),
            "{version}"
        );
        assert_eq!(
            default("taskmanager.memory.network.min").as_deref(),
            Some("64 mb")
        );
        assert_eq!(
            default("taskmanager.memory.jvm-metaspace.size").as_deref(),
            Some("256 mb")
        );
        assert_eq!(
            default("taskmanager.memory.managed.fraction").as_deref(),
            Some("0.4")
        );
        assert_eq!(default("taskmanager.memory.process.size"), None);
        let network_min = c
            .option("taskmanager.memory.network.min")
            .expect("network min");
        assert_eq!(network_min.ty, OptionType::MemorySize);
        assert_eq!(
            network_min.alternatives[0].key,
            "taskmanager.network.memory.min"
        );
        assert!(network_min.alternatives[0].deprecated);
        let managed = c
            .option("taskmanager.memory.managed.size")
            .expect("managed size");
        assert!(
            managed
                .alternatives
                .iter()
                .any(|a| a.key == "taskmanager.memory.size")
        );
        assert_eq!(
            c.option("taskmanager.network.memory.buffers-per-channel")
                .is_some(),
            !version.is_2x(),
            "{version}: buffers-per-channel exists up to 1.20"
        );
        for key in [
            "table.exec.state.ttl",
            "state.backend.rocksdb.memory.managed",
            "parallelism.default",
        ] {
            assert!(c.option(key).is_some(), "{version}: {key}");
        }
    }
}

#[test]
fn invented_keys_are_unknown_in_every_version() {
    for version in FlinkVersion::ALL {
        let c = catalog::catalog(version);
        for invented in invented_keys() {
            assert_eq!(
                c.classify(invented.key),
                KeyKind::Unknown,
                "{version}: {}",
                invented.key
            );
            for instead in invented.instead {
                assert!(
                    FlinkVersion::ALL
                        .iter()
                        .any(|v| catalog::catalog(*v).classify(instead).is_known()),
                    "{} suggests {instead}, which no version knows",
                    invented.key
                );
            }
        }
    }
}

#[test]
fn placeholder_map_and_pass_through_keys_are_known() {
    let c = catalog::catalog(FlinkVersion::V1_20);
    assert!(matches!(
        c.classify("metrics.reporter.prom.factory.class"),
        KeyKind::Pattern(_)
    ));
    assert!(matches!(
        c.classify("external-resource.gpu.amount"),
        KeyKind::Pattern(_)
    ));
    assert!(matches!(
        c.classify("taskmanager.memory.managed.consumer-weights.OPERATOR"),
        KeyKind::MapEntry(_)
    ));
    assert!(matches!(
        c.classify("fs.s3a.access.key"),
        KeyKind::PassThrough(_)
    ));
    assert!(matches!(
        c.classify("taskmanager.network.memory.min"),
        KeyKind::Alternative {
            deprecated: true,
            ..
        }
    ));
    assert_eq!(
        c.classify("taskmanager.memory.procss.size"),
        KeyKind::Unknown
    );
    assert_eq!(
        c.similar_keys("taskmanager.memory.procss.size", 1),
        ["taskmanager.memory.process.size"]
    );
}

#[test]
fn masking_covers_every_versions_sensitive_keys() {
    for version in FlinkVersion::ALL {
        for part in catalog::catalog(version).sensitive_key_parts() {
            assert!(
                SENSITIVE_KEY_PARTS.contains(&part.as_str()),
                "{version}: {part} is not masked"
            );
        }
    }
}
