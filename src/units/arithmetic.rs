//! The bounds and failures of Flink's `long` byte arithmetic, shared by sizes and fractions.

/// The largest size Flink can represent: `Long.MAX_VALUE` bytes (the 1.17+ network max default).
pub const MAX_BYTES: u64 = i64::MAX as u64;

/// Why an arithmetic step failed; `Display` gives the message of Flink's exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ArithmeticError {
    /// `Math.addExact` and friends, and `multiply` past `Long.MAX_VALUE`.
    #[error("long overflow")]
    Overflow,
    /// A subtraction below zero (the `MemorySize` constructor's check).
    #[error("bytes must be >= 0")]
    Negative,
}
