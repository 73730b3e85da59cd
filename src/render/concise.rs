//! The *concise* lint report: one `path:line:col: severity[CODE] message` line per finding, the
//! form editors and `grep` understand.

use crate::lint::{LintRun, LintedFile};

pub fn render(run: &LintRun) -> String {
    let mut out = Vec::new();
    let _ = write(run, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report line by line, so that a run of thousands of files never holds it whole.
pub fn write(run: &LintRun, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    run.files.iter().try_for_each(|file| write_file(file, out))
}

/// Writes the lines of one file's findings (as a streamed run delivers it).
pub fn write_file(file: &LintedFile, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if file.findings.is_empty() {
        return Ok(());
    }
    let path = file.display_path();
    for finding in &file.findings {
        let at = file.region(finding.span);
        writeln!(
            out,
            "{path}:{}:{}: {}[{}] {}",
            at.line,
            at.column,
            finding.severity,
            finding.code(),
            finding.message
        )?;
    }
    Ok(())
}
