//! The worked examples A–I of the network-buffer fact sheet (`flink-network-buffers.md` §13),
//! per Flink version where they differ: every required count below is derived by hand in that
//! sheet from Flink's pool formulas, on Flink's shipped default configuration (1728m process
//! size, 4096 buffers of 32 KiB per `TaskManager`).

use flinkmem::FlinkVersion;
use flinkmem::config::Config;
use flinkmem::config::shipped::shipped_default;
use flinkmem::network::job::{Chaining, Edge, Job, Mode, Ship, Vertex};
use flinkmem::network::{self, Analysis};

fn config(version: FlinkVersion, set: &[(&str, &str)]) -> Config {
    let overrides: Vec<(String, String)> = set
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Config::new(version, Some(shipped_default(version)), &overrides)
}

/// A chain of vertices `(name, parallelism)` joined by `ships`.
fn chain(vertices: &[(&str, u32)], ships: &[Ship], mode: Mode, tms: u32, slots: u32) -> Job {
    let mut job = Job::quick(1, 0);
    job.vertices = vertices.iter().map(|(n, p)| Vertex::new(*n, *p)).collect();
    job.edges = ships
        .iter()
        .enumerate()
        .map(|(i, s)| Edge::new(i, i + 1, *s))
        .collect();
    job.mode = Some(mode);
    job.taskmanagers = Some(tms);
    job.slots = Some(slots);
    job
}

fn run(version: FlinkVersion, set: &[(&str, &str)], job: &Job) -> Analysis {
    network::analyze(&config(version, set), job).expect("analysable")
}

fn per_tm(a: &Analysis) -> Vec<u64> {
    a.tms.iter().map(|t| t.required_buffers).collect()
}

const VERSIONS_1_17_ON: [FlinkVersion; 8] = [
    FlinkVersion::V1_17,
    FlinkVersion::V1_18,
    FlinkVersion::V1_19,
    FlinkVersion::V1_20,
    FlinkVersion::V2_0,
    FlinkVersion::V2_1,
    FlinkVersion::V2_2,
    FlinkVersion::V2_3,
];

#[test]
fn every_version_gets_4096_buffers_from_the_shipped_default() {
    for version in FlinkVersion::ALL {
        let job = chain(&[("a", 1)], &[], Mode::Streaming, 1, 1);
        assert_eq!(run(version, &[], &job).pool.buffers, 4096, "{version}");
    }
}

#[test]
fn example_a_single_taskmanager_keyby() {
    let job = chain(
        &[("src", 4), ("agg", 4), ("sink", 4)],
        &[Ship::Hash, Ship::Forward],
        Mode::Streaming,
        1,
        4,
    );
    for version in FlinkVersion::ALL {
        let a = run(version, &[], &job);
        assert_eq!(a.graph.vertices.len(), 2, "sink is chained to agg");
        assert_eq!(a.required_buffers, 24, "{version}");
        assert_eq!(a.required_buffers * a.pool.segment_size, 786_432);
        assert_eq!(a.tms[0].target_buffers, Some(96), "{version}: 4×16 + 4×8");
        assert!(a.fits);
    }
}

#[test]
fn example_b_thirty_two_on_eight_taskmanagers() {
    let job = chain(
        &[("src", 32), ("agg", 32)],
        &[Ship::Hash],
        Mode::Streaming,
        8,
        4,
    );
    for version in FlinkVersion::ALL {
        let a = run(version, &[], &job);
        assert_eq!(a.required_buffers, 360, "{version}");
        assert_eq!(per_tm(&a), vec![360; 8]);
        assert_eq!(a.required_buffers * a.pool.segment_size, 11_796_480);
        assert_eq!(a.tms[0].target_buffers, Some(544), "{version}");
    }
}

#[test]
fn example_c_fails_and_example_d_passes() {
    let ships = [Ship::Hash, Ship::Hash];
    let c = chain(
        &[("src", 128), ("A", 128), ("B", 128)],
        &ships,
        Mode::Streaming,
        16,
        8,
    );
    let d = chain(
        &[("src", 64), ("A", 64), ("B", 64)],
        &ships,
        Mode::Streaming,
        8,
        8,
    );
    for version in FlinkVersion::ALL {
        let a = run(version, &[], &c);
        assert_eq!(a.required_buffers, 5920, "{version}");
        assert_eq!(a.required_buffers * a.pool.segment_size, 193_986_560);
        assert!(!a.fits);
        let failure = a.failure.as_ref().expect("a predicted failure");
        // Pool minimums (2080) come first; an exclusive request runs out.
        assert_eq!(failure.required, 2, "{version}");
        assert!(failure.available < 2);
        assert!(
            failure
                .message
                .starts_with("Insufficient number of network buffers: required 2, but only ")
        );
        assert!(
            failure
                .message
                .contains("currently set to 4096 of 32768 bytes each")
        );

        let a = run(version, &[], &d);
        assert_eq!(a.required_buffers, 2848, "{version}");
        assert_eq!(a.headroom(), 1248);
        assert_eq!(a.tms[0].target_buffers, Some(4096), "{version}: exactly NB");
        assert!(a.fits && a.failure.is_none());
    }
}

#[test]
fn example_e_sort_shuffle_stage_one_decides() {
    let fits = chain(
        &[("src", 100), ("agg", 100)],
        &[Ship::Hash],
        Mode::Batch,
        25,
        4,
    );
    let fails = chain(
        &[("src", 100), ("agg", 100)],
        &[Ship::Hash],
        Mode::Batch,
        10,
        10,
    );
    for version in FlinkVersion::ALL
        .into_iter()
        .filter(|v| *v >= FlinkVersion::V1_15)
    {
        let a = run(version, &[], &fits);
        assert_eq!(a.stages.len(), 2);
        assert_eq!(a.stages[0].required_buffers, 2048, "{version}");
        assert_eq!(a.required_buffers, 2048);
        assert_eq!(a.required_buffers * a.pool.segment_size, 67_108_864);
        // Stage 2: gates of N = 100 (under 1.17's 1000 threshold): 4 × (1 + 2 × 96).
        assert_eq!(a.stages[1].required_buffers, 4 * 193, "{version}");
        assert!(a.fits);

        let a = run(version, &[], &fails);
        assert_eq!(a.required_buffers, 5120, "{version}");
        let failure = a.failure.as_ref().expect("fails in stage 1");
        assert_eq!(
            (failure.stage, failure.required, failure.available),
            (0, 512, 0)
        );
        assert_eq!(a.required_buffers * a.pool.segment_size, 167_772_160);
    }
    // 1.13-1.14: hash-based blocking, n + 1 per partition: 10 × 101 = 1010 passes.
    for version in [FlinkVersion::V1_13, FlinkVersion::V1_14] {
        let a = run(version, &[], &fails);
        assert_eq!(a.stages[0].required_buffers, 1010, "{version}");
        assert!(a.fits);
    }
}

#[test]
fn example_f_adaptive_batch_channels_per_version() {
    let mut job = chain(
        &[("src", 200), ("agg", 16)],
        &[Ship::Hash],
        Mode::Batch,
        50,
        4,
    );
    job.vertices[1].auto = true;
    job.vertices[1].max_parallelism = Some(128);
    // 1.16 runs the adaptive batch scheduler only when asked to.
    let a = run(
        FlinkVersion::V1_16,
        &[("jobmanager.scheduler", "AdaptiveBatch")],
        &job,
    );
    assert!(a.dynamic_graph);
    assert_eq!(a.stages[0].required_buffers, 2048);
    assert_eq!(a.stages[1].required_buffers, 12548);
    assert!(!a.fits);
    for version in [
        FlinkVersion::V1_17,
        FlinkVersion::V1_18,
        FlinkVersion::V1_19,
        FlinkVersion::V1_20,
    ] {
        let a = run(version, &[], &job);
        assert!(a.dynamic_graph, "{version}: the default for batch");
        assert_eq!(a.exchanges[0].channels, 1600);
        assert_eq!(a.stages[1].required_buffers, 4000, "{version}");
        assert_eq!(a.required_buffers, 4000);
        assert!(a.fits);
        // With 5 slots per TaskManager: 5 × 1000 = 5000 fails on a gate's 1000.
        let mut five = job.clone();
        five.slots = Some(5);
        five.taskmanagers = Some(40);
        let a = run(version, &[], &five);
        let failure = a.failure.as_ref().expect("fails in stage 2");
        assert_eq!(
            (failure.required, failure.available),
            (1000, 96),
            "{version}"
        );
    }
    for version in VERSIONS_1_17_ON.into_iter().filter(|v| v.is_2x()) {
        let a = run(version, &[], &job);
        assert_eq!(a.exchanges[0].channels, 200, "{version}");
        assert_eq!(a.stages[1].required_buffers, 1572, "{version}");
        assert_eq!(a.required_buffers, 2048);
        assert!(a.fits);
    }
}

#[test]
fn example_g_rescale_and_broken_forward() {
    let mut job = chain(
        &[("src", 4), ("map", 8), ("sink", 8)],
        &[Ship::Rescale, Ship::Forward],
        Mode::Streaming,
        2,
        4,
    );
    job.edges[1].chaining = Chaining::Never;
    // The fact sheet fills slots in order (28/24). Flink's slot sharing puts each map next to
    // its source instead (sources 0-1 with maps 0-3 on one TaskManager), and every release
    // line measured 22 on both (tests/golden/network, s-ex-g-2x4).
    for version in FlinkVersion::ALL {
        let a = run(version, &[], &job);
        assert_eq!(per_tm(&a), vec![22, 22], "{version}");
        assert_eq!(a.required_buffers * a.pool.segment_size, 720_896);
        assert!(
            !a.notes.iter().any(|n| n.contains("no fixed order")),
            "each region sits on one TaskManager: {:?}",
            a.notes
        );
    }
    // Slot order, pinned, is still the fact sheet's 28/24.
    job.placement.insert("src".to_owned(), vec![0, 0, 0, 0]);
    job.placement
        .insert("map".to_owned(), vec![0, 0, 0, 0, 1, 1, 1, 1]);
    job.placement
        .insert("sink".to_owned(), vec![0, 0, 0, 0, 1, 1, 1, 1]);
    let a = run(FlinkVersion::V1_20, &[], &job);
    assert_eq!(per_tm(&a), vec![28, 24]);
}

#[test]
fn example_h_broadcast_with_fewer_producers() {
    let job = chain(
        &[("src", 2), ("B", 8)],
        &[Ship::Broadcast],
        Mode::Streaming,
        2,
        4,
    );
    for version in FlinkVersion::ALL {
        let a = run(version, &[], &job);
        assert_eq!(per_tm(&a), vec![22, 20], "{version}");
        assert_eq!(a.required_buffers * a.pool.segment_size, 720_896);
    }
}

#[test]
fn example_i_one_slot_per_taskmanager_breaks_even_at_1365() {
    for version in FlinkVersion::ALL {
        for (p, fits) in [(1000, true), (1365, true), (1366, false), (1400, false)] {
            let job = chain(
                &[("src", p), ("agg", p)],
                &[Ship::Hash],
                Mode::Streaming,
                p,
                1,
            );
            let a = run(version, &[], &job);
            assert_eq!(a.required_buffers, 3 * u64::from(p), "{version} p={p}");
            assert_eq!(a.fits, fits, "{version} p={p}");
        }
    }
}
