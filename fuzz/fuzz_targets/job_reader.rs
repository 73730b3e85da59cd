//! The job readers (`--job` files: flinkmem's own YAML/JSON/TOML job format, Flink's JSON plan
//! and job graph) on arbitrary text, the format chosen by the first byte: no panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = ["job.yaml", "job.json", "job.toml", "plan.json", "job"][usize::from(selector) % 5];
    let _ = flinkmem::network::input::read_job(Path::new(name), text);
});
