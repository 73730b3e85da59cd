//! The command line: argument definitions, dispatch, and the mapping of outcomes to exit codes.
//! Each subcommand lives in its own file and only orchestrates; the work happens below.

mod buffers;
mod calc;
mod diagnose;
mod explain;
mod fit;
mod lint;
mod migrate;
mod rules;
mod schema;
mod shell;
mod show;
mod tune;

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::effective::parse_override;
use crate::version::FlinkVersion;

/// Lint Apache Flink configuration files and compute their memory budget exactly as Flink does.
#[derive(Debug, Parser)]
#[command(name = "flinkmem", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Refuse input files larger than this (default 8m; Flink's size syntax)
    #[arg(long = "max-file-size", value_name = "SIZE", global = true, value_parser = parse_size)]
    max_file_size: Option<crate::units::MemorySize>,
}

fn parse_size(text: &str) -> Result<crate::units::MemorySize, String> {
    crate::units::MemorySize::parse(text).map_err(|e| e.to_string())
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the effective configuration as a Flink version reads it: every key, its value and
    /// where it came from
    Show(show::ShowArgs),
    /// Compute the task manager and job manager memory budgets exactly as Flink does (and
    /// compare two with --diff, --diff-set or --diff-flink-version)
    Calc(calc::CalcArgs),
    /// Predict "Insufficient number of network buffers": a job's exchanges against each
    /// task manager's network buffer pool, with the fix
    Buffers(buffers::BuffersArgs),
    /// Find the smallest taskmanager.memory.process.size meeting memory targets, or show the
    /// budget of a container size
    Fit(fit::FitArgs),
    /// Recognise Flink memory failures in an exception or log excerpt and explain them in the
    /// numbers of a configuration, with checked fixes
    Diagnose(diagnose::DiagnoseArgs),
    /// Interactive what-if sizing in the terminal: every number moves as you type, exactly as
    /// Flink computes it
    Tune(tune::TuneArgs),
    /// Check configuration files (and directories of them) and report every finding
    Lint(lint::LintArgs),
    /// Rewrite a legacy flink-conf.yaml as config.yaml (for 1.19+ and 2.x), comments kept,
    /// proven to read the same
    Migrate(migrate::MigrateArgs),
    /// Print a lint rule's documentation
    Explain(explain::ExplainArgs),
    /// List every lint rule
    Rules(rules::RulesArgs),
    /// Print the JSON schema of the lint report or of .flinkmem.toml
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff), e.g. `flinkmem man > flinkmem.1`
    Man,
}

/// Options shared by every command that reads a configuration.
#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    /// Flink version to emulate: 1.13 to 2.3 (a patch such as 1.20.5 is accepted). Default:
    /// the newest, or 1.20 for a flink-conf.yaml
    #[arg(long = "flink-version", value_name = "VERSION")]
    flink_version: Option<FlinkVersion>,
    /// Override a key after the file, like Flink's -D dynamic properties (repeatable)
    #[arg(long = "set", short = 'D', value_name = "KEY=VALUE", value_parser = parse_override)]
    overrides: Vec<(String, String)>,
    #[command(flatten)]
    manifest: ManifestArgs,
}

/// How Kubernetes manifests are read (`FlinkDeployment`, `FlinkSessionJob`, `ConfigMap`).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ManifestArgs {
    /// The Kubernetes operator's default configuration for manifests: a flink-operator-config
    /// config map, or its flink-conf.yaml / config.yaml. Default: the operator Helm chart's defaults
    #[arg(long = "operator-defaults", value_name = "FILE")]
    pub operator_defaults: Option<std::path::PathBuf>,
    /// In a manifest with several Flink documents, the one to use: its name or namespace/name
    #[arg(long, value_name = "NAME")]
    pub document: Option<String>,
}

impl ManifestArgs {
    /// The manifest reader's options, or why the operator defaults cannot be read.
    pub fn options(
        &self,
        flink_version: Option<FlinkVersion>,
    ) -> Result<crate::kubernetes::Options, String> {
        let defaults = match &self.operator_defaults {
            Some(path) => crate::kubernetes::operator::defaults::read_defaults(path)?,
            None => crate::kubernetes::OperatorDefaults::chart(),
        };
        Ok(crate::kubernetes::Options {
            flink_version,
            defaults,
            clusters: Vec::new(),
        })
    }
}

/// Output format of `show` and `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TextOrJson {
    Text,
    Json,
}

/// How a command ended, as the exit code reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing to report (0).
    Success,
    /// Findings, or Flink would reject the configuration (1).
    Failure,
    /// Bad usage, unreadable input, or an internal error (2).
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => Self::SUCCESS,
            ExitStatus::Failure => Self::from(1),
            ExitStatus::Error => Self::from(2),
        }
    }
}

/// Where a command writes: standard output for results, standard error for problems.
pub(crate) struct Output<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // Reports of thousands of lines go out in large writes, not one system call per line.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut err = stderr.lock();
    let mut output = Output {
        out: &mut out,
        err: &mut err,
    };
    let status = match run(cli, &mut output).and_then(|status| output.out.flush().map(|()| status))
    {
        Ok(status) => status,
        // A closed pipe (`flinkmem show | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(e) => {
            let _ = writeln!(output.err, "flinkmem: {e}");
            ExitStatus::Error
        }
    };
    status.into()
}

/// Runs one command line (`args`, the program name first) with the given output streams and
/// returns its exit status: what [`main`] does, without a process of its own, so that tests
/// can drive every command many times over. A usage error is clap's message on `err` and
/// [`ExitStatus::Error`]; `--help` and `--version` print to `out`.
pub fn run_with_output<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let to_out = !e.use_stderr();
            let text = e.render().to_string();
            let _ = if to_out {
                out.write_all(text.as_bytes())
            } else {
                err.write_all(text.as_bytes())
            };
            return if to_out {
                ExitStatus::Success
            } else {
                ExitStatus::Error
            };
        }
    };
    let mut output = Output { out, err };
    match run(cli, &mut output) {
        Ok(status) => status,
        Err(e) => {
            let _ = writeln!(output.err, "flinkmem: {e}");
            ExitStatus::Error
        }
    }
}

fn run(cli: Cli, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    if let Some(size) = cli.max_file_size {
        crate::config::input::set_max_file_size(size.bytes());
    }
    match cli.command {
        Command::Show(args) => show::run(&args, output),
        Command::Calc(args) => calc::run(&args, output),
        Command::Buffers(args) => buffers::run(&args, output),
        Command::Fit(args) => fit::run(&args, output),
        Command::Diagnose(args) => diagnose::run(&args, output),
        Command::Tune(args) => tune::run(&args, output),
        Command::Lint(args) => lint::run(&args, output),
        Command::Migrate(args) => migrate::run(&args, output),
        Command::Explain(args) => explain::run(&args, output),
        Command::Rules(args) => rules::run(&args, output),
        Command::Schema(args) => schema::run(&args, output),
        Command::Completions(args) => shell::completions(&args, output),
        Command::Man => shell::man(output),
    }
}
