//! The line structure of a legacy `flink-conf.yaml` that several rules share: which lines have
//! content, and which of them form a nested YAML block (a `name:` line followed by indented
//! lines), which Flink's line reader cannot understand.

use crate::config::{Dialect, Span};
use crate::rule_contract::Context;

/// A line with content (something before the first `#`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    /// The whole line, without its terminator.
    pub span: Span,
    /// What Flink looks at: the part before the first `#`, trimmed.
    pub content: Span,
    /// Whether the line starts with a space or tab.
    pub indented: bool,
}

/// Lines of a nested YAML block: an optional unindented header (`taskmanager:`) and the
/// indented lines after it.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub header: Option<Line>,
    pub members: Vec<Line>,
}

/// The lines of all `blocks`, sorted, to ask of a line whether a block holds it.
#[derive(Debug)]
pub(super) struct BlockLines(Vec<Span>);

impl BlockLines {
    pub fn of(blocks: &[Block]) -> Self {
        let mut spans: Vec<Span> = blocks
            .iter()
            .flat_map(|b| b.header.iter().chain(&b.members).map(|l| l.span))
            .collect();
        spans.sort_unstable();
        Self(spans)
    }

    pub fn contains(&self, line: Span) -> bool {
        self.0.binary_search(&line).is_ok()
    }
}

/// The line of `lines` (in file order, as [`lines`] gives them) whose span is `span`.
pub(super) fn line_at(lines: &[Line], span: Span) -> Option<&Line> {
    let at = lines.partition_point(|l| l.span.start < span.start);
    lines.get(at).filter(|l| l.span == span)
}

/// Every line with content, in order (empty for a standard YAML file).
pub(super) fn lines(cx: &Context<'_>) -> Vec<Line> {
    // A FlinkDeployment's text is the manifest, not a file Flink reads line by line.
    if cx.dialect() != Dialect::Legacy || cx.manifest().is_some() {
        return Vec::new();
    }
    let text = cx.file.source.text();
    cx.file
        .source
        .lines()
        .filter_map(|span| {
            let raw = &text[span.start..span.end];
            let before_hash = raw.find('#').map_or(raw, |h| &raw[..h]);
            let trimmed_start = before_hash.trim_start_matches(|c: char| c <= ' ');
            let content = trimmed_start.trim_end_matches(|c: char| c <= ' ');
            if content.is_empty() {
                return None;
            }
            let start = span.start + (before_hash.len() - trimmed_start.len());
            Some(Line {
                span,
                content: Span::new(start, start + content.len()),
                indented: raw.starts_with([' ', '\t']),
            })
        })
        .collect()
}

/// Whether a line's content is a bare `name:` (a block header or an empty value).
pub(super) fn is_bare_name(cx: &Context<'_>, line: &Line) -> bool {
    let content = cx.text(line.content);
    content.ends_with(':') && !content.contains(": ")
}

/// The nested blocks among `lines`.
pub(super) fn blocks(cx: &Context<'_>, lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let next_indented = lines.get(i + 1).is_some_and(|l| l.indented);
        let header = if !line.indented && is_bare_name(cx, &line) && next_indented {
            i += 1;
            Some(line)
        } else if line.indented {
            None
        } else {
            i += 1;
            continue;
        };
        let mut members = Vec::new();
        while let Some(member) = lines.get(i).filter(|l| l.indented) {
            members.push(*member);
            i += 1;
        }
        blocks.push(Block { header, members });
    }
    blocks
}

/// The dotted key each member line of a block spells when read as YAML, with its line:
/// `taskmanager:` / `  memory:` / `    process.size: 4g` gives `taskmanager.memory.process.size`.
pub(super) fn dotted_keys(cx: &Context<'_>, block: &Block) -> Vec<(Line, String)> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    if let Some(header) = block.header {
        stack.push((0, cx.text(header.content).trim_end_matches(':').to_owned()));
    }
    let mut keys = Vec::new();
    for member in &block.members {
        let raw = cx.text(member.span);
        let indent = raw.len() - raw.trim_start_matches([' ', '\t']).len();
        while stack.last().is_some_and(|(level, _)| *level >= indent) {
            stack.pop();
        }
        let content = cx.text(member.content);
        let path: Vec<&str> = stack.iter().map(|(_, s)| s.as_str()).collect();
        if is_bare_name(cx, member) {
            stack.push((indent, content.trim_end_matches(':').to_owned()));
        } else if let Some((key, _)) = content.split_once(": ") {
            let mut full = path.join(".");
            if !full.is_empty() {
                full.push('.');
            }
            full.push_str(key.trim());
            keys.push((*member, full));
        }
    }
    keys
}
