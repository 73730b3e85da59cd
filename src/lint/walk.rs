//! Turning the command line's paths into the list of files to lint, in a stable order: each
//! argument in turn, directories walked depth-first in name order (hidden directories and
//! symbolic links to directories are not entered), each file with the settings that apply.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::report::{LintError, Notice};
use super::settings::{Discovery, Settings};

/// One file to lint.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as the user wrote it (joined with what the walk found below it).
    pub path: PathBuf,
    pub settings: Arc<Settings>,
    /// Found by a directory walk only because it is a YAML file that may be a Kubernetes
    /// manifest: linted if it is one, passed over silently otherwise.
    pub manifest_only: bool,
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

/// Expands `paths` into targets.
pub fn expand(paths: &[PathBuf]) -> Expansion {
    let mut expansion = Expansion::default();
    let mut discovery = Discovery::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut reported_settings: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                expansion.errors.push(LintError::io(path, &e));
                continue;
            }
        };
        let explicit = !metadata.is_dir();
        let mut files = Vec::new();
        if explicit {
            files.push(path.clone());
        } else {
            walk(path, &mut files, &mut expansion.errors);
        }
        let mut found = 0;
        let mut candidates = 0;
        for file in files {
            let absolute = std::path::absolute(&file).unwrap_or_else(|_| file.clone());
            let dir = absolute.parent().unwrap_or(Path::new("/")).to_owned();
            let settings = match discovery.for_dir(&dir) {
                Ok(settings) => settings,
                Err(error) => {
                    if reported_settings.insert(error.path.clone()) {
                        expansion.errors.push(LintError::from(error));
                    }
                    continue;
                }
            };
            if settings.excludes(&absolute) {
                if explicit {
                    expansion.notices.push(Notice {
                        path: file.clone(),
                        message: format!(
                            "skipped: excluded by {}",
                            settings
                                .path
                                .as_deref()
                                .map_or_else(String::new, |p| p.display().to_string())
                        ),
                    });
                }
                continue;
            }
            let mut manifest_only = false;
            if !explicit && !settings.includes(&absolute) {
                if settings.has_include() || !is_yaml_name(&absolute) {
                    continue;
                }
                manifest_only = true;
            }
            if manifest_only {
                candidates += 1;
            } else {
                found += 1;
            }
            if seen.insert(absolute) {
                expansion.targets.push(Target {
                    path: file,
                    settings,
                    manifest_only,
                });
            }
        }
        if !explicit && found == 0 {
            if candidates > 0 {
                expansion.only_manifest_candidates.push(path.clone());
            } else {
                expansion.notices.push(Notice {
                    path: path.clone(),
                    message: NOTHING_FOUND.to_owned(),
                });
            }
        }
    }
    expansion
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

/// Collects every file below `dir`, depth-first, in name order.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LintError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(LintError::io(dir, &e));
            return;
        }
    };
    let mut children: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
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
            walk(&path, files, errors);
        } else {
            files.push(path);
        }
    }
}
