//! A configuration value as Flink stores it, and Flink's conversions to option types.
//!
//! The legacy format stores every value as a string. Standard YAML stores what
//! snakeyaml-engine's core schema constructs (string, integer, double, boolean, list), and
//! Flink's converters (`ConfigurationUtils.convertTo*`) treat those objects differently from
//! their string form in a few places (a YAML double becomes a float by a cast, a YAML long is
//! range-checked). [`Value`] keeps both the object kind and the string Flink derives from it.

use crate::duration::FlinkDuration;
use crate::java;
use crate::units::MemorySize;
use crate::version::FlinkVersion;

/// The Java type of a stored value.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// A string: every legacy value, quoted or plain-string YAML scalars, `-D` overrides.
    String,
    /// A YAML integer (`Integer`, `Long` or `BigInteger` in Java).
    Integer,
    /// A YAML float (`Double`); the exact double is kept for the float conversion.
    Double(f64),
    /// A YAML boolean.
    Boolean,
    /// Another object (a `!!binary` byte array); Flink can only use it as a string.
    Other,
}

/// A stored value: its Java type and the text `toString()` gives for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Value {
    pub kind: ValueKind,
    /// What Flink's `Configuration.toMap()` shows for this value (for a YAML double its YAML
    /// form, e.g. `.inf`).
    pub text: String,
}

impl Value {
    pub fn string(text: impl Into<String>) -> Self {
        Self {
            kind: ValueKind::String,
            text: text.into(),
        }
    }

    /// The stored object's Java `toString()`, which the converters parse.
    pub fn java_string(&self) -> std::borrow::Cow<'_, str> {
        match self.kind {
            ValueKind::Double(d) => java::double_to_string(d).into(),
            _ => self.text.as_str().into(),
        }
    }

    /// `ConfigurationUtils.convertToMemorySize`: parse `toString()`.
    pub fn to_memory_size(&self) -> Result<MemorySize, String> {
        MemorySize::parse(&self.java_string()).map_err(|e| e.to_string())
    }

    /// `ConfigurationUtils.convertToFloat`: a double is cast when it is in float range.
    pub fn to_float(&self) -> Result<f32, String> {
        match self.kind {
            ValueKind::Double(d) => {
                // Float.MIN_VALUE is the smallest subnormal float.
                let min = f64::from(f32::from_bits(1));
                let max = f64::from(f32::MAX);
                if d == 0.0 || (min..=max).contains(&d.abs()) {
                    Ok(d as f32)
                } else {
                    Err(format!(
                        "Configuration value {} overflows/underflows the float type.",
                        java::double_to_string(d)
                    ))
                }
            }
            _ => java::parse_float(&self.text).ok_or_else(|| number_format_error(&self.text)),
        }
    }

    /// `ConfigurationUtils.convertToDouble`.
    pub fn to_double(&self) -> Result<f64, String> {
        match self.kind {
            ValueKind::Double(d) => Ok(d),
            _ => java::parse_double(&self.text).ok_or_else(|| number_format_error(&self.text)),
        }
    }

    /// `ConfigurationUtils.convertToInt`: a YAML integer is range-checked, anything else goes
    /// through `Integer.parseInt`.
    pub fn to_int(&self) -> Result<i32, String> {
        match self.kind {
            ValueKind::Integer => match java::parse_long(&self.text) {
                Some(v) => i32::try_from(v).map_err(|_| {
                    format!("Configuration value {v} overflows/underflows the integer type.")
                }),
                None => Err(integer_format_error(&self.text)),
            },
            _ => java::parse_int(&self.text).ok_or_else(|| integer_format_error(&self.text)),
        }
    }

    /// `ConfigurationUtils.convertToLong`.
    pub fn to_long(&self) -> Result<i64, String> {
        java::parse_long(&self.text).ok_or_else(|| integer_format_error(&self.text))
    }

    /// `ConfigurationUtils.convertToBoolean`: `TRUE` / `FALSE` after upper-casing.
    pub fn to_bool(&self) -> Result<bool, String> {
        match self.text.to_uppercase().as_str() {
            "TRUE" => Ok(true),
            "FALSE" => Ok(false),
            _ => Err(format!(
                "Unrecognized option for boolean: {}. Expected either true or false(case insensitive)",
                self.text
            )),
        }
    }

    /// `TimeUtils.parseDuration` on `toString()`, with the rules of `version`.
    pub fn to_duration(&self, version: FlinkVersion) -> Result<FlinkDuration, String> {
        FlinkDuration::parse(&self.java_string(), version)
    }

    /// `ConfigurationUtils.convertToEnum`: the constant whose name matches, ignoring case.
    pub fn to_enum<'a>(&self, constants: &[&'a str]) -> Result<&'a str, String> {
        let wanted = self.text.to_uppercase();
        constants
            .iter()
            .find(|c| c.to_uppercase() == wanted)
            .copied()
            .ok_or_else(|| {
                format!(
                    "Could not parse value for enum. Expected one of: [{}]",
                    constants.join(", ")
                )
            })
    }
}

/// The message of the `NumberFormatException` `Float.parseFloat` throws.
fn number_format_error(text: &str) -> String {
    let trimmed = java::trim(text);
    if trimmed.is_empty() {
        "empty String".to_owned()
    } else {
        format!("For input string: \"{text}\"")
    }
}

/// The message of the `NumberFormatException` `Integer.parseInt` throws.
fn integer_format_error(text: &str) -> String {
    format!("For input string: \"{text}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml_double(d: f64) -> Value {
        Value {
            kind: ValueKind::Double(d),
            text: java::double_to_string(d),
        }
    }

    #[test]
    fn floats_from_strings_and_yaml_doubles() {
        assert_eq!(Value::string("0.1").to_float(), Ok(0.1));
        assert_eq!(yaml_double(0.1).to_float(), Ok(0.1));
        assert_eq!(Value::string(" 0.5 ").to_float(), Ok(0.5));
        assert!(
            yaml_double(1e300)
                .to_float()
                .unwrap_err()
                .contains("overflows/underflows")
        );
        assert!(Value::string("abc").to_float().is_err());
    }

    #[test]
    fn integers_and_booleans() {
        assert_eq!(Value::string("4").to_int(), Ok(4));
        assert!(Value::string("4.0").to_int().is_err());
        let big = Value {
            kind: ValueKind::Integer,
            text: "3000000000".into(),
        };
        assert_eq!(
            big.to_int(),
            Err("Configuration value 3000000000 overflows/underflows the integer type.".into())
        );
        assert_eq!(Value::string("TRUE").to_bool(), Ok(true));
        assert!(Value::string("yes").to_bool().is_err());
    }

    #[test]
    fn enums_match_ignoring_case() {
        let constants = ["HASHMAP", "ROCKSDB"];
        assert_eq!(Value::string("rocksdb").to_enum(&constants), Ok("ROCKSDB"));
        assert!(Value::string("heap").to_enum(&constants).is_err());
    }
}
