//! A configuration file held in a YAML string (a `ConfigMap`'s `data: {config.yaml: |...}`):
//! its text as the container sees it, and the way back from every position in that text to
//! the manifest's own line and column, through block scalars (`|`, `|+`, `>`) and quoted
//! strings with their escapes.

use granit_parser::ScalarStyle;

use super::yaml::Scalar;
use crate::config::{ConfigFile, Event, Rejection, SourceFile, Span};

/// Maps byte offsets in a scalar's value to byte offsets in the manifest.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// `(offset in the value, offset in the manifest)`, ascending; between two anchors the text
    /// runs byte for byte.
    anchors: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The map of `scalar`, whose text is in `outer`.
    pub fn of(scalar: &Scalar, outer: &str) -> Self {
        let anchors = match scalar.style {
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => quoted_anchors(scalar, outer),
            _ => line_anchors(scalar, outer),
        };
        Self { anchors }
    }

    /// Where the value's byte `offset` is in the manifest.
    pub fn offset(&self, offset: usize) -> usize {
        let at = self.anchors.partition_point(|&(inner, _)| inner <= offset);
        match at.checked_sub(1).and_then(|i| self.anchors.get(i)) {
            Some(&(inner, outer)) => outer + (offset - inner),
            None => self.anchors.first().map_or(0, |&(_, outer)| outer),
        }
    }

    pub fn span(&self, span: Span) -> Span {
        let start = self.offset(span.start);
        let end = if span.end > span.start {
            self.offset(span.end - 1) + 1
        } else {
            start
        };
        Span::new(start, end.max(start))
    }

    /// The same file with every position moved into the manifest, whose text `outer` becomes
    /// its source.
    pub fn relocate(&self, mut file: ConfigFile, outer: SourceFile) -> ConfigFile {
        for entry in &mut file.parsed.entries {
            entry.key_span = entry.key_span.map(|s| self.span(s));
            entry.value_span = entry.value_span.map(|s| self.span(s));
            for parent in &mut entry.parent_spans {
                *parent = self.span(*parent);
            }
        }
        for event in &mut file.parsed.events {
            self.relocate_event(event);
        }
        if let Some(Rejection { span, .. }) = &mut file.parsed.rejection {
            *span = self.span(*span);
        }
        file.source = outer;
        file
    }

    fn relocate_event(&self, event: &mut Event) {
        match event {
            Event::LineSkipped { line, .. } | Event::IndentedLine { line, .. } => {
                *line = self.span(*line);
            }
            Event::CommentCutsValue { value, cut, .. } => {
                *value = self.span(*value);
                *cut = self.span(*cut);
            }
            Event::QuotedValue { value, .. } | Event::ListValue { value, .. } => {
                *value = self.span(*value);
            }
            Event::DuplicateKey { first, second, .. } => {
                *first = self.span(*first);
                *second = self.span(*second);
            }
            Event::NullValue { key_span, .. } => *key_span = self.span(*key_span),
        }
    }
}

/// Block and plain scalars: every line of the value is a line of the manifest minus its
/// indentation (folding only changes what joins the lines), so each line is found in turn.
fn line_anchors(scalar: &Scalar, outer: &str) -> Vec<(usize, usize)> {
    let raw = outer.get(scalar.span.start..scalar.span.end).unwrap_or("");
    let block = matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded);
    let mut anchors = Vec::new();
    let mut cursor = 0;
    let mut offset = scalar.span.start;
    // The scalar's span starts at its first character of content (after a block's header and
    // indentation), so the first piece is a partial line.
    for line in raw.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line
            .trim_end_matches(['\n', '\r'])
            .trim_start_matches([' ', '\t']);
        if content.is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        // Deeper-indented lines keep their extra spaces in the value: find the longest
        // suffix of the line's indentation that the value has too.
        let Some(found) = scalar.value[cursor..].find(content) else {
            continue;
        };
        let mut inner = cursor + found;
        let mut outer_at = line_start + indent;
        while inner > cursor
            && outer_at > line_start
            && scalar.value.as_bytes()[inner - 1] == b' '
            && outer.as_bytes()[outer_at - 1] == b' '
            && block
        {
            inner -= 1;
            outer_at -= 1;
        }
        anchors.push((inner, outer_at));
        cursor = cursor + found + content.len();
    }
    if anchors.is_empty() {
        anchors.push((0, scalar.span.start));
    }
    anchors
}

/// Quoted scalars: walked character by character, escapes and folded line breaks included.
fn quoted_anchors(scalar: &Scalar, outer: &str) -> Vec<(usize, usize)> {
    let double = scalar.style == ScalarStyle::DoubleQuoted;
    let raw = outer.get(scalar.span.start..scalar.span.end).unwrap_or("");
    let raw_bytes = raw.as_bytes();
    // Skip the opening quote.
    let mut j = usize::from(raw.starts_with(['"', '\'']));
    let mut anchors = Vec::new();
    for (i, c) in scalar.value.char_indices() {
        if j >= raw.len() {
            break;
        }
        let here = raw[j..].chars().next().unwrap_or(c);
        if here == c && !(double && c == '\\') && (double || c != '\'') {
            anchors.push((i, scalar.span.start + j));
            j += c.len_utf8();
            continue;
        }
        if double && raw_bytes[j] == b'\\' {
            anchors.push((i, scalar.span.start + j));
            let escape_len = match raw_bytes.get(j + 1) {
                Some(b'x') => 4,
                Some(b'u') => 6,
                Some(b'U') => 10,
                Some(b'\n') => {
                    // An escaped line break joins lines without a space.
                    j += 2;
                    while j < raw.len() && matches!(raw_bytes[j], b' ' | b'\t') {
                        j += 1;
                    }
                    continue;
                }
                _ => 2,
            };
            j += escape_len;
            continue;
        }
        if !double && raw_bytes[j] == b'\'' {
            // `''` stands for one quote.
            anchors.push((i, scalar.span.start + j));
            j += 2;
            continue;
        }
        // A folded line break: the value has a space or newline where the text has
        // whitespace and line breaks; the character after it is where the text resumes.
        while j < raw.len() && matches!(raw_bytes[j], b' ' | b'\t' | b'\n' | b'\r') {
            j += 1;
        }
        anchors.push((i, scalar.span.start + j));
        if raw[j..].starts_with(c) && !c.is_whitespace() {
            j += c.len_utf8();
        }
    }
    if anchors.is_empty() {
        anchors.push((0, scalar.span.start));
    }
    anchors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubernetes::yaml::{self, Node};

    fn scalar(text: &str) -> Scalar {
        let stream = yaml::read(text);
        stream.documents[0]
            .root
            .at(&["data", "config.yaml"])
            .and_then(Node::as_scalar)
            .cloned()
            .expect("scalar")
    }

    fn check(text: &str, needle: &str) {
        let s = scalar(text);
        let map = OffsetMap::of(&s, text);
        let inner = s.value.find(needle).expect("in value");
        let outer = map.offset(inner);
        assert_eq!(&text[outer..outer + needle.len()], needle, "{text:?}");
    }

    #[test]
    fn literal_and_folded_blocks_map_line_by_line() {
        let text =
            "data:\n  config.yaml: |+\n    a: 1\n\n    taskmanager:\n      numberOfTaskSlots: 4\n";
        check(text, "numberOfTaskSlots: 4");
        check(text, "  numberOfTaskSlots");
        check(text, "a: 1");
        let text = "data:\n  config.yaml: >-\n    a: 1\n\n    b: 2\n";
        check(text, "b: 2");
    }

    #[test]
    fn quoted_strings_map_through_escapes() {
        let text = "data:\n  config.yaml: \"a: \\\"x\\\"\\nb: 2\\n\"\n";
        check(text, "b: 2");
        let text = "data:\n  config.yaml: 'a: ''x''\n\n    b: 2'\n";
        check(text, "b: 2");
    }
}
