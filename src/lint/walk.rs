//! Turning the command line's paths into the list of files to lint, in a stable order: each
//! argument in turn, directories walked depth-first in name order (hidden directories and
//! symbolic links to directories are not entered), each file with the settings that apply.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::report::{LintError, Notice};
use super::settings::{Discovery, Settings};
use crate::rule_contract::Registry;

/// One file to lint.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as the user wrote it (joined with what the walk found below it).
    pub path: PathBuf,
    pub settings: Arc<Settings>,
    /// Found by a directory walk only because it is a YAML file that may be a Kubernetes
    /// manifest: linted if it is one, passed over silently otherwise.
    pub manifest_only: bool,
    /// What else its directory holds, when a walk listed it (else the linter looks).
    pub siblings: Option<Siblings>,
}

/// The files next to a walked file that change how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Siblings {
    pub legacy: bool,
    pub standard: bool,
    /// A `.flinkmem.toml`.
    pub settings: bool,
}

impl Siblings {
    /// The files of one directory listing (symbolic links taken for files, as the walk does
    /// after checking them).
    fn of(entries: &[std::fs::DirEntry]) -> Self {
        let mut siblings = Self::default();
        for entry in entries {
            let name = entry.file_name();
            let wanted = name == "flink-conf.yaml"
                || name == "config.yaml"
                || name == super::settings::FILE_NAME;
            // Only a file counts (a symbolic link when it leads to one).
            let is_file = entry
                .file_type()
                .is_ok_and(|kind| kind.is_file() || (kind.is_symlink() && entry.path().is_file()));
            if !wanted || !is_file {
                continue;
            }
            siblings.legacy |= name == "flink-conf.yaml";
            siblings.standard |= name == "config.yaml";
            siblings.settings |= name == super::settings::FILE_NAME;
        }
        siblings
    }
}

/// What the paths expand to.
#[derive(Debug, Default)]
pub struct Expansion {
    pub targets: Vec<Target>,
    pub notices: Vec<Notice>,
    pub errors: Vec<LintError>,
    /// Directories whose only candidates are YAML files that may be manifests: if none of them
    /// is, the run says the directory held nothing to lint.
    pub only_manifest_candidates: Vec<PathBuf>,
}

/// What a directory without Flink files is told.
pub const NOTHING_FOUND: &str = "no flink-conf.yaml, config.yaml or Kubernetes manifest with Flink documents found in this directory";

/// One item of an expansion, in command-line order.
#[derive(Debug)]
pub enum Expanded {
    Target(Target),
    Notice(Notice),
    Error(LintError),
}

/// Expands `paths` into targets.
pub fn expand(registry: &'static Registry, paths: &[PathBuf]) -> Expansion {
    let mut expansion = Expansion::default();
    expansion.only_manifest_candidates = expand_each(registry, paths, &mut |item| match item {
        Expanded::Target(target) => expansion.targets.push(target),
        Expanded::Notice(notice) => expansion.notices.push(notice),
        Expanded::Error(error) => expansion.errors.push(error),
    });
    expansion
}

/// Expands `paths`, handing each target, notice and error to `emit` as the walk finds it (so
/// that linting can start before a large tree is walked). Returns the directories whose only
/// candidates are YAML files that may be manifests (see [`Expansion`]).
pub fn expand_each(
    registry: &'static Registry,
    paths: &[PathBuf],
    emit: &mut dyn FnMut(Expanded),
) -> Vec<PathBuf> {
    let mut only_manifest_candidates = Vec::new();
    let mut discovery = Discovery::new(registry);
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut reported_settings: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                emit(Expanded::Error(LintError::io(path, &e)));
                continue;
            }
        };
        let explicit = !metadata.is_dir();
        let mut found = 0;
        let mut candidates = 0;
        let mut consider =
            |file: PathBuf, siblings: Option<Siblings>, emit: &mut dyn FnMut(Expanded)| {
                let absolute = std::path::absolute(&file).unwrap_or_else(|_| file.clone());
                let dir = absolute.parent().unwrap_or(Path::new("/")).to_owned();
                let settings = match discovery.for_dir(&dir, siblings.map(|s| s.settings)) {
                    Ok(settings) => settings,
                    Err(error) => {
                        if reported_settings.insert(error.path.clone()) {
                            emit(Expanded::Error(LintError::from(error)));
                        }
                        return;
                    }
                };
                if settings.excludes(&absolute) {
                    if explicit {
                        emit(Expanded::Notice(Notice {
                            path: file.clone(),
                            message: format!(
                                "skipped: excluded by {}",
                                settings
                                    .path
                                    .as_deref()
                                    .map_or_else(String::new, |p| p.display().to_string())
                            ),
                        }));
                    }
                    return;
                }
                let mut manifest_only = false;
                if !explicit && !settings.includes(&absolute) {
                    if settings.has_include() || !is_yaml_name(&absolute) {
                        return;
                    }
                    manifest_only = true;
                }
                if manifest_only {
                    candidates += 1;
                } else {
                    found += 1;
                }
                if seen.insert(absolute) {
                    emit(Expanded::Target(Target {
                        path: file,
                        settings,
                        manifest_only,
                        siblings,
                    }));
                }
            };
        if explicit {
            consider(path.clone(), None, emit);
        } else {
            walk(path, &mut |found| match found {
                Ok((file, siblings)) => consider(file, Some(siblings), emit),
                Err(error) => emit(Expanded::Error(error)),
            });
        }
        if !explicit && found == 0 {
            if candidates > 0 {
                only_manifest_candidates.push(path.clone());
            } else {
                emit(Expanded::Notice(Notice {
                    path: path.clone(),
                    message: NOTHING_FOUND.to_owned(),
                }));
            }
        }
    }
    only_manifest_candidates
}

/// Whether a file name ends in `.yaml` or `.yml`, as Kubernetes manifests do.
pub fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Whether a file has the name of a plain Flink configuration file.
pub fn is_config_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "flink-conf.yaml" || n == "config.yaml")
}

/// Hands every file below `dir` to `found` with what its directory holds, depth-first, in name
/// order (and every directory that cannot be read, as an error).
fn walk(dir: &Path, found: &mut dyn FnMut(Result<(PathBuf, Siblings), LintError>)) {
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).collect(),
        Err(e) => {
            found(Err(LintError::io(dir, &e)));
            return;
        }
    };
    let siblings = Siblings::of(&entries);
    let mut children: Vec<(PathBuf, bool)> = entries
        .into_iter()
        .filter_map(|entry| {
            let file_type = entry.file_type().ok()?;
            let is_dir = file_type.is_dir();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            // Symbolic links: followed to files, never to directories (no cycles).
            let is_file = file_type.is_file() || (file_type.is_symlink() && entry.path().is_file());
            match (is_dir, is_file) {
                (true, _) if !hidden => Some((entry.path(), true)),
                (false, true) => Some((entry.path(), false)),
                _ => None,
            }
        })
        .collect();
    children.sort();
    for (path, is_dir) in children {
        if is_dir {
            walk(&path, found);
        } else {
            found(Ok((path, siblings)));
        }
    }
}
