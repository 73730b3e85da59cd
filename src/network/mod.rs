//! The network buffer model: how many network buffers each `TaskManager` must hold for a job's
//! exchanges, per Flink version, and whether the configured pool is large enough.

pub mod input;
pub mod job;
