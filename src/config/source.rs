//! A configuration file's text, and positions in it: byte spans and 1-based line:column.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A half-open byte range `[start, end)` in a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// This span shifted right by `offset` bytes.
    #[must_use]
    pub const fn offset(self, offset: usize) -> Self {
        Self::new(self.start + offset, self.end + offset)
    }
}

/// A 1-based line and column; the column counts characters, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The text of one configuration file, as Flink would decode it, with its name. Clones share
/// the text: every Kubernetes document of a manifest, and every report about it, holds the
/// manifest's text without copying it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: PathBuf,
    text: Arc<str>,
    /// Byte offset of the start of every line (after `\n`, `\r\n` or a lone `\r`).
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    /// Wraps file content, reusing its buffer when it is valid UTF-8. Invalid UTF-8 is
    /// replaced by U+FFFD, as Java's decoder does.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned());
        Self::new(path, text)
    }

    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = line_starts(&text);
        Self {
            path: path.into(),
            text: text.into(),
            line_starts: line_starts.into(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text a span covers (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |t| t.chars().count())
            + 1;
        LineCol { line, column }
    }

    /// The byte offset of the start of every line, shared (for a text with the same lines,
    /// such as the file with its secrets masked).
    pub fn shared_line_starts(&self) -> Arc<[usize]> {
        Arc::clone(&self.line_starts)
    }

    /// The byte offset where the 1-based `line` starts (the end of the text past the last).
    pub fn line_start(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Lines as Java's `BufferedReader.readLine` yields them: `(span without terminator)`.
    pub fn lines(&self) -> impl Iterator<Item = Span> + '_ {
        self.line_range(0..self.line_starts.len())
    }

    /// The lines (as [`Self::lines`] gives them) that `span` touches, found without reading
    /// the lines before it.
    pub fn lines_in(&self, span: Span) -> impl Iterator<Item = Span> + '_ {
        let first = self
            .line_starts
            .partition_point(|&s| s <= span.start)
            .max(1)
            - 1;
        let end = self.line_starts.partition_point(|&s| s <= span.end);
        self.line_range(first..end.max(first))
    }

    /// The lines with these 0-based indices.
    fn line_range(&self, indices: std::ops::Range<usize>) -> impl Iterator<Item = Span> + '_ {
        indices.filter_map(move |i| {
            let start = self.line_starts[i];
            let next = self.line_starts.get(i + 1).copied();
            let mut end = next.unwrap_or(self.text.len());
            if next.is_some() {
                // Strip the terminator: `\n`, `\r` or `\r\n`.
                let bytes = self.text.as_bytes();
                if end > start && bytes[end - 1] == b'\n' {
                    end -= 1;
                }
                if end > start && bytes[end - 1] == b'\r' {
                    end -= 1;
                }
            } else if start == self.text.len() {
                // No empty last line after a final terminator (readLine returns null there).
                return None;
            }
            Some(Span::new(start, end))
        })
    }
}

/// The byte offset of the start of every line of `text`: 0, and the offset after each `\n`,
/// `\r\n` or lone `\r` (Java's `readLine`, and miette's snippets, split lines the same way).
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 1;
            }
            b'\n' | b'\r' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// A path with `/` separators and no leading `./`, as every message prints it.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// A file that cannot be used, with the 1-based line and column of the problem: printed as
/// `path:line:col: message`. The lint run, `.flinkmem.toml` and job descriptions report with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl FileError {
    /// A file that cannot be read at all (position 1:1).
    pub fn io(path: &Path, error: &std::io::Error) -> Self {
        let message = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => error.to_string(),
        };
        Self {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("cannot read: {message}"),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            display_path(&self.path),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for FileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_read_line() {
        let file = SourceFile::new("f", "a\r\nb\rc\nd".to_owned());
        let lines: Vec<&str> = file.lines().map(|s| file.slice(s)).collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
        let file = SourceFile::new("f", "a\n\n".to_owned());
        let lines: Vec<&str> = file.lines().map(|s| file.slice(s)).collect();
        assert_eq!(lines, ["a", ""]);
        let file = SourceFile::new("f", "a\nbb\ncc\nd".to_owned());
        let within = |start, end| -> Vec<&str> {
            file.lines_in(Span::new(start, end))
                .map(|s| file.slice(s))
                .collect()
        };
        assert_eq!(within(0, 0), ["a"]);
        assert_eq!(within(3, 6), ["bb", "cc"]);
        assert_eq!(within(2, 2), ["bb"]);
        assert_eq!(within(9, 9), ["d"]);
        assert_eq!(SourceFile::new("f", String::new()).lines().count(), 0);
    }

    #[test]
    fn line_col_counts_characters() {
        let file = SourceFile::new("f", "ü: x\nkey: välue".to_owned());
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        let v = file.text().find("välue").unwrap();
        assert_eq!(file.line_col(v), LineCol { line: 2, column: 6 });
        assert_eq!(
            file.line_col(file.text().len()),
            LineCol {
                line: 2,
                column: 11
            }
        );
    }
}
