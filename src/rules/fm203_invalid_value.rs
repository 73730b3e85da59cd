//! FM203 `invalid-value`: a value Flink cannot convert to its option's type.

use super::{Category, RuleMeta};
use crate::catalog::OptionType;
use crate::config::Value;
use crate::rule_contract::{Context, Finding, Severity};
use crate::version::FlinkVersion;

pub static META: RuleMeta = RuleMeta {
    code: "FM203",
    name: "invalid-value",
    category: Category::Values,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM203.md"),
};

/// `ConfigurationUtils.convertValue` for integers, longs, floats, doubles, booleans, durations
/// and enums (memory sizes are FM201's). Whoever reads the option fails with
/// `Could not parse value '<v>' for key '<k>'`.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries() {
        let Some(option) = cx.read_option(entry) else {
            continue;
        };
        let Some((reason, help)) = problem(&option.ty, &entry.value, cx.version()) else {
            continue;
        };
        let raw = entry.value.java_string();
        let shown = Context::shown(&entry.key, &raw);
        let reason = if shown == raw.as_ref() {
            reason
        } else {
            "it does not convert".to_owned()
        };
        out.push(
            Finding::new(
                &META,
                Context::value_span(entry),
                format!(
                    "`{shown}` is not a valid {} for `{}`: {reason}",
                    option.ty.name(),
                    entry.key
                ),
            )
            .primary(format!("expected {}", option.ty.name()))
            .help(help)
            .key(&entry.key),
        );
    }
}

/// Why Flink would not convert `value` to `ty`, and how to write it instead.
fn problem(ty: &OptionType, value: &Value, version: FlinkVersion) -> Option<(String, String)> {
    let (result, help) = match ty {
        OptionType::Integer => (
            value.to_int().err(),
            "write a whole number, e.g. `4`".to_owned(),
        ),
        OptionType::Long => (
            value.to_long().err(),
            "write a whole number, e.g. `30000`".to_owned(),
        ),
        OptionType::Float => (
            value.to_float().err(),
            "write a decimal number, e.g. `0.4`".to_owned(),
        ),
        OptionType::Double => (
            value.to_double().err(),
            "write a decimal number, e.g. `0.75`".to_owned(),
        ),
        OptionType::Boolean => (
            value.to_bool().err(),
            "write `true` or `false` (`yes`, `on` and `1` are not booleans to Flink)".to_owned(),
        ),
        OptionType::Duration => (
            value.to_duration(version).err(),
            "write a number and a unit, e.g. `30 s`, `500 ms`, `10 min` or `1 h`".to_owned(),
        ),
        OptionType::Enum(constants) => (
            value.to_enum(constants).err(),
            format!("write one of {}", constants.join(", ")),
        ),
        _ => (None, String::new()),
    };
    result.map(|reason| (reason, help))
}
