//! The *concise* lint report: one `path:line:col: severity[CODE] message` line per finding, the
//! form editors and `grep` understand.

use std::fmt::Write as _;

use crate::lint::LintRun;

pub fn render(run: &LintRun) -> String {
    let mut out = String::new();
    for (file, finding) in run.findings() {
        let at = file.region(finding.span);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.display_path(),
            at.line,
            at.column,
            finding.severity,
            finding.code(),
            finding.message
        );
    }
    out
}
