//! Tests of the log scanner: each family of messages in its forms, and each problem once.

use super::container_kill::YarnLimit;
use super::memory_config::Check;
use super::{Message, scan};
use crate::calc::Process;

fn one(text: &str) -> Message {
    let found = scan(text);
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].message.clone()
}

#[test]
fn insufficient_buffers_in_every_form() {
    let modern = "2024-03-01 10:00:00,123 WARN  org.apache.flink.runtime.taskmanager.Task [] - Map (2/4) switched to FAILED\nCaused by: java.io.IOException: Insufficient number of network buffers: required 17, but only 5 available. The total number of network buffers is currently set to 4096 of 32768 bytes each. You can increase this number by setting the configuration keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and 'taskmanager.memory.network.max'.";
    assert_eq!(
        one(modern),
        Message::InsufficientBuffers {
            required: 17,
            available: 5,
            total: 4096,
            segment_size: Some(32768)
        }
    );
    assert_eq!(
        one("Insufficient number of network buffers: required 2, but only 0 of 2048 available."),
        Message::InsufficientBuffers {
            required: 2,
            available: 0,
            total: 2048,
            segment_size: None
        }
    );
    assert!(scan("Insufficient number of network buffers: required lots").is_empty());
}

#[test]
fn timeout_pool_allocation_and_direct_memory() {
    let timeout = "java.io.IOException: Timeout triggered when requesting exclusive buffers: The total number of network buffers is currently set to 4096 of 32768 bytes each. You can increase this number by setting the configuration keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and 'taskmanager.memory.network.max',  or you may increase the timeout which is 30000ms by setting the key 'taskmanager.network.memory.exclusive-buffers-request-timeout-ms'.";
    assert_eq!(
        one(timeout),
        Message::BuffersTimeout {
            total: Some(4096),
            segment_size: Some(32768),
            timeout_ms: Some(30000),
            key: Some("taskmanager.network.memory.exclusive-buffers-request-timeout-ms".into())
        }
    );
    let pool = "java.lang.OutOfMemoryError: Could not allocate enough memory segments for NetworkBufferPool (required (Mb): 128, allocated (Mb): 9, missing (Mb): 119). Cause: Direct buffer memory";
    assert_eq!(
        one(pool),
        Message::PoolAllocation {
            required_mib: 128,
            allocated_mib: 9,
            missing_mib: 119,
            cause: "Direct buffer memory".into()
        }
    );
    assert_eq!(
        one(
            "java.lang.OutOfMemoryError: Cannot reserve 32768 bytes of direct buffer memory (allocated: 268419072, limit: 268435458)"
        ),
        Message::DirectOom {
            request: Some(32768),
            allocated: Some(268_419_072),
            limit: Some(268_435_458),
            netty: false
        }
    );
    assert_eq!(
        one(
            "org.apache.flink.shaded.netty4.io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 4194304 byte(s) of direct memory (used: 264241152, max: 268435458)"
        ),
        Message::DirectOom {
            request: Some(4_194_304),
            allocated: Some(264_241_152),
            limit: Some(268_435_458),
            netty: true
        }
    );
}

#[test]
fn yarn_and_kubernetes_kills() {
    let hadoop3 = "Closing TaskExecutor connection container_e03_1559725928417_0577_01_001065 because: [2019-11-25 20:12:36.159]Container [pid=97191,containerID=container_e03_1559725928417_0577_01_001065] is running 168853504B beyond the 'PHYSICAL' memory limit. Current usage: 6.2 GB of 6 GB physical memory used; 9.8 GB of 60 GB virtual memory used. Killing container.";
    let found = scan(hadoop3);
    assert_eq!(found[0].process, Some(Process::TaskManager));
    assert_eq!(
        found[0].message,
        Message::YarnKill {
            limit_kind: YarnLimit::Physical,
            container: Some("container_e03_1559725928417_0577_01_001065".into()),
            beyond: Some(168_853_504),
            used: Some((62u64 << 30) / 10),
            limit: Some(6 << 30)
        }
    );
    let hadoop2 = "Container [pid=1,containerID=container_1_0001_01_000001] is running beyond physical memory limits.\nCurrent usage: 1.0 GB of 1 GB physical memory used; 2.1 GB of 2.1 GB virtual memory used. Killing container.";
    let found = scan(hadoop2);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].process, Some(Process::JobManager));
    let describe =
        "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n";
    let found = scan(describe);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 2);
    assert_eq!(found[0].also_at, [3]);
    let flink = "Worker flink-taskmanager-1-3 is terminated. Diagnostics: Pod terminated, container termination statuses: [flink-main-container(exitCode=137, reason=OOMKilled, message=null)], pod status: Failed(reason=null, message=null)";
    let found = scan(flink);
    assert_eq!(found[0].process, Some(Process::TaskManager));
    assert_eq!(
        one("command terminated with exit code 137"),
        Message::Killed137 { pod: None }
    );
    assert!(scan("exit code 1370").is_empty());
}

#[test]
fn a_wrapped_configuration_failure_and_its_cause_are_one_problem() {
    let text = "Exception in thread \"main\" org.apache.flink.configuration.IllegalConfigurationException: TaskManager memory configuration failed: Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (300.000mb (314572800 bytes)).\n\tat org.apache.flink.runtime.util.bash.BashJavaUtils.main(BashJavaUtils.java:46)\nCaused by: org.apache.flink.configuration.IllegalConfigurationException: Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (300.000mb (314572800 bytes)).";
    let found = scan(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].also_at, [3]);
    assert_eq!(found[0].process, Some(Process::TaskManager));
    let Message::ConfigError { check, sizes, .. } = &found[0].message else {
        panic!()
    };
    assert_eq!(*check, Check::MetaspaceOverhead);
    assert_eq!(sizes, &[268_435_456, 201_326_592, 314_572_800]);
}

#[test]
fn several_problems_in_order_each_once() {
    let text = "java.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. ... The task executor has to be shutdown...\nfoo\njava.lang.OutOfMemoryError: Java heap space\njava.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. ... The task executor has to be shutdown...";
    let found = scan(text);
    let kinds: Vec<&str> = found.iter().map(|s| s.message.kind()).collect();
    assert_eq!(kinds, ["metaspace-oom", "heap-oom"]);
    assert_eq!(found[0].also_at, [4]);
    assert_eq!(found[0].process, Some(Process::TaskManager));
}
