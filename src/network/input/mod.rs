//! Reading a job description into a [`Job`]: a flinkmem job file (YAML or JSON), Flink's
//! execution plan (`getExecutionPlan()`, `flink info`), or the REST API's job plan
//! (`GET /jobs/:jobid/plan`, `GET /jobs/:jobid`). The format is told from the content, and
//! every error points at a line and column of the input.

mod checks;
mod job_file;
mod json;
mod names;
mod plan;
mod tree;
mod yaml;

use std::path::Path;

use crate::config::source::{SourceFile, Span};
use crate::network::job::Job;

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
        return match json::parse_json(text) {
            Ok(node) => Ok(Some(node)),
            // JSON is YAML: a flow mapping with unquoted keys is still a job file. Flink's
            // plans are JSON, so for anything else the JSON error is the useful one.
            Err(json_error) => match yaml::parse_yaml(text) {
                Ok(Some(node)) if detect(&node) == JobFormat::JobFile => Ok(Some(node)),
                _ => Err(json_error),
            },
        };
    }
    yaml::parse_yaml(text)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::job::Ship;

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
}
