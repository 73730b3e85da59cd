//! Keeping secrets out of every output: the source text shown in snippets with sensitive values
//! blanked out, and a last scrub of finding texts.
//!
//! A value is sensitive when its key is (`config::sensitive::is_sensitive`, Flink's own test).
//! Snippets keep the file's byte layout (every masked byte becomes `*`, line breaks stay), so
//! spans still point at the same places.

use crate::config::sensitive::{MASK, embedded_secrets, is_sensitive};
use crate::config::{ConfigFile, Event, Span};

use crate::rule_contract::Finding;

/// The file's text with the value of every sensitive key replaced by `*`s.
pub fn masked_text(file: &ConfigFile) -> String {
    let text = file.source.text();
    let mut spans: Vec<Span> = Vec::new();
    for entry in &file.parsed.entries {
        match (is_sensitive(&entry.key), entry.value_span) {
            (true, Some(value)) => spans.push(value),
            // A secret inside an ordinary value (`-D...Password=...`, a URL's password).
            (false, Some(value)) => spans.extend(
                embedded_secrets(file.source.slice(value))
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
    // Lines no parser made an entry of (skipped legacy lines, a YAML file that does not parse):
    // blank whatever follows a sensitive-looking `key:` or `key=` on the line.
    for line in file.source.lines() {
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

/// Replaces every secret in a finding's texts with the mask.
pub fn scrub(finding: &mut Finding, secrets: &[String]) {
    let scrub_text = |text: &mut String| {
        for secret in secrets {
            if text.contains(secret.as_str()) {
                *text = text.replace(secret.as_str(), MASK);
            }
        }
    };
    scrub_text(&mut finding.message);
    if let Some(help) = &mut finding.help {
        scrub_text(help);
    }
    if let Some(label) = &mut finding.span_label {
        scrub_text(label);
    }
    for label in &mut finding.labels {
        scrub_text(&mut label.text);
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
}
