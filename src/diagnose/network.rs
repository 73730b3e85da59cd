//! The network buffer pool's failures: too few buffers for a deployment ("Insufficient number
//! of network buffers"), exclusive buffers not handed out in time, and the pool's direct memory
//! not allocatable at start. Explained against the `TaskManager`'s buffer count, with checked
//! changes that give the pool a target count.
//!
//! The log proves a lower bound only: at the failing request the pool had `N − Y` buffers
//! already required and asked for `X` more, so at least `N − Y + X` were needed then, and the
//! deployment's later requests come after it. [`BufferNeed`] takes the job's exact requirement
//! instead when the network model computed it (`flinkmem buffers`).

use super::fix::{
    Change, Fact, Fix, HEADROOM_PERCENT, Unit, fit_fix, fix, fix_or_remedy, mib_ceil, neutral_fix,
    raised, step, with_headroom,
};
use super::scan::{Message, Sighting};
use super::words::{component, size};
use super::{Finding, Options};
use crate::calc::{DerivationPath, Provenance, TaskManagerBudget};
use crate::config::Config;
use crate::sizing::fit::{BlockReason, FitOutcome, Target};
use crate::sizing::{Calculation, Rejection};

const NETWORK_MIN: &str = "taskmanager.memory.network.min";
const NETWORK_MAX: &str = "taskmanager.memory.network.max";
const NETWORK_FRACTION: &str = "taskmanager.memory.network.fraction";
const LEGACY_BUFFERS: &str = "taskmanager.network.numberOfBuffers";
/// The network size of a `MiniCluster` / local execution (`TaskExecutorResourceUtils`).
const LOCAL_NETWORK_BYTES: u64 = 64 << 20;
const TIMEOUT_KEY: &str = "taskmanager.network.memory.buffers-request-timeout";
const TIMEOUT_MS_KEY: &str = "taskmanager.network.memory.exclusive-buffers-request-timeout-ms";

/// How many buffers a `TaskManager` needs: what the log proves, or the job's exact count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferNeed {
    /// At least this many were needed when the request failed.
    pub lower_bound: u64,
    /// The job's exact requirement on one `TaskManager`, from the network model.
    pub job_required: Option<u64>,
}

impl BufferNeed {
    /// The count to size for: the job's requirement (or the lower bound) plus headroom.
    pub fn target(self) -> u64 {
        with_headroom(self.job_required.unwrap_or(0).max(self.lower_bound))
    }
}

/// The `TaskManager` budget, or the explanation of why there is none.
fn budget<'a>(
    calculation: &'a Calculation,
    finding: &mut Finding,
) -> Option<&'a TaskManagerBudget> {
    match &calculation.taskmanager {
        Ok(budget) => Some(budget),
        Err(Rejection { error, .. }) => {
            finding.explanation.push(format!(
                "This configuration's TaskManager is rejected by Flink ({}), so it has no network pool to compare; `flinkmem calc` explains the rejection.",
                error.message()
            ));
            None
        }
    }
}

/// Checked changes that give the `TaskManager` at least `target` buffers, and why the ones
/// that do not work were left out.
pub fn buffer_fixes(
    config: &Config,
    before: &TaskManagerBudget,
    target: u64,
) -> (Vec<Fix>, Vec<String>) {
    let mut fixes = Vec::new();
    let mut notes = Vec::new();
    let Some(segments) = &before.segments else {
        notes.push("The segment size is unusable, so no network size can be computed; fix taskmanager.memory.segment-size first.".to_owned());
        return (fixes, notes);
    };
    let segment = segments.segment_size.bytes.bytes();
    let Some(bytes) = target.checked_mul(segment) else {
        return (fixes, notes);
    };
    let mib = mib_ceil(bytes);
    let accept = |b: &TaskManagerBudget| {
        let n = b.segments.as_ref()?.network_buffers;
        (n >= target).then(|| format!("Flink accepts it and the pool has {n} buffers ≥ {target}"))
    };
    // 1. Pin the network size.
    let mut pin = vec![
        Change::set(NETWORK_MIN, format!("{mib}m")),
        Change::set(NETWORK_MAX, format!("{mib}m")),
    ];
    if !config.version().is_2x() && config.is_set(LEGACY_BUFFERS) {
        pin.push(Change::remove(LEGACY_BUFFERS));
    }
    fixes.extend(fix_or_remedy(config, Some(before), pin, accept));
    // 2. A larger process size, the network growing with its fraction.
    let targets = [Target::Buffers(target)];
    match fit_fix(config, Some(before), Vec::new(), &targets) {
        Ok(fix) => fixes.push(fix),
        Err(fit) => {
            let FitOutcome::Unreachable { blockers, .. } = &fit.outcome else {
                return (fixes, notes);
            };
            for blocker in blockers {
                match &blocker.reason {
                    BlockReason::Capped { key, .. } => {
                        // The max caps the fraction: raising it may be enough on its own.
                        let extra = vec![Change::set(key, format!("{mib}m"))];
                        if let Some(fix) = fix(config, Some(before), extra.clone(), accept) {
                            fixes.push(fix);
                        } else if let Ok(fix) = fit_fix(config, Some(before), extra, &targets) {
                            fixes.push(fix);
                        }
                    }
                    reason => notes.extend(block_note(reason)),
                }
            }
        }
    }
    // 3. A larger network fraction at the same total.
    if let Some(fix) = fraction_fix(config, before, bytes, accept) {
        fixes.push(fix);
    }
    (fixes, notes)
}

/// Why the process size cannot give more buffers, in words.
fn block_note(reason: &BlockReason) -> Option<String> {
    match reason {
        BlockReason::Fixed(Provenance::Configured { key, .. } | Provenance::Legacy { key, .. }) => {
            Some(format!(
                "A larger process size does not add buffers here: {key} sets the network size directly."
            ))
        }
        BlockReason::NotDriven => Some("A larger process size does not add buffers here: taskmanager.memory.task.heap.size and taskmanager.memory.managed.size are both set, so Flink derives the network from them.".to_owned()),
        _ => None,
    }
}

/// The network fraction that gives `bytes` of network memory at the current total Flink
/// memory (when the fraction sizes the network), checked.
fn fraction_fix(
    config: &Config,
    before: &TaskManagerBudget,
    bytes: u64,
    accept: impl Fn(&TaskManagerBudget) -> Option<String>,
) -> Option<Fix> {
    // Capped at the max, the fraction already gives more than the max: raising the max is the
    // fix (see above), not a different fraction.
    let from_fraction = matches!(
        before.network.provenance,
        Provenance::Fraction { .. } | Provenance::ClampedToMin { .. }
    );
    if !from_fraction || before.path == DerivationPath::FineGrained {
        return None;
    }
    let total = u128::from(before.total_flink.bytes.bytes());
    let milli = (u128::from(bytes) * 1000).div_ceil(total.max(1));
    // The float Flink reads may land a byte short; the next thousandth then does it.
    (milli..milli + 3).take_while(|m| *m < 1000).find_map(|m| {
        let changes = vec![Change::set(NETWORK_FRACTION, format!("0.{m:03}"))];
        fix(config, Some(before), changes, &accept)
    })
}

/// "Insufficient number of network buffers".
pub fn insufficient(sighting: &Sighting, calculation: &Calculation, options: &Options) -> Finding {
    let mut finding = Finding::new(sighting, "Insufficient number of network buffers");
    let Message::InsufficientBuffers {
        required,
        available,
        total,
        segment_size,
    } = sighting.message
    else {
        return finding;
    };
    let already = total.saturating_sub(available);
    let lower_bound = already.saturating_add(required);
    let need = BufferNeed {
        lower_bound,
        job_required: options.job_required_buffers,
    };
    let target = need.target();
    let each = segment_size.map_or_else(String::new, |s| format!(" of {s} bytes"));
    finding.facts.extend([
        Fact::buffers("required", required),
        Fact::buffers("available", available),
        Fact::buffers("total", total),
        Fact::buffers("already_required", already),
        Fact::buffers("lower_bound", lower_bound),
        Fact::buffers("target", target),
    ]);
    if let Some(s) = segment_size {
        finding.facts.push(Fact::bytes("segment_size", s));
    }
    if available > total {
        finding.notes.push(format!(
            "The message says {available} available of {total} in total, which Flink does not print; the numbers may be garbled."
        ));
    }
    finding.explanation.push(format!(
        "When the request failed, the pool of {total} buffers{each} had {already} (= {total} − {available}) already required by other buffer pools and exclusive buffers, and one more request asked for {required}: at least {lower_bound} buffers were needed at that moment. That is a lower bound: the deployment's later requests come after it."
    ));
    let Some(before) = budget(calculation, &mut finding) else {
        return finding;
    };
    let config = &calculation.config;
    if let Some(segments) = &before.segments {
        let have = segments.network_buffers;
        let seg = segments.segment_size.bytes.bytes();
        finding.facts.push(Fact::buffers("config_buffers", have));
        finding
            .explanation
            .push(compare_pool(config, before, have, seg, total, segment_size));
        if segment_size.and_then(|s| s.checked_mul(total)) == Some(LOCAL_NETWORK_BYTES) {
            finding.notes.push(format!(
                "In a local run, give the MiniCluster more network memory in the Configuration it is created with: {NETWORK_MIN} and {NETWORK_MAX} (both the same size)."
            ));
        }
        finding.explanation.push(match need.job_required {
            Some(job) => format!(
                "The job needs {job} buffers on one TaskManager; with {HEADROOM_PERCENT}% headroom the target is {target} buffers."
            ),
            None => format!(
                "Target: {target} buffers, the lower bound {lower_bound} plus {HEADROOM_PERCENT}% headroom for the requests that come after it. `flinkmem buffers` computes the job's exact requirement."
            ),
        });
        if have >= target {
            finding.explanation.push(format!(
                "This configuration already has {have} ≥ {target} buffers: running the job with it as it is fixes this failure."
            ));
            return finding;
        }
    }
    let (fixes, notes) = buffer_fixes(config, before, target);
    finding.fixes = fixes;
    finding.notes.extend(notes);
    finding
}

/// How the log's pool compares with this configuration's.
fn compare_pool(
    config: &Config,
    before: &TaskManagerBudget,
    have: u64,
    seg: u64,
    total: u64,
    segment_size: Option<u64>,
) -> String {
    let ours = format!(
        "{have} buffers of {seg} bytes (network memory {})",
        component(config, &before.network)
    );
    if total == have && segment_size.is_none_or(|s| s == seg) {
        return format!("This configuration gives the TaskManager the same pool: {ours}.");
    }
    let local = segment_size
        .and_then(|s| s.checked_mul(total))
        .is_some_and(|b| b == LOCAL_NETWORK_BYTES);
    let why = if local {
        format!(
            " {total} × {} bytes is 64 MiB, the fixed network size of a MiniCluster (a local run: IDE, tests), which ignores the memory options of the configuration",
            segment_size.unwrap_or(0)
        )
    } else {
        " The log came from a TaskManager with a different configuration (or a different Flink version)".to_owned()
    };
    let theirs = segment_size.map_or_else(
        || format!("{total} buffers"),
        |s| format!("{total} buffers of {s} bytes"),
    );
    format!(
        "This configuration gives the TaskManager {ours}, the log's pool had {theirs}.{why}; the fixes below are for this configuration."
    )
}

/// "Timeout triggered when requesting exclusive buffers".
pub fn timeout(sighting: &Sighting, calculation: &Calculation) -> Finding {
    let mut finding = Finding::new(
        sighting,
        "Timeout while requesting exclusive network buffers",
    );
    let Message::BuffersTimeout {
        total,
        segment_size,
        timeout_ms,
        key,
    } = &sighting.message
    else {
        return finding;
    };
    let waited = timeout_ms.map_or_else(|| "the timeout".to_owned(), |t| format!("{t} ms"));
    finding.explanation.push(format!(
        "An input channel asked the pool for its exclusive buffers. The count fits (otherwise Flink fails with \"Insufficient number of network buffers\"), but the free segments were held by other buffer pools (spare floating and overdraft buffers they may keep until they give them back) and were not returned within {waited}."
    ));
    if let Some(t) = timeout_ms {
        finding.facts.push(Fact {
            name: "timeout",
            value: *t,
            unit: Unit::Milliseconds,
        });
    }
    let Some(before) = budget(calculation, &mut finding) else {
        return finding;
    };
    let config = &calculation.config;
    let Some(segments) = &before.segments else {
        return finding;
    };
    let have = segments.network_buffers;
    let seg = segments.segment_size.bytes.bytes();
    if let Some(total) = total {
        finding.explanation.push(compare_pool(
            config,
            before,
            have,
            seg,
            *total,
            *segment_size,
        ));
    }
    let target = with_headroom(have);
    finding.facts.extend([
        Fact::buffers("config_buffers", have),
        Fact::buffers("target", target),
    ]);
    finding.explanation.push(format!(
        "More buffers than the deployment requires leave spare segments to hand out without waiting: target {target} buffers, this configuration's {have} plus {HEADROOM_PERCENT}%. Or wait longer."
    ));
    let (fixes, notes) = buffer_fixes(config, before, target);
    finding.fixes = fixes;
    finding.notes.extend(notes);
    finding.fixes.extend(timeout_fix(
        config,
        before,
        *timeout_ms,
        key.as_deref(),
        &mut finding.notes,
    ));
    finding
}

/// Doubling the exclusive-buffer timeout, with the key this version reads.
fn timeout_fix(
    config: &Config,
    before: &TaskManagerBudget,
    logged_ms: Option<u64>,
    logged_key: Option<&str>,
    notes: &mut Vec<String>,
) -> Option<Fix> {
    let version = config.version();
    let catalog = config.catalog();
    let key = if catalog.option(TIMEOUT_KEY).is_some() {
        TIMEOUT_KEY
    } else {
        catalog.option(TIMEOUT_MS_KEY)?;
        TIMEOUT_MS_KEY
    };
    if let Some(logged) = logged_key
        && logged != key
    {
        notes.push(format!(
            "The log names {logged}; Flink {version} reads the timeout from {key}."
        ));
    }
    let current = logged_ms.unwrap_or(30_000);
    let doubled = current.saturating_mul(2);
    let value = if key == TIMEOUT_KEY {
        format!("{doubled} ms")
    } else {
        doubled.to_string()
    };
    let checked = format!(
        "twice the {current} ms the log reports; not a memory size (Flink {version} reads this key)"
    );
    neutral_fix(config, before, vec![Change::set(key, value)], &checked)
}

/// The JVM options keys a `TaskManager` reads, most specific first (`env.java.opts` is the old
/// name of `env.java.opts.all`).
const JAVA_OPTS_KEYS: [&str; 3] = [
    "env.java.opts.taskmanager",
    "env.java.opts.all",
    "env.java.opts",
];

/// Removing an `-XX:MaxDirectMemorySize` flag from the `TaskManager`'s JVM options, when one is
/// there: it comes after Flink's own flag and overrides it.
fn java_opts_fix(config: &Config, before: &TaskManagerBudget) -> Option<Fix> {
    let (key, value) = JAVA_OPTS_KEYS.iter().find_map(|key| {
        let value = config.resolve(key)?.entry.value.java_string().into_owned();
        value
            .contains("-XX:MaxDirectMemorySize")
            .then_some((*key, value))
    })?;
    let kept: Vec<&str> = value
        .split_whitespace()
        .filter(|flag| !flag.starts_with("-XX:MaxDirectMemorySize"))
        .collect();
    let change = if kept.is_empty() {
        Change::remove(key)
    } else {
        Change::set(key, kept.join(" "))
    };
    let checked = format!(
        "a JVM option, not a memory size: Flink's own -XX:MaxDirectMemorySize={} then holds the {} pool",
        before.jvm_direct.bytes.bytes(),
        size(before.network.bytes.bytes())
    );
    neutral_fix(config, before, vec![change], &checked)
}

/// "Could not allocate enough memory segments for `NetworkBufferPool`".
pub fn pool_allocation(sighting: &Sighting, calculation: &Calculation) -> Finding {
    let mut finding = Finding::new(
        sighting,
        "The network buffer pool's memory could not be allocated",
    );
    let Message::PoolAllocation {
        required_mib,
        allocated_mib,
        missing_mib,
        cause,
    } = &sighting.message
    else {
        return finding;
    };
    finding.explanation.push(format!(
        "A TaskManager allocates its whole network pool as direct memory when it starts: {required_mib} MiB were needed, {allocated_mib} MiB had been allocated when the JVM refused more ({cause}), {missing_mib} MiB were missing."
    ));
    let Some(before) = budget(calculation, &mut finding) else {
        return finding;
    };
    let config = &calculation.config;
    let ours_mib = before.network.bytes.mebibytes();
    finding.facts.extend([
        Fact::bytes("config_network", before.network.bytes.bytes()),
        Fact::bytes("config_direct_limit", before.jvm_direct.bytes.bytes()),
    ]);
    if *required_mib == ours_mib {
        finding.explanation.push(format!(
            "That is this configuration's network memory ({}).",
            component(config, &before.network)
        ));
    } else {
        let local = if *required_mib == 64 {
            " 64 MiB is the fixed network size of a MiniCluster (a local run: IDE, tests)."
        } else {
            ""
        };
        finding.explanation.push(format!(
            "This configuration's network memory is {ours_mib} MiB ({}), not {required_mib} MiB: the log came from another configuration.{local}",
            component(config, &before.network)
        ));
    }
    let direct_cause =
        cause.contains("direct buffer memory") || cause.contains("Direct buffer memory");
    if direct_cause {
        finding.explanation.push(format!(
            "Flink's start scripts set -XX:MaxDirectMemorySize to framework off-heap + task off-heap + network = {} + {} + {} = {}, which always leaves room for the pool. The JVM had a lower limit: a JVM not started by Flink's scripts (a MiniCluster's limit is the JVM default, about the heap size), an -XX:MaxDirectMemorySize of its own in env.java.opts, or direct memory taken before the pool.",
            size(before.framework_off_heap.bytes.bytes()),
            size(before.task_off_heap.bytes.bytes()),
            size(before.network.bytes.bytes()),
            size(before.jvm_direct.bytes.bytes())
        ));
        if let Some(fix) = java_opts_fix(config, before) {
            finding.explanation.push(format!(
                "{} sets an -XX:MaxDirectMemorySize of its own, after Flink's, so it wins: that is the limit the pool hit.",
                fix.changes.first().map_or("env.java.opts", |c| c.key.as_str())
            ));
            finding.fixes.push(fix);
            return finding;
        }
    } else {
        finding.explanation.push(format!(
            "The process could not get the memory at all: the container or host has less memory than the TaskManager's process size {}.",
            size(before.total_process.bytes.bytes())
        ));
    }
    // More direct memory than the pool: raise the task off-heap size by the missing part plus
    // headroom (at least the usual step).
    let missing = missing_mib.saturating_mul(1 << 20);
    let delta = step(before.jvm_direct.bytes.bytes()).max(with_headroom(missing));
    let current = before.task_off_heap.bytes.bytes();
    let (new, text) = raised(current, delta);
    let key = "taskmanager.memory.task.off-heap.size";
    let accept = |b: &TaskManagerBudget| {
        Some(format!(
            "Flink accepts it: -XX:MaxDirectMemorySize becomes {}",
            size(b.jvm_direct.bytes.bytes())
        ))
    };
    finding.facts.push(Fact::bytes("task_off_heap_after", new));
    finding.fixes.extend(fix_or_remedy(
        config,
        Some(before),
        vec![Change::set(key, text)],
        accept,
    ));
    finding
}
