//! flinkmem: lint Apache Flink configuration files and compute their memory budget exactly as
//! Flink does, for Flink 1.13 to 2.3.
//!
//! Data flows one way: [`config`] reads a file the way Flink reads it (keeping every key's and
//! value's byte span), [`catalog`] knows every option of every version, [`calc`] derives the
//! memory budget, [`sizing`] answers what-if questions with it (what to change when Flink
//! rejects a file, which process size meets targets), [`rules`] check a file through the
//! [`lint`] engine, and the command layer in [`cli`] renders what they produce through
//! [`render`]. Nothing below [`cli`] prints.

pub mod calc;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagnose;
pub mod duration;
pub mod edit;
pub mod java;
pub mod kubernetes;
pub mod lint;
pub mod migrate;
pub mod network;
pub mod render;
pub mod rule_contract;
pub mod rules;
pub mod sizing;
pub mod tune;
pub mod units;
pub mod version;

pub use units::MemorySize;
pub use version::FlinkVersion;
