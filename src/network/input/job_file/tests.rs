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
        e.message
            .starts_with("unknown field `paralelism` in a vertex (did you mean `parallelism`?)"),
        "{e}"
    );
    let e = err("vertice: []\n");
    assert!(e.message.contains("did you mean `vertices`"), "{e}");
    let e = err("vertices: [{name: a, parallelism: 1}]\nedges: [{from: a, to: a, shipp: hash}]\n");
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
    let e = err("vertices:\n  - name: a\n    parallelism: 1\n  - name: a\n    parallelism: 2\n");
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
    let e = err("vertices: [{name: a, parallelism: 99999999999999999999999999999999999999999}]\n");
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
