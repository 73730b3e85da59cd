//! Running the rules: over one parsed file ([`check`]), and over every file the command line
//! names, in parallel, with the output order fixed by the input order ([`lint`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::context::{Context, FileEnv, VersionSource};
use super::detect::is_flink_config;
use super::finding::Finding;
use super::mask;
use super::report::{LintError, LintRun, LintedFile, Notice};
use super::select::Selection;
use super::settings::Settings;
use super::suppress;
use super::walk::{Target, expand};
use crate::config::load::{assumed_version, dialect_for_name};
use crate::config::{Config, ConfigFile, SourceFile};
use crate::rules::RULES;
use crate::version::FlinkVersion;

/// What to lint, and the command line's say in how.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Files and directories.
    pub paths: Vec<PathBuf>,
    /// Overrides `.flinkmem.toml` and the assumed version.
    pub flink_version: Option<FlinkVersion>,
    /// Replaces the `select` of `.flinkmem.toml`.
    pub select: Option<Vec<String>>,
    /// Adds to the `ignore` of `.flinkmem.toml`.
    pub ignore: Vec<String>,
    /// The job of `--job FILE`; replaces the `[job]` of `.flinkmem.toml`.
    pub job: Option<crate::network::Job>,
    /// The Kubernetes operator's default configuration for manifests (`--operator-defaults`);
    /// the operator Helm chart's when `None`.
    pub operator_defaults: Option<crate::kubernetes::OperatorDefaults>,
    /// `FlinkDeployment`s of the whole run, for session jobs in other files (found by [`lint`]).
    pub clusters: Vec<crate::kubernetes::Cluster>,
}

/// Runs the enabled rules on one parsed file and returns its findings, suppressions applied,
/// severities set, secrets scrubbed, sorted by position and code.
pub fn check(
    file: &ConfigFile,
    version: FlinkVersion,
    env: &FileEnv,
    settings: &Settings,
    selection: &Selection,
) -> Vec<Finding> {
    let config = Config::new(version, Some(file.clone()), &[]);
    let cx = Context::new(file, &config, env, settings.job.as_ref());
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|r| selection.is_enabled(r.meta)) {
        (rule.check)(&cx, &mut findings);
    }
    let mut findings = suppress::apply(file, findings, selection);
    let secrets = mask::secrets(file);
    for finding in &mut findings {
        if let Some(severity) = settings.severity.get(finding.code()) {
            finding.severity = *severity;
        }
        mask::scrub(finding, &secrets);
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.code(), &a.message).cmp(&(b.span.start, b.code(), &b.message))
    });
    findings
}

/// What became of one target.
pub(super) enum Outcome {
    Linted(Vec<LintedFile>),
    Skipped(Notice),
    Failed(LintError),
    /// A YAML file a directory walk looked at for manifests that holds none: not reported.
    Ignored,
}

/// Lints every file `options.paths` names.
pub fn lint(options: &LintOptions) -> LintRun {
    let expansion = expand(&options.paths);
    let with_clusters;
    let options = match clusters_of_run(&expansion.targets, options) {
        Some(clusters) => {
            with_clusters = LintOptions {
                clusters,
                ..options.clone()
            };
            &with_clusters
        }
        None => options,
    };
    let mut run = LintRun {
        files: Vec::new(),
        notices: expansion.notices,
        errors: expansion.errors,
    };
    for outcome in in_parallel(&expansion.targets, |target| lint_target(target, options)) {
        match outcome {
            Outcome::Linted(files) => run.files.extend(files),
            Outcome::Skipped(notice) => run.notices.push(notice),
            Outcome::Failed(error) => run.errors.push(error),
            Outcome::Ignored => {}
        }
    }
    for dir in &expansion.only_manifest_candidates {
        if !run.files.iter().any(|f| f.path.starts_with(dir)) {
            run.notices.push(Notice {
                path: dir.clone(),
                message: super::walk::NOTHING_FOUND.to_owned(),
            });
        }
    }
    run
}

/// The `FlinkDeployment`s of every manifest of the run, when some file holds a session job
/// (only then are manifests read twice). Files with the names of plain configurations are not
/// looked at.
fn clusters_of_run(
    targets: &[Target],
    options: &LintOptions,
) -> Option<Vec<crate::kubernetes::Cluster>> {
    let texts: Vec<(PathBuf, String)> = in_parallel(targets, |target| {
        if !super::walk::is_yaml_name(&target.path) || super::walk::is_config_name(&target.path) {
            return None;
        }
        let text = crate::config::input::read_to_string(&target.path).ok()?;
        crate::kubernetes::document::may_hold_flink(&text).then(|| (target.path.clone(), text))
    })
    .into_iter()
    .flatten()
    .collect();
    if !texts.iter().any(|(_, t)| t.contains("FlinkSessionJob")) {
        return None;
    }
    let kube = crate::kubernetes::Options {
        flink_version: options.flink_version,
        defaults: options
            .operator_defaults
            .clone()
            .unwrap_or_else(crate::kubernetes::OperatorDefaults::chart),
        clusters: Vec::new(),
    };
    let clusters = texts
        .into_iter()
        .filter(|(_, text)| text.contains("FlinkDeployment"))
        .flat_map(|(path, text)| {
            crate::kubernetes::clusters_of(&crate::kubernetes::read(
                SourceFile::new(path, text),
                &kube,
            ))
        })
        .collect();
    Some(clusters)
}

/// Applies `work` to every item on all cores; results come back in item order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut local = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else {
                        break;
                    };
                    local.push((index, work(item)));
                }
                if let Ok(mut all) = results.lock() {
                    all.extend(local);
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Reads, checks and lints one file.
fn lint_target(target: &Target, options: &LintOptions) -> Outcome {
    let bytes = match crate::config::input::read(&target.path) {
        Ok(bytes) => bytes,
        // A YAML file looked at only in case it is a manifest is passed over when unreadable.
        Err(_) if target.manifest_only => return Outcome::Ignored,
        Err(e) => return Outcome::Failed(LintError::io(&target.path, &e)),
    };
    lint_source(
        SourceFile::from_bytes(&target.path, &bytes),
        target,
        options,
    )
}

/// The version a plain file of `dialect` is linted against, and where that choice came from.
pub(super) fn version_for(
    dialect: crate::config::Dialect,
    target: &Target,
    options: &LintOptions,
) -> (FlinkVersion, VersionSource) {
    match (options.flink_version, target.settings.flink_version) {
        (Some(v), _) => (v, VersionSource::CommandLine),
        (None, Some(v)) => (v, VersionSource::Settings),
        (None, None) => (assumed_version(dialect), VersionSource::Assumed),
    }
}

/// Checks and lints one file's text (read from `target.path`, or as `lint --fix` edits it).
pub(super) fn lint_source(source: SourceFile, target: &Target, options: &LintOptions) -> Outcome {
    if crate::kubernetes::is_manifest(source.text()) {
        return match super::manifest::lint_manifest(source, options, &target.settings) {
            Ok(files) => Outcome::Linted(files),
            Err(error) => Outcome::Failed(error),
        };
    }
    if target.manifest_only {
        return Outcome::Ignored;
    }
    let file = ConfigFile::parse(source, dialect_for_name(&target.path));
    let dialect = file.dialect;
    let settings = &target.settings;
    let (version, version_source) = version_for(dialect, target, options);
    if !is_flink_config(&file, version) {
        return Outcome::Skipped(Notice {
            path: target.path.clone(),
            message: "skipped: not a Flink configuration (none of its keys is a Flink option)"
                .to_owned(),
        });
    }
    let env = FileEnv {
        version_source,
        legacy_sibling: sibling_exists(&target.path, "flink-conf.yaml"),
        standard_sibling: sibling_exists(&target.path, "config.yaml"),
    };
    let selection = settings.selection(options.select.as_deref(), &options.ignore);
    let findings = match &options.job {
        Some(job) => {
            let mut with_job = settings.as_ref().clone();
            with_job.job = Some(super::settings::Job::loaded(job.clone()));
            check(&file, version, &env, &with_job, &selection)
        }
        None => check(&file, version, &env, settings, &selection),
    };
    Outcome::Linted(vec![LintedFile {
        path: target.path.clone(),
        masked: mask::masked_text(&file),
        dialect,
        version,
        findings,
        source: file.source,
        document: None,
    }])
}

/// Whether another file named `name` sits next to `path`.
pub(super) fn sibling_exists(path: &Path, name: &str) -> bool {
    let is_self = path.file_name().is_some_and(|n| n == name);
    !is_self
        && path
            .parent()
            .map(|dir| {
                if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                }
            })
            .is_some_and(|dir| dir.join(name).is_file())
}
