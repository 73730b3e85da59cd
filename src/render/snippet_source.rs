//! The text miette draws snippets from, read a few lines at a time: miette's own sources count
//! lines from the start of the text for every span, so a file with many findings took time
//! quadratic in its size. Here a line index finds each span's lines, and miette reads only those,
//! with the same lines, columns and counts as if it had read from the start.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A file's (masked) text with the start of every line, as miette splits lines (`\n`, `\r\n`
/// and a lone `\r` each end one).
#[derive(Debug)]
pub struct SnippetSource {
    text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SnippetSource {
    /// `text` whose lines start where `line_starts` says (those of the file it masks), so that
    /// the documents of one manifest share one index.
    pub fn with_line_starts(text: Arc<str>, line_starts: Arc<[usize]>) -> Self {
        Self { text, line_starts }
    }

    pub fn new(text: Arc<str>) -> Self {
        let line_starts = crate::config::source::line_starts(&text).into();
        Self { text, line_starts }
    }

    /// The 0-based line holding byte `offset` (the last line past the end).
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }
}

impl SourceCode for SnippetSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // One line more than the context before: miette's reading starts at a line start
        // either way, and an empty span never sits at the window's very start (where miette
        // would read the span as one byte long).
        let first = self
            .line_of(span.offset())
            .saturating_sub(context_lines_before + 1);
        let last_of_span = self.line_of((span.offset() + span.len()).saturating_sub(1));
        // miette stops reading once it has seen the context lines after the span; two lines
        // more than that keep every stop inside the window.
        let end = self
            .line_starts
            .get(last_of_span + context_lines_after + 3)
            .copied()
            .unwrap_or(self.text.len());
        let start = self.line_starts[first];
        let window = &self.text.as_bytes()[start..end];
        let inner_span = SourceSpan::new(span.offset().saturating_sub(start).into(), span.len());
        let inner = window.read_span(&inner_span, context_lines_before, context_lines_after)?;
        let data_span = SourceSpan::new((inner.span().offset() + start).into(), inner.span().len());
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            data_span,
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What miette reads from the whole text, for comparison.
    fn whole(text: &str, span: SourceSpan, before: usize, after: usize) -> Option<String> {
        text.read_span(&span, before, after)
            .ok()
            .map(|c| describe(&*c))
    }

    fn describe(contents: &dyn SpanContents<'_>) -> String {
        format!(
            "{:?} {:?} line {} column {} lines {}",
            String::from_utf8_lossy(contents.data()),
            contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count()
        )
    }

    #[test]
    fn reads_what_miette_reads_from_the_start() {
        let texts = [
            "a: 1\nb: 2\r\nc: 3\rd: 4\n\ne: 5",
            "only one line",
            "",
            "\n\n\nx\n",
            "k: v\nlong: välue with ünicode\nz: 9\n",
        ];
        for text in texts {
            let own = SnippetSource::new(text.into());
            let file = crate::config::SourceFile::new("f", text.to_owned());
            let shared = SnippetSource::with_line_starts(text.into(), file.shared_line_starts());
            for (source, offset) in [&own, &shared]
                .into_iter()
                .flat_map(|s| (0..=text.len()).map(move |o| (s, o)))
            {
                for len in 0..4 {
                    for (before, after) in [(0, 0), (1, 1), (2, 1), (0, 2)] {
                        let span = SourceSpan::new(offset.into(), len);
                        let ours = source
                            .read_span(&span, before, after)
                            .ok()
                            .map(|c| describe(&*c));
                        assert_eq!(
                            ours,
                            whole(text, span, before, after),
                            "{text:?} at {offset}+{len}, context {before}/{after}"
                        );
                    }
                }
            }
        }
    }
}
