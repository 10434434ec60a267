//! The CV-certificate parser (`cert_cvc`).

use crate::card::eid::ChipCertificates;
use crate::cert::cvc::{CvBody, CvCertificate};
use crate::cert::trust::{CvcaTrustStore, verify_chain};
use crate::cert::{Chat, CvDate};

/// Parses `data` as a certificate, a chain, a body and a CHAT; whatever parses must re-encode to
/// the same bytes and verify (or fail) without panicking. Panics only on a round-trip mismatch (a
/// bug).
pub fn cert_cvc(data: &[u8]) {
    let date = CvDate::new(2026, 6, 1).unwrap_or(CvDate::MIN);
    if let Ok(cert) = CvCertificate::parse(data) {
        let again = cert.to_bytes().ok();
        assert_eq!(again.as_deref(), Some(data), "CV certificate round trip");
        let _ = CvcaTrustStore::from_certificate(&cert, date);
        let _ = cert.chat().rights();
    }
    if let Ok(chain) = CvCertificate::parse_many(data) {
        let _ = verify_chain(&chain, date);
    }
    if let Ok(cert) = CvCertificate::parse_body_and_signature(data) {
        if let Ok(store) = CvcaTrustStore::from_certificate(&cert, date) {
            let mut chip = ChipCertificates::new(store);
            let _ = chip.mse_set_dst(data);
            let _ = chip.pso_verify_certificate(data);
        }
    }
    if let Ok(body) = CvBody::parse(data) {
        assert!(body.encode().is_ok(), "a parsed body encodes");
    }
    if let Ok(chat) = Chat::parse(data) {
        let _ = chat.rights();
        assert_eq!(
            chat.encode_value().ok().as_deref(),
            Some(data),
            "CHAT round trip"
        );
    }
}
