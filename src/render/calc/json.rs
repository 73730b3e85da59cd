//! The *json* form of `flinkmem calc` (a stable contract) and its JSON schema
//! (`flinkmem schema calc`).
//!
//! Sizes are integers in bytes. `jvm_params` and `dynamic_configs` are the exact lines
//! `BashJavaUtils` prints for the version, without its `BASH_JAVA_UTILS_EXEC_RESULT:` prefix.
//! A process Flink would not start is `{"error": {...}}` instead of its numbers.

use schemars::JsonSchema;
use serde::Serialize;

use super::explanation::{explain, flink_message};
use super::notes::{budget_notes, buffers_per_slot};
use super::provenance::{Context, describe};
use super::tree::{TreeRow, jobmanager_rows, taskmanager_rows};
use crate::calc::{JobManagerBudget, Provenance, TaskManagerBudget};
use crate::config::Origin;
use crate::sizing::{Calculation, Rejection, Remedy, Source};

/// The machine-readable result of `flinkmem calc --format json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "flinkmem calc report")]
pub struct JsonCalcReport {
    /// The Flink release line emulated, e.g. `1.20`.
    pub flink_version: String,
    /// The configuration file read; null when Flink's shipped default was used.
    pub file: Option<String>,
    /// True when no file was given and Flink's shipped default configuration was used.
    pub shipped_default: bool,
    /// The Kubernetes document the configuration came from, when `file` is a manifest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<crate::kubernetes::Label>,
    /// How the file was read, when that matters (files Flink ignores, dialect mismatch).
    pub notes: Vec<String>,
    pub taskmanager: JsonTaskManagerResult,
    pub jobmanager: JsonJobManagerResult,
}

/// The `TaskManager` budget, or Flink's rejection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum JsonTaskManagerResult {
    Budget(Box<JsonTaskManager>),
    Rejected(JsonRejected),
}

/// The `JobManager` budget, or Flink's rejection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum JsonJobManagerResult {
    Budget(Box<JsonJobManager>),
    Rejected(JsonRejected),
}

/// A process Flink would refuse to start.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JsonRejected {
    pub error: JsonError,
}

/// Flink's failure and what to change.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonError {
    /// Flink's exact exception message for this version, prefix included.
    pub message: String,
    /// The messages of its causes, outermost first.
    pub causes: Vec<String>,
    /// Every operand with its provenance, and the fixes, as text lines joined by newlines.
    pub explanation: String,
    /// Changes that each make Flink accept the configuration (checked with the calculation).
    pub remedies: Vec<JsonRemedy>,
}

/// One checked change.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonRemedy {
    /// `set` or `remove`.
    pub action: String,
    pub key: String,
    /// The value to set (null for `remove`).
    pub value: Option<String>,
    /// True when the value is the smallest whole MiB Flink accepts.
    pub smallest: bool,
}

/// Where a component's number came from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonProvenance {
    /// `configured`, `default`, `fraction`, `clamped-to-min`, `clamped-to-max`, `remainder`,
    /// `sum` or `legacy`.
    pub kind: String,
    /// The option involved (the main key), if any.
    pub key: Option<String>,
    /// The deprecated or fallback key the value was written under, if not `key`.
    pub via: Option<String>,
    /// The file the value was written in (null for the shipped default or the command line).
    pub file: Option<String>,
    /// 1-based line of the value in `file`.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the value in `file`.
    pub column: Option<usize>,
    /// The command-line argument that set it, e.g. `--set #1`.
    pub argument: Option<String>,
    /// The manifest field the Kubernetes operator took it from, e.g.
    /// `spec.taskManager.resource.memory` (`file`, `line` and `column` point at it).
    pub manifest_field: Option<String>,
    /// Why the Kubernetes operator set it without the manifest saying so (its default
    /// configuration, a setting it always makes).
    pub operator: Option<String>,
    /// The multiplier Flink applied, as Java prints it (`0.4000000059604645`).
    pub fraction: Option<String>,
    /// What the fraction was applied to, or what a remainder or sum is of.
    pub of: Option<String>,
    /// For a clamped value: what the fraction gave before clamping, in bytes.
    pub derived: Option<u64>,
    /// The provenance in words, as the text output prints it.
    pub description: String,
}

/// One row of Flink's log tree.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonComponent {
    /// A stable name: `total_process`, `task_heap`, ...
    pub name: String,
    /// Flink's label in its log tree (`Framework` appears twice: heap and off-heap).
    pub label: String,
    /// The depth in Flink's tree, 0 for total process memory.
    pub depth: usize,
    pub bytes: u64,
    /// `MemorySize.toHumanReadableString()`: `1.688gb (1811939328 bytes)`.
    pub human: String,
    pub provenance: JsonProvenance,
}

/// A `TaskManager` budget.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonTaskManager {
    /// Total process memory (the container size on YARN and Kubernetes).
    pub total_process: u64,
    /// Total Flink memory: process memory without JVM metaspace and overhead.
    pub total_flink: u64,
    pub framework_heap: u64,
    pub task_heap: u64,
    pub framework_off_heap: u64,
    pub task_off_heap: u64,
    /// Managed memory (`taskmanager.memory.managed.size` in the dynamic configs).
    pub managed: u64,
    /// Network memory (`taskmanager.memory.network.min` = `.max` in the dynamic configs).
    pub network: u64,
    pub jvm_metaspace: u64,
    pub jvm_overhead: u64,
    /// `-Xmx`: framework heap + task heap.
    pub jvm_heap: u64,
    /// `-XX:MaxDirectMemorySize`: framework off-heap + task off-heap + network.
    pub jvm_direct: u64,
    /// `taskmanager.memory.segment-size`; null when the `TaskManager` would refuse it.
    pub segment_size: Option<u64>,
    /// Network memory / segment size; null when the segment size is unusable.
    pub network_buffers: Option<u64>,
    /// Network buffers / slots; null without buffers or without a positive slot count.
    pub network_buffers_per_slot: Option<u64>,
    pub slots: i32,
    /// The CPU cores written into the dynamic configs.
    pub cpu_cores: f64,
    /// `BashJavaUtils` line 1: `-Xmx… -Xms… -XX:MaxDirectMemorySize=… -XX:MaxMetaspaceSize=…`.
    pub jvm_params: String,
    /// `BashJavaUtils` line 2: the `-D key=value` pairs in Flink's order.
    pub dynamic_configs: String,
    /// Flink's log tree, in its order, with provenance.
    pub components: Vec<JsonComponent>,
    /// Why the `TaskManager` would refuse to start although the budget derives (segment size).
    pub startup_problem: Option<String>,
    /// What Flink logs while deriving (legacy keys, ignored fractions), in words.
    pub notes: Vec<String>,
}

/// A `JobManager` budget.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JsonJobManager {
    /// Total process memory (the container size on YARN and Kubernetes).
    pub total_process: u64,
    /// Total Flink memory: JVM heap + off-heap.
    pub total_flink: u64,
    /// `-Xmx`.
    pub jvm_heap: u64,
    pub off_heap: u64,
    pub jvm_metaspace: u64,
    pub jvm_overhead: u64,
    /// `-XX:MaxDirectMemorySize`; null when the direct memory limit is off.
    pub jvm_direct: Option<u64>,
    /// `BashJavaUtils` line 1.
    pub jvm_params: String,
    /// `BashJavaUtils` line 2; null where the version prints none (never from 1.13 on).
    pub dynamic_configs: Option<String>,
    /// Flink's log tree, in its order, with provenance.
    pub components: Vec<JsonComponent>,
    pub notes: Vec<String>,
}

/// Builds the report.
pub fn report(calculation: &Calculation) -> JsonCalcReport {
    let context = Context::of(calculation);
    JsonCalcReport {
        flink_version: calculation.config.version().to_string(),
        file: match &calculation.source {
            Source::File(path) => Some(path.display().to_string()),
            Source::Shipped => None,
        },
        shipped_default: calculation.source == Source::Shipped,
        document: calculation
            .config
            .file()
            .and_then(|f| f.manifest.as_deref())
            .map(|m| m.label.clone()),
        notes: calculation.notes.clone(),
        taskmanager: match &calculation.taskmanager {
            Ok(budget) => JsonTaskManagerResult::Budget(Box::new(taskmanager(budget, &context))),
            Err(rejection) => JsonTaskManagerResult::Rejected(rejected(rejection, &context)),
        },
        jobmanager: match &calculation.jobmanager {
            Ok(budget) => JsonJobManagerResult::Budget(Box::new(jobmanager(budget, &context))),
            Err(rejection) => JsonJobManagerResult::Rejected(rejected(rejection, &context)),
        },
    }
}

/// The JSON schema of [`JsonCalcReport`].
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(JsonCalcReport)).unwrap_or_default()
}

pub(crate) fn rejected(rejection: &Rejection, context: &Context<'_>) -> JsonRejected {
    let mut message = flink_message(&rejection.error).into_iter();
    JsonRejected {
        error: JsonError {
            message: message.next().unwrap_or_default(),
            causes: message
                .map(|m| m.trim_start_matches("caused by: ").to_owned())
                .collect(),
            explanation: explain(rejection, context).join("\n"),
            remedies: rejection.remedies.iter().map(remedy).collect(),
        },
    }
}

fn remedy(remedy: &Remedy) -> JsonRemedy {
    match remedy {
        Remedy::Set {
            key,
            value,
            smallest,
        } => JsonRemedy {
            action: "set".to_owned(),
            key: key.clone(),
            value: Some(value.clone()),
            smallest: *smallest,
        },
        Remedy::Remove { key } => JsonRemedy {
            action: "remove".to_owned(),
            key: key.clone(),
            value: None,
            smallest: false,
        },
    }
}

pub(crate) fn provenance(provenance: &Provenance, context: &Context<'_>) -> JsonProvenance {
    let mut json = JsonProvenance {
        kind: String::new(),
        key: None,
        via: None,
        file: None,
        line: None,
        column: None,
        argument: None,
        manifest_field: None,
        operator: None,
        fraction: None,
        of: None,
        derived: None,
        description: describe(provenance, context),
    };
    let place = |json: &mut JsonProvenance, origin: &Origin, span| match origin {
        Origin::CommandLine { index } => json.argument = Some(context.override_label(*index)),
        Origin::File => {
            if let Some((file, line, column)) = context.file_location(span) {
                json.file = Some(file);
                json.line = Some(line);
                json.column = Some(column);
            }
        }
        Origin::Manifest { field } => {
            json.manifest_field = Some(field.clone());
            if let Some((file, line, column)) = context.file_location(span) {
                json.file = Some(file);
                json.line = Some(line);
                json.column = Some(column);
            }
        }
        Origin::Operator { why } => json.operator = Some(why.clone()),
    };
    let (kind, key) = match provenance {
        Provenance::Configured {
            key,
            via,
            origin,
            span,
        } => {
            place(&mut json, origin, *span);
            json.via.clone_from(via);
            ("configured", Some(key))
        }
        Provenance::Default { key } => ("default", Some(key)),
        Provenance::Fraction { key, fraction, of } => {
            json.fraction = Some(fraction.clone());
            json.of = Some((*of).to_owned());
            ("fraction", Some(key))
        }
        Provenance::ClampedToMin { key, derived } => {
            json.derived = Some(derived.bytes());
            ("clamped-to-min", Some(key))
        }
        Provenance::ClampedToMax { key, derived } => {
            json.derived = Some(derived.bytes());
            ("clamped-to-max", Some(key))
        }
        Provenance::Remainder { of } => {
            json.of = Some((*of).to_owned());
            ("remainder", None)
        }
        Provenance::Sum { of } => {
            json.of = Some((*of).to_owned());
            ("sum", None)
        }
        Provenance::Legacy { key, origin, span } => {
            place(&mut json, origin, *span);
            ("legacy", Some(key))
        }
    };
    kind.clone_into(&mut json.kind);
    json.key = key.cloned();
    json
}

pub(crate) fn components(rows: &[TreeRow], context: &Context<'_>) -> Vec<JsonComponent> {
    rows.iter()
        .map(|row| JsonComponent {
            name: row.name.to_owned(),
            label: row.label().to_owned(),
            depth: row.depth(),
            bytes: row.component.bytes.bytes(),
            human: row.component.bytes.to_human_readable(),
            provenance: provenance(&row.component.provenance, context),
        })
        .collect()
}

pub(crate) fn taskmanager(budget: &TaskManagerBudget, context: &Context<'_>) -> JsonTaskManager {
    JsonTaskManager {
        total_process: budget.total_process.bytes.bytes(),
        total_flink: budget.total_flink.bytes.bytes(),
        framework_heap: budget.framework_heap.bytes.bytes(),
        task_heap: budget.task_heap.bytes.bytes(),
        framework_off_heap: budget.framework_off_heap.bytes.bytes(),
        task_off_heap: budget.task_off_heap.bytes.bytes(),
        managed: budget.managed.bytes.bytes(),
        network: budget.network.bytes.bytes(),
        jvm_metaspace: budget.jvm_metaspace.bytes.bytes(),
        jvm_overhead: budget.jvm_overhead.bytes.bytes(),
        jvm_heap: budget.jvm_heap.bytes.bytes(),
        jvm_direct: budget.jvm_direct.bytes.bytes(),
        segment_size: budget
            .segments
            .as_ref()
            .map(|s| s.segment_size.bytes.bytes()),
        network_buffers: budget.segments.as_ref().map(|s| s.network_buffers),
        network_buffers_per_slot: buffers_per_slot(budget),
        slots: budget.slots,
        cpu_cores: budget.cpu_cores.value,
        jvm_params: budget.jvm_params(),
        dynamic_configs: budget.dynamic_configs(),
        components: components(&taskmanager_rows(budget), context),
        startup_problem: budget
            .segment_problem
            .as_ref()
            .map(|p| flink_message(p).join("; ")),
        notes: budget_notes(&budget.notes),
    }
}

pub(crate) fn jobmanager(budget: &JobManagerBudget, context: &Context<'_>) -> JsonJobManager {
    JsonJobManager {
        total_process: budget.total_process.bytes.bytes(),
        total_flink: budget.total_flink.bytes.bytes(),
        jvm_heap: budget.jvm_heap.bytes.bytes(),
        off_heap: budget.off_heap.bytes.bytes(),
        jvm_metaspace: budget.jvm_metaspace.bytes.bytes(),
        jvm_overhead: budget.jvm_overhead.bytes.bytes(),
        jvm_direct: budget.jvm_direct.as_ref().map(|d| d.bytes.bytes()),
        jvm_params: budget.jvm_params(),
        dynamic_configs: Some(budget.dynamic_configs()),
        components: components(&jobmanager_rows(budget), context),
        notes: budget_notes(&budget.notes),
    }
}
