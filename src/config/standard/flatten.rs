//! Flattening the top-level mapping into Flink keys and values (`GlobalConfiguration.flatten`):
//! dotted keys, each value typed as the Java object Flink stores, duplicates recorded.

use std::collections::HashMap;

use super::core_schema::{Object, construct, flow_string, yaml_double};
use super::duplicates::Duplicates;
use super::tree::Node;
use crate::config::source::Span;
use crate::config::value::{Value, ValueKind};
use crate::config::{Entry, Event, Origin, Parsed, Rejection};

/// Flattens the file's top-level mapping `pairs` into `parsed`'s entries and events.
pub(super) fn flatten(parsed: &mut Parsed, pairs: &[(Node, Node)]) {
    let mut flattener = Flattener {
        parsed,
        duplicates: Duplicates::default(),
    };
    flattener.mapping(pairs, "", &[]);
}

/// Flattens one mapping into entries (`GlobalConfiguration.flatten`), recording duplicates.
struct Flattener<'a> {
    parsed: &'a mut Parsed,
    duplicates: Duplicates,
}

impl Flattener<'_> {
    fn mapping(&mut self, pairs: &[(Node, Node)], prefix: &str, parents: &[Span]) {
        // Only string and null keys get this far (others are refused below), so a key is
        // identified by its text; a map keeps this linear in the mapping's size.
        let mut keys_here: HashMap<Option<String>, Span> = HashMap::new();
        for (key_node, value_node) in pairs {
            let key_span = key_node.span();
            let key_object = match construct(key_node) {
                Ok(k) => k,
                Err(rejection) => {
                    self.reject(rejection);
                    continue;
                }
            };
            if !matches!(key_object, Object::Str(_) | Object::Null) {
                // Flink casts every key to String: an int, float, bool or collection key
                // fails with a ClassCastException.
                self.reject(Rejection {
                    message: format!(
                        "the key {} is not a string (quote it to make it one)",
                        key_object.to_java_string()
                    ),
                    span: key_span,
                });
                continue;
            }
            let identity = match &key_object {
                Object::Str(text) => Some(text.clone()),
                _ => None,
            };
            if let Some(&first) = keys_here.get(&identity) {
                let key = format!("{prefix}{}", key_object.to_java_string());
                self.parsed.events.push(Event::DuplicateKey {
                    key: key.clone(),
                    first,
                    second: key_span,
                    fatal: true,
                });
                self.reject(Rejection {
                    message: format!("duplicate key '{key}' in one mapping"),
                    span: key_span,
                });
                self.duplicates.written_twice(key);
            } else {
                keys_here.insert(identity, key_span);
            }
            let key = format!("{prefix}{}", key_object.to_java_string());
            match value_node {
                Node::Mapping { pairs, .. } => {
                    let mut inner_parents = parents.to_vec();
                    inner_parents.push(key_span);
                    self.mapping(pairs, &format!("{key}."), &inner_parents);
                }
                _ => match construct(value_node) {
                    Ok(Object::Null) => {
                        self.parsed.events.push(Event::NullValue {
                            key: key.clone(),
                            key_span,
                        });
                        self.reject(Rejection {
                            message: format!("key '{key}' has no value"),
                            span: key_span,
                        });
                    }
                    Ok(object) => self.entry(key, &object, key_span, value_node.span(), parents),
                    Err(rejection) => self.reject(rejection),
                },
            }
        }
    }

    fn entry(
        &mut self,
        key: String,
        object: &Object,
        key_span: Span,
        value_span: Span,
        parents: &[Span],
    ) {
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
        if let Some(first) = self.duplicates.set(&key, key_span) {
            self.parsed.events.push(Event::DuplicateKey {
                key: key.clone(),
                first,
                second: key_span,
                fatal: false,
            });
        }
        self.parsed.entries.push(Entry {
            key,
            value,
            key_span: Some(key_span),
            value_span: Some(value_span),
            parent_spans: parents.to_vec(),
            origin: Origin::File,
        });
    }

    fn reject(&mut self, rejection: Rejection) {
        if self.parsed.rejection.is_none() {
            self.parsed.rejection = Some(rejection);
        }
    }
}
