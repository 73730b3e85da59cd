//! The Kubernetes manifest reader (FlinkDeployment, FlinkSessionJob, ConfigMap streams, the
//! operator's translation) on arbitrary text: no panic, and each Flink document it finds
//! yields both memory derivations without panicking.
#![no_main]

use flinkmem::config::{Config, SourceFile};
use flinkmem::{calc, kubernetes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let manifest = kubernetes::read(
        SourceFile::new("manifest.yaml", text.to_owned()),
        &kubernetes::Options::default(),
    );
    for unit in manifest.units {
        let config = Config::new(unit.version, Some(unit.file), &[]);
        let _ = calc::taskmanager(&config);
        let _ = calc::jobmanager(&config);
    }
});
