//! Each problem once: sightings of the same problem merged, and sightings that are part of
//! another one folded into it.

use super::container_kill::YarnLimit;
use super::memory_config::Check;
use super::{Message, Sighting};
use crate::calc::Process;

/// The key that decides whether two sightings are the same problem.
fn same_problem(a: &Sighting, b: &Sighting) -> bool {
    use Message as M;
    match (&a.message, &b.message) {
        // A pool of the same size: one problem, however the later failures' numbers differ.
        (
            M::InsufficientBuffers {
                total: t1,
                segment_size: s1,
                ..
            },
            M::InsufficientBuffers {
                total: t2,
                segment_size: s2,
                ..
            },
        ) => t1 == t2 && s1 == s2,
        (M::YarnKill { limit_kind: k1, .. }, M::YarnKill { limit_kind: k2, .. }) => {
            k1 == k2 && compatible(a.process, b.process)
        }
        (M::KubernetesOomKilled { .. }, M::KubernetesOomKilled { .. })
        | (M::Killed137 { .. }, M::Killed137 { .. })
        | (M::DirectOom { .. }, M::DirectOom { .. })
        | (M::MetaspaceOom, M::MetaspaceOom)
        | (M::HeapOom { .. }, M::HeapOom { .. })
        | (M::BuffersTimeout { .. }, M::BuffersTimeout { .. }) => compatible(a.process, b.process),
        (M::ConfigError { core: c1, .. }, M::ConfigError { core: c2, .. }) => {
            // The wrapped message and its cause are one failure.
            c1.starts_with(c2.as_str()) || c2.starts_with(c1.as_str())
        }
        (x, y) => x == y && a.process == b.process,
    }
}

/// Two processes that may be the same: equal, or one of them unknown.
fn compatible(a: Option<Process>, b: Option<Process>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// How much a sighting says: the one that says more is kept when two are the same problem.
fn weight(message: &Message) -> u64 {
    match message {
        Message::InsufficientBuffers {
            required,
            available,
            total,
            ..
        } => total.saturating_sub(*available).saturating_add(*required),
        Message::DirectOom { limit, .. } => u64::from(limit.is_some()),
        Message::YarnKill { beyond, used, .. } => beyond.or(*used).unwrap_or(0),
        _ => 0,
    }
}

/// Adds `sighting` to `found`, or records it as another occurrence of a problem seen before.
pub(super) fn merge(found: &mut Vec<Sighting>, sighting: Sighting) {
    let Some(existing) = found.iter_mut().find(|s| same_problem(s, &sighting)) else {
        found.push(sighting);
        return;
    };
    existing.also_at.push(sighting.line);
    existing.process = existing.process.or(sighting.process);
    if weight(&sighting.message) > weight(&existing.message) {
        existing.message = sighting.message;
        existing.text = sighting.text;
    }
}

/// Folds sightings that are part of another one: an exit code 137 next to `OOMKilled`, a YARN
/// exit status next to the monitor's message, the network-remainder wrapper next to its cause.
pub(super) fn fold(found: &[Sighting]) -> Vec<Sighting> {
    let absorbs = |host: &Message, part: &Message| match (host, part) {
        (Message::YarnKill { limit_kind, .. }, Message::YarnExitStatus { status }) => {
            (*limit_kind == YarnLimit::Physical) == (*status == -104)
        }
        (Message::KubernetesOomKilled { .. }, Message::Killed137 { .. })
        | (
            Message::ConfigError {
                check: Check::NetworkRange | Check::NetworkLegacy,
                ..
            },
            Message::ConfigError {
                check: Check::NetworkDerived,
                ..
            },
        ) => true,
        _ => false,
    };
    let mut kept: Vec<Sighting> = Vec::new();
    let mut parts: Vec<Sighting> = Vec::new();
    for sighting in found {
        if found
            .iter()
            .any(|host| absorbs(&host.message, &sighting.message))
        {
            parts.push(sighting.clone());
        } else {
            kept.push(sighting.clone());
        }
    }
    for part in parts {
        if let Some(host) = kept
            .iter_mut()
            .find(|host| absorbs(&host.message, &part.message))
        {
            host.also_at.push(part.line);
            host.also_at.extend(part.also_at);
            host.also_at.sort_unstable();
            host.also_at.dedup();
        }
    }
    kept
}
