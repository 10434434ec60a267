//! Private keys from PKCS#12 or PEM (PKCS#8, PKCS#1 RSA, SEC1 EC), only to check that a key
//! belongs to a certificate. The key material never leaves this module and is zeroized on drop.

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::traits::PublicKeyParts;

use super::CertError;
use super::der::{Reader, oid_to_string, tag};
use super::pubkey::{OID_EC, OID_P256, OID_P384, OID_RSA, OID_RSA_PSS, PublicKeyInfo, curve_name};

/// A private key. Debug output never shows key material.
#[derive(Clone)]
pub enum PrivateKey {
    /// RSA.
    Rsa(Box<rsa::PrivateKey>),
    /// ECDSA on NIST P-256.
    P256(p256::SecretKey),
    /// ECDSA on NIST P-384.
    P384(p384::SecretKey),
    /// A key of a type this library cannot check (its algorithm, and curve if any, as text).
    Unsupported(String),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({}, ***)", self.label())
    }
}

/// Whether a key belongs to a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMatch {
    /// The key's public half is the certificate's public key.
    Matches,
    /// The key belongs to another certificate.
    DiffersFromCertificate,
    /// The key type cannot be checked by this library.
    Unsupported,
}

impl PrivateKey {
    /// `RSA 2048`, `EC P-256`, or the unsupported algorithm.
    pub fn label(&self) -> String {
        match self {
            PrivateKey::Rsa(k) => format!("RSA {}", k.size() * 8),
            PrivateKey::P256(_) => "EC P-256".into(),
            PrivateKey::P384(_) => "EC P-384".into(),
            PrivateKey::Unsupported(what) => what.clone(),
        }
    }

    /// Reads a DER PKCS#8 PrivateKeyInfo.
    pub fn from_pkcs8(der: &[u8]) -> Result<PrivateKey, CertError> {
        let bad = |detail| CertError::BadPrivateKey { detail };
        let mut outer = Reader::new(der);
        let seq = outer.expect(tag::SEQUENCE, "PrivateKeyInfo")?;
        let mut fields = Reader::new(seq.value);
        fields.expect(tag::INTEGER, "version")?;
        let alg = fields.expect(tag::SEQUENCE, "AlgorithmIdentifier")?;
        let mut alg_fields = Reader::new(alg.value);
        let oid = oid_to_string(alg_fields.expect(tag::OID, "algorithm")?.value)
            .ok_or(bad("bad algorithm OID"))?;
        let curve = alg_fields
            .optional(tag::OID)?
            .and_then(|c| oid_to_string(c.value))
            .unwrap_or_default();
        Ok(match (oid.as_str(), curve.as_str()) {
            (OID_RSA | OID_RSA_PSS, _) => PrivateKey::Rsa(Box::new(
                rsa::PrivateKey::from_pkcs8_der(der).map_err(|_| bad("RSA key"))?,
            )),
            (OID_EC, OID_P256) => PrivateKey::P256(
                p256::SecretKey::from_pkcs8_der(der).map_err(|_| bad("P-256 key"))?,
            ),
            (OID_EC, OID_P384) => PrivateKey::P384(
                p384::SecretKey::from_pkcs8_der(der).map_err(|_| bad("P-384 key"))?,
            ),
            (OID_EC, curve) => {
                PrivateKey::Unsupported(format!("EC {}", curve_name(curve).unwrap_or(curve)))
            }
            ("1.3.101.112", _) => PrivateKey::Unsupported("Ed25519".into()),
            (other, _) => PrivateKey::Unsupported(other.to_owned()),
        })
    }

    /// Reads a PEM block's key by its label: `PRIVATE KEY` (PKCS#8), `RSA PRIVATE KEY` (PKCS#1)
    /// or `EC PRIVATE KEY` (SEC1). `None` for other labels.
    pub fn from_pem_block(label: &str, der: &[u8]) -> Option<Result<PrivateKey, CertError>> {
        let bad = |detail| CertError::BadPrivateKey { detail };
        Some(match label {
            "PRIVATE KEY" => PrivateKey::from_pkcs8(der),
            "RSA PRIVATE KEY" => rsa::PrivateKey::from_pkcs1_der(der)
                .map(|k| PrivateKey::Rsa(Box::new(k)))
                .map_err(|_| bad("RSA key (PKCS#1)")),
            "EC PRIVATE KEY" => p256::SecretKey::from_sec1_der(der)
                .map(PrivateKey::P256)
                .or_else(|_| p384::SecretKey::from_sec1_der(der).map(PrivateKey::P384))
                .or_else(|_| {
                    if Reader::new(der)
                        .expect(tag::SEQUENCE, "ECPrivateKey")
                        .is_ok()
                    {
                        Ok(PrivateKey::Unsupported("EC (other curve)".into()))
                    } else {
                        Err(bad("EC key (SEC1)"))
                    }
                }),
            "ENCRYPTED PRIVATE KEY" => Err(bad("encrypted PEM private keys are not supported")),
            _ => return None,
        })
    }

    /// Checks whether this key is the private half of `public`.
    pub fn matches(&self, public: &PublicKeyInfo) -> KeyMatch {
        let same = match self {
            PrivateKey::Rsa(k) => rsa::PublicKey::from_public_key_der(&public.spki)
                .map(|p| p.n() == k.n() && p.e() == k.e())
                .ok(),
            PrivateKey::P256(k) => p256::PublicKey::from_public_key_der(&public.spki)
                .map(|p| p == k.public_key())
                .ok(),
            PrivateKey::P384(k) => p384::PublicKey::from_public_key_der(&public.spki)
                .map(|p| p == k.public_key())
                .ok(),
            PrivateKey::Unsupported(_) => return KeyMatch::Unsupported,
        };
        match same {
            Some(true) => KeyMatch::Matches,
            // A certificate key of another type or curve cannot belong to this key.
            Some(false) | None => KeyMatch::DiffersFromCertificate,
        }
    }
}
