//! `flinkmem rules`: every lint rule, with code, name, category, severity and summary.

use clap::Args;

use super::{ExitStatus, Output, TextOrJson};
use crate::render::rules;

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    #[arg(long, value_enum, default_value = "text")]
    format: TextOrJson,
}

pub(crate) fn run(args: &RulesArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    match args.format {
        TextOrJson::Text => write!(output.out, "{}", rules::text())?,
        TextOrJson::Json => write!(output.out, "{}", rules::json())?,
    }
    Ok(ExitStatus::Success)
}
