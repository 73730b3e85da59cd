//! One view of the `TaskManager` and `JobManager` budgets for the diagnoses: how to derive each,
//! its keys, the components a fix reports, and the process-size search that keeps its total
//! Flink memory, so each explanation and fix is written once for both processes.

use super::Finding;
use super::fix::{Change, Effect, Fix, Unit, fit_fix, jm_process_fix};
use crate::calc::{
    self, CalcError, Component, DerivationPath, JobManagerBudget, Process, ProcessOptions,
    TaskManagerBudget,
};
use crate::config::Config;
use crate::sizing::Calculation;
use crate::sizing::fit::Target;

/// A reported component: its name, what it counts, and how to read it from a budget.
pub type Row<B> = (&'static str, Unit, fn(&B) -> Option<u64>);

/// What the diagnoses need of a process's budget.
pub trait Budget: PartialEq + Sized + 'static {
    const PROCESS: Process;
    /// The process's memory options, as the calculation reads them.
    const OPTIONS: ProcessOptions;
    /// The native Kubernetes container limit factor of the process.
    const LIMIT_FACTOR: &'static str;
    /// The components a fix reports, in display order.
    const ROWS: &'static [Row<Self>];
    /// Fact names: the configured metaspace and total process size.
    const METASPACE_FACT: &'static str;
    const PROCESS_SIZE_FACT: &'static str;

    /// Flink's derivation of this process (`crate::calc`).
    fn derive(config: &Config) -> Result<Self, CalcError>;

    fn total_process(&self) -> &Component;
    fn total_flink(&self) -> &Component;
    fn jvm_heap(&self) -> &Component;
    fn jvm_metaspace(&self) -> &Component;
    fn jvm_overhead(&self) -> &Component;

    /// The smallest process size (whole MiB, not below the current one) at which `config` plus
    /// `extra` keeps this budget's total Flink memory, when the process size is what sizes it.
    fn keeping_total_flink(&self, config: &Config, extra: Vec<Change>) -> Option<Fix>;
}

impl Budget for TaskManagerBudget {
    const PROCESS: Process = Process::TaskManager;
    const OPTIONS: ProcessOptions = calc::TASK_MANAGER_OPTIONS;
    const LIMIT_FACTOR: &'static str = "kubernetes.taskmanager.memory.limit-factor";
    const ROWS: &'static [Row<Self>] = &[
        ("total process memory", Unit::Bytes, |b| {
            Some(b.total_process.bytes.bytes())
        }),
        ("total Flink memory", Unit::Bytes, |b| {
            Some(b.total_flink.bytes.bytes())
        }),
        ("framework heap", Unit::Bytes, |b| {
            Some(b.framework_heap.bytes.bytes())
        }),
        ("task heap", Unit::Bytes, |b| {
            Some(b.task_heap.bytes.bytes())
        }),
        ("framework off-heap", Unit::Bytes, |b| {
            Some(b.framework_off_heap.bytes.bytes())
        }),
        ("task off-heap", Unit::Bytes, |b| {
            Some(b.task_off_heap.bytes.bytes())
        }),
        ("managed memory", Unit::Bytes, |b| {
            Some(b.managed.bytes.bytes())
        }),
        ("network memory", Unit::Bytes, |b| {
            Some(b.network.bytes.bytes())
        }),
        ("network buffers", Unit::Buffers, |b| {
            b.segments.as_ref().map(|s| s.network_buffers)
        }),
        ("JVM metaspace", Unit::Bytes, |b| {
            Some(b.jvm_metaspace.bytes.bytes())
        }),
        ("JVM overhead", Unit::Bytes, |b| {
            Some(b.jvm_overhead.bytes.bytes())
        }),
        ("JVM heap (-Xmx)", Unit::Bytes, |b| {
            Some(b.jvm_heap.bytes.bytes())
        }),
        (
            "JVM direct limit (-XX:MaxDirectMemorySize)",
            Unit::Bytes,
            |b| Some(b.jvm_direct.bytes.bytes()),
        ),
    ];
    const METASPACE_FACT: &'static str = "taskmanager_metaspace";
    const PROCESS_SIZE_FACT: &'static str = "config_process_size";

    fn derive(config: &Config) -> Result<Self, CalcError> {
        calc::taskmanager(config)
    }
    fn total_process(&self) -> &Component {
        &self.total_process
    }
    fn total_flink(&self) -> &Component {
        &self.total_flink
    }
    fn jvm_heap(&self) -> &Component {
        &self.jvm_heap
    }
    fn jvm_metaspace(&self) -> &Component {
        &self.jvm_metaspace
    }
    fn jvm_overhead(&self) -> &Component {
        &self.jvm_overhead
    }

    fn keeping_total_flink(&self, config: &Config, extra: Vec<Change>) -> Option<Fix> {
        // Fine-grained: task heap and managed memory are set, so no process size sizes it.
        if self.path == DerivationPath::FineGrained {
            return None;
        }
        fit_fix(
            config,
            Some(self),
            extra,
            &[Target::TotalFlink(self.total_flink.bytes)],
        )
        .ok()
    }
}

impl Budget for JobManagerBudget {
    const PROCESS: Process = Process::JobManager;
    const OPTIONS: ProcessOptions = calc::JOB_MANAGER_OPTIONS;
    const LIMIT_FACTOR: &'static str = "kubernetes.jobmanager.memory.limit-factor";
    const ROWS: &'static [Row<Self>] = &[
        ("total process memory", Unit::Bytes, |b| {
            Some(b.total_process.bytes.bytes())
        }),
        ("total Flink memory", Unit::Bytes, |b| {
            Some(b.total_flink.bytes.bytes())
        }),
        ("JVM heap (-Xmx)", Unit::Bytes, |b| {
            Some(b.jvm_heap.bytes.bytes())
        }),
        ("off-heap memory", Unit::Bytes, |b| {
            Some(b.off_heap.bytes.bytes())
        }),
        ("JVM metaspace", Unit::Bytes, |b| {
            Some(b.jvm_metaspace.bytes.bytes())
        }),
        ("JVM overhead", Unit::Bytes, |b| {
            Some(b.jvm_overhead.bytes.bytes())
        }),
        (
            "JVM direct limit (-XX:MaxDirectMemorySize)",
            Unit::Bytes,
            |b| b.jvm_direct.as_ref().map(|c| c.bytes.bytes()),
        ),
    ];
    const METASPACE_FACT: &'static str = "jobmanager_metaspace";
    const PROCESS_SIZE_FACT: &'static str = "config_jobmanager_process_size";

    fn derive(config: &Config) -> Result<Self, CalcError> {
        calc::jobmanager(config)
    }
    fn total_process(&self) -> &Component {
        &self.total_process
    }
    fn total_flink(&self) -> &Component {
        &self.total_flink
    }
    fn jvm_heap(&self) -> &Component {
        &self.jvm_heap
    }
    fn jvm_metaspace(&self) -> &Component {
        &self.jvm_metaspace
    }
    fn jvm_overhead(&self) -> &Component {
        &self.jvm_overhead
    }

    fn keeping_total_flink(&self, config: &Config, extra: Vec<Change>) -> Option<Fix> {
        let flink = self.total_flink.bytes;
        jm_process_fix(config, self, &extra, |b| b.total_flink.bytes >= flink)
    }
}

/// What differs between two budgets of one process (everything, without a before).
pub fn effects<B: Budget>(before: Option<&B>, after: &B) -> Vec<Effect> {
    B::ROWS
        .iter()
        .filter_map(|(name, unit, get)| {
            let was = before.and_then(get);
            let now = get(after);
            (before.is_none() || was != now).then_some(Effect {
                name,
                unit: *unit,
                before: was,
                after: now,
            })
        })
        .collect()
}

/// Explains a finding for each process it concerns (`super::processes`): `taskmanager` or
/// `jobmanager` with the budget Flink derives, or Flink's rejection of it (`why` continues
/// that sentence, e.g. ", so there is no limit to compare").
pub fn explain_each(
    finding: &mut Finding,
    calculation: &Calculation,
    default: Option<Process>,
    why: &str,
    mut taskmanager: impl FnMut(&mut Finding, &TaskManagerBudget),
    mut jobmanager: impl FnMut(&mut Finding, &JobManagerBudget),
) {
    for process in super::processes(finding, default) {
        let rejection = match process {
            Process::TaskManager => match &calculation.taskmanager {
                Ok(before) => {
                    taskmanager(finding, before);
                    continue;
                }
                Err(r) => r,
            },
            Process::JobManager => match &calculation.jobmanager {
                Ok(before) => {
                    jobmanager(finding, before);
                    continue;
                }
                Err(r) => r,
            },
        };
        finding.explanation.push(format!(
            "This configuration's {process} is rejected by Flink ({}){why}; `flinkmem calc` explains the rejection.",
            rejection.error.message()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::shipped::shipped_default;
    use crate::version::FlinkVersion;

    fn shipped() -> Config {
        let version = FlinkVersion::V1_20;
        Config::new(version, Some(shipped_default(version)), &[])
    }

    #[test]
    fn effects_list_every_row_without_a_before_and_only_changes_with_one() {
        let config = shipped();
        let tm = TaskManagerBudget::derive(&config).expect("shipped TaskManager");
        let jm = JobManagerBudget::derive(&config).expect("shipped JobManager");
        assert_eq!(effects(None, &tm).len(), TaskManagerBudget::ROWS.len());
        // The shipped JobManager has no direct limit: the row is listed, with no value.
        let all = effects(None, &jm);
        assert_eq!(all.len(), JobManagerBudget::ROWS.len());
        assert!(
            all.iter()
                .any(|e| e.name.starts_with("JVM direct") && e.after.is_none())
        );
        assert!(effects(Some(&tm), &tm).is_empty());
        assert!(effects(Some(&jm), &jm).is_empty());
    }

    #[test]
    fn each_process_names_its_own_keys() {
        for (keys, limit_factor) in [
            (&TaskManagerBudget::OPTIONS, TaskManagerBudget::LIMIT_FACTOR),
            (&JobManagerBudget::OPTIONS, JobManagerBudget::LIMIT_FACTOR),
        ] {
            let prefix = keys.total_process.split('.').next().unwrap_or_default();
            for key in [keys.metaspace, keys.overhead_min, keys.overhead_max] {
                assert!(key.starts_with(prefix), "{key} belongs to {prefix}");
            }
            assert!(limit_factor.contains(prefix));
        }
    }
}
