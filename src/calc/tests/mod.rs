//! Tests of the memory derivation: the spec's worked examples ([`examples`], [`failures`])
//! and properties of every successful budget ([`properties`]). The golden comparison with
//! Flink itself is the integration test `tests/golden_memory.rs`.

mod examples;
mod failures;
mod properties;

use super::*;
use crate::config::{ConfigFile, Dialect, SourceFile};
use crate::version::FlinkVersion;

pub(super) const E1_JVM: &str =
    "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456";
pub(super) const E1_DYN: &str = "-D taskmanager.memory.network.min=134217730b -D taskmanager.cpu.cores=1.0 -D taskmanager.memory.task.off-heap.size=0b -D taskmanager.memory.jvm-metaspace.size=268435456b -D external-resources=none -D taskmanager.memory.jvm-overhead.min=201326592b -D taskmanager.memory.framework.off-heap.size=134217728b -D taskmanager.memory.network.max=134217730b -D taskmanager.memory.framework.heap.size=134217728b -D taskmanager.memory.managed.size=536870920b -D taskmanager.memory.task.heap.size=402653174b -D taskmanager.numberOfTaskSlots=1 -D taskmanager.memory.jvm-overhead.max=201326592b";
pub(super) const E2_JVM: &str = "-Xmx1073741824 -Xms1073741824 -XX:MaxMetaspaceSize=268435456";
pub(super) const E2_DYN: &str = "-D jobmanager.memory.off-heap.size=134217728b -D jobmanager.memory.jvm-overhead.min=201326592b -D jobmanager.memory.jvm-metaspace.size=268435456b -D jobmanager.memory.heap.size=1073741824b -D jobmanager.memory.jvm-overhead.max=201326592b";

/// The configuration of `text` as the file Flink reads in `version` (legacy up to 1.20).
pub(super) fn config(text: &str, version: FlinkVersion) -> Config {
    let (name, dialect) = if version.is_2x() {
        ("config.yaml", Dialect::Standard)
    } else {
        ("flink-conf.yaml", Dialect::Legacy)
    };
    let file = ConfigFile::parse(SourceFile::new(name, text.to_owned()), dialect);
    Config::new(version, Some(file), &[])
}

pub(super) fn tm(text: &str, version: FlinkVersion) -> TaskManagerBudget {
    taskmanager(&config(text, version)).unwrap_or_else(|e| panic!("{version}: {e}"))
}

pub(super) fn tm_err(text: &str, version: FlinkVersion) -> CalcError {
    taskmanager(&config(text, version)).expect_err("Flink fails here")
}

pub(super) fn jm(text: &str, version: FlinkVersion) -> JobManagerBudget {
    jobmanager(&config(text, version)).unwrap_or_else(|e| panic!("{version}: {e}"))
}

pub(super) fn jm_err(text: &str, version: FlinkVersion) -> CalcError {
    jobmanager(&config(text, version)).expect_err("Flink fails here")
}

pub(super) fn b(c: &Component) -> u64 {
    c.bytes.bytes()
}
