//! One `flinkmem calc` run: a configuration, both processes derived from it, and for each one
//! Flink rejects the changes that would make it accept.

use std::path::PathBuf;

use super::remedy::{Remedy, remedies};
use crate::calc::{self, CalcError, JobManagerBudget, TaskManagerBudget};
use crate::config::Config;

/// Where the configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file the user named (or the file of a conf dir).
    File(PathBuf),
    /// Flink's shipped default configuration, embedded (no PATH given).
    Shipped,
}

/// A process Flink would not start, and what would fix it.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub error: CalcError,
    /// Changes that each make Flink accept the configuration (checked).
    pub remedies: Vec<Remedy>,
}

/// Both budgets of one configuration, or Flink's rejections.
#[derive(Debug, Clone)]
pub struct Calculation {
    pub config: Config,
    pub source: Source,
    /// True when the Flink version was inferred, not given.
    pub version_assumed: bool,
    /// How to name each command-line override (by index), e.g. `--set #1`, `--diff-set #1`.
    pub override_labels: Vec<String>,
    /// Things the reader must know about how the file was read.
    pub notes: Vec<String>,
    pub taskmanager: Result<TaskManagerBudget, Rejection>,
    pub jobmanager: Result<JobManagerBudget, Rejection>,
}

impl Calculation {
    /// Derives both processes from `config`.
    pub fn run(config: Config, source: Source) -> Self {
        let rejection = |error: CalcError| Rejection {
            remedies: remedies(&config, &error),
            error,
        };
        let taskmanager = calc::taskmanager(&config).map_err(rejection);
        let jobmanager = calc::jobmanager(&config).map_err(rejection);
        let override_labels = (1..=super::candidate::overrides_of(&config).len())
            .map(|n| format!("--set #{n}"))
            .collect();
        Self {
            config,
            source,
            version_assumed: false,
            override_labels,
            notes: Vec::new(),
            taskmanager,
            jobmanager,
        }
    }

    /// True when Flink derives both processes.
    pub fn is_accepted(&self) -> bool {
        self.taskmanager.is_ok() && self.jobmanager.is_ok()
    }
}
