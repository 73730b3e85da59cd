//! `flinkmem tune`: the terminal loop around [`crate::tune`]. It owns the terminal (raw mode,
//! alternate screen, optional mouse), restores it on every way out (return, error, panic),
//! turns terminal events into [`Key`]s, draws, writes on `w` and prints on exit after `p`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::{DefaultTerminal, Terminal, backend::CrosstermBackend};

use super::calc::calculate;
use super::{ConfigArgs, ExitStatus, Output};
use crate::network::input::read_job_with_format;
use crate::sizing::Source;
use crate::sizing::candidate::overrides_of;
use crate::tune::draw::{Theme, draw};
use crate::tune::output::{dynamic_properties, edited_text, write_new_file, yaml};
use crate::tune::{App, Edit, Key};
use crate::version::FlinkVersion;

#[derive(Debug, Args)]
pub(crate) struct TuneArgs {
    /// A flink-conf.yaml or config.yaml file, or a conf directory. Without it: Flink's shipped
    /// default configuration for the chosen version
    path: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    /// The job: a flinkmem job file, Flink's execution plan or the REST API's job plan (as
    /// `buffers --job` reads them). Without it: a source and one keyBy at parallelism.default
    #[arg(long, value_name = "FILE")]
    job: Option<PathBuf>,
    /// Where `w` writes the configuration with the changes: a new file (never the input)
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Let the mouse wheel move the selection and a click select a row
    #[arg(long)]
    mouse: bool,
}

/// Whether `NO_COLOR` (any non-empty value) asks for no colour.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub(crate) fn run(args: &TuneArgs, output: &mut Output<'_>) -> std::io::Result<ExitStatus> {
    let job_file = match &args.job {
        Some(path) => {
            let loaded = crate::config::input::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
                .and_then(|text| read_job_with_format(path, &text).map_err(|e| e.to_string()));
            match loaded {
                Ok((job, _)) => Some((path.clone(), job)),
                Err(message) => {
                    writeln!(output.err, "error: {message}")?;
                    return Ok(ExitStatus::Error);
                }
            }
        }
        None => None,
    };
    let path = args.path.clone();
    let overrides = args.config.overrides.clone();
    let first = match calculate(
        path.as_deref(),
        args.config.flink_version,
        &overrides,
        Vec::new(),
        &args.config.manifest,
    ) {
        Ok(c) => c,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let version = first.config.version();
    let manifest = args.config.manifest.clone();
    let loader = Box::new(move |v: FlinkVersion| {
        calculate(path.as_deref(), Some(v), &overrides, Vec::new(), &manifest)
    });
    let mut app = match App::new(loader, version, job_file) {
        Ok(app) => app,
        Err(message) => {
            writeln!(output.err, "error: {message}")?;
            return Ok(ExitStatus::Error);
        }
    };
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        writeln!(
            output.err,
            "error: tune is interactive and needs a terminal (use calc --set or buffers for scripts)"
        )?;
        return Ok(ExitStatus::Error);
    }
    let theme = Theme { color: !no_color() };
    let outcome = with_terminal(args.mouse, |terminal| {
        event_loop(terminal, &mut app, theme, args)
    });
    outcome?;
    if app.print_on_exit {
        let changes = app.changes();
        if changes.is_empty() {
            writeln!(output.out, "# no changes")?;
        } else {
            write!(output.out, "{}", dynamic_properties(&changes))?;
            writeln!(output.out, "---")?;
            write!(output.out, "{}", yaml(&changes))?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Puts the terminal into full-screen mode for `body` and restores it afterwards, also when
/// `body` fails or panics (a panic hook restores it before the message is printed).
fn with_terminal<T>(
    mouse: bool,
    body: impl FnOnce(&mut DefaultTerminal) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let previous = std::sync::Arc::new(std::panic::take_hook());
    let hook = std::sync::Arc::clone(&previous);
    std::panic::set_hook(Box::new(move |info| {
        restore(mouse);
        hook(info);
    }));
    let result = (|| {
        enable_raw_mode()?;
        execute!(std::io::stdout(), EnterAlternateScreen)?;
        if mouse {
            execute!(std::io::stdout(), EnableMouseCapture)?;
        }
        // The alternate screen starts empty: no clear, which would ask the terminal for the
        // cursor position.
        let mut terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
        body(&mut terminal)
    })();
    restore(mouse);
    let _ = std::panic::take_hook();
    if let Ok(hook) = std::sync::Arc::try_unwrap(previous) {
        std::panic::set_hook(hook);
    }
    result
}

/// Leaves raw mode and the alternate screen and shows the cursor; safe to call twice.
fn restore(mouse: bool) {
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(
        std::io::stdout(),
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    theme: Theme,
    args: &TuneArgs,
) -> std::io::Result<()> {
    let mut written_once = false;
    while !app.quit {
        terminal.draw(|frame| draw(frame, app, theme))?;
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        match event::read()? {
            Event::Key(key) => {
                if let Some(key) = translate(key) {
                    app.handle(key);
                }
            }
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollUp => app.handle(Key::Up),
                MouseEventKind::ScrollDown => app.handle(Key::Down),
                MouseEventKind::Down(_) => {
                    let size = terminal.size()?;
                    let inputs_width = if size.width >= 110 { 44 } else { 34 };
                    let row = clicked_row(app, size.height, mouse.row)
                        .filter(|_| mouse.column < inputs_width);
                    if let Some(row) = row {
                        app.selected = row;
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if app.write_requested {
            app.write_requested = false;
            app.message = Some(write(app, args, &mut written_once));
        }
    }
    Ok(())
}

/// The inputs row under a click on screen line `line`, with the panel's scrolling as
/// `draw` lays it out (rows start below the header and the panel's title line; the panel's
/// last line names the key).
fn clicked_row(app: &App, height: u16, line: u16) -> Option<usize> {
    let visible = usize::from(height).saturating_sub(1 + 1 + 5 + 1 + 1).max(1);
    let first = app.selected.saturating_sub(visible - 1);
    let offset = usize::from(line).checked_sub(2).filter(|&o| o < visible)?;
    Some(first + offset).filter(|&r| r < app.rows().len())
}

/// `w`: the configuration with the changes, to the `-o` file.
fn write(app: &App, args: &TuneArgs, written_once: &mut bool) -> String {
    let Some(target) = &args.output else {
        return "w needs -o FILE (tune writes a new file, never the input); p prints the changes"
            .to_owned();
    };
    let changes = app.changes();
    if changes.is_empty() {
        return "no changes to write".to_owned();
    }
    let input = match &app.base.source {
        Source::File(path) => Some(path.as_path()),
        Source::Shipped => None,
    };
    // The file gets the -D arguments of this run too, then the changes made here.
    let mut into_file: Vec<(String, Edit)> = overrides_of(&app.base.config)
        .into_iter()
        .filter(|(key, _)| !changes.iter().any(|(k, _)| k == key))
        .map(|(key, value)| (key, Edit::Set(value)))
        .collect();
    into_file.extend(changes.iter().cloned());
    let result = edited_text(&app.base.config, &into_file)
        .and_then(|text| write_new_file(target, input, *written_once, &text));
    match result {
        Ok(()) => {
            *written_once = true;
            format!(
                "wrote {} ({} changed keys)",
                target.display(),
                changes.len()
            )
        }
        Err(message) => message,
    }
}

/// The key a terminal event means, if any.
fn translate(key: KeyEvent) -> Option<Key> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    Some(match key.code {
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Key::Interrupt,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left if shift => Key::BigLeft,
        KeyCode::Right if shift => Key::BigRight,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageDown => Key::BigLeft,
        KeyCode::PageUp => Key::BigRight,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace | KeyCode::Delete => Key::Backspace,
        KeyCode::Tab => Key::Tab,
        KeyCode::Char(c) => Key::Char(c),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::config::shipped::shipped_default;

    fn app() -> App {
        let loader: crate::tune::app::Loader = Box::new(|v| {
            Ok(crate::sizing::Calculation::run(
                Config::new(v, Some(shipped_default(v)), &[]),
                Source::Shipped,
            ))
        });
        App::new(loader, FlinkVersion::V2_3, None).expect("loads")
    }

    #[test]
    fn terminal_keys_map_to_state_keys() {
        let key = |code, modifiers| translate(KeyEvent::new(code, modifiers));
        assert_eq!(
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Key::Interrupt)
        );
        assert_eq!(
            key(KeyCode::Right, KeyModifiers::SHIFT),
            Some(Key::BigRight)
        );
        assert_eq!(
            key(KeyCode::PageDown, KeyModifiers::NONE),
            Some(Key::BigLeft)
        );
        assert_eq!(
            key(KeyCode::Char('4'), KeyModifiers::NONE),
            Some(Key::Char('4'))
        );
        assert_eq!(key(KeyCode::F(5), KeyModifiers::NONE), None);
    }

    #[test]
    fn a_click_selects_the_row_under_it_also_when_scrolled() {
        let mut app = app();
        // 80x24: rows from screen line 2, 15 visible.
        assert_eq!(clicked_row(&app, 24, 2), Some(0));
        assert_eq!(clicked_row(&app, 24, 5), Some(3));
        assert_eq!(clicked_row(&app, 24, 1), None);
        assert_eq!(clicked_row(&app, 24, 17), None, "the key line is not a row");
        app.selected = app.rows().len() - 1;
        let first = app.selected - 14;
        assert_eq!(clicked_row(&app, 24, 2), Some(first));
    }
}
