//! Reading a job description into a [`Job`]: a flinkmem job file (YAML or JSON), Flink's
//! execution plan (`getExecutionPlan()`, `flink info`), or the REST API's job plan
//! (`GET /jobs/:jobid/plan`, `GET /jobs/:jobid`). The format is told from the content, and
//! every error points at a line and column of the input.

mod job_file;
mod names;
mod plan;
mod tree;

use std::path::Path;

use crate::config::source::{SourceFile, Span};
use crate::network::job::{Edge, Job, Ship, Vertex};

pub use job_file::job_schema;
use tree::{Fail, Node};

/// Why a job description could not be read, at a 1-based line and (character) column.
pub type JobInputError = crate::config::source::FileError;

/// The formats [`read_job`] tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobFormat {
    /// A flinkmem job file (`examples/jobs/README.md`).
    JobFile,
    /// `StreamExecutionEnvironment.getExecutionPlan()` / `flink info`: operators before chaining.
    ExecutionPlan,
    /// The REST API's job plan: job vertices, already chained.
    RestPlan,
    /// The `stream-graph` of the 2.0+ REST API's job details: operators before chaining.
    StreamGraph,
}

/// Reads a job description, telling its format from the content (not the file name).
pub fn read_job(path: &Path, text: &str) -> Result<Job, JobInputError> {
    read_job_with_format(path, text).map(|(job, _)| job)
}

/// [`read_job`], also saying which format the text was in.
pub fn read_job_with_format(path: &Path, text: &str) -> Result<(Job, JobFormat), JobInputError> {
    // A byte order mark is not part of the document (and not a column in editors).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    read(text).map_err(|fail| {
        let at = SourceFile::new(path, text.to_owned()).line_col(fail.span.start);
        JobInputError {
            path: path.to_owned(),
            line: at.line,
            column: at.column,
            message: fail.message,
        }
    })
}

fn read(text: &str) -> tree::Result<(Job, JobFormat)> {
    let root = parse(text)?;
    let Some(root) = root else {
        return Err(Fail::new(
            Span::new(0, 0),
            "the file is empty: expected a job file or a Flink plan (JSON)",
        ));
    };
    let format = detect(&root);
    let job = match format {
        JobFormat::JobFile => job_file::read(&root)?,
        JobFormat::ExecutionPlan => plan::execution_plan(&root)?,
        JobFormat::RestPlan => plan::rest_plan(&root)?,
        JobFormat::StreamGraph => plan::stream_graph(&root)?,
    };
    Ok((job, format))
}

/// The document tree: JSON when the text is a JSON object (possibly inside the banner lines
/// `flink info` prints around it), else YAML.
fn parse(text: &str) -> tree::Result<Option<Node>> {
    let unbannered = strip_info_banner(text);
    let text = unbannered.as_deref().unwrap_or(text);
    if text.trim_start().starts_with(['{', '[']) {
        return match tree::parse_json(text) {
            Ok(node) => Ok(Some(node)),
            // JSON is YAML: a flow mapping with unquoted keys is still a job file. Flink's
            // plans are JSON, so for anything else the JSON error is the useful one.
            Err(json_error) => match tree::parse_yaml(text) {
                Ok(Some(node)) if detect(&node) == JobFormat::JobFile => Ok(Some(node)),
                _ => Err(json_error),
            },
        };
    }
    tree::parse_yaml(text)
}

/// `flink info` prints the execution plan between two banner lines (`CliFrontend.info`):
///
/// ```text
/// ----------------------- Execution Plan -----------------------
/// {"nodes": ...}
/// --------------------------------------------------------------
///
/// No description provided.
/// ```
///
/// Returns the text with everything outside the plan blanked (newlines kept, so line and
/// column numbers stay those of the input), or `None` when there is no such banner.
fn strip_info_banner(text: &str) -> Option<String> {
    const BANNER: &str = "----------------------- Execution Plan -----------------------";
    let mut offset = 0;
    let mut start = None;
    let mut end = text.len();
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']).trim();
        if start.is_none() {
            if content == BANNER {
                start = Some(offset + line.len());
            }
        } else if content.len() >= 10 && content.bytes().all(|b| b == b'-') {
            end = offset;
            break;
        }
        offset += line.len();
    }
    let start = start?;
    // Every byte outside the plan becomes a space (line breaks stay), so byte offsets and
    // lines are those of the input.
    let blank = |s: &str| -> String {
        s.chars()
            .flat_map(|c| {
                let keep = c == '\n' || c == '\r';
                std::iter::repeat_n(
                    if keep { c } else { ' ' },
                    if keep { 1 } else { c.len_utf8() },
                )
            })
            .collect()
    };
    Some(format!(
        "{}{}{}",
        blank(&text[..start]),
        &text[start..end],
        blank(&text[end..])
    ))
}

/// Which format a document is in.
fn detect(root: &Node) -> JobFormat {
    if root.get("plan").is_some() || root.get("jid").is_some() {
        return JobFormat::RestPlan;
    }
    if root.get("stream-graph").is_some() {
        return JobFormat::StreamGraph;
    }
    let Some(nodes) = root.get("nodes") else {
        return JobFormat::JobFile;
    };
    let first = match &nodes.kind {
        tree::Kind::Seq(items) => items.first(),
        _ => None,
    };
    match first {
        Some(node)
            if node.get("optimizer_properties").is_some()
                || node.get("operator_strategy").is_some() =>
        {
            JobFormat::RestPlan
        }
        Some(node) if node.get("inputs").is_some() || node.get("operator").is_some() => {
            JobFormat::StreamGraph
        }
        _ => JobFormat::ExecutionPlan,
    }
}

/// Flink's message for a forward edge between vertices of different parallelism
/// (`StreamGraph.addEdgeInternal`), or `None` when the edge is fine. Vertices whose
/// parallelism the adaptive batch scheduler decides are put in one forward group, so the check
/// does not apply to them.
fn forward_mismatch(edge: &Edge, vertices: &[Vertex]) -> Option<String> {
    let (up, down) = (vertices.get(edge.from)?, vertices.get(edge.to)?);
    (edge.ship == Ship::Forward && !up.auto && !down.auto && up.parallelism != down.parallelism)
        .then(|| {
            format!(
                "Forward partitioning does not allow change of parallelism. Upstream operation: \
                 {} parallelism: {}, downstream operation: {} parallelism: {} You must use another \
                 partitioning strategy, such as broadcast, rebalance, shuffle or global.",
                up.name, up.parallelism, down.name, down.parallelism
            )
        })
}

/// The vertices in a topological order: among those ready, the one first in `order`.
/// `Err(edge)`: an edge on a cycle.
fn topological_order(vertex_count: usize, edges: &[Edge]) -> Result<Vec<usize>, usize> {
    let mut indegree = vec![0_usize; vertex_count];
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); vertex_count];
    for (i, edge) in edges.iter().enumerate() {
        indegree[edge.to] += 1;
        outgoing[edge.from].push(i);
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..vertex_count).filter(|&v| indegree[v] == 0).collect();
    let mut order = Vec::with_capacity(vertex_count);
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &e in &outgoing[v] {
            let to = edges[e].to;
            indegree[to] -= 1;
            if indegree[to] == 0 {
                ready.insert(to);
            }
        }
    }
    if order.len() == vertex_count {
        Ok(order)
    } else {
        // An edge between two vertices never reached.
        let stuck = edges
            .iter()
            .position(|e| indegree[e.to] > 0 && indegree[e.from] > 0)
            .unwrap_or(0);
        Err(stuck)
    }
}

/// The closest of `candidates` to `word`, if close enough to suggest (similar by Jaro-Winkler,
/// or a few edits away, which also catches swapped letters in short words).
fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let c_lower = c.to_lowercase();
            let score = strsim::jaro_winkler(&lower, &c_lower)
                .max(strsim::normalized_damerau_levenshtein(&lower, &c_lower) + 0.2);
            (score, c)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// " (did you mean `x`?)" or "".
fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> JobInputError {
        read_job(Path::new("job.yaml"), text).unwrap_err()
    }

    #[test]
    fn error_display_is_path_line_column_message() {
        let e = err("vertices:\n  - name: a\n    parallelism: 0\n");
        assert_eq!(
            e.to_string(),
            "job.yaml:3:18: parallelism must be at least 1, found 0"
        );
    }

    #[test]
    fn empty_and_unrecognized_inputs() {
        assert_eq!(err("").line, 1);
        assert!(err("   \n").message.contains("empty"));
        assert!(
            err("[1, 2]").message.contains("mapping"),
            "{}",
            err("[1, 2]")
        );
        assert!(err("42").message.contains("mapping"));
    }

    #[test]
    fn json_syntax_errors_have_positions() {
        let e = err("{\n  \"nodes\": [\n    {\"id\": 1,}\n  ]\n}\n");
        assert_eq!((e.line, e.column), (3, 14), "{e}");
        assert!(e.message.starts_with("JSON syntax error"), "{e}");
    }

    #[test]
    fn json_with_unquoted_keys_is_yaml() {
        let job = read_job(
            Path::new("j.json"),
            "{vertices: [{name: a, parallelism: 2}], edges: []}",
        )
        .unwrap();
        assert_eq!(job.vertices[0].parallelism, 2);
    }

    #[test]
    fn flink_info_banner_is_skipped_and_positions_kept() {
        let text = "Some log line\n\
            ----------------------- Execution Plan -----------------------\n\
            {\"nodes\":[{\"id\":1,\"type\":\"Source: a\",\"pact\":\"Data Source\",\"contents\":\"a\",\"parallelism\":2},\n\
            {\"id\":2,\"type\":\"m\",\"pact\":\"Operator\",\"contents\":\"m\",\"parallelism\":2,\"predecessors\":[{\"id\":1,\"ship_strategy\":\"KAPUTT\",\"side\":\"second\"}]}]}\n\
            --------------------------------------------------------------\n\
            \n\
            No description provided.\n";
        let e = err(text);
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("KAPUTT"), "{e}");
        let fixed = text.replace("KAPUTT", "REBALANCE");
        let (job, format) = read_job_with_format(Path::new("info.txt"), &fixed).unwrap();
        assert_eq!(format, JobFormat::ExecutionPlan);
        assert_eq!(job.edges.len(), 1);
        assert_eq!(job.edges[0].ship, Ship::Rebalance);
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let job = read_job(
            Path::new("j.yaml"),
            "\u{feff}vertices:\n  - name: a\n    parallelism: 1\n",
        )
        .unwrap();
        assert_eq!(job.vertices.len(), 1);
        let e = err("\u{feff}{\"vertices\": 3}");
        assert_eq!((e.line, e.column), (1, 14), "{e}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("paralelism", ["name", "parallelism"]),
            Some("parallelism")
        );
        assert_eq!(did_you_mean("zzz", ["name", "parallelism"]), None);
        assert_eq!(did_you_mean("scr", ["src", "sink"]), Some("src"));
        assert_eq!(did_you_mean("ab", ["xy", "cd"]), None);
    }

    #[test]
    fn topological_order_is_stable_and_finds_cycles() {
        let edges = vec![Edge::new(2, 0, Ship::Hash), Edge::new(1, 0, Ship::Hash)];
        assert_eq!(topological_order(3, &edges), Ok(vec![1, 2, 0]));
        let cycle = vec![
            Edge::new(0, 1, Ship::Hash),
            Edge::new(1, 2, Ship::Hash),
            Edge::new(2, 1, Ship::Hash),
        ];
        assert_eq!(topological_order(3, &cycle), Err(1));
    }
}
