//! Telling the documents of a Kubernetes YAML stream apart: `FlinkDeployment`,
//! `FlinkSessionJob`, a `ConfigMap` that carries a Flink configuration file, `kind: List`
//! (what `kubectl get -o yaml` prints), and everything else, which is skipped.

use std::fmt;

use super::yaml::{Document, Node, Scalar};
use crate::config::{SourceFile, Span};

/// The kinds of document that hold a Flink configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub enum Kind {
    FlinkDeployment,
    FlinkSessionJob,
    ConfigMap,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FlinkDeployment => "FlinkDeployment",
            Self::FlinkSessionJob => "FlinkSessionJob",
            Self::ConfigMap => "ConfigMap",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which document of a file a result belongs to: printed as `namespace/name`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Label {
    pub kind: Kind,
    /// `metadata.namespace`; null when the manifest leaves it to the client's context.
    pub namespace: Option<String>,
    pub name: String,
    /// The chart template Helm rendered it from (`# Source: chart/templates/x.yaml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helm_source: Option<String>,
    /// The document's whole node, in the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

impl Label {
    /// `namespace/name`, or just `name` without a namespace.
    pub fn qualified_name(&self) -> String {
        match &self.namespace {
            Some(namespace) => format!("{namespace}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.qualified_name())
    }
}

/// A document that holds a Flink configuration, with its node.
#[derive(Debug, Clone, Copy)]
pub struct Recognised<'a> {
    pub label_kind: Kind,
    pub node: &'a Node,
    pub preamble_start: usize,
}

/// The name of the data key of a `ConfigMap` that holds a Flink configuration file.
pub const CONFIG_KEYS: [&str; 2] = ["flink-conf.yaml", "config.yaml"];

/// Every document of interest in a stream, `kind: List` items included, in file order.
pub fn recognise(documents: &[Document]) -> Vec<Recognised<'_>> {
    let mut found = Vec::new();
    for document in documents {
        collect(&document.root, document.preamble_start, &mut found);
    }
    found
}

fn collect<'a>(node: &'a Node, preamble_start: usize, found: &mut Vec<Recognised<'a>>) {
    let kind = node.get("kind").and_then(Node::as_str);
    let api_version = node.get("apiVersion").and_then(Node::as_str).unwrap_or("");
    match kind {
        Some(list) if list == "List" || list.ends_with("List") => {
            if let Some(Node::Sequence { items, .. }) = node.get("items") {
                for item in items {
                    collect(item, item.span().start, found);
                }
            }
        }
        Some("FlinkDeployment") if api_version.starts_with("flink.apache.org/") => {
            found.push(Recognised {
                label_kind: Kind::FlinkDeployment,
                node,
                preamble_start,
            });
        }
        Some("FlinkSessionJob") if api_version.starts_with("flink.apache.org/") => {
            found.push(Recognised {
                label_kind: Kind::FlinkSessionJob,
                node,
                preamble_start,
            });
        }
        Some("ConfigMap") if config_map_file(node).is_some() => found.push(Recognised {
            label_kind: Kind::ConfigMap,
            node,
            preamble_start,
        }),
        _ => {}
    }
}

/// The Flink configuration a `ConfigMap` carries: its data key and value.
pub fn config_map_file(node: &Node) -> Option<(&Scalar, &Node)> {
    let data = node.get("data")?;
    // Flink 1.x images read flink-conf.yaml first; 2.x only config.yaml. A map with both is
    // read per version by the caller; here the first of the two names wins.
    CONFIG_KEYS.iter().find_map(|key| data.entry(key))
}

impl Recognised<'_> {
    /// The document's label, its Helm source comment included.
    pub fn label(&self, source: &SourceFile) -> Label {
        let metadata = self.node.get("metadata");
        let text = |key: &str| {
            metadata
                .and_then(|m| m.get(key))
                .and_then(Node::as_str)
                .map(str::to_owned)
        };
        Label {
            kind: self.label_kind,
            namespace: text("namespace"),
            name: text("name").unwrap_or_else(|| "(unnamed)".to_owned()),
            helm_source: helm_source(source, self.preamble_start, self.node.span().start),
            span: self.node.span(),
        }
    }
}

/// The `# Source: path` comment Helm writes before each rendered document.
fn helm_source(source: &SourceFile, from: usize, to: usize) -> Option<String> {
    let text = source.text().get(from..to)?;
    text.lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("# Source:"))
        .map(|s| s.trim().to_owned())
}

/// Whether a YAML text looks like a Kubernetes manifest worth reading: a cheap test on the
/// raw text before any parsing, so that a directory walk does not parse every YAML file.
pub fn may_hold_flink(text: &str) -> bool {
    (text.contains("FlinkDeployment") || text.contains("FlinkSessionJob"))
        && text.contains("flink.apache.org/")
        || text.contains("ConfigMap") && CONFIG_KEYS.iter().any(|key| text.contains(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubernetes::yaml;

    #[test]
    fn finds_flink_documents_in_streams_and_lists() {
        let text = "\
# Source: chart/templates/deploy.yaml
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: a, namespace: ns}
---
apiVersion: v1
kind: Service
metadata: {name: s}
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: conf}
    data:
      config.yaml: |
        taskmanager.numberOfTaskSlots: 2
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: other}
    data: {x: y}
";
        let source = SourceFile::new("all.yaml", text.to_owned());
        let stream = yaml::read(text);
        let found = recognise(&stream.documents);
        let labels: Vec<String> = found.iter().map(|r| r.label(&source).to_string()).collect();
        assert_eq!(labels, ["FlinkDeployment ns/a", "ConfigMap conf"]);
        assert_eq!(
            found[0].label(&source).helm_source.as_deref(),
            Some("chart/templates/deploy.yaml")
        );
        assert!(may_hold_flink(text));
        assert!(!may_hold_flink("kind: Deployment\n"));
    }
}
