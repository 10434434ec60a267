//! Certificate files: DER, PEM, PKCS#12 (behind a valid MAC), QCStatements.

use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::cert::{Bundle, Readiness};

/// The password every PKCS#12 file of the targets uses.
const PASSWORD: &str = "fuzz";

/// Loads arbitrary bytes as a certificate file (DER, PEM, PKCS#12 with the password "fuzz") and,
/// when that works, runs the readiness check over it.
pub fn cert_load(data: &[u8]) {
    if let Ok(bundle) = Bundle::load(data, Some(PASSWORD)) {
        let _ = Readiness::check(&bundle, 1_800_000_000, 30);
        for cert in &bundle.certificates {
            let _ = cert.subject().to_string();
        }
    }
}

/// Parses arbitrary bytes as PEM text.
pub fn cert_pem(data: &[u8]) {
    let _ = crate::cert::pem::parse_pem(data);
}

/// Parses arbitrary bytes as the value of a QCStatements extension.
pub fn cert_qc_statements(data: &[u8]) {
    let _ = crate::cert::qc::parse_qc_statements(data);
}

/// A DER TLV with a one-byte tag.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// OID 1.2.840.113549.1.7.1 (PKCS#7 data).
const OID_DATA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];
/// OID 2.16.840.1.101.3.4.2.1 (SHA-256).
const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

/// A ContentInfo of type data around `content`.
fn data_content_info(content: &[u8]) -> Vec<u8> {
    let mut inner = der(0x06, OID_DATA);
    inner.extend(der(0xA0, &der(0x04, content)));
    der(0x30, &inner)
}

/// The PKCS#12 key derivation (RFC 7292 B.2) for the MAC key with SHA-256: one output block.
fn mac_key(password: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    const V: usize = 64;
    let mut bmp: Vec<u8> = password.encode_utf16().flat_map(u16::to_be_bytes).collect();
    bmp.extend_from_slice(&[0, 0]);
    let fill = |source: &[u8]| -> Vec<u8> {
        let len = source.len().div_ceil(V) * V;
        source.iter().copied().cycle().take(len).collect()
    };
    let mut input = vec![3u8; V];
    input.extend(fill(salt));
    input.extend(fill(&bmp));
    let mut block: [u8; 32] = Sha256::digest(&input).into();
    for _ in 1..iterations {
        block = Sha256::digest(block).into();
    }
    block
}

/// A PKCS#12 file (password "fuzz", HMAC-SHA-256, one iteration) around `auth_safe` (the DER of
/// an AuthenticatedSafe) with a MAC that verifies.
pub(crate) fn pkcs12_with_mac(auth_safe: &[u8]) -> Vec<u8> {
    let salt = [0x5A; 8];
    let key = mac_key(PASSWORD, &salt, 1);
    let digest = match hmac::Hmac::<Sha256>::new_from_slice(&key) {
        Ok(mut mac) => {
            mac.update(auth_safe);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    };
    let mut algorithm = der(0x06, OID_SHA256);
    algorithm.extend(der(0x05, &[]));
    let mut digest_info = der(0x30, &algorithm);
    digest_info.extend(der(0x04, &digest));
    let mut mac_data = der(0x30, &digest_info);
    mac_data.extend(der(0x04, &salt));
    mac_data.extend(der(0x02, &[1]));
    let mut pfx = der(0x02, &[3]);
    pfx.extend(data_content_info(auth_safe));
    pfx.extend(der(0x30, &mac_data));
    der(0x30, &pfx)
}

/// A PKCS#12 file with a valid MAC around fuzzed contents, loaded like [`cert_load`]: the first
/// byte chooses whether the rest is the SafeContents (the bags) of one data ContentInfo (even) or
/// the whole AuthenticatedSafe (odd). So the bags, the certificates and the keys behind the MAC
/// are parsed.
pub fn cert_p12(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let auth_safe = if mode % 2 == 0 {
        der(0x30, &data_content_info(rest))
    } else {
        rest.to_vec()
    };
    let file = pkcs12_with_mac(&auth_safe);
    if let Ok(bundle) = Bundle::load(&file, Some(PASSWORD)) {
        assert!(!bundle.certificates.is_empty());
        let _ = Readiness::check(&bundle, 1_800_000_000, 30);
        for key in &bundle.keys {
            for cert in &bundle.certificates {
                let _ = key.matches(cert.public_key());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The harness's MAC verifies: a certificate bag behind it comes out of the loader.
    #[test]
    fn a_certificate_bag_behind_the_harness_mac_loads() {
        let cert = include_bytes!("../../tests/data/cert/demo_client.der");
        // CertBag { x509Certificate, [0] OCTET STRING cert } in a SafeBag { certBag, [0] ... }.
        let oid_x509 = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x16, 0x01];
        let oid_cert_bag = [
            0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x03,
        ];
        let mut cert_bag = der(0x06, &oid_x509);
        cert_bag.extend(der(0xA0, &der(0x04, cert)));
        let mut safe_bag = der(0x06, &oid_cert_bag);
        safe_bag.extend(der(0xA0, &der(0x30, &cert_bag)));
        let safe_contents = der(0x30, &der(0x30, &safe_bag));
        let file = pkcs12_with_mac(&der(0x30, &data_content_info(&safe_contents)));
        let bundle = Bundle::load(&file, Some(PASSWORD)).expect("loads");
        assert_eq!(bundle.certificates.len(), 1);
        assert!(
            Bundle::load(&file, Some("other")).is_err(),
            "the MAC is checked"
        );
        let mut input = vec![0];
        input.extend_from_slice(&safe_contents);
        cert_p12(&input);
    }
}
