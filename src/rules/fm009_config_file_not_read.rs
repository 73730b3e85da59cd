//! FM009 `config-file-not-read`: a file the target Flink version does not read at all.

use super::{Category, RuleMeta};
use crate::config::{Dialect, Span};
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM009",
    name: "config-file-not-read",
    category: Category::File,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM009.md"),
};

/// `GlobalConfiguration.loadConfiguration`: up to 1.18 only `flink-conf.yaml` is read; 1.19 and
/// 1.20 read `flink-conf.yaml` when it exists and `config.yaml` only otherwise; 2.x reads only
/// `config.yaml`.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let version = cx.version();
    let (message, help) = match cx.dialect() {
        Dialect::Legacy if !version.reads_legacy_file() => (
            format!("Flink {version} does not read flink-conf.yaml: this whole file is ignored"),
            "move the settings to config.yaml (Flink 1.19 and 1.20 ship \
             bin/migrate-config-file.sh to convert it)"
                .to_owned(),
        ),
        Dialect::Standard if !version.reads_standard_file() => (
            format!("Flink {version} reads only flink-conf.yaml: this config.yaml is ignored"),
            "put the settings in flink-conf.yaml, or check --flink-version / flink-version in \
             .flinkmem.toml"
                .to_owned(),
        ),
        Dialect::Standard if version.reads_legacy_file() && cx.env.legacy_sibling => (
            format!(
                "a flink-conf.yaml sits next to this config.yaml: Flink {version} reads that \
                 one and ignores this file"
            ),
            "delete (or rename) the flink-conf.yaml once its settings are in this file".to_owned(),
        ),
        _ => return,
    };
    out.push(
        Finding::new(&META, Span::new(0, 0), message)
            .primary("this file")
            .help(help),
    );
}
