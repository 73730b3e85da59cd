//! Running the rules: over one parsed file ([`check`]), and over every file the command line
//! names, in parallel, with the output order fixed by the input order ([`lint`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use super::detect::is_flink_config;
use super::mask;
use super::report::{LintError, LintRun, LintedFile, Notice};
use super::select::Selection;
use super::settings::{Job, Settings};
use super::suppress;
use super::walk::{Expanded, Target, expand_each};
use crate::config::load::{assumed_version, dialect_for_name};
use crate::config::{Config, ConfigFile, SourceFile};
use crate::rule_contract::Finding;
use crate::rule_contract::{Context, FileEnv, Registry, VersionSource};
use crate::version::FlinkVersion;

/// What to lint, and the command line's say in how.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// The rules to run (the CLI hands over [`crate::rules::REGISTRY`]).
    pub registry: &'static Registry,
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

impl LintOptions {
    /// Linting nothing yet with the rules of `registry`, everything else as Flink and
    /// `.flinkmem.toml` say.
    pub fn new(registry: &'static Registry) -> Self {
        Self {
            registry,
            paths: Vec::new(),
            flink_version: None,
            select: None,
            ignore: Vec::new(),
            job: None,
            operator_defaults: None,
            clusters: Vec::new(),
        }
    }
}

/// Runs the enabled rules on one parsed file and returns its findings, suppressions applied,
/// severities set, secrets scrubbed, sorted by position and code.
pub fn check(
    file: &Arc<ConfigFile>,
    version: FlinkVersion,
    env: &FileEnv,
    settings: &Settings,
    selection: &Selection,
) -> Vec<Finding> {
    let config = Config::sharing(version, Some(Arc::clone(file)), &[]);
    let job = settings.job.as_ref().map(Job::to_network_job);
    let cx = Context::new(file, &config, env, job);
    let mut findings = Vec::new();
    for rule in selection.rules() {
        (rule.check)(&cx, &mut findings);
    }
    let mut findings = suppress::apply(file, findings, selection, env.document);
    let scrubber = if findings.is_empty() {
        mask::Scrubber::new(&[])
    } else {
        mask::Scrubber::new(&mask::secrets(file))
    };
    for finding in &mut findings {
        if let Some(severity) = settings.severity.get(finding.code()) {
            finding.severity = *severity;
        }
        scrubber.scrub(finding);
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

/// One result of a lint run, as [`lint_each`] delivers it.
#[derive(Debug)]
pub enum Event {
    File(LintedFile),
    Notice(Notice),
    Error(LintError),
}

/// Lints every file `options.paths` names and collects the results.
pub fn lint(options: &LintOptions) -> LintRun {
    let mut run = LintRun::default();
    lint_each(options, |event| match event {
        Event::File(file) => run.files.push(file),
        Event::Notice(notice) => run.notices.push(notice),
        Event::Error(error) => run.errors.push(error),
    });
    run
}

/// Lints every file `options.paths` names, handing each result to `emit` in command-line and
/// walk order as soon as it and everything before it are done: one thread walks the
/// directories while the others lint, and a run holds only the results not yet emitted, so
/// a tree of any size streams through in bounded memory.
///
/// A session job's cluster may be in any other manifest of the run, so YAML files that may be
/// manifests are linted only once the walk is complete (and the results after the first of them
/// are held until then).
pub fn lint_each(options: &LintOptions, mut emit: impl FnMut(Event)) {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // Work and results travel in batches: one hand-over per file would cost more in thread
    // wake-ups than linting a small file does.
    let (work_tx, work_rx) = mpsc::sync_channel::<Vec<(usize, Target)>>(8 * threads);
    let (done_tx, done_rx) = mpsc::sync_channel::<Vec<(usize, Done)>>(8 * threads);
    let work_rx = Mutex::new(work_rx);
    let mut order = Reorder::default();
    let mut manifest_paths: Vec<PathBuf> = Vec::new();
    let mut deliver = |event: Event| {
        if let Event::File(file) = &event
            && file.document.is_some()
        {
            manifest_paths.push(file.path.clone());
        }
        emit(event);
    };
    let only_manifest_candidates = std::thread::scope(|scope| {
        let producer = {
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut index = 0;
                let mut batch = Vec::with_capacity(BATCH);
                // A send fails only when every receiver is gone: nothing is listening.
                let found = expand_each(options.registry, &options.paths, &mut |item| {
                    let _ = match item {
                        Expanded::Target(target) => {
                            batch.push((index, target));
                            if batch.len() == BATCH {
                                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                                work_tx.send(full).map_err(drop)
                            } else {
                                Ok(())
                            }
                        }
                        Expanded::Notice(n) => {
                            done_tx.send(vec![(index, Done::notice(n))]).map_err(drop)
                        }
                        Expanded::Error(e) => {
                            done_tx.send(vec![(index, Done::error(e))]).map_err(drop)
                        }
                    };
                    index += 1;
                });
                if !batch.is_empty() {
                    let _ = work_tx.send(batch).map_err(drop);
                }
                found
            })
        };
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || {
                loop {
                    let next = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok(batch) = next else {
                        break;
                    };
                    let done = batch
                        .into_iter()
                        .map(|(index, target)| (index, lint_or_defer(target, options)))
                        .collect();
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        for batch in done_rx {
            for (index, done) in batch {
                order.insert(index, done);
            }
            order.emit_ready(&mut deliver);
        }
        // A panic in the walk is a bug: it surfaces as one, not as a run that found nothing.
        producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    order.finish(options, &mut deliver);
    for dir in only_manifest_candidates {
        if !manifest_paths.iter().any(|path| path.starts_with(&dir)) {
            emit(Event::Notice(Notice {
                path: dir,
                message: super::walk::NOTHING_FOUND.to_owned(),
            }));
        }
    }
}

/// Files handed to a worker at once.
const BATCH: usize = 16;

/// What a worker made of one item.
enum Done {
    Events(Vec<Event>),
    /// A file that may be a manifest: linted once every cluster of the run is known.
    Deferred {
        target: Target,
        source: SourceFile,
        /// Whether its `FlinkDeployment`s may be the clusters of session jobs elsewhere
        /// (YAML files that do not have the name of a plain configuration).
        cluster_source: bool,
    },
}

impl Done {
    fn notice(notice: Notice) -> Self {
        Self::Events(vec![Event::Notice(notice)])
    }

    fn error(error: LintError) -> Self {
        Self::Events(vec![Event::Error(error)])
    }

    fn of(outcome: Outcome) -> Self {
        Self::Events(match outcome {
            Outcome::Linted(files) => files.into_iter().map(Event::File).collect(),
            Outcome::Skipped(notice) => vec![Event::Notice(notice)],
            Outcome::Failed(error) => vec![Event::Error(error)],
            Outcome::Ignored => Vec::new(),
        })
    }
}

/// Results waiting for those before them.
#[derive(Default)]
struct Reorder {
    next: usize,
    waiting: BTreeMap<usize, Done>,
    /// Set once a deferred file reaches the front: everything waits for the end of the run.
    held: bool,
}

impl Reorder {
    fn insert(&mut self, index: usize, done: Done) {
        self.waiting.insert(index, done);
    }

    fn emit_ready(&mut self, emit: &mut impl FnMut(Event)) {
        while !self.held {
            let Some(entry) = self.waiting.first_entry() else {
                return;
            };
            if *entry.key() != self.next {
                return;
            }
            if matches!(entry.get(), Done::Deferred { .. }) {
                self.held = true;
                return;
            }
            if let Done::Events(events) = entry.remove() {
                events.into_iter().for_each(&mut *emit);
            }
            self.next += 1;
        }
    }

    /// Lints the deferred files, with the clusters of the run when some file holds a session
    /// job (the only case in which manifests matter to each other), and emits the rest.
    fn finish(self, options: &LintOptions, emit: &mut impl FnMut(Event)) {
        let deferred: Vec<(&Target, &SourceFile, bool)> = self
            .waiting
            .values()
            .filter_map(|done| match done {
                Done::Deferred {
                    target,
                    source,
                    cluster_source,
                } => Some((target, source, *cluster_source)),
                Done::Events(_) => None,
            })
            .collect();
        let with_clusters;
        let options = match clusters_of_run(&deferred, options) {
            Some(clusters) => {
                with_clusters = LintOptions {
                    clusters,
                    ..options.clone()
                };
                &with_clusters
            }
            None => options,
        };
        let mut linted = in_parallel(&deferred, |(target, source, _)| {
            Done::of(lint_source((*source).clone(), target, options))
        })
        .into_iter();
        drop(deferred);
        for done in self.waiting.into_values() {
            let done = match done {
                Done::Deferred { .. } => linted.next().unwrap_or(Done::Events(Vec::new())),
                events @ Done::Events(_) => events,
            };
            if let Done::Events(events) = done {
                events.into_iter().for_each(&mut *emit);
            }
        }
    }
}

/// Lints one target, or defers it when it may be a manifest whose linting depends on others.
fn lint_or_defer(target: Target, options: &LintOptions) -> Done {
    let bytes = match crate::config::input::read(&target.path) {
        Ok(bytes) => bytes,
        // A YAML file looked at only in case it is a manifest is passed over when unreadable.
        Err(_) if target.manifest_only => return Done::Events(Vec::new()),
        Err(e) => return Done::error(LintError::io(&target.path, &e)),
    };
    let cluster_source = super::walk::is_yaml_name(&target.path)
        && !super::walk::is_config_name(&target.path)
        && std::str::from_utf8(&bytes).is_ok_and(crate::kubernetes::document::may_hold_flink);
    let source = SourceFile::from_bytes(&target.path, bytes);
    // A plain configuration file's name holding a session job still needs the clusters.
    if cluster_source || source.text().contains("FlinkSessionJob") {
        return Done::Deferred {
            target,
            source,
            cluster_source,
        };
    }
    Done::of(lint_source(source, &target, options))
}

/// The `FlinkDeployment`s of every manifest of the run, when some manifest holds a session job.
fn clusters_of_run(
    deferred: &[(&Target, &SourceFile, bool)],
    options: &LintOptions,
) -> Option<Vec<crate::kubernetes::Cluster>> {
    let sources: Vec<&SourceFile> = deferred
        .iter()
        .filter(|(_, _, cluster_source)| *cluster_source)
        .map(|(_, source, _)| *source)
        .collect();
    if !sources.iter().any(|s| s.text().contains("FlinkSessionJob")) {
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
    let clusters = sources
        .into_iter()
        .filter(|source| source.text().contains("FlinkDeployment"))
        .flat_map(|source| {
            crate::kubernetes::clusters_of(&crate::kubernetes::read(source.clone(), &kube))
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
    let file = Arc::new(ConfigFile::parse(source, dialect_for_name(&target.path)));
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
    let is_named = |name: &str| target.path.file_name().is_some_and(|n| n == name);
    let env = FileEnv {
        version_source,
        legacy_sibling: target.siblings.map_or_else(
            || sibling_exists(&target.path, "flink-conf.yaml"),
            |s| s.legacy && !is_named("flink-conf.yaml"),
        ),
        standard_sibling: target.siblings.map_or_else(
            || sibling_exists(&target.path, "config.yaml"),
            |s| s.standard && !is_named("config.yaml"),
        ),
        document: None,
    };
    let selection =
        settings.selection(options.registry, options.select.as_deref(), &options.ignore);
    let findings = match &options.job {
        Some(job) => {
            let mut with_job = settings.as_ref().clone();
            with_job.job = Some(Job::loaded(job.clone()));
            check(&file, version, &env, &with_job, &selection)
        }
        None => check(&file, version, &env, settings, &selection),
    };
    // Only a finding's snippet shows the text.
    let masked = if findings.is_empty() {
        String::new()
    } else {
        mask::masked_text(&file)
    };
    Outcome::Linted(vec![LintedFile {
        path: target.path.clone(),
        masked: masked.into(),
        dialect,
        version,
        findings,
        // The rules' configuration is gone: the file is this function's alone again.
        source: Arc::try_unwrap(file).map_or_else(|shared| shared.source.clone(), |f| f.source),
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
