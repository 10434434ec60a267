//! Signature verification for CV certificates: ECDSA with plain `r || s` signatures on
//! brainpoolP256r1/P384r1/P512r1 and NIST P-256/P-384, RSASSA-PKCS1-v1_5 and RSASSA-PSS
//! (TR-03110 Part 3, A.7 and D.3). Keys on any other curve give
//! [`CertError::CvcUnsupportedCurve`].

use rsa::{BoxedUint, Pkcs1v15Sign, PublicKey as RsaPublicKey};

use crate::cert::CertError;
use crate::cert::cvc::CvCertificate;
use crate::cert::cvc_curve::{self, Curve};
use crate::cert::cvc_key::{CvPublicKey, EcDomain, KeyMaterial};
use crate::cert::cvc_oid::{HashAlg, RsaPadding};
use crate::cert::ec_verify::{self, SigEncoding};

/// The largest RSA modulus accepted, in bits.
const MAX_RSA_BITS: usize = 8192;

/// Verifies `signature` over `message` with `key`, using the algorithm the key's OID names.
///
/// `inherited` gives the EC domain parameters when the key itself carries none (DV and terminal
/// keys inherit their CVCA's). `holder` names the signed certificate in the error.
pub fn verify_with_key(
    key: &CvPublicKey,
    inherited: Option<&EcDomain>,
    message: &[u8],
    signature: &[u8],
    holder: &str,
) -> Result<(), CertError> {
    let alg = key
        .algorithm()
        .ok_or_else(|| CertError::CvcUnknownAlgorithm {
            oid: key.oid().to_string(),
        })?;
    let hash = alg.hash().digest(message);
    let bad = || CertError::CvcBadSignature {
        chr: holder.to_owned(),
    };
    match key.material() {
        KeyMaterial::Ec { domain, point } => {
            let domain =
                domain
                    .as_ref()
                    .or(inherited)
                    .ok_or_else(|| CertError::CvcBadPublicKey {
                        reason: "no EC domain parameters: give the chain from its CVCA certificate"
                            .into(),
                    })?;
            let curve = Curve::identify(domain).ok_or_else(|| CertError::CvcUnsupportedCurve {
                curve: cvc_curve::describe_unknown(domain),
            })?;
            if signature.len() != 2 * curve.field_len() {
                return Err(bad());
            }
            let ok = ec_verify::verify_prehash(curve, point, &hash, signature, SigEncoding::Plain)
                .map_err(|_| CertError::CvcBadPublicKey {
                    reason: "the EC public point is not on the curve".into(),
                })?;
            if ok { Ok(()) } else { Err(bad()) }
        }
        KeyMaterial::Rsa { modulus, exponent } => {
            let padding = alg
                .rsa_padding()
                .ok_or_else(|| CertError::CvcAlgorithmMismatch {
                    reason: "an RSA key under an ECDSA OID".into(),
                })?;
            let bits = modulus.len().saturating_mul(8);
            if bits > MAX_RSA_BITS
                || modulus.is_empty()
                || exponent.is_empty()
                || exponent.len() > 8
            {
                return Err(CertError::CvcBadPublicKey {
                    reason: "RSA modulus or exponent out of range".into(),
                });
            }
            let n = BoxedUint::from_be_slice_vartime(modulus);
            let e = BoxedUint::from_be_slice_vartime(exponent);
            let bits = RsaPublicKey::MIN_SIZE..=MAX_RSA_BITS;
            let key = RsaPublicKey::new_with_size_limits(n, e, bits).map_err(|err| {
                CertError::CvcBadPublicKey {
                    reason: format!("RSA: {err}"),
                }
            })?;
            let result = match (padding, alg.hash()) {
                (RsaPadding::Pkcs1v15, HashAlg::Sha1) => {
                    key.verify(Pkcs1v15Sign::new::<sha1::Sha1>(), &hash, signature)
                }
                (RsaPadding::Pkcs1v15, HashAlg::Sha256) => {
                    key.verify(Pkcs1v15Sign::new::<sha2::Sha256>(), &hash, signature)
                }
                (RsaPadding::Pkcs1v15, _) => {
                    key.verify(Pkcs1v15Sign::new::<sha2::Sha512>(), &hash, signature)
                }
                (RsaPadding::Pss, HashAlg::Sha1) => {
                    key.verify(pss::<sha1::Sha1>(), &hash, signature)
                }
                (RsaPadding::Pss, HashAlg::Sha256) => {
                    key.verify(pss::<sha2::Sha256>(), &hash, signature)
                }
                (RsaPadding::Pss, _) => key.verify(pss::<sha2::Sha512>(), &hash, signature),
            };
            result.map_err(|_| bad())
        }
        KeyMaterial::Unknown(_) => Err(CertError::CvcUnknownAlgorithm {
            oid: key.oid().to_string(),
        }),
    }
}

/// PSS with the salt length read from the signature (TR-03110 does not fix it; OpenSSL and
/// OpenPACE differ).
fn pss<D: sha2::Digest>() -> rsa::Pss<D> {
    rsa::Pss {
        blinded: false,
        digest: D::new(),
        salt_len: None,
    }
}

/// Verifies `cert`'s signature with its issuer's key.
///
/// `inherited` gives the EC domain parameters when `issuer_key` carries none.
pub fn verify_signature(
    cert: &CvCertificate,
    issuer_key: &CvPublicKey,
    inherited: Option<&EcDomain>,
) -> Result<(), CertError> {
    verify_with_key(
        issuer_key,
        inherited,
        cert.signed_data(),
        cert.signature(),
        &cert.chr().to_string(),
    )
}
