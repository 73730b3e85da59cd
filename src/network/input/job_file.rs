//! The flinkmem job file (YAML or JSON; documented in `examples/jobs/README.md`): its reader,
//! which checks everything Flink would reject before the job runs, and its JSON schema.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Deserialize;

use super::checks::{MAX_PARALLELISM, forward_mismatch, int_in, suggestion};
use super::tree::{Fail, Node, Result};
use crate::config::source::Span;
use crate::network::job::{
    Chaining, DEFAULT_GROUP, Edge, Exchange, Job, Mode, Ship, ShuffleMode, Vertex,
};

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
mod tests;
