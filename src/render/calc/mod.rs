//! The calculator's reports: `flinkmem calc` (text, JSON, markdown), its what-if diff, and
//! `flinkmem fit`. Everything here formats what [`crate::calc`] derived and [`crate::sizing`]
//! checked; nothing is computed twice.
//!
//! The text form prints Flink's own log trees ([`tree`]) so a reader can hold it next to a
//! `TaskManager` log, and adds a provenance column ([`provenance`]), a bar per process
//! ([`bar`]) and, for a rejected configuration, Flink's message and an explanation
//! ([`explanation`]).

pub mod bar;
pub mod diff;
pub mod explanation;
pub mod fit;
pub mod json;
pub mod markdown;
pub mod notes;
pub mod provenance;
pub mod text;
pub mod tree;
