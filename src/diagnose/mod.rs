//! Diagnosis of Flink memory failures in a log excerpt: which known problems it shows, why in
//! terms of one configuration's numbers, and the checked changes that fix them.
//!
//! [`scan`] recognises the messages (Flink's network buffer pool, the JVM's out-of-memory
//! errors, YARN and Kubernetes memory kills, Flink's memory-configuration exceptions) with the
//! numbers they carry. Each problem is then explained against the configuration's budget from
//! [`crate::calc`] ([`network`], [`jvm`], [`container`], [`rejected`]), and every fix is
//! checked by re-running the calculation with the change applied ([`fix`]), the way
//! [`crate::sizing`] checks its answers. Nothing here prints.

pub mod container;
pub mod fix;
pub mod jvm;
pub mod network;
pub mod parse;
pub mod process;
pub mod rejected;
pub mod scan;
mod words;

use crate::calc::Process;
use crate::config::Config;
use crate::sizing::{Calculation, Rejection};
pub use fix::{Change, Effect, Fact, Fix, Unit};
pub use scan::{Message, Sighting};

/// What the caller knows beyond the log.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The exact number of network buffers the job needs on one `TaskManager`, when the network
    /// model computed it from the job; without it the log's lower bound is used.
    pub job_required_buffers: Option<u64>,
}

/// One recognised problem, explained for the configuration.
#[derive(Debug, Clone)]
pub struct Finding {
    /// A short stable identifier (`insufficient-network-buffers`, ...).
    pub kind: &'static str,
    /// What it is, in a few words.
    pub title: String,
    /// 1-based line of the input where it was first found.
    pub line: usize,
    /// Later lines with the same problem.
    pub also_at: Vec<usize>,
    /// The line as it appears in the input.
    pub quote: String,
    /// The process it happened in (as the log says, or assumed: see `notes`).
    pub process: Option<Process>,
    /// The message with the numbers read from it.
    pub message: Message,
    /// Numbers read or computed, by name.
    pub facts: Vec<Fact>,
    /// Why it happened, with this configuration's numbers.
    pub explanation: Vec<String>,
    /// Checked changes that fix it, best first.
    pub fixes: Vec<Fix>,
    /// Flink's rejection of this configuration, when the log shows the same failure.
    pub rejection: Option<Rejection>,
    /// Other things worth knowing (assumptions, advice no calculation can check).
    pub notes: Vec<String>,
}

impl Finding {
    fn new(sighting: &Sighting, title: impl Into<String>) -> Self {
        Self {
            kind: sighting.message.kind(),
            title: title.into(),
            line: sighting.line,
            also_at: sighting.also_at.clone(),
            quote: sighting.text.clone(),
            process: sighting.process,
            message: sighting.message.clone(),
            facts: Vec::new(),
            explanation: Vec::new(),
            fixes: Vec::new(),
            rejection: None,
            notes: Vec::new(),
        }
    }
}

/// Every problem recognised in `text`, in order of first appearance, explained for
/// `calculation`'s configuration.
pub fn diagnose(text: &str, calculation: &Calculation, options: &Options) -> Vec<Finding> {
    scan::scan(text)
        .iter()
        .map(|sighting| explain(sighting, calculation, options))
        .collect()
}

fn explain(sighting: &Sighting, calculation: &Calculation, options: &Options) -> Finding {
    match &sighting.message {
        Message::InsufficientBuffers { .. } => {
            network::insufficient(sighting, calculation, options)
        }
        Message::BuffersTimeout { .. } => network::timeout(sighting, calculation),
        Message::PoolAllocation { .. } => network::pool_allocation(sighting, calculation),
        Message::DirectOom { .. } => jvm::direct(sighting, calculation),
        Message::MetaspaceOom => jvm::metaspace(sighting, calculation),
        Message::HeapOom { .. } => jvm::heap(sighting, calculation),
        Message::YarnKill { .. }
        | Message::YarnExitStatus { .. }
        | Message::KubernetesOomKilled { .. }
        | Message::Killed137 { .. } => container::killed(sighting, calculation),
        Message::ConfigError { .. } => rejected::explain(sighting, calculation),
    }
}

/// The processes a finding is explained for: the one the log names, else `default` (with a
/// note saying it was assumed), or both when `default` is `None`.
fn processes(finding: &mut Finding, default: Option<Process>) -> Vec<Process> {
    match (finding.process, default) {
        (Some(process), _) => vec![process],
        (None, Some(process)) => {
            finding.notes.push(format!(
                "The log does not say which process this happened in; the {process} is assumed."
            ));
            vec![process]
        }
        (None, None) => {
            finding.notes.push(
                "The log does not say which process this happened in; both are explained."
                    .to_owned(),
            );
            vec![Process::TaskManager, Process::JobManager]
        }
    }
}

/// The value of a boolean option as configured (`None` when unset or unreadable).
fn configured_bool(config: &Config, key: &str) -> Option<bool> {
    let resolved = config.resolve(key)?;
    match resolved
        .entry
        .value
        .java_string()
        .trim()
        .to_ascii_lowercase()
        .as_str()
    {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}
