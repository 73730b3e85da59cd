//! The JVM's out-of-memory errors: direct memory, metaspace and heap, each against the limit
//! Flink sets for it (`-XX:MaxDirectMemorySize`, `-XX:MaxMetaspaceSize`, `-Xmx`), with checked
//! changes that raise the limit and what they take from the rest of the budget.

use super::Finding;
use super::fix::{
    Change, Fact, fit_fix, fix_or_remedy, jm_process_fix, raised, step, with_headroom,
};
use super::process::{Budget, explain_each};
use super::scan::{Message, Sighting};
use super::words::{component, origin, size};
use crate::calc::{DerivationPath, JobManagerBudget, Process, TaskManagerBudget};
use crate::sizing::Calculation;
use crate::sizing::fit::Target;

const TM_TASK_OFF_HEAP: &str = "taskmanager.memory.task.off-heap.size";
const TM_FRAMEWORK_OFF_HEAP: &str = "taskmanager.memory.framework.off-heap.size";
const TM_TASK_HEAP: &str = "taskmanager.memory.task.heap.size";
const JM_OFF_HEAP: &str = "jobmanager.memory.off-heap.size";
const JM_DIRECT_LIMIT: &str = "jobmanager.memory.enable-jvm-direct-memory-limit";
const JM_HEAP: &str = "jobmanager.memory.heap.size";

/// How the rejection of a process is told when its limit is what the finding compares with.
const NO_LIMIT: &str = ", so there is no limit to compare";

fn step_words(delta: u64) -> String {
    format!(
        "{} (a step of 25% of the current size, at least 64 MiB: the log does not say how much is missing)",
        size(delta)
    )
}

/// `OutOfMemoryError: Direct buffer memory` and its relatives.
pub fn direct(sighting: &Sighting, calculation: &Calculation) -> Finding {
    let mut finding = Finding::new(sighting, "Out of JVM direct memory");
    let Message::DirectOom {
        request,
        allocated,
        limit,
        netty,
    } = sighting.message
    else {
        return finding;
    };
    if let Some(limit) = limit {
        finding.facts.push(Fact::bytes("logged_limit", limit));
    }
    let over = match (request, allocated, limit) {
        (Some(r), Some(a), Some(l)) => {
            let over = a.saturating_add(r).saturating_sub(l);
            finding.explanation.push(format!(
                "{} were in use under a limit of {} and {} more were requested: {} over the limit.",
                size(a),
                size(l),
                size(r),
                size(over)
            ));
            Some(over)
        }
        _ => None,
    };
    explain_each(
        &mut finding,
        calculation,
        Some(Process::TaskManager),
        NO_LIMIT,
        |f, before| direct_tm(f, calculation, before, limit, over, netty),
        |f, before| direct_jm(f, calculation, before, limit, over),
    );
    finding
}

fn direct_tm(
    finding: &mut Finding,
    calculation: &Calculation,
    before: &TaskManagerBudget,
    limit: Option<u64>,
    over: Option<u64>,
    netty: bool,
) {
    let config = &calculation.config;
    let direct = before.jvm_direct.bytes.bytes();
    finding
        .facts
        .push(Fact::bytes("config_direct_limit", direct));
    finding.explanation.push(format!(
        "The TaskManager's direct memory limit is -XX:MaxDirectMemorySize = framework off-heap {} + task off-heap {} + network {} = {}.",
        size(before.framework_off_heap.bytes.bytes()),
        size(before.task_off_heap.bytes.bytes()),
        size(before.network.bytes.bytes()),
        size(direct)
    ));
    if let Some(limit) = limit {
        finding.explanation.push(if limit == direct {
            "The log's limit is exactly this configuration's.".to_owned()
        } else {
            format!(
                "The log's limit ({limit} bytes) is not this configuration's ({direct} bytes): it came from another configuration (or a JVM not started by Flink's scripts)."
            )
        });
    }
    let flink_netty = netty && finding.quote.contains("org.apache.flink.shaded.netty");
    let (key, name, current) = if flink_netty {
        (
            TM_FRAMEWORK_OFF_HEAP,
            "framework off-heap",
            &before.framework_off_heap,
        )
    } else {
        (TM_TASK_OFF_HEAP, "task off-heap", &before.task_off_heap)
    };
    finding.explanation.push(if flink_netty {
        "Flink's own Netty ran out: network communication outside the network buffers is paid from the framework off-heap memory.".to_owned()
    } else {
        format!(
            "The network buffers are allocated once at start and managed by Flink; other direct buffers (user code, connectors, their Netty or NIO clients) get the task off-heap memory, {}.",
            component(config, &before.task_off_heap)
        )
    });
    let delta = step(direct).max(over.map_or(0, with_headroom));
    finding.explanation.push(format!(
        "Raise the {name} memory by {}.",
        over.map_or_else(
            || step_words(delta),
            |o| format!(
                "{} (the {} over the limit plus 25%, at least a step of 25% of the limit)",
                size(delta),
                size(o)
            )
        )
    ));
    let (new, text) = raised(current.bytes.bytes(), delta);
    finding.facts.push(Fact::bytes("raise_by", delta));
    let accept = |b: &TaskManagerBudget| {
        Some(format!(
            "Flink accepts it: -XX:MaxDirectMemorySize becomes {}",
            size(b.jvm_direct.bytes.bytes())
        ))
    };
    let change = Change::set(key, text);
    finding.fixes.extend(fix_or_remedy(
        config,
        Some(before),
        vec![change.clone()],
        accept,
    ));
    if before.path != DerivationPath::FineGrained {
        let keep = [
            Target::TaskHeap(before.task_heap.bytes),
            Target::Managed(before.managed.bytes),
        ];
        if let Ok(mut fix) = fit_fix(config, Some(before), vec![change], &keep) {
            fix.checked = format!(
                "the smallest whole MiB process size that keeps task heap and managed memory with {name} at {}",
                size(new)
            );
            finding.fixes.push(fix);
        }
    }
}

fn direct_jm(
    finding: &mut Finding,
    calculation: &Calculation,
    before: &JobManagerBudget,
    limit: Option<u64>,
    over: Option<u64>,
) {
    let config = &calculation.config;
    let off_heap = before.off_heap.bytes.bytes();
    let Some(direct) = &before.jvm_direct else {
        finding.explanation.push(format!(
            "Flink sets no direct memory limit on this JobManager ({JM_DIRECT_LIMIT} is false), so the JVM default applies: about the heap size, {}. Its off-heap budget is {}.",
            size(before.jvm_heap.bytes.bytes()),
            component(config, &before.off_heap)
        ));
        finding.notes.push(format!(
            "To budget the JobManager's direct memory, set {JM_DIRECT_LIMIT}: true and {JM_OFF_HEAP} to what it needs; the process size then covers it."
        ));
        return;
    };
    let direct = direct.bytes.bytes();
    finding.explanation.push(format!(
        "The JobManager's direct memory limit is its off-heap memory: -XX:MaxDirectMemorySize = {}.",
        component(config, &before.off_heap)
    ));
    if let Some(limit) = limit
        && limit != direct
    {
        finding.explanation.push(format!(
            "The log's limit ({limit} bytes) is not this configuration's ({direct} bytes): it came from another configuration."
        ));
    }
    let delta = step(off_heap).max(over.map_or(0, with_headroom));
    let (_, text) = raised(off_heap, delta);
    let accept = |b: &JobManagerBudget| {
        b.jvm_direct.as_ref().map(|d| {
            format!(
                "Flink accepts it: -XX:MaxDirectMemorySize becomes {}",
                size(d.bytes.bytes())
            )
        })
    };
    finding.fixes.extend(fix_or_remedy(
        config,
        Some(before),
        vec![Change::set(JM_OFF_HEAP, text)],
        accept,
    ));
}

/// `OutOfMemoryError: Metaspace`.
pub fn metaspace(sighting: &Sighting, calculation: &Calculation) -> Finding {
    let mut finding = Finding::new(sighting, "Out of JVM metaspace");
    explain_each(
        &mut finding,
        calculation,
        None,
        NO_LIMIT,
        |f, before| raise_metaspace(f, calculation, before),
        |f, before| raise_metaspace(f, calculation, before),
    );
    finding.notes.push("If it comes back after several job submissions or restarts, classes of earlier jobs are not unloaded (a class-loading leak in user code or a library); more metaspace only delays it.".to_owned());
    finding
}

/// The metaspace limit of either process, raised by a step: in place (with a remedy when Flink
/// then rejects the budget), or with a process size grown to keep total Flink memory.
fn raise_metaspace<B: Budget>(finding: &mut Finding, calculation: &Calculation, before: &B) {
    let config = &calculation.config;
    let current = before.jvm_metaspace().bytes.bytes();
    let delta = step(current);
    let (new, text) = raised(current, delta);
    finding.facts.push(Fact::bytes(B::METASPACE_FACT, current));
    finding.explanation.push(format!(
        "The {}'s metaspace limit is -XX:MaxMetaspaceSize = {}. Raise it by {}.",
        B::PROCESS,
        component(config, before.jvm_metaspace()),
        step_words(delta)
    ));
    let accept = |b: &B| {
        Some(format!(
            "Flink accepts it: -XX:MaxMetaspaceSize becomes {}",
            size(b.jvm_metaspace().bytes.bytes())
        ))
    };
    let change = Change::set(B::OPTIONS.metaspace, text);
    finding.fixes.extend(fix_or_remedy(
        config,
        Some(before),
        vec![change.clone()],
        accept,
    ));
    if let Some(mut fix) = before.keeping_total_flink(config, vec![change]) {
        fix.checked = format!(
            "the smallest whole MiB process size that keeps total Flink memory with metaspace at {}",
            size(new)
        );
        finding.fixes.push(fix);
    }
}

/// `OutOfMemoryError: Java heap space` / `GC overhead limit exceeded`.
pub fn heap(sighting: &Sighting, calculation: &Calculation) -> Finding {
    let mut finding = Finding::new(sighting, "Out of JVM heap");
    if let Message::HeapOom { gc_overhead: true } = sighting.message {
        finding.explanation.push("The JVM spent almost all its time collecting garbage while freeing almost nothing: the heap is as good as full.".to_owned());
    }
    explain_each(
        &mut finding,
        calculation,
        Some(Process::TaskManager),
        NO_LIMIT,
        |f, before| heap_tm(f, calculation, before),
        |f, before| heap_jm(f, calculation, before),
    );
    finding.notes.push("If the heap fills up whatever its size (state or caches growing without bound), more heap only delays the error; a heap dump (-XX:+HeapDumpOnOutOfMemoryError in env.java.opts.taskmanager) shows what holds it.".to_owned());
    finding
}

fn heap_tm(finding: &mut Finding, calculation: &Calculation, before: &TaskManagerBudget) {
    let config = &calculation.config;
    let heap = before.jvm_heap.bytes.bytes();
    let task_heap = before.task_heap.bytes.bytes();
    let delta = step(heap);
    let (wanted, text) = raised(task_heap, delta);
    finding.facts.extend([
        Fact::bytes("config_jvm_heap", heap),
        Fact::bytes("task_heap_target", wanted),
    ]);
    finding.explanation.push(format!(
        "The TaskManager's heap is -Xmx = framework heap {} + task heap {} = {}; the task heap is {}. Raise the task heap by {}.",
        size(before.framework_heap.bytes.bytes()),
        size(task_heap),
        size(heap),
        origin(config, &before.task_heap.provenance),
        step_words(delta)
    ));
    if before.path == DerivationPath::FineGrained {
        // Task heap and managed memory are set: the task heap is the key to raise.
        let accept = |b: &TaskManagerBudget| {
            (b.task_heap.bytes.bytes() >= wanted).then(|| {
                format!(
                    "Flink accepts it: -Xmx becomes {}",
                    size(b.jvm_heap.bytes.bytes())
                )
            })
        };
        finding.fixes.extend(fix_or_remedy(
            config,
            Some(before),
            vec![Change::set(TM_TASK_HEAP, text)],
            accept,
        ));
    } else {
        let targets = [Target::TaskHeap(crate::MemorySize::from_bytes(wanted))];
        if let Ok(fix) = fit_fix(config, Some(before), Vec::new(), &targets) {
            finding.fixes.push(fix);
        }
    }
}

fn heap_jm(finding: &mut Finding, calculation: &Calculation, before: &JobManagerBudget) {
    let config = &calculation.config;
    let heap = before.jvm_heap.bytes.bytes();
    let delta = step(heap);
    let (wanted, text) = raised(heap, delta);
    finding.facts.push(Fact::bytes("jobmanager_heap", heap));
    finding.explanation.push(format!(
        "The JobManager's heap is -Xmx = {}. Raise it by {}.",
        component(config, &before.jvm_heap),
        step_words(delta)
    ));
    finding
        .fixes
        .extend(jm_process_fix(config, before, &[], |b| {
            b.jvm_heap.bytes.bytes() >= wanted
        }));
    let accept = |b: &JobManagerBudget| {
        (b.jvm_heap.bytes.bytes() >= wanted).then(|| {
            format!(
                "Flink accepts it: -Xmx becomes {}",
                size(b.jvm_heap.bytes.bytes())
            )
        })
    };
    finding.fixes.extend(fix_or_remedy(
        config,
        Some(before),
        vec![Change::set(JM_HEAP, text)],
        accept,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_words_say_the_rule() {
        assert!(step_words(64 << 20).contains("at least 64 MiB"));
    }
}
