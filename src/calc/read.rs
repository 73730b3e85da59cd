//! Reading options the way the memory utilities do, with Flink's failure chains.
//!
//! Mirrors `ProcessMemoryUtils.getMemorySizeFromConfig` (wraps any failure in `Cannot read
//! memory size from config option '<key>'.`), `Configuration.get`/`getOptional` (a conversion
//! failure becomes `Could not parse value '<raw>' for key '<key>'.`), `ConfigOption.toString`
//! and `ProcessMemoryUtils.getRangeFraction` / `RangeFraction` (min ≤ max, 0 ≤ fraction < 1).
//! The legacy heap mapping's copied configuration is modelled by [`Reader::map`].

use std::cell::RefCell;

use super::budget::Note;
use super::component::{Component, Provenance};
use super::error::{Failure, Thrown, ValueRef, class, converter_class, human};
use crate::config::{Config, Entry, Value};
use crate::java;
use crate::units::Fraction;
use crate::units::MemorySize;
use crate::version::FlinkVersion;

/// A value written into the configuration copy by the legacy heap mapping.
#[derive(Debug, Clone)]
struct Mapped {
    key: &'static str,
    component: Component,
}

/// A configuration as the derivation reads it.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    config: &'a Config,
    mapped: Option<Mapped>,
    notes: RefCell<Vec<Note>>,
}

/// Where an option's value is found.
enum Found<'a> {
    Entry {
        entry: &'a Entry,
        via: Option<&'a str>,
    },
    Mapped(&'a Component),
    Default(&'static str),
    Missing,
}

impl<'a> Reader<'a> {
    pub fn new(config: &'a Config) -> Self {
        Self {
            config,
            mapped: None,
            notes: RefCell::new(Vec::new()),
        }
    }

    pub fn version(&self) -> FlinkVersion {
        self.config.version()
    }

    pub fn config(&self) -> &'a Config {
        self.config
    }

    /// Records something Flink logs.
    pub fn note(&self, note: Note) {
        self.notes.borrow_mut().push(note);
    }

    pub fn take_notes(&self) -> Vec<Note> {
        self.notes.take()
    }

    /// Sets `key` in the configuration copy (`Configuration.set` on a copy).
    pub fn map(&mut self, key: &'static str, component: Component) {
        self.mapped = Some(Mapped { key, component });
    }

    /// `Configuration.contains(option)`: the key or one of its alternatives is present.
    pub fn contains(&self, key: &str) -> bool {
        self.mapped.as_ref().is_some_and(|m| m.key == key) || self.config.is_set(key)
    }

    fn find(&self, key: &str) -> Found<'_> {
        if let Some(m) = self.mapped.as_ref().filter(|m| m.key == key) {
            return Found::Mapped(&m.component);
        }
        if let Some(r) = self.config.resolve(key) {
            return Found::Entry {
                entry: r.entry,
                via: r.via,
            };
        }
        match self.config.default_text(key) {
            Some(text) => Found::Default(text),
            None => Found::Missing,
        }
    }

    /// `Configuration.get(option)` for a value of type `T`; `None` when unset without default.
    fn get<T>(
        &self,
        key: &str,
        convert: impl Fn(&Value) -> Result<T, String>,
    ) -> Result<Option<(T, Provenance)>, Thrown> {
        match self.find(key) {
            Found::Entry { entry, via } => match convert(&entry.value) {
                Ok(v) => Ok(Some((v, configured(key, entry, via)))),
                Err(reason) => Err(parse_failure(key, entry, via, reason)),
            },
            Found::Default(text) => Ok(convert(&Value::string(text)).ok().map(|v| {
                (
                    v,
                    Provenance::Default {
                        key: key.to_owned(),
                    },
                )
            })),
            Found::Mapped(_) | Found::Missing => Ok(None),
        }
    }

    /// `ProcessMemoryUtils.getMemorySizeFromConfig`.
    pub fn memory(&self, key: &str) -> Result<Component, Thrown> {
        if let Found::Mapped(component) = self.find(key) {
            return Ok(component.clone());
        }
        let read_failure = format!("Cannot read memory size from config option '{key}'.");
        match self.get(key, Value::to_memory_size) {
            Ok(Some((bytes, provenance))) => Ok(Component::new(bytes, provenance)),
            Ok(None) => Err(
                Thrown::config(read_failure, Failure::NotConfigured).caused_by(
                    class::NULL_POINTER,
                    "The memory option is not set and has no default value.",
                ),
            ),
            Err(thrown) => Err(thrown.caused(class::ILLEGAL_CONFIGURATION, read_failure)),
        }
    }

    /// `Configuration.get(option)` for a memory size, without the memory utilities' wrapper.
    pub fn memory_plain(&self, key: &str) -> Result<Option<Component>, Thrown> {
        if let Found::Mapped(component) = self.find(key) {
            return Ok(Some(component.clone()));
        }
        Ok(self
            .get(key, Value::to_memory_size)?
            .map(|(bytes, provenance)| Component::new(bytes, provenance)))
    }

    /// `Configuration.getFloat(option)`.
    pub fn float(&self, key: &str) -> Result<f32, Thrown> {
        Ok(self.get(key, Value::to_float)?.map_or(0.0, |(v, _)| v))
    }

    /// `Configuration.getInteger(option)` (an unset option without default reads as 0 here;
    /// callers only read options that are set or have a default).
    pub fn int(&self, key: &str) -> Result<i32, Thrown> {
        Ok(self.get(key, Value::to_int)?.map_or(0, |(v, _)| v))
    }

    /// `Configuration.getDouble(option)`.
    pub fn double(&self, key: &str) -> Result<f64, Thrown> {
        Ok(self.get(key, Value::to_double)?.map_or(0.0, |(v, _)| v))
    }

    /// `Configuration.getBoolean(option)`.
    pub fn boolean(&self, key: &str) -> Result<bool, Thrown> {
        Ok(self.get(key, Value::to_bool)?.is_some_and(|(v, _)| v))
    }

    /// `Configuration.getOptional` of an ad-hoc `Long` option (no default, no alternatives).
    pub fn long_literal(&self, key: &str) -> Result<Option<i64>, Thrown> {
        match self.config.get(key) {
            Some(entry) => entry
                .value
                .to_long()
                .map(Some)
                .map_err(|reason| parse_failure(key, entry, None, reason)),
            None => Ok(None),
        }
    }

    /// The entry that provides `key` (for provenance of legacy options).
    pub fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.config.resolve(key).map(|r| r.entry)
    }

    /// `ConfigOption.toString()`: `Key: '<key>' , default: <d> (fallback keys: [...])`.
    pub fn option_string(&self, key: &str) -> String {
        let option = self.config.catalog().option(key);
        let default = option
            .and_then(|o| o.default.as_deref())
            .map_or_else(|| "null".to_owned(), |d| default_string(key, d));
        let fallbacks: Vec<String> = option
            .map(|o| {
                o.alternatives
                    .iter()
                    .map(|a| format!("{{key={}, isDeprecated={}}}", a.key, a.deprecated))
                    .collect()
            })
            .unwrap_or_default();
        format!(
            "Key: '{key}' , default: {default} (fallback keys: [{}])",
            fallbacks.join(", ")
        )
    }
}

/// How a default prints inside `ConfigOption.toString()`: fractions via `Float.toString`.
fn default_string(key: &str, text: &str) -> String {
    if key.ends_with(".fraction")
        && let Some(f) = java::parse_float(text)
    {
        return java::float_to_string(f);
    }
    text.to_owned()
}

fn configured(key: &str, entry: &Entry, via: Option<&str>) -> Provenance {
    Provenance::Configured {
        key: key.to_owned(),
        via: via.map(str::to_owned),
        origin: entry.origin.clone(),
        span: entry.value_span,
    }
}

fn value_ref(key: &str, entry: &Entry, via: Option<&str>) -> ValueRef {
    ValueRef {
        key: key.to_owned(),
        via: via.map(str::to_owned),
        raw: entry.value.java_string().into_owned(),
        origin: entry.origin.clone(),
        span: entry.value_span,
    }
}

/// `Configuration.getOptional`'s conversion failure and its cause.
pub(crate) fn parse_failure(key: &str, entry: &Entry, via: Option<&str>, reason: String) -> Thrown {
    let message = format!(
        "Could not parse value '{}' for key '{key}'.",
        entry.value.java_string()
    );
    let inner_class = converter_class(&reason);
    Thrown::new(
        class::ILLEGAL_ARGUMENT,
        message,
        Failure::InvalidValue {
            value: value_ref(key, entry, via),
            reason: reason.clone(),
        },
    )
    .caused_by(inner_class, reason)
}

/// `RangeFraction`: a validated fraction with its min and max.
#[derive(Debug, Clone)]
pub(crate) struct RangeFraction {
    pub min: Component,
    pub max: Component,
    pub fraction: f32,
    pub key: &'static str,
}

impl RangeFraction {
    pub fn multiplier(&self) -> Fraction {
        Fraction::from_float(self.fraction)
    }
}

/// `ProcessMemoryUtils.getRangeFraction`: reads the fraction and checks min ≤ max, 0 ≤ f < 1.
pub(crate) fn range_fraction(
    reader: &Reader<'_>,
    min: Component,
    max: Component,
    key: &'static str,
) -> Result<RangeFraction, Thrown> {
    let fraction = reader.float(key)?;
    let widened = f64::from(fraction);
    let cause = if min.bytes > max.bytes {
        Some("min value must be less or equal to max value")
    } else if !Fraction::from_float(fraction).is_proper() {
        Some("fraction must be in range [0, 1)")
    } else {
        None
    };
    if let Some(cause) = cause {
        let message = format!(
            "Inconsistently configured {} ({}) and its min ({}), max ({}) value",
            reader.option_string(key),
            java::double_to_string(widened),
            human(min.bytes),
            human(max.bytes)
        );
        let failure = Failure::FractionRange {
            key: key.to_owned(),
            fraction: widened,
            min_above_max: min.bytes > max.bytes,
            min,
            max,
        };
        return Err(Thrown::config(message, failure).caused_by(class::ILLEGAL_ARGUMENT, cause));
    }
    Ok(RangeFraction {
        min,
        max,
        fraction,
        key,
    })
}

/// `ProcessMemoryUtils.deriveWithFraction` / `deriveWithInverseFraction` then `capToMinMax`.
pub(crate) fn derive_with_fraction(
    base: MemorySize,
    of: &'static str,
    range: &RangeFraction,
    inverse: bool,
) -> Result<Component, Thrown> {
    let multiplier = if inverse {
        range.multiplier().inverse()
    } else {
        range.multiplier()
    };
    let derived = base
        .multiply(&multiplier)
        .map_err(|e| Thrown::arithmetic(e, Vec::new()))?;
    Ok(cap_to_min_max(derived, of, range, multiplier))
}

fn cap_to_min_max(
    derived: MemorySize,
    of: &'static str,
    range: &RangeFraction,
    multiplier: Fraction,
) -> Component {
    let option_key = |c: &Component| match &c.provenance {
        Provenance::Configured { key, .. } | Provenance::Default { key } => key.clone(),
        _ => String::new(),
    };
    if derived > range.max.bytes {
        Component::new(
            range.max.bytes,
            Provenance::ClampedToMax {
                key: option_key(&range.max),
                derived,
            },
        )
    } else if derived < range.min.bytes {
        Component::new(
            range.min.bytes,
            Provenance::ClampedToMin {
                key: option_key(&range.min),
                derived,
            },
        )
    } else {
        Component::new(
            derived,
            Provenance::Fraction {
                key: range.key.to_owned(),
                fraction: multiplier.to_string(),
                of,
            },
        )
    }
}
