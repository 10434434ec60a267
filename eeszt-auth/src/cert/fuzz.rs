//! Entry points for the fuzz targets (fuzz/fuzz_targets/cert_*.rs) and the corpus replay test.

use super::{Bundle, Readiness};

/// Loads arbitrary bytes as a certificate file (DER, PEM, PKCS#12 with the password "fuzz") and,
/// when that works, runs the readiness check over it.
pub fn cert_load(data: &[u8]) {
    if let Ok(bundle) = Bundle::load(data, Some("fuzz")) {
        let _ = Readiness::check(&bundle, 1_800_000_000, 30);
        for cert in &bundle.certificates {
            let _ = cert.subject().to_string();
        }
    }
}

/// Parses arbitrary bytes as PEM text.
pub fn cert_pem(data: &[u8]) {
    let _ = super::pem::parse_pem(data);
}

/// Parses arbitrary bytes as the value of a QCStatements extension.
pub fn cert_qc_statements(data: &[u8]) {
    let _ = super::qc::parse_qc_statements(data);
}
