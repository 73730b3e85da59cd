//! FM202 `memory-size-without-unit`: a memory size written as a bare number, which is bytes.

use super::fix_support;
use super::{Category, RuleMeta};
use crate::catalog::{OptionDef, OptionType};
use crate::config::Entry;
use crate::rule_contract::{Context, Finding, Fix, Severity};
use crate::units::MemorySize;

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
            .key(&entry.key)
            .fix_opt(fix(cx, entry, option, size.bytes(), number)),
        );
    }
}

/// Below this a bare number is taken for MiB written without the unit, unless the option's own
/// default is that small (segment and block sizes are legitimately KiB).
const ONE_MIB: u64 = 1 << 20;

/// The fix depends on what was probably meant. A byte count of a MiB or more, or one for an
/// option whose default is below a MiB, was written as bytes on purpose: writing the same bytes
/// with a unit is safe. Anything smaller was almost certainly meant as MiB (`128` for the
/// metaspace); reading it so changes the value, which makes the fix unsafe, but writing the same
/// bytes would only bury the mistake.
fn fix(
    cx: &Context<'_>,
    entry: &Entry,
    option: &OptionDef,
    bytes: u64,
    number: &str,
) -> Option<Fix> {
    let small_default = option
        .default
        .as_deref()
        .and_then(|d| MemorySize::parse(d).ok())
        .is_some_and(|d| d.bytes() < ONE_MIB);
    if bytes >= ONE_MIB || small_default {
        let exact = fix_support::exact_size(bytes);
        let edit = fix_support::replace_value(cx, entry, &exact)?;
        return Some(Fix::safe(
            format!("write `{exact}` (the same bytes)"),
            vec![edit],
        ));
    }
    let mib = format!("{number}m");
    let edit = fix_support::replace_value(cx, entry, &mib)?;
    Some(Fix::unsafe_(
        format!("write `{mib}` (read the number as MiB)"),
        vec![edit],
    ))
}
