//! Every configuration option of every supported Flink version, generated from Flink's jars.
//!
//! The data in `data/<version>.tsv` is written by `harness/catalog/generate.sh`, which loads
//! every `ConfigOption` declared in the distribution's `lib/`, `opt/` and `plugins/` jars. One
//! line per option: key, value type, default (as Flink would parse it back), alternative keys
//! (`d:` deprecated, `f:` fallback, in Flink's lookup order) and the declaring class. The data
//! is embedded in the binary and parsed on first use of a version.

mod invented;
mod scope;

pub use invented::{InventedKey, all as invented_keys, invented_key};

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::version::FlinkVersion;

/// The value type of an option (`ConfigOption.getClazz()`, with `isList()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionType {
    MemorySize,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    String,
    Duration,
    Map,
    /// An enum, with its constants in declaration order.
    Enum(Vec<&'static str>),
    List(Box<OptionType>),
    /// A type flinkmem does not interpret (named by its Java class).
    Other(&'static str),
}

impl OptionType {
    fn parse(text: &'static str) -> Self {
        match text {
            "MemorySize" => Self::MemorySize,
            "Integer" => Self::Integer,
            "Long" => Self::Long,
            "Float" => Self::Float,
            "Double" => Self::Double,
            "Boolean" => Self::Boolean,
            "String" => Self::String,
            "Duration" => Self::Duration,
            "Map" => Self::Map,
            _ => {
                if let Some(constants) = text.strip_prefix("Enum:") {
                    Self::Enum(constants.split(',').collect())
                } else if let Some(element) = text.strip_prefix("List:") {
                    Self::List(Box::new(Self::parse(element)))
                } else {
                    Self::Other(text.strip_prefix("Other:").unwrap_or(text))
                }
            }
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Self::MemorySize => out.push_str("MemorySize"),
            Self::Integer => out.push_str("Integer"),
            Self::Long => out.push_str("Long"),
            Self::Float => out.push_str("Float"),
            Self::Double => out.push_str("Double"),
            Self::Boolean => out.push_str("Boolean"),
            Self::String => out.push_str("String"),
            Self::Duration => out.push_str("Duration"),
            Self::Map => out.push_str("Map"),
            Self::Enum(constants) => {
                out.push_str("Enum:");
                out.push_str(&constants.join(","));
            }
            Self::List(element) => {
                out.push_str("List:");
                element.write(out);
            }
            Self::Other(name) => {
                out.push_str("Other:");
                out.push_str(name);
            }
        }
    }

    /// A short name for messages: `MemorySize`, `List<String>`, `Enum`.
    pub fn name(&self) -> String {
        match self {
            Self::Enum(_) => "Enum".to_owned(),
            Self::List(element) => format!("List<{}>", element.name()),
            Self::Other(name) => (*name).to_owned(),
            other => {
                let mut s = String::new();
                other.write(&mut s);
                s
            }
        }
    }
}

/// Another key Flink reads for an option when the option's own key is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    pub key: &'static str,
    /// Deprecated keys make Flink log a warning; plain fallback keys do not.
    pub deprecated: bool,
}

/// One configuration option of one Flink version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionDef {
    /// The key; may contain `<placeholder>` segments (`metrics.reporter.<name>.interval`).
    pub key: Cow<'static, str>,
    pub ty: OptionType,
    /// The default as text Flink parses back to the default value; `None` when there is none.
    pub default: Option<Cow<'static, str>>,
    /// Fallback and deprecated keys, in the order Flink tries them.
    pub alternatives: Vec<Alternative>,
    /// The Java class declaring the option, e.g. `org.apache.flink.configuration.TaskManagerOptions`.
    pub class: &'static str,
}

impl OptionDef {
    pub fn is_pattern(&self) -> bool {
        self.key.contains('<')
    }
}

/// How a key relates to a version's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind<'a> {
    /// The key of an option.
    Option(&'a OptionDef),
    /// A deprecated or fallback key of an option.
    Alternative {
        option: &'a OptionDef,
        deprecated: bool,
    },
    /// Matches an option key with placeholders (`metrics.reporter.prom.factory.class`).
    Pattern(&'a OptionDef),
    /// An entry of a map-typed option written as its own key
    /// (`taskmanager.memory.managed.consumer-weights.OPERATOR`).
    MapEntry(&'a OptionDef),
    /// A namespace Flink passes on to another system without knowing its keys.
    PassThrough(&'static str),
    Unknown,
}

impl KeyKind<'_> {
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown)
    }
}

/// Key prefixes whose keys Flink hands to other systems (Hadoop, file systems, the JVM
/// environment), so no catalog can list them. Matched on the lower-cased key.
const PASS_THROUGH_PREFIXES: &[&str] = &[
    "flink.hadoop.",
    "flink.yarn.",
    "fs.",
    "s3.",
    "s3a.",
    "s3p.",
    "presto.s3.",
    "gs.",
    "oss.",
    "azure.",
    "containerized.master.env.",
    "containerized.taskmanager.env.",
    "kubernetes.jobmanager.env.",
    "kubernetes.taskmanager.env.",
];

/// The options of one Flink version.
#[derive(Debug)]
pub struct Catalog {
    version: FlinkVersion,
    header: String,
    sensitive: Vec<String>,
    /// In the data file's order.
    options: Vec<OptionDef>,
    by_key: KeyMap<usize>,
    /// Each alternative key with the first option that names it.
    by_alternative: KeyMap<(usize, bool)>,
    /// Placeholder options, each with the literal text before its first placeholder.
    patterns: Vec<(&'static str, usize)>,
}

/// Keys are looked up for every entry by most rules, so the maps borrow the embedded keys and
/// hash with foldhash, which reads a key eight bytes at a time (several times faster than
/// `SipHash` or a byte-wise FNV on 30-50 byte keys). The seed is fixed: the keys come from the
/// embedded data, never from input (input keys are only looked up), so hash flooding is not a
/// concern, and iteration order never leaks into output (options keep the data file's order).
type KeyMap<V> = HashMap<&'static str, V, foldhash::fast::FixedState>;

/// The embedded data of each version, in [`FlinkVersion::ALL`] order.
const DATA: [&str; 12] = [
    include_str!("data/1.13.tsv"),
    include_str!("data/1.14.tsv"),
    include_str!("data/1.15.tsv"),
    include_str!("data/1.16.tsv"),
    include_str!("data/1.17.tsv"),
    include_str!("data/1.18.tsv"),
    include_str!("data/1.19.tsv"),
    include_str!("data/1.20.tsv"),
    include_str!("data/2.0.tsv"),
    include_str!("data/2.1.tsv"),
    include_str!("data/2.2.tsv"),
    include_str!("data/2.3.tsv"),
];

/// The catalog of `version` (parsed once, on first use).
pub fn catalog(version: FlinkVersion) -> &'static Catalog {
    static CATALOGS: [OnceLock<Catalog>; 12] = [const { OnceLock::new() }; 12];
    let index = FlinkVersion::ALL
        .iter()
        .position(|v| *v == version)
        .unwrap_or(FlinkVersion::ALL.len() - 1);
    CATALOGS[index].get_or_init(|| Catalog::parse(version, DATA[index]))
}

/// The committed data file of `version`, as embedded.
pub fn raw_data(version: FlinkVersion) -> &'static str {
    let index = FlinkVersion::ALL
        .iter()
        .position(|v| *v == version)
        .unwrap_or(FlinkVersion::ALL.len() - 1);
    DATA[index]
}

/// The field as it is when it holds no escape (nearly always), else unescaped.
fn unescape(field: &'static str) -> Cow<'static, str> {
    if field.contains('\\') {
        Cow::Owned(unescape_owned(field))
    } else {
        Cow::Borrowed(field)
    }
}

fn unescape_owned(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
    out
}

impl Catalog {
    /// Parses one data file. Malformed lines are skipped (the round-trip test catches them).
    /// Borrows from the embedded text instead of copying it: this runs once per process for
    /// every command that reads a configuration.
    fn parse(version: FlinkVersion, data: &'static str) -> Self {
        let mut catalog = Self {
            version,
            header: String::new(),
            sensitive: Vec::new(),
            options: Vec::with_capacity(data.len() / 80),
            by_key: KeyMap::default(),
            by_alternative: KeyMap::default(),
            patterns: Vec::new(),
        };
        for line in data.lines() {
            if let Some(list) = line.strip_prefix("#sensitive\t") {
                catalog.sensitive = list.split(',').map(str::to_owned).collect();
                continue;
            }
            if line.starts_with('#') {
                if catalog.header.is_empty() {
                    line.clone_into(&mut catalog.header);
                }
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(key), Some(ty), Some(default), Some(alternatives), Some(class), None) = (
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
            ) else {
                continue;
            };
            let option = OptionDef {
                key: unescape(key),
                ty: OptionType::parse(ty),
                default: (default != "\\N").then(|| unescape(default)),
                alternatives: if alternatives == "-" {
                    Vec::new()
                } else {
                    alternatives
                        .split(',')
                        .map(|a| Alternative {
                            key: a.get(2..).unwrap_or(""),
                            deprecated: a.starts_with("d:"),
                        })
                        .collect()
                },
                class,
            };
            let index = catalog.options.len();
            if let Cow::Borrowed(key) = option.key {
                catalog.by_key.insert(key, index);
            } else {
                // An escaped key (none so far) is leaked once so that the map can borrow it.
                catalog.by_key.insert(
                    Box::leak(option.key.clone().into_owned().into_boxed_str()),
                    index,
                );
            }
            for alternative in &option.alternatives {
                catalog
                    .by_alternative
                    .entry(alternative.key)
                    .or_insert((index, alternative.deprecated));
            }
            if option.is_pattern() {
                let literal = key.split('<').next().unwrap_or("");
                catalog.patterns.push((literal, index));
            }
            catalog.options.push(option);
        }
        catalog
    }

    /// Writes the catalog back in the data format (used to prove nothing is lost in parsing).
    pub fn to_data(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.header);
        out.push('\n');
        out.push_str("#sensitive\t");
        out.push_str(&self.sensitive.join(","));
        out.push('\n');
        for option in &self.options {
            out.push_str(&escape(&option.key));
            out.push('\t');
            option.ty.write(&mut out);
            out.push('\t');
            match &option.default {
                Some(d) => out.push_str(&escape(d)),
                None => out.push_str("\\N"),
            }
            out.push('\t');
            if option.alternatives.is_empty() {
                out.push('-');
            } else {
                let alternatives: Vec<String> = option
                    .alternatives
                    .iter()
                    .map(|a| format!("{}:{}", if a.deprecated { "d" } else { "f" }, a.key))
                    .collect();
                out.push_str(&alternatives.join(","));
            }
            out.push('\t');
            out.push_str(option.class);
            out.push('\n');
        }
        out
    }

    pub fn version(&self) -> FlinkVersion {
        self.version
    }

    /// Flink's sensitive-key substrings in this version.
    pub fn sensitive_key_parts(&self) -> &[String] {
        &self.sensitive
    }

    pub fn options(&self) -> &[OptionDef] {
        &self.options
    }

    /// The option with exactly this key.
    pub fn option(&self, key: &str) -> Option<&OptionDef> {
        self.by_key.get(key).map(|&i| &self.options[i])
    }

    /// Every option `key` is a deprecated spelling of, in catalog order: `web.port` stands for
    /// both `rest.bind-port` and `rest.port`.
    pub fn replacements(&self, key: &str) -> Vec<&OptionDef> {
        self.options
            .iter()
            .filter(|o| o.alternatives.iter().any(|a| a.deprecated && a.key == key))
            .collect()
    }

    /// The key to write instead of deprecated `key`: with several replacements, the one the
    /// others fall back to (`rest.port`, which `rest.bind-port` falls back to), else the first.
    pub fn recommended_replacement(&self, key: &str) -> Option<&OptionDef> {
        let all = self.replacements(key);
        all.iter()
            .find(|candidate| {
                all.iter().all(|other| {
                    other.key == candidate.key
                        || other
                            .alternatives
                            .iter()
                            .any(|a| !a.deprecated && a.key == candidate.key)
                })
            })
            .or(all.first())
            .copied()
    }

    /// How `key` relates to this version's options.
    pub fn classify(&self, key: &str) -> KeyKind<'_> {
        // A deprecated spelling of another option counts as that, even where the old key
        // also survives as a stand-alone option (the old network keys up to 1.20).
        let alternative =
            self.by_alternative
                .get(key)
                .map(|&(index, deprecated)| KeyKind::Alternative {
                    option: &self.options[index],
                    deprecated,
                });
        match (self.option(key), alternative) {
            (
                _,
                Some(
                    alt @ KeyKind::Alternative {
                        deprecated: true, ..
                    },
                ),
            )
            | (None, Some(alt)) => {
                return alt;
            }
            (Some(option), _) => return KeyKind::Option(option),
            (None, None) => {}
        }
        if let Some(&(_, index)) = self.patterns.iter().find(|&&(literal, i)| {
            key.starts_with(literal) && pattern_matches(&self.options[i].key, key)
        }) {
            return KeyKind::Pattern(&self.options[index]);
        }
        // `a.b.c.d` is an entry of the map option `a.b.c` or `a.b`.
        let mut end = key.len();
        while let Some(dot) = key[..end].rfind('.') {
            if let Some(option) = self.option(&key[..dot]).filter(|o| o.ty == OptionType::Map) {
                return KeyKind::MapEntry(option);
            }
            end = dot;
        }
        let pass_through = if key.is_ascii() {
            PASS_THROUGH_PREFIXES.iter().find(|p| {
                key.get(..p.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(p))
            })
        } else {
            let lower = key.to_lowercase();
            PASS_THROUGH_PREFIXES.iter().find(|p| lower.starts_with(*p))
        };
        if let Some(prefix) = pass_through {
            return KeyKind::PassThrough(prefix);
        }
        KeyKind::Unknown
    }

    /// Options whose key is close to `key`, best first, for "did you mean".
    pub fn similar_keys(&self, key: &str, limit: usize) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .options
            .iter()
            .filter(|o| !o.is_pattern())
            .map(|o| (strsim::jaro_winkler(key, &o.key), o.key.as_ref()))
            .filter(|(score, _)| *score > 0.85)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, k)| k).collect()
    }
}

/// Whether `key` matches an option key with `<placeholder>` segments. A placeholder in the
/// middle stands for exactly one segment; a trailing one for one or more.
fn pattern_matches(pattern: &str, key: &str) -> bool {
    let is_placeholder = |p: &str| p.starts_with('<') && p.ends_with('>');
    // Segment by segment without allocating: this runs for every key against every pattern.
    let mut keys = key.split('.');
    let mut parts = pattern.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(k) = keys.next() else {
            return false;
        };
        if is_placeholder(part) {
            if k.is_empty() {
                return false;
            }
            if parts.peek().is_none() {
                return keys.all(|k| !k.is_empty());
            }
        } else if k != part {
            return false;
        }
    }
    keys.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_placeholder_segments() {
        let p = "metrics.reporter.<name>.factory.class";
        assert!(pattern_matches(p, "metrics.reporter.prom.factory.class"));
        assert!(!pattern_matches(p, "metrics.reporter.factory.class"));
        assert!(!pattern_matches(p, "metrics.reporter.a.b.factory.class"));
        let p = "metrics.reporter.<name>.<parameter>";
        assert!(pattern_matches(p, "metrics.reporter.prom.port"));
        assert!(pattern_matches(p, "metrics.reporter.prom.filter.x"));
        assert!(!pattern_matches(p, "metrics.reporter.prom"));
    }

    #[test]
    fn types_round_trip() {
        for text in [
            "MemorySize",
            "Enum:A,B",
            "List:String",
            "List:Enum:X,Y",
            "Other:Period",
        ] {
            let mut out = String::new();
            OptionType::parse(text).write(&mut out);
            assert_eq!(out, text);
        }
    }
}
