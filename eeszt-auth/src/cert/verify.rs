//! Checking the signature of one chain link (a certificate signed by its issuer's key) with
//! RustCrypto: RSA PKCS#1 v1.5 and PSS with SHA-2, ECDSA with SHA-2 on NIST P-256/P-384 and
//! brainpoolP256r1/P384r1/P512r1. Other algorithms are reported as not supported, never as valid.

use rsa::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use super::cvc_curve::Curve;
use super::der::{Reader, Tlv, oid_to_string, tag};
use super::ec_verify::{self, SigEncoding};
use super::layout::Layout;
use super::pubkey::{KeyType, PublicKeyInfo};
use super::x509::Certificate;

/// The outcome of checking one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// The signature is valid under the issuer's key.
    Valid,
    /// The signature does not verify: the certificate was not signed by this issuer's key, or it was
    /// altered.
    Invalid,
    /// The algorithm cannot be checked here; the text says which one.
    Unsupported(String),
}

#[derive(Clone, Copy)]
enum Hash {
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn from_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "2.16.840.1.101.3.4.2.4" => Hash::Sha224,
            "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
            _ => return None,
        })
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha224 => Sha224::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    fn pkcs1(self) -> rsa::Pkcs1v15Sign {
        match self {
            Hash::Sha224 => rsa::Pkcs1v15Sign::new::<Sha224>(),
            Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
            Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
            Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
        }
    }

    fn verify_pss(
        self,
        key: &rsa::PublicKey,
        salt: usize,
        digest: &[u8],
        signature: &[u8],
    ) -> rsa::Result<()> {
        match self {
            Hash::Sha224 => key.verify(rsa::Pss::<Sha224>::new_with_salt(salt), digest, signature),
            Hash::Sha256 => key.verify(rsa::Pss::<Sha256>::new_with_salt(salt), digest, signature),
            Hash::Sha384 => key.verify(rsa::Pss::<Sha384>::new_with_salt(salt), digest, signature),
            Hash::Sha512 => key.verify(rsa::Pss::<Sha512>::new_with_salt(salt), digest, signature),
        }
    }
}

#[derive(Clone, Copy)]
enum Scheme {
    Pkcs1(Hash),
    Pss { hash: Hash, salt: usize },
    Ecdsa(Hash),
}

fn unsupported(what: impl Into<String>) -> SignatureCheck {
    SignatureCheck::Unsupported(what.into())
}

/// The three parts of a certificate: the signed bytes, the algorithm, the signature bits.
fn split_certificate(der: &[u8]) -> Option<(&[u8], Tlv<'_>, &[u8])> {
    let layout = Layout::of(der).ok()?;
    match layout.signature.value.split_first() {
        Some((0, bits)) => Some((layout.tbs, layout.signature_algorithm, bits)),
        _ => None,
    }
}

fn scheme(alg: &Tlv<'_>) -> Result<Scheme, SignatureCheck> {
    let mut r = Reader::new(alg.value);
    let oid = r
        .expect(tag::OID, "algorithm")
        .ok()
        .and_then(|o| oid_to_string(o.value))
        .ok_or_else(|| unsupported("unreadable signature algorithm"))?;
    Ok(match oid.as_str() {
        "1.2.840.113549.1.1.14" => Scheme::Pkcs1(Hash::Sha224),
        "1.2.840.113549.1.1.11" => Scheme::Pkcs1(Hash::Sha256),
        "1.2.840.113549.1.1.12" => Scheme::Pkcs1(Hash::Sha384),
        "1.2.840.113549.1.1.13" => Scheme::Pkcs1(Hash::Sha512),
        "1.2.840.10045.4.3.1" => Scheme::Ecdsa(Hash::Sha224),
        "1.2.840.10045.4.3.2" => Scheme::Ecdsa(Hash::Sha256),
        "1.2.840.10045.4.3.3" => Scheme::Ecdsa(Hash::Sha384),
        "1.2.840.10045.4.3.4" => Scheme::Ecdsa(Hash::Sha512),
        "1.2.840.113549.1.1.10" => pss_params(r.rest())?,
        "1.2.840.113549.1.1.5" | "1.2.840.10045.4.1" => {
            return Err(unsupported("SHA-1 signatures are not checked"));
        }
        other => return Err(unsupported(format!("signature algorithm {other}"))),
    })
}

/// RSASSA-PSS-params (RFC 4055): only MGF1 with the same hash as the message hash is supported.
fn pss_params(params: &[u8]) -> Result<Scheme, SignatureCheck> {
    let bad = || unsupported("RSASSA-PSS parameters");
    let seq = Reader::new(params)
        .expect(tag::SEQUENCE, "RSASSA-PSS-params")
        .map_err(|_| bad())?;
    let mut r = Reader::new(seq.value);
    let hash_of = |alg: &[u8]| -> Option<String> {
        let alg = Reader::new(alg).expect(tag::SEQUENCE, "hash").ok()?;
        oid_to_string(Reader::new(alg.value).expect(tag::OID, "hash").ok()?.value)
    };
    let mut hash_oid = "1.3.14.3.2.26".to_owned(); // SHA-1 by default
    let mut mgf_hash = hash_oid.clone();
    let mut salt = 20usize;
    if let Some(h) = r.optional(0xA0).map_err(|_| bad())? {
        hash_oid = hash_of(h.value).ok_or_else(bad)?;
    }
    if let Some(m) = r.optional(0xA1).map_err(|_| bad())? {
        let mgf = Reader::new(m.value)
            .expect(tag::SEQUENCE, "MGF")
            .map_err(|_| bad())?;
        let mut f = Reader::new(mgf.value);
        let mgf_oid = f.expect(tag::OID, "MGF").map_err(|_| bad())?;
        if oid_to_string(mgf_oid.value).as_deref() != Some("1.2.840.113549.1.1.8") {
            return Err(unsupported("RSASSA-PSS mask generation other than MGF1"));
        }
        mgf_hash = hash_of(f.rest()).ok_or_else(bad)?;
    }
    if let Some(s) = r.optional(0xA2).map_err(|_| bad())? {
        let int = Reader::new(s.value)
            .expect(tag::INTEGER, "saltLength")
            .map_err(|_| bad())?;
        salt = super::qc::integer(int.value)
            .ok()
            .and_then(|v| usize::try_from(v).ok())
            .ok_or_else(bad)?;
    }
    if mgf_hash != hash_oid {
        return Err(unsupported(
            "RSASSA-PSS with different message and MGF1 hashes",
        ));
    }
    let hash = Hash::from_oid(&hash_oid)
        .ok_or_else(|| unsupported(format!("RSASSA-PSS with hash {hash_oid}")))?;
    Ok(Scheme::Pss { hash, salt })
}

/// Checks that `child` was signed with the key of `issuer`.
pub fn check_signature(child: &Certificate, issuer: &PublicKeyInfo) -> SignatureCheck {
    let Some((tbs, alg, signature)) = split_certificate(child.der()) else {
        return unsupported("unreadable certificate structure");
    };
    let scheme = match scheme(&alg) {
        Ok(s) => s,
        Err(check) => return check,
    };
    let verdict = |ok: bool| {
        if ok {
            SignatureCheck::Valid
        } else {
            SignatureCheck::Invalid
        }
    };
    match (scheme, &issuer.key_type) {
        (Scheme::Pkcs1(hash), KeyType::Rsa) => rsa_check(issuer, |key| {
            key.verify(hash.pkcs1(), &hash.digest(tbs), signature)
        }),
        (Scheme::Pss { hash, salt }, KeyType::Rsa) => rsa_check(issuer, |key| {
            hash.verify_pss(key, salt, &hash.digest(tbs), signature)
        }),
        (Scheme::Ecdsa(hash), KeyType::Ec { curve }) => {
            let Some(named) = Curve::from_oid(curve) else {
                return unsupported(format!(
                    "ECDSA on curve {}",
                    super::pubkey::curve_name(curve).unwrap_or(curve)
                ));
            };
            let Some(point) = issuer.key_bits() else {
                return SignatureCheck::Invalid;
            };
            let digest = hash.digest(tbs);
            match ec_verify::verify_prehash(named, point, &digest, signature, SigEncoding::Der) {
                Ok(ok) => verdict(ok),
                Err(_) => SignatureCheck::Invalid,
            }
        }
        (_, KeyType::Rsa | KeyType::Ec { .. }) => SignatureCheck::Invalid,
        (_, other) => unsupported(format!("issuer key type {}", other.label())),
    }
}

fn rsa_check(
    issuer: &PublicKeyInfo,
    verify: impl FnOnce(&rsa::PublicKey) -> rsa::Result<()>,
) -> SignatureCheck {
    match rsa::PublicKey::from_public_key_der(&issuer.spki) {
        Ok(key) if verify(&key).is_ok() => SignatureCheck::Valid,
        Ok(_) => SignatureCheck::Invalid,
        Err(_) => unsupported("issuer RSA key not readable (RSASSA-PSS key parameters?)"),
    }
}
