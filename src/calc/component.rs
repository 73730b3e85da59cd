//! One derived number and where it came from: [`Component`] (a byte count) and its
//! [`Provenance`] (a file span, a default, a fraction, a clamp, a remainder, a sum), shared by
//! the budgets and by the errors that quote them.

use crate::config::{Origin, Span};
use crate::units::MemorySize;

/// Serialisers for the crate types that have no `Serialize` of their own.
pub(crate) mod ser {
    use serde::Serializer;

    use crate::units::MemorySize;
    use crate::version::FlinkVersion;

    /// A size as its byte count.
    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's `serialize_with` signature"
    )]
    pub fn bytes<S: Serializer>(size: &MemorySize, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(size.bytes())
    }

    /// A version as `1.20`.
    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's `serialize_with` signature"
    )]
    pub fn version<S: Serializer>(version: &FlinkVersion, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(version)
    }
}

/// Where a component's byte count came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Provenance {
    /// Read from the configuration: the option `key`, written under `via` when that is a
    /// deprecated or fallback key.
    Configured {
        key: String,
        via: Option<String>,
        origin: Origin,
        span: Option<Span>,
    },
    /// The option's default in this Flink version.
    Default { key: String },
    /// `fraction × <of>` (truncated), `fraction` printed as Java's `Double.toString` of the
    /// multiplier actually used (for an inverse fraction `f / (1 - f)`).
    Fraction {
        key: String,
        fraction: String,
        of: &'static str,
    },
    /// A fraction-derived value below the option `key` (a min), raised to it.
    ClampedToMin {
        key: String,
        #[serde(serialize_with = "ser::bytes")]
        derived: MemorySize,
    },
    /// A fraction-derived value above the option `key` (a max), lowered to it.
    ClampedToMax {
        key: String,
        #[serde(serialize_with = "ser::bytes")]
        derived: MemorySize,
    },
    /// What is left of `of` after the other components.
    Remainder { of: &'static str },
    /// The sum of other components, e.g. JVM heap = framework heap + task heap.
    Sum { of: &'static str },
    /// Taken from a legacy option (`taskmanager.heap.size`, `taskmanager.network
    /// .numberOfBuffers`, ...) that Flink maps onto the new model (1.x only).
    Legacy {
        key: String,
        origin: Origin,
        span: Option<Span>,
    },
}

/// A memory size and its provenance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Component {
    #[serde(serialize_with = "ser::bytes")]
    pub bytes: MemorySize,
    pub provenance: Provenance,
}

impl Component {
    pub fn new(bytes: MemorySize, provenance: Provenance) -> Self {
        Self { bytes, provenance }
    }

    pub(crate) fn sum(bytes: MemorySize, of: &'static str) -> Self {
        Self::new(bytes, Provenance::Sum { of })
    }

    pub(crate) fn remainder(bytes: MemorySize, of: &'static str) -> Self {
        Self::new(bytes, Provenance::Remainder { of })
    }

    /// True when the value was written in the configuration (or a legacy key).
    pub fn is_configured(&self) -> bool {
        matches!(
            self.provenance,
            Provenance::Configured { .. } | Provenance::Legacy { .. }
        )
    }
}
