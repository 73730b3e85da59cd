//! Failures of the memory derivation: Flink's exact exception chain plus structured data.
//!
//! Flink reports a failed derivation as a Java exception with a cause chain; the golden files
//! record each link's class and message. [`CalcError`] carries that chain byte for byte (so the
//! CLI can print what Flink prints) and a [`Failure`] saying which check failed with every
//! operand and where it came from (so a renderer can say "lower X by N bytes").
//!
//! Wrapping rules mirror `TaskExecutorProcessUtils.processSpecFromConfig` (adds
//! `TaskManager memory configuration failed: `), `TaskExecutorProcessUtils
//! .getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption` (adds `TaskManager failed to
//! map legacy JVM heap option to the new one: `, 1.x only) and `JobManagerProcessUtils
//! .processSpecFromConfigWithNewOptionToInterpretLegacyHeap` (adds `JobManager memory
//! configuration failed: `, 1.x only; 2.x `BashJavaUtils` calls the unwrapped method). Only
//! `IllegalConfigurationException`s are wrapped; parse errors and arithmetic errors pass through.

use std::fmt;

use super::component::Component;
use crate::config::{Origin, Span};
use crate::units::{ArithmeticError, MemorySize};

/// Java exception classes that appear in Flink's failures.
pub mod class {
    pub const ILLEGAL_CONFIGURATION: &str =
        "org.apache.flink.configuration.IllegalConfigurationException";
    pub const ILLEGAL_ARGUMENT: &str = "java.lang.IllegalArgumentException";
    pub const NUMBER_FORMAT: &str = "java.lang.NumberFormatException";
    pub const ARITHMETIC: &str = "java.lang.ArithmeticException";
    pub const NULL_POINTER: &str = "java.lang.NullPointerException";
    pub const RUNTIME: &str = "java.lang.RuntimeException";
    pub const CLASS_CAST: &str = "java.lang.ClassCastException";
    pub const YAML_ENGINE: &str = "org.snakeyaml.engine.v2.exceptions.YamlEngineException";
}

/// Which process a derivation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Process {
    TaskManager,
    JobManager,
}

impl Process {
    /// The option that sets this process's total process memory (`*.memory.process.size`).
    pub fn total_process_key(self) -> &'static str {
        match self {
            Self::TaskManager => "taskmanager.memory.process.size",
            Self::JobManager => "jobmanager.memory.process.size",
        }
    }

    /// The option that sets this process's total Flink memory (`*.memory.flink.size`).
    pub fn total_flink_key(self) -> &'static str {
        match self {
            Self::TaskManager => "taskmanager.memory.flink.size",
            Self::JobManager => "jobmanager.memory.flink.size",
        }
    }
}

impl fmt::Display for Process {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TaskManager => "TaskManager",
            Self::JobManager => "JobManager",
        })
    }
}

/// One link of a Java exception chain: its class name and `getMessage()`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JavaException {
    pub class: String,
    pub message: String,
}

impl JavaException {
    pub fn new(class: &str, message: impl Into<String>) -> Self {
        Self {
            class: class.to_owned(),
            message: message.into(),
        }
    }
}

/// A configured value that Flink could not use.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ValueRef {
    /// The option's key (the one Flink names in its message).
    pub key: String,
    /// The deprecated or fallback key the value was written under, if not `key`.
    pub via: Option<String>,
    /// The value as Flink stores it (`toString()`).
    pub raw: String,
    pub origin: Origin,
    pub span: Option<Span>,
}

/// A named operand of a failed check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Addend {
    /// Flink's name for it, e.g. `Managed Memory`.
    pub name: &'static str,
    pub component: Component,
}

impl Addend {
    pub fn new(name: &'static str, component: &Component) -> Self {
        Self {
            name,
            component: component.clone(),
        }
    }
}

/// Why a segment size is refused (`ConfigurationParserUtils.getPageSize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentProblem {
    /// Larger than `Integer.MAX_VALUE`.
    NotAnInt,
    /// Smaller than 4096 bytes.
    TooSmall,
    NotPowerOfTwo,
    /// More buffers than `Integer.MAX_VALUE` (`NetworkBufferPool` at TM start).
    TooManyBuffers,
}

/// Which check failed, with its operands.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "check")]
pub enum Failure {
    /// Flink refuses the whole `config.yaml` (`Error parsing YAML configuration.`).
    FileRejected { reason: String, span: Option<Span> },
    /// None of the options that select a derivation path is set (E-NONE).
    NotConfigured,
    /// A value cannot be converted to its option's type (E-READ and plain parse errors).
    InvalidValue { value: ValueRef, reason: String },
    /// A fraction outside `[0, 1)` or a min above its max (E-RANGEFRAC).
    FractionRange {
        key: String,
        fraction: f64,
        min: Component,
        max: Component,
        min_above_max: bool,
    },
    /// The addends exceed (or, with `exact`, differ from) the limit: E-SUM-A, E-SUM-B,
    /// E-META-OVH, E-PROC-LESS, E-JM-SUM, E-JM-HEAP-EXCEEDS, E-JM-LESS-OFFHEAP.
    Exceeds {
        addends: Vec<Addend>,
        limit: Addend,
        /// True when the sum must equal the limit exactly (E-JM-SUM).
        exact: bool,
    },
    /// A derived size outside its configured range (E-NET-RANGE, E-OVH-RANGE).
    OutOfRange {
        derived: Addend,
        min: Component,
        max: Component,
    },
    /// The network remainder differs from `numberOfBuffers × segment size` (E-NET-LEGACY).
    LegacyNetworkMismatch {
        derived: Component,
        configured: Component,
    },
    /// CPU cores not positive (E-CPU); `from_slots` when derived from the slot count.
    CpuCores { cores: f64, from_slots: bool },
    /// A negative legacy `*.heap.mb` (E-LEGACY-MB).
    NegativeLegacyHeap { value: ValueRef, mebibytes: i64 },
    /// A refused `taskmanager.memory.segment-size`.
    SegmentSize { bytes: u64, problem: SegmentProblem },
    /// An addition overflowed or a size went negative (`long overflow`, `bytes must be >= 0`).
    Arithmetic {
        error: String,
        operands: Vec<Addend>,
    },
}

/// A failed derivation: Flink's exception chain for this version, and what failed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CalcError {
    pub process: Process,
    /// The top-level exception (`class`, `message`) Flink throws.
    pub exception: JavaException,
    /// Its causes, outermost first, as Flink's `getCause()` chain.
    pub causes: Vec<JavaException>,
    pub failure: Box<Failure>,
}

impl CalcError {
    pub fn message(&self) -> &str {
        &self.exception.message
    }

    pub fn class(&self) -> &str {
        &self.exception.class
    }
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.exception.message)
    }
}

impl std::error::Error for CalcError {}

/// An exception while deriving, before it reaches the caller: the chain (top first).
#[derive(Debug, Clone)]
pub(crate) struct Thrown {
    pub chain: Vec<JavaException>,
    pub failure: Box<Failure>,
}

impl Thrown {
    pub fn new(class: &str, message: impl Into<String>, failure: Failure) -> Self {
        Self {
            chain: vec![JavaException::new(class, message)],
            failure: Box::new(failure),
        }
    }

    /// An `IllegalConfigurationException` with `message`.
    pub fn config(message: impl Into<String>, failure: Failure) -> Self {
        Self::new(class::ILLEGAL_CONFIGURATION, message, failure)
    }

    /// `Math.addExact` / `MemorySize` constructor failures.
    pub fn arithmetic(error: ArithmeticError, operands: Vec<Addend>) -> Self {
        let class = match error {
            ArithmeticError::Overflow => class::ARITHMETIC,
            ArithmeticError::Negative => class::ILLEGAL_ARGUMENT,
        };
        Self::new(
            class,
            error.to_string(),
            Failure::Arithmetic {
                error: error.to_string(),
                operands,
            },
        )
    }

    /// Adds a cause below the current chain (for building a chain top-down).
    pub fn caused_by(mut self, class: &str, message: impl Into<String>) -> Self {
        self.chain.push(JavaException::new(class, message));
        self
    }

    pub fn is_config(&self) -> bool {
        self.chain
            .first()
            .is_some_and(|e| e.class == class::ILLEGAL_CONFIGURATION)
    }

    /// Wraps an `IllegalConfigurationException` in a new one whose message is
    /// `prefix + original message` (other exceptions pass through).
    pub fn prefixed(self, prefix: &str) -> Self {
        if !self.is_config() {
            return self;
        }
        let message = format!("{prefix}{}", self.chain[0].message);
        self.wrapped(message)
    }

    /// Wraps any exception in a new one of `class` with `message` (`new X(message, cause)`).
    pub fn caused(mut self, class: &str, message: String) -> Self {
        self.chain.insert(0, JavaException::new(class, message));
        self
    }

    /// Wraps an `IllegalConfigurationException` in a new one with `message`.
    pub fn wrapped(self, message: String) -> Self {
        if !self.is_config() {
            return self;
        }
        self.caused(class::ILLEGAL_CONFIGURATION, message)
    }

    pub fn into_error(self, process: Process) -> CalcError {
        let mut chain = self.chain.into_iter();
        let exception = chain
            .next()
            .unwrap_or_else(|| JavaException::new(class::RUNTIME, String::new()));
        CalcError {
            process,
            exception,
            causes: chain.collect(),
            failure: self.failure,
        }
    }
}

/// The class of the exception a value converter threw, from its message.
pub(crate) fn converter_class(message: &str) -> &'static str {
    const NUMBER_FORMAT_PREFIXES: [&str; 5] = [
        "For input string",
        "empty String",
        "text does not start with a number",
        "multiple points",
        "Infinite or NaN",
    ];
    if NUMBER_FORMAT_PREFIXES
        .iter()
        .any(|p| message.starts_with(p))
    {
        class::NUMBER_FORMAT
    } else {
        class::ILLEGAL_ARGUMENT
    }
}

/// `MemorySize.toHumanReadableString()` of a component, for messages.
pub(crate) fn human(size: MemorySize) -> String {
    size.to_human_readable()
}
