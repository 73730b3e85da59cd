//! Which process a message concerns: what the message names itself, the log lines around it,
//! or the whole log.

use super::Message;
use crate::calc::Process;

/// The process a message names itself: Flink's enriched OOM messages, the wrapper of a
/// memory-configuration failure, a YARN container number, a pod name.
pub(super) fn own_process(message: &Message, line: &str) -> Option<Process> {
    if line.contains("task executor has to be shutdown")
        || line.contains("TaskManager memory configuration failed")
    {
        return Some(Process::TaskManager);
    }
    if line.contains("Flink Master") || line.contains("JobManager memory configuration failed") {
        return Some(Process::JobManager);
    }
    match message {
        Message::ConfigError { check, core, .. } => check.process(core),
        // Every buffer problem happens in a TaskManager.
        Message::InsufficientBuffers { .. }
        | Message::BuffersTimeout { .. }
        | Message::PoolAllocation { .. } => Some(Process::TaskManager),
        // The first container of a YARN application attempt is its ApplicationMaster: the
        // JobManager.
        Message::YarnKill {
            container: Some(container),
            ..
        } => Some(if container.ends_with("_000001") {
            Process::JobManager
        } else {
            Process::TaskManager
        }),
        Message::KubernetesOomKilled { pod: Some(pod) } | Message::Killed137 { pod: Some(pod) } => {
            if pod.contains("taskmanager") {
                Some(Process::TaskManager)
            } else if pod.contains("jobmanager") {
                Some(Process::JobManager)
            } else {
                None
            }
        }
        _ => None,
    }
}

const TM_MARKERS: [&str; 6] = [
    "taskexecutor",
    "TaskExecutor",
    "TaskManagerRunner",
    "runtime.taskmanager.Task",
    "streaming.runtime.tasks",
    "-taskmanager-",
];
const JM_MARKERS: [&str; 5] = [
    "runtime.entrypoint",
    "ClusterEntrypoint",
    "runtime.jobmaster",
    "runtime.dispatcher",
    "-jobmanager-",
];

fn votes(text: &str) -> (usize, usize) {
    let count = |markers: &[&str]| markers.iter().filter(|m| text.contains(**m)).count();
    (count(&TM_MARKERS), count(&JM_MARKERS))
}

fn decide((tm, jm): (usize, usize)) -> Option<Process> {
    match tm.cmp(&jm) {
        std::cmp::Ordering::Greater => Some(Process::TaskManager),
        std::cmp::Ordering::Less => Some(Process::JobManager),
        std::cmp::Ordering::Equal => None,
    }
}

/// The process the lines around a message point at: the log line before it and its stack
/// trace after it.
pub(super) fn window_process(lines: &[&str], index: usize) -> Option<Process> {
    let start = index.saturating_sub(2);
    let mut text = String::new();
    for line in lines.get(start..=index).unwrap_or_default() {
        text.push_str(line);
        text.push('\n');
    }
    for line in lines.iter().skip(index + 1).take(80) {
        let trimmed = line.trim_start();
        let in_trace = trimmed.starts_with("at ")
            || trimmed.starts_with("Caused by")
            || trimmed.starts_with("...")
            || trimmed.starts_with("Suppressed");
        if !in_trace {
            break;
        }
        text.push_str(line);
        text.push('\n');
    }
    decide(votes(&text))
}

/// The process a whole log is from, when only one side's classes appear in it.
pub(super) fn file_process(text: &str) -> Option<Process> {
    match votes(text) {
        (tm, 0) if tm > 0 => Some(Process::TaskManager),
        (0, jm) if jm > 0 => Some(Process::JobManager),
        _ => None,
    }
}
