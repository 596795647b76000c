//! The one TLS crypto provider of the process. Two are compiled in (the database drivers use
//! rustls with `ring`; the S3 client's HTTP stack brings `aws-lc-rs`), and a rustls client that
//! relies on the process default panics when more than one is present and none was chosen.
//! Every connection-making path calls [`install_provider`] first.

/// Makes `ring` the process default provider (once; later calls do nothing).
pub fn install_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
