//! The *github* lint report: GitHub Actions workflow commands (`::error file=...::message`),
//! which the Actions runner turns into annotations on the pull request. Most severe first,
//! because GitHub shows only the first 10 of each kind per step.

use std::fmt::Write as _;

use crate::lint::{LintRun, Severity};

/// Escapes a message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (the message escapes plus `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(run: &LintRun) -> String {
    let mut findings: Vec<_> = run.findings().collect();
    // Stable: file order and position are kept within one severity.
    findings.sort_by_key(|(_, f)| std::cmp::Reverse(f.severity));
    let mut out = String::new();
    for (file, finding) in findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let at = file.region(finding.span);
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
            escape_property(&file.display_path()),
            at.line,
            at.end_line,
            at.column,
            at.end_column,
            escape_property(&format!("{} {}", finding.code(), finding.rule.name)),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
