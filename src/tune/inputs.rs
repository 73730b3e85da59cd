//! The options `flinkmem tune` lets a person move: which keys, how a value steps with the arrow
//! keys (sizes by MiB and GiB, fractions by 0.01, counts by one), and how a value is written
//! back as text.

use crate::calc::{JobManagerBudget, TaskManagerBudget};
use crate::units::MemorySize;

/// How a value moves when stepped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A memory size: a small step of 64 MiB, a large one of 1 GiB.
    Size,
    /// A power-of-two size (the segment size): halved or doubled.
    PowerOfTwo,
    /// A fraction in [0, 1]: 0.01, or 0.1 for a large step.
    Fraction,
    /// A whole number: one, or doubled/halved for a large step.
    Count,
}

/// Which derived component shows the value of an option the file leaves unset.
#[derive(Debug, Clone, Copy)]
pub enum Derived {
    None,
    TaskManager(fn(&TaskManagerBudget) -> MemorySize),
    JobManager(fn(&JobManagerBudget) -> MemorySize),
}

/// One memory option of the inputs panel.
#[derive(Debug, Clone, Copy)]
pub struct MemoryInput {
    pub key: &'static str,
    /// A short label that fits the panel.
    pub label: &'static str,
    pub kind: Kind,
    pub derived: Derived,
}

const fn input(
    key: &'static str,
    label: &'static str,
    kind: Kind,
    derived: Derived,
) -> MemoryInput {
    MemoryInput {
        key,
        label,
        kind,
        derived,
    }
}

/// The memory options that decide a budget and its network pool, in the order of the panel.
/// Options a version does not know are left out of its panel.
pub const MEMORY_INPUTS: &[MemoryInput] = &[
    input(
        "taskmanager.memory.process.size",
        "process.size",
        Kind::Size,
        Derived::TaskManager(|b| b.total_process.bytes),
    ),
    input(
        "taskmanager.memory.flink.size",
        "flink.size",
        Kind::Size,
        Derived::TaskManager(|b| b.total_flink.bytes),
    ),
    input(
        "taskmanager.memory.managed.fraction",
        "managed.fraction",
        Kind::Fraction,
        Derived::None,
    ),
    input(
        "taskmanager.memory.managed.size",
        "managed.size",
        Kind::Size,
        Derived::TaskManager(|b| b.managed.bytes),
    ),
    input(
        "taskmanager.memory.network.fraction",
        "network.fraction",
        Kind::Fraction,
        Derived::None,
    ),
    input(
        "taskmanager.memory.network.min",
        "network.min",
        Kind::Size,
        Derived::None,
    ),
    input(
        "taskmanager.memory.network.max",
        "network.max",
        Kind::Size,
        Derived::None,
    ),
    input(
        "taskmanager.memory.jvm-overhead.fraction",
        "overhead.fraction",
        Kind::Fraction,
        Derived::None,
    ),
    input(
        "taskmanager.memory.jvm-overhead.min",
        "overhead.min",
        Kind::Size,
        Derived::None,
    ),
    input(
        "taskmanager.memory.jvm-overhead.max",
        "overhead.max",
        Kind::Size,
        Derived::None,
    ),
    input(
        "taskmanager.memory.jvm-metaspace.size",
        "metaspace.size",
        Kind::Size,
        Derived::None,
    ),
    input(
        "taskmanager.numberOfTaskSlots",
        "slots",
        Kind::Count,
        Derived::None,
    ),
    input(
        "taskmanager.memory.segment-size",
        "segment-size",
        Kind::PowerOfTwo,
        Derived::None,
    ),
    input(
        "taskmanager.network.memory.buffers-per-channel",
        "buffers/channel",
        Kind::Count,
        Derived::None,
    ),
    input(
        "taskmanager.network.memory.floating-buffers-per-gate",
        "floating/gate",
        Kind::Count,
        Derived::None,
    ),
    input(
        "jobmanager.memory.process.size",
        "JM process.size",
        Kind::Size,
        Derived::JobManager(|b| b.total_process.bytes),
    ),
];

const MIB: u64 = 1 << 20;
const SIZE_STEP: u64 = 64 * MIB;
const SIZE_BIG_STEP: u64 = 1 << 30;

/// A size as a person writes it in a Flink file: `1728m`, `32k`, or `<bytes>b`.
pub fn size_text(bytes: u64) -> String {
    if bytes != 0 && bytes.is_multiple_of(MIB) {
        format!("{}m", bytes / MIB)
    } else if bytes != 0 && bytes.is_multiple_of(1 << 10) {
        format!("{}k", bytes >> 10)
    } else {
        format!("{bytes}b")
    }
}

/// A fraction in hundredths as Flink reads it: `0.4`, `0.05`, `1.0`.
fn fraction_text(hundredths: i64) -> String {
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    let trimmed = text.trim_end_matches('0');
    if trimmed.ends_with('.') {
        format!("{trimmed}0")
    } else {
        trimmed.to_owned()
    }
}

/// `current` stepped `by` steps (negative: down), `big` for the large step; `None` when the
/// current text is not a value of this kind.
pub fn step(kind: Kind, current: &str, by: i64, big: bool) -> Option<String> {
    match kind {
        Kind::Size => {
            let bytes = MemorySize::parse(current).ok()?.bytes();
            let unit = if big { SIZE_BIG_STEP } else { SIZE_STEP };
            // Step to the next multiple of the step, so that values stay round.
            let next = if by > 0 {
                (bytes / unit + by.unsigned_abs()).saturating_mul(unit)
            } else {
                bytes
                    .div_ceil(unit)
                    .saturating_sub(by.unsigned_abs())
                    .saturating_mul(unit)
            };
            Some(size_text(next.min(crate::units::MAX_BYTES)))
        }
        Kind::PowerOfTwo => {
            let bytes = MemorySize::parse(current).ok()?.bytes().max(1);
            let next = match (by > 0, bytes.is_power_of_two()) {
                (true, true) => bytes.saturating_mul(2),
                (true, false) => bytes.checked_next_power_of_two()?,
                (false, true) => (bytes / 2).max(1),
                (false, false) => bytes.checked_next_power_of_two()? / 2,
            };
            Some(size_text(next.min(1 << 30)))
        }
        Kind::Fraction => {
            let value: f64 = current.trim().parse().ok()?;
            let hundredths = (value * 100.0).round() as i64;
            let unit = if big { 10 } else { 1 };
            Some(fraction_text((hundredths + by * unit).clamp(0, 100)))
        }
        Kind::Count => {
            let value: i64 = current.trim().parse().ok()?;
            let next = match (big, by > 0) {
                (false, _) => value + by,
                (true, true) => value.saturating_mul(2),
                (true, false) => value / 2,
            };
            Some(next.clamp(0, i64::from(i32::MAX)).to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_step_to_round_mebibytes() {
        assert_eq!(
            step(Kind::Size, "1728m", 1, false).as_deref(),
            Some("1792m")
        );
        assert_eq!(
            step(Kind::Size, "1728m", -1, false).as_deref(),
            Some("1664m")
        );
        assert_eq!(
            step(Kind::Size, "1700m", 1, false).as_deref(),
            Some("1728m")
        );
        assert_eq!(
            step(Kind::Size, "1700m", -1, false).as_deref(),
            Some("1664m")
        );
        assert_eq!(step(Kind::Size, "1728m", 1, true).as_deref(), Some("2048m"));
        assert_eq!(step(Kind::Size, "2g", -1, true).as_deref(), Some("1024m"));
        assert_eq!(step(Kind::Size, "0", -1, false).as_deref(), Some("0b"));
        assert_eq!(step(Kind::Size, "lots", 1, false), None);
    }

    #[test]
    fn fractions_step_by_hundredths_without_float_drift() {
        assert_eq!(
            step(Kind::Fraction, "0.4", 1, false).as_deref(),
            Some("0.41")
        );
        assert_eq!(
            step(Kind::Fraction, "0.1", -1, false).as_deref(),
            Some("0.09")
        );
        assert_eq!(
            step(Kind::Fraction, "0.95", 1, true).as_deref(),
            Some("1.0")
        );
        assert_eq!(
            step(Kind::Fraction, "0.0", -1, false).as_deref(),
            Some("0.0")
        );
        assert_eq!(step(Kind::Fraction, "0.3", 1, true).as_deref(), Some("0.4"));
    }

    #[test]
    fn counts_and_segment_sizes() {
        assert_eq!(step(Kind::Count, "1", 1, false).as_deref(), Some("2"));
        assert_eq!(step(Kind::Count, "4", 1, true).as_deref(), Some("8"));
        assert_eq!(step(Kind::Count, "0", -1, false).as_deref(), Some("0"));
        assert_eq!(
            step(Kind::PowerOfTwo, "32kb", 1, false).as_deref(),
            Some("64k")
        );
        assert_eq!(
            step(Kind::PowerOfTwo, "32kb", -1, false).as_deref(),
            Some("16k")
        );
        assert_eq!(
            step(Kind::PowerOfTwo, "1mb", 1, false).as_deref(),
            Some("2m")
        );
        assert_eq!(
            step(Kind::PowerOfTwo, "48k", 1, false).as_deref(),
            Some("64k")
        );
    }
}
