//! The lint engine: which files to lint ([`walk`], [`detect`]), with which settings
//! ([`settings`], [`select`]), running the rules of the [`Registry`] it is given over each file in parallel
//! ([`run`]; Kubernetes manifests document by document in [`manifest`]), applying inline suppressions ([`suppress`]) and keeping secrets out of the output
//! ([`mask`]). Rendering the result is [`crate::render`]'s job.

pub mod detect;
pub mod fix;
mod manifest;
pub mod mask;
mod report;
mod run;
pub mod select;
pub mod settings;
mod suppress;
pub mod walk;

pub use crate::rule_contract::{
    Context, FileEnv, Finding, Fix, Label, Registry, Safety, Severity, VersionSource,
};
pub use manifest::lint_manifest;
pub use report::{LintError, LintRun, LintedFile, Notice, Region, Tally, display_path};
pub use run::{Event, LintOptions, check, lint, lint_each};
pub use select::Selection;
pub use settings::{Job, Settings, SettingsFile};
