//! The lint rules: one file per rule (`fmNNN_kebab_name.rs`) holding its [`RuleMeta`] and a pure
//! `check` function, and [`RULES`], the registry, sorted by code.
//!
//! A rule reads the [`crate::rule_contract::Context`] (the file as parsed, the loader's events, the effective
//! configuration, and the calculator's results) and pushes [`crate::rule_contract::Finding`]s. It does no I/O and never
//! re-derives memory. Its documentation is `rules/FMnnn.md`, embedded through `include_str!`
//! and printed by `flinkmem explain`. Codes are permanent: never reused or renumbered.

mod budget_support;
mod fix_support;
mod key_history;
mod legacy_lines;
mod manifest_support;
mod state_backend;

mod fm001_yaml_syntax_error;
mod fm002_line_ignored;
mod fm003_comment_truncates_value;
mod fm004_duplicate_key;
mod fm005_nested_yaml_in_legacy_file;
mod fm006_quoted_value_in_legacy_file;
mod fm007_empty_value;
mod fm008_overlapping_key_prefix;
mod fm009_config_file_not_read;
mod fm010_unused_suppression;
mod fm011_invalid_suppression;
mod fm101_unknown_key;
mod fm102_deprecated_key;
mod fm103_key_has_no_effect;
mod fm104_key_overridden_by_alias;
mod fm201_invalid_memory_size;
mod fm202_memory_size_without_unit;
mod fm203_invalid_value;
mod fm204_fraction_out_of_range;
mod fm301_memory_config_rejected;
mod fm302_no_memory_size_configured;
mod fm303_redundant_memory_totals;
mod fm304_fraction_and_size_conflict;
mod fm305_min_above_max;
mod fm306_value_clamped;
mod fm307_undersized_bounds;
mod fm308_network_max_default_changed;
mod fm401_small_segment_size;
mod fm402_low_buffers_per_channel;
mod fm403_low_floating_buffers;
mod fm404_insufficient_network_buffers;
mod fm501_managed_memory_unused;
mod fm502_rocksdb_without_managed_memory;
mod fm600_manifest_not_understood;
mod fm601_resource_memory_overrides_configuration;
mod fm602_ambiguous_memory_quantity;
mod fm603_resource_memory_rejected;
mod fm604_job_parallelism_ignored;
mod fm605_flink_version_mismatch;
mod fm606_pod_template_memory_ignored;
mod fm607_forbidden_configuration_key;
mod fm608_operator_overlapping_key_prefix;

pub use crate::rule_contract::{Category, Check, Registry, Rule, RuleMeta};

macro_rules! rule {
    ($module:ident) => {
        Rule {
            meta: &$module::META,
            check: $module::check,
        }
    };
}

/// Every rule, sorted by code (a test keeps it sorted and in step with `rules/`).
pub static RULES: &[Rule] = &[
    rule!(fm001_yaml_syntax_error),
    rule!(fm002_line_ignored),
    rule!(fm003_comment_truncates_value),
    rule!(fm004_duplicate_key),
    rule!(fm005_nested_yaml_in_legacy_file),
    rule!(fm006_quoted_value_in_legacy_file),
    rule!(fm007_empty_value),
    rule!(fm008_overlapping_key_prefix),
    rule!(fm009_config_file_not_read),
    rule!(fm010_unused_suppression),
    rule!(fm011_invalid_suppression),
    rule!(fm101_unknown_key),
    rule!(fm102_deprecated_key),
    rule!(fm103_key_has_no_effect),
    rule!(fm104_key_overridden_by_alias),
    rule!(fm201_invalid_memory_size),
    rule!(fm202_memory_size_without_unit),
    rule!(fm203_invalid_value),
    rule!(fm204_fraction_out_of_range),
    rule!(fm301_memory_config_rejected),
    rule!(fm302_no_memory_size_configured),
    rule!(fm303_redundant_memory_totals),
    rule!(fm304_fraction_and_size_conflict),
    rule!(fm305_min_above_max),
    rule!(fm306_value_clamped),
    rule!(fm307_undersized_bounds),
    rule!(fm308_network_max_default_changed),
    rule!(fm401_small_segment_size),
    rule!(fm402_low_buffers_per_channel),
    rule!(fm403_low_floating_buffers),
    rule!(fm404_insufficient_network_buffers),
    rule!(fm501_managed_memory_unused),
    rule!(fm502_rocksdb_without_managed_memory),
    rule!(fm600_manifest_not_understood),
    rule!(fm601_resource_memory_overrides_configuration),
    rule!(fm602_ambiguous_memory_quantity),
    rule!(fm603_resource_memory_rejected),
    rule!(fm604_job_parallelism_ignored),
    rule!(fm605_flink_version_mismatch),
    rule!(fm606_pod_template_memory_ignored),
    rule!(fm607_forbidden_configuration_key),
    rule!(fm608_operator_overlapping_key_prefix),
];

/// The registry the CLI hands the lint engine.
pub static REGISTRY: Registry = Registry {
    rules: RULES,
    unused_suppression: &fm010_unused_suppression::META,
    invalid_suppression: &fm011_invalid_suppression::META,
    manifest_not_understood: &fm600_manifest_not_understood::META,
};

/// The rule with this code (`FM101`, any case) or name (`unknown-key`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    REGISTRY.find(code_or_name)
}

/// The code or name closest to an unknown one, for "did you mean".
pub fn suggest(unknown: &str) -> Option<&'static str> {
    REGISTRY.suggest(unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_unique_and_well_formed() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].meta.code < pair[1].meta.code,
                "{}",
                pair[1].meta.code
            );
        }
        for rule in RULES {
            let meta = rule.meta;
            assert!(
                meta.code.starts_with("FM") && meta.code.len() == 5,
                "{}",
                meta.code
            );
            assert!(
                meta.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                meta.name
            );
            assert!(!meta.summary().is_empty(), "{} has no summary", meta.code);
        }
    }

    #[test]
    fn finds_by_code_or_name_and_suggests() {
        assert_eq!(find("fm101").map(|r| r.meta.name), Some("unknown-key"));
        assert_eq!(find("unknown-key").map(|r| r.meta.code), Some("FM101"));
        assert!(find("FM999").is_none());
        assert_eq!(suggest("FM1O1"), Some("FM101"));
        assert_eq!(suggest("unknown-keys"), Some("unknown-key"));
    }
}
