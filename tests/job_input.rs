//! Every plan Flink printed for the harness jobs (`tests/fixtures/plans/<minor>/`, written by
//! `harness/plans/generate.sh`) and every example job file (`examples/jobs/`) read into a
//! `Job`, with the shapes they must have; plus robustness: no input makes the reader panic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use flinkmem::network::input::{JobFormat, read_job, read_job_with_format};
use flinkmem::network::job::{Chaining, Edge, Exchange, Job, Mode, Ship, ShuffleMode};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn plans_dir() -> PathBuf {
    root().join("tests/fixtures/plans")
}

/// The release lines with fixtures, oldest first.
fn versions() -> Vec<String> {
    let mut versions: Vec<String> = std::fs::read_dir(plans_dir())
        .expect("tests/fixtures/plans")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    versions.sort_by_key(|v| minor(v));
    versions
}

fn minor(version: &str) -> (u32, u32) {
    let (a, b) = version.split_once('.').expect("minor version");
    (a.parse().expect("major"), b.parse().expect("minor"))
}

fn read(path: &Path) -> (Job, JobFormat) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_job_with_format(path, &text).unwrap_or_else(|e| panic!("{e}"))
}

fn plan(version: &str, file: &str) -> (Job, JobFormat) {
    read(&plans_dir().join(version).join(file))
}

/// `(name, parallelism, auto)` per vertex.
fn shape(job: &Job) -> Vec<(&str, u32, bool)> {
    job.vertices
        .iter()
        .map(|v| (v.name.as_str(), v.parallelism, v.auto))
        .collect()
}

/// `(from name, to name, ship, exchange, chaining)` per edge.
fn edges(job: &Job) -> Vec<(&str, &str, Ship, Exchange, Chaining)> {
    job.edges
        .iter()
        .map(|e| {
            (
                job.vertices[e.from].name.as_str(),
                job.vertices[e.to].name.as_str(),
                e.ship,
                e.exchange,
                e.chaining,
            )
        })
        .collect()
}

const AUTO: Chaining = Chaining::Auto;
const NEVER: Chaining = Chaining::Never;
const DEF: Exchange = Exchange::Default;
const PIPE: Exchange = Exchange::Pipelined;
const BLOCK: Exchange = Exchange::Blocking;

#[test]
fn fixtures_cover_the_release_lines() {
    let versions = versions();
    for wanted in ["1.13", "1.16", "1.20", "2.0", "2.3"] {
        assert!(
            versions.iter().any(|v| v == wanted),
            "no plans for {wanted}"
        );
    }
    // Every file of every version is read by one of the tests below.
    for version in &versions {
        for entry in std::fs::read_dir(plans_dir().join(version)).expect("dir") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let job = name.split('.').next().expect("job name");
            assert!(
                [
                    "keyed",
                    "mixed",
                    "batch",
                    "unset",
                    "dataset",
                    "sql-streaming",
                    "sql-batch"
                ]
                .contains(&job),
                "{version}/{name} is not checked by any test"
            );
        }
    }
}

#[test]
fn keyed_job_in_every_version() {
    for v in versions() {
        let (job, format) = plan(&v, "keyed.execution-plan.json");
        assert_eq!(format, JobFormat::ExecutionPlan, "{v}");
        assert_eq!(job.mode, None, "{v}");
        assert_eq!(
            shape(&job),
            [
                ("Source: orders", 2, false),
                ("parse", 2, false),
                ("total per key", 4, false),
                ("Sink: sink", 4, false)
            ],
            "{v}"
        );
        assert_eq!(
            edges(&job),
            [
                ("Source: orders", "parse", Ship::Forward, DEF, AUTO),
                ("parse", "total per key", Ship::Hash, DEF, AUTO),
                ("total per key", "Sink: sink", Ship::Forward, DEF, AUTO),
            ],
            "{v}"
        );

        let (job, format) = plan(&v, "keyed.rest-plan.json");
        assert_eq!(format, JobFormat::RestPlan, "{v}");
        assert_eq!(job.name.as_deref(), Some("keyed"), "{v}");
        // 1.13 has no "type": no blocking exchange, so streaming.
        assert_eq!(job.mode, Some(Mode::Streaming), "{v}");
        assert_eq!(
            shape(&job),
            [
                ("Source: orders -> parse", 2, false),
                ("total per key -> Sink: sink", 4, false)
            ],
            "{v}"
        );
        assert_eq!(
            edges(&job),
            [(
                "Source: orders -> parse",
                "total per key -> Sink: sink",
                Ship::Hash,
                PIPE,
                NEVER
            )],
            "{v}"
        );
        assert!(job.placement.is_empty() && job.taskmanagers.is_none() && job.slots.is_none());
    }
}

#[test]
fn mixed_job_every_partitioner() {
    for v in versions() {
        let (job, _) = plan(&v, "mixed.execution-plan.json");
        assert_eq!(
            shape(&job),
            [
                ("Source: a", 4, false),
                ("b", 2, false),
                ("c", 2, false),
                ("d", 3, false),
                ("e", 1, false),
                ("Source: x", 3, false),
                ("co", 3, false),
                ("f", 3, false),
                ("g", 2, false),
                ("Sink: e-sink", 1, false),
                ("Sink: sink", 2, false),
            ],
            "{v}"
        );
        // The execution plan says nothing of startNewChain / disableChaining / slot sharing
        // groups: every edge is left to the chaining rules.
        assert_eq!(
            edges(&job),
            [
                ("Source: a", "b", Ship::Rescale, DEF, AUTO),
                ("b", "c", Ship::Forward, DEF, AUTO),
                ("c", "d", Ship::Shuffle, DEF, AUTO),
                ("d", "e", Ship::Global, DEF, AUTO),
                ("Source: a", "co", Ship::Rebalance, DEF, AUTO),
                ("d", "co", Ship::Forward, DEF, AUTO),
                ("Source: x", "co", Ship::Broadcast, DEF, AUTO),
                ("co", "f", Ship::Custom, DEF, AUTO),
                ("f", "g", Ship::Rebalance, DEF, AUTO),
                ("e", "Sink: e-sink", Ship::Forward, DEF, AUTO),
                ("g", "Sink: sink", Ship::Forward, DEF, AUTO),
            ],
            "{v}"
        );
        assert!(
            job.vertices
                .iter()
                .all(|x| x.slot_sharing_group == "default")
        );

        let (job, _) = plan(&v, "mixed.rest-plan.json");
        assert_eq!(job.mode, Some(Mode::Streaming), "{v}");
        // Chained by Flink: e with its sink, g with its sink; b -> c is not chained
        // (startNewChain), c -> d is a shuffle, d is not chained (disableChaining).
        assert_eq!(
            shape(&job),
            [
                ("Source: a", 4, false),
                ("b", 2, false),
                ("c", 2, false),
                ("d", 3, false),
                ("e -> Sink: e-sink", 1, false),
                ("Source: x", 3, false),
                ("co", 3, false),
                ("f", 3, false),
                ("g -> Sink: sink", 2, false),
            ],
            "{v}"
        );
        assert_eq!(
            edges(&job),
            [
                ("Source: a", "b", Ship::Rescale, PIPE, NEVER),
                ("b", "c", Ship::Forward, PIPE, NEVER),
                ("c", "d", Ship::Shuffle, PIPE, NEVER),
                ("d", "e -> Sink: e-sink", Ship::Global, PIPE, NEVER),
                // The union's inputs in the order the two-input operator reads them.
                ("d", "co", Ship::Forward, PIPE, NEVER),
                ("Source: a", "co", Ship::Rebalance, PIPE, NEVER),
                ("Source: x", "co", Ship::Broadcast, PIPE, NEVER),
                ("co", "f", Ship::Custom, PIPE, NEVER),
                ("f", "g -> Sink: sink", Ship::Rebalance, PIPE, NEVER),
            ],
            "{v}"
        );
    }
}

#[test]
fn batch_job_has_blocking_exchanges() {
    for v in versions() {
        let (job, _) = plan(&v, "batch.execution-plan.json");
        // Nothing in the execution plan says batch: the configuration decides.
        assert_eq!(job.mode, None, "{v}");
        assert_eq!(job.vertices.len(), 4, "{v}");
        assert_eq!(
            job.edges.iter().map(|e| e.ship).collect::<Vec<_>>(),
            [Ship::Forward, Ship::Hash, Ship::Rebalance],
            "{v}"
        );

        let (job, _) = plan(&v, "batch.rest-plan.json");
        assert_eq!(job.mode, Some(Mode::Batch), "{v}");
        assert_eq!(job.shuffle_mode, None::<ShuffleMode>, "{v}");
        assert_eq!(
            shape(&job),
            [
                ("Source: orders -> parse", 2, false),
                ("total per key", 4, false),
                ("Sink: sink", 3, false)
            ],
            "{v}"
        );
        assert_eq!(
            edges(&job),
            [
                (
                    "Source: orders -> parse",
                    "total per key",
                    Ship::Hash,
                    BLOCK,
                    NEVER
                ),
                ("total per key", "Sink: sink", Ship::Rebalance, BLOCK, NEVER),
            ],
            "{v}"
        );
    }
}

#[test]
fn unset_parallelism_is_auto_from_1_17() {
    for v in versions() {
        let (job, _) = plan(&v, "unset.execution-plan.json");
        assert_eq!(
            shape(&job),
            [
                ("Source: numbers", 2, false),
                ("sum", 1, false),
                ("Sink: sink", 1, false)
            ],
            "{v}"
        );
        let (job, _) = plan(&v, "unset.rest-plan.json");
        // 1.17 made the adaptive batch scheduler the default for batch jobs: operators without
        // a parallelism of their own get -1 in the job graph.
        let auto = minor(&v) >= (1, 17);
        assert_eq!(
            shape(&job),
            [
                ("Source: numbers", 2, false),
                ("sum -> Sink: sink", 1, auto)
            ],
            "{v}"
        );
        assert_eq!(job.mode, Some(Mode::Batch), "{v}");
        assert_eq!(
            edges(&job),
            [(
                "Source: numbers",
                "sum -> Sink: sink",
                Ship::Hash,
                BLOCK,
                NEVER
            )],
            "{v}"
        );
    }
}

#[test]
fn stream_graphs_from_2_0() {
    for v in versions() {
        let path = plans_dir().join(&v).join("keyed.stream-graph.json");
        assert_eq!(path.exists(), minor(&v) >= (2, 0), "{v}");
        if !path.exists() {
            continue;
        }
        for job_name in [
            "keyed",
            "mixed",
            "batch",
            "unset",
            "sql-streaming",
            "sql-batch",
        ] {
            let (graph, format) = plan(&v, &format!("{job_name}.stream-graph.json"));
            assert_eq!(format, JobFormat::StreamGraph, "{v} {job_name}");
            let (exec, _) = plan(&v, &format!("{job_name}.execution-plan.json"));
            // The same operators and exchanges as the execution plan, in a topological order
            // of their own (the stream graph lists nodes in hash order).
            let mut a: Vec<_> = shape(&graph);
            let mut b: Vec<_> = shape(&exec);
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "{v} {job_name}");
            let mut a = edges(&graph);
            let mut b = edges(&exec);
            a.sort_unstable_by(|x, y| (x.0, x.1, x.2.name()).cmp(&(y.0, y.1, y.2.name())));
            b.sort_unstable_by(|x, y| (x.0, x.1, x.2.name()).cmp(&(y.0, y.1, y.2.name())));
            let strip = |e: &[(&str, &str, Ship, Exchange, Chaining)]| -> Vec<_> {
                e.iter()
                    .map(|x| (x.0.to_owned(), x.1.to_owned(), x.2, x.4))
                    .collect()
            };
            assert_eq!(strip(&a), strip(&b), "{v} {job_name}");
            // DataStream jobs leave every exchange UNDEFINED; the batch planner asks for BATCH
            // exchanges on its hash edges, which makes the graph a batch job.
            if job_name == "sql-batch" {
                assert_eq!(graph.mode, Some(Mode::Batch), "{v}");
                for e in &a {
                    let want = if e.2 == Ship::Hash { BLOCK } else { DEF };
                    assert_eq!(e.3, want, "{v} {e:?}");
                }
            } else {
                assert_eq!(graph.mode, None, "{v} {job_name}");
                assert!(a.iter().all(|e| e.3 == DEF), "{v} {job_name}");
            }
        }
    }
}

#[test]
fn dataset_plans_up_to_1_20() {
    for v in versions() {
        let path = plans_dir().join(&v).join("dataset.rest-plan.json");
        assert_eq!(path.exists(), minor(&v) < (2, 0), "{v}");
        if !path.exists() {
            continue;
        }
        let (job, _) = read(&path);
        assert_eq!(job.mode, Some(Mode::Batch), "{v}");
        assert_eq!(
            shape(&job),
            [
                (
                    "DataSource (numbers) -> Map (pair) -> Combine (sum)",
                    2,
                    false
                ),
                ("Reduce (sum)", 4, false),
                ("Partition", 1, false),
                ("DataSink (sink)", 3, false)
            ],
            "{v}"
        );
        assert_eq!(
            edges(&job),
            [
                (
                    "DataSource (numbers) -> Map (pair) -> Combine (sum)",
                    "Reduce (sum)",
                    Ship::Hash,
                    PIPE,
                    NEVER
                ),
                ("Reduce (sum)", "Partition", Ship::Rebalance, PIPE, NEVER),
                ("Partition", "DataSink (sink)", Ship::Rebalance, PIPE, NEVER),
            ],
            "{v}"
        );
        // The optimizer's plan dump is refused with a pointer to the REST plan.
        let exec = plans_dir().join(&v).join("dataset.execution-plan.json");
        let text = std::fs::read_to_string(&exec).expect("read");
        let err = read_job(&exec, &text).unwrap_err();
        assert!(err.message.contains("DataSet API plan"), "{err}");
        assert_eq!((err.line, err.column), (4, 2), "{err}");
    }
}

/// `(from, ship, to)` per edge, by vertex index.
fn links(job: &Job) -> Vec<(usize, Ship, usize)> {
    job.edges.iter().map(|e| (e.from, e.ship, e.to)).collect()
}

#[test]
fn sql_jobs_from_1_14() {
    use Ship::{Forward as F, Hash as H};
    for v in versions() {
        let path = plans_dir().join(&v).join("sql-batch.rest-plan.json");
        assert_eq!(path.exists(), minor(&v) >= (1, 14), "{v}");
        if !path.exists() {
            continue;
        }
        // Operators before chaining: the planner's names (short from 1.15), its batch hash
        // exchanges print HASH[fields] (BinaryHashPartitioner).
        let (job, _) = plan(&v, "sql-streaming.execution-plan.json");
        assert_eq!(job.vertices.len(), 8, "{v}");
        assert!(job.vertices[0].name.starts_with("Source: orders"), "{v}");
        assert!(job.vertices[2].name.starts_with("Source: customers"), "{v}");
        assert!(job.vertices.iter().all(|x| x.parallelism == 2));
        assert_eq!(
            links(&job),
            [
                (0, F, 1),
                (1, H, 3),
                (2, H, 3),
                (3, F, 4),
                (4, H, 5),
                (5, F, 6),
                (6, F, 7)
            ],
            "{v}"
        );
        let (job, _) = plan(&v, "sql-batch.execution-plan.json");
        assert_eq!(job.vertices.len(), 9, "{v}");
        assert_eq!(
            links(&job),
            [
                (0, F, 1),
                (1, H, 3),
                (2, H, 3),
                (3, F, 4),
                (4, F, 5),
                (5, H, 6),
                (6, F, 7),
                (7, F, 8)
            ],
            "{v}"
        );
        let text =
            std::fs::read_to_string(plans_dir().join(&v).join("sql-batch.execution-plan.json"))
                .expect("read");
        assert!(text.contains("\"HASH[region]\""), "{v}");

        // Job vertices: the descriptions shortened to the chained operators' names.
        for (file, mode, exchange) in [
            ("sql-streaming.rest-plan.json", Mode::Streaming, PIPE),
            ("sql-batch.rest-plan.json", Mode::Batch, BLOCK),
        ] {
            let (job, _) = plan(&v, file);
            assert_eq!(job.mode, Some(mode), "{v} {file}");
            let names: Vec<&str> = job.vertices.iter().map(|x| x.name.as_str()).collect();
            assert_eq!(
                names[..2],
                ["Source: orders -> Calc", "Source: customers"],
                "{v} {file}"
            );
            assert!(names[2].contains("Join -> Calc"), "{v} {file}: {names:?}");
            assert!(
                names[3].starts_with("HashAggregate -> Calc -> ")
                    || names[3].starts_with("GroupAggregate -> Calc -> "),
                "{v} {file}: {names:?}"
            );
            assert!(
                names[3].ends_with("Sink: totals")
                    || names[3].ends_with("totals[11]: Writer")
                    || names[3].ends_with("totals[23]: Writer"),
                "{v} {file}: {names:?}"
            );
            assert_eq!(links(&job), [(0, H, 2), (1, H, 2), (2, H, 3)], "{v} {file}");
            assert!(
                job.edges
                    .iter()
                    .all(|e| e.exchange == exchange && e.chaining == NEVER)
            );
            // The planner leaves batch parallelism to the adaptive batch scheduler (1.17+).
            let auto = mode == Mode::Batch && minor(&v) >= (1, 17);
            for vertex in &job.vertices {
                assert_eq!(vertex.auto, auto, "{v} {file}");
                assert_eq!(vertex.parallelism, if auto { 1 } else { 2 }, "{v} {file}");
            }
        }
    }
}

#[test]
fn rest_plan_inside_job_details() {
    // GET /jobs/:jobid embeds the plan next to the job's state and vertices.
    let text = std::fs::read_to_string(plans_dir().join("2.3/mixed.rest-plan.json")).expect("read");
    let plan = text
        .trim()
        .strip_prefix("{\"plan\":")
        .expect("plan wrapper");
    let plan = plan.strip_suffix('}').expect("plan wrapper");
    let details = format!(
        "{{\"jid\":\"00000000000000000000000000000000\",\"name\":\"mixed\",\"isStoppable\":false,\"state\":\"RUNNING\",\"job-type\":\"STREAMING\",\"vertices\":[],\"status-counts\":{{}},\"plan\":{plan},\"stream-graph\":{{\"nodes\":[]}},\"pending-operators\":0}}"
    );
    let (job, format) = read_job_with_format(Path::new("details.json"), &details).expect("read");
    assert_eq!(format, JobFormat::RestPlan);
    assert_eq!(job.vertices.len(), 9);
    // The bare plan object, too.
    let (job, format) = read_job_with_format(Path::new("bare.json"), plan).expect("read");
    assert_eq!(format, JobFormat::RestPlan);
    assert_eq!(job.vertices.len(), 9);
}

#[test]
fn broken_fixtures_fail_with_positions() {
    let path = plans_dir().join("2.3/mixed.execution-plan.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let bad = text.replacen("\"RESCALE\"", "\"REPARTITION\"", 1);
    let err = read_job(&path, &bad).unwrap_err();
    let line = text
        .lines()
        .position(|l| l.contains("\"RESCALE\""))
        .expect("RESCALE")
        + 1;
    assert_eq!(err.line, line, "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:{line}:", path.display())),
        "{err}"
    );
    assert!(
        err.message.contains("unknown ship strategy `REPARTITION`"),
        "{err}"
    );

    let path = plans_dir().join("1.20/batch.rest-plan.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let bad = text.replacen("\"blocking\"", "\"spilling\"", 1);
    let err = read_job(&path, &bad).unwrap_err();
    assert_eq!(err.line, 1);
    assert_eq!(
        err.column,
        bad.find("\"spilling\"").expect("spilling") + 1,
        "{err}"
    );
}

fn example(name: &str) -> Job {
    read(&root().join("examples/jobs").join(name)).0
}

#[test]
fn example_job_files() {
    let job = example("orders-streaming.yaml");
    assert_eq!(job.mode, Some(Mode::Streaming));
    assert_eq!((job.taskmanagers, job.slots), (Some(4), Some(4)));
    assert_eq!(
        shape(&job),
        [
            ("source", 8, false),
            ("parse", 8, false),
            ("window-agg", 16, false),
            ("sink", 16, false)
        ]
    );
    assert_eq!(
        edges(&job),
        [
            ("source", "parse", Ship::Forward, DEF, AUTO),
            ("parse", "window-agg", Ship::Hash, DEF, AUTO),
            ("window-agg", "sink", Ship::Forward, DEF, AUTO),
        ]
    );

    let job = example("batch-adaptive.yaml");
    assert_eq!(job.mode, Some(Mode::Batch));
    assert_eq!(job.shuffle_mode, Some(ShuffleMode::AllExchangesBlocking));
    let join = &job.vertices[job.vertex("join").expect("join")];
    assert!(join.auto);
    assert_eq!((join.parallelism, join.max_parallelism), (4, Some(128)));
    assert_eq!(
        job.edges.iter().map(|e| e.ship).collect::<Vec<_>>(),
        [Ship::Hash, Ship::Broadcast, Ship::Global]
    );

    let job = example("chains-and-groups.yaml");
    assert_eq!(job.slots, Some(2));
    assert_eq!(job.vertices[2].slot_sharing_group, "enrich");
    assert_eq!(
        job.edges[0],
        Edge {
            from: 0,
            to: 1,
            ship: Ship::Forward,
            exchange: Exchange::Default,
            chaining: Chaining::Never
        }
    );
    assert_eq!(job.edges[1].exchange, Exchange::Pipelined);
    assert_eq!(job.edges[2].ship, Ship::Rescale);

    let job = example("placed.yaml");
    assert_eq!(job.placement["rules"], [0, 0]);
    assert_eq!(job.placement["matcher"], [0, 0, 0, 0, 1, 1, 1, 1]);
}

#[test]
fn every_example_is_read_and_documented() {
    let dir = root().join("examples/jobs");
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README");
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("examples/jobs") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name == "README.md" {
            continue;
        }
        let (job, format) = read(&path);
        assert_eq!(format, JobFormat::JobFile, "{name}");
        assert!(!job.vertices.is_empty());
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.starts_with("# "),
            "{name} does not start with a comment saying its intent"
        );
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} is not in README.md"
        );
        seen.insert(name);
    }
    assert!(seen.len() >= 3, "{seen:?}");
}

fn schema() -> serde_json::Value {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .args(["schema", "job"])
        .output()
        .expect("run");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("schema json")
}

#[test]
fn json_job_files_match_the_schema() {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("schema");
    let good = r#"{"name": "j", "mode": "batch", "shuffle-mode": "ALL_EXCHANGES_HYBRID_FULL",
        "taskmanagers": 2, "slots": 2,
        "vertices": [{"name": "a", "parallelism": 2}, {"name": "b", "parallelism": 4, "auto": true, "max-parallelism": 64, "slot-sharing-group": "g"}],
        "edges": [{"from": "a", "to": "b", "ship": "hash", "exchange": "hybrid-selective", "chain": "never"}],
        "placement": {"a": [0, 1]}}"#;
    let value: serde_json::Value = serde_json::from_str(good).expect("json");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let job = read_job(Path::new("good.json"), good).expect("read");
    assert_eq!(job.shuffle_mode, Some(ShuffleMode::AllExchangesHybridFull));
    assert_eq!(job.edges[0].exchange, Exchange::HybridSelective);

    // What the schema rejects, the reader rejects too.
    for bad in [
        r#"{"vertices": [{"name": "a", "parallelism": 2, "paralelism": 3}]}"#,
        r#"{"vertices": [{"name": "a", "parallelism": 0}]}"#,
        r#"{"vertices": []}"#,
        r#"{"vertices": [{"name": "a", "parallelism": 1}], "mode": "STREAMING"}"#,
        r#"{"vertices": [{"name": "a", "parallelism": 1}], "edges": [{"from": "a", "to": "a", "ship": "keyby"}]}"#,
        r#"{"vertices": [{"name": "a", "parallelism": 1}], "slots": 0}"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(bad).expect("json");
        assert!(!validator.is_valid(&value), "schema accepts {bad}");
        assert!(
            read_job(Path::new("bad.json"), bad).is_err(),
            "reader accepts {bad}"
        );
    }
}

fn fixture_texts() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut texts = Vec::new();
        for v in versions() {
            for entry in std::fs::read_dir(plans_dir().join(v)).expect("dir") {
                texts.push(std::fs::read_to_string(entry.expect("entry").path()).expect("read"));
            }
        }
        for entry in std::fs::read_dir(root().join("examples/jobs")).expect("dir") {
            texts.push(std::fs::read_to_string(entry.expect("entry").path()).expect("read"));
        }
        texts
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        let _ = read_job(Path::new("x"), &text);
    }

    #[test]
    fn structured_noise_never_panics(
        text in proptest::collection::vec(
            prop_oneof![
                Just("{".to_owned()), Just("}".to_owned()), Just("[".to_owned()),
                Just("]".to_owned()), Just(",".to_owned()), Just(":".to_owned()),
                Just("\"nodes\"".to_owned()), Just("\"plan\"".to_owned()),
                Just("\"id\"".to_owned()), Just("\"inputs\"".to_owned()),
                Just("\"predecessors\"".to_owned()), Just("\"parallelism\"".to_owned()),
                Just("\"ship_strategy\"".to_owned()), Just("\"HASH\"".to_owned()),
                Just("-1".to_owned()), Just("1".to_owned()), Just("\n".to_owned()),
                Just("vertices:".to_owned()), Just("edges:".to_owned()), Just("- ".to_owned()),
                Just("name: a".to_owned()), Just("parallelism: 2".to_owned()),
                Just("  ".to_owned()), Just("&a ".to_owned()), Just("*a".to_owned()),
                "[a-z]{1,5}".prop_map(|s| s),
            ],
            0..60,
        ).prop_map(|parts| parts.concat())
    ) {
        let _ = read_job(Path::new("x"), &text);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        index in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        mode in 0..3_u8,
    ) {
        let texts = fixture_texts();
        let text = &texts[index.index(texts.len())];
        let mut bytes = text.as_bytes().to_vec();
        let at = cut.index(bytes.len().max(1));
        match mode {
            0 => bytes.truncate(at),
            1 => { if at < bytes.len() { bytes[at] = byte; } }
            _ => { if at < bytes.len() { bytes.remove(at); } }
        }
        let mutated = String::from_utf8_lossy(&bytes);
        let _ = read_job(Path::new("x"), &mutated);
    }
}
