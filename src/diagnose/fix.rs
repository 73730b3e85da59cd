//! Changes that fix a diagnosed problem, each checked by re-running Flink's calculation with the
//! change applied, and what else the change moves in the budget.
//!
//! Sizes the log does not state (how much more metaspace a job needs, how much native memory a
//! killed container used) are raised by a stated step: [`STEP_PERCENT`] of the current size,
//! at least [`STEP_MIN_MIB`]. Buffer targets get [`HEADROOM_PERCENT`] on top of what the log
//! proves was needed. Every new size is rounded up to whole MiB.

use serde::Serialize;

use super::process::{Budget, effects};
use crate::calc::{self, CalcError, DerivationPath, JobManagerBudget, Process, TaskManagerBudget};
use crate::config::Config;
use crate::sizing::candidate::{configured_size, size_text, variant};
use crate::sizing::fit::{self, FitOutcome, Target};
use crate::sizing::remedy::{Remedy, remedies};
use crate::sizing::search::{LIMIT_MEBIBYTES, smallest};
use crate::units::MemorySize;

/// Headroom on a buffer count, in percent.
pub const HEADROOM_PERCENT: u64 = 25;
/// The step a size is raised by when the log does not say how much is missing, in percent.
pub const STEP_PERCENT: u64 = 25;
/// The smallest step, in MiB.
pub const STEP_MIN_MIB: u64 = 64;

const MIB: u64 = 1 << 20;

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Bytes,
    Buffers,
    Milliseconds,
}

/// A named number a finding computed or read from the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub name: &'static str,
    pub value: u64,
    pub unit: Unit,
}

impl Fact {
    pub fn bytes(name: &'static str, value: u64) -> Self {
        Self {
            name,
            value,
            unit: Unit::Bytes,
        }
    }

    pub fn buffers(name: &'static str, value: u64) -> Self {
        Self {
            name,
            value,
            unit: Unit::Buffers,
        }
    }
}

/// One budget component before and after a fix (`None`: the process had none, or was
/// rejected before the fix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    pub name: &'static str,
    pub unit: Unit,
    pub before: Option<u64>,
    pub after: Option<u64>,
}

/// One configuration change: set `key` to `value`, or remove `key` (`value` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub key: String,
    pub value: Option<String>,
}

impl Change {
    pub fn set(key: &str, value: impl Into<String>) -> Self {
        Self {
            key: key.to_owned(),
            value: Some(value.into()),
        }
    }

    pub fn remove(key: &str) -> Self {
        Self {
            key: key.to_owned(),
            value: None,
        }
    }
}

/// A checked fix: the changes, what the re-calculation showed, and what moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub process: Process,
    pub changes: Vec<Change>,
    /// What re-running Flink's calculation with the changes showed, in words.
    pub checked: String,
    /// The components that differ from before (every component when there was no before).
    pub effects: Vec<Effect>,
}

/// `count` plus [`HEADROOM_PERCENT`], rounded up.
pub fn with_headroom(count: u64) -> u64 {
    let scaled = u128::from(count) * u128::from(100 + HEADROOM_PERCENT);
    u64::try_from(scaled.div_ceil(100)).unwrap_or(u64::MAX)
}

/// Bytes rounded up to whole MiB, as a count of MiB.
pub fn mib_ceil(bytes: u64) -> u64 {
    bytes.div_ceil(MIB)
}

/// The step to raise a size of `current` bytes by when the log does not say how much is
/// missing: [`STEP_PERCENT`] of it to the nearest whole MiB, at least [`STEP_MIN_MIB`] (bytes).
pub fn step(current: u64) -> u64 {
    let percent = u128::from(current) * u128::from(STEP_PERCENT) / 100;
    let mebibytes = (percent + u128::from(MIB / 2)) / u128::from(MIB);
    u64::try_from(mebibytes)
        .unwrap_or(u64::MAX)
        .max(STEP_MIN_MIB)
        .saturating_mul(MIB)
}

/// `current + delta`, rounded up to whole MiB, as a size text (`320m`).
pub fn raised(current: u64, delta: u64) -> (u64, String) {
    let mib = mib_ceil(current.saturating_add(delta));
    let bytes = mib.saturating_mul(MIB);
    (bytes, size_text(MemorySize::from_bytes(bytes)))
}

/// `config` with `changes` applied (sets after its own overrides, removals from file and
/// command line).
pub fn apply(config: &Config, changes: &[Change]) -> Config {
    let sets: Vec<(String, String)> = changes
        .iter()
        .filter_map(|c| c.value.clone().map(|v| (c.key.clone(), v)))
        .collect();
    let removed: Vec<&str> = changes
        .iter()
        .filter(|c| c.value.is_none())
        .map(|c| c.key.as_str())
        .collect();
    variant(config, &sets, &removed)
}

/// The fix `changes` make to process `B`, when Flink accepts them and `accept` says the
/// budget reaches the goal (returning what the check showed).
pub fn fix<B: Budget>(
    config: &Config,
    before: Option<&B>,
    changes: Vec<Change>,
    accept: impl Fn(&B) -> Option<String>,
) -> Option<Fix> {
    let after = B::derive(&apply(config, &changes)).ok()?;
    let checked = accept(&after)?;
    Some(Fix {
        process: B::PROCESS,
        changes,
        checked,
        effects: effects(before, &after),
    })
}

/// A change that is not a memory size (a JVM flag, a timeout, a state backend switch), checked
/// to leave the budget exactly as it was.
pub fn neutral_fix<B: Budget>(
    config: &Config,
    before: &B,
    changes: Vec<Change>,
    checked: &str,
) -> Option<Fix> {
    fix(config, Some(before), changes, |after| {
        (after == before).then(|| format!("{checked}; the budget is unchanged"))
    })
}

/// Like [`fix`], but when Flink rejects the changes, adds the first checked remedy of the
/// rejection (typically a larger process size) and tries once more.
pub fn fix_or_remedy<B: Budget>(
    config: &Config,
    before: Option<&B>,
    changes: Vec<Change>,
    accept: impl Fn(&B) -> Option<String>,
) -> Option<Fix> {
    let candidate = apply(config, &changes);
    match B::derive(&candidate) {
        Ok(_) => fix(config, before, changes, accept),
        Err(error) => {
            let mut changes = changes;
            changes.push(first_set(&candidate, &error)?);
            fix(config, before, changes, accept)
        }
    }
}

/// The first remedy of a rejection that sets a key.
fn first_set(config: &Config, error: &CalcError) -> Option<Change> {
    remedies(config, error).into_iter().find_map(|r| match r {
        Remedy::Set { key, value, .. } => Some(Change::set(&key, value)),
        Remedy::Remove { .. } => None,
    })
}

/// The smallest `taskmanager.memory.process.size` (whole MiB) at which `config` plus `extra`
/// meets `targets` (`sizing::fit`), as a fix; `Err` with why not, or when that size is below
/// the current one.
pub fn fit_fix(
    config: &Config,
    before: Option<&TaskManagerBudget>,
    extra: Vec<Change>,
    targets: &[Target],
) -> Result<Fix, fit::Fit> {
    let base = apply(config, &extra);
    let found = fit::fit(&base, targets);
    let FitOutcome::Found { at, .. } = &found.outcome else {
        return Err(found);
    };
    let Ok(after) = &at.budget else {
        return Err(found);
    };
    // A smaller process would meet the targets by shrinking everything else: not a fix.
    if before.is_some_and(|b| at.process_size < b.total_process.bytes) {
        return Err(found);
    }
    let mut changes = extra;
    changes.extend(found.removed.iter().map(|k| Change::remove(k)));
    changes.push(Change::set(fit::PROCESS_SIZE, size_text(at.process_size)));
    Ok(Fix {
        process: Process::TaskManager,
        changes,
        checked: "the smallest whole MiB that meets it (one MiB less does not)".to_owned(),
        effects: effects(before, after),
    })
}

/// The smallest `jobmanager.memory.process.size` (whole MiB) above the configured one at which
/// `config` plus `extra` derives a `JobManager` that `keep` accepts, as a fix. Only when the
/// process size is what sizes the `JobManager`.
pub fn jm_process_fix(
    config: &Config,
    before: &JobManagerBudget,
    extra: &[Change],
    keep: impl Fn(&JobManagerBudget) -> bool,
) -> Option<Fix> {
    const KEY: &str = "jobmanager.memory.process.size";
    if before.path != DerivationPath::TotalProcess {
        return None;
    }
    let current = configured_size(config, KEY)?;
    let with_size = |mebibytes: u64| {
        let mut changes = extra.to_vec();
        changes.push(Change::set(KEY, format!("{mebibytes}m")));
        changes
    };
    let accepts = |mebibytes: u64| {
        calc::jobmanager(&apply(config, &with_size(mebibytes))).is_ok_and(|b| keep(&b))
    };
    let found = smallest(
        current.mebibytes().saturating_add(1),
        LIMIT_MEBIBYTES,
        accepts,
    )?;
    fix(config, Some(before), with_size(found), |_| {
        Some("the smallest whole MiB that keeps it (one MiB less does not)".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_headroom_round_up() {
        assert_eq!(with_headroom(4108), 5135);
        assert_eq!(with_headroom(4), 5);
        assert_eq!(with_headroom(0), 0);
        // 25% of 256m is 64m; of 100m it is 25m, below the 64m minimum.
        assert_eq!(step(256 << 20), 64 << 20);
        assert_eq!(step(100 << 20), 64 << 20);
        assert_eq!(step(1000 << 20), 250 << 20);
        assert_eq!(step(1), 64 << 20);
        // The shipped TaskManager's direct limit is 256m and 2 bytes: the step stays 64m.
        assert_eq!(step((256 << 20) + 2), 64 << 20);
        assert_eq!(raised(256 << 20, 64 << 20), (320 << 20, "320m".to_owned()));
        assert_eq!(raised(1, 0), (1 << 20, "1m".to_owned()));
        assert_eq!(mib_ceil(u64::MAX), u64::MAX.div_ceil(MIB));
    }
}
