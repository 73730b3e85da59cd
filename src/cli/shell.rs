//! `flinkmem completions SHELL` and `flinkmem man`: shell completion scripts and the man page,
//! generated from the same argument definitions the parser uses.

use clap::{Args, CommandFactory as _};

use super::{Cli, ExitStatus, Output};

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for
    shell: clap_complete::Shell,
}

pub(crate) fn completions(
    args: &CompletionsArgs,
    output: &mut Output<'_>,
) -> std::io::Result<ExitStatus> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "flinkmem", &mut script);
    output.out.write_all(&script)?;
    Ok(ExitStatus::Success)
}

pub(crate) fn man(output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    output.out.write_all(&page)?;
    Ok(ExitStatus::Success)
}
