//! Flink's own JSON descriptions of a job: the execution plan (`JSONGenerator`, operators
//! before chaining), the REST API's job plan (`JsonPlanGenerator.generatePlan`, job vertices
//! after chaining) and the 2.0+ REST stream graph (`JsonPlanGenerator.generateStreamGraphJson`).
//!
//! Plans are read leniently (fields a version adds are ignored) but every node, edge, ship
//! strategy and exchange they use must be understood.

use std::collections::HashMap;

use super::checks::{MAX_PARALLELISM, forward_mismatch, in_range, topological_order};
use super::names;
use super::tree::{Fail, Kind, Node, Result};
use crate::config::source::Span;
use crate::network::job::{Chaining, Edge, Exchange, Job, Mode, Ship, Vertex};

/// A node of a plan before indexes are assigned.
struct RawVertex {
    /// The plan's id of the node (its text).
    id: String,
    id_span: Span,
    name: String,
    parallelism: i128,
    parallelism_span: Span,
}

impl RawVertex {
    /// The plan node `node` (`what` it is, for errors) with its `id` and `parallelism`, named
    /// after its description `name`.
    fn read(node: &Node, what: &str, name: Option<&str>) -> Result<Self> {
        let (id, id_span) = node_id(node)?;
        let name = name.map(names::vertex_name).unwrap_or_default();
        let parallelism = node.required("parallelism", what)?;
        Ok(Self {
            id,
            id_span,
            name,
            parallelism: parallelism.int("parallelism")?,
            parallelism_span: parallelism.span,
        })
    }
}

/// An input of a plan node.
struct RawEdge {
    from_id: String,
    from_span: Span,
    to: usize,
    ship: Ship,
    ship_span: Span,
    exchange: Exchange,
    chaining: Chaining,
}

impl RawEdge {
    /// The input `input` (its `id` and `ship_strategy`) of vertex `to`, with the default
    /// exchange.
    fn read(input: &Node, to: usize, chaining: Chaining) -> Result<Self> {
        let (from_id, from_span) = node_id(input)?;
        let (ship, ship_span) = ship(input)?;
        Ok(Self {
            from_id,
            from_span,
            to,
            ship,
            ship_span,
            exchange: Exchange::Default,
            chaining,
        })
    }
}

/// What a `-1` parallelism means: the adaptive batch scheduler decides it (1.17+ batch jobs
/// whose operators have no parallelism set). Such a vertex becomes `auto`, with the
/// scheduler's smallest choice (`execution.batch.adaptive.auto-parallelism.min-parallelism`,
/// default 1) as its parallelism, since the plan cannot say what it will pick.
const AUTO_PARALLELISM: u32 = 1;

/// `StreamExecutionEnvironment.getExecutionPlan()` and `flink info`
/// (`org.apache.flink.streaming.api.graph.JSONGenerator`, unchanged 1.13–2.3):
/// `{"nodes": [{"id": 1, "type": <operator name>, "pact": "Data Source" | "Operator" |
/// "Data Sink", "contents": <description>, "parallelism": 2, "predecessors": [{"id": 1,
/// "ship_strategy": "FORWARD", "side": "second"}]}]}`. Iterations nest their operators in a
/// `step_function` node.
pub(super) fn execution_plan(root: &Node) -> Result<Job> {
    let nodes = root.required("nodes", "a Flink plan")?;
    let items = nodes.seq("nodes")?;
    let mut raw = Vec::with_capacity(items.len());
    let mut edges = Vec::new();
    for node in items {
        node.map("a plan node")?;
        if let Some(steps) = node.get("step_function") {
            return Err(Fail::new(
                steps.span,
                "stream iterations (`step_function`) are not supported",
            ));
        }
        let parallelism = node.required("parallelism", "a plan node")?;
        if node.get("driver_strategy").is_some()
            || node.get("global_properties").is_some()
            || matches!(parallelism.kind, Kind::Scalar { plain: false, .. })
        {
            return Err(Fail::new(
                node.span,
                "this is a DataSet API plan (the optimizer's plan dump), not a DataStream \
                 execution plan; read the job's REST plan instead (GET /jobs/:jobid/plan)",
            ));
        }
        let name = node.get_str("type").or_else(|| node.get_str("contents"));
        let to = raw.len();
        raw.push(RawVertex::read(node, "a plan node", name)?);
        if let Some(inputs) = node.get("predecessors") {
            for input in inputs.seq("predecessors")? {
                input.map("a predecessor")?;
                edges.push(RawEdge::read(input, to, Chaining::Auto)?);
            }
        }
    }
    let (vertices, edges) = assemble(&raw, &edges, None)?;
    Ok(job(None, None, vertices, edges))
}

/// The REST API's job plan (`JsonPlanGenerator.generatePlan`; `JobPlanInfo`). Accepted as the
/// body of `GET /jobs/:jobid/plan` (`{"plan": {...}}`), of `GET /jobs/:jobid` (which embeds
/// `"plan"`), or the bare plan: `{"jid", "name", "type" (1.14+), "nodes": [{"id",
/// "parallelism", "operator", "operator_strategy", "description", "inputs": [{"num", "id",
/// "ship_strategy", "local_strategy", "caching", "exchange"}], "optimizer_properties"}]}`.
/// 1.13–2.0 generate the JSON text directly; 2.1+ serialize `JobPlanInfo.Plan` with the same
/// field names in another order. Sources have no `inputs`.
///
/// The nodes are job vertices (operators already chained): every edge is `Chaining::Never`.
/// The job details of a 2.x batch job whose job graph is still being built (adaptive graph
/// generation, `"pending-operators" > 0`) list only the vertices created so far; their
/// `stream-graph` is read instead.
pub(super) fn rest_plan(root: &Node) -> Result<Job> {
    let (plan, details) = match root.get("plan") {
        Some(plan) => (plan, Some(root)),
        None => (root, None),
    };
    let details_mode = details.map(job_type_of_details).transpose()?.flatten();
    if let Some(details) = details
        && let Some(pending) = details.get("pending-operators")
        && pending.int("pending-operators")? > 0
        && let Some(stream_graph) = details.get("stream-graph")
    {
        let name = details.get_str("name").map(str::to_owned);
        return read_stream_graph(stream_graph, name, details_mode);
    }
    plan.map("the plan")?;
    let nodes = plan.required("nodes", "the plan")?;
    let plan_mode = match plan.get("type") {
        None => None,
        Some(node) => Some(job_type(node)?),
    };
    let mut raw = Vec::new();
    let mut edges = Vec::new();
    // Only the DataSet optimizer fills `optimizer_properties`; DataSet jobs are batch jobs.
    let mut dataset = false;
    for node in nodes.seq("nodes")? {
        node.map("a plan node")?;
        dataset |= node
            .get("optimizer_properties")
            .is_some_and(|p| matches!(&p.kind, Kind::Map(pairs) if !pairs.is_empty()));
        let name = node
            .get_str("description")
            .filter(|d| !d.is_empty())
            .or_else(|| node.get_str("operator"));
        let to = raw.len();
        raw.push(RawVertex::read(node, "a plan node", name)?);
        edges.extend(read_inputs(node, to, &REST_EXCHANGES, Chaining::Never)?);
    }
    // JobType (1.14+), else the job details' job-type (1.20+), else what the plan shows.
    let mode = plan_mode.or(details_mode).unwrap_or_else(|| {
        if dataset
            || edges.iter().any(|e| {
                matches!(
                    e.exchange,
                    Exchange::Blocking | Exchange::HybridFull | Exchange::HybridSelective
                )
            })
        {
            Mode::Batch
        } else {
            Mode::Streaming
        }
    });
    if mode == Mode::Streaming
        && let Some(v) = raw.iter().find(|v| v.parallelism == -1)
    {
        return Err(Fail::new(
            v.parallelism_span,
            "parallelism -1 in a streaming plan: the parallelism is not decided yet \
             (parallelism.default applies); write a job file with the parallelism instead",
        ));
    }
    let (vertices, edges) = assemble(&raw, &edges, Some(mode))?;
    let name = plan.get_str("name").map(str::to_owned);
    Ok(job(name, Some(mode), vertices, edges))
}

/// How a plan names the exchange of an input: Flink's result partition types (REST plan) or
/// stream exchange modes (stream graph).
struct ExchangeNames {
    lookup: fn(&str) -> Option<Exchange>,
    /// What the names are, for the error: "result partition types".
    kind: &'static str,
    known: &'static str,
}

const REST_EXCHANGES: ExchangeNames = ExchangeNames {
    lookup: names::result_partition_type,
    kind: "result partition types",
    known: names::RESULT_PARTITION_TYPES,
};

const STREAM_EXCHANGES: ExchangeNames = ExchangeNames {
    lookup: names::stream_exchange_mode,
    kind: "stream exchange modes",
    known: names::STREAM_EXCHANGE_MODES,
};

/// The `inputs` of the plan node `node` (vertex `to`), in the order of their `num`.
fn read_inputs(
    node: &Node,
    to: usize,
    exchanges: &ExchangeNames,
    chaining: Chaining,
) -> Result<Vec<RawEdge>> {
    let mut inputs: Vec<(i128, RawEdge)> = Vec::new();
    if let Some(list) = node.get("inputs") {
        for (k, input) in list.seq("inputs")?.iter().enumerate() {
            input.map("an input")?;
            let mut edge = RawEdge::read(input, to, chaining)?;
            edge.exchange = match input.get("exchange") {
                None => Exchange::Default,
                Some(node) => {
                    let name = node.str("exchange")?;
                    (exchanges.lookup)(name).ok_or_else(|| {
                        Fail::new(
                            node.span,
                            format!(
                                "unknown exchange `{name}`; Flink's {} are: {}",
                                exchanges.kind, exchanges.known
                            ),
                        )
                    })?
                }
            };
            let num = match input.get("num") {
                Some(n) => n.int("num")?,
                None => i128::try_from(k).unwrap_or(i128::MAX),
            };
            inputs.push((num, edge));
        }
    }
    inputs.sort_by_key(|(num, _)| *num);
    Ok(inputs.into_iter().map(|(_, e)| e).collect())
}

/// The 2.0+ REST stream graph (`JsonPlanGenerator.generateStreamGraphJson`, the
/// `stream-graph` of `GET /jobs/:jobid`): `{"nodes": [{"id": "1", "parallelism", "operator",
/// "description", "job_vertex_id" (once the operator is in a job vertex), "inputs": [{"num",
/// "id", "ship_strategy", "exchange"}]}]}`, `exchange` being the `StreamExchangeMode`.
pub(super) fn stream_graph(root: &Node) -> Result<Job> {
    match root.get("stream-graph") {
        Some(graph) => {
            let mode = job_type_of_details(root)?;
            let name = root.get_str("name").map(str::to_owned);
            read_stream_graph(graph, name, mode)
        }
        None => read_stream_graph(root, None, None),
    }
}

fn read_stream_graph(graph: &Node, name: Option<String>, mode: Option<Mode>) -> Result<Job> {
    graph.map("the stream graph")?;
    let nodes = graph.required("nodes", "the stream graph")?;
    let items = nodes.seq("nodes")?;
    let mut raw = Vec::with_capacity(items.len());
    let mut job_vertex: Vec<Option<&str>> = Vec::with_capacity(items.len());
    let mut inputs_of: Vec<Vec<RawEdge>> = Vec::new();
    for node in items {
        node.map("a stream graph node")?;
        let name = node
            .get_str("operator")
            .filter(|o| !o.is_empty())
            .or_else(|| node.get_str("description"));
        let to = raw.len();
        raw.push(RawVertex::read(node, "a stream graph node", name)?);
        job_vertex.push(node.get_str("job_vertex_id"));
        inputs_of.push(read_inputs(node, to, &STREAM_EXCHANGES, Chaining::Auto)?);
    }
    // Operators already placed in different job vertices were not chained.
    let index: HashMap<&str, usize> = raw
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let mut edges = Vec::new();
    for inputs in inputs_of {
        for mut edge in inputs {
            if let Some(&from) = index.get(edge.from_id.as_str())
                && let (Some(a), Some(b)) = (job_vertex[from], job_vertex[edge.to])
                && a != b
            {
                edge.chaining = Chaining::Never;
            }
            edges.push(edge);
        }
    }
    let mode = mode.or_else(|| {
        edges
            .iter()
            .any(|e| e.exchange != Exchange::Default && e.exchange != Exchange::Pipelined)
            .then_some(Mode::Batch)
    });
    let (vertices, edges) = assemble(&raw, &edges, mode)?;
    Ok(job(name, mode, vertices, edges))
}

/// `BATCH` / `STREAMING` (`JobType`).
fn job_type(node: &Node) -> Result<Mode> {
    match node.str("the job type")? {
        "STREAMING" => Ok(Mode::Streaming),
        "BATCH" => Ok(Mode::Batch),
        other => Err(Fail::new(
            node.span,
            format!("unknown job type `{other}`; expected STREAMING or BATCH"),
        )),
    }
}

/// The `job-type` of `GET /jobs/:jobid` (1.20+), if present.
fn job_type_of_details(details: &Node) -> Result<Option<Mode>> {
    details.get("job-type").map(job_type).transpose()
}

/// A node's `id` as text (numbers in execution plans, strings in REST plans).
fn node_id(node: &Node) -> Result<(String, Span)> {
    let id = node
        .get("id")
        .ok_or_else(|| Fail::new(node.span, "a plan node needs an `id`"))?;
    let text = id.as_text().ok_or_else(|| {
        Fail::new(
            id.span,
            format!(
                "an id must be a number or a string, found {}",
                id.describe()
            ),
        )
    })?;
    Ok((text.to_owned(), id.span))
}

/// An input's `ship_strategy`.
fn ship(input: &Node) -> Result<(Ship, Span)> {
    let node = input
        .get("ship_strategy")
        .ok_or_else(|| Fail::new(input.span, "an input needs a `ship_strategy`"))?;
    let text = node.str("ship_strategy")?;
    let ship = names::ship(text).ok_or_else(|| {
        Fail::new(
            node.span,
            format!(
                "unknown ship strategy `{text}`; Flink's partitioners print: {}",
                names::SHIP_STRATEGIES
            ),
        )
    })?;
    Ok((ship, node.span))
}

/// Vertices in topological order (the plan's order among those ready) with unique names, and
/// the edges between them, checked like a job file's.
fn assemble(
    raw: &[RawVertex],
    raw_edges: &[RawEdge],
    mode: Option<Mode>,
) -> Result<(Vec<Vertex>, Vec<Edge>)> {
    if raw.is_empty() {
        return Err(Fail::new(Span::new(0, 0), "the plan has no nodes"));
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, v) in raw.iter().enumerate() {
        if index.insert(v.id.as_str(), i).is_some() {
            return Err(Fail::new(
                v.id_span,
                format!("two plan nodes have the id `{}`", v.id),
            ));
        }
    }
    let mut edges = Vec::with_capacity(raw_edges.len());
    for e in raw_edges {
        let from = *index.get(e.from_id.as_str()).ok_or_else(|| {
            Fail::new(
                e.from_span,
                format!("the input `{}` is not a node of the plan", e.from_id),
            )
        })?;
        if from == e.to {
            return Err(Fail::new(
                e.from_span,
                format!("node `{}` is its own input", e.from_id),
            ));
        }
        edges.push(Edge {
            from,
            to: e.to,
            ship: e.ship,
            exchange: e.exchange,
            chaining: e.chaining,
        });
    }
    let mut vertices = Vec::with_capacity(raw.len());
    for v in raw {
        let (parallelism, auto) = match v.parallelism {
            -1 => (AUTO_PARALLELISM, true),
            p if p < 1 => {
                return Err(Fail::new(
                    v.parallelism_span,
                    format!("parallelism must be at least 1 (or -1: not decided yet), found {p}"),
                ));
            }
            p => (
                in_range(p, v.parallelism_span, "parallelism", 1, MAX_PARALLELISM)?,
                false,
            ),
        };
        if auto && mode == Some(Mode::Streaming) {
            return Err(Fail::new(
                v.parallelism_span,
                "parallelism -1 in a streaming job: the parallelism is not decided yet",
            ));
        }
        vertices.push(Vertex {
            auto,
            ..Vertex::new(String::new(), parallelism)
        });
    }
    let names = names::unique_names(raw.iter().map(|v| (v.name.clone(), v.id.clone())).collect());
    for (vertex, name) in vertices.iter_mut().zip(names) {
        vertex.name = name;
    }
    let order = topological_order(vertices.len(), &edges).map_err(|e| {
        Fail::new(
            raw_edges[e].from_span,
            "this input closes a cycle: the plan's graph must have none",
        )
    })?;
    for (edge, raw_edge) in edges.iter().zip(raw_edges) {
        if let Some(message) = forward_mismatch(edge, &vertices) {
            return Err(Fail::new(raw_edge.ship_span, message));
        }
    }
    // Renumber in topological order; edges by consumer, then in their input order.
    let mut new_index = vec![0; vertices.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Vertex>> = vertices.into_iter().map(Some).collect();
    let vertices: Vec<Vertex> = order.iter().filter_map(|&old| slots[old].take()).collect();
    let mut edges: Vec<(usize, Edge)> = edges
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            (
                i,
                Edge {
                    from: new_index[e.from],
                    to: new_index[e.to],
                    ..e
                },
            )
        })
        .collect();
    edges.sort_by_key(|(i, e)| (e.to, *i));
    Ok((vertices, edges.into_iter().map(|(_, e)| e).collect()))
}

fn job(name: Option<String>, mode: Option<Mode>, vertices: Vec<Vertex>, edges: Vec<Edge>) -> Job {
    Job {
        name,
        mode,
        shuffle_mode: None,
        taskmanagers: None,
        slots: None,
        vertices,
        edges,
        placement: std::collections::BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests;
