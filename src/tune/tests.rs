//! Key sequences drive the state; screens render on ratatui's `TestBackend` and are compared
//! as insta snapshots at 80x24 and 120x40. Every number checked here is compared with the
//! calculator run directly on the same settings.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::edit::Edit;
use super::app::keys::Key;
use super::app::rows::ValueOrigin;
use super::app::{App, Loader};
use super::draw::{Theme, draw};
use crate::calc;
use crate::config::shipped::shipped_default;
use crate::config::{Config, ConfigFile, SourceFile};
use crate::network::job::Job;
use crate::sizing::{Calculation, Source};
use crate::version::FlinkVersion;

fn shipped() -> Loader {
    Box::new(|v| {
        Ok(Calculation::run(
            Config::new(v, Some(shipped_default(v)), &[]),
            Source::Shipped,
        ))
    })
}

/// A loader over a file's text, read as `name` in every version.
fn file(name: &'static str, text: &'static str) -> Loader {
    Box::new(move |v| {
        let dialect = crate::config::load::dialect_for_name(std::path::Path::new(name));
        let file = ConfigFile::parse(SourceFile::new(name, text.to_owned()), dialect);
        Ok(Calculation::run(
            Config::new(v, Some(file), &[]),
            Source::File(name.into()),
        ))
    })
}

fn app(loader: Loader) -> App {
    App::new(loader, FlinkVersion::V2_3, None).expect("loads")
}

fn press(app: &mut App, keys: &[Key]) {
    for &key in keys {
        app.handle(key);
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle(Key::Char(c));
    }
    app.handle(Key::Enter);
}

/// Moves the selection to the row labelled `label`.
fn select(app: &mut App, label: &str) {
    let rows = app.rows();
    app.selected = rows
        .iter()
        .position(|r| app.row_view(*r).label == label)
        .unwrap_or_else(|| panic!("no row {label}"));
}

fn screen(app: &App, width: u16, height: u16, color: bool) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| draw(frame, app, Theme { color }))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let line: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn tm_total(app: &App) -> u64 {
    app.current
        .taskmanager
        .as_ref()
        .expect("accepted")
        .total_process
        .bytes
        .bytes()
}

#[test]
fn arrows_step_the_process_size_and_the_budget_follows_the_calculator() {
    let mut app = app(shipped());
    assert_eq!(tm_total(&app), 1728 << 20);
    press(&mut app, &[Key::Right]);
    assert_eq!(
        app.edits["taskmanager.memory.process.size"],
        Edit::Set("1792m".to_owned())
    );
    assert_eq!(tm_total(&app), 1792 << 20);
    press(&mut app, &[Key::BigRight, Key::BigRight]);
    assert_eq!(tm_total(&app), 3 << 30);
    // The same numbers as calc on the same settings.
    let direct = calc::taskmanager(&Config::new(
        FlinkVersion::V2_3,
        Some(shipped_default(FlinkVersion::V2_3)),
        &[(
            "taskmanager.memory.process.size".to_owned(),
            "3072m".to_owned(),
        )],
    ))
    .expect("accepted");
    assert_eq!(app.current.taskmanager.as_ref().ok(), Some(&direct));
    press(&mut app, &[Key::Backspace]);
    assert!(app.edits.is_empty());
    assert_eq!(tm_total(&app), 1728 << 20);
}

#[test]
fn slots_and_parallelism_move_the_buffer_verdict() {
    let mut app = app(shipped());
    select(&mut app, "slots");
    type_text(&mut app, "4");
    select(&mut app, "job parallelism");
    type_text(&mut app, "64");
    let view = app.job.as_ref().expect("analysed");
    assert_eq!(view.analysis.slots, 4);
    assert_eq!(view.analysis.taskmanagers, 16);
    // 64 channels per gate on each of the 4 slots, as `buffers -p 64 --slots 4` computes.
    let config = app.current.config.clone();
    let job = Job::quick(64, 1);
    let direct = crate::network::analyze(&config, &job).expect("analyses");
    assert_eq!(view.analysis.required_buffers, direct.required_buffers);
    assert_eq!(view.analysis.pool.buffers, 4096);
    assert!(!view.analysis.fits || view.analysis.required_buffers <= 4096);
    // Raise the parallelism until the pool is short, then let `f` size the network.
    type_text(&mut app, "512");
    let before = app.job.as_ref().expect("analysed").analysis.fits;
    assert!(!before, "512 x 4 slots does not fit 4096 buffers");
    press(&mut app, &[Key::Char('f')]);
    let after = app.job.as_ref().expect("analysed");
    assert!(after.analysis.fits, "{:?}", app.message);
    assert!(app.edits.contains_key("taskmanager.memory.network.min"));
}

#[test]
fn typing_a_value_flink_rejects_shows_the_rejection_and_f_applies_the_fix() {
    let mut app = app(shipped());
    select(&mut app, "managed.size");
    type_text(&mut app, "2g");
    let rejection = app.current.taskmanager.as_ref().expect_err("rejected");
    assert!(!rejection.remedies.is_empty());
    assert!(app.job.is_err());
    press(&mut app, &[Key::Char('f')]);
    assert!(app.current.taskmanager.is_ok(), "{:?}", app.message);
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .starts_with("applied Flink's fix"),
        "{:?}",
        app.message
    );
}

#[test]
fn escape_while_typing_cancels_and_bad_job_numbers_are_refused() {
    let mut app = app(shipped());
    press(&mut app, &[Key::Char('9'), Key::Char('g'), Key::Esc]);
    assert!(app.edits.is_empty() && !app.quit);
    select(&mut app, "job parallelism");
    type_text(&mut app, "0");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("whole number")
    );
    assert_eq!(app.parallelism().0, 1);
    press(&mut app, &[Key::Interrupt]);
    assert!(app.quit);
}

#[test]
fn origins_file_default_changed() {
    let mut app = app(file(
        "flink-conf.yaml",
        "# Intent: a 1.x file with a process size and a fraction\n\
         taskmanager.memory.process.size: 4g\ntaskmanager.memory.network.fraction: 0.2\n",
    ));
    let origin = |app: &App, label: &str| {
        let row = app
            .rows()
            .into_iter()
            .find(|r| app.row_view(*r).label == label);
        app.row_view(row.expect("row")).origin
    };
    assert_eq!(origin(&app, "process.size"), ValueOrigin::File);
    assert_eq!(origin(&app, "managed.fraction"), ValueOrigin::Default);
    assert_eq!(origin(&app, "flink.size"), ValueOrigin::Derived);
    select(&mut app, "network.fraction");
    press(&mut app, &[Key::Right]);
    assert_eq!(origin(&app, "network.fraction"), ValueOrigin::Changed);
    assert_eq!(
        app.edits["taskmanager.memory.network.fraction"],
        Edit::Set("0.21".to_owned())
    );
    // Stepping back to the file's value leaves nothing to write.
    press(&mut app, &[Key::Left]);
    assert!(app.changes().is_empty());
}

#[test]
fn v_switches_the_flink_version_and_keeps_the_changes() {
    let mut app = app(shipped());
    press(&mut app, &[Key::Right, Key::Char('v')]);
    assert_eq!(app.version(), FlinkVersion::V1_13, "wraps to the oldest");
    assert_eq!(tm_total(&app), 1792 << 20);
    // 1.x has buffers per channel as an option; 2.x fixed it.
    assert!(
        app.rows()
            .iter()
            .any(|r| app.row_view(*r).label == "buffers/channel")
    );
    press(&mut app, &[Key::Char('V')]);
    assert_eq!(app.version(), FlinkVersion::V2_3);
    assert!(
        !app.rows()
            .iter()
            .any(|r| app.row_view(*r).label == "buffers/channel")
    );
}

#[test]
fn nothing_is_written_or_printed_without_being_asked() {
    let mut app = app(shipped());
    press(&mut app, &[Key::Right, Key::Char('q')]);
    assert!(app.quit && !app.write_requested && !app.print_on_exit);
    let mut app = self::app(shipped());
    press(&mut app, &[Key::Char('p'), Key::Char('w')]);
    assert!(app.print_on_exit && app.write_requested);
}

#[test]
fn screen_80x24_shipped_default() {
    let app = app(shipped());
    insta::assert_snapshot!(screen(&app, 80, 24, false));
}

#[test]
fn screen_80x24_after_4_slots_and_parallelism_64() {
    let mut app = app(shipped());
    press(&mut app, &[Key::BigRight, Key::BigRight]);
    select(&mut app, "slots");
    type_text(&mut app, "4");
    select(&mut app, "job parallelism");
    type_text(&mut app, "64");
    insta::assert_snapshot!(screen(&app, 80, 24, false));
}

#[test]
fn the_readme_shows_this_screen() {
    let mut app = app(shipped());
    press(&mut app, &[Key::BigRight, Key::BigRight]);
    select(&mut app, "slots");
    type_text(&mut app, "4");
    select(&mut app, "job parallelism");
    type_text(&mut app, "64");
    let readme = include_str!("../../README.md");
    let screen = screen(&app, 80, 24, false);
    assert!(
        readme.contains(screen.trim_end()),
        "README's tune capture is out of date:\n{screen}"
    );
}

#[test]
fn screen_80x24_rejected() {
    let mut app = app(shipped());
    select(&mut app, "managed.size");
    type_text(&mut app, "2g");
    insta::assert_snapshot!(screen(&app, 80, 24, false));
}

#[test]
fn screen_120x40_both_processes() {
    let mut app = app(shipped());
    press(&mut app, &[Key::BigRight, Key::BigRight]);
    select(&mut app, "slots");
    type_text(&mut app, "4");
    select(&mut app, "job parallelism");
    type_text(&mut app, "512");
    insta::assert_snapshot!(screen(&app, 120, 40, false));
}

#[test]
fn screen_120x40_flink_1_20_file() {
    let app = App::new(
        file(
            "flink-conf.yaml",
            "# Intent: a 1.x file; buffers per channel and floating buffers are options\n\
             taskmanager.memory.process.size: 4g\ntaskmanager.numberOfTaskSlots: 2\n\
             taskmanager.network.memory.buffers-per-channel: 4\n",
        ),
        FlinkVersion::V1_20,
        None,
    )
    .expect("loads");
    insta::assert_snapshot!(screen(&app, 120, 40, false));
}

#[test]
fn small_and_colour_screens_draw_without_panicking() {
    let mut app = app(shipped());
    for (w, h) in [(20, 5), (40, 10), (80, 24), (200, 60), (1, 1)] {
        let _ = screen(&app, w, h, true);
    }
    press(&mut app, &[Key::Tab]);
    let text = screen(&app, 80, 24, false);
    assert!(text.contains("Final") || text.contains("JobManager"));
    assert!(text.contains("JVM Heap"));
}
