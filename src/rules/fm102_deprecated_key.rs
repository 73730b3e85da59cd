//! FM102 `deprecated-key`: a deprecated spelling of an option.

use super::fix_support;
use super::{Category, RuleMeta};
use crate::calc::HEAP_SUCCESSORS;
use crate::catalog::KeyKind;
use crate::rule_contract::{Context, Finding, Fix, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM102",
    name: "deprecated-key",
    category: Category::Keys,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM102.md"),
};

/// Flink still reads a deprecated key (`ConfigOption.withDeprecatedKeys`) when the option's own
/// key is absent, logging a warning; deprecated keys are the ones the next major release drops.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for entry in cx.entries() {
        let KeyKind::Alternative {
            option,
            deprecated: true,
        } = cx.catalog().classify(&entry.key)
        else {
            continue;
        };
        if !option.is_cluster_option() || cx.is_indented_legacy_entry(entry) {
            continue;
        }
        let value = Context::shown(&entry.key, &entry.value.text);
        let all = cx.catalog().replacements(&entry.key);
        let recommended = cx
            .catalog()
            .recommended_replacement(&entry.key)
            .unwrap_or(option);
        let message = if all.len() > 1 {
            let names: Vec<String> = all.iter().map(|o| format!("`{}`", o.key)).collect();
            format!(
                "`{}` is deprecated in Flink {}: it stands for {}",
                entry.key,
                cx.version(),
                join_and(&names)
            )
        } else {
            format!(
                "`{}` is deprecated in Flink {}: its replacement is `{}`",
                entry.key,
                cx.version(),
                recommended.key
            )
        };
        let help = if all.len() > 1 {
            format!(
                "rename it: `{}: {value}` (the other options fall back to it)",
                recommended.key
            )
        } else {
            format!("rename it: `{}: {value}`", recommended.key)
        };
        let mut finding = Finding::new(&META, Context::key_span(entry), message)
            .primary("deprecated key")
            .help(help)
            .key(&entry.key);
        // Renaming onto a key that is also written would make a duplicate; FM104 covers that.
        if cx.config.get(&recommended.key).is_none()
            && let Some(edit) = fix_support::rename_key(cx, entry, &recommended.key)
        {
            finding = finding.fix(Fix::safe(
                format!("rename to {}", recommended.key),
                vec![edit],
            ));
        }
        out.push(finding);
    }
    legacy_heap(cx, out);
}

/// The pre-1.10 heap keys are options of their own, not deprecated keys of another: 1.x maps
/// them onto the memory model (`MemoryBackwardsCompatibilityUtils`, with the `TaskManager`'s
/// meaning total Flink memory, not the heap) and 2.0 drops them.
fn legacy_heap(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.version().is_2x() {
        return;
    }
    for entry in cx.entries() {
        let Some(&(key, successor, mebibytes)) =
            HEAP_SUCCESSORS.iter().find(|(k, ..)| *k == entry.key)
        else {
            continue;
        };
        if !cx.config.is_winner(entry) || cx.is_indented_legacy_entry(entry) {
            continue;
        }
        let value = entry.value.text.trim();
        let size_key = key.replace(".mb", ".size");
        let shadowed_by = if cx.config.is_set(successor) {
            Some(successor.to_owned())
        } else if mebibytes && cx.config.is_set(&size_key) {
            Some(size_key)
        } else {
            None
        };
        let meaning = if successor.starts_with("taskmanager.") {
            "total Flink memory, not the JVM heap"
        } else {
            "the JVM heap"
        };
        let new_value = if mebibytes {
            value.parse::<u32>().ok().map(|n| format!("{n}m"))
        } else {
            Some(value.to_owned())
        };
        let finding = match &shadowed_by {
            Some(other) => Finding::new(
                &META,
                Context::key_span(entry),
                format!(
                    "`{key}` is a memory option from before Flink 1.10, and Flink {} ignores it \
                     because `{other}` is set",
                    cx.version()
                ),
            )
            .primary("legacy key, ignored")
            .help(format!("delete it; Flink 2.0 no longer knows `{key}`")),
            None => Finding::new(
                &META,
                Context::key_span(entry),
                format!(
                    "`{key}` is a memory option from before Flink 1.10: Flink {} reads it as \
                     `{successor}` ({meaning}), and Flink 2.0 no longer knows it",
                    cx.version()
                ),
            )
            .primary("legacy key")
            .help(match &new_value {
                Some(v) => format!("write `{successor}: {v}`"),
                None => format!("write the size as `{successor}`"),
            }),
        }
        .key(key);
        let fix = match (&shadowed_by, &new_value) {
            (Some(_), _) => fix_support::delete_entry(cx, entry)
                .map(|edit| Fix::safe(format!("delete `{key}` (ignored)"), vec![edit])),
            (None, Some(_)) if !mebibytes => fix_support::rename_key(cx, entry, successor)
                .map(|edit| Fix::safe(format!("rename to {successor}"), vec![edit])),
            (None, Some(v)) => fix_support::replace_entry(cx, entry, &[(successor, v.clone())])
                .map(|edit| Fix::safe(format!("write `{successor}: {v}`"), vec![edit])),
            (None, None) => None,
        };
        out.push(finding.fix_opt(fix));
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
