//! The flinkmem job file (YAML or JSON; documented in `examples/jobs/README.md`): its reader,
//! which checks everything Flink would reject before the job runs, and its JSON schema.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Deserialize;

use super::tree::{Fail, Node, Result};
use super::{forward_mismatch, suggestion};
use crate::config::source::Span;
use crate::network::job::{
    Chaining, DEFAULT_GROUP, Edge, Exchange, Job, Mode, Ship, ShuffleMode, Vertex,
};

/// Flink's upper bound for a vertex's max parallelism, and so for its parallelism
/// (`KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM`, `ExecutionJobVertex`: "parallelism
/// is higher than the max parallelism").
pub(super) const MAX_PARALLELISM: i128 = 1 << 15;

/// A flinkmem job file: the operators (or job vertices) of a Flink job, the exchanges between
/// them, and optionally the cluster it runs on.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "flinkmem job file")]
#[allow(dead_code)] // only its schema is used; the reader below keeps positions
struct JobFile {
    /// The job's name (for output only).
    name: Option<String>,
    /// `execution.runtime-mode`; default: the configuration's.
    mode: Option<Mode>,
    /// `execution.batch-shuffle-mode` (batch only); default: the configuration's.
    shuffle_mode: Option<ShuffleMode>,
    /// Number of `TaskManagers`; default: as many as the job's slots need.
    #[schemars(range(min = 1))]
    taskmanagers: Option<u32>,
    /// Slots per `TaskManager`; default: `taskmanager.numberOfTaskSlots`.
    #[schemars(range(min = 1))]
    slots: Option<u32>,
    /// The operators, or job vertices; names are unique.
    #[schemars(length(min = 1))]
    vertices: Vec<VertexEntry>,
    /// The data exchanges between vertices.
    #[serde(default)]
    edges: Vec<EdgeEntry>,
    /// Per vertex name, the `TaskManager` (0-based) of each subtask; one entry per subtask.
    #[serde(default)]
    placement: BTreeMap<String, Vec<u32>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct VertexEntry {
    /// Unique name; edges and placement refer to it.
    name: String,
    /// Subtasks (for `auto` vertices: the parallelism the scheduler is expected to pick).
    #[schemars(range(min = 1, max = 32768))]
    parallelism: u32,
    /// Parallelism decided by the adaptive batch scheduler (batch only).
    #[serde(default)]
    auto: bool,
    /// The vertex's max parallelism (only with `auto`).
    #[schemars(range(min = 1, max = 32768))]
    max_parallelism: Option<u32>,
    /// Slot sharing group; default `default`.
    slot_sharing_group: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct EdgeEntry {
    /// The producing vertex's name.
    from: String,
    /// The consuming vertex's name.
    to: String,
    /// How records are distributed.
    ship: Ship,
    /// The partition type; default: decided by the mode and shuffle mode.
    #[serde(default)]
    exchange: Exchange,
    /// `never`: not chained (`startNewChain()` / `disableChaining()`); default `auto`.
    #[serde(default)]
    chain: Chaining,
}

/// The JSON schema of the job file (`flinkmem schema job`).
pub fn job_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(JobFile)).unwrap_or_default()
}

const ROOT_FIELDS: &[&str] = &[
    "name",
    "mode",
    "shuffle-mode",
    "taskmanagers",
    "slots",
    "vertices",
    "edges",
    "placement",
];
const VERTEX_FIELDS: &[&str] = &[
    "name",
    "parallelism",
    "auto",
    "max-parallelism",
    "slot-sharing-group",
];
const EDGE_FIELDS: &[&str] = &["from", "to", "ship", "exchange", "chain"];

/// The fields of a mapping, each checked against `allowed`; null values count as absent.
struct Fields<'a> {
    map: &'a Node,
    values: HashMap<&'a str, &'a Node>,
}

impl<'a> Fields<'a> {
    fn new(map: &'a Node, what: &str, allowed: &[&str]) -> Result<Self> {
        let pairs = map.map(what)?;
        let mut values = HashMap::new();
        for (key, value) in pairs {
            let name = key.key_text().ok_or_else(|| {
                Fail::new(key.span, format!("{what} has a key that is not a string"))
            })?;
            if !allowed.contains(&name) {
                return Err(Fail::new(
                    key.span,
                    format!(
                        "unknown field `{name}` in {what}{}; expected one of: {}",
                        suggestion(name, allowed.iter().copied()),
                        allowed.join(", ")
                    ),
                ));
            }
            if values.insert(name, value).is_some() {
                return Err(Fail::new(
                    key.span,
                    format!("`{name}` is given twice in {what}"),
                ));
            }
        }
        values.retain(|_, v| !v.is_null());
        Ok(Self { map, values })
    }

    fn get(&self, name: &str) -> Option<&'a Node> {
        self.values.get(name).copied()
    }

    fn required(&self, name: &str, what: &str) -> Result<&'a Node> {
        self.get(name).ok_or_else(|| {
            Fail::new(
                Span::new(self.map.span.start, self.map.span.start),
                format!("{what} needs `{name}`"),
            )
        })
    }
}

/// An integer field in `min..=max`.
fn int_in(node: &Node, what: &str, min: i128, max: i128) -> Result<u32> {
    let value = node.int(what)?;
    if value < min {
        return Err(Fail::new(
            node.span,
            format!("{what} must be at least {min}, found {value}"),
        ));
    }
    if value > max {
        return Err(Fail::new(
            node.span,
            format!("{what} must be at most {max}, found {value}"),
        ));
    }
    u32::try_from(value).map_err(|_| Fail::new(node.span, format!("{what} is out of range")))
}

/// One of a fixed set of words.
fn word<T: Copy>(node: &Node, what: &str, choices: &[(&str, T)]) -> Result<T> {
    let text = node.str(what)?;
    choices
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            Fail::new(
                node.span,
                format!(
                    "unknown {what} `{text}`{}; expected one of: {}",
                    suggestion(text, names.iter().copied()),
                    names.join(", ")
                ),
            )
        })
}

const MODES: &[(&str, Mode)] = &[("streaming", Mode::Streaming), ("batch", Mode::Batch)];
const SHUFFLE_MODES: &[(&str, ShuffleMode)] = &ShuffleMode::NAMES;
const SHIPS: &[(&str, Ship)] = &Ship::NAMES;
const EXCHANGES: &[(&str, Exchange)] = &[
    ("default", Exchange::Default),
    ("pipelined", Exchange::Pipelined),
    ("blocking", Exchange::Blocking),
    ("hybrid-full", Exchange::HybridFull),
    ("hybrid-selective", Exchange::HybridSelective),
];
const CHAINS: &[(&str, Chaining)] = &[("auto", Chaining::Auto), ("never", Chaining::Never)];

/// Reads and checks a job file.
pub(super) fn read(root: &Node) -> Result<Job> {
    if !matches!(root.kind, super::tree::Kind::Map(_)) {
        return Err(Fail::new(
            root.span,
            format!(
                "a job file must be a mapping with `vertices` (and `edges`), found {}",
                root.describe()
            ),
        ));
    }
    let fields = Fields::new(root, "the job file", ROOT_FIELDS)?;
    let name = fields
        .get("name")
        .map(|n| n.str("name").map(str::to_owned))
        .transpose()?;
    let mode = fields
        .get("mode")
        .map(|n| word(n, "mode", MODES))
        .transpose()?;
    let shuffle_mode = fields
        .get("shuffle-mode")
        .map(|n| word(n, "shuffle-mode", SHUFFLE_MODES))
        .transpose()?;
    if let (Some(Mode::Streaming), Some(node)) = (mode, fields.get("shuffle-mode")) {
        return Err(Fail::new(
            node.span,
            "shuffle-mode applies to batch jobs only (mode: batch)",
        ));
    }
    let u32_max = i128::from(u32::MAX);
    let taskmanagers = fields
        .get("taskmanagers")
        .map(|n| int_in(n, "taskmanagers", 1, u32_max))
        .transpose()?;
    let slots = fields
        .get("slots")
        .map(|n| int_in(n, "slots", 1, u32_max))
        .transpose()?;

    let vertex_list = fields.required("vertices", "a job file")?;
    let items = vertex_list.seq("vertices")?;
    if items.is_empty() {
        return Err(Fail::new(
            vertex_list.span,
            "vertices is empty: a job needs at least one vertex",
        ));
    }
    let mut vertices: Vec<Vertex> = Vec::with_capacity(items.len());
    let mut name_spans: Vec<Span> = Vec::with_capacity(items.len());
    for item in items {
        let (vertex, name_span) = read_vertex(item, mode)?;
        if let Some(first) = vertices.iter().position(|v| v.name == vertex.name) {
            return Err(Fail::new(
                name_span,
                format!(
                    "duplicate vertex name `{}` (first used by vertex {})",
                    vertex.name,
                    first + 1
                ),
            ));
        }
        vertices.push(vertex);
        name_spans.push(name_span);
    }

    let mut edges = Vec::new();
    if let Some(edge_list) = fields.get("edges") {
        for item in edge_list.seq("edges")? {
            edges.push(read_edge(item, &vertices, mode)?);
        }
    }
    // A cycle (a feedback edge, as iterations have) is accepted: the model warns about the
    // credit-based deadlock risk and names its edges.

    let mut placement = BTreeMap::new();
    if let Some(node) = fields.get("placement") {
        for (key, value) in node.map("placement")? {
            let (vertex_name, list) = read_placement(key, value, &vertices, taskmanagers)?;
            if placement.insert(vertex_name.clone(), list).is_some() {
                return Err(Fail::new(
                    key.span,
                    format!("the placement of `{vertex_name}` is given twice"),
                ));
            }
        }
    }

    Ok(Job {
        name,
        mode,
        shuffle_mode,
        taskmanagers,
        slots,
        vertices,
        edges,
        placement,
    })
}

fn read_vertex(item: &Node, mode: Option<Mode>) -> Result<(Vertex, Span)> {
    let fields = Fields::new(item, "a vertex", VERTEX_FIELDS)?;
    let name_node = fields.required("name", "a vertex")?;
    let name = name_node.str("a vertex name")?;
    if name.trim().is_empty() {
        return Err(Fail::new(name_node.span, "a vertex name must not be empty"));
    }
    let parallelism = int_in(
        fields.required("parallelism", &format!("vertex `{name}`"))?,
        "parallelism",
        1,
        MAX_PARALLELISM,
    )?;
    let auto = fields
        .get("auto")
        .map(|n| n.bool("auto"))
        .transpose()?
        .unwrap_or(false);
    if auto
        && mode == Some(Mode::Streaming)
        && let Some(node) = fields.get("auto")
    {
        return Err(Fail::new(
            node.span,
            "auto parallelism is decided by the adaptive batch scheduler: batch jobs only (mode: batch)",
        ));
    }
    let max_parallelism = match fields.get("max-parallelism") {
        None => None,
        Some(node) => {
            if !auto {
                return Err(Fail::new(
                    node.span,
                    format!(
                        "max-parallelism is only meaningful with `auto: true` (vertex `{name}`)"
                    ),
                ));
            }
            let max = int_in(node, "max-parallelism", 1, MAX_PARALLELISM)?;
            if parallelism > max {
                return Err(Fail::new(
                    node.span,
                    format!(
                        "vertex `{name}` has parallelism {parallelism}, higher than its max-parallelism {max}"
                    ),
                ));
            }
            Some(max)
        }
    };
    let slot_sharing_group = fields
        .get("slot-sharing-group")
        .map(|n| n.str("slot-sharing-group").map(str::to_owned))
        .transpose()?
        .unwrap_or_else(|| DEFAULT_GROUP.to_owned());
    Ok((
        Vertex {
            name: name.to_owned(),
            parallelism,
            auto,
            max_parallelism,
            slot_sharing_group,
        },
        name_node.span,
    ))
}

/// The index of the vertex a `from` / `to` / placement key names.
fn vertex_ref(node: &Node, what: &str, vertices: &[Vertex]) -> Result<usize> {
    let name = node.str(what)?;
    vertices.iter().position(|v| v.name == name).ok_or_else(|| {
        Fail::new(
            node.span,
            format!(
                "{what}: no vertex is named `{name}`{}",
                suggestion(name, vertices.iter().map(|v| v.name.as_str()))
            ),
        )
    })
}

fn read_edge(item: &Node, vertices: &[Vertex], mode: Option<Mode>) -> Result<Edge> {
    let fields = Fields::new(item, "an edge", EDGE_FIELDS)?;
    let from = vertex_ref(fields.required("from", "an edge")?, "`from`", vertices)?;
    let to_node = fields.required("to", "an edge")?;
    let to = vertex_ref(to_node, "`to`", vertices)?;
    let ship_node = fields.required("ship", "an edge")?;
    let ship = word(ship_node, "ship", SHIPS)?;
    let exchange = fields
        .get("exchange")
        .map(|n| word(n, "exchange", EXCHANGES))
        .transpose()?
        .unwrap_or_default();
    if mode == Some(Mode::Streaming)
        && matches!(exchange, Exchange::HybridFull | Exchange::HybridSelective)
        && let Some(node) = fields.get("exchange")
    {
        // StreamingJobGraphGenerator.validateHybridShuffleExecuteInBatchMode (1.17+).
        return Err(Fail::new(
            node.span,
            "hybrid shuffle mode only supports batch job, please set execution.runtime-mode to BATCH",
        ));
    }
    let chaining = fields
        .get("chain")
        .map(|n| word(n, "chain", CHAINS))
        .transpose()?
        .unwrap_or_default();
    let edge = Edge {
        from,
        to,
        ship,
        exchange,
        chaining,
    };
    if let Some(message) = forward_mismatch(&edge, vertices) {
        return Err(Fail::new(ship_node.span, message));
    }
    Ok(edge)
}

fn read_placement(
    key: &Node,
    value: &Node,
    vertices: &[Vertex],
    taskmanagers: Option<u32>,
) -> Result<(String, Vec<u32>)> {
    let index = vertex_ref(key, "placement", vertices)?;
    let vertex = &vertices[index];
    let items = value.seq(&format!("the placement of `{}`", vertex.name))?;
    let count = u32::try_from(items.len()).unwrap_or(u32::MAX);
    if count != vertex.parallelism {
        return Err(Fail::new(
            value.span,
            format!(
                "the placement of `{}` has {} {}, but the vertex has parallelism {}: one TaskManager per subtask",
                vertex.name,
                count,
                if count == 1 { "entry" } else { "entries" },
                vertex.parallelism
            ),
        ));
    }
    let mut list = Vec::with_capacity(items.len());
    for item in items {
        let tm = int_in(item, "a TaskManager index", 0, i128::from(u32::MAX))?;
        if let Some(tms) = taskmanagers
            && tm >= tms
        {
            return Err(Fail::new(
                item.span,
                format!(
                    "TaskManager {tm} does not exist: taskmanagers is {tms} (indexes 0 to {})",
                    tms - 1
                ),
            ));
        }
        list.push(tm);
    }
    Ok((vertex.name.clone(), list))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{JobInputError, read_job};
    use super::*;

    fn read(text: &str) -> Job {
        read_job(Path::new("job.yaml"), text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(text: &str) -> JobInputError {
        read_job(Path::new("job.yaml"), text).unwrap_err()
    }

    const FULL: &str = "\
name: orders
mode: batch
shuffle-mode: ALL_EXCHANGES_BLOCKING
taskmanagers: 2
slots: 4
vertices:
  - name: source
    parallelism: 8
  - name: agg
    parallelism: 4
    auto: true
    max-parallelism: 128
    slot-sharing-group: aggs
edges:
  - from: source
    to: agg
    ship: hash
    exchange: blocking
    chain: never
placement:
  source: [0, 0, 0, 0, 1, 1, 1, 1]
";

    #[test]
    fn reads_every_field() {
        let job = read(FULL);
        assert_eq!(job.name.as_deref(), Some("orders"));
        assert_eq!(job.mode, Some(Mode::Batch));
        assert_eq!(job.shuffle_mode, Some(ShuffleMode::AllExchangesBlocking));
        assert_eq!((job.taskmanagers, job.slots), (Some(2), Some(4)));
        assert_eq!(job.vertices[0], Vertex::new("source", 8));
        assert_eq!(
            job.vertices[1],
            Vertex {
                name: "agg".into(),
                parallelism: 4,
                auto: true,
                max_parallelism: Some(128),
                slot_sharing_group: "aggs".into(),
            }
        );
        assert_eq!(
            job.edges,
            [Edge {
                from: 0,
                to: 1,
                ship: Ship::Hash,
                exchange: Exchange::Blocking,
                chaining: Chaining::Never,
            }]
        );
        assert_eq!(job.placement["source"], [0, 0, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn minimal_job_uses_defaults() {
        let job = read("vertices:\n  - name: only\n    parallelism: 3\n");
        assert_eq!(job.mode, None);
        assert_eq!(job.shuffle_mode, None);
        assert_eq!(job.taskmanagers, None);
        assert!(job.edges.is_empty());
        assert_eq!(job.vertices[0].slot_sharing_group, "default");
        let job = read(
            "vertices: [{name: a, parallelism: 1}, {name: b, parallelism: 1}]\nedges: [{from: a, to: b, ship: forward}]\n",
        );
        assert_eq!(job.edges[0].exchange, Exchange::Default);
        assert_eq!(job.edges[0].chaining, Chaining::Auto);
    }

    #[test]
    fn json_job_file() {
        let job = read(
            r#"{"vertices": [{"name": "a", "parallelism": 2}, {"name": "b", "parallelism": 2}],
                "edges": [{"from": "a", "to": "b", "ship": "rescale"}]}"#,
        );
        assert_eq!(job.edges[0].ship, Ship::Rescale);
    }

    fn at(e: &JobInputError) -> (usize, usize) {
        (e.line, e.column)
    }

    #[test]
    fn unknown_fields_suggest_the_right_one() {
        let e = err("vertices:\n  - name: a\n    paralelism: 2\n");
        assert_eq!(at(&e), (3, 5));
        assert!(
            e.message.starts_with(
                "unknown field `paralelism` in a vertex (did you mean `parallelism`?)"
            ),
            "{e}"
        );
        let e = err("vertice: []\n");
        assert!(e.message.contains("did you mean `vertices`"), "{e}");
        let e =
            err("vertices: [{name: a, parallelism: 1}]\nedges: [{from: a, to: a, shipp: hash}]\n");
        assert!(e.message.contains("did you mean `ship`"), "{e}");
    }

    #[test]
    fn unknown_words_suggest() {
        let e = err("mode: STREAMING\nvertices: [{name: a, parallelism: 1}]\n");
        assert_eq!(at(&e), (1, 7));
        assert!(
            e.message
                .contains("unknown mode `STREAMING` (did you mean `streaming`?)"),
            "{e}"
        );
        let e = err(
            "vertices: [{name: a, parallelism: 1}, {name: b, parallelism: 1}]\nedges: [{from: a, to: b, ship: keyby}]\n",
        );
        assert!(e.message.starts_with("unknown ship `keyby`"), "{e}");
        let e = err("shuffle-mode: ALL_EXCHANGE_BLOCKING\nvertices: [{name: a, parallelism: 1}]\n");
        assert!(
            e.message.contains("did you mean `ALL_EXCHANGES_BLOCKING`"),
            "{e}"
        );
    }

    #[test]
    fn edges_must_name_vertices() {
        let e = err(
            "vertices: [{name: source, parallelism: 1}, {name: b, parallelism: 1}]\nedges:\n  - {from: sorce, to: b, ship: hash}\n",
        );
        assert_eq!(at(&e), (3, 12));
        assert_eq!(
            e.message,
            "`from`: no vertex is named `sorce` (did you mean `source`?)"
        );
    }

    #[test]
    fn duplicate_names_and_fields() {
        let e =
            err("vertices:\n  - name: a\n    parallelism: 1\n  - name: a\n    parallelism: 2\n");
        assert_eq!(at(&e), (4, 11));
        assert_eq!(
            e.message,
            "duplicate vertex name `a` (first used by vertex 1)"
        );
        let e = err("vertices:\n  - name: a\n    parallelism: 1\n    parallelism: 2\n");
        assert_eq!(e.message, "`parallelism` is given twice in a vertex");
    }

    #[test]
    fn parallelism_bounds() {
        let e = err("vertices: [{name: a, parallelism: 0}]\n");
        assert_eq!(e.message, "parallelism must be at least 1, found 0");
        assert_eq!(at(&e), (1, 35));
        let e = err("vertices: [{name: a, parallelism: -1}]\n");
        assert!(e.message.contains("at least 1"), "{e}");
        let e = err("vertices: [{name: a, parallelism: 40000}]\n");
        assert_eq!(e.message, "parallelism must be at most 32768, found 40000");
        let e =
            err("vertices: [{name: a, parallelism: 99999999999999999999999999999999999999999}]\n");
        assert!(e.message.contains("must be an integer"), "{e}");
        let e = err("vertices: [{name: a, parallelism: '4'}]\n");
        assert!(e.message.contains("must be an integer, found `4`"), "{e}");
        let e = err("vertices: [{name: a}]\n");
        assert_eq!(e.message, "vertex `a` needs `parallelism`");
        let e = err("taskmanagers: 0\nvertices: [{name: a, parallelism: 1}]\n");
        assert_eq!(e.message, "taskmanagers must be at least 1, found 0");
    }

    #[test]
    fn forward_needs_equal_parallelism() {
        let e = err(
            "vertices: [{name: src, parallelism: 4}, {name: map, parallelism: 2}]\nedges: [{from: src, to: map, ship: forward}]\n",
        );
        assert_eq!(
            e.message,
            "Forward partitioning does not allow change of parallelism. Upstream operation: src \
             parallelism: 4, downstream operation: map parallelism: 2 You must use another \
             partitioning strategy, such as broadcast, rebalance, shuffle or global."
        );
        assert_eq!(at(&e), (2, 36));
        // Auto vertices join their producer's forward group.
        read(
            "mode: batch\nvertices: [{name: src, parallelism: 4}, {name: map, parallelism: 2, auto: true}]\nedges: [{from: src, to: map, ship: forward}]\n",
        );
    }

    #[test]
    fn batch_only_settings() {
        let e = err(
            "mode: streaming\nshuffle-mode: ALL_EXCHANGES_BLOCKING\nvertices: [{name: a, parallelism: 1}]\n",
        );
        assert_eq!(at(&e), (2, 15));
        let e = err("mode: streaming\nvertices: [{name: a, parallelism: 1, auto: true}]\n");
        assert!(e.message.contains("batch jobs only"), "{e}");
        let e = err("vertices: [{name: a, parallelism: 1, max-parallelism: 8}]\n");
        assert!(
            e.message.contains("only meaningful with `auto: true`"),
            "{e}"
        );
        let e = err("vertices: [{name: a, parallelism: 16, auto: true, max-parallelism: 8}]\n");
        assert!(
            e.message.contains("higher than its max-parallelism 8"),
            "{e}"
        );
        let e = err(
            "mode: streaming\nvertices: [{name: a, parallelism: 1}, {name: b, parallelism: 1}]\nedges: [{from: a, to: b, ship: hash, exchange: hybrid-full}]\n",
        );
        assert!(
            e.message
                .starts_with("hybrid shuffle mode only supports batch job"),
            "{e}"
        );
        // Without a mode the configuration decides; nothing to reject yet.
        read("vertices: [{name: a, parallelism: 1, auto: true}]\n");
    }

    #[test]
    fn cycles_are_accepted_for_the_model_to_warn_about() {
        let job = read(
            "vertices: [{name: a, parallelism: 1}, {name: b, parallelism: 1}, {name: c, parallelism: 1}]\nedges:\n  - {from: a, to: b, ship: hash}\n  - {from: b, to: c, ship: hash}\n  - {from: c, to: b, ship: hash}\n  - {from: c, to: c, ship: rebalance}\n",
        );
        assert_eq!(job.edges.len(), 4);
    }

    #[test]
    fn placement_checks() {
        let base = "taskmanagers: 2\nvertices: [{name: src, parallelism: 4}]\n";
        let job = read(&format!("{base}placement:\n  src: [0, 1, 0, 1]\n"));
        assert_eq!(job.placement["src"], [0, 1, 0, 1]);
        let e = err(&format!("{base}placement:\n  src: [0, 1, 0]\n"));
        assert_eq!(at(&e), (4, 8));
        assert!(
            e.message
                .contains("has 3 entries, but the vertex has parallelism 4"),
            "{e}"
        );
        let e = err(&format!("{base}placement:\n  src: [0, 1, 2, 1]\n"));
        assert_eq!(at(&e), (4, 15));
        assert_eq!(
            e.message,
            "TaskManager 2 does not exist: taskmanagers is 2 (indexes 0 to 1)"
        );
        let e = err(&format!("{base}placement:\n  scr: [0, 1, 0, 1]\n"));
        assert_eq!(
            e.message,
            "placement: no vertex is named `scr` (did you mean `src`?)"
        );
        let e = err(&format!("{base}placement:\n  src: [0, 1, -1, 1]\n"));
        assert!(e.message.contains("at least 0"), "{e}");
        // Without taskmanagers any index is accepted (the cluster grows to fit).
        read("vertices: [{name: src, parallelism: 2}]\nplacement: {src: [0, 7]}\n");
    }

    #[test]
    fn wrong_shapes() {
        let e = err("vertices: {name: a}\n");
        assert!(
            e.message
                .starts_with("vertices must be a list, found a mapping"),
            "{e}"
        );
        let e = err("vertices: []\n");
        assert!(e.message.contains("at least one vertex"), "{e}");
        let e = err("name: x\n");
        assert_eq!(e.message, "a job file needs `vertices`");
        let e = err("vertices: [{name: a, parallelism: 1, auto: yes}]\n");
        assert!(e.message.contains("true or false"), "{e}");
        let e = err("vertices:\n  - name: ''\n    parallelism: 1\n");
        assert!(e.message.contains("must not be empty"), "{e}");
        let e = err("? [a]\n: 1\nvertices: []\n");
        assert!(e.message.contains("not a string"), "{e}");
    }

    #[test]
    fn null_fields_count_as_absent() {
        let job = read(
            "name:\nmode: ~\nvertices:\n  - name: a\n    parallelism: 1\n    slot-sharing-group:\nedges:\n",
        );
        assert_eq!(job.name, None);
        assert_eq!(job.vertices[0].slot_sharing_group, "default");
    }

    #[test]
    fn schema_knows_the_fields_the_reader_knows() {
        let schema = job_schema();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            k.sort();
            k
        };
        let sorted = |s: &[&str]| -> Vec<String> {
            let mut v: Vec<String> = s.iter().map(|x| (*x).to_owned()).collect();
            v.sort();
            v
        };
        assert_eq!(keys(&schema), sorted(ROOT_FIELDS));
        assert_eq!(keys(&schema["$defs"]["VertexEntry"]), sorted(VERTEX_FIELDS));
        assert_eq!(keys(&schema["$defs"]["EdgeEntry"]), sorted(EDGE_FIELDS));
        assert_eq!(schema["additionalProperties"], false);
    }

    fn names<T>(table: &[(&str, T)]) -> Vec<String> {
        table.iter().map(|(n, _)| (*n).to_owned()).collect()
    }

    #[test]
    fn schema_knows_the_words_the_reader_knows() {
        let schema = job_schema();
        let consts = |def: &str| -> Vec<String> {
            schema["$defs"][def]["oneOf"]
                .as_array()
                .unwrap_or_else(|| panic!("{def}"))
                .iter()
                .flat_map(|v| match v["enum"].as_array() {
                    Some(words) => words.clone(),
                    None => vec![v["const"].clone()],
                })
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(consts("Mode"), names(MODES));
        assert_eq!(consts("ShuffleMode"), names(SHUFFLE_MODES));
        assert_eq!(consts("Ship"), names(SHIPS));
        assert_eq!(consts("Exchange"), names(EXCHANGES));
        assert_eq!(consts("Chaining"), names(CHAINS));
    }
}
