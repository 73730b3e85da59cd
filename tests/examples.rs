//! The examples in `examples/` are realistic configurations and end-to-end fixtures: linted as
//! `flinkmem lint examples/` lints them (each with its `.flinkmem.toml`), together they show
//! every rule family, and their findings are snapshotted.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use flinkmem::lint::{LintOptions, lint};
use flinkmem::rules::{Category, RULES};

#[test]
fn examples_show_every_rule_family() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let run = lint(&LintOptions {
        paths: vec![root.join("examples")],
        ..LintOptions::new(&flinkmem::rules::REGISTRY)
    });
    let prefix = format!("{}/", root.display());
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    assert!(run.files.len() >= 5, "{} files", run.files.len());
    let mut families = BTreeSet::new();
    let mut out = String::new();
    for (file, finding) in run.findings() {
        families.insert(finding.rule.category.as_str());
        let at = file.region(finding.span);
        let _ = writeln!(
            out,
            "{}:{}:{} (Flink {}) {}[{}]",
            file.display_path().trim_start_matches(&prefix),
            at.line,
            at.column,
            file.version,
            finding.severity,
            finding.code()
        );
    }
    let wanted: BTreeSet<&str> = RULES
        .iter()
        .map(|r| r.meta.category)
        .filter(|c| *c != Category::Suppression)
        .map(Category::as_str)
        .collect();
    assert_eq!(families, wanted);
    insta::assert_snapshot!(out);
}
