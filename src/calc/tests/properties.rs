//! Properties of every budget: the components add up, and no input makes the derivation panic.

use std::fmt::Write as _;

use proptest::prelude::*;

use super::*;

/// A memory size as a config value: bytes or a unit.
fn size() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => (0u64..1 << 36).prop_map(|b| b.to_string()),
        3 => (0u64..16384).prop_map(|m| format!("{m}m")),
        3 => (1u64..64).prop_map(|g| format!("{g}g")),
    ]
}

fn fraction() -> impl Strategy<Value = String> {
    (0u32..1100).prop_map(|f| format!("{}", f64::from(f) / 1000.0))
}

/// A random `TaskManager`/`JobManager` config over the memory options.
fn memory_config() -> impl Strategy<Value = String> {
    let keys: [&str; 14] = [
        "taskmanager.memory.process.size",
        "taskmanager.memory.flink.size",
        "taskmanager.memory.task.heap.size",
        "taskmanager.memory.managed.size",
        "taskmanager.memory.network.min",
        "taskmanager.memory.network.max",
        "taskmanager.memory.jvm-overhead.min",
        "taskmanager.memory.task.off-heap.size",
        "jobmanager.memory.process.size",
        "jobmanager.memory.flink.size",
        "jobmanager.memory.heap.size",
        "jobmanager.memory.off-heap.size",
        "jobmanager.memory.jvm-overhead.max",
        "taskmanager.network.numberOfBuffers",
    ];
    let sizes = proptest::collection::vec(proptest::option::weighted(0.25, size()), keys.len());
    let fractions = proptest::collection::vec(proptest::option::weighted(0.3, fraction()), 3);
    (sizes, fractions).prop_map(move |(sizes, fractions)| {
        let mut text = String::new();
        for (key, value) in keys.iter().zip(sizes) {
            if let Some(value) = value {
                let value = if key.ends_with("numberOfBuffers") {
                    value.trim_end_matches(['m', 'g']).to_owned()
                } else {
                    value
                };
                let _ = writeln!(text, "{key}: {value}");
            }
        }
        for (key, value) in [
            "taskmanager.memory.managed.fraction",
            "taskmanager.memory.network.fraction",
            "jobmanager.memory.jvm-overhead.fraction",
        ]
        .iter()
        .zip(fractions)
        {
            if let Some(value) = value {
                let _ = writeln!(text, "{key}: {value}");
            }
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn components_add_up_on_success(text in memory_config(), version in proptest::sample::select(FlinkVersion::ALL.to_vec())) {
        let config = config(&text, version);
        if let Ok(t) = taskmanager(&config) {
            let flink = [&t.framework_heap, &t.framework_off_heap, &t.task_heap, &t.task_off_heap, &t.managed, &t.network].map(b).iter().sum::<u64>();
            prop_assert_eq!(flink, b(&t.total_flink));
            prop_assert_eq!(flink + b(&t.jvm_metaspace) + b(&t.jvm_overhead), b(&t.total_process));
            prop_assert_eq!(b(&t.jvm_heap), b(&t.framework_heap) + b(&t.task_heap));
            prop_assert_eq!(b(&t.jvm_direct), b(&t.framework_off_heap) + b(&t.task_off_heap) + b(&t.network));
            prop_assert!(t.jvm_params().starts_with("-Xmx"));
        }
        if let Ok(j) = jobmanager(&config) {
            prop_assert_eq!(b(&j.jvm_heap) + b(&j.off_heap), b(&j.total_flink));
            prop_assert_eq!(b(&j.total_flink) + b(&j.jvm_metaspace) + b(&j.jvm_overhead), b(&j.total_process));
        }
    }

    #[test]
    fn never_panics_on_arbitrary_values(value in "\\PC{0,12}", key in proptest::sample::select(vec![
        "taskmanager.memory.process.size", "taskmanager.memory.network.fraction", "taskmanager.cpu.cores",
        "taskmanager.numberOfTaskSlots", "taskmanager.memory.segment-size", "external-resources",
        "jobmanager.memory.heap.size", "taskmanager.heap.mb", "taskmanager.network.numberOfBuffers",
    ])) {
        for version in [FlinkVersion::V1_13, FlinkVersion::V2_3] {
            let text = format!("taskmanager.memory.process.size: 1728m\njobmanager.memory.process.size: 1600m\n{key}: {value}\n");
            let config = config(&text, version);
            let _ = taskmanager(&config).map(|t| t.dynamic_configs());
            let _ = jobmanager(&config).map(|j| j.dynamic_configs());
        }
    }
}
