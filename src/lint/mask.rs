//! Keeping secrets out of every output: the source text shown in snippets with sensitive values
//! blanked out, and a last scrub of finding texts.
//!
//! A value is sensitive when its key is (`config::sensitive::is_sensitive`, Flink's own test).
//! Snippets keep the file's byte layout (every masked byte becomes `*`, line breaks stay), so
//! spans still point at the same places.

use aho_corasick::AhoCorasick;

use crate::config::sensitive::{MASK, embedded_secrets, is_sensitive};
use crate::config::{ConfigFile, Event, SourceFile, Span};

use crate::rule_contract::Finding;

/// The file's text with the value of every sensitive key replaced by `*`s.
pub fn masked_text(file: &ConfigFile) -> String {
    masked_text_of(&file.source, std::iter::once(file))
}

/// `source`'s text with the sensitive values of every one of `files` (each read from that text,
/// as the documents of one manifest are) replaced by `*`s.
pub fn masked_text_of<'f>(
    source: &SourceFile,
    files: impl IntoIterator<Item = &'f ConfigFile>,
) -> String {
    let text = source.text();
    let mut spans: Vec<Span> = Vec::new();
    for file in files {
        for entry in &file.parsed.entries {
            match (is_sensitive(&entry.key), entry.value_span) {
                (true, Some(value)) => spans.push(value),
                // A secret inside an ordinary value (`-D...Password=...`, a URL's password).
                (false, Some(value)) => spans.extend(
                    embedded_secrets(source.slice(value))
                        .into_iter()
                        .map(|r| Span::new(value.start + r.start, value.start + r.end)),
                ),
                _ => {}
            }
        }
        for event in &file.parsed.events {
            // What a '#' cut off a legacy password is part of the password.
            if let Event::CommentCutsValue { key, cut, .. } = event
                && is_sensitive(key)
            {
                spans.push(*cut);
            }
        }
    }
    // Lines no parser made an entry of (skipped legacy lines, a YAML file that does not parse):
    // blank whatever follows a sensitive-looking `key:` or `key=` on the line.
    for line in source.lines() {
        let content = &text[line.start..line.end];
        let Some(separator) = content.find([':', '=']) else {
            continue;
        };
        let key = content[..separator]
            .trim()
            .trim_start_matches(['-', ' ', '"', '\''])
            .trim_end_matches(['"', '\'']);
        if is_sensitive(key) {
            spans.push(Span::new(line.start + separator + 1, line.end));
        }
    }
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        for byte in bytes
            .get_mut(span.start..span.end.min(text.len()))
            .into_iter()
            .flatten()
        {
            if *byte != b'\n' && *byte != b'\r' && *byte != b' ' {
                *byte = b'*';
            }
        }
    }
    // Only whole UTF-8 sequences inside spans are replaced, byte by byte, so the result is
    // valid UTF-8; fall back to the lossy form rather than fail.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The secret values of a file, for scrubbing texts (too short ones would hit ordinary words).
pub fn secrets(file: &ConfigFile) -> Vec<String> {
    let mut secrets: Vec<String> = file
        .parsed
        .entries
        .iter()
        .filter(|e| is_sensitive(&e.key))
        .flat_map(|e| {
            [
                e.value.text.clone(),
                e.value_span
                    .map(|s| file.source.slice(s).to_owned())
                    .unwrap_or_default(),
            ]
        })
        .chain(file.parsed.entries.iter().flat_map(|e| {
            embedded_secrets(&e.value.text)
                .into_iter()
                .map(|r| e.value.text[r].to_owned())
                .collect::<Vec<_>>()
        }))
        .filter(|s| s.chars().count() >= 4)
        .collect();
    // Longest first, so a secret that contains another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// Finds every secret of a file in a text in one pass, however many secrets there are.
#[derive(Debug)]
pub struct Scrubber {
    /// `None` when there is nothing to hide.
    secrets: Option<AhoCorasick>,
}

impl Scrubber {
    pub fn new(secrets: &[String]) -> Self {
        let secrets = (!secrets.is_empty())
            .then(|| AhoCorasick::new(secrets).ok())
            .flatten();
        Self { secrets }
    }

    /// `text` with every stretch covered by a secret (overlapping ones joined) replaced by
    /// the mask, so no byte of any occurrence survives.
    pub fn scrub_text(&self, text: &str) -> Option<String> {
        let secrets = self.secrets.as_ref()?;
        // Overlapping matches come in the order they end: sort them by where they start.
        let mut found: Vec<(usize, usize)> = secrets
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        found.sort_unstable();
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for (start, end) in found {
            match covered.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => covered.push((start, end)),
            }
        }
        if covered.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (start, end) in covered {
            out.push_str(&text[from..start]);
            out.push_str(MASK);
            from = end;
        }
        out.push_str(&text[from..]);
        Some(out)
    }

    /// Replaces every secret in a finding's texts with the mask.
    pub fn scrub(&self, finding: &mut Finding) {
        let scrub = |text: &mut String| {
            if let Some(scrubbed) = self.scrub_text(text) {
                *text = scrubbed;
            }
        };
        scrub(&mut finding.message);
        for text in [&mut finding.help, &mut finding.span_label]
            .into_iter()
            .flatten()
        {
            if let Some(scrubbed) = self.scrub_text(text) {
                *text = scrubbed.into();
            }
        }
        for label in &mut finding.labels {
            scrub(&mut label.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SourceFile;

    fn masked(name: &str, text: &str) -> String {
        let dialect = crate::config::load::dialect_for_name(std::path::Path::new(name));
        masked_text(&ConfigFile::parse(
            SourceFile::new(name, text.to_owned()),
            dialect,
        ))
    }

    #[test]
    fn masks_values_cut_parts_and_skipped_lines() {
        assert_eq!(
            masked(
                "flink-conf.yaml",
                "a: 1\ns3.secret-key: ab#cd\npassword:x\n"
            ),
            "a: 1\ns3.secret-key: *****\npassword:*\n"
        );
        let yaml = "s3:\n  secret-key: \"hunter2\"\nrest:\n  port: 8081\n";
        assert_eq!(
            masked("config.yaml", yaml),
            "s3:\n  secret-key: *********\nrest:\n  port: 8081\n"
        );
        // A file that does not parse still has its secrets masked.
        assert_eq!(
            masked("config.yaml", "password: [unclosed\n"),
            "password: *********\n"
        );
        assert_eq!(masked("config.yaml", "päss: ü\n"), "päss: ü\n");
    }

    #[test]
    fn scrubbing_hides_every_byte_of_overlapping_secrets() {
        let secrets = ["abcd".to_owned(), "cdefgh".to_owned(), "zzzz".to_owned()];
        let scrubber = Scrubber::new(&secrets);
        assert_eq!(
            scrubber.scrub_text("x abcdefgh y zzzz abcd").as_deref(),
            Some("x ****** y ****** ******")
        );
        assert_eq!(scrubber.scrub_text("nothing here"), None);
        assert_eq!(Scrubber::new(&[]).scrub_text("abcd"), None);
    }
}
