//! The effective configuration of one Flink version: file entries (the later of duplicates
//! wins), then command-line overrides, looked up through the catalog the way Flink's
//! `Configuration` looks up an option (its key, then its fallback and deprecated keys).

use std::sync::Arc;

use super::load::ConfigFile;
use super::value::Value;
use super::{Entry, Origin};
use crate::catalog::{self, Catalog, OptionDef};
use crate::version::FlinkVersion;

/// A `--set KEY=VALUE` (or `-D KEY=VALUE`) argument that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid override '{0}': expected KEY=VALUE")]
pub struct BadOverride(pub String);

/// Splits `KEY=VALUE` at the first `=`, trimming both sides as Flink's `-D` parsing does.
pub fn parse_override(text: &str) -> Result<(String, String), BadOverride> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| BadOverride(text.to_owned()))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(BadOverride(text.to_owned()));
    }
    Ok((key.to_owned(), value.trim().to_owned()))
}

/// An option's value found in the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    pub entry: &'a Entry,
    /// The alternative key the value was found under, when not the option's own key.
    pub via: Option<&'a str>,
}

/// The configuration one Flink version would run with.
#[derive(Debug, Clone)]
pub struct Config {
    version: FlinkVersion,
    /// The file, whose entries come first, in file order; shared, not copied, with a caller
    /// that still needs it.
    file: Option<Arc<ConfigFile>>,
    /// The overrides' entries, after the file's, in argument order.
    overrides: Vec<Entry>,
    /// For each key, the entry that wins (the last one written): positions in file entries
    /// then overrides, one per key, sorted by key. Kept as positions so that a large file's
    /// keys are not copied.
    winners: Vec<usize>,
}

impl Config {
    /// The configuration from `file` (if any) plus `overrides` (`(key, value)` pairs).
    pub fn new(
        version: FlinkVersion,
        file: Option<ConfigFile>,
        overrides: &[(String, String)],
    ) -> Self {
        Self::sharing(version, file.map(Arc::new), overrides)
    }

    /// [`Self::new`] on a file the caller keeps too.
    pub fn sharing(
        version: FlinkVersion,
        file: Option<Arc<ConfigFile>>,
        overrides: &[(String, String)],
    ) -> Self {
        let overrides = overrides
            .iter()
            .enumerate()
            .map(|(index, (key, value))| Entry {
                key: key.clone(),
                value: Value::string(value.clone()),
                key_span: None,
                value_span: None,
                parent_spans: Vec::new(),
                origin: Origin::CommandLine { index },
            })
            .collect();
        let mut config = Self {
            version,
            file,
            overrides,
            winners: Vec::new(),
        };
        let count = config.file_entries().len() + config.overrides.len();
        let mut winners: Vec<usize> = (0..count).collect();
        // Stable: entries of one key stay in order, and the last of each run is the winner.
        winners.sort_by(|&a, &b| config.entry(a).key.cmp(&config.entry(b).key));
        let mut last_of_each: Vec<usize> = Vec::with_capacity(winners.len());
        for position in winners {
            match last_of_each.last_mut() {
                Some(last) if config.entry(*last).key == config.entry(position).key => {
                    *last = position;
                }
                _ => last_of_each.push(position),
            }
        }
        last_of_each.shrink_to_fit();
        config.winners = last_of_each;
        config
    }

    fn file_entries(&self) -> &[Entry] {
        self.file
            .as_ref()
            .map_or(&[], |f| f.parsed.entries.as_slice())
    }

    /// The entry at `position` in file entries then overrides.
    fn entry(&self, position: usize) -> &Entry {
        let file = self.file_entries();
        file.get(position)
            .unwrap_or_else(|| &self.overrides[position - file.len()])
    }

    pub fn version(&self) -> FlinkVersion {
        self.version
    }

    pub fn catalog(&self) -> &'static Catalog {
        catalog::catalog(self.version)
    }

    pub fn file(&self) -> Option<&ConfigFile> {
        self.file.as_deref()
    }

    /// The file, to share with another configuration.
    pub fn shared_file(&self) -> Option<Arc<ConfigFile>> {
        self.file.clone()
    }

    /// Every entry, overridden ones included, in file order then argument order.
    pub fn all_entries(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.file_entries().iter().chain(&self.overrides)
    }

    /// The winning entry of every key, in the order the keys first appear.
    pub fn effective_entries(&self) -> Vec<&Entry> {
        let mut seen = std::collections::HashSet::new();
        self.all_entries()
            .filter(|e| seen.insert(e.key.as_str()))
            .filter_map(|e| self.get(&e.key))
            .collect()
    }

    /// Whether an entry is the one that counts for its key.
    pub fn is_winner(&self, entry: &Entry) -> bool {
        self.get(&entry.key).is_some_and(|w| std::ptr::eq(w, entry))
    }

    /// The entry stored under exactly this key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        let at = self
            .winners
            .binary_search_by(|&position| self.entry(position).key.as_str().cmp(key))
            .ok()?;
        Some(self.entry(self.winners[at]))
    }

    /// Flink's lookup of an option: its own key, else its alternatives in declaration order.
    pub fn resolve_option<'a>(&'a self, option: &'a OptionDef) -> Option<Resolved<'a>> {
        if let Some(entry) = self.get(&option.key) {
            return Some(Resolved { entry, via: None });
        }
        option.alternatives.iter().find_map(|alternative| {
            self.get(alternative.key).map(|entry| Resolved {
                entry,
                via: Some(alternative.key),
            })
        })
    }

    /// Looks up the option `key` of this version (its alternatives included). Keys that are
    /// not options of this version are looked up literally.
    pub fn resolve(&self, key: &str) -> Option<Resolved<'_>> {
        match self.catalog().option(key) {
            Some(option) => self.resolve_option(option),
            None => self.get(key).map(|entry| Resolved { entry, via: None }),
        }
    }

    /// `Configuration.contains(option)`: the key or any alternative is present.
    pub fn is_set(&self, key: &str) -> bool {
        self.resolve(key).is_some()
    }

    /// The default of the option `key` in this version, as text.
    pub fn default_text(&self, key: &str) -> Option<&'static str> {
        self.catalog()
            .option(key)
            .and_then(|o| o.default.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Dialect, SourceFile};

    fn config(text: &str, version: FlinkVersion, overrides: &[(&str, &str)]) -> Config {
        let file = ConfigFile::parse(
            SourceFile::new("flink-conf.yaml", text.to_owned()),
            Dialect::Legacy,
        );
        let overrides: Vec<(String, String)> = overrides
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::new(version, Some(file), &overrides)
    }

    #[test]
    fn later_duplicates_and_overrides_win() {
        let c = config("a: 1\nb: 2\na: 3\n", FlinkVersion::V1_20, &[("b", "9")]);
        assert_eq!(c.get("a").unwrap().value.text, "3");
        assert_eq!(c.get("b").unwrap().value.text, "9");
        assert!(matches!(
            c.get("b").unwrap().origin,
            Origin::CommandLine { index: 0 }
        ));
        let keys: Vec<&str> = c
            .effective_entries()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["a", "b"]);
    }

    #[test]
    fn options_resolve_through_deprecated_keys() {
        let c = config(
            "taskmanager.network.memory.min: 256m\n",
            FlinkVersion::V1_20,
            &[],
        );
        let r = c.resolve("taskmanager.memory.network.min").unwrap();
        assert_eq!(r.entry.value.text, "256m");
        assert_eq!(r.via, Some("taskmanager.network.memory.min"));
        let c = config(
            "taskmanager.network.memory.min: 256m\ntaskmanager.memory.network.min: 128m\n",
            FlinkVersion::V1_20,
            &[],
        );
        let r = c.resolve("taskmanager.memory.network.min").unwrap();
        assert_eq!((r.entry.value.text.as_str(), r.via), ("128m", None));
    }

    #[test]
    fn overrides_parse_like_flinks_dynamic_properties() {
        assert_eq!(parse_override("a.b = 1g"), Ok(("a.b".into(), "1g".into())));
        assert_eq!(parse_override("k=v=w"), Ok(("k".into(), "v=w".into())));
        assert!(parse_override("novalue").is_err());
        assert!(parse_override("=x").is_err());
    }
}
