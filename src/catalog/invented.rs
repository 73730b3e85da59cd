//! Keys that no Flink release ever read, but that advice online keeps recommending, each with
//! what to write instead. Checked against the full catalog by a test: none of them is an
//! option, alternative or pattern in any supported version.

/// A key people write that Flink silently ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InventedKey {
    pub key: &'static str,
    /// Why it does nothing, and what it was probably meant to do.
    pub explanation: &'static str,
    /// Real keys to use instead; the caller keeps those that exist in the target version.
    pub instead: &'static [&'static str],
}

const INVENTED: &[InventedKey] = &[
    InventedKey {
        key: "taskmanager.memory.network.size",
        explanation: "Flink has no single network size option; pin the network memory by setting its min and max to the same size",
        instead: &[
            "taskmanager.memory.network.min",
            "taskmanager.memory.network.max",
        ],
    },
    InventedKey {
        key: "taskmanager.memory.heap.size",
        explanation: "the TaskManager heap is framework heap plus task heap; size the task heap",
        instead: &["taskmanager.memory.task.heap.size"],
    },
    InventedKey {
        key: "taskmanager.memory.off-heap.size",
        explanation: "TaskManager off-heap memory is split into task and framework off-heap",
        instead: &["taskmanager.memory.task.off-heap.size"],
    },
    InventedKey {
        key: "jobmanager.memory.managed.size",
        explanation: "the JobManager has no managed memory",
        instead: &["jobmanager.memory.off-heap.size"],
    },
    InventedKey {
        key: "jobmanager.memory.managed.fraction",
        explanation: "the JobManager has no managed memory",
        instead: &["jobmanager.memory.off-heap.size"],
    },
    InventedKey {
        key: "jobmanager.memory.network.min",
        explanation: "the JobManager has no network buffer memory; network memory is a TaskManager setting",
        instead: &["taskmanager.memory.network.min"],
    },
    InventedKey {
        key: "jobmanager.memory.network.max",
        explanation: "the JobManager has no network buffer memory; network memory is a TaskManager setting",
        instead: &["taskmanager.memory.network.max"],
    },
    InventedKey {
        key: "jobmanager.memory.network.fraction",
        explanation: "the JobManager has no network buffer memory; network memory is a TaskManager setting",
        instead: &["taskmanager.memory.network.fraction"],
    },
    InventedKey {
        key: "taskmanager.network.credit-based.out-buffer-num",
        explanation: "no Flink version has this option; buffers per outgoing channel and floating buffers per input gate are the real knobs (fixed at 2 and 8 from Flink 2.0)",
        instead: &[
            "taskmanager.network.memory.buffers-per-channel",
            "taskmanager.network.memory.floating-buffers-per-gate",
        ],
    },
    InventedKey {
        key: "pipeline.default-serializer",
        explanation: "no Flink version has this option; serializers are chosen per type",
        instead: &[
            "pipeline.serialization-config",
            "pipeline.default-kryo-serializers",
            "pipeline.force-kryo",
            "pipeline.force-avro",
            "pipeline.generic-types",
        ],
    },
    InventedKey {
        key: "pipeline.kryo.registration-required",
        explanation: "no Flink version has this option; Kryo types are registered, not required",
        instead: &[
            "pipeline.serialization-config",
            "pipeline.registered-kryo-types",
        ],
    },
    InventedKey {
        key: "pipeline.kryo.classes-to-register",
        explanation: "no Flink version has this option",
        instead: &[
            "pipeline.serialization-config",
            "pipeline.registered-kryo-types",
        ],
    },
    InventedKey {
        key: "taskmanager.network.credit-model",
        explanation: "removed in Flink 1.10; credit-based flow control is always on",
        instead: &[],
    },
    InventedKey {
        key: "taskmanager.memory.fraction",
        explanation: "a pre-1.10 option, ignored since; it is not an alias of the managed memory fraction",
        instead: &["taskmanager.memory.managed.fraction"],
    },
    InventedKey {
        key: "taskmanager.memory.off-heap",
        explanation: "a pre-1.10 option, ignored since; managed memory is always off-heap",
        instead: &[],
    },
    InventedKey {
        key: "taskmanager.memory.preallocate",
        explanation: "a pre-1.10 option, ignored since",
        instead: &[],
    },
    InventedKey {
        key: "taskmanager.memory.total-process.size",
        explanation: "a name used only before the 1.10 release, never in a released Flink",
        instead: &["taskmanager.memory.process.size"],
    },
    InventedKey {
        key: "taskmanager.memory.total-flink.size",
        explanation: "a name used only before the 1.10 release, never in a released Flink",
        instead: &["taskmanager.memory.flink.size"],
    },
];

/// The entry for `key` if it is one of the invented keys.
pub fn invented_key(key: &str) -> Option<&'static InventedKey> {
    INVENTED.iter().find(|k| k.key == key)
}

/// Every invented key (for tests and documentation).
pub fn all() -> &'static [InventedKey] {
    INVENTED
}
