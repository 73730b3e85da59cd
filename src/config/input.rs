//! Reading an input file the way a CI gate must: regular files only (a FIFO, socket or device
//! would block or never end) and never more than a size cap, checked before reading and while
//! reading, so no input can make flinkmem hang or fill its memory.

use std::io::Read as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The size cap when `--max-file-size` is not given: far above any real configuration.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 << 20;

static MAX_FILE_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_SIZE);

/// Sets the size cap of this process (`--max-file-size`).
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, Ordering::Relaxed);
}

pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(Ordering::Relaxed)
}

fn too_large(size: u64, cap: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "is {size} bytes or more, over the limit of {cap} bytes for an input file; not read (raise it with --max-file-size)"
        ),
    )
}

/// The file's bytes, or why it is not read: not a regular file, larger than the cap, or an
/// I/O error. Symbolic links are followed to what they name.
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    if !metadata.is_file() {
        return Err(std::io::Error::other(
            "is not a regular file (a FIFO, socket or device); not read",
        ));
    }
    let cap = max_file_size();
    if metadata.len() > cap {
        return Err(too_large(metadata.len(), cap));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // The file may grow between the check and the read: never take more than the cap.
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// [`read`] as text: invalid UTF-8 replaced by U+FFFD, as Java's decoder does.
pub fn read_to_string(path: &Path) -> std::io::Result<String> {
    read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_directories_and_oversized_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = read(dir.path()).expect_err("a directory");
        assert_eq!(error.to_string(), "is a directory");
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, vec![b'#'; (DEFAULT_MAX_FILE_SIZE + 1) as usize]).expect("write");
        let error = read(&big).expect_err("too large");
        assert!(
            error
                .to_string()
                .starts_with("is 8388609 bytes or more, over the limit of 8388608 bytes"),
            "{error}"
        );
        let small = dir.path().join("small.yaml");
        std::fs::write(&small, b"a: 1\n").expect("write");
        assert_eq!(read(&small).expect("read"), b"a: 1\n");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_fifo_without_opening_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("config.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this machine
        }
        let error = read(&fifo).expect_err("a FIFO");
        assert!(
            error.to_string().starts_with("is not a regular file"),
            "{error}"
        );
    }
}
