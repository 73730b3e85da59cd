//! Changing a value: typed text, a step of an arrow, a reset to the file's value, and `f`
//! (Flink's checked remedy or the network size that holds the job), and the changes that
//! differ from the file.

use super::App;
use super::rows::{Row, ValueOrigin};
use crate::network::advice::{Fix, PARALLELISM_LIMIT};
use crate::network::job::Mode;
use crate::sizing::Remedy;
use crate::tune::inputs::{Kind, MemoryInput, step};

/// A value changed here: set to a text, or taken out of the file so that Flink derives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Set(String),
    Remove,
}
impl App {
    /// The changes made here that differ from the file, in key order.
    pub fn changes(&self) -> Vec<(String, Edit)> {
        self.edits
            .iter()
            .filter(|(key, edit)| match edit {
                Edit::Set(value) => self.file_text(key).as_deref() != Some(value.as_str()),
                Edit::Remove => self.file_text(key).is_some(),
            })
            .map(|(k, e)| (k.clone(), e.clone()))
            .collect()
    }

    /// The value `key` has in the file (or a `-D` argument), as written.
    fn file_text(&self, key: &str) -> Option<String> {
        self.base
            .config
            .resolve(key)
            .map(|r| r.entry.value.text.clone())
    }
    /// Sets the selected row to typed text: an option takes it as written (Flink judges it),
    /// a job setting must be a number (or a mode).
    pub(super) fn set(&mut self, row: Row, text: String) {
        match row {
            Row::Memory(input) => {
                self.edits.insert(input.key.to_owned(), Edit::Set(text));
            }
            Row::Mode => match text.to_ascii_lowercase().as_str() {
                "streaming" | "s" => self.job_edits.mode = Some(Mode::Streaming),
                "batch" | "b" => self.job_edits.mode = Some(Mode::Batch),
                _ => {
                    self.message = Some(format!("mode is streaming or batch, not '{text}'"));
                    return;
                }
            },
            Row::Parallelism | Row::Exchanges | Row::TaskManagers => {
                let (min, max) = match row {
                    Row::Parallelism => (1, PARALLELISM_LIMIT),
                    _ => (0, PARALLELISM_LIMIT),
                };
                match text.parse::<u32>() {
                    Ok(n) if (min..=max).contains(&n) => self.set_job_number(row, n),
                    _ => {
                        self.message = Some(format!(
                            "expected a whole number from {min} to {max}, got '{text}'"
                        ));
                        return;
                    }
                }
            }
        }
        self.recompute();
    }

    fn set_job_number(&mut self, row: Row, n: u32) {
        match row {
            Row::Parallelism => self.job_edits.parallelism = Some(n),
            Row::Exchanges => self.job_edits.exchanges = Some(n),
            Row::TaskManagers => self.job_edits.taskmanagers = Some(n),
            Row::Memory(_) | Row::Mode => {}
        }
    }

    pub(super) fn step(&mut self, by: i64, big: bool) {
        let row = self.selected_row();
        match row {
            Row::Memory(input) => {
                let current = self.step_base(input);
                match step(input.kind, &current, by, big) {
                    Some(next) => self.set(row, next),
                    None => {
                        self.message = Some(format!(
                            "'{current}' is not a {}: type a value",
                            kind_name(input.kind)
                        ));
                    }
                }
            }
            Row::Mode => {
                let (mode, _) = self.mode(&self.current);
                self.job_edits.mode = Some(match mode {
                    Mode::Streaming => Mode::Batch,
                    Mode::Batch => Mode::Streaming,
                });
                self.recompute();
            }
            Row::Parallelism | Row::Exchanges | Row::TaskManagers => {
                let current = match row {
                    Row::Parallelism => self.parallelism().0,
                    Row::Exchanges => self.exchanges().0,
                    _ => match (self.taskmanagers().0, &self.job) {
                        (Some(t), _) => t,
                        (None, Ok(view)) => view.analysis.taskmanagers,
                        (None, Err(_)) => 0,
                    },
                };
                let min = i64::from(row == Row::Parallelism);
                let next = step(Kind::Count, &current.to_string(), by, big)
                    .and_then(|t| t.parse::<i64>().ok())
                    .unwrap_or(min)
                    .clamp(min, i64::from(PARALLELISM_LIMIT));
                self.set_job_number(row, next as u32);
                self.recompute();
            }
        }
    }

    /// The text an arrow steps from: the value shown, or for an unset option what Flink
    /// derives for it.
    fn step_base(&self, input: &'static MemoryInput) -> String {
        let view = self.memory_row(input);
        if matches!(
            view.origin,
            ValueOrigin::Derived | ValueOrigin::Removed | ValueOrigin::Unset
        ) {
            return match (self.derived_bytes(input), input.kind) {
                (Some(bytes), _) => format!("{bytes}b"),
                (None, Kind::Count) => "0".to_owned(),
                (None, Kind::Fraction) => "0.0".to_owned(),
                (None, Kind::Size | Kind::PowerOfTwo) => "0b".to_owned(),
            };
        }
        if view.value == "max" {
            return format!("{}b", crate::units::MAX_BYTES);
        }
        view.value
    }

    /// Backspace: the selected row goes back to the file's value.
    pub(super) fn reset(&mut self) {
        match self.selected_row() {
            Row::Memory(input) => {
                self.edits.remove(input.key);
            }
            Row::Parallelism => self.job_edits.parallelism = None,
            Row::Exchanges => self.job_edits.exchanges = None,
            Row::Mode => self.job_edits.mode = None,
            Row::TaskManagers => self.job_edits.taskmanagers = None,
        }
        self.recompute();
    }
    /// `f`: the first checked remedy of a rejected process, else the network size that makes
    /// the job fit.
    pub(super) fn apply_fix(&mut self) {
        let rejection = self.current.taskmanager.as_ref().err().or(self
            .current
            .jobmanager
            .as_ref()
            .err());
        let remedy = rejection.map(|r| r.remedies.first().cloned());
        let applied = match remedy {
            Some(Some(Remedy::Set { key, value, .. })) => {
                let text = format!("applied Flink's fix: {key} = {value}");
                self.edits.insert(key, Edit::Set(value));
                text
            }
            Some(Some(Remedy::Remove { key })) => {
                let text = format!("applied Flink's fix: removed {key}");
                self.edits.insert(key, Edit::Remove);
                text
            }
            Some(None) => {
                self.message = Some("no checked fix for this rejection".to_owned());
                return;
            }
            None => match self.job.as_ref().ok().and_then(|v| v.fix.clone()) {
                Some(fix) if fix.set_rejected.is_none() => {
                    for (key, value) in &fix.set {
                        self.edits.insert(key.clone(), Edit::Set(value.clone()));
                    }
                    format!(
                        "network min = max = {} ({} buffers, {}% headroom)",
                        fix.network_size, fix.buffers, fix.headroom_percent
                    )
                }
                Some(Fix {
                    process_size: Some(size),
                    buffers,
                    ..
                }) => {
                    let key = "taskmanager.memory.process.size";
                    self.edits.insert(key.to_owned(), Edit::Set(size.clone()));
                    format!("{key} = {size} (holds {buffers} buffers)")
                }
                Some(_) => {
                    self.message = Some("no process size holds this job".to_owned());
                    return;
                }
                None => {
                    self.message = Some("nothing to fix".to_owned());
                    return;
                }
            },
        };
        self.recompute();
        self.message = Some(applied);
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Size | Kind::PowerOfTwo => "memory size",
        Kind::Fraction => "fraction",
        Kind::Count => "whole number",
    }
}
