//! No command panics on any generated configuration: every read-only command, in every output
//! format, runs in-process (`cli::run_with_output`) on random memory configurations of every
//! version, and ends with an exit code and a message, never a panic.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use flinkmem::FlinkVersion;
use flinkmem::cli::{ExitStatus, run_with_output};
use proptest::prelude::*;

/// Memory options and the kinds of values people (and typos) give them.
fn line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "taskmanager.memory.process.size",
        "taskmanager.memory.flink.size",
        "taskmanager.memory.task.heap.size",
        "taskmanager.memory.managed.size",
        "taskmanager.memory.managed.fraction",
        "taskmanager.memory.network.fraction",
        "taskmanager.memory.network.min",
        "taskmanager.memory.network.max",
        "taskmanager.memory.jvm-overhead.min",
        "taskmanager.memory.jvm-overhead.max",
        "taskmanager.memory.jvm-overhead.fraction",
        "taskmanager.memory.jvm-metaspace.size",
        "taskmanager.memory.segment-size",
        "taskmanager.numberOfTaskSlots",
        "jobmanager.memory.process.size",
        "jobmanager.memory.flink.size",
        "jobmanager.memory.heap.size",
        "jobmanager.memory.off-heap.size",
        "jobmanager.memory.enable-jvm-direct-memory-limit",
        "taskmanager.heap.size",
        "taskmanager.network.numberOfBuffers",
        "execution.runtime-mode",
        "state.backend.type",
        "s3.secret-key",
    ]);
    let value = prop_oneof![
        (0u64..70_000).prop_map(|n| format!("{n}m")),
        (0u64..5000).prop_map(|n| format!("{n}kb")),
        (0u64..u64::MAX).prop_map(|n| n.to_string()),
        (-2.0f64..2.0).prop_map(|f| format!("{f}")),
        prop::sample::select(vec![
            "true", "false", "batch", "rocksdb", "1g", "-1", "", "x"
        ])
        .prop_map(str::to_owned),
    ];
    (key, value).prop_map(|(k, v)| format!("{k}: {v}"))
}

fn version() -> impl Strategy<Value = FlinkVersion> {
    prop::sample::select(FlinkVersion::ALL.to_vec())
}

/// Runs one command line; a panic fails the property with the command that panicked. Every
/// command says something, on one stream or the other (but a `--diff` with nothing to change).
fn runs(args: &[&str]) -> Result<ExitStatus, TestCaseError> {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut command_line = vec!["flinkmem"];
    command_line.extend_from_slice(args);
    let status = catch_unwind(AssertUnwindSafe(|| {
        run_with_output(&command_line, &mut out, &mut err)
    }))
    .map_err(|_| TestCaseError::fail(format!("panicked: {}", args.join(" "))))?;
    prop_assert!(
        !out.is_empty() || !err.is_empty() || args.contains(&"--diff"),
        "{} printed nothing",
        args.join(" ")
    );
    Ok(status)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_command_panics_on_a_generated_configuration(
        lines in prop::collection::vec(line(), 0..8),
        version in version(),
        legacy in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = if legacy { "flink-conf.yaml" } else { "config.yaml" };
        let path = dir.path().join(name);
        let mut text = String::new();
        for line in &lines {
            let _ = writeln!(text, "{line}");
        }
        std::fs::write(&path, &text).expect("write");
        let log = dir.path().join("taskmanager.log");
        std::fs::write(
            &log,
            "java.io.IOException: Insufficient number of network buffers: required 65, but only \
             38 available. The total number of network buffers is currently set to 2048 of \
             32768 bytes each.\njava.lang.OutOfMemoryError: Metaspace\n",
        )
        .expect("write");
        let file = path.to_str().expect("utf-8");
        let log = log.to_str().expect("utf-8");
        let v = version.to_string();
        let v = v.as_str();
        let commands: Vec<Vec<&str>> = vec![
            vec!["calc", "--flink-version", v, file],
            vec!["calc", "--flink-version", v, "--format", "json", file],
            vec!["show", "--flink-version", v, file],
            vec!["show", "--flink-version", v, "--format", "json", "--defaults", file],
            vec!["fit", "--flink-version", v, "--task-heap", "1g", file],
            vec!["fit", "--flink-version", v, "--buffers", "4096", "--format", "json", file],
            vec!["buffers", "--flink-version", v, "-p", "8", "--shuffles", "2", file],
            vec!["buffers", "--flink-version", v, "-p", "3", "--format", "json", file],
            vec!["diagnose", "--flink-version", v, file, log],
            vec!["lint", "--flink-version", v, file],
            vec!["lint", "--flink-version", v, "--format", "concise", file],
            vec!["lint", "--flink-version", v, "--format", "json", file],
            vec!["lint", "--flink-version", v, "--format", "sarif", file],
            vec!["lint", "--flink-version", v, "--format", "github", file],
            vec!["lint", "--flink-version", v, "--diff", file],
            vec!["migrate", "--diff", file],
            vec!["migrate", "-o", "-", file],
        ];
        for args in &commands {
            if args[0] == "migrate" && !legacy {
                continue;
            }
            let status = runs(args)?;
            // Whatever the values, a file that reads is calculated or rejected, not an error.
            if args[0] == "calc" && legacy {
                prop_assert_ne!(status, ExitStatus::Error, "{}", args.join(" "));
            }
        }
        // Only `migrate -o -` and `lint --diff` were asked to write, and neither writes files.
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected = vec![name.to_owned(), "taskmanager.log".to_owned()];
        expected.sort();
        prop_assert_eq!(left, expected);
        prop_assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }
}
