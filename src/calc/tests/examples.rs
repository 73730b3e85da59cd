//! The successful worked examples of `flink-memory-model.md` §8 (E1–E8, E10, E11, E14, E15),
//! with their numbers.

use super::*;

#[test]
fn e1_default_taskmanager() {
    for version in FlinkVersion::ALL {
        let budget = tm("taskmanager.memory.process.size: 1728m\n", version);
        assert_eq!(b(&budget.total_process), 1_811_939_328);
        assert_eq!(b(&budget.jvm_overhead), 201_326_592);
        assert!(
            matches!(budget.jvm_overhead.provenance, Provenance::ClampedToMin { ref key, derived } if key == "taskmanager.memory.jvm-overhead.min" && derived.bytes() == 181_193_935)
        );
        assert_eq!(b(&budget.total_flink), 1_342_177_280);
        assert_eq!(b(&budget.managed), 536_870_920);
        assert_eq!(b(&budget.network), 134_217_730);
        assert_eq!(b(&budget.task_heap), 402_653_174);
        assert_eq!(
            budget.segments.as_ref().map(|s| s.network_buffers),
            Some(4096)
        );
        assert_eq!(budget.path, DerivationPath::TotalProcess);
        assert_eq!(budget.jvm_params(), E1_JVM);
        assert_eq!(budget.dynamic_configs(), E1_DYN);
    }
}

#[test]
fn e2_e11_default_jobmanager_and_heap_only() {
    for version in FlinkVersion::ALL {
        let budget = jm("jobmanager.memory.process.size: 1600m\n", version);
        assert_eq!(
            (b(&budget.total_flink), b(&budget.jvm_heap)),
            (1_207_959_552, 1_073_741_824)
        );
        assert_eq!(
            (
                budget.jvm_params().as_str(),
                budget.dynamic_configs().as_str()
            ),
            (E2_JVM, E2_DYN)
        );
        let limited = jm(
            "jobmanager.memory.process.size: 1600m\njobmanager.memory.enable-jvm-direct-memory-limit: true\n",
            version,
        );
        assert_eq!(
            limited.jvm_params(),
            "-Xmx1073741824 -Xms1073741824 -XX:MaxDirectMemorySize=134217728 -XX:MaxMetaspaceSize=268435456"
        );
        let e11 = jm("jobmanager.memory.heap.size: 1g\n", version);
        assert_eq!(b(&e11.total_process), 1_677_721_600);
        assert_eq!(
            (e11.jvm_params().as_str(), e11.dynamic_configs().as_str()),
            (E2_JVM, E2_DYN)
        );
    }
}

#[test]
fn e3_flink_size_gives_the_default_budget() {
    let alone = tm(
        "taskmanager.memory.flink.size: 1280m\n",
        FlinkVersion::V1_20,
    );
    assert!(
        matches!(alone.jvm_overhead.provenance, Provenance::ClampedToMin { derived, .. } if derived.bytes() == 178_956_973)
    );
    assert_eq!(
        (
            alone.jvm_params().as_str(),
            alone.dynamic_configs().as_str()
        ),
        (E1_JVM, E1_DYN)
    );
    let both = tm(
        "taskmanager.memory.flink.size: 1280m\ntaskmanager.memory.process.size: 1728m\n",
        FlinkVersion::V1_20,
    );
    assert!(matches!(
        both.jvm_overhead.provenance,
        Provenance::Remainder { .. }
    ));
    assert_eq!(both.jvm_params(), E1_JVM);
}

#[test]
fn e4_four_gigabytes_four_slots() {
    let budget = tm(
        "taskmanager.memory.process.size: 4g\ntaskmanager.numberOfTaskSlots: 4\n",
        FlinkVersion::V1_17,
    );
    let got = [
        &budget.jvm_overhead,
        &budget.total_flink,
        &budget.managed,
        &budget.network,
        &budget.task_heap,
    ]
    .map(b);
    assert_eq!(
        got,
        [
            429_496_736,
            3_597_035_104,
            1_438_814_063,
            359_703_515,
            1_530_082_070
        ]
    );
    assert_eq!(
        budget.segments.as_ref().map(|s| s.network_buffers),
        Some(10977)
    );
    assert_eq!(
        budget.jvm_params(),
        "-Xmx1664299798 -Xms1664299798 -XX:MaxDirectMemorySize=493921243 -XX:MaxMetaspaceSize=268435456"
    );
    assert!(
        budget.dynamic_configs().starts_with(
            "-D taskmanager.memory.network.min=359703515b -D taskmanager.cpu.cores=4.0 "
        )
    );
}

#[test]
fn e5_network_max_default_changed_in_1_17() {
    let text = "taskmanager.memory.process.size: 16g\ntaskmanager.numberOfTaskSlots: 8\n";
    let new = tm(text, FlinkVersion::V1_17);
    assert_eq!(
        [&new.network, &new.task_heap].map(b),
        [1_583_769_214, 7_650_410_378]
    );
    assert_eq!(
        new.jvm_params(),
        "-Xmx7784628106 -Xms7784628106 -XX:MaxDirectMemorySize=1717986942 -XX:MaxMetaspaceSize=268435456"
    );
    let old = tm(text, FlinkVersion::V1_16);
    assert_eq!(
        [&old.network, &old.task_heap].map(b),
        [1_073_741_824, 8_160_437_768]
    );
    assert!(matches!(
        old.network.provenance,
        Provenance::ClampedToMax { .. }
    ));
    assert_eq!(
        old.segments.as_ref().map(|s| s.network_buffers),
        Some(32768)
    );
}

#[test]
fn e6_fine_grained_and_its_pitfall() {
    let text = "taskmanager.memory.task.heap.size: 1g\ntaskmanager.memory.managed.size: 1g\n";
    let budget = tm(text, FlinkVersion::V1_20);
    assert_eq!(
        [
            &budget.network,
            &budget.total_flink,
            &budget.jvm_overhead,
            &budget.total_process
        ]
        .map(b),
        [268_435_460, 2_684_354_564, 328_087_785, 3_280_877_805]
    );
    assert!(
        matches!(budget.network.provenance, Provenance::Fraction { ref fraction, .. } if fraction == "0.11111111295076065")
    );
    assert_eq!(
        budget.jvm_params(),
        "-Xmx1207959552 -Xms1207959552 -XX:MaxDirectMemorySize=402653188 -XX:MaxMetaspaceSize=268435456"
    );
    let err = tm_err(
        &format!("{text}taskmanager.memory.process.size: 1728m\n"),
        FlinkVersion::V1_20,
    );
    assert_eq!(
        err.message(),
        "TaskManager memory configuration failed: The configured Total Process Memory size (1.688gb (1811939328 bytes)) is less than the sum of the derived Total Flink Memory size (2.500gb (2684354564 bytes)) and the configured or default JVM Metaspace size  (256.000mb (268435456 bytes))."
    );
    assert!(
        matches!(&*err.failure, Failure::Exceeds { addends, limit, .. } if addends.len() == 2 && limit.component.bytes.bytes() == 1_811_939_328)
    );
}

#[test]
fn e7_network_is_the_remainder_of_an_explicit_total() {
    let text = "taskmanager.memory.task.heap.size: 1g\ntaskmanager.memory.managed.size: 1g\ntaskmanager.memory.flink.size: 3g\n";
    let budget = tm(text, FlinkVersion::V1_16);
    assert_eq!(
        [&budget.network, &budget.jvm_overhead, &budget.total_process].map(b),
        [805_306_368, 387_740_109, 3_877_401_037]
    );
    assert_eq!(
        budget.jvm_params(),
        "-Xmx1207959552 -Xms1207959552 -XX:MaxDirectMemorySize=939524096 -XX:MaxMetaspaceSize=268435456"
    );
    let err = tm_err(
        &format!("{text}taskmanager.memory.network.max: 512m\n"),
        FlinkVersion::V1_16,
    );
    assert!(err.message().starts_with("TaskManager memory configuration failed: If Total Flink, Task Heap and (or) Managed Memory sizes"));
    assert_eq!(
        err.causes.last().map(|c| c.message.as_str()),
        Some(
            "Derived Network Memory size (768.000mb (805306368 bytes)) is not in configured Network Memory range [64.000mb (67108864 bytes), 512.000mb (536870912 bytes)]."
        )
    );
}

#[test]
fn e8_fixed_network_and_half_managed() {
    let jvm = "-Xmx429496728 -Xms429496728 -XX:MaxDirectMemorySize=402653184 -XX:MaxMetaspaceSize=268435456";
    for keys in ["taskmanager.memory.network", "taskmanager.network.memory"] {
        let text = format!(
            "taskmanager.memory.process.size: 2g\n{keys}.min: 256m\n{keys}.max: 256m\ntaskmanager.memory.managed.fraction: 0.5\n"
        );
        let budget = tm(&text, FlinkVersion::V1_20);
        assert_eq!(
            [&budget.managed, &budget.network, &budget.task_heap].map(b),
            [832_149_912, 268_435_456, 295_279_000]
        );
        assert_eq!(budget.jvm_params(), jvm);
    }
}

#[test]
fn e10_legacy_taskmanager_heap() {
    let text = "taskmanager.memory.process.size: 1728m\ntaskmanager.heap.size: 1024m\n";
    let budget = tm(text, FlinkVersion::V1_20);
    assert_eq!(
        [&budget.task_heap, &budget.jvm_overhead].map(b),
        [268_435_448, 469_762_048]
    );
    assert!(
        matches!(budget.total_flink.provenance, Provenance::Legacy { ref key, .. } if key == "taskmanager.heap.size")
    );
    assert_eq!(
        budget.segments.as_ref().map(|s| s.network_buffers),
        Some(3276)
    );
    assert_eq!(
        budget.jvm_params(),
        "-Xmx402653176 -Xms402653176 -XX:MaxDirectMemorySize=241591912 -XX:MaxMetaspaceSize=268435456"
    );
    assert_eq!(
        b(&tm("taskmanager.heap.size: 1024m\n", FlinkVersion::V1_13).total_process),
        1_543_503_872
    );
    assert_eq!(tm(text, FlinkVersion::V2_0).jvm_params(), E1_JVM);
}

#[test]
fn e14_task_heap_with_process_size() {
    let budget = tm(
        "taskmanager.memory.task.heap.size: 512m\ntaskmanager.memory.process.size: 2g\n",
        FlinkVersion::V1_20,
    );
    assert_eq!(
        [&budget.managed, &budget.network].map(b),
        [665_719_939, 193_273_517]
    );
    assert!(matches!(
        budget.network.provenance,
        Provenance::Remainder { .. }
    ));
    assert_eq!(
        budget.segments.as_ref().map(|s| s.network_buffers),
        Some(5898)
    );
    assert_eq!(
        budget.jvm_params(),
        "-Xmx671088640 -Xms671088640 -XX:MaxDirectMemorySize=327491245 -XX:MaxMetaspaceSize=268435456"
    );
}

#[test]
fn e15_legacy_number_of_buffers() {
    let text =
        "taskmanager.memory.process.size: 1728m\ntaskmanager.network.numberOfBuffers: 2048\n";
    let budget = tm(text, FlinkVersion::V1_19);
    assert_eq!(
        [&budget.network, &budget.task_heap].map(b),
        [67_108_864, 469_762_040]
    );
    assert_eq!(
        budget.jvm_params(),
        "-Xmx603979768 -Xms603979768 -XX:MaxDirectMemorySize=201326592 -XX:MaxMetaspaceSize=268435456"
    );
    assert_eq!(tm(text, FlinkVersion::V2_1).jvm_params(), E1_JVM);
    let ignored = tm(
        &format!("{text}taskmanager.memory.network.min: 64m\n"),
        FlinkVersion::V1_19,
    );
    assert_eq!(ignored.jvm_params(), E1_JVM);
}
