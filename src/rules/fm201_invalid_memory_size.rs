//! FM201 `invalid-memory-size`: a memory size Flink cannot parse.

use super::{Category, RuleMeta};
use crate::catalog::OptionType;
use crate::rule_contract::{Context, Finding, Severity};
use crate::units::{MAX_BYTES, MemorySize};

pub static META: RuleMeta = RuleMeta {
    code: "FM201",
    name: "invalid-memory-size",
    category: Category::Values,
    severity: Severity::Error,
    since: "0.1.0",
    doc: include_str!("../../rules/FM201.md"),
};

/// `MemorySize.parse`: digits only (no sign, no decimals), then one of Flink's binary units;
/// the process that reads the option fails to start.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries() {
        let Some(option) = cx.read_option(entry) else {
            continue;
        };
        if option.ty != OptionType::MemorySize {
            continue;
        }
        let Err(reason) = entry.value.to_memory_size() else {
            continue;
        };
        let raw = entry.value.java_string();
        let shown = Context::shown(&entry.key, &raw);
        let fix = suggestion(&raw).map_or_else(
            || {
                "write whole digits and a unit: b, k (kb), m (mb), g (gb) or t (tb); all are \
                binary, e.g. `1536m`"
                    .to_owned()
            },
            |fix| format!("write `{}`", Context::shown(&entry.key, &fix)),
        );
        let reason = if shown == raw.as_ref() {
            reason
        } else {
            "the value is not a memory size".to_owned()
        };
        out.push(
            Finding::new(
                &META,
                Context::value_span(entry),
                format!(
                    "`{shown}` is not a memory size Flink can read for `{}`: {reason}",
                    entry.key
                ),
            )
            .primary("invalid memory size")
            .help(fix)
            .key(&entry.key),
        );
    }
}

/// Binary units Flink knows, largest first, by their one-letter name.
const UNITS: [(&str, u64); 5] = [
    ("t", 1 << 40),
    ("g", 1 << 30),
    ("m", 1 << 20),
    ("k", 1 << 10),
    ("b", 1),
];

/// What the value was most likely meant to be, written the way Flink reads it.
fn suggestion(raw: &str) -> Option<String> {
    let text = raw.trim().trim_matches(['"', '\'']).trim();
    let number_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = (
        &text[..number_end],
        text[number_end..].trim().to_lowercase(),
    );
    let multiplier: u64 = match unit.as_str() {
        "" | "b" | "bytes" | "byte" => 1,
        "k" | "kb" | "kib" | "kibibytes" => 1 << 10,
        "m" | "mb" | "mib" | "mebibytes" => 1 << 20,
        "g" | "gb" | "gib" | "gibibytes" => 1 << 30,
        "t" | "tb" | "tib" | "tebibytes" => 1 << 40,
        _ => return None,
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return None;
    }
    // Exact: whole * multiplier + fraction * multiplier / 10^digits, when that is whole.
    let scale = 10u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    let scaled = (whole * scale + fraction).checked_mul(u128::from(multiplier))?;
    if scaled % scale != 0 {
        return None;
    }
    let bytes = u64::try_from(scaled / scale)
        .ok()
        .filter(|b| *b <= MAX_BYTES)?;
    if MemorySize::parse(raw).is_ok() {
        return None;
    }
    let (name, size) = UNITS
        .iter()
        .find(|(_, size)| bytes % size == 0 && bytes >= *size)
        .copied()
        .unwrap_or(("b", 1));
    Some(format!("{}{name}", bytes / size))
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn suggests_what_was_meant() {
        assert_eq!(suggestion("1.5g").as_deref(), Some("1536m"));
        assert_eq!(suggestion("2GiB").as_deref(), Some("2g"));
        assert_eq!(suggestion("\"1728m\"").as_deref(), Some("1728m"));
        assert_eq!(suggestion("0.5 mb").as_deref(), Some("512k"));
        assert_eq!(suggestion("2 gigs"), None);
        assert_eq!(suggestion("-1m"), None);
        assert_eq!(suggestion("1.3b"), None);
    }
}
