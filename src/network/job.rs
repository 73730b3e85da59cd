//! A job's shape as the network model needs it: operators (or job vertices), the exchanges
//! between them, the runtime mode and the cluster it runs on.
//!
//! Every input format (quick flags, the job file, both kinds of Flink execution-plan JSON)
//! becomes a [`Job`]; [`super::graph`] then applies Flink's chaining rules and the model
//! never sees the original format.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `execution.runtime-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Every task runs at the same time; every exchange is pipelined (bounded).
    Streaming,
    /// Bounded input: blocking exchanges run stage by stage (the batch shuffle mode decides).
    Batch,
}

/// `execution.batch-shuffle-mode`: the partition type of batch exchanges that do not name one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ShuffleMode {
    /// `BLOCKING` partitions (sort-shuffle or hash), one stage at a time. Flink's default.
    AllExchangesBlocking,
    /// `PIPELINED_BOUNDED` partitions: the whole job at once, like streaming.
    AllExchangesPipelined,
    /// `HYBRID_FULL` partitions (1.16+).
    AllExchangesHybridFull,
    /// `HYBRID_SELECTIVE` partitions (1.16+; broadcast becomes full).
    AllExchangesHybridSelective,
}

impl ShuffleMode {
    /// Every mode with the name Flink's option and the job file use.
    pub const NAMES: [(&'static str, Self); 4] = [
        ("ALL_EXCHANGES_BLOCKING", Self::AllExchangesBlocking),
        ("ALL_EXCHANGES_PIPELINED", Self::AllExchangesPipelined),
        ("ALL_EXCHANGES_HYBRID_FULL", Self::AllExchangesHybridFull),
        (
            "ALL_EXCHANGES_HYBRID_SELECTIVE",
            Self::AllExchangesHybridSelective,
        ),
    ];

    /// Flink's name of the mode.
    pub fn name(self) -> &'static str {
        name_of(&Self::NAMES, self)
    }

    /// The mode named `text`, in any case (Flink's enum options ignore case).
    pub fn parse(text: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
            .map(|(_, mode)| *mode)
    }
}

/// The name `value` has in `names`.
fn name_of<T: Copy + PartialEq>(names: &[(&'static str, T)], value: T) -> &'static str {
    names
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(name, _)| name)
}

/// How records of an exchange are distributed (Flink's `StreamPartitioner`, the plan's
/// `ship_strategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Ship {
    /// `forward()`: subtask i to subtask i; needs equal parallelism.
    Forward,
    /// `rescale()`: round robin within a local group (pointwise).
    Rescale,
    /// `keyBy()`: by key hash (all-to-all).
    Hash,
    /// `rebalance()`: round robin to all consumers (all-to-all).
    Rebalance,
    /// `broadcast()`: every record to every consumer (all-to-all).
    Broadcast,
    /// `shuffle()`: random (all-to-all).
    Shuffle,
    /// `global()`: everything to consumer 0 (all-to-all).
    Global,
    /// `partitionCustom()` (all-to-all).
    Custom,
}

impl Ship {
    /// Whether Flink connects the two vertices `POINTWISE` (`StreamPartitioner.isPointwise`)
    /// rather than `ALL_TO_ALL`.
    pub fn is_pointwise(self) -> bool {
        matches!(self, Self::Forward | Self::Rescale)
    }

    /// Every ship strategy with the lowercase name job files and output use.
    pub const NAMES: [(&'static str, Self); 8] = [
        ("forward", Self::Forward),
        ("rescale", Self::Rescale),
        ("hash", Self::Hash),
        ("rebalance", Self::Rebalance),
        ("broadcast", Self::Broadcast),
        ("shuffle", Self::Shuffle),
        ("global", Self::Global),
        ("custom", Self::Custom),
    ];

    /// The lowercase name used in job files and output.
    pub fn name(self) -> &'static str {
        name_of(&Self::NAMES, self)
    }
}

/// The partition type an edge asks for; `Default` leaves it to the mode and shuffle mode
/// (`StreamingJobGraphGenerator.determineUndefinedResultPartitionType`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Exchange {
    #[default]
    Default,
    /// `PIPELINED_BOUNDED`.
    Pipelined,
    /// `BLOCKING`.
    Blocking,
    /// `HYBRID_FULL`.
    HybridFull,
    /// `HYBRID_SELECTIVE`.
    HybridSelective,
}

/// Whether an edge may be chained.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Chaining {
    /// Flink's chaining rules decide (`StreamingJobGraphGenerator.isChainable`).
    #[default]
    Auto,
    /// Never chained (`startNewChain()`, `disableChaining()`, or vertices that are already job
    /// vertices, as in the REST API's plan).
    Never,
}

/// One operator, or one job vertex when the input is already chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Vertex {
    pub name: String,
    /// Subtasks. For an `auto` vertex (batch, parallelism left to the adaptive batch
    /// scheduler) the parallelism the scheduler picks.
    pub parallelism: u32,
    /// Parallelism left to the `AdaptiveBatchScheduler` (1.17+ batch): producers feeding it
    /// write `max_parallelism` subpartitions, and it reads ranges of them.
    pub auto: bool,
    /// The vertex's max parallelism, for `auto` vertices (else the scheduler's default).
    pub max_parallelism: Option<u32>,
    /// Slot sharing group; `default` unless set.
    pub slot_sharing_group: String,
}

/// A data exchange between two vertices (indexes into [`Job::vertices`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub ship: Ship,
    pub exchange: Exchange,
    pub chaining: Chaining,
}

/// A job and the cluster it runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Job {
    pub name: Option<String>,
    /// Runtime mode; `None` leaves it to `execution.runtime-mode` (default streaming).
    pub mode: Option<Mode>,
    /// Batch shuffle mode; `None` leaves it to `execution.batch-shuffle-mode`.
    pub shuffle_mode: Option<ShuffleMode>,
    /// `TaskManager`s; `None`: as many as the job's slots need.
    pub taskmanagers: Option<u32>,
    /// Slots per `TaskManager`; `None`: `taskmanager.numberOfTaskSlots` of the configuration.
    pub slots: Option<u32>,
    pub vertices: Vec<Vertex>,
    pub edges: Vec<Edge>,
    /// A placement given by the user: per vertex name, the `TaskManager` (0-based) of each
    /// subtask. Vertices not named use the default placement.
    pub placement: BTreeMap<String, Vec<u32>>,
}

impl Vertex {
    /// A vertex of `parallelism` subtasks in the default slot sharing group.
    pub fn new(name: impl Into<String>, parallelism: u32) -> Self {
        Self {
            name: name.into(),
            parallelism,
            auto: false,
            max_parallelism: None,
            slot_sharing_group: DEFAULT_GROUP.to_owned(),
        }
    }
}

impl Edge {
    /// An exchange of the given kind with the default partition type and chaining.
    pub fn new(from: usize, to: usize, ship: Ship) -> Self {
        Self {
            from,
            to,
            ship,
            exchange: Exchange::Default,
            chaining: Chaining::Auto,
        }
    }
}

/// Flink's default slot sharing group name.
pub const DEFAULT_GROUP: &str = "default";

impl Job {
    /// The quick-flags job: a source of parallelism `p` followed by `shuffles` all-to-all
    /// (`keyBy`) exchanges, each into a vertex of parallelism `p`.
    pub fn quick(parallelism: u32, shuffles: u32) -> Self {
        let mut vertices = vec![Vertex::new("source", parallelism)];
        let mut edges = Vec::new();
        for k in 1..=shuffles {
            vertices.push(Vertex::new(format!("stage-{k}"), parallelism));
            edges.push(Edge::new(
                vertices.len() - 2,
                vertices.len() - 1,
                Ship::Hash,
            ));
        }
        Self {
            name: None,
            mode: None,
            shuffle_mode: None,
            taskmanagers: None,
            slots: None,
            vertices,
            edges,
            placement: BTreeMap::new(),
        }
    }

    /// The index of the vertex called `name`.
    pub fn vertex(&self, name: &str) -> Option<usize> {
        self.vertices.iter().position(|v| v.name == name)
    }
}
