//! Flink's own JSON descriptions of a job: the execution plan (`JSONGenerator`, operators
//! before chaining), the REST API's job plan (`JsonPlanGenerator.generatePlan`, job vertices
//! after chaining) and the 2.0+ REST stream graph (`JsonPlanGenerator.generateStreamGraphJson`).
//!
//! Plans are read leniently (fields a version adds are ignored) but every node, edge, ship
//! strategy and exchange they use must be understood.

use std::collections::HashMap;

use super::names;
use super::tree::{Fail, Kind, Node, Result};
use super::{forward_mismatch, topological_order};
use crate::config::source::Span;
use crate::network::job::{Chaining, Edge, Exchange, Job, Mode, Vertex};

/// A node of a plan before indexes are assigned.
struct RawVertex {
    /// The plan's id of the node (its text).
    id: String,
    id_span: Span,
    name: String,
    parallelism: i128,
    parallelism_span: Span,
}

/// An input of a plan node.
struct RawEdge {
    from_id: String,
    from_span: Span,
    to: usize,
    ship: crate::network::job::Ship,
    ship_span: Span,
    exchange: Exchange,
    chaining: Chaining,
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
    let nodes = root
        .get("nodes")
        .ok_or_else(|| Fail::new(root.span, "a Flink plan needs `nodes`"))?;
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
        let parallelism = node
            .get("parallelism")
            .ok_or_else(|| Fail::new(node.span, "a plan node needs `parallelism`"))?;
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
        let (id, id_span) = node_id(node)?;
        let name = text_field(node, "type")
            .or_else(|| text_field(node, "contents"))
            .map(names::vertex_name)
            .unwrap_or_default();
        let to = raw.len();
        raw.push(RawVertex {
            id,
            id_span,
            name,
            parallelism: parallelism.int("parallelism")?,
            parallelism_span: parallelism.span,
        });
        if let Some(inputs) = node.get("predecessors") {
            for input in inputs.seq("predecessors")? {
                input.map("a predecessor")?;
                let (from_id, from_span) = node_id(input)?;
                let (ship, ship_span) = ship(input)?;
                edges.push(RawEdge {
                    from_id,
                    from_span,
                    to,
                    ship,
                    ship_span,
                    exchange: Exchange::Default,
                    chaining: Chaining::Auto,
                });
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
        let name = text_field(details, "name").map(str::to_owned);
        return read_stream_graph(stream_graph, name, details_mode);
    }
    plan.map("the plan")?;
    let nodes = plan
        .get("nodes")
        .ok_or_else(|| Fail::new(plan.span, "the plan needs `nodes`"))?;
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
        let (id, id_span) = node_id(node)?;
        let name = text_field(node, "description")
            .filter(|d| !d.is_empty())
            .or_else(|| text_field(node, "operator"))
            .map(names::vertex_name)
            .unwrap_or_default();
        let parallelism = node
            .get("parallelism")
            .ok_or_else(|| Fail::new(node.span, "a plan node needs `parallelism`"))?;
        let to = raw.len();
        raw.push(RawVertex {
            id,
            id_span,
            name,
            parallelism: parallelism.int("parallelism")?,
            parallelism_span: parallelism.span,
        });
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
    let name = text_field(plan, "name").map(str::to_owned);
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
            let (from_id, from_span) = node_id(input)?;
            let (ship, ship_span) = ship(input)?;
            let exchange = match input.get("exchange") {
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
            inputs.push((
                num,
                RawEdge {
                    from_id,
                    from_span,
                    to,
                    ship,
                    ship_span,
                    exchange,
                    chaining,
                },
            ));
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
            let name = text_field(root, "name").map(str::to_owned);
            read_stream_graph(graph, name, mode)
        }
        None => read_stream_graph(root, None, None),
    }
}

fn read_stream_graph(graph: &Node, name: Option<String>, mode: Option<Mode>) -> Result<Job> {
    graph.map("the stream graph")?;
    let nodes = graph
        .get("nodes")
        .ok_or_else(|| Fail::new(graph.span, "the stream graph needs `nodes`"))?;
    let items = nodes.seq("nodes")?;
    let mut raw = Vec::with_capacity(items.len());
    let mut job_vertex: Vec<Option<&str>> = Vec::with_capacity(items.len());
    let mut inputs_of: Vec<Vec<RawEdge>> = Vec::new();
    for node in items {
        node.map("a stream graph node")?;
        let (id, id_span) = node_id(node)?;
        let name = text_field(node, "operator")
            .filter(|o| !o.is_empty())
            .or_else(|| text_field(node, "description"))
            .map(names::vertex_name)
            .unwrap_or_default();
        let parallelism = node
            .get("parallelism")
            .ok_or_else(|| Fail::new(node.span, "a stream graph node needs `parallelism`"))?;
        let to = raw.len();
        raw.push(RawVertex {
            id,
            id_span,
            name,
            parallelism: parallelism.int("parallelism")?,
            parallelism_span: parallelism.span,
        });
        job_vertex.push(text_field(node, "job_vertex_id"));
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
    match &id.kind {
        Kind::Scalar { text, .. } if !id.is_null() => Ok((text.clone(), id.span)),
        _ => Err(Fail::new(
            id.span,
            format!(
                "an id must be a number or a string, found {}",
                id.describe()
            ),
        )),
    }
}

/// An input's `ship_strategy`.
fn ship(input: &Node) -> Result<(crate::network::job::Ship, Span)> {
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

/// A string field, if present and a string.
fn text_field<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key).and_then(|n| match &n.kind {
        Kind::Scalar { text, plain } if !(*plain && n.is_null()) => Some(text.as_str()),
        _ => None,
    })
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
            p if p > super::job_file::MAX_PARALLELISM => {
                return Err(Fail::new(
                    v.parallelism_span,
                    format!(
                        "parallelism must be at most {}, found {p}",
                        super::job_file::MAX_PARALLELISM
                    ),
                ));
            }
            p => (
                u32::try_from(p).map_err(|_| Fail::new(v.parallelism_span, "out of range"))?,
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
mod tests {
    use std::path::Path;

    use super::super::{JobFormat, JobInputError, read_job_with_format};
    use crate::network::job::Ship;

    use super::*;

    fn read(text: &str) -> (Job, JobFormat) {
        read_job_with_format(Path::new("plan.json"), text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(text: &str) -> JobInputError {
        read_job_with_format(Path::new("plan.json"), text).unwrap_err()
    }

    const EXEC: &str = r#"{
  "nodes" : [ {
    "id" : 4,
    "type" : "agg",
    "pact" : "Operator",
    "contents" : "agg",
    "parallelism" : 4,
    "predecessors" : [ { "id" : 1, "ship_strategy" : "HASH", "side" : "second" } ]
  }, {
    "id" : 1,
    "type" : "Source: in",
    "pact" : "Data Source",
    "contents" : "Source: in",
    "parallelism" : 2
  } ]
}"#;

    #[test]
    fn execution_plan_in_topological_order() {
        let (job, format) = read(EXEC);
        assert_eq!(format, JobFormat::ExecutionPlan);
        let names: Vec<&str> = job.vertices.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Source: in", "agg"]);
        assert_eq!(
            job.edges,
            [Edge {
                from: 0,
                to: 1,
                ship: Ship::Hash,
                exchange: Exchange::Default,
                chaining: Chaining::Auto
            }]
        );
        assert_eq!(job.mode, None);
    }

    #[test]
    fn execution_plan_errors_point_at_the_field() {
        let e = err(&EXEC.replace("\"HASH\"", "\"KEYBY\""));
        assert_eq!((e.line, e.column), (8, 54), "{e}");
        assert!(
            e.message.starts_with("unknown ship strategy `KEYBY`"),
            "{e}"
        );
        let e = err(&EXEC.replace("\"id\" : 1,", "\"id\" : 9,").replacen(
            "\"id\" : 9,",
            "\"id\" : 1,",
            1,
        ));
        assert!(e.message.contains("is not a node of the plan"), "{e}");
        let e = err(&EXEC.replace("\"parallelism\" : 4", "\"parallelism\" : 0"));
        assert_eq!((e.line, e.column), (7, 21), "{e}");
        let e = err(&EXEC.replace("\"id\" : 4", "\"id\" : 1"));
        assert!(e.message.contains("two plan nodes have the id `1`"), "{e}");
        let e = err(&EXEC.replace("\"HASH\"", "\"FORWARD\""));
        assert!(e.message.starts_with("Forward partitioning does not allow change of parallelism. Upstream operation: Source: in parallelism: 2, downstream operation: agg parallelism: 4"), "{e}");
        let e = err(r#"{"nodes": []}"#);
        assert_eq!(e.message, "the plan has no nodes");
        let e = err(r#"{"nodes": [{"id": 1, "step_function": [], "parallelism": 1}]}"#);
        assert!(e.message.contains("iterations"), "{e}");
    }

    #[test]
    fn rest_plan_wrappings() {
        let plan = r#"{"jid":"j","name":"job","type":"BATCH","nodes":[
            {"id":"b","parallelism":3,"operator":"","operator_strategy":"","description":"sink","inputs":[{"num":0,"id":"a","ship_strategy":"REBALANCE","exchange":"blocking"}],"optimizer_properties":{}},
            {"id":"a","parallelism":2,"operator":"","operator_strategy":"","description":"Source: x<br/>+- map<br/>","optimizer_properties":{}}]}"#;
        for text in [
            plan.to_owned(),
            format!(r#"{{"plan":{plan}}}"#),
            format!(r#"{{"jid":"j","name":"job","state":"RUNNING","vertices":[],"plan":{plan}}}"#),
        ] {
            let (job, format) = read(&text);
            assert_eq!(format, JobFormat::RestPlan);
            assert_eq!(job.name.as_deref(), Some("job"));
            assert_eq!(job.mode, Some(Mode::Batch));
            assert_eq!(job.vertices[0].name, "Source: x -> map");
            assert_eq!(job.vertices[1].name, "sink");
            assert_eq!(
                job.edges,
                [Edge {
                    from: 0,
                    to: 1,
                    ship: Ship::Rebalance,
                    exchange: Exchange::Blocking,
                    chaining: Chaining::Never
                }]
            );
        }
    }

    #[test]
    fn rest_plan_mode_without_type() {
        let plan = |exchange: &str| {
            format!(
                r#"{{"plan":{{"jid":"j","name":"n","nodes":[{{"id":"b","parallelism":1,"operator":"","operator_strategy":"","description":"b","inputs":[{{"num":0,"id":"a","ship_strategy":"HASH","exchange":"{exchange}"}}],"optimizer_properties":{{}}}},{{"id":"a","parallelism":1,"operator":"","operator_strategy":"","description":"a","optimizer_properties":{{}}}}]}}}}"#
            )
        };
        assert_eq!(
            read(&plan("pipelined_bounded")).0.mode,
            Some(Mode::Streaming)
        );
        assert_eq!(read(&plan("blocking")).0.mode, Some(Mode::Batch));
        assert_eq!(
            read(&plan("hybrid_full")).0.edges[0].exchange,
            Exchange::HybridFull
        );
        let e = err(&plan("pipelined_unbounded"));
        assert!(
            e.message
                .starts_with("unknown exchange `pipelined_unbounded`"),
            "{e}"
        );
    }

    #[test]
    fn rest_plan_auto_parallelism() {
        let text = r#"{"plan":{"jid":"j","name":"n","type":"BATCH","nodes":[{"id":"b","parallelism":-1,"operator":"","operator_strategy":"","description":"b","inputs":[{"num":0,"id":"a","ship_strategy":"HASH","exchange":"blocking"}],"optimizer_properties":{}},{"id":"a","parallelism":4,"operator":"","operator_strategy":"","description":"a","optimizer_properties":{}}]}}"#;
        let (job, _) = read(text);
        assert!(job.vertices[1].auto);
        assert_eq!(job.vertices[1].parallelism, 1);
        let e = err(&text.replace("BATCH", "STREAMING"));
        assert!(e.message.contains("parallelism -1"), "{e}");
    }

    #[test]
    fn pending_job_details_read_the_stream_graph() {
        let text = r#"{"jid":"j","name":"n","job-type":"BATCH","pending-operators":2,
            "plan":{"jid":"j","name":"n","type":"BATCH","nodes":[{"id":"v1","parallelism":2,"operator":"","operator_strategy":"","description":"Source: a<br/>+- m<br/>","optimizer_properties":{}}]},
            "stream-graph":{"nodes":[
                {"id":"1","parallelism":2,"operator":"Source: a","description":"Source: a","job_vertex_id":"v1","inputs":[]},
                {"id":"2","parallelism":2,"operator":"m","description":"m","job_vertex_id":"v1","inputs":[{"num":0,"id":"1","ship_strategy":"FORWARD","exchange":"UNDEFINED"}]},
                {"id":"3","parallelism":4,"operator":"agg","description":"agg","inputs":[{"num":0,"id":"2","ship_strategy":"HASH","exchange":"UNDEFINED"}]}]}}"#;
        let (job, format) = read(text);
        assert_eq!(format, JobFormat::RestPlan);
        assert_eq!(job.vertices.len(), 3);
        assert_eq!(job.mode, Some(Mode::Batch));
        assert_eq!(job.edges[0].chaining, Chaining::Auto);
        assert_eq!(job.edges[1].chaining, Chaining::Auto);
        // Without pending operators the plan is complete and is what is read.
        let (job, _) = read(&text.replace("\"pending-operators\":2", "\"pending-operators\":0"));
        assert_eq!(job.vertices.len(), 1);
    }

    #[test]
    fn stream_graph_chaining_from_job_vertices() {
        let text = r#"{"nodes":[
            {"id":"1","parallelism":2,"operator":"Source: a","description":"Source: a","job_vertex_id":"v1","inputs":[]},
            {"id":"2","parallelism":2,"operator":"m","description":"m","job_vertex_id":"v2","inputs":[{"num":0,"id":"1","ship_strategy":"FORWARD","exchange":"UNDEFINED"}]},
            {"id":"3","parallelism":4,"operator":"agg","description":"agg","inputs":[{"num":0,"id":"2","ship_strategy":"HASH","exchange":"BATCH"}]}]}"#;
        let (job, format) = read(text);
        assert_eq!(format, JobFormat::StreamGraph);
        assert_eq!(job.edges[0].chaining, Chaining::Never);
        assert_eq!(job.edges[1].chaining, Chaining::Auto);
        assert_eq!(job.edges[1].exchange, Exchange::Blocking);
        assert_eq!(job.mode, Some(Mode::Batch));
        let e = err(&text.replace("\"BATCH\"", "\"blocking\""));
        assert!(e.message.starts_with("unknown exchange `blocking`"), "{e}");
    }

    #[test]
    fn dataset_optimizer_plans_are_refused() {
        let e = err(
            r#"{"nodes":[{"id":1,"type":"source","pact":"Data Source","contents":"x","parallelism":"2"}]}"#,
        );
        assert!(e.message.contains("DataSet API plan"), "{e}");
    }
}
