//! What the Flink Kubernetes Operator does with a `FlinkDeployment` before Flink sees it: its
//! default configuration, then `spec.flinkConfiguration`, then the settings it derives from
//! the spec, then the keys its config-map decorator drops.
//!
//! Mirrors, for operator release 1.15 (the behaviour of 1.7 and later unless said otherwise):
//! `FlinkConfigManager.getDefaultConfig` (namespace and `flink-version` prefixed defaults),
//! `FlinkConfigBuilder.buildFrom` in its order (`applyFlinkConfiguration`, `applyImage`,
//! `applyImagePullPolicy`, `applyServiceAccount`, `applyJobManagerSpec`,
//! `applyTaskManagerSpec`, `applyJobOrSessionSpec`, `build`) and
//! `FlinkConfMountDecorator.getFlinkConfData` (the keys it removes).
//!
//! The parts follow the operator's own seams: [`defaults`] is the default configuration
//! (`getDefaultConfig`, the Helm chart's, `--operator-defaults`), [`spec`] reads the manifest's
//! fields and the problems in them, [`flink_configuration`] flattens `spec.flinkConfiguration`,
//! and [`config_builder`] applies it all in the builder's order.

pub mod config_builder;
pub mod defaults;
pub mod flink_configuration;
pub mod spec;
#[cfg(test)]
mod tests;

use crate::version::FlinkVersion;

/// `v1_18` as the operator's `FlinkVersion` enum names it.
pub fn operator_version(tag: &str) -> Option<FlinkVersion> {
    let (major, minor) = tag.strip_prefix('v')?.split_once('_')?;
    format!("{major}.{minor}").parse().ok()
}

fn operator_version_name(version: FlinkVersion) -> String {
    format!("v{}_{}", version.major(), version.minor())
}
