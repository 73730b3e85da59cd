//! Flink's fraction arithmetic: a `Float` option widened to `double`, multiplied exactly.
//!
//! `MemorySize.multiply(double)` computes `BigDecimal.valueOf(bytes) × BigDecimal.valueOf(m)`,
//! and `BigDecimal.valueOf(double)` takes the digits of `Double.toString(m)`. A fraction written
//! as `0.1` is a `float`, so the digits are those of `(double) 0.1f` = `0.10000000149011612`.
//! Computing `bytes * 0.1` in binary floating point would be off by many bytes; this module
//! multiplies by the decimal digits with integer arithmetic instead.

use std::fmt;

use super::arithmetic::{ArithmeticError, MAX_BYTES};
use crate::java;

/// A multiplier as Flink holds it: a `double`, usually a widened `float` option value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fraction {
    value: f64,
}

impl Fraction {
    /// The multiplier of a `Float` option (e.g. `taskmanager.memory.network.fraction`).
    pub fn from_float(value: f32) -> Self {
        Self {
            value: f64::from(value),
        }
    }

    pub fn from_double(value: f64) -> Self {
        Self { value }
    }

    #[must_use]
    /// `f / (1 - f)` in double arithmetic: used to size a component from the *rest* of the
    /// memory (`deriveWithInverseFraction`).
    pub fn inverse(self) -> Self {
        Self {
            value: self.value / (1.0 - self.value),
        }
    }

    pub fn value(self) -> f64 {
        self.value
    }

    /// `0 <= f < 1` (NaN fails), Flink's `RangeFraction` check.
    pub fn is_proper(self) -> bool {
        (0.0..1.0).contains(&self.value)
    }

    /// `floor(bytes × decimal(f))`, or Flink's error when the product exceeds `Long.MAX_VALUE`.
    ///
    /// Negative, NaN and infinite multipliers never reach here: Flink's range checks run first.
    /// They are reported as an overflow rather than panicking.
    pub(crate) fn apply_to(self, bytes: u64) -> Result<u64, ArithmeticError> {
        let (digits, scale) = self.decimal().ok_or(ArithmeticError::Overflow)?;
        // bytes < 2^63, digits < 10^17 (at most 17 significant digits): fits in u128.
        let product = u128::from(bytes) * u128::from(digits);
        let truncated = if scale >= 0 {
            // A divisor past u128 (tiny fractions such as 1.4E-45) exceeds every product.
            10u128
                .checked_pow(scale.unsigned_abs())
                .map_or(0, |divisor| product / divisor)
        } else {
            let factor = 10u128
                .checked_pow(scale.unsigned_abs())
                .ok_or(ArithmeticError::Overflow)?;
            product
                .checked_mul(factor)
                .ok_or(ArithmeticError::Overflow)?
        };
        u64::try_from(truncated)
            .ok()
            .filter(|&b| b <= MAX_BYTES)
            .ok_or(ArithmeticError::Overflow)
    }

    /// The decimal `Double.toString` prints, as an integer and a power-of-ten scale:
    /// value = digits / 10^scale. `None` for negative, NaN and infinite values.
    fn decimal(self) -> Option<(u64, i32)> {
        if !self.value.is_finite() || self.value < 0.0 {
            return None;
        }
        let text = java::double_to_string(self.value);
        let (mantissa, exponent) = match text.split_once('E') {
            Some((m, e)) => (m, e.parse::<i32>().ok()?),
            None => (text.as_str(), 0),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all: String = format!("{int_part}{frac_part}");
        let digits: u64 = all.trim_start_matches('0').parse().unwrap_or(0);
        Some((digits, frac_part.len() as i32 - exponent))
    }
}

impl fmt::Display for Fraction {
    /// `Double.toString`, as Flink prints a fraction in its messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&java::double_to_string(self.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiplies_by_the_widened_float_digits() {
        let f = Fraction::from_float(0.4);
        assert_eq!(f.apply_to(3_597_035_104), Ok(1_438_814_063)); // not 1438814041
        let f = Fraction::from_float(0.1);
        assert_eq!(f.apply_to(1_811_939_328), Ok(181_193_935));
        assert_eq!(f.inverse().to_string(), "0.11111111295076065");
        assert_eq!(f.inverse().apply_to(1_610_612_736), Ok(178_956_973));
        assert_eq!(
            Fraction::from_float(0.5).apply_to(1_664_299_824),
            Ok(832_149_912)
        );
    }

    #[test]
    fn handles_exponent_forms_and_overflow() {
        let tiny = Fraction::from_double(1.0e-4);
        assert_eq!(tiny.to_string(), "1.0E-4");
        assert_eq!(tiny.apply_to(1_000_000), Ok(100));
        assert_eq!(Fraction::from_double(0.0).apply_to(MAX_BYTES), Ok(0));
        assert_eq!(
            Fraction::from_double(2.0).apply_to(MAX_BYTES),
            Err(ArithmeticError::Overflow)
        );
        assert_eq!(
            Fraction::from_double(1.5e10).apply_to(1),
            Ok(15_000_000_000)
        );
        assert_eq!(
            Fraction::from_float(f32::from_bits(1)).apply_to(MAX_BYTES),
            Ok(0)
        );
    }

    #[test]
    fn range_check_matches_flink() {
        assert!(Fraction::from_float(0.0).is_proper());
        assert!(!Fraction::from_float(1.0).is_proper());
        assert!(!Fraction::from_float(-0.1).is_proper());
        assert!(!Fraction::from_float(f32::NAN).is_proper());
    }
}
