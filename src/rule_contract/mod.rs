//! The contract between the lint engine and the rules: what a rule sees ([`Context`]), what
//! it reports ([`Finding`], [`Severity`]), what it is ([`RuleMeta`], [`Rule`]), and the
//! [`Registry`] the engine is given. [`crate::lint`] runs whatever registry it is handed and
//! [`crate::rules`] fills one; neither names the other.

mod context;
mod finding;
mod meta;

pub use context::{Context, FileEnv, VersionSource};
pub use finding::{Finding, Fix, Label, Safety, Severity};
pub use meta::{Category, Check, Registry, Rule, RuleMeta, reported_by_engine};
