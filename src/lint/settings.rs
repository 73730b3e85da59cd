//! `.flinkmem.toml`: per-tree lint settings, found by walking up from each linted file (the
//! nearest one wins; files are not merged), and their JSON schema (`flinkmem schema config`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::select::{self, Selection};
use crate::config::SourceFile;
use crate::rule_contract::Registry;
use crate::rule_contract::Severity;
use crate::version::FlinkVersion;

/// The settings file's name.
pub const FILE_NAME: &str = ".flinkmem.toml";

/// The files a directory walk picks up when `include` is not set.
pub const DEFAULT_INCLUDE: &[&str] = &["**/flink-conf.yaml", "**/config.yaml"];

/// `.flinkmem.toml`, as written.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = ".flinkmem.toml",
    description = "Settings of `flinkmem lint` for the files in this directory tree. The nearest file above a linted file applies."
)]
pub struct SettingsFile {
    /// The Flink version the configuration files in this tree are for: `1.13` to `2.3` (a patch
    /// release such as `1.20.1` is accepted). `--flink-version` overrides it. Default: 1.20 for
    /// a `flink-conf.yaml`, the newest for a `config.yaml`.
    #[schemars(with = "Option<String>")]
    pub flink_version: Option<Spanned<String>>,
    /// Rules to run: codes (`FM101`), code prefixes (`FM1`), rule names (`unknown-key`) or
    /// `ALL`. Default: every rule. `--select` replaces this list.
    #[schemars(with = "Option<Vec<String>>")]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules never to run, in the same notation. `--ignore` adds to this list.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ignore: Vec<Spanned<String>>,
    /// Globs, relative to this file's directory, of the files a directory walk lints.
    /// Default: every `flink-conf.yaml` and `config.yaml`. Files named on the command line are
    /// linted whatever this says.
    #[schemars(with = "Option<Vec<String>>")]
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs, relative to this file's directory, of files never linted, even when named on the
    /// command line (as pre-commit does).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
    /// The severity of a rule's findings, by code: `FM202 = "error"`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// The job that runs on this cluster, for the network checks.
    pub job: Option<Job>,
}

/// The job that runs on the cluster, for the network checks (FM404): a job file or Flink plan
/// (`file`), or the quick shape below, as `flinkmem buffers --parallelism P --shuffles K` takes
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Job {
    /// A job file, Flink execution plan or REST job plan (`flinkmem buffers --job`), relative to
    /// this file's directory. Replaces the quick shape.
    #[schemars(with = "Option<String>")]
    pub file: Option<Spanned<String>>,
    /// The parallelism of the job's all-to-all exchanges (`keyBy`, `rebalance`, broadcast):
    /// each producer writes one subpartition per consumer, each consumer reads one channel per
    /// producer. Default 1.
    #[serde(default = "one")]
    pub parallelism: u32,
    /// How many all-to-all exchanges follow one another (a pipeline
    /// `source -> keyBy -> A -> keyBy -> B` has 2). Default 1.
    #[serde(default = "one")]
    pub exchanges: u32,
    /// Slots per `TaskManager`; default `taskmanager.numberOfTaskSlots` of the linted file.
    pub slots: Option<u32>,
    /// `TaskManager`s; default as many as the job's slots need.
    pub taskmanagers: Option<u32>,
    /// `streaming` or `batch`; default the file's `execution.runtime-mode`.
    pub mode: Option<crate::network::job::Mode>,
    /// The job read from `file` (or from `lint --job`).
    #[serde(skip)]
    #[schemars(skip)]
    pub loaded: Option<crate::network::Job>,
}

/// A quick job of one all-to-all exchange at parallelism 1, the defaults of `[job]`.
impl Default for Job {
    fn default() -> Self {
        Self {
            file: None,
            parallelism: 1,
            exchanges: 1,
            slots: None,
            taskmanagers: None,
            mode: None,
            loaded: None,
        }
    }
}

impl Job {
    /// A job read elsewhere (`lint --job FILE`).
    pub fn loaded(job: crate::network::Job) -> Self {
        Self {
            loaded: Some(job),
            ..Self::default()
        }
    }

    /// The job in the network model's terms; `slots`, `taskmanagers` and `mode` given here
    /// override a loaded job's.
    pub fn to_network_job(&self) -> crate::network::Job {
        if let Some(loaded) = &self.loaded {
            let mut job = loaded.clone();
            job.slots = self.slots.or(job.slots);
            job.taskmanagers = self.taskmanagers.or(job.taskmanagers);
            job.mode = self.mode.or(job.mode);
            return job;
        }
        let mut job = crate::network::Job::quick(self.parallelism.max(1), self.exchanges);
        job.slots = self.slots;
        job.taskmanagers = self.taskmanagers;
        job.mode = self.mode;
        job
    }
}

fn one() -> u32 {
    1
}

/// Settings in force for one file: the defaults, or a validated `.flinkmem.toml`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The `.flinkmem.toml` these came from.
    pub path: Option<PathBuf>,
    pub flink_version: Option<FlinkVersion>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    pub severity: HashMap<&'static str, Severity>,
    pub job: Option<Job>,
}

/// A `.flinkmem.toml` that cannot be used, with the position of the problem.
pub type SettingsError = crate::config::source::FileError;

impl Settings {
    /// Parses and validates the text of a `.flinkmem.toml` at `path`.
    pub fn parse(registry: &Registry, path: &Path, text: &str) -> Result<Self, SettingsError> {
        let source = SourceFile::new(path, text.to_owned());
        let error = |offset: usize, message: String| {
            let at = source.line_col(offset);
            SettingsError {
                path: path.to_owned(),
                line: at.line,
                column: at.column,
                message,
            }
        };
        let file: SettingsFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            error(offset, e.message().trim().to_owned())
        })?;
        let flink_version = file
            .flink_version
            .map(|v| {
                v.get_ref()
                    .parse::<FlinkVersion>()
                    .map_err(|e| error(v.span().start, e.to_string()))
            })
            .transpose()?;
        let selectors = |list: &[Spanned<String>]| -> Result<Vec<String>, SettingsError> {
            list.iter()
                .map(|s| {
                    select::validate(registry, s.get_ref())
                        .map(|()| s.get_ref().clone())
                        .map_err(|m| error(s.span().start, m))
                })
                .collect()
        };
        let select = file.select.as_deref().map(selectors).transpose()?;
        let ignore = selectors(&file.ignore)?;
        let globs = |list: &[Spanned<String>]| -> Result<GlobSet, SettingsError> {
            let mut builder = GlobSetBuilder::new();
            for pattern in list {
                builder.add(glob(pattern.get_ref()).map_err(|m| error(pattern.span().start, m))?);
            }
            builder.build().map_err(|e| error(0, e.to_string()))
        };
        let include = file.include.as_deref().map(globs).transpose()?;
        let exclude = Some(globs(&file.exclude)?).filter(|g| !g.is_empty());
        let mut severity = HashMap::new();
        for (code, level) in &file.severity {
            let rule = registry
                .find(code.get_ref())
                .filter(|r| r.meta.code.eq_ignore_ascii_case(code.get_ref()))
                .ok_or_else(|| {
                    let mut message = format!("unknown rule code '{}'", code.get_ref());
                    if let Some(s) = registry.suggest(code.get_ref()) {
                        let _ = write!(message, " (did you mean {s}?)");
                    }
                    error(code.span().start, message)
                })?;
            severity.insert(rule.meta.code, *level);
        }
        let mut job = file.job;
        if let Some(spec) = job.as_mut()
            && let Some(name) = &spec.file
        {
            let at = name.span().start;
            let job_path = path
                .parent()
                .unwrap_or_else(|| Path::new(""))
                .join(name.get_ref());
            let text = crate::config::input::read_to_string(&job_path).map_err(|e| {
                error(
                    at,
                    format!("cannot read the job file {}: {e}", job_path.display()),
                )
            })?;
            let loaded = crate::network::input::read_job(&job_path, &text)
                .map_err(|e| error(at, format!("the job file is not usable: {e}")))?;
            spec.loaded = Some(loaded);
        }
        Ok(Self {
            path: Some(path.to_owned()),
            flink_version,
            select,
            ignore,
            include,
            exclude,
            severity,
            job,
        })
    }

    /// The directory globs are relative to.
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// The rules these settings enable, with the command line's `--select` (replacing) and
    /// `--ignore` (adding) applied.
    pub fn selection(
        &self,
        registry: &'static Registry,
        cli_select: Option<&[String]>,
        cli_ignore: &[String],
    ) -> Selection {
        let select = cli_select.or(self.select.as_deref());
        let ignore: Vec<String> = self.ignore.iter().chain(cli_ignore).cloned().collect();
        Selection::new(registry, select, &ignore)
    }

    /// Whether a directory walk lints this file.
    /// Whether `.flinkmem.toml` lists its own `include` globs (which then decide alone).
    pub fn has_include(&self) -> bool {
        self.include.is_some()
    }

    pub fn includes(&self, path: &Path) -> bool {
        match (&self.include, self.relative(path)) {
            (Some(include), Some(relative)) => include.is_match(relative),
            _ => default_include(path),
        }
    }

    /// Whether this file is excluded, even when named on the command line.
    pub fn excludes(&self, path: &Path) -> bool {
        match (&self.exclude, self.relative(path)) {
            (Some(exclude), Some(relative)) => exclude.is_match(relative),
            _ => false,
        }
    }

    fn relative<'p>(&self, path: &'p Path) -> Option<&'p Path> {
        path.strip_prefix(self.root()?).ok()
    }
}

/// Whether a file name is one Flink reads.
pub fn default_include(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == "flink-conf.yaml" || n == "config.yaml")
}

/// A glob where `*` stays inside one path segment and `**` crosses them.
fn glob(pattern: &str) -> Result<Glob, String> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// The settings found for a directory: `None` when no `.flinkmem.toml` is at or above it.
type Found = Option<Result<Arc<Settings>, SettingsError>>;

/// Finds the settings for files, walking up from each file's directory; caches per directory.
#[derive(Debug)]
pub struct Discovery {
    registry: &'static Registry,
    by_dir: HashMap<PathBuf, Found>,
    defaults: Arc<Settings>,
}

impl Discovery {
    /// Settings files are checked against the rules of `registry`.
    pub fn new(registry: &'static Registry) -> Self {
        Self {
            registry,
            by_dir: HashMap::new(),
            defaults: Arc::default(),
        }
    }

    /// The settings that apply in `dir` (an absolute path): the nearest `.flinkmem.toml` at or
    /// above it, or the defaults. A broken file is an error for every file below it.
    /// `here` says whether `dir` holds a `.flinkmem.toml`, when a directory listing already
    /// told (else the file system is asked).
    pub fn for_dir(
        &mut self,
        dir: &Path,
        here: Option<bool>,
    ) -> Result<Arc<Settings>, SettingsError> {
        self.lookup(dir, here)
            .unwrap_or_else(|| Ok(Arc::clone(&self.defaults)))
    }

    fn lookup(&mut self, dir: &Path, here: Option<bool>) -> Found {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(FILE_NAME);
        let found = if here.unwrap_or_else(|| candidate.is_file()) {
            Some(
                crate::config::input::read_to_string(&candidate)
                    .map_err(|e| SettingsError {
                        path: candidate.clone(),
                        line: 1,
                        column: 1,
                        message: format!("cannot read: {e}"),
                    })
                    .and_then(|text| Settings::parse(self.registry, &candidate, &text))
                    .map(Arc::new),
            )
        } else {
            dir.parent().and_then(|parent| self.lookup(parent, None))
        };
        self.by_dir.insert(dir.to_owned(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, SettingsError> {
        Settings::parse(
            &crate::rules::REGISTRY,
            Path::new("/repo/.flinkmem.toml"),
            text,
        )
    }

    #[test]
    fn a_full_file_validates() {
        let s = parse(
            "flink-version = \"1.20.1\"\nselect = [\"FM1\", \"FM2\"]\nignore = [\"FM102\"]\n\
             exclude = [\"legacy/**\"]\n[severity]\nFM202 = \"error\"\n[job]\nparallelism = 64\n",
        )
        .expect("valid");
        assert_eq!(s.flink_version, Some(FlinkVersion::V1_20));
        assert_eq!(s.severity.get("FM202"), Some(&Severity::Error));
        assert_eq!(
            s.job,
            Some(Job {
                parallelism: 64,
                ..Job::default()
            })
        );
        assert!(s.excludes(Path::new("/repo/legacy/conf/flink-conf.yaml")));
        assert!(!s.excludes(Path::new("/repo/conf/flink-conf.yaml")));
        assert!(s.includes(Path::new("/repo/conf/config.yaml")));
        assert!(!s.includes(Path::new("/repo/conf/other.yaml")));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("select = [\"FM101\",\n  \"FM1O1\"]\n").expect_err("bad code");
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("did you mean FM101?"), "{}", e.message);
        let e = parse("flink-version = \"1.9\"\n").expect_err("bad version");
        assert_eq!((e.line, e.column), (1, 17));
        let e = parse("selct = []\n").expect_err("unknown field");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("unknown field"), "{}", e.message);
        let e = parse("[severity]\nFM999 = \"info\"\n").expect_err("unknown code");
        assert_eq!(e.line, 2);
        let e = parse("[severity]\nFM101 = \"fatal\"\n").expect_err("bad level");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn include_replaces_the_default_names() {
        let s = parse("include = [\"conf/*.yaml\"]\n").expect("valid");
        assert!(s.includes(Path::new("/repo/conf/prod.yaml")));
        assert!(!s.includes(Path::new("/repo/conf/sub/prod.yaml")));
        assert!(!s.includes(Path::new("/repo/other/config.yaml")));
    }
}
