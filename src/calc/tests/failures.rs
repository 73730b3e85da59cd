//! The failing worked examples of `flink-memory-model.md` §8 (E6's pitfall, E9, E12, E13, E16,
//! E17): Flink's exact messages, prefixes per version, and the structured failure.

use super::*;

#[test]
fn e9_too_small() {
    let err = tm_err(
        "taskmanager.memory.process.size: 900m\n",
        FlinkVersion::V1_20,
    );
    assert_eq!(
        err.message(),
        "TaskManager memory configuration failed: Sum of configured Framework Heap Memory (128.000mb (134217728 bytes)), Framework Off-Heap Memory (128.000mb (134217728 bytes)), Task Off-Heap Memory (0 bytes), Managed Memory (180.800mb (189582543 bytes)) and Network Memory (64.000mb (67108864 bytes)) exceed configured Total Flink Memory (452.000mb (473956352 bytes))."
    );
    assert_eq!(err.class(), class::ILLEGAL_CONFIGURATION);
    let Failure::Exceeds { addends, limit, .. } = &*err.failure else {
        panic!("{:?}", err.failure)
    };
    let sum: u64 = addends.iter().map(|a| a.component.bytes.bytes()).sum();
    assert_eq!(
        sum - limit.component.bytes.bytes(),
        525_126_863 - 473_956_352
    );
    let err = tm_err(
        "taskmanager.memory.process.size: 1000000000\n",
        FlinkVersion::V2_0,
    );
    assert!(
        err.message()
            .contains("Managed Memory (202.270mb (212095183 bytes))")
            && err
                .message()
                .contains("Total Flink Memory (505.674mb (530237952 bytes))")
    );
}

#[test]
fn e12_e16_jobmanager_failures_and_their_prefix() {
    let e12 = "The configured Total Flink Memory (52.000mb (54525952 bytes)) is less than the configured Off-heap Memory (128.000mb (134217728 bytes)).";
    let text = "jobmanager.memory.process.size: 500m\n";
    assert_eq!(
        jm_err(text, FlinkVersion::V1_20).message(),
        format!("JobManager memory configuration failed: {e12}")
    );
    assert_eq!(jm_err(text, FlinkVersion::V2_0).message(), e12);
    let text = "jobmanager.memory.process.size: 1600m\njobmanager.heap.size: 2g\n";
    assert_eq!(
        jm_err(text, FlinkVersion::V1_13).message(),
        "JobManager memory configuration failed: The configured Total Process Memory size (1.563gb (1677721600 bytes)) is less than the sum of the derived Total Flink Memory size (2.125gb (2281701376 bytes)) and the configured or default JVM Metaspace size  (256.000mb (268435456 bytes))."
    );
    assert_eq!(jm(text, FlinkVersion::V2_0).jvm_params(), E2_JVM);
}

#[test]
fn e13_overhead_out_of_range() {
    let err = tm_err(
        "taskmanager.memory.process.size: 3000m\ntaskmanager.memory.flink.size: 1280m\n",
        FlinkVersion::V1_18,
    );
    assert_eq!(
        err.message(),
        "TaskManager memory configuration failed: Derived JVM Overhead size (1.430gb (1535115264 bytes)) is not in configured JVM Overhead range [192.000mb (201326592 bytes), 1024.000mb (1073741824 bytes)]."
    );
}

#[test]
fn e17_value_syntax_failures() {
    let err = tm_err(
        "taskmanager.memory.process.size: 1.5g\n",
        FlinkVersion::V1_20,
    );
    assert_eq!(
        err.message(),
        "TaskManager memory configuration failed: Cannot read memory size from config option 'taskmanager.memory.process.size'."
    );
    let chain: Vec<&str> = err.causes.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        chain[1],
        "Could not parse value '1.5g' for key 'taskmanager.memory.process.size'."
    );
    assert!(chain[2].starts_with("Memory size unit '.5g' does not match"));
    let quoted = tm_err(
        "taskmanager.memory.process.size: \"1728m\"\n",
        FlinkVersion::V1_20,
    );
    assert_eq!(
        quoted
            .causes
            .last()
            .map(|c| (c.class.as_str(), c.message.as_str())),
        Some((class::NUMBER_FORMAT, "text does not start with a number"))
    );
    assert!(
        tm_err(
            "taskmanager.memory.process.size: 1728 MiB\n",
            FlinkVersion::V1_20
        )
        .causes[2]
            .message
            .starts_with("Memory size unit 'mib'")
    );
    let fraction =
        "taskmanager.memory.process.size: 1728m\ntaskmanager.memory.network.fraction: 1.0\n";
    let prefix = "TaskManager memory configuration failed: Inconsistently configured Key: 'taskmanager.memory.network.fraction' , default: 0.1 (fallback keys: [{key=taskmanager.network.memory.fraction, isDeprecated=true}]) (1.0) and its min (64.000mb (67108864 bytes)), max (";
    assert_eq!(
        tm_err(fraction, FlinkVersion::V1_17).message(),
        format!("{prefix}8388608.000tb (9223372036854775807 bytes)) value")
    );
    assert_eq!(
        tm_err(fraction, FlinkVersion::V1_16).message(),
        format!("{prefix}1024.000mb (1073741824 bytes)) value")
    );
    let abc = tm_err(
        "taskmanager.memory.process.size: 1728m\ntaskmanager.memory.managed.fraction: abc\n",
        FlinkVersion::V1_20,
    );
    assert_eq!(
        (abc.class(), abc.message()),
        (
            class::ILLEGAL_ARGUMENT,
            "Could not parse value 'abc' for key 'taskmanager.memory.managed.fraction'."
        )
    );
    let slots = tm_err(
        "taskmanager.memory.process.size: 1728m\ntaskmanager.numberOfTaskSlots: 0\n",
        FlinkVersion::V1_20,
    );
    assert_eq!(
        slots.message(),
        "TaskManager memory configuration failed: TaskExecutors need to be started with a positive number of CPU cores. Please configure taskmanager.cpu.cores accordingly."
    );
}

#[test]
fn bad_segment_size_is_a_separate_problem() {
    let budget = tm(
        "taskmanager.memory.process.size: 1728m\ntaskmanager.memory.segment-size: 3000\n",
        FlinkVersion::V1_20,
    );
    assert!(budget.segments.is_none());
    let problem = budget.segment_problem.expect("a problem");
    assert_eq!(
        problem.message(),
        "Invalid configuration value for taskmanager.memory.segment-size : 3000 - Minimum memory segment size is 4096"
    );
}
