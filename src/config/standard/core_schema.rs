//! The YAML 1.2 core schema as snakeyaml-engine applies it: the Java object each node
//! constructs to, and how Flink writes such an object back into a string.

use std::fmt::Write as _;

use granit_parser::ScalarStyle;

use super::tree::Node;
use crate::config::Rejection;
use crate::java;

/// The Java object snakeyaml-engine's core schema constructs for a node.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Object {
    Null,
    Str(String),
    /// An integer, as its decimal text (`Integer`, `Long` or `BigInteger` in Java).
    Int(String),
    Double(f64),
    Bool(bool),
    /// A `!!binary` scalar (a `byte[]` in Java), as its base64 text.
    Binary(String),
    List(Vec<Object>),
    Map(Vec<(Object, Object)>),
}

impl Object {
    /// `String.valueOf(object)` as Flink's flatten and `toMap` see it.
    pub(super) fn to_java_string(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Str(s) => s.clone(),
            Self::Int(digits) => digits.clone(),
            Self::Double(d) => yaml_double(*d),
            Self::Bool(b) => b.to_string(),
            // How snakeyaml-engine dumps a byte array, which is what Flink's toMap shows.
            Self::Binary(base64) => format!("!!binary |-\n  {base64}"),
            Self::List(_) | Self::Map(_) => flow_string(self),
        }
    }
}

/// How snakeyaml-engine represents a double (`.inf`, `.nan`, else `Double.toString`).
pub(super) fn yaml_double(d: f64) -> String {
    if d.is_nan() {
        ".nan".to_owned()
    } else if d.is_infinite() {
        if d > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        java::double_to_string(d)
    }
}

/// A list or map as Flink writes it back into a string: YAML flow style, strings quoted with
/// single quotes when plain style would change their meaning.
pub(super) fn flow_string(object: &Object) -> String {
    match object {
        Object::List(items) => {
            let parts: Vec<String> = items.iter().map(flow_string).collect();
            format!("[{}]", parts.join(", "))
        }
        Object::Map(pairs) => {
            let parts: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", flow_string(k), flow_string(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Object::Str(s) => {
            if needs_quotes(s) {
                format!("'{}'", s.replace('\'', "''"))
            } else {
                s.clone()
            }
        }
        other => other.to_java_string(),
    }
}

/// Whether a string would not survive as a plain flow scalar.
fn needs_quotes(s: &str) -> bool {
    s.is_empty()
        || resolve_plain(s) != Object::Str(s.to_owned())
        || s.starts_with([
            ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"',
            '%', '@', '`',
        ])
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains([',', '[', ']', '{', '}', '\n', '\t'])
}

/// The YAML 1.2 core schema's implicit typing of a plain scalar (snakeyaml-engine's
/// `CoreScalarResolver` and its constructors).
pub(super) fn resolve_plain(text: &str) -> Object {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Object::Null,
        "true" | "True" | "TRUE" => return Object::Bool(true),
        "false" | "False" | "FALSE" => return Object::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Object::Double(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Object::Double(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Object::Double(f64::NAN),
        _ => {}
    }
    if let Some(digits) = int_digits(text) {
        return Object::Int(digits);
    }
    if is_core_float(text)
        && let Ok(d) = text.parse::<f64>()
    {
        return Object::Double(d);
    }
    Object::Str(text.to_owned())
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`, as the decimal text of the integer.
fn int_digits(text: &str) -> Option<String> {
    let radix_digits = |digits: &str, radix: u32| -> Option<String> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        Some(big_to_decimal(digits, radix))
    };
    if let Some(hex) = text.strip_prefix("0x") {
        return radix_digits(hex, 16);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return radix_digits(oct, 8);
    }
    let (sign, digits) = match text.as_bytes().first()? {
        b'-' => ("-", &text[1..]),
        b'+' => ("", &text[1..]),
        _ => ("", text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = big_to_decimal(digits, 10);
    if magnitude == "0" {
        return Some("0".to_owned());
    }
    Some(format!("{sign}{magnitude}"))
}

/// Converts digits in `radix` to decimal text of arbitrary size (Java's `BigInteger`).
fn big_to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian base-10^9 limbs.
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
        for limb in &mut limbs {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut out = limbs.last().map(ToString::to_string).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        let _ = write!(out, "{limb:09}");
    }
    out
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        // `\.[0-9]+` or `[0-9]+\.[0-9]*`: digits on at least one side of the point.
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

const CORE_TAG: &str = "tag:yaml.org,2002:";

/// The object a scalar node constructs to, or why snakeyaml-engine would fail.
fn construct_scalar(value: &str, style: ScalarStyle, tag: Option<&str>) -> Result<Object, String> {
    match tag {
        None if style == ScalarStyle::Plain => Ok(resolve_plain(value)),
        None => Ok(Object::Str(value.to_owned())),
        Some(tag) => match tag.strip_prefix(CORE_TAG) {
            Some("str") => Ok(Object::Str(value.to_owned())),
            Some("null") => Ok(Object::Null),
            Some("bool") => match resolve_plain(value) {
                b @ Object::Bool(_) => Ok(b),
                _ => Err(format!("invalid boolean value '{value}' for tag !!bool")),
            },
            Some("int") => int_digits(value)
                .map(Object::Int)
                .ok_or_else(|| format!("invalid integer '{value}' for tag !!int")),
            Some("float") => match resolve_plain(value) {
                Object::Double(d) => Ok(Object::Double(d)),
                Object::Int(digits) => Ok(Object::Double(digits.parse().unwrap_or(f64::NAN))),
                _ => Err(format!("invalid float '{value}' for tag !!float")),
            },
            Some("binary") => Ok(Object::Binary(value.split_whitespace().collect())),
            _ => Err(format!("unsupported YAML tag {tag}")),
        },
    }
}

/// Converts a node to the object snakeyaml-engine constructs.
pub(super) fn construct(node: &Node) -> Result<Object, Rejection> {
    match node {
        Node::Scalar {
            value,
            style,
            tag,
            span,
        } => construct_scalar(value, *style, tag.as_deref()).map_err(|message| Rejection {
            message,
            span: *span,
        }),
        Node::Sequence { items, .. } => items
            .iter()
            .map(construct)
            .collect::<Result<Vec<_>, _>>()
            .map(Object::List),
        Node::Mapping { pairs, .. } => pairs
            .iter()
            .map(|(k, v)| Ok((construct(k)?, construct(v)?)))
            .collect::<Result<Vec<_>, _>>()
            .map(Object::Map),
    }
}
