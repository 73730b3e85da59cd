//! From operators to job vertices: Flink's chaining rules, the network edges that remain, and
//! the cycles (feedback edges) of the job.
//!
//! Mirrors `StreamingJobGraphGenerator.isChainable` / `isChainableInput`: an edge is chained
//! when it is a forward exchange between operators of equal parallelism in the same slot sharing
//! group, the downstream operator has that one input, chaining is not switched off for it, and
//! the edge does not ask for a blocking exchange. Every other edge is a network exchange.

use super::job::{Chaining, Edge, Exchange, Job, Ship};

/// One job vertex: a chain of operators that runs as one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobVertex {
    /// The operators' names joined by ` -> `, as Flink names a chain.
    pub name: String,
    /// Indexes into [`Job::vertices`].
    pub operators: Vec<usize>,
    pub parallelism: u32,
    pub auto: bool,
    pub max_parallelism: Option<u32>,
    pub slot_sharing_group: String,
}

/// An exchange between two job vertices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkEdge {
    /// Indexes into [`JobGraph::vertices`].
    pub from: usize,
    pub to: usize,
    pub ship: Ship,
    pub exchange: Exchange,
    /// The index of the job's edge this exchange comes from.
    pub edge: usize,
}

/// The job after chaining.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobGraph {
    pub vertices: Vec<JobVertex>,
    pub edges: Vec<NetworkEdge>,
    /// Each cycle of the operator graph, as the indexes of the job edges that form it.
    pub cycles: Vec<Vec<usize>>,
}

fn chainable(job: &Job, edge: &Edge, in_degree: &[usize]) -> bool {
    let (up, down) = (&job.vertices[edge.from], &job.vertices[edge.to]);
    edge.from != edge.to
        && edge.chaining == Chaining::Auto
        && edge.ship == Ship::Forward
        && edge.exchange != Exchange::Blocking
        && in_degree[edge.to] == 1
        && up.parallelism == down.parallelism
        && up.auto == down.auto
        && up.slot_sharing_group == down.slot_sharing_group
}

/// The producers consumer `consumer` reads over a pointwise exchange of `p` producers into `q`
/// consumers (`EdgeManagerBuildUtil.connectPointwise`): a range of producers when `p >= q`,
/// else the one producer whose fan-out covers it (producer `j` feeds consumers
/// `ceil(j*q/p) .. ceil((j+1)*q/p) - 1`).
pub fn pointwise_producers(p: u64, q: u64, consumer: u64) -> std::ops::Range<u64> {
    let q = q.max(1);
    if p >= q {
        (consumer * p / q)..((consumer + 1) * p / q)
    } else {
        let j = consumer * p / q;
        j..j + 1
    }
}

/// The representative of `i` in a union-find forest (with path halving).
pub(super) fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

impl JobGraph {
    /// Chains `job`'s operators. Edge and vertex indexes of `job` must be valid (the readers
    /// check them).
    pub fn build(job: &Job) -> Self {
        let n = job.vertices.len();
        let mut in_degree = vec![0usize; n];
        for edge in &job.edges {
            in_degree[edge.to] += 1;
        }
        let mut parent: Vec<usize> = (0..n).collect();
        let cycles = cycles(job);
        let in_cycle: Vec<bool> = (0..job.edges.len())
            .map(|e| cycles.iter().any(|c| c.contains(&e)))
            .collect();
        let mut chained = vec![false; job.edges.len()];
        for (i, edge) in job.edges.iter().enumerate() {
            // A feedback edge is never chained (it would chain a task to itself).
            if !in_cycle[i] && chainable(job, edge, &in_degree) {
                let (a, b) = (root(&mut parent, edge.from), root(&mut parent, edge.to));
                if a != b {
                    parent[b.max(a)] = a.min(b);
                }
                chained[i] = true;
            }
        }
        let mut index_of_root = vec![usize::MAX; n];
        let mut vertices: Vec<JobVertex> = Vec::new();
        let mut vertex_of = vec![0usize; n];
        for (op, slot) in vertex_of.iter_mut().enumerate() {
            let r = root(&mut parent, op);
            if index_of_root[r] == usize::MAX {
                index_of_root[r] = vertices.len();
                let v = &job.vertices[op];
                vertices.push(JobVertex {
                    name: String::new(),
                    operators: Vec::new(),
                    parallelism: v.parallelism,
                    auto: v.auto,
                    max_parallelism: v.max_parallelism,
                    slot_sharing_group: v.slot_sharing_group.clone(),
                });
            }
            *slot = index_of_root[r];
            vertices[index_of_root[r]].operators.push(op);
        }
        for vertex in &mut vertices {
            vertex.name = vertex
                .operators
                .iter()
                .map(|&op| job.vertices[op].name.as_str())
                .collect::<Vec<_>>()
                .join(" -> ");
            vertex.max_parallelism = vertex
                .operators
                .iter()
                .filter_map(|&op| job.vertices[op].max_parallelism)
                .min();
        }
        let edges = job
            .edges
            .iter()
            .enumerate()
            .filter(|(i, _)| !chained[*i])
            .map(|(i, e)| NetworkEdge {
                from: vertex_of[e.from],
                to: vertex_of[e.to],
                ship: e.ship,
                exchange: e.exchange,
                edge: i,
            })
            .collect();
        Self {
            vertices,
            edges,
            cycles,
        }
    }

    /// Job vertices in an order where producers come before consumers (feedback edges
    /// ignored), ties by index.
    pub fn topological_order(&self) -> Vec<usize> {
        let n = self.vertices.len();
        let mut indegree = vec![0usize; n];
        let forward: Vec<&NetworkEdge> = self
            .edges
            .iter()
            .filter(|e| !self.cycles.iter().any(|c| c.contains(&e.edge)))
            .collect();
        for e in &forward {
            indegree[e.to] += 1;
        }
        let mut order = Vec::with_capacity(n);
        let mut done = vec![false; n];
        while order.len() < n {
            let next = (0..n)
                .find(|&v| !done[v] && indegree[v] == 0)
                .or_else(|| (0..n).find(|&v| !done[v]));
            let Some(v) = next else { break };
            done[v] = true;
            order.push(v);
            for e in forward.iter().filter(|e| e.from == v) {
                indegree[e.to] = indegree[e.to].saturating_sub(1);
            }
        }
        order
    }
}

/// The cycles of the operator graph: each strongly connected component with more than one
/// operator (or a self-loop), as the job edges inside it (Tarjan's algorithm).
fn cycles(job: &Job) -> Vec<Vec<usize>> {
    struct State<'a> {
        job: &'a Job,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        components: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        let targets: Vec<usize> = s
            .job
            .edges
            .iter()
            .filter(|e| e.from == v)
            .map(|e| e.to)
            .collect();
        for w in targets {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.components.push(component);
        }
    }
    let n = job.vertices.len();
    let mut s = State {
        job,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        components: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    let mut out: Vec<Vec<usize>> = s
        .components
        .into_iter()
        .filter_map(|component| {
            let edges: Vec<usize> = job
                .edges
                .iter()
                .enumerate()
                .filter(|(_, e)| component.contains(&e.from) && component.contains(&e.to))
                .map(|(i, _)| i)
                .collect();
            (!edges.is_empty()).then_some(edges)
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::job::Vertex;

    fn job(vertices: Vec<Vertex>, edges: Vec<Edge>) -> Job {
        let mut j = Job::quick(1, 0);
        j.vertices = vertices;
        j.edges = edges;
        j
    }

    #[test]
    fn forward_with_equal_parallelism_is_chained() {
        let j = job(
            vec![
                Vertex::new("a", 4),
                Vertex::new("b", 4),
                Vertex::new("c", 4),
            ],
            vec![Edge::new(0, 1, Ship::Hash), Edge::new(1, 2, Ship::Forward)],
        );
        let g = JobGraph::build(&j);
        assert_eq!(g.vertices.len(), 2);
        assert_eq!(g.vertices[1].name, "b -> c");
        assert_eq!(g.edges.len(), 1);
        assert_eq!((g.edges[0].from, g.edges[0].to), (0, 1));
        assert!(g.cycles.is_empty());
    }

    #[test]
    fn broken_chains_parallelism_changes_and_unions_make_exchanges() {
        let mut never = Edge::new(0, 1, Ship::Forward);
        never.chaining = Chaining::Never;
        let j = job(
            vec![
                Vertex::new("a", 4),
                Vertex::new("b", 4),
                Vertex::new("c", 2),
                Vertex::new("d", 2),
            ],
            vec![
                never,
                Edge::new(1, 2, Ship::Forward),
                Edge::new(2, 3, Ship::Forward),
                Edge::new(0, 3, Ship::Forward),
            ],
        );
        let g = JobGraph::build(&j);
        // a | b | c | d: a->b broken, b->c changes parallelism, d has two inputs.
        assert_eq!(g.vertices.len(), 4);
        assert_eq!(g.edges.len(), 4);
    }

    #[test]
    fn cycles_are_found_and_never_chained() {
        let j = job(
            vec![
                Vertex::new("a", 2),
                Vertex::new("b", 2),
                Vertex::new("c", 2),
            ],
            vec![
                Edge::new(0, 1, Ship::Hash),
                Edge::new(1, 2, Ship::Forward),
                Edge::new(2, 1, Ship::Forward),
            ],
        );
        let g = JobGraph::build(&j);
        assert_eq!(g.cycles, vec![vec![1, 2]]);
        assert_eq!(g.edges.len(), 3);
        assert_eq!(g.topological_order()[0], 0);
    }
}
