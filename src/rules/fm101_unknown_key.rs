//! FM101 `unknown-key`: a key that is no option of any supported Flink version.

use super::fix_support;
use super::key_history::versions_knowing;
use super::{Category, RuleMeta};
use crate::catalog::{InventedKey, KeyKind, OptionDef, invented_key};
use crate::config::Entry;
use crate::rule_contract::Fix;
use crate::rule_contract::{Context, Finding, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "FM101",
    name: "unknown-key",
    category: Category::Keys,
    severity: Severity::Warning,
    since: "0.1.0",
    doc: include_str!("../../rules/FM101.md"),
};

/// Flink stores unknown keys and never reads them. Keys of other versions are FM103's; keys on
/// indented legacy lines are FM005's.
pub fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut unknown_keys = 0;
    for entry in cx.entries() {
        if cx.is_indented_legacy_entry(entry) || is_operator_key(&entry.key) {
            continue;
        }
        let finding = match cx.catalog().classify(&entry.key) {
            KeyKind::Option(o) | KeyKind::Alternative { option: o, .. } | KeyKind::Pattern(o)
                if !o.is_cluster_option() =>
            {
                not_a_cluster_option(entry, o)
            }
            KeyKind::Unknown if versions_knowing(&entry.key).is_empty() => {
                if let Some(invented) = invented_key(&entry.key) {
                    invented_finding(cx, entry, invented)
                } else {
                    unknown_keys += 1;
                    unknown(cx, entry, unknown_keys <= SUGGESTED_KEYS)
                }
            }
            _ => continue,
        };
        out.push(finding.key(&entry.key));
    }
}

/// Options of the Flink Kubernetes Operator and its autoscaler (`KubernetesOperatorConfigOptions`,
/// `AutoScalerOptions`): written into `flinkConfiguration` or the operator's own configuration,
/// read by the operator rather than by Flink, so not unknown.
fn is_operator_key(key: &str) -> bool {
    key.starts_with("kubernetes.operator.") || key.starts_with("job.autoscaler.")
}

fn not_a_cluster_option(entry: &Entry, option: &OptionDef) -> Finding {
    let class = option.class.rsplit('.').next().unwrap_or(option.class);
    Finding::new(
        &META,
        Context::key_span(entry),
        format!(
            "`{}` is a table connector, format or hint option ({class}), not a cluster option: \
             Flink ignores it here",
            entry.key
        ),
    )
    .primary("not read from this file")
    .help("set it in the table's `WITH (...)` clause or the SQL hint it belongs to, and delete it here")
}

fn invented_finding(cx: &Context<'_>, entry: &Entry, invented: &InventedKey) -> Finding {
    let instead: Vec<&str> = invented
        .instead
        .iter()
        .copied()
        .filter(|k| cx.catalog().option(k).is_some())
        .collect();
    let value = Context::shown(&entry.key, &entry.value.text);
    let help = match instead.as_slice() {
        [] => "delete it: no option of this Flink version does this".to_owned(),
        [min, max]
            if min.rsplit('.').next() == Some("min") && max.rsplit('.').next() == Some("max") =>
        {
            format!("set both to the size you want: `{min}: {value}` and `{max}: {value}`")
        }
        [one] => format!("use `{one}`"),
        several => format!(
            "use one of {}",
            several
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    // The size the old advice meant, as both bounds. Flink ignores the invented key, so pinning
    // is safe only when the network size Flink derives today is already that size.
    let fix = match instead.as_slice() {
        [min, max] if min.strip_suffix(".min").is_some() && max.strip_suffix(".max").is_some() => {
            let value = entry.value.text.clone();
            let meant = crate::units::MemorySize::parse(&value).ok();
            let derived = cx.taskmanager().as_ref().ok().map(|b| b.network.bytes);
            let title = format!("replace with `{min}` and `{max}`");
            fix_support::replace_entry(cx, entry, &[(min, value.clone()), (max, value)]).map(
                |edit| match (meant, derived) {
                    (Some(meant), Some(derived)) if meant == derived => Fix::safe(
                        format!("{title} (the network size stays the same)"),
                        vec![edit],
                    ),
                    _ => Fix::unsafe_(format!("{title} (changes the network size)"), vec![edit]),
                },
            )
        }
        _ => None,
    };
    Finding::new(
        &META,
        Context::key_span(entry),
        format!("Flink ignores `{}`: {}", entry.key, invented.explanation),
    )
    .primary("Flink ignores this key")
    .help(help)
    .fix_opt(fix)
}

/// "Did you mean" compares a key with every option of the version; past this many unknown keys
/// in one file (a generated or hostile file can hold tens of thousands) the findings go
/// without suggestions, so that the time a file takes stays linear in its size.
const SUGGESTED_KEYS: usize = 100;

fn unknown(cx: &Context<'_>, entry: &Entry, suggest: bool) -> Finding {
    let version = cx.version();
    // The closest keys by edit distance (ties kept), from the catalog's candidates.
    let nearby = if suggest {
        cx.catalog().similar_keys(&entry.key, 10)
    } else {
        Vec::new()
    };
    let candidates: Vec<(usize, &str)> = nearby
        .into_iter()
        .filter(|k| {
            cx.catalog()
                .option(k)
                .is_some_and(OptionDef::is_cluster_option)
        })
        .map(|k| (strsim::damerau_levenshtein(&entry.key, k), k))
        .collect();
    let best = candidates.iter().map(|(d, _)| *d).min().unwrap_or(0);
    let similar: Vec<&str> = candidates
        .iter()
        .filter(|(d, _)| *d == best)
        .map(|(_, k)| *k)
        .take(3)
        .collect();
    let help = match similar.as_slice() {
        [] if !suggest => format!(
            "check the spelling against the Flink {version} configuration reference, or delete \
             it (no suggestions past the first {SUGGESTED_KEYS} unknown keys of a file)"
        ),
        [] => format!(
            "check the spelling against the Flink {version} configuration reference, or delete it"
        ),
        [one] => format!("did you mean `{one}`?"),
        several => format!(
            "did you mean one of {}?",
            several
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Finding::new(
        &META,
        Context::key_span(entry),
        format!(
            "`{}` is not an option of Flink {version}: Flink ignores it",
            entry.key
        ),
    )
    .primary("unknown key")
    .help(help)
}
