//! Flink's `MemorySize`: parsing, its two print forms, and its exact arithmetic.
//!
//! Mirrors `org.apache.flink.configuration.MemorySize` (flink-core, flink-core-api from 1.20),
//! identical in every supported version. Sizes are non-negative `i64` byte counts in Flink;
//! here they are `u64` values that never exceed `i64::MAX`.

use std::fmt;

use super::arithmetic::{ArithmeticError, MAX_BYTES};
use super::fraction::Fraction;
use crate::java;

/// A byte count as Flink's `MemorySize` holds it (0 ..= `i64::MAX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MemorySize(u64);

/// Why Flink's `MemorySize.parse` rejects a text. `Display` gives Flink's exact message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseMemorySizeError {
    #[error("argument is an empty- or whitespace-only string")]
    Empty,
    #[error("text does not start with a number")]
    NoNumber,
    #[error("The value '{digits}' cannot be re represented as 64bit number (numeric overflow).")]
    NumberOverflow { digits: String },
    #[error(
        "Memory size unit '{unit}' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)"
    )]
    UnknownUnit { unit: String },
    #[error(
        "The value '{text}' cannot be re represented as 64bit number of bytes (numeric overflow)."
    )]
    BytesOverflow { text: String },
}

/// One unit Flink recognises, with every spelling it accepts.
struct Unit {
    multiplier: u64,
    names: &'static [&'static str],
}

/// `MemorySize.MemoryUnit`, in the order Flink lists them.
const UNITS: [Unit; 5] = [
    Unit {
        multiplier: 1,
        names: &["b", "bytes"],
    },
    Unit {
        multiplier: 1 << 10,
        names: &["k", "kb", "kibibytes"],
    },
    Unit {
        multiplier: 1 << 20,
        names: &["m", "mb", "mebibytes"],
    },
    Unit {
        multiplier: 1 << 30,
        names: &["g", "gb", "gibibytes"],
    },
    Unit {
        multiplier: 1 << 40,
        names: &["t", "tb", "tebibytes"],
    },
];

impl MemorySize {
    pub const ZERO: Self = Self(0);
    pub const MAX: Self = Self(MAX_BYTES);

    /// A size of `bytes`; values above `i64::MAX` are clamped (Flink cannot hold them).
    pub const fn from_bytes(bytes: u64) -> Self {
        if bytes > MAX_BYTES {
            Self(MAX_BYTES)
        } else {
            Self(bytes)
        }
    }

    pub const fn from_mebibytes(mebibytes: u64) -> Self {
        Self::from_bytes(mebibytes.saturating_mul(1 << 20))
    }

    pub const fn bytes(self) -> u64 {
        self.0
    }

    /// `getMebiBytes()`: whole MiB, rounded down.
    pub const fn mebibytes(self) -> u64 {
        self.0 >> 20
    }

    /// `MemorySize.parse(text)`: trimmed digits, then an optional unit (bytes by default).
    pub fn parse(text: &str) -> Result<Self, ParseMemorySizeError> {
        let trimmed = java::trim(text);
        if trimmed.is_empty() {
            return Err(ParseMemorySizeError::Empty);
        }
        let digits_end = trimmed
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (digits, rest) = trimmed.split_at(digits_end);
        if digits.is_empty() {
            return Err(ParseMemorySizeError::NoNumber);
        }
        // Java lower-cases with Locale.US; only ASCII letters can match a unit anyway, but the
        // message quotes the lower-cased text, so lower-case it the same way.
        let unit = java::trim(rest).to_lowercase();
        let value: u64 = digits
            .parse::<u64>()
            .ok()
            .filter(|&v| v <= MAX_BYTES)
            .ok_or_else(|| ParseMemorySizeError::NumberOverflow {
                digits: digits.to_owned(),
            })?;
        let multiplier = if unit.is_empty() {
            1
        } else {
            UNITS
                .iter()
                .find(|u| u.names.contains(&unit.as_str()))
                .map(|u| u.multiplier)
                .ok_or_else(|| ParseMemorySizeError::UnknownUnit { unit: unit.clone() })?
        };
        value
            .checked_mul(multiplier)
            .filter(|&b| b <= MAX_BYTES)
            .map(Self)
            .ok_or_else(|| ParseMemorySizeError::BytesOverflow {
                text: text.to_owned(),
            })
    }

    /// `add`: `Math.addExact`.
    pub fn checked_add(self, other: Self) -> Result<Self, ArithmeticError> {
        self.0
            .checked_add(other.0)
            .filter(|&b| b <= MAX_BYTES)
            .map(Self)
            .ok_or(ArithmeticError::Overflow)
    }

    /// `subtract`: a negative result is rejected by the constructor.
    pub fn checked_sub(self, other: Self) -> Result<Self, ArithmeticError> {
        self.0
            .checked_sub(other.0)
            .map(Self)
            .ok_or(ArithmeticError::Negative)
    }

    /// `multiply(double)`: the exact decimal product of the byte count and the multiplier's
    /// `Double.toString` digits, truncated toward zero (`BigDecimal.valueOf` semantics).
    pub fn multiply(self, fraction: &Fraction) -> Result<Self, ArithmeticError> {
        fraction.apply_to(self.0).map(Self)
    }

    /// `divide(long)`: floor division, as used for per-slot profiles.
    pub fn divide(self, by: u64) -> Option<Self> {
        self.0.checked_div(by).map(Self)
    }

    /// `toHumanReadableString()`: `1.688gb (1811939328 bytes)`, or `N bytes` below 1 KiB
    /// (and at exactly 1 KiB: the unit must be strictly smaller than the value).
    pub fn to_human_readable(self) -> String {
        let unit = UNITS
            .iter()
            .enumerate()
            .rev()
            .find(|(_, u)| u.multiplier < self.0);
        match unit {
            Some((index, u)) if index > 0 => format!(
                "{} ({} bytes)",
                format_scaled(self.0, u.multiplier.trailing_zeros(), u.names[1]),
                self.0
            ),
            _ => format!("{} bytes", self.0),
        }
    }

    /// The compact form Flink writes into dynamic configs: `<bytes>b`.
    pub fn to_bytes_string(self) -> String {
        format!("{}b", self.0)
    }
}

/// `String.format(Locale.ROOT, "%.3f%s", bytes / 2^shift, unit)`. Java rounds the decimal
/// expansion of the double `HALF_UP`; `bytes / 2^shift` is dyadic, so compute the exact decimal
/// from the double (which may already have rounded a huge byte count) and round half up.
fn format_scaled(bytes: u64, shift: u32, unit: &str) -> String {
    // Java computes `1.0 * bytes / multiplier`: the byte count rounded to a double, then an
    // exact division by a power of two.
    let value = bytes as f64 / (1u64 << shift) as f64;
    // `value` is a finite non-negative double; Java's Formatter uses the shortest repr digits
    // (`Double.toString`) as the decimal to round, then HALF_UP.
    let text = java::double_to_string(value);
    let (mantissa, exponent) = match text.split_once('E') {
        Some((m, e)) => (m.to_owned(), e.parse::<i32>().unwrap_or(0)),
        None => (text.clone(), 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((&mantissa, ""));
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes())
        .map(|b| b - b'0')
        .collect();
    let mut point = int_part.len() as i32 + exponent; // digits before the decimal point
    if point < 0 {
        digits.splice(0..0, std::iter::repeat_n(0, (-point) as usize));
        point = 0;
    }
    let point = point as usize;
    while digits.len() < point + 4 {
        digits.push(0);
    }
    let round_up = digits[point + 3] >= 5;
    digits.truncate(point + 3);
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - 3;
    let int_digits: String = digits[..split]
        .iter()
        .map(|d| char::from(b'0' + d))
        .collect();
    let frac_digits: String = digits[split..]
        .iter()
        .map(|d| char::from(b'0' + d))
        .collect();
    let int_digits = int_digits.trim_start_matches('0');
    let int_digits = if int_digits.is_empty() {
        "0"
    } else {
        int_digits
    };
    format!("{int_digits}.{frac_digits}{unit}")
}

/// Bytes in binary units for people, not in Flink's format: `32 KiB`, `128 MiB`, `185.5 MiB`
/// (one decimal when not whole).
pub fn binary_units(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut unit = 0;
    let mut scale = 1u64;
    while unit + 1 < UNITS.len() && bytes >= scale << 10 {
        scale <<= 10;
        unit += 1;
    }
    if bytes.is_multiple_of(scale) {
        format!("{} {}", bytes / scale, UNITS[unit])
    } else {
        format!("{:.1} {}", bytes as f64 / scale as f64, UNITS[unit])
    }
}

impl fmt::Display for MemorySize {
    /// `toString()`: Flink walks the units upwards and prints in the unit just below the first
    /// one that does not divide the size (`64 mb`, `3073 gb`); when every unit divides it (0,
    /// or any multiple of 1 TiB) it falls back to bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = UNITS
            .windows(2)
            .find(|pair| !self.0.is_multiple_of(pair[1].multiplier))
            .map_or(&UNITS[0], |pair| &pair[0]);
        let name = if unit.multiplier == 1 {
            "bytes"
        } else {
            unit.names[1]
        };
        write!(f, "{} {}", self.0 / unit.multiplier, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_units_for_people() {
        assert_eq!(binary_units(0), "0 bytes");
        assert_eq!(binary_units(1023), "1023 bytes");
        assert_eq!(binary_units(32 << 10), "32 KiB");
        assert_eq!(binary_units(5920 * 32768), "185 MiB");
        assert_eq!(binary_units(2960 * 32768), "92.5 MiB");
        assert_eq!(binary_units(3 << 40), "3 TiB");
    }

    fn parse(text: &str) -> Result<u64, String> {
        MemorySize::parse(text)
            .map(MemorySize::bytes)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn parses_every_unit_spelling() {
        assert_eq!(parse("1728m"), Ok(1_811_939_328));
        assert_eq!(parse("64 MB"), Ok(64 << 20));
        assert_eq!(parse("1G"), Ok(1 << 30));
        assert_eq!(parse("2gibibytes"), Ok(2 << 30));
        assert_eq!(parse("1t"), Ok(1 << 40));
        assert_eq!(parse("32kb"), Ok(32 << 10));
        assert_eq!(parse("100 bytes"), Ok(100));
        assert_eq!(parse("4096"), Ok(4096));
        assert_eq!(parse("0064m"), Ok(64 << 20));
        assert_eq!(parse(" \t1g\n"), Ok(1 << 30));
    }

    #[test]
    fn rejects_what_flink_rejects_with_its_message() {
        assert_eq!(
            parse(""),
            Err("argument is an empty- or whitespace-only string".into())
        );
        assert_eq!(
            parse("-1m"),
            Err("text does not start with a number".into())
        );
        assert_eq!(
            parse("\"1728m\""),
            Err("text does not start with a number".into())
        );
        assert!(
            parse("1.5g")
                .unwrap_err()
                .starts_with("Memory size unit '.5g' does not match")
        );
        assert!(
            parse("2GiB")
                .unwrap_err()
                .starts_with("Memory size unit 'gib' does not match")
        );
        assert_eq!(
            parse("9223372036854775808"),
            Err("The value '9223372036854775808' cannot be re represented as 64bit number (numeric overflow).".into())
        );
        assert_eq!(
            parse("8388608t"),
            Err("The value '8388608t' cannot be re represented as 64bit number of bytes (numeric overflow).".into())
        );
        assert_eq!(parse("8388607t"), Ok(8_388_607 << 40));
    }

    #[test]
    fn human_readable_rounds_half_up_like_java() {
        let h = |b: u64| MemorySize::from_bytes(b).to_human_readable();
        assert_eq!(h(0), "0 bytes");
        assert_eq!(h(1024), "1024 bytes");
        assert_eq!(h(1025), "1.001kb (1025 bytes)");
        assert_eq!(h(1_811_939_328), "1.688gb (1811939328 bytes)");
        assert_eq!(h(1 << 30), "1024.000mb (1073741824 bytes)");
        assert_eq!(h(1088 << 20), "1.063gb (1140850688 bytes)");
        assert_eq!(h(1_677_721_600), "1.563gb (1677721600 bytes)");
        assert_eq!(h(MAX_BYTES), "8388608.000tb (9223372036854775807 bytes)");
        assert_eq!(h(189_582_543), "180.800mb (189582543 bytes)");
    }

    #[test]
    fn to_string_uses_the_largest_exact_unit() {
        assert_eq!(MemorySize::from_bytes(64 << 20).to_string(), "64 mb");
        assert_eq!(MemorySize::ZERO.to_string(), "0 bytes");
        assert_eq!(
            MemorySize::from_bytes(134_217_730).to_string(),
            "134217730 bytes"
        );
        assert_eq!(MemorySize::MAX.to_string(), "9223372036854775807 bytes");
        assert_eq!(
            MemorySize::from_bytes(1 << 40).to_string(),
            "1099511627776 bytes"
        );
        assert_eq!(
            MemorySize::from_bytes((3 << 40) + (1 << 30)).to_string(),
            "3073 gb"
        );
    }

    #[test]
    fn arithmetic_is_checked() {
        let a = MemorySize::from_bytes(10);
        assert_eq!(
            a.checked_sub(MemorySize::from_bytes(11)),
            Err(ArithmeticError::Negative)
        );
        assert_eq!(
            MemorySize::MAX.checked_add(a),
            Err(ArithmeticError::Overflow)
        );
        assert_eq!(a.divide(3), Some(MemorySize::from_bytes(3)));
    }
}
