//! `flinkmem completions` and `flinkmem man`: generated from the real argument definitions.

use assert_cmd::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn completions_for_every_shell_know_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for word in [
            "calc",
            "lint",
            "buffers",
            "flink-version",
            "operator-defaults",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let (code, _) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let (code, page) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH flinkmem 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
    for command in [
        "show",
        "calc",
        "buffers",
        "fit",
        "diagnose",
        "tune",
        "lint",
        "completions",
    ] {
        assert!(page.contains(&format!("flinkmem\\-{command}")), "{command}");
    }
}
