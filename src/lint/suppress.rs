//! Inline suppressions: `# flinkmem: ignore[FM101] reason` (several codes separated by commas)
//! silences those rules' findings on its own line, and, when the comment stands alone on its
//! line, on the next line too. A suppression that silences nothing is reported (FM010), and so
//! is one that cannot be understood or gives no reason (FM011). Those two are never silenced.

use std::fmt::Write as _;

use crate::config::{ConfigFile, Dialect, Span};

use super::select::Selection;
use crate::rule_contract::Finding;
use crate::rule_contract::Registry;

/// The directive that starts a suppression, after the `#`.
const DIRECTIVE: &str = "flinkmem:";

/// One rule code named in a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Code {
    rule: &'static str,
    span: Span,
    used: bool,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Suppression {
    /// The 1-based line it is on.
    line: usize,
    /// Whether it also covers the next line (it is alone on its line).
    covers_next: bool,
    codes: Vec<Code>,
}

impl Suppression {
    fn covers(&self, line: usize) -> bool {
        line == self.line || (self.covers_next && line == self.line + 1)
    }
}

/// A comment that looks like a suppression but is not a usable one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    span: Span,
    message: String,
    help: &'static str,
}

const SYNTAX_HELP: &str = "write `# flinkmem: ignore[FM101] why this is fine`";

/// The spans of a file's values, to tell a `#` inside a YAML scalar from a comment.
struct Values {
    /// Value spans sorted by start, each with the furthest end of it and those before it.
    spans: Vec<(usize, usize)>,
}

impl Values {
    /// The values of a `config.yaml`; none for a legacy file, where every `#` cuts the line.
    fn of(file: &ConfigFile) -> Self {
        if file.dialect == Dialect::Legacy {
            return Self { spans: Vec::new() };
        }
        let mut spans: Vec<(usize, usize)> = file
            .parsed
            .entries
            .iter()
            .filter_map(|e| e.value_span.map(|v| (v.start, v.end)))
            .collect();
        spans.sort_unstable();
        let mut furthest = 0;
        for span in &mut spans {
            furthest = furthest.max(span.1);
            span.1 = furthest;
        }
        Self { spans }
    }

    /// Whether some value's span holds the byte at `at`.
    fn hold(&self, at: usize) -> bool {
        let before = self.spans.partition_point(|&(start, _)| start <= at);
        before > 0 && at < self.spans[before - 1].1
    }
}

/// Where the comment of a line starts, as the file's dialect defines comments.
fn comment_start(file: &ConfigFile, values: &Values, line: Span) -> Option<usize> {
    let text = file.source.slice(line);
    match file.dialect {
        // Flink cuts a legacy line at its first '#', wherever it is.
        Dialect::Legacy => text.find('#').map(|i| line.start + i),
        // YAML: a '#' at the line start or after a blank, outside any scalar.
        Dialect::Standard => text.char_indices().find_map(|(i, c)| {
            if c != '#' {
                return None;
            }
            let at = line.start + i;
            let after_blank = i == 0 || text[..i].ends_with([' ', '\t']);
            (after_blank && !values.hold(at)).then_some(at)
        }),
    }
}

/// Reads every suppression comment of a file.
fn parse(
    registry: &Registry,
    file: &ConfigFile,
    region: Option<Span>,
) -> (Vec<Suppression>, Vec<Problem>) {
    let mut suppressions = Vec::new();
    let mut problems = Vec::new();
    let text = file.source.text();
    let values = Values::of(file);
    let lines: Box<dyn Iterator<Item = Span>> = match region {
        Some(region) => Box::new(file.source.lines_in(region)),
        None => Box::new(file.source.lines()),
    };
    for line in lines {
        let Some(comment) = comment_start(file, &values, line) else {
            continue;
        };
        let covers_next = text[line.start..comment].trim().is_empty();
        // Any '#' inside the comment may start the directive (`# note # flinkmem: ...`).
        for (offset, _) in text[comment..line.end].match_indices('#') {
            let hash = comment + offset;
            let after = &text[hash + 1..line.end];
            let body_start = hash + 1 + (after.len() - after.trim_start().len());
            if !text[body_start..line.end].starts_with(DIRECTIVE) {
                continue;
            }
            let directive = Span::new(hash, line.end);
            match parse_directive(registry, file, body_start + DIRECTIVE.len(), line.end) {
                Ok((codes, reason_given)) => {
                    if !reason_given {
                        problems.push(Problem {
                            span: directive,
                            message: "suppression without a reason".to_owned(),
                            help: "say why after the `]`: `# flinkmem: ignore[FM101] set by our platform`",
                        });
                    }
                    suppressions.push(Suppression {
                        line: file.source.line_col(line.start).line,
                        covers_next,
                        codes,
                    });
                }
                Err(problem) => problems.push(problem),
            }
            break;
        }
    }
    (suppressions, problems)
}

/// Parses `ignore[CODE, ...] reason` in `text[start..end]`.
fn parse_directive(
    registry: &Registry,
    file: &ConfigFile,
    start: usize,
    end: usize,
) -> Result<(Vec<Code>, bool), Problem> {
    let text = file.source.text();
    let body = &text[start..end];
    let trimmed = body.trim_start();
    let open = start + (body.len() - trimmed.len());
    let whole = Span::new(open, end);
    let bad = |message: String| Problem {
        span: whole,
        message,
        help: SYNTAX_HELP,
    };
    let Some(list) = trimmed.strip_prefix("ignore[") else {
        return Err(bad(format!(
            "unknown flinkmem directive `{}`",
            trimmed.trim_end()
        )));
    };
    let Some(close) = list.find(']') else {
        return Err(bad("suppression without a closing `]`".to_owned()));
    };
    let list_start = open + "ignore[".len();
    let mut codes = Vec::new();
    let mut position = list_start;
    for part in list[..close].split(',') {
        let code_text = part.trim();
        let code_start = position + (part.len() - part.trim_start().len());
        position += part.len() + 1;
        if code_text.is_empty() {
            continue;
        }
        let span = Span::new(code_start, code_start + code_text.len());
        let rule = registry
            .find(code_text)
            .filter(|r| r.meta.code.eq_ignore_ascii_case(code_text));
        let Some(rule) = rule else {
            let mut message = format!("unknown rule code `{code_text}` in a suppression");
            if let Some(s) = registry.suggest(code_text) {
                let _ = write!(message, " (did you mean {s}?)");
            }
            return Err(Problem {
                span,
                message,
                help: "name rules by their code, e.g. `ignore[FM101]`; `flinkmem rules` lists them",
            });
        };
        codes.push(Code {
            rule: rule.meta.code,
            span,
            used: false,
        });
    }
    if codes.is_empty() {
        return Err(bad("suppression names no rule".to_owned()));
    }
    let reason_given = !list[close + 1..].trim().is_empty();
    Ok((codes, reason_given))
}

/// Drops the findings a suppression covers, then adds FM010 for suppressions that covered
/// nothing (of a rule that ran) and FM011 for unusable ones, when those rules are enabled.
/// With a `document` (a manifest's document being linted), only the comments on its lines and
/// the line before it are read: the other documents' comments are theirs.
pub fn apply(
    file: &ConfigFile,
    findings: Vec<Finding>,
    selection: &Selection,
    document: Option<Span>,
) -> Vec<Finding> {
    let registry = selection.registry();
    let region = document.map(|d| {
        let line = file.source.line_col(d.start).line;
        Span::new(file.source.line_start(line.saturating_sub(1).max(1)), d.end)
    });
    let (mut suppressions, problems) = parse(registry, file, region);
    let mut kept: Vec<Finding> = findings
        .into_iter()
        .filter(|finding| {
            let line = file.source.line_col(finding.span.start).line;
            let mut suppressed = false;
            // Suppressions are in line order: only those on this line and the one before
            // can cover it.
            let from = suppressions.partition_point(|s| s.line + 1 < line);
            let to = suppressions.partition_point(|s| s.line <= line);
            for suppression in suppressions[from..to].iter_mut().filter(|s| s.covers(line)) {
                for code in &mut suppression.codes {
                    if code.rule == finding.code() {
                        code.used = true;
                        suppressed = true;
                    }
                }
            }
            !suppressed
        })
        .collect();
    if selection.is_enabled(registry.unused_suppression) {
        for suppression in &suppressions {
            for code in suppression.codes.iter().filter(|c| !c.used) {
                let ran = registry
                    .find(code.rule)
                    .is_some_and(|r| selection.is_enabled(r.meta));
                if !ran {
                    continue;
                }
                kept.push(
                    Finding::new(
                        registry.unused_suppression,
                        code.span,
                        format!(
                            "unused suppression: {} reports nothing on line {}{}",
                            code.rule,
                            suppression.line,
                            if suppression.covers_next {
                                format!(" or {}", suppression.line + 1)
                            } else {
                                String::new()
                            }
                        ),
                    )
                    .primary("suppresses nothing")
                    .help(format!(
                        "remove `{}` from the comment (or the whole comment)",
                        code.rule
                    )),
                );
            }
        }
    }
    if selection.is_enabled(registry.invalid_suppression) {
        for problem in problems {
            kept.push(
                Finding::new(registry.invalid_suppression, problem.span, problem.message)
                    .primary("not a usable suppression")
                    .help(problem.help),
            );
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SourceFile;
    use crate::rules::REGISTRY;

    fn file(name: &str, text: &str) -> ConfigFile {
        ConfigFile::parse(
            SourceFile::new(name, text.to_owned()),
            crate::config::load::dialect_for_name(std::path::Path::new(name)),
        )
    }

    #[test]
    fn reads_codes_lines_and_reasons() {
        let f = file(
            "flink-conf.yaml",
            "# flinkmem: ignore[FM101, fm102] set by the platform\na.b: 1 # flinkmem: ignore[FM202]\n",
        );
        let (s, p) = parse(&REGISTRY, &f, None);
        assert_eq!(s.len(), 2);
        assert!(s[0].covers(1) && s[0].covers(2) && !s[0].covers(3));
        assert_eq!(
            s[0].codes.iter().map(|c| c.rule).collect::<Vec<_>>(),
            ["FM101", "FM102"]
        );
        assert_eq!(f.source.slice(s[0].codes[1].span), "fm102");
        assert!(s[1].covers(2) && !s[1].covers(3));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].message, "suppression without a reason");
    }

    #[test]
    fn yaml_hash_inside_a_value_is_not_a_comment() {
        let f = file(
            "config.yaml",
            "a: \"x # flinkmem: ignore[FM101] no\"\nb: 1 # flinkmem: ignore[FM9] typo\n",
        );
        let (s, p) = parse(&REGISTRY, &f, None);
        assert!(s.is_empty());
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("`FM9`"), "{}", p[0].message);
    }

    #[test]
    fn malformed_directives_are_problems() {
        for text in [
            "# flinkmem: ignore FM101 why",
            "# flinkmem: ignore[FM101 why",
            "# flinkmem: disable[FM101] why",
            "# flinkmem: ignore[] why",
        ] {
            let (s, p) = parse(&REGISTRY, &file("flink-conf.yaml", text), None);
            assert!(s.is_empty(), "{text}");
            assert_eq!(p.len(), 1, "{text}");
        }
    }
}
