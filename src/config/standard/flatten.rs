//! Flattening the top-level mapping into Flink keys and values (`GlobalConfiguration.flatten`):
//! dotted keys, each value typed as the Java object Flink stores, duplicates recorded.
//!
//! Mappings are flattened as the parser reads them: only keys, values other than mappings,
//! and anchored mappings (which a later alias may repeat) become nodes, each dropped once
//! flattened, so a large file never exists as a tree beside its entries.

use granit_parser::Event as YamlEvent;

use super::core_schema::{Object, construct, flow_string, yaml_double};
use super::duplicates::{Duplicates, MappingKeys};
use super::tree::{Events, Node, TreeBuilder};
use crate::config::source::Span;
use crate::config::value::{Value, ValueKind};
use crate::config::{Entry, Event, Origin, Parsed, Rejection};

/// Flattens one file's mappings into `parsed`'s entries and events (`GlobalConfiguration.flatten`).
pub(super) struct Flattener<'a> {
    parsed: &'a mut Parsed,
    duplicates: Duplicates,
}

/// A string or null key of a mapping, flattened.
struct Key {
    /// The flattened key: the mapping's prefix and the key's text.
    flat: String,
    /// Whether it is the null key (`~:`), whose flattened text is `null`.
    is_null: bool,
    span: Span,
    /// Whether the mapping had this key before (reported and refused already).
    repeated: bool,
}

impl Key {
    /// The key's text within its mapping, `None` for the null key.
    fn text(&self, prefix: &str) -> Option<&str> {
        (!self.is_null).then(|| &self.flat[prefix.len()..])
    }
}

impl<'a> Flattener<'a> {
    pub(super) fn new(parsed: &'a mut Parsed) -> Self {
        Self {
            parsed,
            duplicates: Duplicates::default(),
        }
    }

    /// Flattens a mapping that is read from `events` as it is flattened; its start event has
    /// been taken and counted. Stops at the first thing Flink's reader refuses.
    pub(super) fn stream_mapping(
        &mut self,
        builder: &mut TreeBuilder<'_>,
        events: &mut Events<'_>,
        prefix: &str,
        parents: &[Span],
    ) -> Result<(), Rejection> {
        let mut keys = MappingKeys::new(prefix);
        loop {
            let (event, span) = builder.next_event(events)?;
            if matches!(event, YamlEvent::MappingEnd) {
                return Ok(());
            }
            let key_node = builder.node(events, event, &span)?;
            let key = self.key(&keys, &key_node, prefix);
            drop(key_node);
            let (event, span) = builder.next_event(events)?;
            let Some(key) = key else {
                // A refused key: its value is still read, and dropped.
                builder.node(events, event, &span)?;
                continue;
            };
            let entry = match event {
                YamlEvent::MappingStart(_, 0, _) => {
                    builder.count_unanchored_mapping(&span)?;
                    let inner = with_parent(parents, key.span);
                    self.stream_mapping(builder, events, &format!("{}.", key.flat), &inner)?;
                    None
                }
                event => {
                    let value = builder.node(events, event, &span)?;
                    self.value(&key, &value, parents)
                }
            };
            self.record(&mut keys, &key, prefix, entry);
        }
    }

    /// Flattens a mapping already built as a node (anchored, or repeated by an alias).
    pub(super) fn built_mapping(&mut self, pairs: &[(Node, Node)], prefix: &str, parents: &[Span]) {
        let mut keys = MappingKeys::new(prefix);
        for (key_node, value_node) in pairs {
            let Some(key) = self.key(&keys, key_node, prefix) else {
                continue;
            };
            let entry = self.value(&key, value_node, parents);
            self.record(&mut keys, &key, prefix, entry);
        }
    }

    /// Reads a key of the mapping with `prefix`: `None` when Flink refuses it (not a string).
    /// A key the mapping had before is reported, and Flink refuses the file for it.
    fn key(&mut self, keys: &MappingKeys, key_node: &Node, prefix: &str) -> Option<Key> {
        let span = key_node.span();
        let (text, is_null) = match construct(key_node) {
            Ok(Object::Str(text)) => (text, false),
            Ok(Object::Null) => (Object::Null.to_java_string(), true),
            Ok(other) => {
                // Flink casts every key to String: an int, float, bool or collection key
                // fails with a ClassCastException.
                self.reject(Rejection {
                    message: format!(
                        "the key {} is not a string (quote it to make it one)",
                        other.to_java_string()
                    ),
                    span,
                });
                return None;
            }
            Err(rejection) => {
                self.reject(rejection);
                return None;
            }
        };
        let flat = format!("{prefix}{text}");
        let earlier = keys.earlier(&self.parsed.entries, (!is_null).then_some(text.as_str()));
        if let Some(first) = earlier {
            self.parsed.events.push(Event::DuplicateKey {
                key: flat.clone(),
                first,
                second: span,
                fatal: true,
            });
            self.reject(Rejection {
                message: format!("duplicate key '{flat}' in one mapping"),
                span,
            });
            self.duplicates.written_twice(flat.clone());
        }
        Some(Key {
            flat,
            is_null,
            span,
            repeated: earlier.is_some(),
        })
    }

    /// Flattens the value of `key` (a built node); returns the index of the entry it became,
    /// if it became one.
    fn value(&mut self, key: &Key, value_node: &Node, parents: &[Span]) -> Option<usize> {
        if let Node::Mapping { pairs, .. } = value_node {
            let inner = with_parent(parents, key.span);
            self.built_mapping(pairs, &format!("{}.", key.flat), &inner);
            return None;
        }
        match construct(value_node) {
            Ok(Object::Null) => {
                self.parsed.events.push(Event::NullValue {
                    key: key.flat.clone(),
                    key_span: key.span,
                });
                self.reject(Rejection {
                    message: format!("key '{}' has no value", key.flat),
                    span: key.span,
                });
                None
            }
            Ok(object) => Some(self.entry(
                key.flat.clone(),
                &object,
                key.span,
                value_node.span(),
                parents,
            )),
            Err(rejection) => {
                self.reject(rejection);
                None
            }
        }
    }

    /// Remembers a key of a mapping, unless the mapping had it before.
    fn record(&self, keys: &mut MappingKeys, key: &Key, prefix: &str, entry: Option<usize>) {
        if !key.repeated {
            let text = key.text(prefix);
            keys.record(&self.parsed.entries, text, key.span, entry);
        }
    }

    fn entry(
        &mut self,
        key: String,
        object: &Object,
        key_span: Span,
        value_span: Span,
        parents: &[Span],
    ) -> usize {
        let value = match object {
            Object::Str(s) => Value::string(s.clone()),
            Object::Int(digits) => Value {
                kind: ValueKind::Integer,
                text: digits.clone(),
            },
            Object::Double(d) => Value {
                kind: ValueKind::Double(*d),
                text: yaml_double(*d),
            },
            Object::Bool(b) => Value {
                kind: ValueKind::Boolean,
                text: b.to_string(),
            },
            Object::Binary(_) => Value {
                kind: ValueKind::Other,
                text: object.to_java_string(),
            },
            Object::List(_) | Object::Map(_) | Object::Null => {
                self.parsed.events.push(Event::ListValue {
                    key: key.clone(),
                    value: value_span,
                });
                Value::string(flow_string(object))
            }
        };
        let index = self.parsed.entries.len();
        self.parsed.entries.push(Entry {
            key,
            value,
            key_span: Some(key_span),
            value_span: Some(value_span),
            parent_spans: parents.to_vec(),
            origin: Origin::File,
        });
        if let Some(first) = self.duplicates.set(&self.parsed.entries, index) {
            self.parsed.events.push(Event::DuplicateKey {
                key: self.parsed.entries[index].key.clone(),
                first,
                second: key_span,
                fatal: false,
            });
        }
        index
    }

    /// Notes the first reason Flink refuses the file; later ones add nothing.
    fn reject(&mut self, rejection: Rejection) {
        if self.parsed.rejection.is_none() {
            self.parsed.rejection = Some(rejection);
        }
    }
}

/// `parents` and then `span`: the enclosing keys of a nested mapping's keys.
fn with_parent(parents: &[Span], span: Span) -> Vec<Span> {
    let mut inner = Vec::with_capacity(parents.len() + 1);
    inner.extend_from_slice(parents);
    inner.push(span);
    inner
}
