//! The replay of buffer requests in Flink's deployment order, to name the request
//! `NetworkBufferPool` refuses first, and its "Insufficient number of network buffers" message.

use super::wiring::Layout;
use super::{Pool, PredictedFailure};

/// Replays the requests of the first stage that does not fit, on its first `TaskManager` that
/// runs out, in deployment order: tasks by vertex (producers first) and subtask; each task
/// creates its partitions' pools, then its gates' floating pools (`Task.setupPartitionsAndGates`);
/// remote channels request their exclusive buffers later, when partitions are requested.
pub(super) fn predict_failure(
    layout: &Layout<'_>,
    pool: Pool,
    required: &[Vec<Vec<u64>>],
) -> Option<PredictedFailure> {
    let (stage, tm) = required.iter().enumerate().find_map(|(s, per_tm)| {
        per_tm
            .iter()
            .position(|ex| ex.iter().sum::<u64>() > pool.buffers)
            .map(|t| (s, t as u32))
    })?;
    let graph = layout.graph;
    // (buffers per request, how many such requests, what they are for)
    let mut pools: Vec<(u64, u64, String)> = Vec::new();
    let mut exclusive: Vec<(u64, u64, String)> = Vec::new();
    for v in graph.topological_order() {
        if layout.level[v] != stage {
            continue;
        }
        let name = &graph.vertices[v].name;
        for (k, &t) in layout.placement[v].iter().enumerate() {
            if t != tm {
                continue;
            }
            for (i, e) in graph.edges.iter().enumerate() {
                if e.from == v && layout.shares[i].is_none() {
                    let (n, p) = layout.partition(i, k as u64);
                    pools.push((
                        p.min,
                        1,
                        format!("the result partition of {name} #{k} ({n} subpartitions)"),
                    ));
                }
            }
            for (i, e) in graph.edges.iter().enumerate() {
                if e.to != v {
                    continue;
                }
                let (_, remote, gate) = layout.gate(i, k as u64, tm);
                pools.push((
                    gate.floating_min,
                    1,
                    format!("the input gate of {name} #{k} (floating buffers)"),
                ));
                if gate.exclusive_per_channel > 0 && remote > 0 {
                    exclusive.push((
                        gate.exclusive_per_channel,
                        remote,
                        format!("a remote input channel of {name} #{k} (exclusive buffers)"),
                    ));
                }
            }
        }
    }
    let mut taken = 0u64;
    for (request, count, what) in pools.into_iter().chain(exclusive) {
        if request == 0 {
            continue;
        }
        // The requests that still fit, then the one that does not.
        let fitting = count.min((pool.buffers - taken) / request);
        taken += fitting * request;
        if fitting < count {
            let available = pool.buffers - taken;
            return Some(PredictedFailure {
                stage,
                taskmanager: tm,
                required: request,
                available,
                request: what,
                message: insufficient_message(request, available, pool),
            });
        }
    }
    None
}

/// `NetworkBufferPool`'s "Insufficient number of network buffers" message.
pub fn insufficient_message(required: u64, available: u64, pool: Pool) -> String {
    format!(
        "Insufficient number of network buffers: required {required}, but only {available} \
         available. The total number of network buffers is currently set to {} of {} bytes \
         each. You can increase this number by setting the configuration keys \
         'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and \
         'taskmanager.memory.network.max'.",
        pool.buffers, pool.segment_size
    )
}
