//! Short phrases for the explanations: sizes as Flink prints them, and where a component's
//! size came from.

use crate::calc::{Component, Provenance};
use crate::config::Config;
use crate::java;
use crate::units::MemorySize;

/// A byte count as Flink's `toHumanReadableString()` prints it.
pub fn size(bytes: u64) -> String {
    MemorySize::from_bytes(bytes).to_human_readable()
}

/// A component's size and where it came from: `128.000mb (134217730 bytes), 0.1 × total Flink
/// memory (taskmanager.memory.network.fraction)`.
pub fn component(config: &Config, component: &Component) -> String {
    format!(
        "{}, {}",
        size(component.bytes.bytes()),
        origin(config, &component.provenance)
    )
}

/// The fraction option `key` as the user wrote it (or its default), when it is the multiplier
/// Flink used.
fn written_fraction(config: &Config, key: &str, used: &str) -> Option<String> {
    let text = match config.resolve(key) {
        Some(r) => r.entry.value.java_string().into_owned(),
        None => config.default_text(key)?.to_owned(),
    };
    let value = java::parse_float(&text)?;
    (java::double_to_string(f64::from(value)) == used).then(|| value.to_string())
}

/// Where a size came from, in a few words.
pub fn origin(config: &Config, provenance: &Provenance) -> String {
    match provenance {
        Provenance::Configured { key, via, .. } => match via {
            Some(via) => format!("set by {via} (an old name of {key})"),
            None => format!("set by {key}"),
        },
        Provenance::Default { key } => format!("the default of {key}"),
        Provenance::Fraction { key, fraction, of } => {
            let shown = written_fraction(config, key, fraction).unwrap_or_else(|| fraction.clone());
            format!("{shown} × {of} ({key})")
        }
        Provenance::ClampedToMin { key, .. } => format!("raised to its min {key}"),
        Provenance::ClampedToMax { key, .. } => format!("capped at its max {key}"),
        Provenance::Remainder { of } => format!("what is left of {of}"),
        Provenance::Sum { of } => format!("the sum of {of}"),
        Provenance::Legacy { key, .. } => format!("from the legacy key {key}"),
    }
}
