//! How the Flink Kubernetes Operator turns `spec.*.resource.memory` into a Flink process size:
//! Flink's `MemorySize` syntax first, then a Kubernetes quantity (fabric8 `Quantity`).
//!
//! Mirrors `ResourceConfigUtils.parseResourceMemoryString` (operator 1.7 and later; up to 1.6
//! the string was passed on unchanged) and, for the fallback, `formatMemoryStringForK8sSpec`
//! followed by fabric8's `Quantity.parse(..).getNumericalAmount()` printed with
//! `BigDecimal.toString()`. The result is a string Flink parses again as a `MemorySize`, so a
//! fractional quantity (`1.5Gi` becomes `1610612736.0`) is one Flink refuses.

use crate::units::MemorySize;

/// What the operator makes of a memory string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorMemory {
    /// Flink's own syntax (`2g`, `2G`, `2048m`, `512 mb`): the operator writes the size back as
    /// `MemorySize.toString()`.
    Flink { size: MemorySize, written: String },
    /// A Kubernetes quantity (`2Gi`, `1.5Gi`, `1e9`): the operator writes its number of bytes
    /// as a decimal, which may carry a fraction (`1610612736.0`).
    Quantity { written: String },
    /// Neither parser accepts it; the operator fails with this exception text.
    Invalid { message: String },
}

impl OperatorMemory {
    /// The string the operator puts into `*.memory.process.size`.
    pub fn written(&self) -> Option<&str> {
        match self {
            Self::Flink { written, .. } | Self::Quantity { written } => Some(written),
            Self::Invalid { .. } => None,
        }
    }
}

/// `parseResourceMemoryString`.
pub fn parse_resource_memory(text: &str) -> OperatorMemory {
    if let Ok(size) = MemorySize::parse(text) {
        return OperatorMemory::Flink {
            size,
            written: size.to_string(),
        };
    }
    match quantity_bytes(&format_for_kubernetes(text)) {
        Ok(written) => OperatorMemory::Quantity { written },
        Err(why) => OperatorMemory::Invalid {
            message: format!(
                "'{}' is neither a Flink memory size nor a Kubernetes quantity ({why})",
                text.trim()
            ),
        },
    }
}

/// `formatMemoryStringForK8sSpec`: whitespace removed, upper-cased, a trailing `B` dropped and
/// a trailing `I` lower-cased (`2 gib` becomes `2Gi`).
fn format_for_kubernetes(text: &str) -> String {
    let mut quantity: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if quantity.ends_with('B') {
        quantity.pop();
    }
    if quantity.ends_with('I') {
        quantity.pop();
        quantity.push('i');
    }
    quantity
}

/// fabric8 `Quantity.indexOfUnit`: the first character that starts a suffix.
fn index_of_unit(text: &str) -> usize {
    text.find(['e', 'E', 'i', 'n', 'u', 'm', 'k', 'K', 'M', 'G', 'T', 'P'])
        .unwrap_or(text.len())
}

/// A decimal as Java's `BigDecimal` holds it: an unscaled integer and a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    unscaled: i128,
    scale: u32,
}

impl Decimal {
    /// `new BigDecimal(String)` for the plain forms a quantity's amount can take (the suffix
    /// has already been cut off, so there is no exponent).
    fn parse(text: &str) -> Option<Self> {
        let (negative, digits) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut unscaled: i128 = 0;
        for b in whole.bytes().chain(fraction.bytes()) {
            unscaled = unscaled
                .checked_mul(10)?
                .checked_add(i128::from(b - b'0'))?;
        }
        Some(Self {
            unscaled: if negative { -unscaled } else { unscaled },
            scale: u32::try_from(fraction.len()).ok()?,
        })
    }

    fn times(self, factor: i128) -> Option<Self> {
        Some(Self {
            unscaled: self.unscaled.checked_mul(factor)?,
            scale: self.scale,
        })
    }

    /// `BigDecimal.toString()` for a non-negative scale: plain digits with `scale` decimals.
    fn to_java_string(self) -> String {
        let digits = self.unscaled.unsigned_abs().to_string();
        let sign = if self.unscaled < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        format!("{sign}{whole}.{fraction}")
    }
}

/// `Quantity.parse(text).getNumericalAmount()` as a string, or the failure's message.
fn quantity_bytes(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("Invalid quantity string format passed.".to_owned());
    }
    let text = if text.starts_with('.') {
        format!("0{text}")
    } else {
        text.to_owned()
    };
    let unit_at = index_of_unit(&text);
    let (amount, suffix) = text.split_at(unit_at);
    let not_a_number = || format!("'{amount}' is not a number");
    let amount = Decimal::parse(amount).ok_or_else(not_a_number)?;
    let too_large = || format!("{text} is larger than any memory size Flink accepts");
    // Exponent form: `E` followed by digits (`1E9`).
    if suffix.len() > 1 && suffix.bytes().any(|b| b.is_ascii_digit()) {
        let exponent: u32 = suffix[1..]
            .parse()
            .map_err(|_| format!("'{suffix}' is not a valid exponent"))?;
        if exponent > 18 {
            return Err(too_large());
        }
        return amount
            .times(10_i128.pow(exponent))
            .map(Decimal::to_java_string)
            .ok_or_else(too_large);
    }
    let factor = match suffix {
        // `Ei` and `E` are computed with 16 significant digits and printed in exponent form,
        // which Flink cannot parse; no memory is that large anyway.
        "Ei" | "E" => return Err(too_large()),
        _ => suffix_factor(suffix)
            .ok_or_else(|| "Invalid quantity format passed to parse".to_owned())?,
    };
    amount
        .times(factor)
        .map(Decimal::to_java_string)
        .ok_or_else(too_large)
}

/// The multiple of a Kubernetes quantity suffix (binary `Ki`..`Ei`, decimal `k`..`E`).
fn suffix_factor(suffix: &str) -> Option<i128> {
    Some(match suffix {
        "" => 1,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        "Ti" => 1 << 40,
        "Pi" => 1 << 50,
        "Ei" => 1 << 60,
        "k" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        "P" => 1_000_000_000_000_000,
        "E" => 1_000_000_000_000_000_000,
        _ => return None,
    })
}

/// How Kubernetes itself reads a quantity, in bytes, when it is a whole number of them: the
/// meaning a `podTemplate` memory request or limit has. `None` for what is not a memory
/// quantity Kubernetes accepts.
pub fn kubernetes_bytes(text: &str) -> Option<u64> {
    let text = text.trim();
    let unit_at = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(text.len());
    let (amount, suffix) = text.split_at(unit_at);
    let amount = Decimal::parse(amount)?;
    let factor = match suffix_factor(suffix) {
        Some(factor) => factor,
        None if suffix.starts_with(['e', 'E']) => 10_i128.checked_pow(suffix[1..].parse().ok()?)?,
        None => return None,
    };
    let scaled = amount.times(factor)?;
    let divisor = 10_i128.checked_pow(scaled.scale)?;
    // Kubernetes rounds a fractional byte count up.
    let bytes = (scaled.unscaled + divisor - 1).div_euclid(divisor);
    u64::try_from(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Option<String> {
        parse_resource_memory(text).written().map(str::to_owned)
    }

    #[test]
    fn flink_syntax_comes_first_and_its_units_are_binary() {
        assert_eq!(written("2G").as_deref(), Some("2 gb"));
        assert_eq!(written("2g").as_deref(), Some("2 gb"));
        assert_eq!(written("2000M").as_deref(), Some("2000 mb"));
        assert_eq!(written("2048m").as_deref(), Some("2 gb"));
        assert_eq!(written("512 mb").as_deref(), Some("512 mb"));
    }

    #[test]
    fn kubernetes_quantities_become_byte_counts() {
        // ResourceConfigUtilsTest: "2Gi" is 2 * 1024^3.
        assert_eq!(written("2Gi").as_deref(), Some("2147483648"));
        assert_eq!(written("2 Gi").as_deref(), Some("2147483648"));
        assert_eq!(written("2gib").as_deref(), Some("2147483648"));
        assert_eq!(written("1e9").as_deref(), Some("1000000000"));
        // BigDecimal keeps the amount's scale: Flink then refuses the unit ".0".
        assert_eq!(written("1.5Gi").as_deref(), Some("1610612736.0"));
        assert_eq!(written("1.5G").as_deref(), Some("1500000000.0"));
        assert_eq!(written("2.0Gi").as_deref(), Some("2147483648.0"));
        assert_eq!(written(".5Gi").as_deref(), Some("536870912.0"));
        assert_eq!(written("0.25Mi").as_deref(), Some("262144.00"));
    }

    #[test]
    fn what_neither_parser_takes_is_invalid() {
        for text in ["", "lots", "2Xi", "1Ei", "Gi"] {
            assert!(
                matches!(parse_resource_memory(text), OperatorMemory::Invalid { .. }),
                "{text}"
            );
        }
    }

    #[test]
    fn kubernetes_reads_suffixes_its_own_way() {
        assert_eq!(kubernetes_bytes("2G"), Some(2_000_000_000));
        assert_eq!(kubernetes_bytes("2Gi"), Some(2 << 30));
        assert_eq!(kubernetes_bytes("1.5Gi"), Some(1_610_612_736));
        assert_eq!(kubernetes_bytes("512M"), Some(512_000_000));
        assert_eq!(kubernetes_bytes("2g"), None);
        assert_eq!(kubernetes_bytes("1e3"), Some(1000));
    }
}
