//! The secrets canary: every key Flink classes as sensitive (per version, from the catalog)
//! and secrets embedded in ordinary values get unique values, and none of them may appear in
//! any output of any command and format.

use std::fmt::Write as _;

use assert_cmd::Command;
use flinkmem::FlinkVersion;
use flinkmem::catalog;
use flinkmem::config::sensitive::is_sensitive;

/// A configuration with a canary in every secret place; the canaries it holds.
fn canary_config(version: FlinkVersion, legacy: bool) -> (String, Vec<String>) {
    let mut text =
        String::from("taskmanager.memory.process.size: 2g\njobmanager.memory.process.size: 2g\n");
    let mut canaries = Vec::new();
    let keys: Vec<&str> = catalog::catalog(version)
        .options()
        .iter()
        .filter(|o| !o.is_pattern() && is_sensitive(&o.key))
        .map(|o| o.key.as_ref())
        .collect();
    assert!(keys.len() >= 5, "{version}: {keys:?}");
    for (n, key) in keys.iter().enumerate() {
        let canary = format!("CANARY{n}X{}", version.minor());
        let _ = writeln!(text, "{key}: {canary}");
        canaries.push(canary);
    }
    let quote = |v: &str| {
        if legacy {
            v.to_owned()
        } else {
            format!("'{v}'")
        }
    };
    let _ = writeln!(
        text,
        "env.java.opts.taskmanager: {}",
        quote("-Xss1m -Djavax.net.ssl.trustStorePassword=CANARYOPTS")
    );
    let _ = writeln!(
        text,
        "my.catalog.url: {}",
        quote("jdbc:mysql://db/x?user=a&password=CANARYURL")
    );
    let _ = writeln!(
        text,
        "my.sink.uri: {}",
        quote("postgresql://app:CANARYINFO@db/x")
    );
    canaries.extend(["CANARYOPTS", "CANARYURL", "CANARYINFO"].map(str::to_owned));
    (text, canaries)
}

#[test]
fn no_output_shows_a_secret() {
    let log = format!(
        "{}/tests/fixtures/diagnose/heap-oom-taskmanager.log",
        env!("CARGO_MANIFEST_DIR")
    );
    for (version, legacy) in [
        (FlinkVersion::V1_20, true),
        (FlinkVersion::V1_20, false),
        (FlinkVersion::V2_3, false),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = if legacy {
            "flink-conf.yaml"
        } else {
            "config.yaml"
        };
        let (text, canaries) = canary_config(version, legacy);
        std::fs::write(dir.path().join(name), &text).expect("write");
        let v = version.to_string();
        let runs: Vec<Vec<&str>> = vec![
            vec!["show", name],
            vec!["show", name, "--format", "json", "--defaults"],
            vec!["calc", name],
            vec!["calc", name, "--format", "json"],
            vec!["calc", name, "--format", "markdown"],
            vec![
                "calc",
                name,
                "--diff-set",
                "taskmanager.memory.process.size=3g",
            ],
            vec!["fit", name, "--managed", "1g"],
            vec!["buffers", name, "-p", "4"],
            vec!["diagnose", name, &log],
            vec!["lint", name],
            vec!["lint", name, "--format", "concise"],
            vec!["lint", name, "--format", "json"],
            vec!["lint", name, "--format", "sarif"],
            vec!["lint", name, "--format", "github"],
        ];
        for mut args in runs {
            args.extend(["--flink-version", &v]);
            let out = Command::cargo_bin("flinkmem")
                .expect("binary")
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .args(&args)
                .output()
                .expect("run");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            for canary in &canaries {
                assert!(
                    !all.contains(canary.as_str()),
                    "{args:?} ({name}) shows {canary}:\n{all}"
                );
            }
        }
    }
}
