//! Which keys hold secrets, as Flink decides it (`GlobalConfiguration.isSensitive`), and the
//! mask printed instead of their values.

/// What flinkmem prints instead of a sensitive value (Flink's `HIDDEN_CONTENT`).
pub const MASK: &str = "******";

/// Substrings that make a key sensitive: the union of Flink's `SENSITIVE_KEYS` over every
/// supported version (a test checks it against the catalog data), matched against the
/// lower-cased key. The union is used for every version: masking too much is harmless.
pub const SENSITIVE_KEY_PARTS: &[&str] = &[
    "password",
    "secret",
    "fs.azure.account.key",
    "apikey",
    "api-key",
    "auth-params",
    "service-key",
    "token",
    "basic-auth",
    "jaas.config",
    "http-headers",
];

/// Whether Flink treats `key` as sensitive (case-insensitive substring match).
pub fn is_sensitive(key: &str) -> bool {
    // Every part is lower-case ASCII, so an ASCII case-insensitive search finds exactly what
    // Flink's `toLowerCase().contains(part)` finds: a non-ASCII character never lower-cases to
    // ASCII except the Kelvin sign (U+212A, to `k`), which is checked the slow way.
    if !key.is_ascii() && key.contains('\u{212A}') {
        let lower = key.to_lowercase();
        return SENSITIVE_KEY_PARTS.iter().any(|part| lower.contains(part));
    }
    let bytes = key.as_bytes();
    (0..bytes.len()).any(|at| {
        let (first, count) = PARTS_BY_FIRST_BYTE[usize::from(bytes[at].to_ascii_lowercase())];
        PARTS_IN_FIRST_BYTE_ORDER[first..first + count]
            .iter()
            .any(|part| {
                bytes
                    .get(at..at + part.len())
                    .is_some_and(|window| window.eq_ignore_ascii_case(part.as_bytes()))
            })
    })
}

/// [`SENSITIVE_KEY_PARTS`] ordered by their first byte (stable), so that the parts a byte can
/// start are one slice: [`PARTS_BY_FIRST_BYTE`] gives its start and length.
const PARTS_IN_FIRST_BYTE_ORDER: [&str; SENSITIVE_KEY_PARTS.len()] = {
    let mut parts = [""; SENSITIVE_KEY_PARTS.len()];
    let mut next = 0;
    let mut byte = 0;
    while byte < 256 {
        let mut i = 0;
        while i < SENSITIVE_KEY_PARTS.len() {
            if SENSITIVE_KEY_PARTS[i].as_bytes()[0] as usize == byte {
                parts[next] = SENSITIVE_KEY_PARTS[i];
                next += 1;
            }
            i += 1;
        }
        byte += 1;
    }
    parts
};

const PARTS_BY_FIRST_BYTE: [(usize, usize); 256] = {
    let mut table = [(0, 0); 256];
    let mut i = 0;
    while i < PARTS_IN_FIRST_BYTE_ORDER.len() {
        let byte = PARTS_IN_FIRST_BYTE_ORDER[i].as_bytes()[0] as usize;
        if table[byte].1 == 0 {
            table[byte].0 = i;
        }
        table[byte].1 += 1;
        i += 1;
    }
    table
};

/// The value to show for `key`: the mask for sensitive keys; otherwise the value with any
/// secret embedded in it masked (`-Djavax.net.ssl.keyStorePassword=...`, a JDBC URL's
/// `password=...` or `user:password@`).
pub fn display_value<'a>(key: &str, value: &'a str) -> std::borrow::Cow<'a, str> {
    if is_sensitive(key) {
        return MASK.into();
    }
    let spans = embedded_secrets(value);
    if spans.is_empty() {
        return value.into();
    }
    let mut out = String::with_capacity(value.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&value[at..span.start]);
        out.push_str(MASK);
        at = span.end;
    }
    out.push_str(&value[at..]);
    out.into()
}

/// Byte ranges of secrets inside a value that is not itself sensitive: what follows `=` or `:`
/// after a name that Flink would class as sensitive (`keyStorePassword=`, `password=`,
/// `token:`), and the password of a URL's `user:password@`. Ascending, not overlapping.
pub fn embedded_secrets(value: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = value.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    let ends_secret =
        |b: u8| b.is_ascii_whitespace() || matches!(b, b'&' | b';' | b',' | b'"' | b'\'' | b')');
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'=' | b':') && i > 0 && is_name(bytes[i - 1]) {
            let mut start = i;
            while start > 0 && is_name(bytes[start - 1]) {
                start -= 1;
            }
            let name = &value[start..i];
            let value_start = i + 1;
            let mut end = value_start;
            while end < bytes.len() && !ends_secret(bytes[end]) {
                end += 1;
            }
            // `scheme://` is a URL, not `name: secret`.
            let url = value[value_start..].starts_with("//");
            if !url && end > value_start && is_sensitive(name) {
                spans.push(value_start..end);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    // URL user info: `scheme://user:password@host`.
    let mut from = 0;
    while let Some(found) = value[from..].find("://") {
        let authority = from + found + 3;
        let rest = &value[authority..];
        let stop = rest.find(['/', '?', '#', ' ']).unwrap_or(rest.len());
        if let Some(at) = rest[..stop].rfind('@')
            && let Some(colon) = rest[..at].find(':')
            && colon + 1 < at
        {
            spans.push(authority + colon + 1..authority + at);
        }
        from = authority;
    }
    spans.sort_by_key(|s| s.start);
    spans.dedup_by(|b, a| b.start < a.end);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte search finds exactly what Flink's `toLowerCase().contains(part)` finds.
        #[test]
        fn agrees_with_lower_casing_and_contains(
            key in "([a-zA-Z.\\-]|PASS|word|Secret|TOK|\u{212A}|en|api|-key|Key|ö){0,12}",
        ) {
            let lower = key.to_lowercase();
            let reference = SENSITIVE_KEY_PARTS.iter().any(|part| lower.contains(part));
            prop_assert_eq!(is_sensitive(&key), reference, "{}", key);
        }
    }

    #[test]
    fn matches_flinks_substrings_case_insensitively() {
        assert!(is_sensitive("s3.secret-key"));
        assert!(is_sensitive("security.ssl.keystore-password"));
        assert!(is_sensitive("metrics.reporter.dghttp.apiKey"));
        assert!(is_sensitive(
            "fs.azure.account.key.acct.blob.core.windows.net"
        ));
        assert!(is_sensitive("kubernetes.token"));
        assert!(!is_sensitive("taskmanager.memory.process.size"));
        assert!(is_sensitive("S3.SECRET-KEY"));
        assert!(is_sensitive("my.PassWord"));
        // The Kelvin sign lower-cases to `k`, in Java as in Rust.
        assert!(is_sensitive("kubernetes.to\u{212A}en"));
        assert!(!is_sensitive("kubernetes.tö\u{212A}en"));
        assert!(!is_sensitive("pass"));
        assert_eq!(display_value("s3.secret-key", "hunter2"), MASK);
        assert_eq!(display_value("parallelism.default", "4"), "4");
    }

    #[test]
    fn secrets_inside_ordinary_values_are_masked() {
        assert_eq!(
            display_value(
                "env.java.opts.all",
                "-Xss2m -Djavax.net.ssl.keyStorePassword=hunter22 -Dfoo=bar"
            ),
            "-Xss2m -Djavax.net.ssl.keyStorePassword=****** -Dfoo=bar"
        );
        assert_eq!(
            display_value(
                "table.catalog.url",
                "jdbc:mysql://db:3306/x?user=app&password=s3cr3t&ssl=true"
            ),
            "jdbc:mysql://db:3306/x?user=app&password=******&ssl=true"
        );
        assert_eq!(
            display_value("sink.url", "postgresql://app:s3cr3t@db/x"),
            "postgresql://app:******@db/x"
        );
        // Ports, times and schemes are not secrets.
        for plain in ["rest.address:8081", "s3://bucket/path", "5 min", "a=b"] {
            assert_eq!(display_value("x", plain), plain);
        }
    }
}
