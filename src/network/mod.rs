//! The network buffer model: how many network buffers each `TaskManager` must hold for a job's
//! exchanges, per Flink version, and whether the configured pool is large enough.
//!
//! A job in any input format becomes a [`job::Job`]; [`graph`] chains its operators into job
//! vertices; [`placement`] puts their subtasks on `TaskManager`s as Flink's slot sharing does;
//! [`model`] wires partitions, gates and channels, groups tasks that run at the same time and counts what each `TaskManager`'s
//! `NetworkBufferPool` must hold ([`pools`] has the per-version pool sizes, [`settings`] the
//! options they read).

pub mod advice;
pub mod graph;
pub mod input;
pub mod job;
pub mod model;
pub mod placement;
pub mod pools;
pub mod report;
pub mod settings;

pub use job::Job;
pub use model::{Analysis, ModelError, Pool};
pub use settings::NetworkSettings;

use crate::calc::{self, CalcError, TaskManagerBudget};
use crate::config::Config;

/// Why a configuration and a job cannot be analysed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum NetworkError {
    /// Flink would not start the `TaskManager` with this configuration.
    #[error("{}", .0.message())]
    Rejected(Box<CalcError>),
    /// The network pool cannot be sized (a segment size problem), with Flink's message.
    #[error("{0}")]
    Segments(String),
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// The pool of a derived `TaskManager` budget, or why Flink would not create it.
pub fn pool_of(budget: &TaskManagerBudget) -> Result<Pool, NetworkError> {
    match &budget.segments {
        Some(segments) => Ok(Pool {
            buffers: segments.network_buffers,
            segment_size: segments.segment_size.bytes.bytes(),
        }),
        None => Err(NetworkError::Segments(
            budget.segment_problem.as_ref().map_or_else(
                || "the network buffer pool cannot be sized".to_owned(),
                |p| p.message().to_owned(),
            ),
        )),
    }
}

/// Analyses `job` on `TaskManager`s configured by `config`.
pub fn analyze(config: &Config, job: &Job) -> Result<Analysis, NetworkError> {
    let budget = calc::taskmanager(config).map_err(|e| NetworkError::Rejected(Box::new(e)))?;
    analyze_budget(config, &budget, job)
}

/// Analyses `job` with an already derived `TaskManager` budget of `config`.
pub fn analyze_budget(
    config: &Config,
    budget: &TaskManagerBudget,
    job: &Job,
) -> Result<Analysis, NetworkError> {
    let pool = pool_of(budget)?;
    let settings = NetworkSettings::from_config(config);
    let slots = u32::try_from(budget.slots.max(1)).unwrap_or(1);
    Ok(model::analyze(&settings, pool, job, slots)?)
}
