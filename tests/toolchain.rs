//! The declared `rust-version` is honest: the toolchain running the tests is at least that new,
//! and no locked dependency declares a newer minimum. (Std APIs newer than it are clippy's
//! `incompatible_msrv`, which `.ci/run` denies.)

use std::process::Command;

/// `1.89`, `1.88.0` as comparable numbers (a missing patch is 0).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.trim().split('.').map(|p| {
        p.parse::<u64>()
            .unwrap_or_else(|_| panic!("`{text}` is not a Rust version"))
    });
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    let patch = parts.next().unwrap_or(0);
    (major, minor, patch)
}

fn declared() -> (u64, u64, u64) {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("Cargo.toml is readable");
    let table: toml::Table = manifest.parse().expect("Cargo.toml is TOML");
    let text = table["package"]["rust-version"]
        .as_str()
        .expect("Cargo.toml declares package.rust-version");
    version(text)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

#[test]
fn version_parsing_pads_the_patch_level() {
    assert_eq!(version("1.89"), (1, 89, 0));
    assert_eq!(version("1.88.1"), (1, 88, 1));
    assert!(version("1.90") > version("1.89.9"));
}

#[test]
fn toolchain_is_at_least_the_declared_rust_version() {
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("--version")
        .output()
        .expect("rustc runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let number = text
        .split_whitespace()
        .nth(1)
        .expect("rustc prints a version");
    let number = number.split('-').next().unwrap_or(number);
    assert!(
        version(number) >= declared(),
        "rustc {number} is older than the declared rust-version {:?}",
        declared()
    );
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_declared() {
    let host = {
        let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
            .arg("-vV")
            .output()
            .expect("rustc runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
            .expect("rustc -vV names the host")
    };
    // Offline and for the host only: everything it lists was already fetched to build the tests.
    let out = cargo()
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let ours = declared();
    let packages = metadata["packages"].as_array().expect("packages");
    assert!(packages.len() > 10, "metadata lists the dependency graph");
    let too_new: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > ours)
                .then(|| format!("{} {} needs Rust {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "declared rust-version {ours:?}, but: {}",
        too_new.join("; ")
    );
}
