//! `fit` against the forward calculation, on random configurations and targets: when it finds a
//! size, that whole-MiB size derives and meets every target and one MiB less does not; when it
//! finds none, it names a reason for each target it could not reach, and no size it reports
//! as found was ever skipped below (checked on a coarse scan).

use flinkmem::FlinkVersion;
use flinkmem::calc;
use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
use flinkmem::sizing::fit::{PROCESS_SIZE, fit};
use flinkmem::sizing::{FitOutcome, Target};
use flinkmem::units::MemorySize;
use proptest::prelude::*;

const MIB: u64 = 1 << 20;

fn config(lines: &[String], version: FlinkVersion) -> Config {
    let (name, dialect) = if version.is_2x() {
        ("config.yaml", Dialect::Standard)
    } else {
        ("flink-conf.yaml", Dialect::Legacy)
    };
    let file = ConfigFile::parse(SourceFile::new(name, lines.join("\n")), dialect);
    Config::new(version, Some(file), &[])
}

/// The configuration with only the process size changed, derived independently of `fit`.
fn meets_at(base: &Config, removed: &[String], mebibytes: u64, targets: &[Target]) -> bool {
    let overrides = vec![(PROCESS_SIZE.to_owned(), format!("{mebibytes}m"))];
    let file = base.file().cloned().map(|mut f| {
        f.parsed.entries.retain(|e| !removed.contains(&e.key));
        f
    });
    let config = Config::new(base.version(), file, &overrides);
    calc::taskmanager(&config).is_ok_and(|b| targets.iter().all(|t| t.is_met(&b)))
}

fn version() -> impl Strategy<Value = FlinkVersion> {
    prop::sample::select(FlinkVersion::ALL.to_vec())
}

fn lines() -> impl Strategy<Value = Vec<String>> {
    (
        prop::option::of(1u32..70),
        prop::option::of(1u32..40),
        prop::option::of(prop::sample::select(vec!["16m", "64m", "256m"])),
        prop::option::of(prop::sample::select(vec!["512m", "1g", "4g"])),
        prop::option::of(prop::sample::select(vec!["4kb", "32kb", "64kb"])),
        1u32..16,
        prop::option::of(prop::sample::select(vec!["1g", "2g", "8g"])),
        prop::option::of(prop::sample::select(vec!["512m", "1g"])),
    )
        .prop_map(
            |(managed, network, min, max, segment, slots, flink, task_heap)| {
                let mut lines = vec![
                    "taskmanager.memory.process.size: 1728m".to_owned(),
                    format!("taskmanager.numberOfTaskSlots: {slots}"),
                ];
                if let Some(f) = managed {
                    lines.push(format!("taskmanager.memory.managed.fraction: 0.{f:02}"));
                }
                if let Some(f) = network {
                    lines.push(format!("taskmanager.memory.network.fraction: 0.{f:02}"));
                }
                lines.extend(min.map(|m| format!("taskmanager.memory.network.min: {m}")));
                lines.extend(max.map(|m| format!("taskmanager.memory.network.max: {m}")));
                lines.extend(segment.map(|s| format!("taskmanager.memory.segment-size: {s}")));
                lines.extend(flink.map(|s| format!("taskmanager.memory.flink.size: {s}")));
                lines.extend(task_heap.map(|s| format!("taskmanager.memory.task.heap.size: {s}")));
                lines
            },
        )
}

fn targets() -> impl Strategy<Value = Vec<Target>> {
    let size = || (64u64..16_384).prop_map(|m| MemorySize::from_bytes(m * MIB));
    prop::collection::vec(
        prop_oneof![
            size().prop_map(Target::Network),
            (100u64..200_000).prop_map(Target::Buffers),
            size().prop_map(Target::TaskHeap),
            size().prop_map(Target::Managed),
            size().prop_map(Target::JvmHeap),
            size().prop_map(Target::TotalFlink),
        ],
        1..3,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_found_size_meets_every_target_and_one_mib_less_does_not(
        version in version(),
        lines in lines(),
        targets in targets(),
    ) {
        let base = config(&lines, version);
        let result = fit(&base, &targets);
        match &result.outcome {
            FitOutcome::Found { at, below } => {
                let mebibytes = at.process_size.bytes() / MIB;
                prop_assert_eq!(at.process_size.bytes() % MIB, 0);
                prop_assert!(meets_at(&base, &result.removed, mebibytes, &targets));
                prop_assert!(mebibytes == 1 || !meets_at(&base, &result.removed, mebibytes - 1, &targets));
                prop_assert!(below.as_ref().is_none_or(|b| !b.meets(&targets)));
            }
            FitOutcome::Unreachable { blockers, .. } => {
                prop_assert!(!blockers.is_empty());
                // No coarse size (powers of two up to 16 TiB) meets the targets either.
                for shift in 0..=24 {
                    prop_assert!(!meets_at(&base, &result.removed, 1 << shift, &targets));
                }
            }
        }
    }
}
