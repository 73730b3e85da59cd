//! Flink's memory log trees, as rows: what `BashJavaUtils` logs at INFO before it prints its
//! two result lines (`BashJavaUtils.logTaskExecutorConfiguration` and
//! `logMasterConfiguration`).
//!
//! Facts, read with `javap -c -p` from `BashJavaUtils` in the 1.13.6 to 2.3.0 jars and checked
//! by running `GET_TM_RESOURCE_PARAMS` / `GET_JM_RESOURCE_PARAMS` with INFO logging on each:
//! - the header line and the label of every row below, with their indentation and the spaces
//!   that put every value in one column, are the same in every supported release line;
//! - each value is `MemorySize.toHumanReadableString()` (`1.688gb (1811939328 bytes)`);
//! - "Total Off-heap Memory" is managed + JVM direct memory; the `JobManager` tree has no
//!   direct-memory row, even with `jobmanager.memory.enable-jvm-direct-memory-limit: true`.

use crate::calc::{Component, JobManagerBudget, Provenance, TaskManagerBudget};
use crate::units::MemorySize;

pub const TASK_MANAGER_HEADER: &str = "Final TaskExecutor Memory configuration:";
pub const JOB_MANAGER_HEADER: &str = "Final Master Memory configuration:";

/// A leaf of the tree: a slice of the process's memory in the bar and the pie chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    /// The letter that marks it in the text bar.
    pub letter: char,
    /// Its name in a legend.
    pub name: &'static str,
}

/// One row of a log tree.
#[derive(Debug, Clone)]
pub struct TreeRow {
    /// A stable `snake_case` name (the JSON field).
    pub name: &'static str,
    /// Flink's log text before the value: indentation, label, colon, padding.
    pub prefix: &'static str,
    /// The label without indentation, unambiguous outside the tree ("Framework Heap").
    pub title: &'static str,
    pub component: Component,
    pub slice: Option<Slice>,
}

impl TreeRow {
    /// Flink's label: `Total Flink Memory`, `Framework`, ...
    pub fn label(&self) -> &'static str {
        self.prefix.trim().trim_end_matches(':')
    }

    /// The depth in the tree, 0 for the total.
    pub fn depth(&self) -> usize {
        let indent = self.prefix.len() - self.prefix.trim_start().len();
        indent.saturating_sub(2) / 2
    }

    /// Flink's log line: prefix then value.
    pub fn log_line(&self) -> String {
        format!(
            "{}{}",
            self.prefix,
            self.component.bytes.to_human_readable()
        )
    }
}

fn row(
    name: &'static str,
    prefix: &'static str,
    title: &'static str,
    component: &Component,
    slice: Option<(char, &'static str)>,
) -> TreeRow {
    TreeRow {
        name,
        prefix,
        title,
        component: component.clone(),
        slice: slice.map(|(letter, name)| Slice { letter, name }),
    }
}

/// The `TaskManager` tree, in Flink's order.
pub fn taskmanager_rows(budget: &TaskManagerBudget) -> Vec<TreeRow> {
    let off_heap = Component::new(
        budget
            .managed
            .bytes
            .checked_add(budget.jvm_direct.bytes)
            .unwrap_or(MemorySize::MAX),
        Provenance::Sum {
            of: "managed memory and JVM direct memory",
        },
    );
    vec![
        row(
            "total_process",
            "  Total Process Memory:          ",
            "Total Process Memory",
            &budget.total_process,
            None,
        ),
        row(
            "total_flink",
            "    Total Flink Memory:          ",
            "Total Flink Memory",
            &budget.total_flink,
            None,
        ),
        row(
            "jvm_heap",
            "      Total JVM Heap Memory:     ",
            "Total JVM Heap Memory",
            &budget.jvm_heap,
            None,
        ),
        row(
            "framework_heap",
            "        Framework:               ",
            "Framework Heap",
            &budget.framework_heap,
            Some(('F', "framework heap")),
        ),
        row(
            "task_heap",
            "        Task:                    ",
            "Task Heap",
            &budget.task_heap,
            Some(('T', "task heap")),
        ),
        row(
            "total_off_heap",
            "      Total Off-heap Memory:     ",
            "Total Off-heap Memory",
            &off_heap,
            None,
        ),
        row(
            "managed",
            "        Managed:                 ",
            "Managed Memory",
            &budget.managed,
            Some(('M', "managed")),
        ),
        row(
            "jvm_direct",
            "        Total JVM Direct Memory: ",
            "Total JVM Direct Memory",
            &budget.jvm_direct,
            None,
        ),
        row(
            "framework_off_heap",
            "          Framework:             ",
            "Framework Off-heap",
            &budget.framework_off_heap,
            Some(('f', "framework off-heap")),
        ),
        row(
            "task_off_heap",
            "          Task:                  ",
            "Task Off-heap",
            &budget.task_off_heap,
            Some(('t', "task off-heap")),
        ),
        row(
            "network",
            "          Network:               ",
            "Network Memory",
            &budget.network,
            Some(('N', "network")),
        ),
        row(
            "jvm_metaspace",
            "    JVM Metaspace:               ",
            "JVM Metaspace",
            &budget.jvm_metaspace,
            Some(('S', "metaspace")),
        ),
        row(
            "jvm_overhead",
            "    JVM Overhead:                ",
            "JVM Overhead",
            &budget.jvm_overhead,
            Some(('O', "overhead")),
        ),
    ]
}

/// The `JobManager` tree, in Flink's order.
pub fn jobmanager_rows(budget: &JobManagerBudget) -> Vec<TreeRow> {
    vec![
        row(
            "total_process",
            "  Total Process Memory: ",
            "Total Process Memory",
            &budget.total_process,
            None,
        ),
        row(
            "total_flink",
            "    Total Flink Memory: ",
            "Total Flink Memory",
            &budget.total_flink,
            None,
        ),
        row(
            "jvm_heap",
            "      JVM Heap:         ",
            "JVM Heap",
            &budget.jvm_heap,
            Some(('H', "heap")),
        ),
        row(
            "off_heap",
            "      Off-heap:         ",
            "Off-heap Memory",
            &budget.off_heap,
            Some(('o', "off-heap")),
        ),
        row(
            "jvm_metaspace",
            "    JVM Metaspace:      ",
            "JVM Metaspace",
            &budget.jvm_metaspace,
            Some(('S', "metaspace")),
        ),
        row(
            "jvm_overhead",
            "    JVM Overhead:       ",
            "JVM Overhead",
            &budget.jvm_overhead,
            Some(('O', "overhead")),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_depths_follow_the_prefixes() {
        let component = Component::new(MemorySize::ZERO, Provenance::Sum { of: "nothing" });
        let r = row(
            "network",
            "          Network:               ",
            "Network Memory",
            &component,
            None,
        );
        assert_eq!((r.label(), r.depth()), ("Network", 4));
        assert_eq!(r.log_line(), "          Network:               0 bytes");
    }
}
