//! Flink release lines flinkmem knows (1.13 to 2.3), and how a user names one.
//!
//! Behaviour is tracked per release line (`1.20`), not per patch release: the memory model and
//! the option catalog do not change inside a line. A patch such as `1.20.5` is accepted and
//! mapped to its line.

use std::fmt;
use std::str::FromStr;

/// A Flink release line, e.g. 1.20 or 2.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlinkVersion {
    major: u8,
    minor: u8,
}

impl FlinkVersion {
    pub const V1_13: Self = Self::new(1, 13);
    pub const V1_14: Self = Self::new(1, 14);
    pub const V1_15: Self = Self::new(1, 15);
    pub const V1_16: Self = Self::new(1, 16);
    pub const V1_17: Self = Self::new(1, 17);
    pub const V1_18: Self = Self::new(1, 18);
    pub const V1_19: Self = Self::new(1, 19);
    pub const V1_20: Self = Self::new(1, 20);
    pub const V2_0: Self = Self::new(2, 0);
    pub const V2_1: Self = Self::new(2, 1);
    pub const V2_2: Self = Self::new(2, 2);
    pub const V2_3: Self = Self::new(2, 3);

    /// Every supported release line, oldest first.
    pub const ALL: [Self; 12] = [
        Self::V1_13,
        Self::V1_14,
        Self::V1_15,
        Self::V1_16,
        Self::V1_17,
        Self::V1_18,
        Self::V1_19,
        Self::V1_20,
        Self::V2_0,
        Self::V2_1,
        Self::V2_2,
        Self::V2_3,
    ];

    /// The newest supported line, assumed when nothing says otherwise.
    pub const LATEST: Self = Self::V2_3;

    /// The newest line that still reads the legacy `flink-conf.yaml`.
    pub const LAST_LEGACY: Self = Self::V1_20;

    const fn new(major: u8, minor: u8) -> Self {
        Self { major, minor }
    }

    pub fn major(self) -> u8 {
        self.major
    }

    pub fn minor(self) -> u8 {
        self.minor
    }

    /// True from 2.0 on, where Flink reads only `config.yaml` and dropped the legacy keys.
    pub fn is_2x(self) -> bool {
        self.major >= 2
    }

    /// Whether this line reads the legacy `flink-conf.yaml` (1.13 to 1.20).
    pub fn reads_legacy_file(self) -> bool {
        self <= Self::LAST_LEGACY
    }

    /// Whether this line reads the standard YAML `config.yaml` (1.19 and later).
    pub fn reads_standard_file(self) -> bool {
        self >= Self::V1_19
    }
}

impl fmt::Display for FlinkVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Why a version string was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unsupported Flink version '{given}': expected one of {}",
    supported_list()
)]
pub struct UnknownVersion {
    pub given: String,
}

fn supported_list() -> String {
    FlinkVersion::ALL
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for FlinkVersion {
    type Err = UnknownVersion;

    /// Accepts `1.20`, `1.20.5`, `v1.20` and `release-1.20`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || UnknownVersion {
            given: text.to_owned(),
        };
        let trimmed = text.trim();
        let bare = trimmed
            .strip_prefix("release-")
            .or_else(|| trimmed.strip_prefix('v'))
            .unwrap_or(trimmed);
        let mut parts = bare.split('.');
        let major: u8 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let minor: u8 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        if let Some(patch) = parts.next()
            && patch.parse::<u16>().is_err()
        {
            return Err(err());
        }
        if parts.next().is_some() {
            return Err(err());
        }
        let version = Self::new(major, minor);
        if Self::ALL.contains(&version) {
            Ok(version)
        } else {
            Err(err())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lines_and_patches() {
        assert_eq!("1.20".parse::<FlinkVersion>(), Ok(FlinkVersion::V1_20));
        assert_eq!("1.20.5".parse::<FlinkVersion>(), Ok(FlinkVersion::V1_20));
        assert_eq!("v2.0".parse::<FlinkVersion>(), Ok(FlinkVersion::V2_0));
        assert_eq!(
            "release-1.13".parse::<FlinkVersion>(),
            Ok(FlinkVersion::V1_13)
        );
        assert_eq!(FlinkVersion::V2_3.to_string(), "2.3");
    }

    #[test]
    fn rejects_unknown_lines_and_garbage() {
        for bad in ["1.12", "2.4", "1", "1.20.x", "1.20.1.1", "", "latest"] {
            let err = bad.parse::<FlinkVersion>().unwrap_err();
            assert!(err.to_string().contains("1.13, 1.14"), "{err}");
        }
    }

    #[test]
    fn orders_and_classifies() {
        assert!(FlinkVersion::V1_13 < FlinkVersion::V2_0);
        assert!(
            FlinkVersion::V1_19.reads_legacy_file() && FlinkVersion::V1_19.reads_standard_file()
        );
        assert!(!FlinkVersion::V2_0.reads_legacy_file());
        assert!(!FlinkVersion::V1_18.reads_standard_file());
    }
}
