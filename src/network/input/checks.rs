//! The checks both job files and Flink's plans apply, in the same words: parallelism and other
//! integer bounds, forward edges between vertices of different parallelism, the order (and
//! cycles) of a job's graph, and "did you mean" suggestions for misspelt names.

use super::tree::{Fail, Node, Result};
use crate::config::source::Span;
use crate::network::job::{Edge, Ship, Vertex};

/// Flink's upper bound for a vertex's max parallelism, and so for its parallelism
/// (`KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM`, `ExecutionJobVertex`: "parallelism
/// is higher than the max parallelism").
pub(super) const MAX_PARALLELISM: i128 = 1 << 15;

/// `value` (read at `span`) in `min..=max`.
pub(super) fn in_range(value: i128, span: Span, what: &str, min: i128, max: i128) -> Result<u32> {
    if value < min {
        return Err(Fail::new(
            span,
            format!("{what} must be at least {min}, found {value}"),
        ));
    }
    if value > max {
        return Err(Fail::new(
            span,
            format!("{what} must be at most {max}, found {value}"),
        ));
    }
    u32::try_from(value).map_err(|_| Fail::new(span, format!("{what} is out of range")))
}

/// An integer field in `min..=max`.
pub(super) fn int_in(node: &Node, what: &str, min: i128, max: i128) -> Result<u32> {
    in_range(node.int(what)?, node.span, what, min, max)
}

/// Flink's message for a forward edge between vertices of different parallelism
/// (`StreamGraph.addEdgeInternal`), or `None` when the edge is fine. Vertices whose
/// parallelism the adaptive batch scheduler decides are put in one forward group, so the check
/// does not apply to them.
pub(super) fn forward_mismatch(edge: &Edge, vertices: &[Vertex]) -> Option<String> {
    let (up, down) = (vertices.get(edge.from)?, vertices.get(edge.to)?);
    (edge.ship == Ship::Forward && !up.auto && !down.auto && up.parallelism != down.parallelism)
        .then(|| {
            format!(
                "Forward partitioning does not allow change of parallelism. Upstream operation: \
                 {} parallelism: {}, downstream operation: {} parallelism: {} You must use another \
                 partitioning strategy, such as broadcast, rebalance, shuffle or global.",
                up.name, up.parallelism, down.name, down.parallelism
            )
        })
}

/// The vertices in a topological order: among those ready, the one first in `order`.
/// `Err(edge)`: an edge on a cycle.
pub(super) fn topological_order(
    vertex_count: usize,
    edges: &[Edge],
) -> std::result::Result<Vec<usize>, usize> {
    let mut indegree = vec![0_usize; vertex_count];
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); vertex_count];
    for (i, edge) in edges.iter().enumerate() {
        indegree[edge.to] += 1;
        outgoing[edge.from].push(i);
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..vertex_count).filter(|&v| indegree[v] == 0).collect();
    let mut order = Vec::with_capacity(vertex_count);
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &e in &outgoing[v] {
            let to = edges[e].to;
            indegree[to] -= 1;
            if indegree[to] == 0 {
                ready.insert(to);
            }
        }
    }
    if order.len() == vertex_count {
        Ok(order)
    } else {
        // An edge between two vertices never reached.
        let stuck = edges
            .iter()
            .position(|e| indegree[e.to] > 0 && indegree[e.from] > 0)
            .unwrap_or(0);
        Err(stuck)
    }
}

/// The closest of `candidates` to `word`, if close enough to suggest (similar by Jaro-Winkler,
/// or a few edits away, which also catches swapped letters in short words).
pub(super) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let c_lower = c.to_lowercase();
            let score = strsim::jaro_winkler(&lower, &c_lower)
                .max(strsim::normalized_damerau_levenshtein(&lower, &c_lower) + 0.2);
            (score, c)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// " (did you mean `x`?)" or "".
pub(super) fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("paralelism", ["name", "parallelism"]),
            Some("parallelism")
        );
        assert_eq!(did_you_mean("zzz", ["name", "parallelism"]), None);
        assert_eq!(did_you_mean("scr", ["src", "sink"]), Some("src"));
        assert_eq!(did_you_mean("ab", ["xy", "cd"]), None);
    }

    #[test]
    fn topological_order_is_stable_and_finds_cycles() {
        let edges = vec![Edge::new(2, 0, Ship::Hash), Edge::new(1, 0, Ship::Hash)];
        assert_eq!(topological_order(3, &edges), Ok(vec![1, 2, 0]));
        let cycle = vec![
            Edge::new(0, 1, Ship::Hash),
            Edge::new(1, 2, Ship::Hash),
            Edge::new(2, 1, Ship::Hash),
        ];
        assert_eq!(topological_order(3, &cycle), Err(1));
    }
}
