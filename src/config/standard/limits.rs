//! The limits of Flink's YAML reader: snakeyaml-engine's cap on aliases of collections, and a
//! cap on nodes (aliases expanded) for files Flink would never finish reading.

use std::collections::HashMap;

use granit_parser::Event as YamlEvent;

use super::tree::{Events, Node, byte_span};
use crate::config::Rejection;
use crate::config::source::Span;

/// snakeyaml-engine's `maxAliasesForCollections`, which Flink leaves at its default: a file with
/// more aliases of collections is refused (checked on Flink 1.19, 2.0 and 2.3).
const MAX_COLLECTION_ALIASES: usize = 50;

/// Past this many nodes (aliases expanded) the file is refused: within Flink's alias limit a
/// chain of aliases can still expand to billions of nodes, which Flink would never finish. No
/// real configuration comes near it (500,000 keys); the message says the limit is ours.
const MAX_NODES: usize = 1_000_000;

/// What has been counted against the limits so far.
#[derive(Debug, Default)]
pub(super) struct Limits {
    /// Aliases of sequences and mappings so far (snakeyaml-engine counts them per load).
    collection_aliases: usize,
    /// Nodes built so far, aliases counted as what they expand to.
    nodes: usize,
    /// Whether each anchor so far names a collection, for counting aliases without building.
    collection_anchors: HashMap<usize, bool>,
}

fn node_count(node: &Node) -> usize {
    match node {
        Node::Scalar { .. } => 1,
        Node::Sequence { items, .. } => 1 + items.iter().map(node_count).sum::<usize>(),
        Node::Mapping { pairs, .. } => {
            1 + pairs
                .iter()
                .map(|(k, v)| node_count(k) + node_count(v))
                .sum::<usize>()
        }
    }
}

impl Limits {
    /// Counts one node read from the text at `at`.
    pub(super) fn count_node(&mut self, at: Span) -> Result<(), Rejection> {
        self.nodes += 1;
        self.check_nodes(at)
    }

    /// Records that `anchor` names a sequence or a mapping.
    pub(super) fn collection_anchor(&mut self, anchor: usize) {
        self.collection_anchors.insert(anchor, true);
    }

    /// Counts an alias of `anchored` at `at`, as the nodes it expands to.
    pub(super) fn count_alias(&mut self, anchored: &Node, at: Span) -> Result<(), Rejection> {
        if !matches!(anchored, Node::Scalar { .. }) {
            self.count_collection_alias(at)?;
        }
        self.nodes = self.nodes.saturating_add(node_count(anchored));
        self.check_nodes(at)
    }

    /// Whether the node limit has been passed.
    pub(super) fn nodes_exceeded(&self) -> bool {
        self.nodes > MAX_NODES
    }

    /// Reads the rest of the stream without building nodes, counting aliases of collections,
    /// and returns Flink's refusal at the first alias over the limit, if there is one.
    pub(super) fn alias_limit_after(&mut self, events: &mut Events<'_>) -> Option<Rejection> {
        for item in events.by_ref() {
            let Ok((event, span)) = item else {
                return None;
            };
            match event {
                YamlEvent::SequenceStart(_, anchor, _) | YamlEvent::MappingStart(_, anchor, _) => {
                    self.collection_anchor(anchor);
                }
                YamlEvent::Scalar(_, _, anchor, _) => {
                    self.collection_anchors.entry(anchor).or_insert(false);
                }
                YamlEvent::Alias(id) if self.collection_anchors.get(&id) == Some(&true) => {
                    if let Err(rejection) = self.count_collection_alias(byte_span(&span)) {
                        return Some(rejection);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn count_collection_alias(&mut self, at: Span) -> Result<(), Rejection> {
        self.collection_aliases += 1;
        if self.collection_aliases > MAX_COLLECTION_ALIASES {
            return Err(Rejection {
                message: format!(
                    "Number of aliases for non-scalar nodes exceeds the specified max={MAX_COLLECTION_ALIASES}"
                ),
                span: at,
            });
        }
        Ok(())
    }

    fn check_nodes(&self, at: Span) -> Result<(), Rejection> {
        if self.nodes_exceeded() {
            return Err(Rejection {
                message: format!(
                    "the file has more than {MAX_NODES} YAML nodes, aliases counted as what they repeat: flinkmem's limit (Flink has none); not read further"
                ),
                span: at,
            });
        }
        Ok(())
    }
}
