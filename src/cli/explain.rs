//! `flinkmem explain CODE`: a rule's documentation.

use clap::Args;

use super::{ExitStatus, Output};
use crate::rules;

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule code (FM101) or name (unknown-key)
    #[arg(value_name = "CODE")]
    code: String,
}

pub(crate) fn run(args: &ExplainArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    if let Some(rule) = rules::find(&args.code) {
        write!(output.out, "{}", rule.meta.doc)?;
        if let Some(url) = rule.meta.url() {
            writeln!(output.out, "\n{url}")?;
        }
        return Ok(ExitStatus::Success);
    }
    write!(output.err, "error: unknown rule '{}'", args.code)?;
    match rules::suggest(&args.code) {
        Some(suggestion) => writeln!(output.err, "; did you mean {suggestion}?")?,
        None => writeln!(output.err, "; `flinkmem rules` lists every rule")?,
    }
    Ok(ExitStatus::Error)
}
