//! Containers killed for their memory: YARN's monitor and exit statuses, Kubernetes'
//! `OOMKilled` and exit code 137.

use serde::Serialize;

use super::Message;
use crate::diagnose::parse::{after, leading_decimal_size, leading_i64, leading_u64};

/// What kind of kill a YARN message reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum YarnLimit {
    Physical,
    Virtual,
}

/// YARN `ContainersMonitorImpl`: `Container [pid=P,containerID=C] is running beyond physical
/// memory limits. Current usage: U of L physical memory used; ... Killing container.` (Hadoop
/// 2.x), or `... is running NB beyond the 'PHYSICAL' memory limit. ...` (2.8+, 3.x).
pub(super) fn yarn_kill(line: &str, next: &str) -> Option<Message> {
    let lower = line.to_ascii_lowercase();
    let at = lower.find(" is running ")?;
    let rest = &lower[at..];
    let limit_kind = if rest.contains("beyond physical memory limit")
        || rest.contains("beyond the 'physical' memory limit")
    {
        YarnLimit::Physical
    } else if rest.contains("beyond virtual memory limit")
        || rest.contains("beyond the 'virtual' memory limit")
    {
        YarnLimit::Virtual
    } else {
        return None;
    };
    let container = after(line, "containerID=").map(|r| {
        r.split(|c: char| c == ']' || c == ',' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_owned()
    });
    let beyond = after(line, " is running ")
        .and_then(leading_u64)
        .filter(|(_, r)| r.starts_with("B beyond"))
        .map(|(n, _)| n);
    let joined;
    let usage_text = if line.contains("Current usage: ") {
        line
    } else {
        joined = format!("{line} {next}");
        &joined
    };
    let (used, limit) = match after(usage_text, "Current usage: ").and_then(leading_decimal_size) {
        Some((used, rest)) => {
            let limit = rest
                .trim_start()
                .strip_prefix("of ")
                .and_then(leading_decimal_size)
                .map(|(l, _)| l);
            (Some(used), limit)
        }
        None => (None, None),
    };
    Some(Message::YarnKill {
        limit_kind,
        container,
        beyond,
        used,
        limit,
    })
}

/// YARN `ContainerExitStatus` for memory kills in a container-completed report
/// (`exitStatus=-104`, `Exit status: -104`, Flink's `Exit code: -104.`).
pub(super) fn yarn_exit_status(line: &str) -> Option<Message> {
    let lower = line.to_ascii_lowercase();
    let rest = [
        "exitstatus=",
        "exit status: ",
        "exit code: ",
        "exit code is ",
    ]
    .iter()
    .find_map(|marker| after(&lower, marker))?;
    let (status, _) = leading_i64(rest.trim_start())?;
    matches!(status, -104 | -103).then_some(Message::YarnExitStatus { status })
}

/// Kubernetes: `OOMKilled` (kubectl's `Reason: OOMKilled`, Flink's `KubernetesPod` diagnostics
/// `Pod terminated, container termination statuses: [name(exitCode=137, reason=OOMKilled,
/// message=null)]`, events), or exit code 137.
pub(super) fn kubernetes_kill(line: &str) -> Option<Message> {
    let pod = pod_name(line);
    if line.contains("OOMKilled") {
        return Some(Message::KubernetesOomKilled { pod });
    }
    let lower = line.to_ascii_lowercase();
    let code = ["exitcode=", "exit code:", "exit code ", "exited with code "]
        .iter()
        .find_map(|marker| after(&lower, marker))
        .and_then(|rest| leading_u64(rest.trim_start()))
        .map(|(code, _)| code);
    (code == Some(137)).then_some(Message::Killed137 { pod })
}

/// The pod or worker named on a line (`Worker <name> is terminated`, `pod/<name>`, `Pod
/// <name>`).
fn pod_name(line: &str) -> Option<String> {
    let word = |rest: &str| {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            .collect();
        (!name.is_empty()).then_some(name)
    };
    after(line, "Worker ")
        .and_then(word)
        .or_else(|| after(line, "pod/").and_then(word))
        .or_else(|| after(line, "Pod ").and_then(word))
}
