//! Keys as the state understands them, and what each does.

use super::App;

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
impl App {
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
}
