//! Linting a Kubernetes manifest: every Flink document in it is linted as the configuration the
//! operator (or the `ConfigMap`'s container) gives Flink, and its findings are reported at the
//! manifest's own lines, each inside the document that caused it.

use std::sync::Arc;

use super::mask;
use super::report::{LintError, LintedFile};
use super::run::{LintOptions, check};
use super::settings::Settings;
use crate::config::{SourceFile, Span};
use crate::kubernetes::{self, Kind, Unit};
use crate::rule_contract::{FileEnv, VersionSource};
use crate::rule_contract::{Finding, Registry};

/// Lints every Flink document of a manifest whose text is `source` (`options.paths` is not
/// used); an error when no document can be read at all.
pub fn lint_manifest(
    source: SourceFile,
    options: &LintOptions,
    settings: &Settings,
) -> Result<Vec<LintedFile>, LintError> {
    let path = source.path().to_owned();
    let read = kubernetes::read(
        source,
        &kubernetes::Options {
            flink_version: options.flink_version,
            defaults: options
                .operator_defaults
                .clone()
                .unwrap_or_else(kubernetes::OperatorDefaults::chart),
            clusters: options.clusters.clone(),
        },
    );
    let selection =
        settings.selection(options.registry, options.select.as_deref(), &options.ignore);
    let mut files = Vec::new();
    // One masked text for every document: each shares the manifest's text.
    let masked: Arc<str> =
        mask::masked_text_of(&read.source, read.units.iter().map(|u| &u.file)).into();
    for unit in &read.units {
        let (version, version_source) = match (options.flink_version, unit.version_assumed) {
            (Some(v), _) => (v, VersionSource::CommandLine),
            (None, false) => (unit.version, VersionSource::Manifest),
            (None, true) => settings
                .flink_version
                .map_or((unit.version, VersionSource::Assumed), |v| {
                    (v, VersionSource::Settings)
                }),
        };
        let env = FileEnv {
            version_source,
            legacy_sibling: false,
            standard_sibling: false,
            // An embedded configuration is a text of its own; a document shares the manifest's.
            document: unit.embedded.is_none().then(|| unit.label().span),
        };
        let mut with_job;
        let settings = match &options.job {
            Some(job) => {
                with_job = settings.clone();
                with_job.job = Some(super::settings::Job::loaded(job.clone()));
                &with_job
            }
            None => settings,
        };
        let findings = match &unit.embedded {
            Some((inner, map)) => {
                let mut findings = check(
                    &Arc::new(inner.clone()),
                    version,
                    &env,
                    settings,
                    &selection,
                );
                for finding in &mut findings {
                    finding.span = map.span(finding.span);
                    for label in &mut finding.labels {
                        label.span = map.span(label.span);
                    }
                    relocate_fix(finding, inner, map, &read.source);
                }
                findings
            }
            None => check(
                &Arc::new(unit.file.clone()),
                version,
                &env,
                settings,
                &selection,
            ),
        };
        files.push(LintedFile {
            path: path.clone(),
            source: read.source.clone(),
            dialect: unit.file.dialect,
            version,
            masked: Arc::clone(&masked),
            findings: inside_document(options.registry, unit, findings),
            document: Some(unit.label().clone()),
        });
    }
    match (read.error, files.is_empty()) {
        (None, _) => Ok(files),
        (Some((message, span)), true) => {
            let at = read.source.line_col(span.start);
            Err(LintError {
                path,
                line: at.line,
                column: at.column,
                message,
            })
        }
        (Some((message, span)), false) => {
            // The documents before the break were read: the break is a finding of the last.
            if let Some(last) = files.last_mut() {
                last.findings.push(
                    Finding::new(
                        options.registry.manifest_not_understood,
                        span,
                        format!("{message}: the documents after this point are not read"),
                    )
                    .primary("reading stops here"),
                );
            }
            Ok(files)
        }
    }
}

/// Every finding inside its document: suppression findings about other documents' comments
/// and a session job's findings about its cluster are dropped, and findings about values the operator set without a position (its default
/// configuration) move to the document's first line.
fn inside_document(registry: &Registry, unit: &Unit, findings: Vec<Finding>) -> Vec<Finding> {
    let document = unit.label().span;
    let inside = |span: Span| document.start <= span.start && span.end <= document.end;
    let start = Span::new(document.start, document.start);
    findings
        .into_iter()
        .filter_map(|mut finding| {
            // A session job's findings without a place are about its cluster's settings,
            // which carry no position here: the cluster's own findings report them.
            if unit.label().kind == Kind::FlinkSessionJob && finding.span.is_empty() {
                return None;
            }
            if inside(finding.span) {
                return Some(finding);
            }
            // A session job's cluster is its FlinkDeployment, whose own findings report what
            // lies outside the job's document.
            if finding.code() == registry.unused_suppression.code
                || finding.code() == registry.invalid_suppression.code
                || unit.label().kind == Kind::FlinkSessionJob
            {
                return None;
            }
            finding.span = start;
            finding.labels.retain(|l| inside(l.span));
            Some(finding)
        })
        .collect()
}

/// Moves a fix's edits from a `ConfigMap`'s embedded file into the manifest. Only edits inside
/// one line whose bytes appear unchanged in the manifest survive (a block scalar's line, not
/// an escaped quoted string, not a whole line whose indentation belongs to the manifest).
fn relocate_fix(
    finding: &mut Finding,
    inner: &crate::config::ConfigFile,
    map: &kubernetes::embedded::OffsetMap,
    outer: &SourceFile,
) {
    let Some(fix) = &mut finding.fix else {
        return;
    };
    let movable = fix.edits.iter_mut().all(|edit| {
        let inside = inner.source.slice(edit.span).to_owned();
        let moved = map.span(edit.span);
        let same = !edit.span.is_empty()
            && !inside.contains(['\n', '\r'])
            && !edit.replacement.contains(['\n', '\r'])
            && outer.slice(moved) == inside;
        edit.span = moved;
        same
    });
    if !movable {
        finding.fix = None;
    }
}
