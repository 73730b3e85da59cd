//! `diagnose` never panics, whatever the input: arbitrary text, and every known message with
//! arbitrary numbers (zero, huge, inconsistent) after arbitrary log prefixes, against the
//! shipped configurations of several versions. A known message is always recognised on the
//! line it is on.

use flinkmem::FlinkVersion;
use flinkmem::config::Config;
use flinkmem::config::shipped::shipped_default;
use flinkmem::diagnose::{Options, diagnose, scan::scan};
use flinkmem::sizing::{Calculation, Source};
use proptest::prelude::*;

fn calculation(version: FlinkVersion) -> Calculation {
    Calculation::run(
        Config::new(version, Some(shipped_default(version)), &[]),
        Source::Shipped,
    )
}

fn version() -> impl Strategy<Value = FlinkVersion> {
    prop::sample::select(vec![
        FlinkVersion::V1_13,
        FlinkVersion::V1_16,
        FlinkVersion::V1_20,
        FlinkVersion::V2_3,
    ])
}

/// A known message with the given numbers filled in.
fn message(template: usize, a: u64, b: u64, c: u64, d: u64) -> String {
    match template % 12 {
        0 => format!(
            "java.io.IOException: Insufficient number of network buffers: required {a}, but only {b} available. The total number of network buffers is currently set to {c} of {d} bytes each."
        ),
        1 => format!(
            "Insufficient number of network buffers: required {a}, but only {b} of {c} available."
        ),
        2 => format!(
            "java.io.IOException: Timeout triggered when requesting exclusive buffers: The total number of network buffers is currently set to {a} of {b} bytes each,  or you may increase the timeout which is {c}ms by setting the key 'k'."
        ),
        3 => format!(
            "java.lang.OutOfMemoryError: Could not allocate enough memory segments for NetworkBufferPool (required (Mb): {a}, allocated (Mb): {b}, missing (Mb): {c}). Cause: Direct buffer memory"
        ),
        4 => format!(
            "java.lang.OutOfMemoryError: Cannot reserve {a} bytes of direct buffer memory (allocated: {b}, limit: {c})"
        ),
        5 => "java.lang.OutOfMemoryError: Metaspace".to_owned(),
        6 => "java.lang.OutOfMemoryError: GC overhead limit exceeded".to_owned(),
        7 => format!(
            "Container [pid=1,containerID=container_1_0001_01_00000{}] is running {a}B beyond the 'PHYSICAL' memory limit. Current usage: {b}.{} GB of {c} MB physical memory used; Killing container.",
            d % 3,
            d % 10
        ),
        8 => format!(
            "Pod terminated, container termination statuses: [flink-main-container(exitCode={}, reason=OOMKilled, message=null)]",
            a % 256
        ),
        9 => format!(
            "Sum of configured Framework Heap Memory ({a} bytes), Framework Off-Heap Memory ({b} bytes), Task Off-Heap Memory (0 bytes), Managed Memory ({c} bytes) and Network Memory ({d} bytes) exceed configured Total Flink Memory (1 bytes)."
        ),
        10 => format!(
            "Derived JVM Overhead size ({a} bytes) is not in configured JVM Overhead range [{b} bytes, {c} bytes]."
        ),
        _ => format!(
            "The configured Total Process Memory size ({a} bytes) is less than the sum of the derived Total Flink Memory size ({b} bytes) and the configured or default JVM Metaspace size  ({c} bytes)."
        ),
    }
}

fn number() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..5,
        0u64..100_000,
        any::<u64>(),
        Just(u64::MAX),
        Just(i64::MAX as u64)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), version in version()) {
        let _ = diagnose(&text, &calculation(version), &Options::default());
    }

    #[test]
    fn known_messages_with_any_numbers_never_panic(
        prefix in "[ -~]{0,40}",
        before in prop::collection::vec("[^\n]{0,30}", 0..4),
        template in 0usize..12,
        a in number(), b in number(), c in number(), d in number(),
        version in version(),
        job in prop::option::of(number()),
    ) {
        let mut lines = before.clone();
        lines.push(format!("{prefix}{}", message(template, a, b, c, d)));
        let text = lines.join("\n");
        let options = Options { job_required_buffers: job };
        let findings = diagnose(&text, &calculation(version), &options);
        for finding in &findings {
            prop_assert!(finding.line >= 1 && finding.line <= lines.len());
        }
        // The message is on the last line: it is recognised there (or folded into an earlier
        // report of the same problem).
        let last = lines.len();
        prop_assert!(
            scan(&text).iter().any(|s| s.line == last || s.also_at.contains(&last)),
            "not recognised: {text:?}"
        );
    }
}
