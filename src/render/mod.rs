//! Turning results into text for people and JSON for machines. Nothing here reads files or
//! decides anything; each report type has its own file.

pub mod show;
