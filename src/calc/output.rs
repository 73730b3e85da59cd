//! The two lines `BashJavaUtils` prints per process: JVM flags and dynamic configs.
//!
//! Mirrors `ProcessMemoryUtils.generateJvmParametersStr`,
//! `TaskExecutorProcessUtils.generateDynamicConfigsStr`,
//! `JobManagerProcessUtils.generateDynamicConfigsStr` and
//! `ConfigurationUtils.assembleDynamicConfigsStr` (a `HashMap` serialised in its iteration
//! order as `-D key=value`, joined by single spaces; every supported version, 1.13 to 2.3,
//! writes the 13-key `TaskManager` form; 1.15+ quote the external resource list).

use super::budget::{JobManagerBudget, TaskManagerBudget};
use crate::java;
use crate::version::FlinkVersion;

/// `-D k=v` pairs of a `HashMap` filled in `entries` order, in its iteration order.
fn assemble(entries: &[(String, String)]) -> String {
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    java::hash_map_iteration_order(&keys)
        .into_iter()
        .map(|i| format!("-D {}={}", entries[i].0, entries[i].1))
        .collect::<Vec<_>>()
        .join(" ")
}

fn bytes(size: crate::MemorySize) -> String {
    size.to_bytes_string()
}

impl TaskManagerBudget {
    /// `-Xmx<heap> -Xms<heap> -XX:MaxDirectMemorySize=<direct> -XX:MaxMetaspaceSize=<metaspace>`.
    pub fn jvm_params(&self) -> String {
        let heap = self.jvm_heap.bytes.bytes();
        format!(
            "-Xmx{heap} -Xms{heap} -XX:MaxDirectMemorySize={} -XX:MaxMetaspaceSize={}",
            self.jvm_direct.bytes.bytes(),
            self.jvm_metaspace.bytes.bytes()
        )
    }

    /// The `-D` string the start scripts hand to the `TaskManager`.
    pub fn dynamic_configs(&self) -> String {
        let network = bytes(self.network.bytes);
        let overhead = bytes(self.jvm_overhead.bytes);
        let mut entries: Vec<(String, String)> = [
            (
                "taskmanager.cpu.cores",
                java::double_to_string(self.cpu_cores.value),
            ),
            (
                "taskmanager.memory.framework.heap.size",
                bytes(self.framework_heap.bytes),
            ),
            (
                "taskmanager.memory.framework.off-heap.size",
                bytes(self.framework_off_heap.bytes),
            ),
            (
                "taskmanager.memory.task.heap.size",
                bytes(self.task_heap.bytes),
            ),
            (
                "taskmanager.memory.task.off-heap.size",
                bytes(self.task_off_heap.bytes),
            ),
            ("taskmanager.memory.network.min", network.clone()),
            ("taskmanager.memory.network.max", network),
            ("taskmanager.memory.managed.size", bytes(self.managed.bytes)),
            (
                "taskmanager.memory.jvm-metaspace.size",
                bytes(self.jvm_metaspace.bytes),
            ),
            ("taskmanager.memory.jvm-overhead.min", overhead.clone()),
            ("taskmanager.memory.jvm-overhead.max", overhead),
            ("taskmanager.numberOfTaskSlots", self.slots.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        if self.external_resources.is_empty() {
            entries.push(("external-resources".to_owned(), "none".to_owned()));
        } else {
            let names: Vec<&str> = self
                .external_resources
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            // 1.15 started quoting the list (the value is itself a `;`-separated list).
            let list = names.join(";");
            let list = if self.version >= FlinkVersion::V1_15 {
                format!("\"{list}\"")
            } else {
                list
            };
            entries.push(("external-resources".to_owned(), list));
            for resource in &self.external_resources {
                entries.push((
                    format!("external-resource.{}.amount", resource.name),
                    resource.amount.to_string(),
                ));
            }
        }
        assemble(&entries)
    }
}

impl JobManagerBudget {
    /// `-Xmx<heap> -Xms<heap>[ -XX:MaxDirectMemorySize=<off-heap>] -XX:MaxMetaspaceSize=<m>`.
    pub fn jvm_params(&self) -> String {
        let heap = self.jvm_heap.bytes.bytes();
        let direct = self
            .jvm_direct
            .as_ref()
            .map(|d| format!(" -XX:MaxDirectMemorySize={}", d.bytes.bytes()))
            .unwrap_or_default();
        format!(
            "-Xmx{heap} -Xms{heap}{direct} -XX:MaxMetaspaceSize={}",
            self.jvm_metaspace.bytes.bytes()
        )
    }

    /// The `-D` string the start scripts hand to the `JobManager`.
    pub fn dynamic_configs(&self) -> String {
        let overhead = bytes(self.jvm_overhead.bytes);
        let entries: Vec<(String, String)> = [
            ("jobmanager.memory.heap.size", bytes(self.jvm_heap.bytes)),
            (
                "jobmanager.memory.off-heap.size",
                bytes(self.off_heap.bytes),
            ),
            (
                "jobmanager.memory.jvm-metaspace.size",
                bytes(self.jvm_metaspace.bytes),
            ),
            ("jobmanager.memory.jvm-overhead.min", overhead.clone()),
            ("jobmanager.memory.jvm-overhead.max", overhead),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        assemble(&entries)
    }
}
