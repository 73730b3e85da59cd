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
}
