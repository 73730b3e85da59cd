//! What `tune` hands back: the changed keys as `-D key=value` lines and as YAML (`p`), and the
//! configuration file with the changes (`w`), written to a new file, atomically, and only
//! after reading it back shows exactly the intended configuration.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::app::edit::Edit;
use crate::config::{Config, ConfigFile, Origin, SourceFile};

/// `-D key=value` lines, one per change (a removal as a comment: `-D` cannot remove a key).
pub fn dynamic_properties(changes: &[(String, Edit)]) -> String {
    changes
        .iter()
        .map(|(key, edit)| match edit {
            Edit::Set(value) => format!("-D {key}={value}\n"),
            Edit::Remove => format!("# remove {key} (Flink derives it)\n"),
        })
        .collect()
}

/// The changes as flat YAML keys, as both `flink-conf.yaml` and `config.yaml` read them.
pub fn yaml(changes: &[(String, Edit)]) -> String {
    changes
        .iter()
        .map(|(key, edit)| match edit {
            Edit::Set(value) => format!("{key}: {}\n", yaml_scalar(value)),
            Edit::Remove => format!("# {key}: removed, Flink derives it\n"),
        })
        .collect()
}

/// A plain scalar when YAML reads it back unchanged, else a single-quoted one.
fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
        && !matches!(value, "true" | "false" | "null" | "~" | "yes" | "no");
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

/// The file's text with `changes` applied: a value written in the file is replaced where it
/// stands, a removed key's line is commented out, a new key is appended as a flat key. The
/// result is read back and must give exactly the configuration `changes` describe.
pub fn edited_text(config: &Config, changes: &[(String, Edit)]) -> Result<String, String> {
    let file = config
        .file()
        .ok_or("there is no file to write the changes into")?;
    if file.manifest.is_some() {
        return Err(
            "tune does not write into Kubernetes manifests: press p to print the changes, \
             then put them in spec.flinkConfiguration"
                .to_owned(),
        );
    }
    let text = file.source.text();
    // Edits as (start, end, replacement), applied from the end so spans stay valid.
    let mut splices: Vec<(usize, usize, String)> = Vec::new();
    let mut appended = String::new();
    for (key, edit) in changes {
        let entry = file
            .parsed
            .entries
            .iter()
            .rev()
            .find(|e| &e.key == key && e.origin == Origin::File);
        match (edit, entry) {
            (Edit::Set(value), Some(entry)) => {
                let span = entry
                    .value_span
                    .ok_or_else(|| format!("{key} has no value in the file to replace"))?;
                splices.push((span.start, span.end, yaml_scalar(value)));
            }
            (Edit::Set(value), None) => {
                let _ = writeln!(appended, "{key}: {}", yaml_scalar(value));
            }
            (Edit::Remove, Some(entry)) => {
                let at = entry.key_span.map_or(0, |s| s.start);
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                splices.push((line_start, line_start, "# ".to_owned()));
            }
            (Edit::Remove, None) => {}
        }
    }
    splices.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, replacement) in splices {
        out.replace_range(start..end, &replacement);
    }
    if !appended.is_empty() {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("# Changed with flinkmem tune\n");
        out.push_str(&appended);
    }
    check_read_back(config, file, &out, changes)?;
    Ok(out)
}

/// Reads `text` back as Flink would and compares its keys with the intended configuration.
fn check_read_back(
    config: &Config,
    file: &ConfigFile,
    text: &str,
    changes: &[(String, Edit)],
) -> Result<(), String> {
    let reread = ConfigFile::parse(
        SourceFile::new(file.source.path(), text.to_owned()),
        file.dialect,
    );
    if reread.parsed.rejection.is_some() && file.parsed.rejection.is_none() {
        return Err("the edited file would not load in Flink; nothing written".to_owned());
    }
    let winners = |entries: Vec<&crate::config::Entry>| -> BTreeMap<String, String> {
        entries
            .into_iter()
            .filter(|e| e.origin == Origin::File)
            .map(|e| (e.key.clone(), e.value.text.clone()))
            .collect()
    };
    let file_only = Config::new(config.version(), Some(file.clone()), &[]);
    let mut wanted = winners(file_only.effective_entries());
    for (key, edit) in changes {
        match edit {
            Edit::Set(value) => wanted.insert(key.clone(), value.clone()),
            Edit::Remove => wanted.remove(key),
        };
    }
    let got = winners(Config::new(config.version(), Some(reread), &[]).effective_entries());
    if got == wanted {
        Ok(())
    } else {
        let differs = wanted
            .keys()
            .chain(got.keys())
            .find(|k| wanted.get(*k) != got.get(*k))
            .cloned()
            .unwrap_or_default();
        Err(format!(
            "the edited file would not read back as intended (at {differs}); nothing written"
        ))
    }
}

/// Whether `a` and `b` name the same file (either may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.canonicalize().ok()?,
            _ => std::env::current_dir().ok()?,
        };
        Some(parent.join(p.file_name()?))
    };
    matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}

/// Writes `text` to `target` atomically: a temporary file in the same directory, synced, then
/// renamed over `target`. Refuses the input file itself and any existing file not written
/// by this session (`ours`).
pub fn write_new_file(
    target: &Path,
    input: Option<&Path>,
    ours: bool,
    text: &str,
) -> Result<(), String> {
    if input.is_some_and(|input| same_file(input, target)) {
        return Err(format!(
            "{} is the input file: tune writes only to a new file",
            target.display()
        ));
    }
    if target.exists() && !ours {
        return Err(format!(
            "{} exists: tune writes only to a new file",
            target.display()
        ));
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| format!("{} is not a file name", target.display()))?;
    let temp = dir.join(format!(
        ".{}.flinkmem-{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, target)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", target.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dialect;
    use crate::version::FlinkVersion;

    fn config(name: &str, text: &str, dialect: Dialect) -> Config {
        let file = ConfigFile::parse(SourceFile::new(name, text.to_owned()), dialect);
        Config::new(FlinkVersion::V1_20, Some(file), &[])
    }

    fn set(key: &str, value: &str) -> (String, Edit) {
        (key.to_owned(), Edit::Set(value.to_owned()))
    }

    #[test]
    fn values_are_replaced_in_place_and_new_keys_appended() {
        let c = config(
            "flink-conf.yaml",
            "# sizes\ntaskmanager.memory.process.size: 1728m # tm\nparallelism.default: 1\n",
            Dialect::Legacy,
        );
        let text = edited_text(
            &c,
            &[
                set("taskmanager.memory.process.size", "4096m"),
                set("taskmanager.numberOfTaskSlots", "4"),
            ],
        )
        .expect("edits");
        assert_eq!(
            text,
            "# sizes\ntaskmanager.memory.process.size: 4096m # tm\nparallelism.default: 1\n\
             # Changed with flinkmem tune\ntaskmanager.numberOfTaskSlots: 4\n"
        );
    }

    #[test]
    fn nested_yaml_values_are_replaced_and_removals_commented_out() {
        let c = config(
            "config.yaml",
            "taskmanager:\n  memory:\n    process.size: 1728m\n    flink.size: 1280m\n",
            Dialect::Standard,
        );
        let text = edited_text(
            &c,
            &[
                set("taskmanager.memory.process.size", "2g"),
                ("taskmanager.memory.flink.size".to_owned(), Edit::Remove),
            ],
        )
        .expect("edits");
        assert_eq!(
            text,
            "taskmanager:\n  memory:\n    process.size: 2g\n#     flink.size: 1280m\n"
        );
    }

    #[test]
    fn a_change_that_does_not_read_back_is_refused() {
        // Commenting out the only child leaves `memory:` without a value: Flink would reject it.
        let c = config(
            "config.yaml",
            "taskmanager:\n  memory:\n    flink.size: 1280m\n",
            Dialect::Standard,
        );
        let removal = [("taskmanager.memory.flink.size".to_owned(), Edit::Remove)];
        assert!(edited_text(&c, &removal).is_err());
    }

    #[test]
    fn print_forms() {
        let changes = [
            set("taskmanager.memory.process.size", "4096m"),
            set("env.java.opts.all", "-Da=b c"),
            ("taskmanager.memory.flink.size".to_owned(), Edit::Remove),
        ];
        assert_eq!(
            dynamic_properties(&changes),
            "-D taskmanager.memory.process.size=4096m\n-D env.java.opts.all=-Da=b c\n\
             # remove taskmanager.memory.flink.size (Flink derives it)\n"
        );
        assert_eq!(
            yaml(&changes),
            "taskmanager.memory.process.size: 4096m\nenv.java.opts.all: '-Da=b c'\n\
             # taskmanager.memory.flink.size: removed, Flink derives it\n"
        );
    }

    #[test]
    fn writes_atomically_and_never_over_the_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("flink-conf.yaml");
        std::fs::write(&input, "a: 1\n").expect("write");
        assert!(write_new_file(&input, Some(&input), true, "x").is_err());
        let other = dir.path().join("exists.yaml");
        std::fs::write(&other, "keep\n").expect("write");
        assert!(write_new_file(&other, Some(&input), false, "x").is_err());
        assert_eq!(std::fs::read_to_string(&other).expect("read"), "keep\n");
        let target = dir.path().join("tuned.yaml");
        write_new_file(&target, Some(&input), false, "b: 2\n").expect("writes");
        write_new_file(&target, Some(&input), true, "b: 3\n").expect("rewrites its own");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "b: 3\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
    }
}
