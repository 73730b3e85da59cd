//! Which catalog options belong in a cluster configuration file.
//!
//! The catalog is generated from every `ConfigOption` in Flink's jars, so it also holds options
//! that Flink only reads from elsewhere: table connector and format options (`connector`,
//! `path`, `format`, `field-delimiter`, from a `CREATE TABLE ... WITH (...)` clause), SQL
//! lookup-join hint options (`async`, `timeout`), catalog options (`type`) and the per-operator
//! `StreamConfig` keys (`chainIndex`). Written at the top level of `flink-conf.yaml` or
//! `config.yaml` they do nothing, so the lint rules treat them as unknown there. `$internal.*`
//! keys stay cluster options: Flink sets them itself, but it also reads them from the file.

use super::OptionDef;

/// Declaring classes (prefixes of the fully qualified name) whose options are read from a
/// table's `WITH` clause, a SQL hint or an operator's own configuration, never from the cluster
/// configuration.
const NON_CLUSTER_CLASSES: &[&str] = &[
    "org.apache.flink.connector.",
    "org.apache.flink.formats.",
    "org.apache.flink.table.factories.",
    "org.apache.flink.table.formats.",
    "org.apache.flink.table.filesystem.",
    "org.apache.flink.table.sinks.",
    "org.apache.flink.table.catalog.",
    "org.apache.flink.table.connector.",
    "org.apache.flink.table.utils.python.PythonDynamicTableOptions",
    "org.apache.flink.table.runtime.arrow.sources.",
    "org.apache.flink.table.api.config.LookupJoinHintOptions",
    "org.apache.flink.table.planner.hint.",
    "org.apache.flink.table.api.config.MLPredictRuntimeConfigOptions",
    "org.apache.flink.streaming.api.graph.StreamConfig",
];

/// Key prefixes that are cluster options even when declared by one of the classes above:
/// the SQL gateway's endpoint and workflow scheduler, and the catalog store.
const CLUSTER_KEY_PREFIXES: &[&str] = &["sql-gateway.", "workflow-scheduler.", "table."];

impl OptionDef {
    /// Whether Flink reads this option from a cluster configuration file.
    pub fn is_cluster_option(&self) -> bool {
        let declared_elsewhere = NON_CLUSTER_CLASSES
            .iter()
            .any(|class| self.class.starts_with(class));
        !declared_elsewhere
            || CLUSTER_KEY_PREFIXES
                .iter()
                .any(|prefix| self.key.starts_with(prefix))
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::catalog;
    use crate::version::FlinkVersion;

    fn is_cluster(version: FlinkVersion, key: &str) -> bool {
        catalog(version)
            .option(key)
            .is_some_and(super::OptionDef::is_cluster_option)
    }

    #[test]
    fn connector_format_and_hint_options_are_not_cluster_options() {
        for version in FlinkVersion::ALL {
            for key in ["connector", "format", "path", "type", "chainIndex", "async"] {
                assert!(!is_cluster(version, key), "{version} {key}");
            }
        }
        let v = FlinkVersion::V2_3;
        assert!(is_cluster(v, "taskmanager.memory.process.size"));
        assert!(is_cluster(v, "table.catalog-store.kind"));
        assert!(is_cluster(v, "sql-gateway.endpoint.type"));
        assert!(is_cluster(v, "$internal.pipeline.job-id"));
        assert!(is_cluster(v, "parallelism.default"));
    }
}
