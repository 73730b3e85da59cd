//! `MemorySize` and Flink duration parsing on arbitrary text: no panic, and a parsed size
//! printed in bytes parses back to the same size.
#![no_main]

use flinkmem::duration::FlinkDuration;
use flinkmem::{FlinkVersion, MemorySize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(size) = MemorySize::parse(text) {
        let printed = size.to_bytes_string();
        assert_eq!(MemorySize::parse(&printed).ok(), Some(size), "{printed}");
        let _ = size.to_human_readable();
    }
    for version in [
        FlinkVersion::V1_13,
        FlinkVersion::V1_20,
        FlinkVersion::LATEST,
    ] {
        let _ = FlinkDuration::parse(text, version);
    }
});
