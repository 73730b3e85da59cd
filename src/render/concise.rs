//! The *concise* lint report: one `path:line:col: severity[CODE] message` line per finding, the
//! form editors and `grep` understand.

use crate::lint::LintRun;

pub fn render(run: &LintRun) -> String {
    let mut out = Vec::new();
    let _ = write(run, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report line by line, so that a run of thousands of files never holds it whole.
pub fn write(run: &LintRun, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for (file, finding) in run.findings() {
        let at = file.region(finding.span);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.display_path(),
            at.line,
            at.column,
            finding.severity,
            finding.code(),
            finding.message
        )?;
    }
    Ok(())
}
