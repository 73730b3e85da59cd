//! `flinkmem schema`: the JSON schemas of the lint, calc and buffers reports, of
//! `.flinkmem.toml` and of the job file.

use clap::{Args, ValueEnum};

use super::{ExitStatus, Output};
use crate::lint::SettingsFile;
use crate::render::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// The report of `flinkmem lint --format json`
    Lint,
    /// The settings file `.flinkmem.toml`
    Config,
    /// The report of `flinkmem calc --format json`
    Calc,
    /// The report of `flinkmem buffers --format json`
    Buffers,
    /// A job file (`examples/jobs/README.md`)
    Job,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    #[arg(value_enum)]
    kind: SchemaKind,
}

pub(crate) fn run(args: &SchemaArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let schema = match args.kind {
        SchemaKind::Lint => json::schema(),
        SchemaKind::Calc => crate::render::calc::json::schema(),
        SchemaKind::Buffers => {
            serde_json::to_value(schemars::schema_for!(crate::network::report::BuffersReport))
                .map_err(std::io::Error::other)?
        }
        SchemaKind::Job => crate::network::input::job_schema(),
        SchemaKind::Config => serde_json::to_value(schemars::schema_for!(SettingsFile))
            .map_err(std::io::Error::other)?,
    };
    let text = serde_json::to_string_pretty(&schema).map_err(std::io::Error::other)?;
    writeln!(output.out, "{text}")?;
    Ok(ExitStatus::Success)
}
