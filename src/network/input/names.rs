//! Flink's words in its plans: ship strategies, result partition types and stream exchange
//! modes mapped to the [`Job`](crate::network::job::Job) vocabulary, and the long operator
//! descriptions of a plan shortened into readable, unique vertex names.

use std::collections::HashSet;

use crate::network::job::{Exchange, Ship};

/// A plan's `ship_strategy`.
///
/// `DataStream` plans print `StreamPartitioner.toString()` (the same in 1.13–2.3):
/// `ForwardPartitioner` "FORWARD" (also its subclasses `ForwardForConsecutiveHashPartitioner`
/// and `ForwardForUnspecifiedPartitioner`, 1.15+), `KeyGroupStreamPartitioner` "HASH",
/// `RebalancePartitioner` "REBALANCE", `RescalePartitioner` "RESCALE", `BroadcastPartitioner`
/// "BROADCAST", `GlobalPartitioner` "GLOBAL", `ShufflePartitioner` "SHUFFLE",
/// `CustomPartitionerWrapper` "CUSTOM"; the table runtime's `BinaryHashPartitioner`
/// "HASH[f0, f1]" and `RowDataCustomStreamPartitioner` (2.0+) "CUSTOM".
///
/// REST plans of `DataSet` jobs (1.x) carry the optimizer's names instead
/// (`JsonMapper.getShipStrategyString`, plus " on [keys]" from `JobGraphGenerator`): "Forward",
/// "Broadcast", "Hash Partition", "Range Partition", "Custom Partition", "Redistribute" and
/// "Rebalance" (both round robin in `OutputEmitter`).
pub(super) fn ship(strategy: &str) -> Option<Ship> {
    let ship = match strategy {
        "FORWARD" | "Forward" => Ship::Forward,
        "HASH" => Ship::Hash,
        "REBALANCE" | "Rebalance" | "Redistribute" => Ship::Rebalance,
        "RESCALE" => Ship::Rescale,
        "BROADCAST" | "Broadcast" => Ship::Broadcast,
        "GLOBAL" => Ship::Global,
        "SHUFFLE" => Ship::Shuffle,
        "CUSTOM" => Ship::Custom,
        s if s.starts_with("HASH[") && s.ends_with(']') => Ship::Hash,
        s => {
            let name = s.split(" on ").next().unwrap_or(s);
            match name {
                "Hash Partition" => Ship::Hash,
                // A range partition sends each record to the subtask owning its key range:
                // all-to-all like a custom partitioner.
                "Range Partition" | "Custom Partition" => Ship::Custom,
                _ => return None,
            }
        }
    };
    Some(ship)
}

/// The ship strategies a plan may name, for error messages.
pub(super) const SHIP_STRATEGIES: &str =
    "FORWARD, HASH, REBALANCE, RESCALE, BROADCAST, GLOBAL, SHUFFLE, CUSTOM";

/// A REST plan's `exchange`: `ResultPartitionType.name().toLowerCase()`
/// (`JsonPlanGenerator.generatePlan`). 1.13–1.15 know `pipelined`, `pipelined_bounded`,
/// `pipelined_approximate`, `blocking`, `blocking_persistent`; 1.16+ add `hybrid_full` and
/// `hybrid_selective`.
///
/// `pipelined` (unbounded; `DataSet` jobs) and `pipelined_approximate` (approximate local
/// recovery) use the same network buffers as `pipelined_bounded`, and `blocking_persistent`
/// (cached intermediate results) the same as `blocking`.
pub(super) fn result_partition_type(name: &str) -> Option<Exchange> {
    Some(match name {
        "pipelined_bounded" | "pipelined" | "pipelined_approximate" => Exchange::Pipelined,
        "blocking" | "blocking_persistent" => Exchange::Blocking,
        "hybrid_full" => Exchange::HybridFull,
        "hybrid_selective" => Exchange::HybridSelective,
        _ => return None,
    })
}

pub(super) const RESULT_PARTITION_TYPES: &str = "pipelined_bounded, pipelined, pipelined_approximate, blocking, blocking_persistent, hybrid_full, hybrid_selective";

/// A stream graph's `exchange`: `StreamExchangeMode.name()` (2.0+ `JsonPlanGenerator.
/// generateStreamGraphJson`). `UNDEFINED` leaves it to the runtime mode and shuffle mode.
pub(super) fn stream_exchange_mode(name: &str) -> Option<Exchange> {
    Some(match name {
        "UNDEFINED" => Exchange::Default,
        "PIPELINED" => Exchange::Pipelined,
        "BATCH" => Exchange::Blocking,
        "HYBRID_FULL" => Exchange::HybridFull,
        "HYBRID_SELECTIVE" => Exchange::HybridSelective,
        _ => return None,
    })
}

pub(super) const STREAM_EXCHANGE_MODES: &str =
    "UNDEFINED, PIPELINED, BATCH, HYBRID_FULL, HYBRID_SELECTIVE";

/// Longest operator name kept whole; longer ones are cut at their first `(` or `[`.
const OPERATOR_MAX: usize = 40;
/// Longest vertex name; a longer chain keeps only its first and last operator.
const NAME_MAX: usize = 80;

/// Decodes what `JsonPlanGenerator` did to a description (`StringEscapeUtils.escapeHtml4`,
/// newlines as `<br/>`, backslashes as `&#92;`), leaving `\n` between lines.
fn unescape_html(text: &str) -> String {
    let text = text.replace("<br/>", "\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let entity_end = rest.find(';').filter(|&end| end <= 10);
        let decoded = entity_end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end))
        });
        if let Some((c, end)) = decoded {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// One operator's name, without the decorations plans add: the tree prefixes of 1.15+
/// descriptions (`+- `, `:- `, `:  `), the arrows of older cascading descriptions and of
/// `DataSet` chains (`-> `), the planner's index prefix (`[3]:`), and the argument lists of SQL
/// operators (`Calc(select=[...])` is `Calc`; a table scan is `Source: <table>`).
fn operator(text: &str) -> String {
    let mut s = text
        .trim_start_matches([' ', ':', '|', '+', '-', '>'])
        .trim();
    // `[3]:Calc(...)`: the table planner numbers its operators (1.15+).
    let mut planner = false;
    if let Some(rest) = s.strip_prefix('[')
        && let Some(close) = rest.find("]:")
        && close > 0
        && rest[..close].bytes().all(|b| b.is_ascii_digit())
    {
        s = rest[close + 2..].trim();
        planner = true;
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let long = s.chars().count() > OPERATOR_MAX;
    // 1.13-1.14 execution plans: "Source: TableSourceScan(table=[[...]], ...)".
    for prefix in ["Source: ", "Sink: "] {
        if let Some(rest) = s.strip_prefix(prefix)
            && let Some(name) = sql_operator(rest, planner || long)
        {
            return if name.starts_with(prefix) {
                name
            } else {
                format!("{prefix}{name}")
            };
        }
    }
    if let Some(name) = sql_operator(&s, planner || long) {
        return name;
    }
    if !long {
        return s;
    }
    match s.find(['(', '[']) {
        Some(cut) if cut > 0 => {
            let head = s[..cut].trim_end();
            if head.chars().count() <= OPERATOR_MAX {
                head.to_owned()
            } else {
                truncate(head, OPERATOR_MAX)
            }
        }
        _ => truncate(&s, OPERATOR_MAX),
    }
}

/// A SQL operator's description, `Name(key=[...], ...)`, as its name; a table scan or sink as
/// `Source: <table>` / `Sink: <table>`. `None` for anything else. Without `sure` (an index
/// prefix or a long text) the arguments must look like the planner's (`key=[`).
fn sql_operator(s: &str, sure: bool) -> Option<String> {
    let open = s.find('(').filter(|&open| open > 0)?;
    let head = &s[..open];
    let args = &s[open..];
    if !head.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        || !(sure || args.contains("=["))
    {
        return None;
    }
    let table = match head {
        "TableSourceScan" => table_of(args, "table=[[", "]]", ", ").map(|t| format!("Source: {t}")),
        "Sink" => table_of(args, "table=[", "]", ".").map(|t| format!("Sink: {t}")),
        _ => None,
    };
    Some(table.unwrap_or_else(|| head.to_owned()))
}

/// The last part of the table path in `args` between `open` and `close`, split at `separator`:
/// `(table=[[default_catalog, default_database, orders]], ...)` is `orders`.
fn table_of(args: &str, open: &str, close: &str, separator: &str) -> Option<String> {
    let start = args.find(open)? + open.len();
    let len = args[start..].find(close)?;
    let table = args[start..start + len].rsplit(separator).next()?.trim();
    (!table.is_empty()).then(|| table.to_owned())
}

fn truncate(s: &str, max: usize) -> String {
    let kept: String = s.chars().take(max.saturating_sub(3)).collect();
    format!("{}...", kept.trim_end())
}

/// A readable vertex name from a plan's description or operator text: its operators joined
/// with ` -> `; a chain too long for that keeps its first and last operator.
pub(super) fn vertex_name(description: &str) -> String {
    let text = unescape_html(description);
    let mut operators: Vec<String> = Vec::new();
    for line in text.lines() {
        // 1.13–1.14 descriptions chain operators on one line: "A -> B -> C".
        for part in line.split(" -> ") {
            let op = operator(part);
            if !op.is_empty() {
                operators.push(op);
            }
        }
    }
    let joined = operators.join(" -> ");
    if joined.chars().count() <= NAME_MAX || operators.len() < 3 {
        return if joined.chars().count() <= NAME_MAX {
            joined
        } else {
            truncate(&joined, NAME_MAX)
        };
    }
    let first = operators.first().map_or("", String::as_str);
    let last = operators.last().map_or("", String::as_str);
    let short = format!("{first} -> ... -> {last}");
    if short.chars().count() <= NAME_MAX {
        short
    } else {
        truncate(&short, NAME_MAX)
    }
}

/// Makes names unique in order: a repeated name gets ` #2`, ` #3`, ...; an empty one is called
/// after its fallback (the node id).
pub(super) fn unique_names(names: Vec<(String, String)>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(names.len());
    for (name, fallback) in names {
        let base = if name.is_empty() {
            format!("vertex {fallback}")
        } else {
            name
        };
        let mut candidate = base.clone();
        let mut k: u32 = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base} #{k}");
            k = k.saturating_add(1);
        }
        taken.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partitioner_string_maps() {
        let cases = [
            ("FORWARD", Ship::Forward),
            ("HASH", Ship::Hash),
            ("REBALANCE", Ship::Rebalance),
            ("RESCALE", Ship::Rescale),
            ("BROADCAST", Ship::Broadcast),
            ("GLOBAL", Ship::Global),
            ("SHUFFLE", Ship::Shuffle),
            ("CUSTOM", Ship::Custom),
            ("HASH[a, b]", Ship::Hash),
            ("HASH[]", Ship::Hash),
            ("Forward", Ship::Forward),
            ("Hash Partition on [0]", Ship::Hash),
            ("Hash Partition", Ship::Hash),
            ("Range Partition on [0:ASC]", Ship::Custom),
            ("Custom Partition on [1]", Ship::Custom),
            ("Redistribute", Ship::Rebalance),
            ("Rebalance", Ship::Rebalance),
            ("Broadcast", Ship::Broadcast),
        ];
        for (text, want) in cases {
            assert_eq!(ship(text), Some(want), "{text}");
        }
        for bad in ["forward", "HASH[", "KEY_GROUP", "", "(none)"] {
            assert_eq!(ship(bad), None, "{bad}");
        }
    }

    #[test]
    fn partition_types_and_exchange_modes() {
        assert_eq!(
            result_partition_type("pipelined_bounded"),
            Some(Exchange::Pipelined)
        );
        assert_eq!(
            result_partition_type("blocking_persistent"),
            Some(Exchange::Blocking)
        );
        assert_eq!(
            result_partition_type("hybrid_selective"),
            Some(Exchange::HybridSelective)
        );
        assert_eq!(result_partition_type("BLOCKING"), None);
        assert_eq!(stream_exchange_mode("BATCH"), Some(Exchange::Blocking));
        assert_eq!(stream_exchange_mode("UNDEFINED"), Some(Exchange::Default));
        assert_eq!(stream_exchange_mode("batch"), None);
    }

    #[test]
    fn names_from_descriptions() {
        // 1.13-1.14 cascading descriptions.
        assert_eq!(
            vertex_name("Source: orders -&gt; parse"),
            "Source: orders -> parse"
        );
        // 1.15+ tree descriptions.
        assert_eq!(
            vertex_name("total per key<br/>+- Sink: sink<br/>"),
            "total per key -> Sink: sink"
        );
        assert_eq!(
            vertex_name("a<br/>:- b<br/>:  +- d<br/>+- c<br/>"),
            "a -> b -> d -> c"
        );
        // DataSet chains.
        assert_eq!(
            vertex_name("DataSource (numbers)<br/> -&gt; Map (pair)<br/> -&gt; Combine (sum)"),
            "DataSource (numbers) -> Map (pair) -> Combine (sum)"
        );
        // SQL: operators without their arguments, table scans by their table.
        assert_eq!(
            vertex_name(
                "[1]:TableSourceScan(table=[[default_catalog, default_database, orders]], fields=[id, amount])<br/>+- [2]:Calc(select=[id, amount], where=[(amount &gt; 10)])<br/>"
            ),
            "Source: orders -> Calc"
        );
        assert_eq!(
            vertex_name(
                "[9]:GroupAggregate(groupBy=[region], select=[region, SUM(amount) AS EXPR$1])<br/>+- [10]:Calc(select=[region])<br/>   +- totals[11]: Writer<br/>"
            ),
            "GroupAggregate -> Calc -> totals[11]: Writer"
        );
        // 1.13-1.14: no index prefix; long descriptions are SQL operators too.
        assert_eq!(
            vertex_name(
                "Sink(table=[default_catalog.default_database.totals], fields=[region, total])"
            ),
            "Sink: totals"
        );
        assert_eq!(
            vertex_name(
                "SourceConversion(table=[default_catalog.default_database.orders], fields=[id])"
            ),
            "SourceConversion"
        );
        assert_eq!(vertex_name("Calc(select=[region, amount])"), "Calc");
        // 1.14 execution plans put the source / sink prefix before the SQL operator.
        assert_eq!(
            vertex_name(
                "Source: TableSourceScan(table=[[default_catalog, default_database, orders]], fields=[id])"
            ),
            "Source: orders"
        );
        assert_eq!(
            vertex_name(
                "Sink: Sink(table=[default_catalog.default_database.totals], fields=[region, total])"
            ),
            "Sink: totals"
        );
        // A short user-chosen name with parentheses stays whole.
        assert_eq!(vertex_name("enrich(v2)"), "enrich(v2)");
        assert_eq!(
            vertex_name("Source: my source (v2)"),
            "Source: my source (v2)"
        );
        assert_eq!(vertex_name("a&#92;b &amp; c"), "a\\b & c");
        assert_eq!(vertex_name("broken &entity"), "broken &entity");
        let long: Vec<String> = (0..20).map(|i| format!("operator number {i}")).collect();
        assert_eq!(
            vertex_name(&long.join("<br/>+- ")),
            "operator number 0 -> ... -> operator number 19"
        );
        assert!(vertex_name(&"x".repeat(500)).chars().count() <= NAME_MAX);
    }

    #[test]
    fn names_are_made_unique() {
        let names = unique_names(vec![
            ("map".to_owned(), "1".to_owned()),
            ("map".to_owned(), "2".to_owned()),
            ("map #2".to_owned(), "3".to_owned()),
            (String::new(), "4".to_owned()),
        ]);
        assert_eq!(names, ["map", "map #2", "map #2 #2", "vertex 4"]);
    }
}
