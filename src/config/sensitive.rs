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
    let lower = key.to_lowercase();
    SENSITIVE_KEY_PARTS.iter().any(|part| lower.contains(part))
}

/// The value to show for `key`: the mask for sensitive keys, the value otherwise.
pub fn display_value<'a>(key: &str, value: &'a str) -> &'a str {
    if is_sensitive(key) { MASK } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(display_value("s3.secret-key", "hunter2"), MASK);
        assert_eq!(display_value("parallelism.default", "4"), "4");
    }
}
