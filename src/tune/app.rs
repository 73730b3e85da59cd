//! The state of `flinkmem tune`, apart from any terminal: the file's configuration, the values
//! changed here, the job, and everything recomputed from them after each key through the same
//! calculator ([`crate::sizing::Calculation`]) and network model ([`crate::network`]) that
//! `calc` and `buffers` use. Keys arrive as [`Key`]s so that tests can drive the state.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::inputs::{Derived, Kind, MEMORY_INPUTS, MemoryInput, size_text, step};
use crate::calc::CalcError;
use crate::config::Origin;
use crate::memory_size::MemorySize;
use crate::network::advice::{self, Fix, PARALLELISM_LIMIT, SweepPoint};
use crate::network::job::{Job, Mode};
use crate::network::{self, Analysis, NetworkSettings};
use crate::sizing::candidate::variant;
use crate::sizing::{Calculation, Remedy};
use crate::version::FlinkVersion;

/// A key press, as the state understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Up,
    Down,
    Left,
    Right,
    /// Shift+Left or Page Down: a large step down.
    BigLeft,
    /// Shift+Right or Page Up: a large step up.
    BigRight,
    Enter,
    Esc,
    Backspace,
    Tab,
    Char(char),
    /// Ctrl-C.
    Interrupt,
}

/// A value changed here: set to a text, or taken out of the file so that Flink derives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Set(String),
    Remove,
}

/// The job settings of the panel; `None` keeps the job file's (or the default) value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobEdits {
    pub parallelism: Option<u32>,
    pub exchanges: Option<u32>,
    pub mode: Option<Mode>,
    /// `Some(0)`: as many as the job needs.
    pub taskmanagers: Option<u32>,
}

/// A row of the inputs panel.
#[derive(Debug, Clone, Copy)]
pub enum Row {
    Memory(&'static MemoryInput),
    Parallelism,
    Exchanges,
    Mode,
    TaskManagers,
}

impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Memory(a), Self::Memory(b)) => a.key == b.key,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for Row {}

/// Where a shown value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueOrigin {
    /// Written in the file.
    File,
    /// A `-D`/`--set` argument of this run.
    CommandLine,
    /// The option's default in this Flink version.
    Default,
    /// Unset and without a default: the number Flink derives.
    Derived,
    /// Unset, without a default, and nothing derived (the process is rejected).
    Unset,
    /// The job file's.
    JobFile,
    /// Changed in this session.
    Changed,
    /// Taken out here; Flink derives it.
    Removed,
}

impl ValueOrigin {
    pub fn label(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::CommandLine => "-D",
            Self::Default => "default",
            Self::Derived => "derived",
            Self::Unset => "unset",
            Self::JobFile => "job",
            Self::Changed => "changed",
            Self::Removed => "removed",
        }
    }
}

/// One row as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub label: &'static str,
    /// The full option key, for the detail line.
    pub key: Option<&'static str>,
    pub value: String,
    pub origin: ValueOrigin,
}

/// The job against the current `TaskManager`s, when Flink would start them.
#[derive(Debug, Clone)]
pub struct JobView {
    pub analysis: Analysis,
    /// Largest parallelism (every vertex) that fits, `None` when not even 1 does.
    pub max_parallelism: Option<u32>,
    /// The requirement from parallelism 1 upwards.
    pub sweep: Vec<SweepPoint>,
    /// The network size that holds the job, when it does not fit.
    pub fix: Option<Fix>,
}

/// Loads the file (or the shipped default) for a Flink version, with no change applied.
pub type Loader = Box<dyn Fn(FlinkVersion) -> Result<Calculation, String>>;

/// Spare buffers the job panel's fix adds, as `buffers` does by default.
const HEADROOM_PERCENT: u32 = 10;
/// Points of the requirement sparkline.
const SWEEP_POINTS: u32 = 32;

/// Everything `tune` shows, recomputed after every key.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags a key press sets"
)]
pub struct App {
    loader: Loader,
    /// The file as read (with `-D` arguments), without any change made here.
    pub base: Calculation,
    /// The same with the changes made here.
    pub current: Calculation,
    pub edits: BTreeMap<String, Edit>,
    /// The job file's job, if one was given.
    pub job_file: Option<(PathBuf, Job)>,
    pub job_edits: JobEdits,
    /// The job analysed on the current configuration, or why it cannot be.
    pub job: Result<JobView, String>,
    /// The same on the file's configuration, for the change of the verdict.
    pub base_required: Option<(u64, u64)>,
    pub selected: usize,
    /// The text being typed into the selected row.
    pub typing: Option<String>,
    /// One line of feedback (what a key did).
    pub message: Option<String>,
    /// Show the `JobManager` instead of the `TaskManager` when only one fits.
    pub show_jobmanager: bool,
    /// `p` was pressed: print the changes on exit.
    pub print_on_exit: bool,
    /// Set by `q`, Esc or Ctrl-C.
    pub quit: bool,
    /// Set by `w`: the terminal loop writes the file.
    pub write_requested: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("version", &self.version())
            .field("edits", &self.edits)
            .field("job_edits", &self.job_edits)
            .field("selected", &self.selected)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The screen's state for `version` (the loader's default when `None`).
    pub fn new(
        loader: Loader,
        version: FlinkVersion,
        job_file: Option<(PathBuf, Job)>,
    ) -> Result<Self, String> {
        let base = loader(version)?;
        let current = base.clone();
        let mut app = Self {
            loader,
            base,
            current,
            edits: BTreeMap::new(),
            job_file,
            job_edits: JobEdits::default(),
            job: Err(String::new()),
            base_required: None,
            selected: 0,
            typing: None,
            message: None,
            show_jobmanager: false,
            print_on_exit: false,
            quit: false,
            write_requested: false,
        };
        app.recompute();
        Ok(app)
    }

    pub fn version(&self) -> FlinkVersion {
        self.base.config.version()
    }

    /// The rows of the inputs panel for this version: options it knows, then the job.
    pub fn rows(&self) -> Vec<Row> {
        let catalog = self.base.config.catalog();
        let mut rows: Vec<Row> = MEMORY_INPUTS
            .iter()
            .filter(|i| catalog.option(i.key).is_some())
            .map(Row::Memory)
            .collect();
        rows.push(Row::Parallelism);
        if self.job_file.is_none() {
            rows.push(Row::Exchanges);
        }
        rows.push(Row::Mode);
        rows.push(Row::TaskManagers);
        rows
    }

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

    fn recompute(&mut self) {
        let mut extra = Vec::new();
        let mut removed = Vec::new();
        for (key, edit) in &self.edits {
            match edit {
                Edit::Set(value) => extra.push((key.clone(), value.clone())),
                Edit::Remove => removed.push(key.as_str()),
            }
        }
        let config = variant(&self.base.config, &extra, &removed);
        let mut current = Calculation::run(config, self.base.source.clone());
        current.notes.clone_from(&self.base.notes);
        self.current = current;
        self.job = self.job_view(&self.current);
        self.base_required = self
            .job_view(&self.base)
            .ok()
            .map(|v| (v.analysis.required_buffers, v.analysis.pool.buffers));
    }

    /// The parallelism the job runs at: the one set here, else the job file's largest vertex,
    /// else `parallelism.default`.
    pub fn parallelism(&self) -> (u32, ValueOrigin) {
        if let Some(p) = self.job_edits.parallelism {
            return (p, ValueOrigin::Changed);
        }
        if let Some((_, job)) = &self.job_file {
            let p = job
                .vertices
                .iter()
                .map(|v| v.parallelism)
                .max()
                .unwrap_or(1);
            return (p, ValueOrigin::JobFile);
        }
        let config = &self.current.config;
        match config.resolve("parallelism.default") {
            Some(r) => (
                r.entry
                    .value
                    .to_int()
                    .ok()
                    .map_or(1, |p| p.clamp(1, 1 << 15) as u32),
                origin_of(&r.entry.origin),
            ),
            None => (1, ValueOrigin::Default),
        }
    }

    fn exchanges(&self) -> (u32, ValueOrigin) {
        match self.job_edits.exchanges {
            Some(k) => (k, ValueOrigin::Changed),
            None => (1, ValueOrigin::Default),
        }
    }

    fn mode(&self, calculation: &Calculation) -> (Mode, ValueOrigin) {
        if let Some(mode) = self.job_edits.mode {
            return (mode, ValueOrigin::Changed);
        }
        if let Some(mode) = self.job_file.as_ref().and_then(|(_, j)| j.mode) {
            return (mode, ValueOrigin::JobFile);
        }
        let settings = NetworkSettings::from_config(&calculation.config);
        let origin = match calculation.config.resolve("execution.runtime-mode") {
            Some(r) => origin_of(&r.entry.origin),
            None => ValueOrigin::Default,
        };
        (settings.default_mode(), origin)
    }

    fn taskmanagers(&self) -> (Option<u32>, ValueOrigin) {
        match self.job_edits.taskmanagers {
            Some(0) => (None, ValueOrigin::Changed),
            Some(t) => (Some(t), ValueOrigin::Changed),
            None => match self.job_file.as_ref().and_then(|(_, j)| j.taskmanagers) {
                Some(t) => (Some(t), ValueOrigin::JobFile),
                None => (None, ValueOrigin::Default),
            },
        }
    }

    /// The job as the panel describes it.
    pub fn job_description(&self) -> Job {
        let (parallelism, origin) = self.parallelism();
        let mut job = match &self.job_file {
            Some((_, job)) if origin == ValueOrigin::Changed => advice::scaled(job, parallelism),
            Some((_, job)) => job.clone(),
            None => Job::quick(parallelism, self.exchanges().0),
        };
        job.mode = Some(self.mode(&self.current).0);
        if let (Some(t), _) = self.taskmanagers() {
            job.taskmanagers = Some(t.max(1));
        }
        job
    }

    fn job_view(&self, calculation: &Calculation) -> Result<JobView, String> {
        let budget = calculation.taskmanager.as_ref().map_err(|_| {
            "Flink would not start a TaskManager with this configuration".to_owned()
        })?;
        let config = &calculation.config;
        let job = self.job_description();
        let analysis = network::analyze_budget(config, budget, &job).map_err(|e| e.to_string())?;
        let settings = NetworkSettings::from_config(config);
        let mut template = job.clone();
        template.taskmanagers = None;
        let max_parallelism =
            advice::max_parallelism(&settings, analysis.pool, &template, analysis.slots)
                .map_err(|e| e.to_string())?;
        let (parallelism, _) = self.parallelism();
        let top = parallelism
            .saturating_mul(2)
            .clamp(SWEEP_POINTS, PARALLELISM_LIMIT);
        let values: Vec<u32> = (1..=SWEEP_POINTS)
            .map(|i| (u64::from(top) * u64::from(i) / u64::from(SWEEP_POINTS)).max(1) as u32)
            .collect();
        let sweep = advice::sweep(&settings, analysis.pool, &job, analysis.slots, &values)
            .map_err(|e| e.to_string())?;
        let fix = (!analysis.fits).then(|| advice::fix(config, &analysis, HEADROOM_PERCENT));
        Ok(JobView {
            analysis,
            max_parallelism,
            sweep,
            fix,
        })
    }

    /// The selected row, clamped to the rows there are.
    pub fn selected_row(&self) -> Row {
        let rows = self.rows();
        rows[self.selected.min(rows.len() - 1)]
    }

    /// How a row looks now.
    pub fn row_view(&self, row: Row) -> RowView {
        match row {
            Row::Memory(input) => self.memory_row(input),
            Row::Parallelism => {
                let (p, origin) = self.parallelism();
                job_row("job parallelism", p.to_string(), origin)
            }
            Row::Exchanges => {
                let (k, origin) = self.exchanges();
                job_row("job exchanges", k.to_string(), origin)
            }
            Row::Mode => {
                let (mode, origin) = self.mode(&self.current);
                let text = match mode {
                    Mode::Streaming => "streaming",
                    Mode::Batch => "batch",
                };
                job_row("job mode", text.to_owned(), origin)
            }
            Row::TaskManagers => {
                let (t, origin) = self.taskmanagers();
                let text = match (t, &self.job) {
                    (Some(t), _) => t.to_string(),
                    (None, Ok(view)) => format!("auto {}", view.analysis.taskmanagers),
                    (None, Err(_)) => "auto".to_owned(),
                };
                job_row("job taskmanagers", text, origin)
            }
        }
    }

    fn memory_row(&self, input: &'static MemoryInput) -> RowView {
        let (value, origin) = match self.edits.get(input.key) {
            Some(Edit::Set(value)) => (value.clone(), ValueOrigin::Changed),
            Some(Edit::Remove) => (self.derived_text(input), ValueOrigin::Removed),
            None => match self.current.config.resolve(input.key) {
                Some(r) => (r.entry.value.text.clone(), origin_of(&r.entry.origin)),
                None => match self.current.config.default_text(input.key) {
                    Some(default) => (default_text(input.kind, default), ValueOrigin::Default),
                    None => match self.derived_bytes(input) {
                        Some(_) => (self.derived_text(input), ValueOrigin::Derived),
                        None => ("-".to_owned(), ValueOrigin::Unset),
                    },
                },
            },
        };
        RowView {
            label: input.label,
            key: Some(input.key),
            value,
            origin,
        }
    }

    /// What Flink derives for an unset option, when the budget has it.
    fn derived_bytes(&self, input: &MemoryInput) -> Option<u64> {
        let size = match input.derived {
            Derived::TaskManager(of) => self.current.taskmanager.as_ref().ok().map(of),
            Derived::JobManager(of) => self.current.jobmanager.as_ref().ok().map(of),
            Derived::None => None,
        };
        size.map(MemorySize::bytes)
    }

    /// The derived value, in whole MiB (`~` when rounded).
    fn derived_text(&self, input: &MemoryInput) -> String {
        match self.derived_bytes(input) {
            Some(bytes) if bytes.is_multiple_of(1 << 20) => size_text(bytes),
            Some(bytes) => format!("~{}m", (bytes + (1 << 19)) >> 20),
            None => "-".to_owned(),
        }
    }

    /// Handles one key and recomputes what it changed.
    pub fn handle(&mut self, key: Key) {
        if key == Key::Interrupt {
            self.quit = true;
            return;
        }
        if self.typing.is_some() {
            self.handle_typing(key);
            return;
        }
        self.message = None;
        let count = self.rows().len();
        match key {
            Key::Up | Key::Char('k') => self.selected = (self.selected + count - 1) % count,
            Key::Down | Key::Char('j') => self.selected = (self.selected + 1) % count,
            Key::Left => self.step(-1, false),
            Key::Right => self.step(1, false),
            Key::BigLeft => self.step(-1, true),
            Key::BigRight => self.step(1, true),
            Key::Enter => self.typing = Some(String::new()),
            Key::Char(c) if c.is_ascii_digit() || c == '.' => self.typing = Some(c.to_string()),
            Key::Backspace | Key::Char('r') => self.reset(),
            Key::Char('v') => self.switch_version(1),
            Key::Char('V') => self.switch_version(-1),
            Key::Char('f') => self.apply_fix(),
            Key::Char('w') => self.write_requested = true,
            Key::Char('p') => {
                self.print_on_exit = !self.print_on_exit;
                self.message = Some(if self.print_on_exit {
                    "the changed keys will be printed on exit (-D lines and YAML)".to_owned()
                } else {
                    "nothing will be printed on exit".to_owned()
                });
            }
            Key::Tab => self.show_jobmanager = !self.show_jobmanager,
            Key::Char('q') | Key::Esc => self.quit = true,
            _ => {}
        }
    }

    fn handle_typing(&mut self, key: Key) {
        let Some(text) = self.typing.as_mut() else {
            return;
        };
        match key {
            Key::Char(c) if !c.is_control() && text.len() < 40 => text.push(c),
            Key::Backspace => {
                text.pop();
            }
            Key::Esc => self.typing = None,
            Key::Enter => {
                let text = self.typing.take().unwrap_or_default();
                let text = text.trim();
                if !text.is_empty() {
                    self.set(self.selected_row(), text.to_owned());
                }
            }
            _ => {}
        }
    }

    /// Sets the selected row to typed text: an option takes it as written (Flink judges it),
    /// a job setting must be a number (or a mode).
    fn set(&mut self, row: Row, text: String) {
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

    fn step(&mut self, by: i64, big: bool) {
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
            return format!("{}b", crate::memory_size::MAX_BYTES);
        }
        view.value
    }

    /// Backspace: the selected row goes back to the file's value.
    fn reset(&mut self) {
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

    fn switch_version(&mut self, by: isize) {
        let all = FlinkVersion::ALL;
        let at = all.iter().position(|&v| v == self.version()).unwrap_or(0);
        let next = all[(at as isize + by).rem_euclid(all.len() as isize) as usize];
        match (self.loader)(next) {
            Ok(base) => {
                self.base = base;
                self.selected = self.selected.min(self.rows().len() - 1);
                self.recompute();
                self.message = Some(format!("Flink {next}"));
            }
            Err(e) => self.message = Some(format!("cannot read the file as Flink {next}: {e}")),
        }
    }

    /// `f`: the first checked remedy of a rejected process, else the network size that makes
    /// the job fit.
    fn apply_fix(&mut self) {
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

    /// The rejection of the process the budget panel is about, if Flink rejects it.
    pub fn rejection_error(&self, jobmanager: bool) -> Option<&CalcError> {
        let result = if jobmanager {
            self.current.jobmanager.as_ref().err()
        } else {
            self.current.taskmanager.as_ref().err()
        };
        result.map(|r| &r.error)
    }
}

/// A default as the panel shows it: sizes in the file's short form, the largest size as `max`.
fn default_text(kind: Kind, default: &str) -> String {
    match (kind, MemorySize::parse(default)) {
        (Kind::Size | Kind::PowerOfTwo, Ok(size)) if size == MemorySize::MAX => "max".to_owned(),
        (Kind::Size | Kind::PowerOfTwo, Ok(size)) => size_text(size.bytes()),
        _ => default.to_owned(),
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Size | Kind::PowerOfTwo => "memory size",
        Kind::Fraction => "fraction",
        Kind::Count => "whole number",
    }
}

fn origin_of(origin: &Origin) -> ValueOrigin {
    match origin {
        Origin::File | Origin::Manifest { .. } => ValueOrigin::File,
        Origin::CommandLine { .. } => ValueOrigin::CommandLine,
        Origin::Operator { .. } => ValueOrigin::Default,
    }
}

fn job_row(label: &'static str, value: String, origin: ValueOrigin) -> RowView {
    RowView {
        label,
        key: None,
        value,
        origin,
    }
}
