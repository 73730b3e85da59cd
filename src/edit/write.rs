//! Atomic file writes: a temporary file in the target's directory, synced, given the original
//! file's permissions, then renamed over the target. A symbolic link is followed to the file it
//! names, which is replaced; the link itself stays.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a write to `path` really goes: the final target of a symbolic link, else `path`.
///
/// # Errors
/// A link that cannot be resolved (dangling, or a loop).
pub fn resolve_target(path: &Path) -> Result<PathBuf, String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => path.canonicalize().map_err(|e| {
            format!(
                "{} is a symbolic link that cannot be followed: {e}",
                path.display()
            )
        }),
        _ => Ok(path.to_owned()),
    }
}

/// Writes `text` to `path` atomically (see the module docs). An existing target keeps its
/// permission bits; a new file gets the process's default ones.
///
/// # Errors
/// Any I/O failure, with the path; the temporary file is removed and the target untouched.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let target = resolve_target(path)?;
    if let Ok(meta) = std::fs::metadata(&target)
        && !meta.is_file()
    {
        return Err(format!("{} is not a regular file", target.display()));
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
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(text.as_bytes())?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, &target)?;
        // Make the rename itself durable where directories can be synced.
        if let Ok(dir) = std::fs::File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", target.display())
    })
}

/// Writes `new` to `path` unless it equals `old` (the file's current text): a file with
/// nothing to change is never touched. Returns whether it wrote.
///
/// # Errors
/// As [`write_atomic`].
pub fn write_if_changed(path: &Path, old: &str, new: &str) -> Result<bool, String> {
    if old == new {
        return Ok(false);
    }
    write_atomic(path, new).map(|()| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "a: 1\n").expect("write");
        write_atomic(&path, "a: 2\n").expect("atomic write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "a: 2\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["config.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_mode_and_follows_a_link_without_replacing_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.yaml");
        std::fs::write(&real, "a: 1\n").expect("write");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("config.yaml");
        std::os::unix::fs::symlink("real.yaml", &link).expect("symlink");
        write_atomic(&link, "a: 2\n").expect("atomic write");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("lstat")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "a: 2\n");
        let mode = std::fs::metadata(&real).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn an_unchanged_file_is_not_touched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "a: 1\n").expect("write");
        let before = std::fs::metadata(&path).expect("stat").modified().ok();
        assert!(!write_if_changed(&path, "a: 1\n", "a: 1\n").expect("no write"));
        assert_eq!(
            std::fs::metadata(&path).expect("stat").modified().ok(),
            before
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("config.yaml");
        std::os::unix::fs::symlink("missing.yaml", &link).expect("symlink");
        let error = write_atomic(&link, "a: 1\n").expect_err("dangling");
        assert!(error.contains("cannot be followed"), "{error}");
    }
}
