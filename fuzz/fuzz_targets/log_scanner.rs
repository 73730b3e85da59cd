//! `diagnose` on an arbitrary log, explained for Flink's shipped default configuration: no
//! panic, and every finding points at a line of the log.
#![no_main]

use flinkmem::FlinkVersion;
use flinkmem::config::Config;
use flinkmem::config::shipped::shipped_default;
use flinkmem::diagnose::{Options, diagnose};
use flinkmem::sizing::calculation::{Calculation, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let version = FlinkVersion::LATEST;
    let config = Config::new(version, Some(shipped_default(version)), &[]);
    let calculation = Calculation::run(config, Source::Shipped);
    let lines = text.lines().count().max(1);
    for finding in diagnose(text, &calculation, &Options::default()) {
        assert!(
            finding.line >= 1 && finding.line <= lines,
            "line {}",
            finding.line
        );
    }
});
