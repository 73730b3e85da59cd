//! Which tasks hold their buffers at the same time: the pipelined regions of a job and the
//! stage of each job vertex (regions levelled by their blocking or hybrid inputs).

use crate::network::graph::{JobGraph, root};
use crate::network::job::Mode;
use crate::network::pools::PartitionType;

/// Pipelined regions: job vertices joined by pipelined exchanges (batch); in streaming one
/// region holds everything.
pub(super) fn regions(graph: &JobGraph, types: &[PartitionType], mode: Mode) -> Vec<usize> {
    let n = graph.vertices.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, e) in graph.edges.iter().enumerate() {
        if mode == Mode::Streaming || !types[i].separates_regions() {
            let (a, b) = (root(&mut parent, e.from), root(&mut parent, e.to));
            parent[a.max(b)] = a.min(b);
        }
    }
    if mode == Mode::Streaming {
        return vec![0; n];
    }
    (0..n).map(|v| root(&mut parent, v)).collect()
}

/// The stage of each job vertex: 0 in streaming; in batch one more than the latest region it
/// reads through a blocking (or hybrid) exchange.
pub(super) fn levels(
    graph: &JobGraph,
    types: &[PartitionType],
    region: &[usize],
    mode: Mode,
) -> Vec<usize> {
    let n = graph.vertices.len();
    let mut level = vec![0usize; n];
    if mode == Mode::Streaming {
        return level;
    }
    // Longest path over the region DAG; a cycle stops after n rounds.
    for _ in 0..=n {
        let mut changed = false;
        for (i, e) in graph.edges.iter().enumerate() {
            let step = usize::from(types[i].separates_regions() && region[e.from] != region[e.to]);
            let want = level[e.from] + step;
            if want > level[e.to] && want <= n {
                level[e.to] = want;
                changed = true;
            }
        }
        // A region runs as one: all its vertices share the latest level.
        for v in 0..n {
            let top = (0..n)
                .filter(|&u| region[u] == region[v])
                .map(|u| level[u])
                .max()
                .unwrap_or(0);
            if top > level[v] {
                level[v] = top;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Renumber to consecutive stages.
    let mut used: Vec<usize> = level.clone();
    used.sort_unstable();
    used.dedup();
    level
        .iter()
        .map(|l| used.iter().position(|u| u == l).unwrap_or(0))
        .collect()
}
