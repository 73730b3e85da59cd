//! Unified diffs of a file before and after an edit, as `--diff` prints them (`git diff`'s
//! format: `---`/`+++` headers, three lines of context).

/// The unified diff turning `old` (named `old_name`) into `new` (named `new_name`); empty when
/// the texts are equal.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .missing_newline_hint(true)
        .to_string()
}

/// The text with the value of every `key: value` line (commented out or not) whose key is
/// sensitive replaced by `******`, so that a diff never shows a secret.
pub fn mask_sensitive_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let body = line.trim_start().trim_start_matches("# ");
            match body.split_once(':') {
                Some((key, _)) if crate::config::sensitive::is_sensitive(key.trim()) => {
                    let cut = line.len() - body.len() + key.len() + 1;
                    let end = line.trim_end_matches(['\r', '\n']).len();
                    format!(
                        "{}{}******{}",
                        &line[..cut.min(end)],
                        if cut < end { " " } else { "" },
                        &line[end..]
                    )
                }
                _ => line.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_only_the_changed_lines_with_context() {
        let diff = unified("a: 1\nb: 2\n", "a: 1\nb: 3\n", "a/f", "b/f");
        assert_eq!(
            diff,
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n"
        );
        assert_eq!(unified("x\n", "x\n", "a", "b"), "");
    }

    #[test]
    fn sensitive_values_are_masked_on_every_line() {
        let text = "a: 1\nsecurity.ssl.keystore-password: s3cret\n  # s3.secret-key: k3y\r\n";
        assert_eq!(
            mask_sensitive_lines(text),
            "a: 1\nsecurity.ssl.keystore-password: ******\n  # s3.secret-key: ******\r\n"
        );
    }
}
