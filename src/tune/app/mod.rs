//! The state of `flinkmem tune`, apart from any terminal: the file's configuration, the values
//! changed here, the job, and everything recomputed from them after each key through the same
//! calculator ([`crate::sizing::Calculation`]) and network model ([`crate::network`]) that
//! `calc` and `buffers` use. Keys arrive as [`Key`]s so that tests can drive the state.
//!
//! [`keys`] turns a key into a change, [`edit`] makes the change (typed or stepped values,
//! resets, Flink's fix), [`rows`] is the list of inputs with the selection and how each row
//! looks, and [`job`] is the job panel's settings and its analysis.

pub mod edit;
pub mod job;
pub mod keys;
pub mod rows;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::calc::CalcError;
use crate::network::job::Job;
use crate::sizing::Calculation;
use crate::sizing::candidate::variant;
use crate::version::FlinkVersion;
use edit::Edit;
use job::{JobEdits, JobView};

/// Loads the file (or the shipped default) for a Flink version, with no change applied.
pub type Loader = Box<dyn Fn(FlinkVersion) -> Result<Calculation, String>>;
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
