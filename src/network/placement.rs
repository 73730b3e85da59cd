//! Where each subtask runs when the user does not say: Flink's slot sharing
//! (`LocalInputPreferredSlotSharingStrategy`, the default of every release 1.13-2.3) groups
//! subtasks into shared slots, each consumer next to one of its producers where it can, and the
//! slot pool fills `TaskManager`s slot by slot in the order the pipelined regions request
//! their slots (`PipelinedRegionSchedulingStrategy`, `SlotSharingExecutionSlotAllocator`).
//!
//! Within one region Flink requests its slots in no fixed order (its allocator groups them in
//! an identity hash map), so a region whose slots span several `TaskManager`s may land in
//! another order on another run; the model takes the slots in the order their groups were
//! formed and says when the order could matter ([`Placement::may_vary`]: with every exchange
//! between equal parallelisms, each slot holds one subtask of every vertex and any order gives
//! the same requirement per `TaskManager`).

use std::collections::{HashMap, VecDeque};

use super::graph::{JobGraph, pointwise_producers, root};
use super::job::{DEFAULT_GROUP, Job, Mode};
use super::model::ModelError;
use super::pools::PartitionType;

/// The `TaskManager` (0-based) of every subtask, per job vertex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub taskmanager_of: Vec<Vec<u32>>,
    /// Slots the busiest stage needs.
    pub slots_needed: u64,
    /// Whether the user pinned any vertex.
    pub given: bool,
    /// Whether some pipelined region's slots span several `TaskManager`s while the job has a
    /// pipelined exchange between different parallelisms, so that Flink may place it otherwise
    /// with another requirement per `TaskManager`.
    pub may_vary: bool,
}

/// The inputs of the placement, as the model has computed them.
#[derive(Debug, Clone, Copy)]
pub struct Stages<'a> {
    /// Partition type per exchange (which exchanges are pipelined).
    pub types: &'a [PartitionType],
    /// The job-vertex-level pipelined region of each vertex (batch slot sharing groups).
    pub region: &'a [usize],
    /// The stage of each vertex.
    pub level: &'a [usize],
    pub mode: Mode,
}

/// Which consumers share the candidate list of an input
/// (`computeAllCandidateGroupsForConsumedPartitionGroup`): all of an all-to-all exchange, those
/// fed by one producer when a pointwise exchange fans out, else each consumer its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum InputGroup {
    AllToAll { edge: usize },
    FedBy { edge: usize, producer: u64 },
    ReadBy { edge: usize, consumer: u64 },
}

/// Every subtask's place: the user's where given (`job.placement`), else Flink's default.
pub fn place(
    job: &Job,
    graph: &JobGraph,
    stages: Stages<'_>,
    slots: u32,
) -> Result<Placement, ModelError> {
    let nv = graph.vertices.len();
    let mut given: Vec<Option<&Vec<u32>>> = vec![None; nv];
    for (v, vertex) in graph.vertices.iter().enumerate() {
        given[v] = vertex
            .operators
            .iter()
            .find_map(|&op| job.placement.get(&job.vertices[op].name));
        if let Some(list) = given[v]
            && list.len() != vertex.parallelism as usize
        {
            return Err(ModelError::PlacementLength {
                vertex: vertex.name.clone(),
                given: list.len(),
                parallelism: vertex.parallelism,
            });
        }
    }
    let shared = SharedSlots::build(graph, stages);
    let (slot_of_group, slots_needed, may_vary) = shared.request(graph, stages, slots);
    let per_tm = u64::from(slots.max(1));
    let taskmanager_of = (0..nv)
        .map(|v| {
            if let Some(list) = given[v] {
                return list.clone();
            }
            shared.group_of[v]
                .iter()
                .map(|&g| u32::try_from(slot_of_group[g] / per_tm).unwrap_or(u32::MAX))
                .collect()
        })
        .collect();
    Ok(Placement {
        taskmanager_of,
        slots_needed,
        given: given.iter().any(Option::is_some),
        may_vary,
    })
}

/// The logical slot sharing group of a vertex: its stage and name; in batch every pipelined
/// region of the default group is a group of its own (`StreamingJobGraphGenerator`).
fn logical_group(graph: &JobGraph, stages: Stages<'_>, v: usize) -> (usize, String) {
    let vertex = &graph.vertices[v];
    let key = if stages.mode == Mode::Batch && vertex.slot_sharing_group == DEFAULT_GROUP {
        format!("region-{}", stages.region[v])
    } else {
        vertex.slot_sharing_group.clone()
    };
    (stages.level[v], key)
}

/// The shared slots (execution slot sharing groups) and which one each subtask is in.
struct SharedSlots {
    /// Per job vertex, per subtask: its group.
    group_of: Vec<Vec<usize>>,
    /// Per group: its logical group's stage.
    stage_of_group: Vec<usize>,
}

impl SharedSlots {
    /// Mirrors the builder of `LocalInputPreferredSlotSharingStrategy`: vertex by vertex in
    /// topological order, each subtask first takes the group of one of its producers that holds
    /// no subtask of its vertex yet (candidates are used up once looked at), and what is left
    /// goes to the oldest group of its logical group without a subtask of this vertex, or a new
    /// one.
    fn build(graph: &JobGraph, stages: Stages<'_>) -> Self {
        let nv = graph.vertices.len();
        let mut group_of: Vec<Vec<usize>> = graph
            .vertices
            .iter()
            .map(|v| vec![usize::MAX; v.parallelism as usize])
            .collect();
        let mut stage_of_group: Vec<usize> = Vec::new();
        // Per logical group, its groups in creation order.
        let mut groups_of_logical: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        let mut candidates: HashMap<InputGroup, VecDeque<usize>> = HashMap::new();
        for v in graph.topological_order() {
            let logical = logical_group(graph, stages, v);
            let level_of_new = logical.0;
            let parallelism = u64::from(graph.vertices[v].parallelism);
            let mut holds_v: Vec<bool> = vec![false; stage_of_group.len()];
            // Per input edge: whether its producer shares this logical group.
            let same_logical: Vec<bool> = graph
                .edges
                .iter()
                .map(|e| e.to == v && logical_group(graph, stages, e.from) == logical)
                .collect();
            let mut waiting = Vec::new();
            for k in 0..parallelism {
                let mut chosen = None;
                for (i, e) in graph.edges.iter().enumerate() {
                    if e.to != v || chosen.is_some() {
                        continue;
                    }
                    let p = u64::from(graph.vertices[e.from].parallelism);
                    let input = if !e.ship.is_pointwise() {
                        InputGroup::AllToAll { edge: i }
                    } else if p < parallelism {
                        InputGroup::FedBy {
                            edge: i,
                            producer: pointwise_producers(p, parallelism, k).start,
                        }
                    } else {
                        InputGroup::ReadBy {
                            edge: i,
                            consumer: k,
                        }
                    };
                    let list = candidates.entry(input).or_insert_with(|| {
                        if !same_logical[i] {
                            return VecDeque::new();
                        }
                        let producers = if e.ship.is_pointwise() {
                            pointwise_producers(p, parallelism, k)
                        } else {
                            0..p
                        };
                        // Subtasks of one vertex are never in the same group: no duplicates.
                        producers
                            .map(|j| group_of[e.from][j as usize])
                            .filter(|&g| g != usize::MAX)
                            .collect()
                    });
                    while let Some(g) = list.pop_front() {
                        if !holds_v[g] {
                            chosen = Some(g);
                            break;
                        }
                    }
                }
                match chosen {
                    Some(g) => {
                        holds_v[g] = true;
                        group_of[v][k as usize] = g;
                    }
                    None => waiting.push(k),
                }
            }
            let family = groups_of_logical.entry(logical).or_default();
            // Groups only fill up while this vertex is placed, so the first free one only
            // moves forward.
            let mut cursor = 0;
            for k in waiting {
                while cursor < family.len() && holds_v[family[cursor]] {
                    cursor += 1;
                }
                let g = if let Some(&g) = family.get(cursor) {
                    g
                } else {
                    let g = stage_of_group.len();
                    stage_of_group.push(level_of_new);
                    holds_v.push(false);
                    family.push(g);
                    g
                };
                holds_v[g] = true;
                group_of[v][k as usize] = g;
            }
        }
        debug_assert!(group_of.iter().flatten().all(|&g| g != usize::MAX) || nv == 0);
        Self {
            group_of,
            stage_of_group,
        }
    }

    /// The slot of every group: per stage, the pipelined regions (of subtasks) request their
    /// groups' slots in the order of their first subtask, and slots fill `TaskManager`s one
    /// after another. Returns the slots, the most any stage needs, and whether a region's
    /// slots span `TaskManager`s where the order inside it could move subtasks.
    fn request(&self, graph: &JobGraph, stages: Stages<'_>, slots: u32) -> (Vec<u64>, u64, bool) {
        // Subtasks numbered vertex by vertex (topological order), index by index.
        let order = graph.topological_order();
        let mut first_id = vec![0usize; graph.vertices.len()];
        let mut total = 0usize;
        for &v in &order {
            first_id[v] = total;
            total += graph.vertices[v].parallelism as usize;
        }
        let id = |v: usize, k: u64| first_id[v] + k as usize;
        let mut parent: Vec<usize> = (0..total).collect();
        let union = |a: usize, b: usize, parent: &mut Vec<usize>| {
            let (a, b) = (root(parent, a), root(parent, b));
            parent[a.max(b)] = a.min(b);
        };
        let mut uneven = false;
        for (i, e) in graph.edges.iter().enumerate() {
            let pipelined = stages.mode == Mode::Streaming || !stages.types[i].separates_regions();
            if !pipelined {
                continue;
            }
            let p = u64::from(graph.vertices[e.from].parallelism);
            let q = u64::from(graph.vertices[e.to].parallelism);
            uneven |= p != q;
            if e.ship.is_pointwise() {
                for c in 0..q {
                    for j in pointwise_producers(p, q, c) {
                        union(id(e.from, j), id(e.to, c), &mut parent);
                    }
                }
            } else {
                for j in 0..p {
                    union(id(e.from, j), id(e.to, 0), &mut parent);
                }
                for c in 1..q {
                    union(id(e.to, 0), id(e.to, c), &mut parent);
                }
            }
        }
        // Regions by their first subtask; each region's groups in creation order.
        let mut regions: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut region_index: HashMap<usize, usize> = HashMap::new();
        for &v in &order {
            for (k, &g) in self.group_of[v].iter().enumerate() {
                let r = root(&mut parent, id(v, k as u64));
                let at = *region_index.entry(r).or_insert_with(|| {
                    regions.push((r, Vec::new()));
                    regions.len() - 1
                });
                regions[at].1.push(g);
            }
        }
        let per_tm = u64::from(slots.max(1));
        let mut slot_of_group = vec![u64::MAX; self.stage_of_group.len()];
        let mut next_slot: HashMap<usize, u64> = HashMap::new();
        let mut may_vary = false;
        for (_, mut groups) in regions {
            groups.sort_unstable();
            groups.dedup();
            let mut taskmanagers = Vec::new();
            for g in groups {
                if slot_of_group[g] != u64::MAX {
                    continue;
                }
                let next = next_slot.entry(self.stage_of_group[g]).or_insert(0);
                slot_of_group[g] = *next;
                taskmanagers.push(*next / per_tm);
                *next += 1;
            }
            taskmanagers.dedup();
            may_vary |= uneven && taskmanagers.len() > 1;
        }
        let slots_needed = next_slot.values().copied().max().unwrap_or(0);
        (slot_of_group, slots_needed, may_vary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::job::{Chaining, Edge, Ship, Vertex};

    /// A streaming chain of vertices joined by the given exchanges, none chained.
    fn chain(parallelisms: &[u32], ships: &[Ship]) -> (Job, JobGraph) {
        let mut job = Job::quick(1, 0);
        job.vertices = parallelisms
            .iter()
            .enumerate()
            .map(|(i, &p)| Vertex::new(format!("v{i}"), p))
            .collect();
        job.edges = ships
            .iter()
            .enumerate()
            .map(|(i, &ship)| Edge {
                chaining: Chaining::Never,
                ..Edge::new(i, i + 1, ship)
            })
            .collect();
        let graph = JobGraph::build(&job);
        (job, graph)
    }

    fn placed(parallelisms: &[u32], ships: &[Ship], slots: u32) -> Placement {
        let (job, graph) = chain(parallelisms, ships);
        let n = graph.vertices.len();
        let types = vec![PartitionType::PipelinedBounded; graph.edges.len()];
        let zeros = vec![0; n];
        let stages = Stages {
            types: &types,
            region: &zeros,
            level: &zeros,
            mode: Mode::Streaming,
        };
        place(&job, &graph, stages, slots).expect("placed")
    }

    #[test]
    fn rescale_fan_out_keeps_each_consumer_next_to_its_producer() {
        // Flink's measured placement of src(4) -rescale-> map(8) -forward-> out(8) on 2 x 4:
        // sources 0-1 with maps 0-3 on one TaskManager (tests/golden/network, s-ex-g-2x4).
        let p = placed(&[4, 8, 8], &[Ship::Rescale, Ship::Forward], 4);
        assert_eq!(p.taskmanager_of[0], [0, 0, 1, 1]);
        assert_eq!(p.taskmanager_of[1], [0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(p.taskmanager_of[2], [0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(p.slots_needed, 8);
        assert!(
            !p.may_vary,
            "each region's two slots are on one TaskManager"
        );
    }

    #[test]
    fn rescale_fan_in_spreads_consumers_with_their_producers() {
        let p = placed(&[8, 4], &[Ship::Rescale], 4);
        assert_eq!(p.taskmanager_of[0], [0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(p.taskmanager_of[1], [0, 0, 1, 1]);
    }

    #[test]
    fn all_to_all_exchanges_fill_slots_in_order() {
        let p = placed(&[4, 4], &[Ship::Hash], 2);
        assert_eq!(p.taskmanager_of, [vec![0, 0, 1, 1], vec![0, 0, 1, 1]]);
        assert!(!p.may_vary);
        let p = placed(&[2, 8], &[Ship::Broadcast], 4);
        assert_eq!(p.taskmanager_of[0], [0, 0]);
        assert!(
            p.may_vary,
            "Flink also puts one source on each TaskManager (s-ex-h-2x4)"
        );
        assert_eq!(p.taskmanager_of[1], [0, 0, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn a_region_over_several_taskmanagers_with_uneven_exchanges_may_vary() {
        // src(2) -rescale-> map(8) on 4 x 2: each region has four slots on two TaskManagers.
        let p = placed(&[2, 8], &[Ship::Rescale], 2);
        assert!(p.may_vary);
        assert_eq!(p.taskmanager_of[0], [0, 2]);
    }
}
