//! Reading numbers out of log text: plain integers after a marker, Flink's human-readable sizes
//! (`128.000mb (134217728 bytes)`), and the decimal sizes YARN prints (`6.2 GB`).
//!
//! Every function returns `None` rather than guessing when the text is not what it expects, and
//! none of them can panic on arbitrary input (slices are cut only at ASCII positions).

/// The unsigned integer at the start of `text`, and the rest after it.
pub fn leading_u64(text: &str) -> Option<(u64, &str)> {
    let end = text
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    if end == 0 {
        return None;
    }
    let value = text[..end].parse::<u64>().ok()?;
    Some((value, &text[end..]))
}

/// The signed integer at the start of `text` (an optional `-`), and the rest after it.
pub fn leading_i64(text: &str) -> Option<(i64, &str)> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (value, rest) = leading_u64(digits)?;
    let value = i64::try_from(value).ok()?;
    Some((if negative { -value } else { value }, rest))
}

/// The text after the first `marker` in `text`.
pub fn after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    text.find(marker).map(|at| &text[at + marker.len()..])
}

/// The unsigned integer right after the first `marker` in `text`.
pub fn number_after(text: &str, marker: &str) -> Option<u64> {
    after(text, marker).and_then(|rest| leading_u64(rest).map(|(n, _)| n))
}

/// The byte counts of every `toHumanReadableString()` size in `text`, in order: each prints its
/// exact count as `<digits> bytes` (`128.000mb (134217728 bytes)`, `0 bytes`).
pub fn byte_counts(text: &str) -> Vec<u64> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(" bytes") {
        let before = &rest[..at];
        let start = before
            .bytes()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |p| p + 1);
        let digits = &before[start..];
        // `12.5 bytes` or `x1 bytes` are not sizes Flink prints.
        let standalone = start == 0 || matches!(before.as_bytes()[start - 1], b'(' | b' ');
        if !digits.is_empty()
            && standalone
            && let Ok(value) = digits.parse::<u64>()
        {
            found.push(value);
        }
        rest = &rest[at + " bytes".len()..];
    }
    found
}

/// A decimal size as YARN prints it (`6.2 GB`, `170 MB`, `1 GB`, `512 KB`, `10 B`), in bytes,
/// at the start of `text` (the value YARN printed was itself rounded to one decimal).
pub fn leading_decimal_size(text: &str) -> Option<(u64, &str)> {
    let end = text
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.'))
        .unwrap_or(text.len());
    let number = &text[..end];
    if number.is_empty() || !number.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let whole: u64 = whole.parse().ok()?;
    let fraction = fraction.get(..fraction.len().min(6)).unwrap_or("");
    let fraction_value: u64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    let scale = 10u64.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    let rest = text[end..].trim_start();
    let unit_end = rest
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let shift = match rest[..unit_end].to_ascii_uppercase().as_str() {
        "B" => 0,
        "KB" | "K" | "KIB" => 10,
        "MB" | "M" | "MIB" => 20,
        "GB" | "G" | "GIB" => 30,
        "TB" | "T" | "TIB" => 40,
        _ => return None,
    };
    let unit = 1u128 << shift;
    let bytes = u128::from(whole)
        .checked_mul(unit)?
        .checked_add(u128::from(fraction_value).checked_mul(unit)? / u128::from(scale))?;
    Some((u64::try_from(bytes).ok()?, &rest[unit_end..]))
}

/// The first `'quoted'` text after `marker`.
pub fn quoted_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let rest = after(text, marker)?;
    let start = rest.find('\'')? + 1;
    let len = rest[start..].find('\'')?;
    Some(&rest[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_after_markers() {
        assert_eq!(leading_u64("17, but"), Some((17, ", but")));
        assert_eq!(leading_u64("x17"), None);
        assert_eq!(leading_u64("99999999999999999999999"), None);
        assert_eq!(leading_i64("-104 x"), Some((-104, " x")));
        assert_eq!(
            number_after("required 17, but only 5", "but only "),
            Some(5)
        );
        assert_eq!(number_after("required x", "required "), None);
    }

    #[test]
    fn human_readable_sizes_give_their_exact_byte_counts() {
        let text = "Framework Heap Memory (128.000mb (134217728 bytes)), Task Off-Heap Memory (0 bytes) and Total (1.563gb (1677721600 bytes)). 12.5 bytes";
        assert_eq!(byte_counts(text), [134_217_728, 0, 1_677_721_600]);
        assert!(byte_counts("no sizes").is_empty());
    }

    #[test]
    fn yarn_sizes_are_decimal_with_binary_units() {
        assert_eq!(leading_decimal_size("6 GB of").map(|s| s.0), Some(6 << 30));
        assert_eq!(
            leading_decimal_size("6.2 GB of").map(|s| s.0),
            Some((62u64 << 30) / 10)
        );
        assert_eq!(
            leading_decimal_size("173.3 MB").map(|s| s.0),
            Some((1733u64 << 20) / 10)
        );
        assert_eq!(leading_decimal_size("GB"), None);
        assert_eq!(leading_decimal_size("1.5 parsecs"), None);
    }

    #[test]
    fn quoted_keys() {
        assert_eq!(
            quoted_after("by setting the key 'a.b'.", "setting the key"),
            Some("a.b")
        );
        assert_eq!(quoted_after("key 'unclosed", "key"), None);
    }
}
