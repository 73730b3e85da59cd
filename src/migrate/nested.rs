//! `migrate --nested`: the same items grouped into nested YAML mappings
//! (`taskmanager:` / `  memory:` / `    process.size: ...` becomes
//! `taskmanager: {memory: {process: {size: ...}}}` in block style), in the order keys first
//! appear. Comments above a key move with it, indented to its level; comments after the last
//! key stay at the end. A key that is also the prefix of another key (`env.java.opts` and
//! `env.java.opts.taskmanager`), or has an empty segment, stays flat at the top level: a
//! mapping cannot hold both a value and children. (This is where Flink's own migration fails
//! with a `ClassCastException`.)

use super::{Item, scalar};

#[derive(Debug, Default)]
struct Node {
    /// The key segment as written (quoted if needed).
    name: String,
    /// Comment and blank lines written above it.
    leading: Vec<String>,
    /// `value` and the comment after it, for a leaf.
    value: Option<(String, Option<String>)>,
    children: Vec<Node>,
}

fn child<'a>(children: &'a mut Vec<Node>, name: &str) -> &'a mut Node {
    if let Some(i) = children
        .iter()
        .position(|c| c.name == name && c.value.is_none())
    {
        return &mut children[i];
    }
    children.push(Node {
        name: name.to_owned(),
        ..Node::default()
    });
    children.last_mut().expect("just pushed")
}

/// The segments of `key` as written, or `None` when it must stay flat.
fn segments(key: &str, all: &[&str]) -> Option<Vec<String>> {
    let is_prefix = all.iter().any(|other| {
        other.len() > key.len() && other.starts_with(key) && other[key.len()..].starts_with('.')
    });
    if is_prefix || key.split('.').any(str::is_empty) {
        return None;
    }
    key.split('.')
        .map(|s| {
            scalar::key(s)
                .filter(|k| !k.text.contains('.') || k.quoted)
                .map(|k| k.text)
        })
        .collect()
}

fn write(node: &Node, depth: usize, terminator: &str, out: &mut String) {
    let indent = "  ".repeat(depth);
    for line in &node.leading {
        let line = line.trim_start();
        if !line.is_empty() {
            out.push_str(&indent);
            out.push_str(line);
        }
        out.push_str(terminator);
    }
    out.push_str(&indent);
    out.push_str(&node.name);
    out.push(':');
    if let Some((value, comment)) = &node.value {
        out.push(' ');
        out.push_str(value);
        if let Some(c) = comment {
            out.push_str(c);
        }
    }
    out.push_str(terminator);
    for c in &node.children {
        write(c, depth + 1, terminator, out);
    }
}

pub(super) fn layout(items: &[(Item, &str)]) -> String {
    let terminator = items
        .iter()
        .map(|(_, t)| *t)
        .find(|t| !t.is_empty())
        .unwrap_or("\n");
    let keys: Vec<&str> = items
        .iter()
        .filter_map(|(i, _)| match i {
            Item::Entry { key, .. } => Some(key.as_str()),
            Item::Verbatim(_) => None,
        })
        .collect();
    let mut roots: Vec<Node> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for (item, _) in items {
        match item {
            Item::Verbatim(line) => pending.push(line.clone()),
            Item::Entry {
                key,
                key_text,
                value_text,
                comment,
            } => {
                let path = segments(key, &keys).unwrap_or_else(|| vec![key_text.clone()]);
                let (last, parents) = path.split_last().expect("a key has a segment");
                let mut children = &mut roots;
                let mut leading = std::mem::take(&mut pending);
                for segment in parents {
                    let node = child(children, segment);
                    if node.children.is_empty() {
                        node.leading.append(&mut leading);
                    }
                    children = &mut node.children;
                }
                children.push(Node {
                    name: last.clone(),
                    leading,
                    value: Some((value_text.clone(), comment.clone())),
                    children: Vec::new(),
                });
            }
        }
    }
    let mut out = String::new();
    for root in &roots {
        write(root, 0, terminator, &mut out);
    }
    for line in pending {
        out.push_str(line.trim_start());
        out.push_str(terminator);
    }
    out
}
