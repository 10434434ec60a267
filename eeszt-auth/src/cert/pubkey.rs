//! The subject public key: its type and size, and the RustCrypto keys for signature checks.

use std::borrow::Cow;

use super::der::{Reader, Tlv, oid_text, tag};

/// rsaEncryption.
pub const OID_RSA: &str = "1.2.840.113549.1.1.1";
/// id-RSASSA-PSS (as a key algorithm).
pub const OID_RSA_PSS: &str = "1.2.840.113549.1.1.10";
/// id-ecPublicKey.
pub const OID_EC: &str = "1.2.840.10045.2.1";
/// NIST P-256 (secp256r1).
pub const OID_P256: &str = "1.2.840.10045.3.1.7";
/// NIST P-384 (secp384r1).
pub const OID_P384: &str = "1.3.132.0.34";

/// The type of a public key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// RSA (rsaEncryption or RSASSA-PSS).
    Rsa,
    /// Elliptic curve; the curve's dotted OID.
    Ec {
        /// The named curve OID (empty for explicit parameters).
        curve: String,
    },
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// DSA.
    Dsa,
    /// Anything else: the algorithm's dotted OID.
    Other(String),
}

impl KeyType {
    /// `RSA`, `EC P-256`, `EC brainpoolP256r1`, `Ed25519`, ...
    pub fn label(&self) -> String {
        match self {
            KeyType::Rsa => "RSA".into(),
            KeyType::Ec { curve } => format!("EC {}", curve_name(curve).unwrap_or(curve)),
            KeyType::Ed25519 => "Ed25519".into(),
            KeyType::Ed448 => "Ed448".into(),
            KeyType::Dsa => "DSA".into(),
            KeyType::Other(oid) => oid.clone(),
        }
    }
}

/// The usual name of a named curve.
pub fn curve_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        OID_P256 => "P-256",
        OID_P384 => "P-384",
        "1.3.132.0.35" => "P-521",
        "1.2.840.10045.3.1.1" => "P-192",
        "1.3.132.0.33" => "P-224",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1",
        _ => return None,
    })
}

fn curve_bits(oid: &str) -> u32 {
    match oid {
        OID_P256 | "1.3.36.3.3.2.8.1.1.7" => 256,
        OID_P384 | "1.3.36.3.3.2.8.1.1.11" => 384,
        "1.3.132.0.35" => 521,
        "1.2.840.10045.3.1.1" => 192,
        "1.3.132.0.33" => 224,
        "1.3.36.3.3.2.8.1.1.13" => 512,
        _ => 0,
    }
}

/// A certificate's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyInfo {
    /// The key type.
    pub key_type: KeyType,
    /// The size in bits (RSA modulus length, curve size), 0 when unknown.
    pub bits: u32,
    /// The DER SubjectPublicKeyInfo.
    pub spki: Vec<u8>,
}

impl PublicKeyInfo {
    /// Reads a DER SubjectPublicKeyInfo. Unknown algorithms are kept as [`KeyType::Other`];
    /// `None` only when the structure itself is broken.
    pub fn from_spki(spki: &[u8]) -> Option<PublicKeyInfo> {
        let (oid, params, key_bits) = parts(spki)?;
        let oid = oid_text(oid)?;
        let (key_type, bits) = match &*oid {
            OID_RSA | OID_RSA_PSS => (KeyType::Rsa, rsa_modulus_bits(key_bits).unwrap_or(0)),
            OID_EC => {
                let curve = params
                    .filter(|p| p.tag == tag::OID)
                    .and_then(|p| oid_text(p.value))
                    .map(Cow::into_owned)
                    .unwrap_or_default();
                let bits = curve_bits(&curve);
                (KeyType::Ec { curve }, bits)
            }
            "1.3.101.112" => (KeyType::Ed25519, 256),
            "1.3.101.113" => (KeyType::Ed448, 456),
            "1.2.840.10040.4.1" => (KeyType::Dsa, dsa_bits(params.map(|p| p.value))),
            _ => (KeyType::Other(oid.into_owned()), 0),
        };
        Some(PublicKeyInfo {
            key_type,
            bits,
            spki: spki.to_vec(),
        })
    }

    /// The subjectPublicKey bits (for an EC key, the SEC1 point); `None` when unreadable.
    pub fn key_bits(&self) -> Option<&[u8]> {
        parts(&self.spki).map(|(_, _, bits)| bits)
    }

    /// A key this library cannot read: kept with its bytes, type [`KeyType::Other`] without an
    /// OID, size 0. Only for a certificate whose key was checked to be readable when it was loaded,
    /// so it does not occur in practice.
    pub(crate) fn unreadable(spki: &[u8]) -> PublicKeyInfo {
        PublicKeyInfo {
            key_type: KeyType::Other(String::new()),
            bits: 0,
            spki: spki.to_vec(),
        }
    }

    /// True when [`PublicKeyInfo::from_spki`] can read `spki` (checked without building anything).
    pub(crate) fn is_readable(spki: &[u8]) -> bool {
        parts(spki).is_some_and(|(oid, _, _)| oid_text(oid).is_some())
    }
}

/// The algorithm OID's content bytes, its parameters and the key bits (after the unused-bits
/// byte) of a DER SubjectPublicKeyInfo.
fn parts(spki: &[u8]) -> Option<(&[u8], Option<Tlv<'_>>, &[u8])> {
    let seq = Reader::new(spki)
        .expect(tag::SEQUENCE, "SubjectPublicKeyInfo")
        .ok()?;
    let mut fields = Reader::new(seq.value);
    let alg = fields.expect(tag::SEQUENCE, "AlgorithmIdentifier").ok()?;
    let key = fields.expect(tag::BIT_STRING, "subjectPublicKey").ok()?;
    let mut alg_fields = Reader::new(alg.value);
    let oid = alg_fields.expect(tag::OID, "algorithm").ok()?.value;
    let params = alg_fields.any().ok();
    Some((oid, params, key.value.get(1..)?))
}

/// Significant bits of an unsigned big-endian integer's content bytes.
fn significant_bits(content: &[u8]) -> u32 {
    let skip = content.iter().take_while(|b| **b == 0).count();
    match content.get(skip..) {
        Some([first, rest @ ..]) => rest.len() as u32 * 8 + (8 - first.leading_zeros()),
        _ => 0,
    }
}

fn rsa_modulus_bits(rsa_public_key: &[u8]) -> Option<u32> {
    let mut r = Reader::new(rsa_public_key);
    let seq = r.expect(tag::SEQUENCE, "RSAPublicKey").ok()?;
    let n = Reader::new(seq.value)
        .expect(tag::INTEGER, "modulus")
        .ok()?;
    Some(significant_bits(n.value))
}

fn dsa_bits(params: Option<&[u8]>) -> u32 {
    params
        .and_then(|p| Reader::new(p).expect(tag::INTEGER, "p").ok())
        .map(|p| significant_bits(p.value))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits() {
        assert_eq!(significant_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(significant_bits(&[0x01]), 1);
        assert_eq!(significant_bits(&[0x00]), 0);
        assert_eq!(
            KeyType::Ec {
                curve: OID_P256.into()
            }
            .label(),
            "EC P-256"
        );
        assert!(PublicKeyInfo::from_spki(&[0x30, 0x00]).is_none());
    }
}
