//! Turning results into text for people and JSON for machines. Nothing here reads files or
//! decides anything; each report type has its own file.

pub mod buffers;
pub mod calc;
pub mod concise;
pub mod diagnose;
pub mod github;
pub mod human;
pub mod json;
pub mod rules;
pub mod sarif;
pub mod show;
mod snippet_source;
