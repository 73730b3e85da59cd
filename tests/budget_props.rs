//! Properties of the memory derivation that hold for every configuration Flink accepts: sizes
//! print and parse back to themselves, components add up to their totals to the byte, growing
//! the process never shrinks the heap or managed memory, and nested and flat YAML mean the same.

use std::fmt::Write as _;

use flinkmem::FlinkVersion;
use flinkmem::calc;
use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
use flinkmem::units::MemorySize;
use proptest::prelude::*;

fn config(text: &str, version: FlinkVersion) -> Config {
    let dialect = if version.reads_standard_file() {
        Dialect::Standard
    } else {
        Dialect::Legacy
    };
    let file = ConfigFile::parse(SourceFile::new("config.yaml", text.to_owned()), dialect);
    Config::new(version, Some(file), &[])
}

fn version() -> impl Strategy<Value = FlinkVersion> {
    prop::sample::select(FlinkVersion::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_size_prints_and_parses_back_to_itself(bytes in 0u64..(1u64 << 62)) {
        let size = MemorySize::from_bytes(bytes);
        prop_assert_eq!(MemorySize::parse(&size.to_string()).map(MemorySize::bytes), Ok(bytes));
        prop_assert_eq!(MemorySize::parse(&size.to_bytes_string()).map(MemorySize::bytes), Ok(bytes));
    }

    #[test]
    fn components_add_up_to_their_totals(
        v in version(),
        process_mib in 1024u64..65536,
        managed in prop::option::of(1u32..80),
        network in prop::option::of(1u32..40),
        slots in 1u32..16,
    ) {
        let mut text = format!(
            "taskmanager.memory.process.size: {process_mib}m\njobmanager.memory.process.size: {process_mib}m\ntaskmanager.numberOfTaskSlots: {slots}\n"
        );
        if let Some(m) = managed {
            let _ = writeln!(text, "taskmanager.memory.managed.fraction: 0.{m:02}");
        }
        if let Some(n) = network {
            let _ = writeln!(text, "taskmanager.memory.network.fraction: 0.{n:02}");
        }
        let config = config(&text, v);
        if let Ok(tm) = calc::taskmanager(&config) {
            let flink = [&tm.framework_heap, &tm.task_heap, &tm.framework_off_heap, &tm.task_off_heap, &tm.managed, &tm.network]
                .iter()
                .map(|c| c.bytes.bytes())
                .sum::<u64>();
            prop_assert_eq!(flink, tm.total_flink.bytes.bytes());
            prop_assert_eq!(
                tm.total_flink.bytes.bytes() + tm.jvm_metaspace.bytes.bytes() + tm.jvm_overhead.bytes.bytes(),
                tm.total_process.bytes.bytes()
            );
            prop_assert_eq!(tm.jvm_heap.bytes.bytes(), tm.framework_heap.bytes.bytes() + tm.task_heap.bytes.bytes());
            prop_assert_eq!(tm.total_process.bytes.bytes(), process_mib << 20);
        }
        let jm = calc::jobmanager(&config);
        prop_assert!(jm.is_ok(), "{:?}", jm.err());
        if let Ok(jm) = jm {
            prop_assert_eq!(jm.total_flink.bytes.bytes(), jm.jvm_heap.bytes.bytes() + jm.off_heap.bytes.bytes());
            prop_assert_eq!(
                jm.total_flink.bytes.bytes() + jm.jvm_metaspace.bytes.bytes() + jm.jvm_overhead.bytes.bytes(),
                jm.total_process.bytes.bytes()
            );
        }
    }

    #[test]
    fn a_larger_process_never_has_less_heap_or_managed_memory(
        v in version(),
        process_mib in 1024u64..32768,
        grow_mib in 1u64..4096,
    ) {
        let at = |mib: u64| {
            calc::taskmanager(&config(&format!("taskmanager.memory.process.size: {mib}m\n"), v))
        };
        if let (Ok(small), Ok(large)) = (at(process_mib), at(process_mib + grow_mib)) {
            prop_assert!(large.task_heap.bytes >= small.task_heap.bytes);
            prop_assert!(large.managed.bytes >= small.managed.bytes);
            prop_assert!(large.network.bytes >= small.network.bytes);
            prop_assert!(large.jvm_heap.bytes >= small.jvm_heap.bytes);
        }
    }

    #[test]
    fn nested_and_flat_spellings_are_the_same_configuration(
        process_mib in 1024u64..16384,
        fraction in 1u32..60,
        slots in 1u32..9,
    ) {
        let flat = format!(
            "taskmanager.memory.process.size: {process_mib}m\ntaskmanager.memory.managed.fraction: 0.{fraction:02}\ntaskmanager.numberOfTaskSlots: {slots}\n"
        );
        let nested = format!(
            "taskmanager:\n  memory:\n    process:\n      size: {process_mib}m\n    managed.fraction: 0.{fraction:02}\n  numberOfTaskSlots: {slots}\n"
        );
        for v in [FlinkVersion::V1_19, FlinkVersion::V2_3] {
            let (a, b) = (config(&flat, v), config(&nested, v));
            let pairs = |c: &Config| -> Vec<(String, String)> {
                let mut p: Vec<(String, String)> = c
                    .effective_entries()
                    .iter()
                    .map(|e| (e.key.clone(), e.value.text.clone()))
                    .collect();
                p.sort();
                p
            };
            prop_assert_eq!(pairs(&a), pairs(&b));
            let (ta, tb) = (calc::taskmanager(&a), calc::taskmanager(&b));
            prop_assert_eq!(
                ta.map(|t| t.jvm_params()).ok(),
                tb.map(|t| t.jvm_params()).ok()
            );
        }
    }
}
