//! Which rules run: `select` / `ignore` lists of codes (`FM101`), code prefixes (`FM1`, `FM`),
//! rule names (`unknown-key`) or `ALL`, from the command line and `.flinkmem.toml`.

use std::fmt::Write as _;

use crate::rules::{RULES, RuleMeta, suggest};

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

/// Checks that a selector names at least one rule.
pub fn validate(selector: &str) -> Result<(), String> {
    if RULES.iter().any(|r| matches(selector, r.meta)) {
        return Ok(());
    }
    let mut message = format!("unknown rule code or prefix '{}'", selector.trim());
    if let Some(suggestion) = suggest(selector) {
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

/// The set of enabled rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    enabled: Vec<bool>,
}

impl Selection {
    /// Every rule.
    pub fn all() -> Self {
        Self {
            enabled: vec![true; RULES.len()],
        }
    }

    /// The rules `select` names (all when `None`), minus those `ignore` names.
    pub fn new(select: Option<&[String]>, ignore: &[String]) -> Self {
        let enabled = RULES
            .iter()
            .map(|rule| {
                let selected = select.is_none_or(|s| s.iter().any(|sel| matches(sel, rule.meta)));
                selected && !ignore.iter().any(|sel| matches(sel, rule.meta))
            })
            .collect();
        Self { enabled }
    }

    /// Only the rule with this code (how the fixtures and docs tests run one rule).
    pub fn only(code: &str) -> Self {
        Self {
            enabled: RULES.iter().map(|r| r.meta.code == code).collect(),
        }
    }

    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        RULES
            .iter()
            .zip(&self.enabled)
            .any(|(rule, &on)| on && std::ptr::eq(rule.meta, meta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find;

    fn meta(code: &str) -> &'static RuleMeta {
        find(code).map(|r| r.meta).expect("rule")
    }

    #[test]
    fn codes_prefixes_names_and_all() {
        let s = Selection::new(Some(&["FM1".to_owned()]), &["FM102".to_owned()]);
        assert!(s.is_enabled(meta("FM101")));
        assert!(!s.is_enabled(meta("FM102")));
        assert!(!s.is_enabled(meta("FM201")));
        let s = Selection::new(None, &["unknown-key".to_owned()]);
        assert!(!s.is_enabled(meta("FM101")));
        assert!(s.is_enabled(meta("FM001")));
        assert!(Selection::new(Some(&["all".to_owned()]), &[]).is_enabled(meta("FM403")));
        assert!(validate("fm2").is_ok());
        assert!(validate("F").is_err());
        assert_eq!(
            validate("FM1O1"),
            Err("unknown rule code or prefix 'FM1O1' (did you mean FM101?)".to_owned())
        );
        assert_eq!(split_list(" FM101, ,FM2 "), ["FM101", "FM2"]);
    }
}
