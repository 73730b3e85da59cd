//! Which rules run: `select` / `ignore` lists of codes (`FM101`), code prefixes (`FM1`, `FM`),
//! rule names (`unknown-key`) or `ALL`, from the command line and `.flinkmem.toml`.

use std::fmt::Write as _;

use crate::rule_contract::{Registry, Rule, RuleMeta};

/// Whether one selector names this rule.
fn matches(selector: &str, meta: &RuleMeta) -> bool {
    let selector = selector.trim();
    let prefix_of_code = selector.len() >= 2
        && meta
            .code
            .to_ascii_uppercase()
            .starts_with(&selector.to_ascii_uppercase());
    selector.eq_ignore_ascii_case("ALL")
        || prefix_of_code
        || meta.name.eq_ignore_ascii_case(selector)
}

/// Checks that a selector names at least one rule of `registry`.
pub fn validate(registry: &Registry, selector: &str) -> Result<(), String> {
    if registry.rules.iter().any(|r| matches(selector, r.meta)) {
        return Ok(());
    }
    let mut message = format!("unknown rule code or prefix '{}'", selector.trim());
    if let Some(suggestion) = registry.suggest(selector) {
        let _ = write!(message, " (did you mean {suggestion}?)");
    }
    Err(message)
}

/// Splits a comma-separated command-line list (`FM101,FM2`).
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The enabled rules of a registry.
#[derive(Debug, Clone)]
pub struct Selection {
    registry: &'static Registry,
    enabled: Vec<bool>,
}

impl PartialEq for Selection {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.registry, other.registry) && self.enabled == other.enabled
    }
}

impl Eq for Selection {}

impl Selection {
    /// Every rule.
    pub fn all(registry: &'static Registry) -> Self {
        Self {
            registry,
            enabled: vec![true; registry.rules.len()],
        }
    }

    /// The rules `select` names (all when `None`), minus those `ignore` names.
    pub fn new(registry: &'static Registry, select: Option<&[String]>, ignore: &[String]) -> Self {
        let enabled = registry
            .rules
            .iter()
            .map(|rule| {
                let selected = select.is_none_or(|s| s.iter().any(|sel| matches(sel, rule.meta)));
                selected && !ignore.iter().any(|sel| matches(sel, rule.meta))
            })
            .collect();
        Self { registry, enabled }
    }

    /// Only the rule with this code (how the fixtures and docs tests run one rule).
    pub fn only(registry: &'static Registry, code: &str) -> Self {
        Self {
            registry,
            enabled: registry.rules.iter().map(|r| r.meta.code == code).collect(),
        }
    }

    /// The registry the rules come from.
    pub fn registry(&self) -> &'static Registry {
        self.registry
    }

    /// The enabled rules, in code order.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        self.registry
            .rules
            .iter()
            .zip(&self.enabled)
            .filter_map(|(rule, &on)| on.then_some(rule))
    }

    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        self.rules().any(|rule| std::ptr::eq(rule.meta, meta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::REGISTRY;

    fn meta(code: &str) -> &'static RuleMeta {
        REGISTRY.find(code).map(|r| r.meta).expect("rule")
    }

    fn validate(selector: &str) -> Result<(), String> {
        super::validate(&REGISTRY, selector)
    }

    #[test]
    fn codes_prefixes_names_and_all() {
        let s = Selection::new(&REGISTRY, Some(&["FM1".to_owned()]), &["FM102".to_owned()]);
        assert!(s.is_enabled(meta("FM101")));
        assert!(!s.is_enabled(meta("FM102")));
        assert!(!s.is_enabled(meta("FM201")));
        let s = Selection::new(&REGISTRY, None, &["unknown-key".to_owned()]);
        assert!(!s.is_enabled(meta("FM101")));
        assert!(s.is_enabled(meta("FM001")));
        assert!(
            Selection::new(&REGISTRY, Some(&["all".to_owned()]), &[]).is_enabled(meta("FM403"))
        );
        assert!(validate("fm2").is_ok());
        assert!(validate("F").is_err());
        assert_eq!(
            validate("FM1O1"),
            Err("unknown rule code or prefix 'FM1O1' (did you mean FM101?)".to_owned())
        );
        assert_eq!(split_list(" FM101, ,FM2 "), ["FM101", "FM2"]);
    }
}
