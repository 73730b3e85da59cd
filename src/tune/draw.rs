//! Drawing `tune`'s screen from its state: header, inputs panel, budget panel (both process
//! trees with `calc`'s labels and numbers, or Flink's message and fix), job panel and the key
//! help. Pure: it reads an [`App`] and paints a ratatui [`Frame`]; nothing here computes a
//! number of its own.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, SparklineBar, Wrap};

use super::app::App;
use super::app::rows::ValueOrigin;
use crate::network::model::insufficient_message;
use crate::render::calc::bar::cells;
use crate::render::calc::explanation::flink_message_lines;
use crate::render::calc::markdown::short_size;
use crate::render::calc::tree::{TreeRow, jobmanager_rows, taskmanager_rows};
use crate::sizing::{Remedy, Source};
use crate::units::memory_size::{MemorySize, binary_units};

/// Colours, or none (`NO_COLOR`): emphasis then comes from bold and reverse video only.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::default().fg(color)
        } else {
            Style::default()
        }
    }
    fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    fn good(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    fn dim(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }
    fn changed(self) -> Style {
        self.fg(Color::Yellow)
    }
}

const PALETTE: [Color; 8] = [
    Color::Blue,
    Color::Cyan,
    Color::Green,
    Color::Yellow,
    Color::Magenta,
    Color::Red,
    Color::LightBlue,
    Color::Gray,
];

/// Rows a process tree needs: title, its rows, the bar (and for the `TaskManager` the buffers).
const TM_HEIGHT: u16 = 1 + 13 + 1 + 1;
const JM_HEIGHT: u16 = 1 + 6 + 1;
const JOB_HEIGHT: u16 = 5;

/// Paints the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: Theme) {
    let area = frame.area();
    let [header, body, job, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(JOB_HEIGHT),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, header, app, theme);
    let inputs_width = if area.width >= 110 { 44 } else { 34 };
    let [inputs, budget] =
        Layout::horizontal([Constraint::Length(inputs_width), Constraint::Min(20)]).areas(body);
    draw_inputs(frame, inputs, app, theme);
    draw_budget(frame, budget, app, theme);
    draw_job(frame, job, app, theme);
    draw_footer(frame, footer, app, theme);
}

fn draw_header(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let source = match &app.base.source {
        Source::File(path) => path.display().to_string(),
        Source::Shipped => "shipped default".to_owned(),
    };
    let changes = app.changes().len();
    let verdict = if app.current.is_accepted() {
        Span::styled("accepted", theme.good())
    } else {
        Span::styled("REJECTED", theme.bad())
    };
    let line = Line::from(vec![
        Span::styled("flinkmem tune", theme.title()),
        Span::raw(format!(" | Flink {} | {source} | ", app.version())),
        verdict,
        Span::raw(format!(" | {changes} changed")),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_inputs(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let block = Block::default()
        .borders(Borders::TOP | Borders::RIGHT)
        .title(Span::styled(" Inputs ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = app.rows();
    let selected = app.selected.min(rows.len() - 1);
    // One line at the bottom names the selected option's key.
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let first = selected.saturating_sub(visible - 1);
    // Label and value share what the origin column leaves; a long value takes the label's
    // spare room.
    let text_width = usize::from(inner.width).saturating_sub(9).max(8);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (index, row) in rows.iter().enumerate().skip(first).take(visible) {
        let view = app.row_view(*row);
        let typing = (index == selected)
            .then_some(app.typing.as_deref())
            .flatten();
        let value = match typing {
            Some(text) => format!("{text}_"),
            None => view.value.clone(),
        };
        let label_width = view.label.len().min(17);
        let value = clip(&value, text_width.saturating_sub(label_width + 1).max(4));
        let label_width = text_width.saturating_sub(value.chars().count() + 1);
        let origin_style = match view.origin {
            ValueOrigin::Changed | ValueOrigin::Removed => theme.changed(),
            ValueOrigin::File | ValueOrigin::CommandLine | ValueOrigin::JobFile => Style::default(),
            ValueOrigin::Default | ValueOrigin::Derived | ValueOrigin::Unset => theme.dim(),
        };
        let mut style = Style::default();
        if index == selected {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let label = format!(" {:<label_width$}", clip(view.label, label_width));
        lines.push(
            Line::from(vec![
                Span::raw(label),
                Span::raw(format!(" {value} ")),
                Span::styled(format!("{:<7}", view.origin.label()), origin_style),
            ])
            .style(style),
        );
    }
    let detail = match app.row_view(rows[selected]).key {
        Some(key) => key.to_owned(),
        None => "job setting, not in the file".to_owned(),
    };
    let [list, key_line] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(Span::styled(
            clip(&detail, usize::from(inner.width)),
            theme.dim(),
        )),
        key_line,
    );
}

fn draw_budget(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    if area.height >= TM_HEIGHT + JM_HEIGHT {
        let [tm, jm] =
            Layout::vertical([Constraint::Length(TM_HEIGHT), Constraint::Min(JM_HEIGHT)])
                .areas(area);
        draw_process(frame, tm, app, theme, false, true);
        draw_process(frame, jm, app, theme, true, true);
    } else {
        draw_process(frame, area, app, theme, app.show_jobmanager, false);
    }
}

fn draw_process(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: Theme,
    jobmanager: bool,
    both: bool,
) {
    let name = match (jobmanager, both) {
        (_, true) if jobmanager => "JobManager",
        (_, true) => "TaskManager",
        (true, false) => "JobManager (Tab: TaskManager)",
        (false, false) => "TaskManager (Tab: JobManager)",
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(format!(" {name} "), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(error) = app.rejection_error(jobmanager) {
        draw_rejection(frame, inner, app, theme, jobmanager, error);
        return;
    }
    let (rows, base_rows) = if jobmanager {
        let (Ok(now), base) = (&app.current.jobmanager, &app.base.jobmanager) else {
            return;
        };
        (
            jobmanager_rows(now),
            base.as_ref().ok().map(jobmanager_rows),
        )
    } else {
        let (Ok(now), base) = (&app.current.taskmanager, &app.base.taskmanager) else {
            return;
        };
        (
            taskmanager_rows(now),
            base.as_ref().ok().map(taskmanager_rows),
        )
    };
    let width = usize::from(inner.width);
    // Wide: Flink's full value `1.688gb (1811939328 bytes)`; narrow: its first part.
    let full = width >= 72;
    let value_width = if full { 30 } else { 10 };
    let label_width = width.saturating_sub(value_width + 9).min(26);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let human = row.component.bytes.to_human_readable();
        let value = if full {
            human.as_str()
        } else {
            short_size(&human)
        };
        let label = format!("{}{}", " ".repeat(row.depth()), row.label());
        let before = base_rows
            .as_ref()
            .and_then(|b| b.get(i))
            .map(|b| b.component.bytes);
        let change = clip(
            &change_text(before, row.component.bytes, !full),
            width.saturating_sub(label_width + value_width + 2),
        );
        let mut spans = vec![
            Span::raw(format!("{:<label_width$} ", clip(&label, label_width))),
            Span::raw(format!("{value:<value_width$}")),
        ];
        if !change.is_empty() {
            spans.push(Span::styled(format!(" {change}"), theme.changed()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(bar_line(&rows, width, theme));
    if !jobmanager {
        lines.push(buffers_line(app, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `+64 MiB`, `-1.5 GiB` (narrow: `+64M`, `-1.5G`), or nothing when unchanged.
fn change_text(before: Option<MemorySize>, now: MemorySize, narrow: bool) -> String {
    let Some(before) = before else {
        return String::new();
    };
    let (b, n) = (before.bytes(), now.bytes());
    let (sign, delta) = match n.cmp(&b) {
        std::cmp::Ordering::Equal => return String::new(),
        std::cmp::Ordering::Greater => ('+', n - b),
        std::cmp::Ordering::Less => ('-', b - n),
    };
    if !narrow {
        return format!("{sign}{}", binary_units(delta));
    }
    let compact = binary_units(delta)
        .replace(" bytes", "B")
        .replace(" KiB", "K")
        .replace(" MiB", "M")
        .replace(" GiB", "G")
        .replace(" TiB", "T");
    // `614.4M` becomes `614M`: the tree beside it has the exact value.
    let compact = match compact.split_once('.') {
        Some((whole, rest)) if whole.len() >= 3 => {
            format!(
                "{whole}{}",
                rest.trim_start_matches(|c: char| c.is_ascii_digit())
            )
        }
        _ => compact,
    };
    format!("{sign}{compact}")
}

fn bar_line(rows: &[TreeRow], width: usize, theme: Theme) -> Line<'static> {
    let slices: Vec<(char, u64)> = rows
        .iter()
        .filter_map(|r| r.slice.map(|s| (s.letter, r.component.bytes.bytes())))
        .collect();
    let shares: Vec<u64> = slices.iter().map(|s| s.1).collect();
    let counts = cells(&shares, width.saturating_sub(2));
    let mut spans = vec![Span::raw("|")];
    for (i, ((letter, _), count)) in slices.iter().zip(counts).enumerate() {
        let style = if theme.color {
            Style::default()
                .fg(Color::Black)
                .bg(PALETTE[i % PALETTE.len()])
        } else {
            Style::default()
        };
        spans.push(Span::styled(letter.to_string().repeat(count), style));
    }
    spans.push(Span::raw("|"));
    Line::from(spans)
}

fn buffers_line(app: &App, theme: Theme) -> Line<'static> {
    let Ok(budget) = &app.current.taskmanager else {
        return Line::default();
    };
    let Some(segments) = &budget.segments else {
        let message = budget
            .segment_problem
            .as_ref()
            .map_or("the segment size is unusable", |p| p.message());
        return Line::from(Span::styled(message.to_owned(), theme.bad()));
    };
    let before = app
        .base
        .taskmanager
        .as_ref()
        .ok()
        .and_then(|b| b.segments.as_ref())
        .map(|s| s.network_buffers);
    let mut spans = vec![Span::raw(format!(
        "Network buffers: {} x {}",
        segments.network_buffers,
        binary_units(segments.segment_size.bytes.bytes())
    ))];
    if let Some(before) = before.filter(|&b| b != segments.network_buffers) {
        let delta = i128::from(segments.network_buffers) - i128::from(before);
        spans.push(Span::styled(format!(" ({delta:+})"), theme.changed()));
    }
    Line::from(spans)
}

fn draw_rejection(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: Theme,
    jobmanager: bool,
    error: &crate::calc::CalcError,
) {
    let mut lines = vec![Line::from(Span::styled(
        "Flink rejects this configuration:",
        theme.bad(),
    ))];
    lines.extend(flink_message_lines(error).into_iter().map(Line::from));
    let rejection = if jobmanager {
        app.current.jobmanager.as_ref().err()
    } else {
        app.current.taskmanager.as_ref().err()
    };
    let remedies = rejection.map(|r| r.remedies.as_slice()).unwrap_or_default();
    lines.push(Line::default());
    if remedies.is_empty() {
        lines.push(Line::from("No checked fix: change the values named above."));
    }
    for (i, remedy) in remedies.iter().enumerate() {
        let text = match remedy {
            Remedy::Set { key, value, .. } => format!("set {key} = {value}"),
            Remedy::Remove { key } => format!("remove {key}"),
        };
        let lead = if i == 0 { "Fix (f): " } else { "   or:   " };
        lines.push(Line::from(vec![
            Span::styled(lead, theme.good()),
            Span::raw(text),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn draw_job(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let title = match &app.job_file {
        Some((path, _)) => format!(" Job: {} ", path.display()),
        None => " Job ".to_owned(),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let view = match &app.job {
        Ok(view) => view,
        Err(message) => {
            frame.render_widget(
                Paragraph::new(Span::styled(message.clone(), theme.dim()))
                    .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
    };
    let a = &view.analysis;
    let [verdict, limit, spark, fix] = Layout::vertical([Constraint::Length(1); 4]).areas(inner);
    let mut spans = vec![Span::raw(format!(
        "Worst TM #{} of {}: needs {} of {} buffers ",
        a.worst + 1,
        a.taskmanagers,
        a.required_buffers,
        a.pool.buffers
    ))];
    spans.push(if a.fits {
        Span::styled(format!("fits ({} spare)", a.headroom()), theme.good())
    } else {
        Span::styled(format!("FAILS (short {})", -a.headroom()), theme.bad())
    });
    if let Some((required, _)) = app.base_required.filter(|(r, _)| *r != a.required_buffers) {
        let delta = i128::from(a.required_buffers) - i128::from(required);
        spans.push(Span::styled(format!(" need {delta:+}"), theme.changed()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), verdict);
    let largest = match view.max_parallelism {
        Some(p) if p >= crate::network::advice::PARALLELISM_LIMIT => {
            format!("any up to {p}")
        }
        Some(p) => p.to_string(),
        None => "none (not even 1)".to_owned(),
    };
    frame.render_widget(
        Paragraph::new(format!(
            "Largest parallelism that fits: {largest}  (slots per TM: {})",
            a.slots
        )),
        limit,
    );
    let last = view.sweep.last().map_or(0, |p| p.parallelism);
    let peak = view
        .sweep
        .iter()
        .map(|p| p.required_buffers)
        .max()
        .unwrap_or(0);
    let label = format!("Need p=1..{last} (peak {peak}): ");
    let [label_area, chart] =
        Layout::horizontal([Constraint::Length(label.len() as u16), Constraint::Min(1)])
            .areas(spark);
    frame.render_widget(Paragraph::new(label), label_area);
    // Bars over the pool are drawn in the failure style.
    let bars: Vec<SparklineBar> = view
        .sweep
        .iter()
        .map(|p| {
            let style = if p.fits {
                theme.fg(Color::Cyan)
            } else {
                theme.bad()
            };
            SparklineBar::from(p.required_buffers).style(Some(style))
        })
        .collect();
    let chart = Rect {
        width: chart.width.min(bars.len() as u16),
        ..chart
    };
    frame.render_widget(Sparkline::default().data(bars).max(peak.max(1)), chart);
    let fix_line = match &view.fix {
        Some(fix) => Line::from(vec![
            Span::styled("Fix (f): ", theme.good()),
            Span::raw(format!(
                "network min = max = {} ({} buffers, +{}%)",
                fix.network_size, fix.buffers, fix.headroom_percent
            )),
        ]),
        None if !a.fits => Line::from(insufficient_message(
            a.required_buffers,
            a.pool.buffers,
            a.pool,
        )),
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(fix_line), fix);
}

fn draw_footer(frame: &mut Frame<'_>, area: Rect, app: &App, theme: Theme) {
    let line = if let Some(message) = &app.message {
        Line::from(Span::styled(message.clone(), theme.changed()))
    } else if app.typing.is_some() {
        Line::from("type a value  Enter set  Esc cancel  Backspace delete")
    } else {
        let mut text = String::from(
            "↑↓ row ←→ step ⇧big 0-9 type ⌫ reset v version f fix w write p print q quit",
        );
        if area.width >= 100 {
            text.push_str("  Tab TM/JM  Enter type");
        }
        Line::from(Span::styled(text, theme.dim()))
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// `text` cut to `width` characters, with `…` when cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
