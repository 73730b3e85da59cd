//! Java library semantics that Flink's numbers and messages depend on, reimplemented in Rust.
//!
//! Flink parses and prints values with `String.trim`, `Float.parseFloat`, `Integer.parseInt`,
//! `Double.toString` and iterates `HashMap`s; byte-exact output needs the same behaviour here.
//! Each function names the JDK method it mirrors. Nothing here knows about Flink options.

/// `String.trim()`: strips every char up to U+0020 at both ends (not Unicode whitespace).
pub fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c <= '\u{20}')
}

/// Java `Character.digit(c, 10)`: the value of a decimal digit of any script (Unicode `Nd`).
pub fn decimal_digit(c: char) -> Option<u32> {
    // Code points of the digit zero of every Unicode `Nd` run of ten known to JDK 17.
    const ZEROS: &[u32] = &[
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
        0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
        0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16B50,
        0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
    ];
    let cp = u32::from(c);
    if c.is_ascii_digit() {
        return Some(cp - 0x30);
    }
    ZEROS
        .iter()
        .find(|&&zero| cp >= zero && cp < zero + 10)
        .map(|zero| cp - zero)
}

/// `Long.parseLong(s)`: optional sign, decimal digits of any script, no whitespace.
pub fn parse_long(text: &str) -> Option<i64> {
    let (negative, digits) = match text.chars().next()? {
        '-' => (true, &text[1..]),
        '+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulate negatively, as the JDK does, so that i64::MIN parses.
    let mut acc: i64 = 0;
    for c in digits.chars() {
        let digit = i64::from(decimal_digit(c)?);
        acc = acc.checked_mul(10)?.checked_sub(digit)?;
    }
    if negative {
        Some(acc)
    } else {
        acc.checked_neg()
    }
}

/// `Integer.parseInt(s)`.
pub fn parse_int(text: &str) -> Option<i32> {
    parse_long(text).and_then(|v| i32::try_from(v).ok())
}

/// `String.equalsIgnoreCase`, char by char with Java's upper- then lower-case comparison.
pub fn equals_ignore_case(a: &str, b: &str) -> bool {
    fn single_upper(c: char) -> char {
        let mut it = c.to_uppercase();
        match (it.next(), it.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    }
    fn single_lower(c: char) -> char {
        let mut it = c.to_lowercase();
        match (it.next(), it.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    }
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).all(|(x, y)| {
            x == y || {
                let (ux, uy) = (single_upper(x), single_upper(y));
                ux == uy || single_lower(ux) == single_lower(uy)
            }
        })
}

/// The parts of a number written in Java's floating-point literal syntax.
struct FloatLiteral<'a> {
    negative: bool,
    body: FloatBody<'a>,
}

enum FloatBody<'a> {
    NaN,
    Infinity,
    /// A decimal literal without sign and suffix, in a form Rust's parser accepts exactly.
    Decimal(&'a str),
    /// A hexadecimal literal: significand digits (with an optional '.') and a binary exponent.
    Hex {
        significand: &'a str,
        exponent: i64,
    },
}

/// Splits a string the way `FloatingDecimal.readJavaFormatString` does (after `trim`).
fn read_java_float(text: &str) -> Option<FloatLiteral<'_>> {
    let text = trim(text);
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let body = match rest {
        "NaN" => FloatBody::NaN,
        "Infinity" => FloatBody::Infinity,
        _ if rest.len() > 2 && (rest.starts_with("0x") || rest.starts_with("0X")) => {
            let hex = rest[2..]
                .strip_suffix(['f', 'F', 'd', 'D'])
                .unwrap_or(&rest[2..]);
            let p = hex.find(['p', 'P'])?;
            let (significand, exp) = (&hex[..p], &hex[p + 1..]);
            let digits = significand.replacen('.', "", 1);
            if digits.is_empty()
                || !digits.bytes().all(|b| b.is_ascii_hexdigit())
                || significand.matches('.').count() > 1
            {
                return None;
            }
            let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            if exp_digits.is_empty() || !exp_digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // Saturate huge exponents: the result is 0 or infinity either way.
            let magnitude: i64 = exp_digits.parse().unwrap_or(i64::from(i32::MAX));
            let exponent = if exp.starts_with('-') {
                -magnitude
            } else {
                magnitude
            };
            FloatBody::Hex {
                significand,
                exponent,
            }
        }
        _ => {
            let number = rest.strip_suffix(['f', 'F', 'd', 'D']).unwrap_or(rest);
            let bytes = number.as_bytes();
            let mut i = 0;
            let int_start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let mut digits = i - int_start;
            if i < bytes.len() && bytes[i] == b'.' {
                i += 1;
                let frac_start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                digits += i - frac_start;
            }
            if digits == 0 {
                return None;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                    i += 1;
                }
                let exp_start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i == exp_start {
                    return None;
                }
            }
            if i != bytes.len() {
                return None;
            }
            FloatBody::Decimal(number)
        }
    };
    Some(FloatLiteral { negative, body })
}

/// Value of a hexadecimal significand times 2^exponent, rounded once to `f64`.
fn hex_to_f64(significand: &str, exponent: i64) -> f64 {
    let (int_part, frac_part) = significand.split_once('.').unwrap_or((significand, ""));
    let mut mantissa: u64 = 0;
    let mut scale: i64 = exponent - 4 * frac_part.len() as i64;
    let mut sticky = false;
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = u64::from(c.to_digit(16).unwrap_or(0));
        if mantissa >> 56 == 0 {
            mantissa = (mantissa << 4) | d;
        } else {
            // Out of room: later digits only shift the scale (and make the value inexact).
            scale += 4;
            sticky |= d != 0;
        }
    }
    if mantissa == 0 {
        return 0.0;
    }
    let mantissa = mantissa | u64::from(sticky);
    // Round the integer mantissa to 53 bits by hand so the whole conversion rounds once.
    let bits = 64 - i64::from(mantissa.leading_zeros());
    let (mut m, mut s) = (mantissa, scale);
    if bits > 53 {
        let shift = bits - 53;
        let rem = m & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        m >>= shift;
        s += shift;
        if rem > half || (rem == half && m & 1 == 1) {
            m += 1;
        }
    }
    let clamped = s.clamp(-2000, 2000) as i32;
    (m as f64)
        * 2f64.powi(clamped.clamp(-1000, 1000))
        * 2f64.powi(clamped - clamped.clamp(-1000, 1000))
}

/// `Float.parseFloat(s)`: Java's syntax (trim, sign, `NaN`, `Infinity`, decimal or hex,
/// optional `f`/`d` suffix), correctly rounded to `f32`.
pub fn parse_float(text: &str) -> Option<f32> {
    let literal = read_java_float(text)?;
    let magnitude = match literal.body {
        FloatBody::NaN => f32::NAN,
        FloatBody::Infinity => f32::INFINITY,
        FloatBody::Decimal(number) => number.parse::<f32>().ok()?,
        FloatBody::Hex {
            significand,
            exponent,
        } => hex_to_f64(significand, exponent) as f32,
    };
    Some(if literal.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// `Double.parseDouble(s)`.
pub fn parse_double(text: &str) -> Option<f64> {
    let literal = read_java_float(text)?;
    let magnitude = match literal.body {
        FloatBody::NaN => f64::NAN,
        FloatBody::Infinity => f64::INFINITY,
        FloatBody::Decimal(number) => number.parse::<f64>().ok()?,
        FloatBody::Hex {
            significand,
            exponent,
        } => hex_to_f64(significand, exponent),
    };
    Some(if literal.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// Formats shortest round-trip digits the way `Double.toString` / `Float.toString` lay them
/// out: plain notation for 10^-3 <= |x| < 10^7, otherwise `d.dddE<exp>`.
fn java_layout(scientific: &str) -> String {
    // `scientific` is Rust's `{:e}` output: `[-]d[.ddd]e<exp>`, shortest round-trip digits.
    let (negative, rest) = match scientific.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, scientific),
    };
    let (mantissa, exp) = rest.split_once('e').unwrap_or((rest, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-3..7).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let out = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if (point as usize) >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            let (a, b) = digits.split_at(point as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{out}")
    } else {
        let (first, tail) = digits.split_at(1);
        let tail = if tail.is_empty() { "0" } else { tail };
        format!("{sign}{first}.{tail}E{exp}")
    }
}

/// `Double.toString(d)` with shortest round-trip digits (the JDK 19+ algorithm; JDK 17 agrees
/// on every value Flink's defaults and the golden corpus use).
pub fn double_to_string(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if value == 0.0 {
        if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_owned()
    } else if value.abs().to_bits() == 1 {
        // JDK 17 prints Double.MIN_VALUE with two digits (JDK-4511638, fixed in JDK 19).
        if value < 0.0 { "-4.9E-324" } else { "4.9E-324" }.to_owned()
    } else {
        java_layout(&format!("{value:e}"))
    }
}

/// `Float.toString(f)`.
pub fn float_to_string(value: f32) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if value == 0.0 {
        if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_owned()
    } else {
        java_layout(&format!("{value:e}"))
    }
}

/// `String.hashCode()`: 31-based polynomial over UTF-16 code units, wrapping.
pub fn string_hash_code(text: &str) -> i32 {
    text.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// The order in which a `java.util.HashMap<String, _>` filled with `keys` (in this insertion
/// order, no removals) iterates them: table sized by the 0.75 load factor, bucket index
/// `(h ^ h >>> 16) & (n - 1)`, buckets ascending, insertion order inside a bucket.
/// Returns indices into `keys`.
pub fn hash_map_iteration_order(keys: &[&str]) -> Vec<usize> {
    let mut capacity: usize = 16;
    while keys.len() > capacity * 3 / 4 {
        capacity *= 2;
    }
    let bucket = |key: &str| {
        let h = string_hash_code(key) as u32;
        ((h ^ (h >> 16)) as usize) & (capacity - 1)
    };
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // A stable sort keeps insertion order inside one bucket.
    order.sort_by_key(|&i| bucket(keys[i]));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_strips_control_chars_only() {
        assert_eq!(trim("\t 64m \u{1}\n"), "64m");
        assert_eq!(trim("\u{a0}64m"), "\u{a0}64m");
    }

    #[test]
    fn float_parsing_follows_java_syntax() {
        assert_eq!(parse_float("0.1"), Some(0.1f32));
        assert_eq!(parse_float(" .5 "), Some(0.5));
        assert_eq!(parse_float("5."), Some(5.0));
        assert_eq!(parse_float("1e-1"), Some(0.1));
        assert_eq!(parse_float("0.1f"), Some(0.1));
        assert_eq!(parse_float("-2D"), Some(-2.0));
        assert_eq!(parse_float("0x1p-3"), Some(0.125));
        assert_eq!(parse_float("0x1.8P1"), Some(3.0));
        assert!(parse_float("NaN").is_some_and(f32::is_nan));
        assert_eq!(parse_float("-Infinity"), Some(f32::NEG_INFINITY));
        for bad in [
            "", "inf", "nan", "1e", ".", "1.2.3", "1_0", "0x1", "e5", "1 0", "+",
        ] {
            assert_eq!(parse_float(bad), None, "{bad}");
        }
    }

    #[test]
    fn integer_parsing_accepts_unicode_digits_but_no_spaces() {
        assert_eq!(parse_int("-12"), Some(-12));
        assert_eq!(parse_int("+7"), Some(7));
        assert_eq!(parse_int("\u{ff11}\u{ff12}"), Some(12));
        assert_eq!(parse_int("2147483648"), None);
        assert_eq!(parse_int("-2147483648"), Some(i32::MIN));
        assert_eq!(parse_long("-9223372036854775808"), Some(i64::MIN));
        for bad in [" 1", "1 ", "4.0", "0x10", "", "-", "1e3"] {
            assert_eq!(parse_int(bad), None, "{bad}");
        }
    }

    #[test]
    fn double_to_string_matches_java_layout() {
        assert_eq!(double_to_string(f64::from(0.1f32)), "0.10000000149011612");
        assert_eq!(double_to_string(f64::from(0.4f32)), "0.4000000059604645");
        assert_eq!(double_to_string(1.0), "1.0");
        assert_eq!(double_to_string(1000.0), "1000.0");
        assert_eq!(double_to_string(1e7), "1.0E7");
        assert_eq!(double_to_string(0.001), "0.001");
        assert_eq!(double_to_string(0.0001), "1.0E-4");
        assert_eq!(double_to_string(-1.5e-10), "-1.5E-10");
        assert_eq!(double_to_string(123_456.789), "123456.789");
        let inverse = f64::from(0.1f32) / (1.0 - f64::from(0.1f32));
        assert_eq!(double_to_string(inverse), "0.11111111295076065");
        assert_eq!(float_to_string(0.1), "0.1");
        assert_eq!(float_to_string(4.0), "4.0");
    }

    #[test]
    fn hash_map_order_matches_the_jdk_for_flinks_dynamic_configs() {
        // Insertion order of TaskExecutorProcessUtils.generateDynamicConfigsStr (1.13+).
        let keys = [
            "taskmanager.cpu.cores",
            "taskmanager.memory.framework.heap.size",
            "taskmanager.memory.framework.off-heap.size",
            "taskmanager.memory.task.heap.size",
            "taskmanager.memory.task.off-heap.size",
            "taskmanager.memory.network.min",
            "taskmanager.memory.network.max",
            "taskmanager.memory.managed.size",
            "taskmanager.memory.jvm-metaspace.size",
            "taskmanager.memory.jvm-overhead.min",
            "taskmanager.memory.jvm-overhead.max",
            "taskmanager.numberOfTaskSlots",
            "external-resources",
        ];
        let order: Vec<&str> = hash_map_iteration_order(&keys)
            .into_iter()
            .map(|i| keys[i])
            .collect();
        assert_eq!(
            order,
            [
                "taskmanager.memory.network.min",
                "taskmanager.cpu.cores",
                "taskmanager.memory.task.off-heap.size",
                "taskmanager.memory.jvm-metaspace.size",
                "external-resources",
                "taskmanager.memory.jvm-overhead.min",
                "taskmanager.memory.framework.off-heap.size",
                "taskmanager.memory.network.max",
                "taskmanager.memory.framework.heap.size",
                "taskmanager.memory.managed.size",
                "taskmanager.memory.task.heap.size",
                "taskmanager.numberOfTaskSlots",
                "taskmanager.memory.jvm-overhead.max",
            ]
        );
    }

    #[test]
    fn equals_ignore_case_folds_like_java() {
        assert!(equals_ignore_case("TRUE", "true"));
        assert!(equals_ignore_case("fal\u{17f}e", "false")); // long s upper-cases to S
        assert!(!equals_ignore_case("yes", "true"));
    }
}
