//! `spec.flinkConfiguration` as the operator stores it: nested mappings flattened into dotted
//! keys (`ConfigObjectNode.asFlatMap`), every value as its text.

use super::spec::Problem;
use crate::config::{Entry, Origin, Span, Value};
use crate::kubernetes::yaml::{Node, Scalar};

/// The text the operator stores for one `flinkConfiguration` value: scalars as their text
/// (`asText()`), lists joined with `;` (operator 1.13 and later accept nested values).
fn scalar_text(scalar: &Scalar) -> String {
    if !scalar.is_plain() {
        return scalar.value.clone();
    }
    // kubectl turns YAML into JSON with YAML 1.1 booleans; Jackson's asText prints them.
    match scalar.value.as_str() {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            "true".to_owned()
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            "false".to_owned()
        }
        other => other.to_owned(),
    }
}

/// Flattens `spec.flinkConfiguration` into entries, as `ConfigObjectNode.asFlatMap` does.
pub(super) fn flatten(
    node: &Node,
    prefix: &str,
    parents: &[Span],
    entries: &mut Vec<Entry>,
    problems: &mut Vec<Problem>,
) {
    let Node::Mapping { pairs, .. } = node else {
        return;
    };
    for (key, value) in pairs {
        let Some(key_scalar) = key.as_scalar() else {
            problems.push(Problem {
                message: "a flinkConfiguration key must be a string".to_owned(),
                span: key.span(),
            });
            continue;
        };
        let full = if prefix.is_empty() {
            key_scalar.value.clone()
        } else {
            format!("{prefix}.{}", key_scalar.value)
        };
        let text = match value {
            Node::Mapping { .. } => {
                let mut inner = parents.to_vec();
                inner.push(key_scalar.span);
                flatten(value, &full, &inner, entries, problems);
                continue;
            }
            Node::Scalar(s) if s.is_null() => {
                problems.push(Problem {
                    message: format!(
                        "flinkConfiguration `{full}` has no value: the operator stores null and Flink reads the key as unset"
                    ),
                    span: key_scalar.span,
                });
                continue;
            }
            Node::Scalar(s) => scalar_text(s),
            Node::Sequence { items, .. } => items
                .iter()
                .map(|item| match item {
                    Node::Scalar(s) => scalar_text(s),
                    other => other.kind_name().to_owned(),
                })
                .collect::<Vec<_>>()
                .join(";"),
        };
        entries.push(Entry {
            key: full,
            value: Value::string(text),
            key_span: Some(key_scalar.span),
            value_span: Some(value.span()),
            parent_spans: parents.to_vec(),
            origin: Origin::File,
        });
    }
}
