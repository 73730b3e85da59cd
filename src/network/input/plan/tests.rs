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
    let e =
        err(&EXEC
            .replace("\"id\" : 1,", "\"id\" : 9,")
            .replacen("\"id\" : 9,", "\"id\" : 1,", 1));
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
