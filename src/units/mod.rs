//! Flink's units and their exact arithmetic: [`MemorySize`] (parsing, printing, adding,
//! multiplying) and [`Fraction`] (a `float` option widened to `double`, multiplied as Flink's
//! `BigDecimal` does), over the bounds and errors of [`arithmetic`]. Sizes depend on
//! fractions, fractions only on the arithmetic.

pub mod arithmetic;
pub mod fraction;
pub mod memory_size;

pub use arithmetic::{ArithmeticError, MAX_BYTES};
pub use fraction::Fraction;
pub use memory_size::MemorySize;
