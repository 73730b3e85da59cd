//! `flinkmem migrate`: a legacy `flink-conf.yaml` rewritten as the `config.yaml` a target
//! version reads to the same effective configuration, with comments, blank lines and key
//! order kept, every change listed, and the result proven by reading it back ([`check`]).
//!
//! Flink's own migration (`bin/migrate-config-file.sh`, 1.19+: `BashJavaUtils
//! MIGRATE_LEGACY_FLINK_CONFIGURATION_TO_STANDARD_YAML`, which dumps the loaded legacy
//! configuration with `YamlParserUtils`) is the oracle for the values; it writes nested keys in
//! hash order, drops every comment, and fails on keys that are prefixes of other keys. This
//! one works line by line instead:
//! - a key line becomes `key: value`, the value quoted where YAML would read it differently
//!   ([`scalar`]), its comment kept after it; indentation Flink trimmed is removed;
//! - an overridden duplicate, and a line Flink skipped, become comments (standard YAML refuses
//!   duplicate keys, and a skipped line may well parse as YAML);
//! - with a 2.x target, 1.x keys move to their successors or are dropped ([`upgrade`]);
//! - with `nested`, keys are grouped into nested mappings ([`nested`]).

pub mod check;
mod nested;
pub mod scalar;
pub mod upgrade;

use std::collections::HashMap;

use crate::config::{Config, ConfigFile, Dialect, SourceFile, Span};
use crate::version::FlinkVersion;
use check::{Carried, Difference};
use upgrade::Fate;

/// What to migrate from and to.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The version that reads the legacy file today.
    pub source: FlinkVersion,
    /// The version that will read the written `config.yaml` (1.19 or later).
    pub target: FlinkVersion,
    /// Group keys into nested mappings instead of flat dotted keys.
    pub nested: bool,
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The value (or key) is quoted so YAML reads the same string.
    Quoted,
    /// Indentation Flink trimmed is removed.
    Unindented,
    /// An earlier occurrence of a key written twice is commented out (Flink used the later).
    DuplicateCommented,
    /// A line Flink skipped is commented out.
    SkippedLineCommented,
    /// A `#` right after the value, which Flink cut as a comment, is kept as a comment.
    CommentSeparated,
    /// The key is renamed to its successor in the target version.
    Renamed,
    /// The key has no option in the target version and is commented out.
    Removed,
}

/// One change, for the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// 1-based line in the legacy file.
    pub line: usize,
    pub kind: ChangeKind,
    pub key: Option<String>,
    /// The line or value before (sensitive values masked).
    pub old: Option<String>,
    /// After (masked likewise).
    pub new: Option<String>,
    /// In words.
    pub note: String,
    /// Whether the target version reads something else than the source did.
    pub changes_meaning: bool,
}

/// The result: the text to write, the changes, and what reads differently.
#[derive(Debug, Clone)]
pub struct Migration {
    pub text: String,
    pub changes: Vec<Change>,
    /// Empty when the written file is proven equivalent.
    pub differences: Vec<Difference>,
}

/// Why a file cannot be migrated at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    #[error("{0} is already a standard YAML config.yaml; migrate reads a legacy flink-conf.yaml")]
    NotLegacy(String),
    #[error("Flink {0} does not read config.yaml; migrate to 1.19 or later")]
    TargetTooOld(FlinkVersion),
    #[error("Flink {0} does not read flink-conf.yaml; name the version that reads the file today")]
    SourceTooNew(FlinkVersion),
}

/// One line of the output, before layout.
#[derive(Debug, Clone)]
enum Item {
    /// Written as is (a comment, a blank line, or a commented-out line).
    Verbatim(String),
    /// A key with its value; `comment` is the `#...` kept after it with the gap before it.
    Entry {
        key: String,
        key_text: String,
        value_text: String,
        comment: Option<String>,
    },
}

fn mask(key: &str, value: &str) -> String {
    crate::config::sensitive::display_value(key, value).into_owned()
}

/// The line's text with any sensitive value masked, for the report.
fn masked_line(file: &ConfigFile, line: Span, entry: Option<&crate::config::Entry>) -> String {
    let raw = file.source.slice(line);
    match entry.and_then(|e| e.value_span.map(|v| (e, v))) {
        Some((e, v)) if crate::config::sensitive::is_sensitive(&e.key) => format!(
            "{}{}{}",
            &file.source.text()[line.start..v.start],
            mask(&e.key, file.source.slice(v)),
            &file.source.text()[v.end..line.end]
        ),
        _ => raw.to_owned(),
    }
}

/// Migrates a legacy file.
///
/// # Errors
/// The file is not legacy, or a version does not read the file it would have to.
pub fn migrate(file: &ConfigFile, options: Options) -> Result<Migration, MigrateError> {
    if file.dialect != Dialect::Legacy {
        return Err(MigrateError::NotLegacy(
            crate::config::source::display_path(file.source.path()),
        ));
    }
    if !options.target.reads_standard_file() {
        return Err(MigrateError::TargetTooOld(options.target));
    }
    if !options.source.reads_legacy_file() {
        return Err(MigrateError::SourceTooNew(options.source));
    }
    let source = Config::new(options.source, Some(file.clone()), &[]);
    let source_catalog = crate::catalog::catalog(options.source);
    let target_catalog = crate::catalog::catalog(options.target);
    let is_set = |k: &str| source.get(k).is_some();

    let text = file.source.text();
    let entries = &file.parsed.entries;
    let mut by_line: HashMap<usize, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(span) = e.key_span {
            by_line.insert(file.source.line_col(span.start).line, i);
        }
    }
    let mut items: Vec<(Item, &str)> = Vec::new();
    let mut changes = Vec::new();
    let mut carried: HashMap<String, Carried> = HashMap::new();
    let lines: Vec<Span> = file.source.lines().collect();
    for (index, &line) in lines.iter().enumerate() {
        let number = index + 1;
        let next_start = lines.get(index + 1).map_or(text.len(), |l| l.start);
        let terminator = &text[line.end..next_start];
        let terminator = if terminator.is_empty() && next_start == text.len() {
            ""
        } else {
            terminator
        };
        let raw = &text[line.start..line.end];
        let entry = by_line.get(&number).map(|&i| &entries[i]);
        let Some(entry) = entry else {
            let content = raw.split('#').next().unwrap_or("");
            if content.trim_matches(|c: char| c <= ' ').is_empty() {
                items.push((Item::Verbatim(without_tab_indent(raw)), terminator));
            } else {
                items.push((
                    Item::Verbatim(format!("# {}", raw.trim_start())),
                    terminator,
                ));
                changes.push(Change {
                    line: number,
                    kind: ChangeKind::SkippedLineCommented,
                    key: None,
                    old: Some(masked_line(file, line, None)),
                    new: None,
                    note: "Flink skips this line (no ': ' separator or an empty key or value); \
                           kept as a comment"
                        .to_owned(),
                    changes_meaning: false,
                });
            }
            continue;
        };
        let key = entry.key.as_str();
        if source.get(key).map(|w| w.key_span) != Some(entry.key_span) {
            let winner_line = source
                .get(key)
                .and_then(|w| w.key_span)
                .map_or(0, |s| file.source.line_col(s.start).line);
            items.push((
                Item::Verbatim(format!("# {}", raw.trim_start())),
                terminator,
            ));
            changes.push(Change {
                line: number,
                kind: ChangeKind::DuplicateCommented,
                key: Some(key.to_owned()),
                old: Some(masked_line(file, line, Some(entry))),
                new: None,
                note: format!(
                    "{key} is written again on line {winner_line}, which Flink uses; \
                     config.yaml refuses duplicate keys"
                ),
                changes_meaning: false,
            });
            continue;
        }
        if raw.starts_with(|c: char| c <= ' ') {
            changes.push(Change {
                line: number,
                kind: ChangeKind::Unindented,
                key: Some(key.to_owned()),
                old: None,
                new: None,
                note: "Flink ignores the indentation; in YAML it would nest the key".to_owned(),
                changes_meaning: false,
            });
        }
        let (out_key, out_value) = match upgrade::fate(
            key,
            &entry.value.text,
            source_catalog,
            target_catalog,
            &is_set,
        ) {
            Fate::Keep => (key.to_owned(), entry.value.text.clone()),
            Fate::Rename {
                key: to,
                value,
                why,
            } => {
                changes.push(Change {
                    line: number,
                    kind: ChangeKind::Renamed,
                    key: Some(key.to_owned()),
                    old: Some(format!("{key}: {}", mask(key, &entry.value.text))),
                    new: Some(format!("{to}: {}", mask(&to, &value))),
                    note: why,
                    changes_meaning: false,
                });
                (to, value)
            }
            Fate::Drop { why } => {
                items.push((
                    Item::Verbatim(format!("# {}", raw.trim_start())),
                    terminator,
                ));
                changes.push(Change {
                    line: number,
                    kind: ChangeKind::Removed,
                    key: Some(key.to_owned()),
                    old: Some(masked_line(file, line, Some(entry))),
                    new: None,
                    note: why.clone(),
                    changes_meaning: true,
                });
                carried.insert(key.to_owned(), Carried::Dropped(why));
                continue;
            }
        };
        if out_key != key {
            carried.insert(
                key.to_owned(),
                Carried::Renamed {
                    key: out_key.clone(),
                    value: out_value.clone(),
                },
            );
        }
        let key_scalar = scalar::key(&out_key);
        let key_text = key_scalar
            .as_ref()
            .map_or_else(|| out_key.clone(), |s| s.text.clone());
        let original = crate::config::Value::string(out_value.clone());
        let ty = check::option_type(&source, key);
        let same = |stored: &crate::config::Value| {
            check::converted(stored, ty.as_ref(), options.target)
                == check::converted(&original, ty.as_ref(), options.source)
        };
        let Some(value_scalar) = scalar::value(&key_text, &out_key, &out_value, &same) else {
            // A YAML simple key is at most 1024 characters (snakeyaml-engine and granit-parser
            // both refuse a longer one), so such a key is not carried over.
            let why = if key_text.chars().count() > 1024 {
                "a key longer than 1024 characters cannot be written as a YAML key".to_owned()
            } else {
                "no YAML spelling reads back as this value".to_owned()
            };
            items.push((
                Item::Verbatim(format!("# {}", raw.trim_start())),
                terminator,
            ));
            changes.push(Change {
                line: number,
                kind: ChangeKind::Removed,
                key: Some(key.to_owned()),
                old: Some(masked_line(file, line, Some(entry))),
                new: None,
                note: why.clone(),
                changes_meaning: true,
            });
            carried.insert(key.to_owned(), Carried::Dropped(why));
            continue;
        };
        if value_scalar.quoted || key_scalar.as_ref().is_some_and(|s| s.quoted) {
            changes.push(Change {
                line: number,
                kind: ChangeKind::Quoted,
                key: Some(key.to_owned()),
                old: Some(mask(key, &out_value)),
                new: Some(mask(key, &value_scalar.text)),
                note: "quoted so that YAML reads the same string".to_owned(),
                changes_meaning: false,
            });
        }
        let comment = raw.find('#').map(|h| {
            let before = &raw[..h];
            let gap = &before[before.trim_end().len()..];
            if gap.is_empty() {
                changes.push(Change {
                    line: number,
                    kind: ChangeKind::CommentSeparated,
                    key: Some(key.to_owned()),
                    old: None,
                    new: None,
                    note: "Flink cut the value at this '#'; it stays a comment (FM003)".to_owned(),
                    changes_meaning: false,
                });
                format!(" {}", &raw[h..])
            } else {
                // Flink's YAML reader refuses a tab behind a quoted value: spaces only.
                format!("{}{}", gap.replace('\t', " "), &raw[h..])
            }
        });
        items.push((
            Item::Entry {
                key: out_key,
                key_text,
                value_text: value_scalar.text,
                comment,
            },
            terminator,
        ));
    }
    let text = if options.nested {
        nested::layout(&items)
    } else {
        flat_layout(&items)
    };
    let written = ConfigFile::parse(
        SourceFile::new(
            file.source.path().with_file_name("config.yaml"),
            text.clone(),
        ),
        Dialect::Standard,
    );
    let mut differences = Vec::new();
    if let Some(rejection) = &written.parsed.rejection {
        differences.push(Difference {
            key: "(file)".to_owned(),
            source: String::new(),
            target: rejection.message.clone(),
            why: "Flink would refuse the written file".to_owned(),
        });
    } else {
        let target = Config::new(options.target, Some(written), &[]);
        differences = check::compare(&source, &target, &carried);
    }
    Ok(Migration {
        text,
        changes,
        differences,
    })
}

/// A blank or comment line as standard YAML can read it: Flink's YAML reader refuses a tab in
/// a line's leading whitespace even there, so such indentation is dropped.
fn without_tab_indent(line: &str) -> String {
    let body = line.trim_start_matches([' ', '\t']);
    if line[..line.len() - body.len()].contains('\t') {
        body.to_owned()
    } else {
        line.to_owned()
    }
}

fn flat_layout(items: &[(Item, &str)]) -> String {
    let mut out = String::new();
    for (item, terminator) in items {
        match item {
            Item::Verbatim(line) => out.push_str(line),
            Item::Entry {
                key_text,
                value_text,
                comment,
                ..
            } => {
                out.push_str(key_text);
                out.push_str(": ");
                out.push_str(value_text);
                if let Some(c) = comment {
                    out.push_str(c);
                }
            }
        }
        out.push_str(terminator);
    }
    out
}

#[cfg(test)]
mod tests;
