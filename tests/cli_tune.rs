//! `flinkmem tune` end to end: the real binary in a pseudo-terminal (portable-pty, read back
//! through the vt100 terminal emulator). A person's keys set the process size, 4 slots and
//! parallelism 64; the numbers on the screen must equal `calc --format json` and
//! `buffers --format json` for the same settings; `w` writes a file that `calc` reads back
//! to the same budget; `p` prints the changes; Ctrl-C leaves without writing; the terminal is
//! restored on the way out. Without a terminal, `tune` refuses with exit code 2.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use serde_json::Value;

const ROWS: u16 = 40;
const COLS: u16 = 120;

/// A running `flinkmem tune` in a pseudo-terminal.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str]) -> Self {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_flinkmem"));
        command.arg("tune");
        command.args(args);
        command.env("NO_COLOR", "1");
        command.env("TERM", "xterm-256color");
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        let child = pair.slave.spawn_command(command).expect("spawns");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(ROWS).expect("rows"),
            NonZeroU16::new(COLS).expect("columns"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (screen_in, raw_in) = (Arc::clone(&screen), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                screen_in.lock().expect("lock").process(&chunk[..n]);
                raw_in.lock().expect("lock").extend_from_slice(&chunk[..n]);
            }
        });
        Self {
            screen,
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("lock").screen().contents()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let contents = self.contents();
            if contents.contains(text) {
                return contents;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the screen never showed {text:?}:\n{contents}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("writes");
        self.writer.flush().expect("flushes");
        // One key at a time, as a person types: each is handled and drawn before the next.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Waits for the process to end and returns its exit code and everything it wrote.
    fn finish(mut self) -> (u32, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waits") {
                break status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "tune did not exit"
            );
            std::thread::sleep(Duration::from_millis(30));
        };
        // Let the reader drain what the process wrote last.
        std::thread::sleep(Duration::from_millis(200));
        let raw = String::from_utf8_lossy(&self.raw.lock().expect("lock")).into_owned();
        (status.exit_code(), raw)
    }
}

fn flinkmem_json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The right-hand (budget) part of each screen line.
fn budget_lines(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| {
            l.split_once(['│', '┐'])
                .map(|(_, right)| right.trim_end().to_owned())
        })
        .collect()
}

/// Every component of `process` in calc's JSON appears, in order, as a line with calc's
/// label and calc's value (`1.688gb (1811939328 bytes)`).
fn assert_tree_matches(screen: &str, calc: &Value, process: &str) {
    let lines = budget_lines(screen);
    let header = if process == "taskmanager" {
        "TaskManager"
    } else {
        "JobManager"
    };
    let start = lines
        .iter()
        .position(|l| l.contains(&format!(" {header} ")))
        .unwrap_or_else(|| panic!("no {header} panel:\n{screen}"));
    let components = calc[process]["components"].as_array().expect("components");
    assert!(!components.is_empty() && lines.len() > start + components.len());
    for (component, line) in components.iter().zip(&lines[start + 1..]) {
        let label = component["label"].as_str().expect("label");
        let human = component["human"].as_str().expect("human");
        assert!(
            line.trim_start().starts_with(label) && line.contains(human),
            "{process}: expected {label} {human}, the screen shows {line:?}\n{screen}"
        );
    }
}

#[test]
fn a_person_sizes_the_shipped_default_and_writes_the_result() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("tuned.yaml");
    let out_arg = out.to_str().expect("utf-8 path");
    let mut tune = Session::start(&["-o", out_arg]);
    tune.wait_for("Need p=1..");
    // Process size: type it on the first row.
    for key in ["4", "0", "9", "6", "m", "\r"] {
        tune.send(key);
    }
    tune.wait_for("4096m changed");
    // Eleven rows down: the slots.
    for _ in 0..11 {
        tune.send("j");
    }
    tune.send("4");
    tune.send("\r");
    tune.wait_for("slots per TM: 4");
    // Three more: the parallelism.
    for key in ["j", "j", "j", "6", "4", "\r"] {
        tune.send(key);
    }
    let screen = tune.wait_for("Worst TM #1 of 16");

    let settings = [
        "-D",
        "taskmanager.memory.process.size=4096m",
        "-D",
        "taskmanager.numberOfTaskSlots=4",
    ];
    let calc = flinkmem_json(&[&["calc"], &settings[..]].concat());
    assert_tree_matches(&screen, &calc, "taskmanager");
    assert_tree_matches(&screen, &calc, "jobmanager");
    let buffers = calc["taskmanager"]["network_buffers"]
        .as_u64()
        .expect("count");
    assert!(
        screen.contains(&format!("Network buffers: {buffers} x 32 KiB")),
        "{screen}"
    );
    let report = flinkmem_json(&[&["buffers", "-p", "64"], &settings[..]].concat());
    let verdict = format!(
        "needs {} of {} buffers",
        report["required_buffers"], report["available_buffers"]
    );
    assert!(screen.contains(&verdict), "expected {verdict:?}:\n{screen}");

    // Write, print, quit.
    tune.send("w");
    tune.wait_for("wrote ");
    tune.send("p");
    tune.send("q");
    let (code, raw) = tune.finish();
    assert_eq!(code, 0);
    assert!(
        raw.contains("\u{1b}[?1049l"),
        "the alternate screen is left"
    );
    assert!(
        raw.contains("-D taskmanager.memory.process.size=4096m"),
        "{raw}"
    );
    assert!(raw.contains("taskmanager.numberOfTaskSlots: 4"), "{raw}");

    // The written file is the shipped default with the changes: calc reads the same budget.
    let written = flinkmem_json(&["calc", out_arg]);
    for key in [
        "total_process",
        "task_heap",
        "managed",
        "network",
        "network_buffers",
        "slots",
    ] {
        assert_eq!(
            written["taskmanager"][key], calc["taskmanager"][key],
            "{key}"
        );
    }
}

#[test]
fn ctrl_c_leaves_without_writing_and_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("never.yaml");
    let mut tune = Session::start(&["-o", out.to_str().expect("utf-8 path")]);
    tune.wait_for("Need p=1..");
    tune.send("\u{1b}[C"); // Right: a change, never written
    tune.wait_for("1792m changed");
    tune.send("\u{3}");
    let (code, raw) = tune.finish();
    assert_eq!(code, 0);
    assert!(
        raw.contains("\u{1b}[?1049l"),
        "the alternate screen is left"
    );
    assert!(!out.exists(), "nothing is written without w");
}

#[test]
fn without_a_terminal_tune_refuses() {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .arg("tune")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}
