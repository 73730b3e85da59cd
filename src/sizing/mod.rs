//! Sizing on top of the derivation: what would make Flink accept a configuration it rejects
//! ([`remedy`]), which process size meets given targets ([`fit`]), and the what-if
//! configurations both are built from ([`candidate`]). Every answer is checked with the forward
//! calculation in [`crate::calc`]; nothing here derives a number on its own.

pub mod calculation;
pub mod candidate;
pub mod fit;
pub mod remedy;
pub mod search;

pub use calculation::{Calculation, Rejection, Source};
pub use fit::{BlockReason, Blocker, Fit, FitOutcome, Sized, Target};
pub use remedy::Remedy;
