//! Finding and reading configuration files the way a Flink version does.
//!
//! Mirrors `GlobalConfiguration.loadConfiguration`: which file of a conf dir a version reads
//! (`flink-conf.yaml` up to 1.18; 1.19 and 1.20 prefer it over `config.yaml`; 2.x reads only
//! `config.yaml`), and which parser reads it.

use std::fmt;
use std::path::{Path, PathBuf};

use super::source::SourceFile;
use super::{Dialect, Parsed, legacy, standard};
use crate::version::FlinkVersion;

/// One configuration file, parsed in its dialect.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub source: SourceFile,
    pub dialect: Dialect,
    pub parsed: Parsed,
    /// Set when the configuration was found in a Kubernetes manifest: which document, and
    /// what the manifest says beyond the configuration.
    pub manifest: Option<Box<crate::kubernetes::ManifestInfo>>,
}

impl ConfigFile {
    /// Parses `source` in `dialect`.
    pub fn parse(source: SourceFile, dialect: Dialect) -> Self {
        let parsed = match dialect {
            Dialect::Legacy => legacy::parse(&source),
            Dialect::Standard => standard::parse(&source),
        };
        Self {
            source,
            dialect,
            parsed,
            manifest: None,
        }
    }

    /// Reads and parses a file; the dialect comes from its name (see [`dialect_for_name`]).
    pub fn read(path: &Path, dialect: Option<Dialect>) -> Result<Self, LoadError> {
        let bytes = super::input::read(path).map_err(|e| LoadError::Io {
            path: path.to_owned(),
            message: io_message(&e),
        })?;
        let dialect = dialect.unwrap_or_else(|| dialect_for_name(path));
        Ok(Self::parse(SourceFile::from_bytes(path, bytes), dialect))
    }
}

/// The dialect a file name implies: `flink-conf.yaml` (or any name containing `flink-conf`)
/// is legacy, everything else standard YAML.
pub fn dialect_for_name(path: &Path) -> Dialect {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.contains("flink-conf") {
        Dialect::Legacy
    } else {
        Dialect::Standard
    }
}

/// Why no configuration could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Io {
        path: PathBuf,
        message: String,
    },
    /// A conf dir without the file this version reads.
    NoConfigFile {
        dir: PathBuf,
        version: FlinkVersion,
        expected: &'static str,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, message } => write!(f, "{}: {message}", path.display()),
            Self::NoConfigFile {
                dir,
                version,
                expected,
            } => write!(
                f,
                "{}: no {expected} in this directory, and Flink {version} reads only that file",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        std::io::ErrorKind::InvalidData => "not a text file".to_owned(),
        _ => error.to_string(),
    }
}

/// What a conf dir or file argument resolves to for one version.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: ConfigFile,
    pub version: FlinkVersion,
    /// True when the version was not given and was inferred.
    pub version_assumed: bool,
    /// Files next to the one read that this version ignores, with the reason.
    pub ignored: Vec<(PathBuf, String)>,
}

/// The version assumed when none is given: 1.20 for a legacy file, the newest otherwise.
pub fn assumed_version(dialect: Dialect) -> FlinkVersion {
    match dialect {
        Dialect::Legacy => FlinkVersion::LAST_LEGACY,
        Dialect::Standard => FlinkVersion::LATEST,
    }
}

/// Reads a config file, or the file a conf dir holds for `version` (inferred when `None`).
pub fn load_path(path: &Path, version: Option<FlinkVersion>) -> Result<Loaded, LoadError> {
    if !path.is_dir() {
        let file = ConfigFile::read(path, None)?;
        let version_assumed = version.is_none();
        let version = version.unwrap_or_else(|| assumed_version(file.dialect));
        return Ok(Loaded {
            file,
            version,
            version_assumed,
            ignored: Vec::new(),
        });
    }
    let legacy = path.join(Dialect::Legacy.file_name());
    let standard = path.join(Dialect::Standard.file_name());
    let (has_legacy, has_standard) = (legacy.is_file(), standard.is_file());
    let version_assumed = version.is_none();
    let version = version.unwrap_or(if has_legacy {
        FlinkVersion::LAST_LEGACY
    } else {
        FlinkVersion::LATEST
    });
    let mut ignored = Vec::new();
    let chosen = if version.reads_legacy_file() && has_legacy {
        if has_standard {
            ignored.push((
                standard,
                format!(
                    "Flink {version} reads flink-conf.yaml when it exists and ignores config.yaml"
                ),
            ));
        }
        (legacy, Dialect::Legacy)
    } else if version.reads_standard_file() && has_standard {
        if has_legacy {
            ignored.push((
                legacy,
                format!("Flink {version} no longer reads flink-conf.yaml"),
            ));
        }
        (standard, Dialect::Standard)
    } else {
        return Err(LoadError::NoConfigFile {
            dir: path.to_owned(),
            version,
            expected: if version.reads_legacy_file() && !version.reads_standard_file() {
                "flink-conf.yaml"
            } else if version.is_2x() {
                "config.yaml"
            } else {
                "flink-conf.yaml or config.yaml"
            },
        });
    };
    let file = ConfigFile::read(&chosen.0, Some(chosen.1))?;
    Ok(Loaded {
        file,
        version,
        version_assumed,
        ignored,
    })
}
