//! flinkmem's buffer model against thresholds measured on real Flink `MiniCluster`s
//! (`tests/golden/network/thresholds.jsonl`, produced by `harness/network/generate.sh`; fields
//! and caveats in `tests/golden/network/README.md`).
//!
//! For every measured point and release line, the model is given the point's job, options and
//! the placement Flink chose, and must predict each `TaskManager`'s required buffers exactly as
//! Flink's own counter peaked. Where the run's threshold equals that peak (streaming points and
//! batch points without exclusive-buffer timeouts, unless a retry made the point flaky), the
//! predicted worst `TaskManager` must equal the threshold, and one buffer less must fail with
//! Flink's message.

mod common;

use std::collections::BTreeMap;

use flinkmem::FlinkVersion;
use flinkmem::config::Config;
use flinkmem::network::job::{Chaining, Edge, Job, Mode, Ship, Vertex};
use flinkmem::network::model::{Pool, analyze};
use flinkmem::network::settings::NetworkSettings;
use serde_json::Value;

const SORT_MIN_BUFFERS: &str = "taskmanager.network.sort-shuffle.min-buffers";
const AUTO_MAX: &str = "execution.batch.adaptive.auto-parallelism.max-parallelism";

fn ship(name: &str) -> Ship {
    match name {
        "hash" => Ship::Hash,
        "rebalance" => Ship::Rebalance,
        "rescale" => Ship::Rescale,
        "broadcast" => Ship::Broadcast,
        "forward" => Ship::Forward,
        other => panic!("unknown ship {other}"),
    }
}

/// The point's job with Flink's placement.
fn job(point: &Value) -> Job {
    let topology = &point["topology"];
    let placement: BTreeMap<String, Vec<u32>> = point["placement_at_threshold"]
        .as_object()
        .expect("placement")
        .iter()
        .map(|(k, v)| {
            let tms = v
                .as_array()
                .expect("list")
                .iter()
                .map(|t| u32::try_from(t.as_u64().expect("tm")).expect("small"))
                .collect();
            (k.clone(), tms)
        })
        .collect();
    let config = point["config"].as_object().expect("config");
    let vertices: Vec<Vertex> = topology["vertices"]
        .as_array()
        .expect("vertices")
        .iter()
        .map(|v| {
            let name = v["name"].as_str().expect("name");
            if let Some(p) = v["parallelism"].as_u64() {
                Vertex::new(name, u32::try_from(p).expect("small"))
            } else {
                // Left to the scheduler: the parallelism Flink chose, as placed.
                let chosen = placement.get(name).map_or(1, Vec::len);
                let mut vertex = Vertex::new(name, u32::try_from(chosen).expect("small"));
                vertex.auto = true;
                // The harness's job parallelism (1) caps it unless the option is set.
                vertex.max_parallelism = Some(
                    config
                        .get(AUTO_MAX)
                        .and_then(Value::as_str)
                        .map_or(1, |m| m.parse().expect("int")),
                );
                vertex
            }
        })
        .collect();
    let index = |name: &str| {
        vertices
            .iter()
            .position(|v| v.name == name)
            .expect("edge names a vertex")
    };
    let edges = topology["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            let mut edge = Edge::new(
                index(e["from"].as_str().expect("from")),
                index(e["to"].as_str().expect("to")),
                ship(e["ship"].as_str().expect("ship")),
            );
            if !e["chained"].as_bool().expect("chained") {
                edge.chaining = Chaining::Never;
            }
            edge
        })
        .collect();
    let mut job = Job::quick(1, 0);
    job.vertices = vertices;
    job.edges = edges;
    job.mode = Some(match point["mode"].as_str() {
        Some("batch") => Mode::Batch,
        _ => Mode::Streaming,
    });
    job.taskmanagers = Some(u32::try_from(point["taskmanagers"].as_u64().expect("T")).expect("T"));
    job.slots = Some(u32::try_from(point["slots"].as_u64().expect("S")).expect("S"));
    job.placement = placement;
    job
}

/// The options of the point's run: its own, plus what `MiniCluster` sets when they are unset
/// (1.15+: 16 sort-shuffle buffers).
fn settings(point: &Value, version: FlinkVersion) -> NetworkSettings {
    let mut overrides: Vec<(String, String)> = point["config"]
        .as_object()
        .expect("config")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("text").to_owned()))
        .collect();
    if version >= FlinkVersion::V1_15 && !overrides.iter().any(|(k, _)| k == SORT_MIN_BUFFERS) {
        overrides.push((SORT_MIN_BUFFERS.to_owned(), "16".to_owned()));
    }
    NetworkSettings::from_config(&Config::new(version, None, &overrides))
}

fn sorted(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v
}

fn point_version(point: &Value) -> FlinkVersion {
    point["flink_version"]
        .as_str()
        .expect("version")
        .parse()
        .expect("known version")
}

/// Flink's peak count of required buffers per `TaskManager`, sorted.
fn measured_peaks(point: &Value) -> Vec<u64> {
    sorted(
        point["required_peak_per_tm"]
            .as_array()
            .expect("peaks")
            .iter()
            .map(|v| v.as_u64().expect("count"))
            .collect(),
    )
}

/// The model's required buffers per `TaskManager`, sorted.
fn predicted_peaks(analysis: &flinkmem::network::Analysis) -> Vec<u64> {
    sorted(analysis.tms.iter().map(|t| t.required_buffers).collect())
}

#[test]
fn predictions_match_the_measured_requirements() {
    let points = common::read_jsonl(&common::golden_path(&["network", "thresholds.jsonl"]));
    assert!(points.len() >= 500, "the measured matrix is in place");
    let mut mismatches = common::Mismatches::default();
    let mut exact_thresholds = 0;
    for point in &points {
        let version = point_version(point);
        let id = point["id"].as_str().expect("id");
        let job = job(point);
        let s = settings(point, version);
        let threshold = point["threshold_buffers"].as_u64().expect("threshold");
        let pool = Pool {
            buffers: threshold,
            segment_size: 32768,
        };
        let analysis = match analyze(&s, pool, &job, 1) {
            Ok(a) => a,
            Err(e) => {
                mismatches.check(false, || format!("{version} {id}: {e}"));
                continue;
            }
        };
        let (measured, predicted) = (measured_peaks(point), predicted_peaks(&analysis));
        mismatches.check(measured == predicted, || {
            format!(
                "{version} {id}: per TaskManager Flink counted {measured:?}, flinkmem {predicted:?}"
            )
        });

        // A flaky point (a retry, or a confirming run that disagreed) can owe its threshold to
        // another run's placement (1.15 s-ex-h-2x4: a run at 21 put both sources on one
        // TaskManager, needing 22); its peaks still belong to the placement recorded.
        // Nor can a point whose runs placed subtasks so that the requirement differed
        // (`required_peak_varied`): its threshold is the search's over several placements.
        let decided_by_count = point["timeouts_at_threshold"].as_u64() == Some(0)
            && point["flaky"].as_bool() == Some(false)
            && point["required_peak_varied"].as_bool() != Some(true)
            && point["failure_at_threshold_minus_one"]["kind"].as_str() == Some("insufficient");
        if decided_by_count {
            exact_thresholds += 1;
            mismatches.check(analysis.required_buffers == threshold, || {
                format!(
                    "{version} {id}: threshold {threshold}, predicted {}",
                    analysis.required_buffers
                )
            });
            let short = Pool {
                buffers: threshold - 1,
                segment_size: 32768,
            };
            let failure = analyze(&s, short, &job, 1).expect("analysable").failure;
            let flink = point["failure_at_threshold_minus_one"]["message"]
                .as_str()
                .expect("message");
            mismatches.check(
                failure.as_ref().is_some_and(|f| {
                    let tail = |m: &str| m.split_once(" available.").map(|(_, t)| t.to_owned());
                    tail(&f.message) == tail(flink) && f.available < f.required
                }),
                || {
                    format!(
                        "{version} {id}: at {} Flink said {flink:?}, flinkmem {failure:?}",
                        threshold - 1
                    )
                },
            );
        }
    }
    assert!(
        exact_thresholds >= 400,
        "most points are decided by the count"
    );
    mismatches.finish("network thresholds");
}

/// Without a placement, the model places subtasks as Flink's slot sharing does. Where that is
/// fixed (no pipelined region with exchanges between different parallelisms spans
/// `TaskManager`s, and Flink's runs did not differ), the default placement's requirement per
/// `TaskManager` must be the measured one.
#[test]
fn default_placement_matches_flinks_where_it_is_fixed() {
    let points = common::read_jsonl(&common::golden_path(&["network", "thresholds.jsonl"]));
    let mut mismatches = common::Mismatches::default();
    let mut compared = 0;
    let mut pointwise_uneven = 0;
    for point in &points {
        let version = point_version(point);
        let id = point["id"].as_str().expect("id");
        let mut job = job(point);
        job.placement.clear();
        let s = settings(point, version);
        let pool = Pool {
            buffers: point["threshold_buffers"].as_u64().expect("threshold"),
            segment_size: 32768,
        };
        let Ok(analysis) = analyze(&s, pool, &job, 1) else {
            mismatches.check(false, || format!("{version} {id}: not analysable"));
            continue;
        };
        let may_vary = analysis.notes.iter().any(|n| n.contains("no fixed order"));
        if may_vary || point["required_peak_varied"].as_bool() == Some(true) {
            continue;
        }
        compared += 1;
        pointwise_uneven += usize::from(id.starts_with("s-rescale") || id.starts_with("s-ex-g"));
        let (measured, predicted) = (measured_peaks(point), predicted_peaks(&analysis));
        mismatches.check(measured == predicted, || {
            format!(
                "{version} {id}: default placement needs {predicted:?}, Flink counted {measured:?}"
            )
        });
    }
    assert!(compared >= 400, "compared {compared} points");
    assert!(
        pointwise_uneven >= 60,
        "the rescale points are among them ({pointwise_uneven})"
    );
    mismatches.finish("default placement");
}
