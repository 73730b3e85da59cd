//! Flink's memory-configuration exceptions in a log, matched against what this configuration
//! produces: the same failure gets this configuration's rejection and its checked remedies
//! (`sizing::remedy`); a failure this configuration does not have is explained from the
//! numbers in the message (the log came from another configuration).

use super::Finding;
use super::fix::{Change, Fix, fix};
use super::scan::memory_config::{Check, find_check};
use super::scan::{Message, Sighting};
use super::words::size;
use crate::calc::{CalcError, JobManagerBudget, Process, TaskManagerBudget};
use crate::sizing::remedy::Remedy;
use crate::sizing::{Calculation, Rejection};

/// How this configuration relates to the logged failure.
enum Relation<'a> {
    /// Flink rejects it with exactly the logged message.
    Same(&'a Rejection),
    /// Flink rejects it at the same check, with its own numbers.
    SameCheck(&'a Rejection),
    /// Flink rejects it for another reason.
    Other(&'a Rejection),
    /// Flink accepts it.
    Accepted,
}

fn relation<'a>(result: Result<(), &'a Rejection>, check: Check, core: &str) -> Relation<'a> {
    let Err(rejection) = result else {
        return Relation::Accepted;
    };
    let messages = chain(&rejection.error);
    let mut same_check = false;
    for message in messages {
        if let Some((theirs, at)) = find_check(message) {
            if theirs == check && core.starts_with(message[at..].trim_end()) {
                return Relation::Same(rejection);
            }
            same_check |= theirs == check;
        }
    }
    if same_check {
        Relation::SameCheck(rejection)
    } else {
        Relation::Other(rejection)
    }
}

fn chain(error: &CalcError) -> impl Iterator<Item = &str> {
    std::iter::once(error.message()).chain(error.causes.iter().map(|c| c.message.as_str()))
}

/// A memory-configuration exception.
pub fn explain(sighting: &Sighting, calculation: &Calculation) -> Finding {
    let mut finding = Finding::new(sighting, "Flink rejected the memory configuration");
    let Message::ConfigError { check, core, sizes } = &sighting.message else {
        return finding;
    };
    finding.title = format!("Flink rejected the memory configuration: {}", what(*check));
    // Compare with the process the log names, else with both.
    let candidates = match finding.process {
        Some(process) => vec![process],
        None => vec![Process::TaskManager, Process::JobManager],
    };
    // The process whose rejection matches best decides.
    let mut best: Option<(Process, Relation<'_>)> = None;
    for process in candidates {
        let result = match process {
            Process::TaskManager => calculation.taskmanager.as_ref().map(|_| ()),
            Process::JobManager => calculation.jobmanager.as_ref().map(|_| ()),
        };
        let found = relation(result, *check, core);
        let rank = |r: &Relation<'_>| match r {
            Relation::Same(_) => 3,
            Relation::SameCheck(_) => 2,
            Relation::Other(_) => 1,
            Relation::Accepted => 0,
        };
        if best.as_ref().is_none_or(|(_, b)| rank(&found) > rank(b)) {
            best = Some((process, found));
        }
    }
    let Some((process, found)) = best else {
        return finding;
    };
    let version = calculation.config.version();
    match found {
        Relation::Same(rejection) | Relation::SameCheck(rejection) => {
            let exact = matches!(found, Relation::Same(_));
            finding.process = Some(process);
            finding
                .notes
                .retain(|n| !n.starts_with("The log does not say"));
            finding.explanation.push(if exact {
                format!("This configuration fails the same way: Flink {version} rejects its {process} with exactly this message.")
            } else {
                format!(
                    "This configuration fails the same check with its own numbers: Flink {version} rejects its {process} with \"{}\".",
                    rejection.error.message()
                )
            });
            finding.fixes = remedy_fixes(calculation, process, &rejection.remedies);
            finding.rejection = Some(rejection.clone());
        }
        Relation::Other(rejection) => {
            finding.explanation.extend(generic(*check, core, sizes));
            finding.explanation.push(format!(
                "This configuration does not fail this check: Flink {version} rejects its {process} for another reason (\"{}\"), so the log came from a different configuration; `flinkmem calc` explains this one's rejection.",
                rejection.error.message()
            ));
        }
        Relation::Accepted => {
            finding.explanation.extend(generic(*check, core, sizes));
            finding.explanation.push(format!(
                "This configuration is accepted by Flink {version}: the log came from a different configuration (or another Flink version)."
            ));
        }
    }
    finding
}

/// The checked remedies of a rejection as fixes, with the budget each one gives.
fn remedy_fixes(calculation: &Calculation, process: Process, remedies: &[Remedy]) -> Vec<Fix> {
    let config = &calculation.config;
    remedies
        .iter()
        .filter_map(|remedy| {
            let (change, smallest) = match remedy {
                Remedy::Set {
                    key,
                    value,
                    smallest,
                } => (Change::set(key, value.clone()), *smallest),
                Remedy::Remove { key } => (Change::remove(key), false),
            };
            let checked = if smallest {
                "Flink accepts it, and it is the smallest whole MiB that works: one MiB less is still rejected".to_owned()
            } else {
                "Flink accepts it".to_owned()
            };
            match process {
                Process::TaskManager => {
                    fix::<TaskManagerBudget>(config, None, vec![change], |_| Some(checked.clone()))
                }
                Process::JobManager => {
                    fix::<JobManagerBudget>(config, None, vec![change], |_| Some(checked.clone()))
                }
            }
        })
        .collect()
}

/// The check in a few words.
fn what(check: Check) -> &'static str {
    match check {
        Check::NotConfigured => "no memory size is configured",
        Check::TaskHeapSum | Check::NetworkSum => {
            "the configured components exceed total Flink memory"
        }
        Check::NetworkDerived | Check::NetworkRange => {
            "the network memory left over is outside its range"
        }
        Check::NetworkLegacy => "the network memory left over differs from numberOfBuffers",
        Check::MetaspaceOverhead => "metaspace and overhead exceed the process size",
        Check::ProcessTooSmall => "the process size is too small",
        Check::OverheadRange => "the JVM overhead left over is outside its range",
        Check::FractionRange => "a fraction or min/max is inconsistent",
        Check::CpuCores => "no positive number of CPU cores",
        Check::JmSum => "JobManager heap and off-heap do not add up to total Flink memory",
        Check::JmHeapExceeds => "JobManager heap exceeds total Flink memory",
        Check::JmOffHeapExceeds => "JobManager off-heap is not below total Flink memory",
        Check::UnreadableSize => "a size cannot be read",
    }
}

/// `a (x) + b (y) + ... = sum`.
fn sum_words(names: &[&str], sizes: &[u64]) -> (String, u64) {
    let sum = sizes.iter().fold(0u64, |a, b| a.saturating_add(*b));
    let terms: Vec<String> = names
        .iter()
        .zip(sizes)
        .map(|(n, s)| format!("{n} {}", size(*s)))
        .collect();
    (format!("{} = {}", terms.join(" + "), size(sum)), sum)
}

/// The logged failure explained from its own numbers.
fn generic(check: Check, core: &str, sizes: &[u64]) -> Vec<String> {
    let exceeds = |names: &[&str], limit_name: &str, what_to_grow: &str| -> Vec<String> {
        let n = names.len();
        let (Some(parts), Some(limit)) = (sizes.get(..n), sizes.get(n)) else {
            return Vec::new();
        };
        let (words, sum) = sum_words(names, parts);
        vec![format!(
            "In the failing configuration {words}, {} more than the {limit_name} of {}. It needs {what_to_grow} at least {} larger, or those components that much smaller.",
            size(sum.saturating_sub(*limit)),
            size(*limit),
            size(sum.saturating_sub(*limit))
        )]
    };
    let range = |name: &str, min_key: &str, grow: &str| -> Vec<String> {
        let Some(&[derived, min, max]) = sizes.get(..3) else {
            return Vec::new();
        };
        if derived < min {
            vec![format!(
                "In the failing configuration the {name} left over is {}, {} below its min {}: {grow} needs to be at least {} larger, or {min_key} lower.",
                size(derived),
                size(min - derived),
                size(min),
                size(min - derived)
            )]
        } else {
            vec![format!(
                "In the failing configuration the {name} left over is {}, {} above its max {}: {grow} needs to be that much smaller, or the max higher.",
                size(derived),
                size(derived.saturating_sub(max)),
                size(max)
            )]
        }
    };
    match check {
        Check::NotConfigured => {
            let process = if core.contains("jobmanager.") {
                "jobmanager"
            } else {
                "taskmanager"
            };
            vec![format!(
                "None of the options that size the process is set: {process}.memory.process.size, {process}.memory.flink.size, or the fine-grained sizes. Flink's shipped configuration sets {process}.memory.process.size; a configuration without it (or a conf dir Flink did not find) fails like this."
            )]
        }
        Check::TaskHeapSum => exceeds(
            &["framework heap", "framework off-heap", "task heap", "task off-heap", "managed"],
            "total Flink memory",
            "total Flink memory (or the process size it comes from)",
        ),
        Check::NetworkSum => exceeds(
            &["framework heap", "framework off-heap", "task off-heap", "managed", "network"],
            "total Flink memory",
            "total Flink memory (or the process size it comes from)",
        ),
        Check::MetaspaceOverhead => exceeds(
            &["metaspace", "JVM overhead"],
            "total process memory",
            "the process size",
        ),
        Check::ProcessTooSmall => match sizes.get(..3) {
            Some(&[process, flink, metaspace]) => {
                let need = flink.saturating_add(metaspace);
                vec![format!(
                    "In the failing configuration total Flink memory {} + metaspace {} = {}, {} more than the process size {}. The process size needs to be at least that much larger (plus the JVM overhead), or total Flink memory smaller.",
                    size(flink),
                    size(metaspace),
                    size(need),
                    size(need.saturating_sub(process)),
                    size(process)
                )]
            }
            _ => Vec::new(),
        },
        Check::NetworkRange => range(
            "network memory",
            "taskmanager.memory.network.min",
            "total Flink memory",
        ),
        Check::OverheadRange => range(
            "JVM overhead",
            "the overhead min",
            "the process size",
        ),
        Check::NetworkDerived => vec!["Task heap (and managed) memory are set together with a total, so the network memory is what is left over; the cause below this message says by how much it misses its range.".to_owned()],
        Check::NetworkLegacy => match sizes.get(..2) {
            Some(&[derived, configured]) => vec![format!(
                "In the failing configuration the network memory left over is {}, but taskmanager.network.numberOfBuffers × segment size is {}; with a total and the task heap set, both must be equal. Removing taskmanager.network.numberOfBuffers (Flink 2.0 ignores it) fixes it.",
                size(derived),
                size(configured)
            )],
            _ => Vec::new(),
        },
        Check::JmSum => match sizes.get(..3) {
            Some(&[heap, off_heap, flink]) => vec![format!(
                "In the failing configuration heap {} + off-heap {} = {}, but total Flink memory is {}: set only one of heap and total Flink memory.",
                size(heap),
                size(off_heap),
                size(heap.saturating_add(off_heap)),
                size(flink)
            )],
            _ => Vec::new(),
        },
        Check::JmHeapExceeds => match sizes.get(..2) {
            Some(&[heap, flink]) => vec![format!(
                "In the failing configuration the heap {} exceeds total Flink memory {} by {}: set only one of them, or make total Flink memory larger.",
                size(heap),
                size(flink),
                size(heap.saturating_sub(flink))
            )],
            _ => Vec::new(),
        },
        Check::JmOffHeapExceeds => match sizes.get(..2) {
            Some(&[flink, off_heap]) => vec![format!(
                "In the failing configuration total Flink memory {} leaves no heap after off-heap {}.",
                size(flink),
                size(off_heap)
            )],
            _ => Vec::new(),
        },
        Check::FractionRange => vec!["A fraction is outside [0, 1), or its min is above its max; the message names the option.".to_owned()],
        Check::CpuCores => vec!["taskmanager.cpu.cores (or, when it is not set, taskmanager.numberOfTaskSlots) is not positive.".to_owned()],
        Check::UnreadableSize => vec!["A memory option has a value Flink cannot read as a size: write a number with a unit, e.g. 1728m.".to_owned()],
    }
}
