//! FM605 `flink-version-mismatch`: `spec.flinkVersion` contradicted by the image tag or by the
//! version flinkmem was asked to check.

use super::manifest_support::deployment;
use super::{Category, RuleMeta};
use crate::kubernetes::operator::operator_version;
use crate::rule_contract::{Context, Finding, Severity, VersionSource};
use crate::version::FlinkVersion;

pub static META: RuleMeta = RuleMeta {
    code: "FM605",
    name: "flink-version-mismatch",
    category: Category::Kubernetes,
    severity: Severity::Warning,
    since: "0.2.0",
    doc: include_str!("../../rules/FM605.md"),
};

/// The operator writes the configuration for `spec.flinkVersion` (`flink-conf.yaml` or
/// `config.yaml`, key spellings, defaults per version prefix) while the image decides which
/// Flink actually reads it.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(facts) = deployment(cx) else {
        return;
    };
    let Some(field) = &facts.flink_version else {
        return;
    };
    let Some(declared) = operator_version(field.value.trim()) else {
        return;
    };
    if let Some(image) = &facts.image
        && let Some(tagged) = image_version(&image.value)
        && tagged != declared
    {
        out.push(
            Finding::new(
                &META,
                field.value_span,
                format!(
                    "spec.flinkVersion says Flink {declared} but the image `{}` is Flink {tagged}",
                    image.value
                ),
            )
            .primary(format!("Flink {declared}"))
            .label(image.value_span, format!("Flink {tagged}"))
            .help(format!(
                "set spec.flinkVersion: v{}_{} (the operator writes the configuration for the version it is told)",
                tagged.major(),
                tagged.minor()
            )),
        );
    }
    if cx.env.version_source == VersionSource::CommandLine && cx.version() != declared {
        out.push(
            Finding::new(
                &META,
                field.value_span,
                format!(
                    "checked as Flink {} (--flink-version), but spec.flinkVersion says Flink {declared}",
                    cx.version()
                ),
            )
            .primary(format!("Flink {declared}")),
        );
    }
}

/// The Flink version an image tag names: `flink:1.20.1-scala_2.12-java17` is 1.20. Only images
/// whose name says `flink` and whose tag starts with a version count.
pub(crate) fn image_version(image: &str) -> Option<FlinkVersion> {
    let without_digest = image.split('@').next()?;
    let (name, tag) = without_digest.rsplit_once(':')?;
    if tag.contains('/') || !name.rsplit('/').next()?.contains("flink") {
        return None;
    }
    let mut parts = tag.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?;
    let minor = parts.next()?;
    if major.is_empty() || minor.is_empty() || !tag[major.len()..].starts_with('.') {
        return None;
    }
    format!("{major}.{minor}").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_image_tags() {
        let v = |s: &str| image_version(s).map(|v| v.to_string());
        assert_eq!(v("flink:1.20").as_deref(), Some("1.20"));
        assert_eq!(
            v("apache/flink:1.17.2-scala_2.12-java11").as_deref(),
            Some("1.17")
        );
        assert_eq!(
            v("registry:5000/team/flink:2.0.0-java17").as_deref(),
            Some("2.0")
        );
        assert_eq!(v("flink:latest"), None);
        assert_eq!(v("myjob:1.18"), None);
        assert_eq!(v("registry:5000/flink"), None);
    }
}
