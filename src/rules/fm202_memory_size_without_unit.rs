//! FM202 `memory-size-without-unit`: a memory size written as a bare number, which is bytes.

use super::{Category, RuleMeta};
use crate::catalog::OptionType;
use crate::lint::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM202",
    name: "memory-size-without-unit",
    category: Category::Values,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM202.md"),
};

/// `MemorySize.parse` reads a number without a unit as bytes, for every option.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries() {
        let Some(option) = cx.read_option(entry) else {
            continue;
        };
        if option.ty != OptionType::MemorySize {
            continue;
        }
        let raw = entry.value.java_string();
        let digits = raw.trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(size) = entry.value.to_memory_size() else {
            continue;
        };
        if size.bytes() == 0 {
            continue;
        }
        let number = digits.trim_start_matches('0');
        out.push(
            Finding::new(
                &META,
                Context::value_span(entry),
                format!(
                    "`{digits}` has no unit: Flink reads {} for `{}`",
                    size.to_human_readable(),
                    entry.key
                ),
            )
            .primary("bytes")
            .help(format!(
                "write the unit: `{number}m` for MiB, `{number}k` for KiB, or `{number}b` if \
                 bytes are meant"
            ))
            .key(&entry.key),
        );
    }
}
