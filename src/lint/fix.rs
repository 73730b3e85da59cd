//! `lint --fix`: applies the fixes rules attach to findings, one at a time, re-linting after
//! each so that every edit is computed on the current text.
//!
//! A fix marked safe is applied only if both memory budgets of every configuration in the
//! file (each document of a manifest) come out byte for byte the same afterwards (a repair,
//! which makes a refused value readable, may only turn refusals into budgets); otherwise it
//! is held back and counted as unsafe. Unsafe fixes are applied only when asked. The file on
//! disk is not touched here: the caller writes (atomically) or diffs the result.

use std::path::PathBuf;

use super::run::{LintOptions, Outcome, lint_source, version_for};
use super::walk::{Target, expand};
use crate::config::load::dialect_for_name;
use crate::config::{Config, ConfigFile, SourceFile};
use crate::edit;
use crate::migrate::check::{jobmanager_lines, taskmanager_lines};
use crate::rule_contract::{Finding, Safety};

/// At most this many fixes per file (each fix re-lints the file).
const MAX_FIXES: usize = 200;

/// One fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppliedFix {
    /// 1-based line of the finding in the text the fix was applied to.
    pub line: usize,
    pub rule: &'static str,
    pub key: Option<String>,
    pub title: String,
    pub safety: Safety,
    /// The text replaced and its replacement (sensitive values masked).
    pub old: String,
    pub new: String,
}

/// A fix that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeldBack {
    pub rule: &'static str,
    pub key: Option<String>,
    pub title: String,
    pub why: String,
}

/// What fixing one file gives.
#[derive(Debug, Clone)]
pub struct FixedFile {
    pub path: PathBuf,
    pub original: String,
    pub fixed: String,
    pub applied: Vec<AppliedFix>,
    pub held_back: Vec<HeldBack>,
}

/// Both budgets of every configuration the text holds, as `BashJavaUtils` would print them,
/// or why Flink refuses it.
fn meaning(
    source: &SourceFile,
    target: &Target,
    options: &LintOptions,
) -> Vec<Result<String, String>> {
    let configs: Vec<Config> = if crate::kubernetes::is_manifest(source.text()) {
        let kube = crate::kubernetes::Options {
            flink_version: options.flink_version.or(target.settings.flink_version),
            defaults: options
                .operator_defaults
                .clone()
                .unwrap_or_else(crate::kubernetes::OperatorDefaults::chart),
            clusters: options.clusters.clone(),
        };
        crate::kubernetes::read(source.clone(), &kube)
            .units
            .into_iter()
            .map(|unit| Config::new(unit.version, Some(unit.file), &[]))
            .collect()
    } else {
        let file = ConfigFile::parse(source.clone(), dialect_for_name(&target.path));
        let (version, _) = version_for(file.dialect, target, options);
        vec![Config::new(version, Some(file), &[])]
    };
    configs
        .iter()
        .flat_map(|c| {
            let parsed = match c.file().and_then(|f| f.parsed.rejection.as_ref()) {
                Some(r) => Err(format!("rejected: {}", r.message)),
                None => Ok(String::new()),
            };
            [parsed, taskmanager_lines(c), jobmanager_lines(c)]
        })
        .collect()
}

/// Every budget Flink computes before is the same after; only refusals may change.
fn only_repairs(before: &[Result<String, String>], after: &[Result<String, String>]) -> bool {
    before.len() == after.len() && before.iter().zip(after).all(|(b, a)| b.is_err() || b == a)
}

fn masked(key: Option<&str>, text: &str) -> String {
    match key {
        Some(k) if crate::config::sensitive::is_sensitive(k) => {
            crate::config::sensitive::display_value(k, text).into_owned()
        }
        _ => text.to_owned(),
    }
}

/// Fixes one file's text.
fn fix_text(
    original: &str,
    target: &Target,
    options: &LintOptions,
    allow_unsafe: bool,
) -> FixedFile {
    let mut text = original.to_owned();
    let mut applied = Vec::new();
    // What is held back is decided anew on every text: a fix refused before another one was
    // applied may be fine afterwards. The last pass, which applies nothing, has the full list.
    let mut held_back: Vec<HeldBack> = Vec::new();
    while applied.len() < MAX_FIXES {
        held_back.clear();
        let source = SourceFile::new(&target.path, text.clone());
        let findings: Vec<Finding> = match lint_source(source.clone(), target, options) {
            Outcome::Linted(files) => files.into_iter().flat_map(|f| f.findings).collect(),
            _ => break,
        };
        let base = meaning(&source, target, options);
        let mut progress = false;
        for finding in findings {
            let Some(fix) = &finding.fix else { continue };
            let (new, ok) = edit::apply(&text, std::slice::from_ref(&fix.edits));
            if !ok.first().copied().unwrap_or(false) || new == text {
                continue;
            }
            let hold = |why: &str, held_back: &mut Vec<HeldBack>| {
                held_back.push(HeldBack {
                    rule: finding.code(),
                    key: finding.key.clone(),
                    title: fix.title.clone(),
                    why: why.to_owned(),
                });
            };
            let after = meaning(&SourceFile::new(&target.path, new.clone()), target, options);
            let changes_budget = if fix.repairs {
                !only_repairs(&base, &after)
            } else {
                after != base
            };
            let unsafe_here = fix.safety == Safety::Unsafe || changes_budget;
            if unsafe_here && !allow_unsafe {
                hold(
                    if fix.safety == Safety::Unsafe {
                        "unsafe: changes the configuration's meaning (--unsafe-fixes applies it)"
                    } else {
                        "would change a memory budget (--unsafe-fixes applies it)"
                    },
                    &mut held_back,
                );
                continue;
            }
            let line = source.line_col(finding.span.start).line;
            let key = finding.key.as_deref();
            applied.push(AppliedFix {
                line,
                rule: finding.code(),
                key: finding.key.clone(),
                title: fix.title.clone(),
                safety: if unsafe_here {
                    Safety::Unsafe
                } else {
                    Safety::Safe
                },
                old: fix
                    .edits
                    .iter()
                    .map(|e| masked(key, source.slice(e.span)))
                    .collect::<Vec<_>>()
                    .join(" | "),
                new: fix
                    .edits
                    .iter()
                    .map(|e| masked(key, &e.replacement))
                    .collect::<Vec<_>>()
                    .join(" | "),
            });
            text = new;
            progress = true;
            break;
        }
        if !progress {
            break;
        }
    }
    FixedFile {
        path: target.path.clone(),
        original: original.to_owned(),
        fixed: text,
        applied,
        held_back,
    }
}

/// Fixes every file `options.paths` names (files that cannot be read are left to the lint
/// run that follows, which reports them).
pub fn fix(options: &LintOptions, allow_unsafe: bool) -> Vec<FixedFile> {
    let expansion = expand(options.registry, &options.paths);
    expansion
        .targets
        .iter()
        .filter_map(|target| {
            let bytes = crate::config::input::read(&target.path).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some(fix_text(&text, target, options, allow_unsafe))
        })
        .filter(|f| !f.applied.is_empty() || !f.held_back.is_empty())
        .collect()
}
