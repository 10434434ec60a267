//! The public key of a CV certificate (tag 7F49, TR-03110 Part 3, D.3): an algorithm OID followed by
//! the key's data objects: 81 modulus and 82 exponent for RSA; 81 prime, 82 a, 83 b, 84 generator,
//! 85 order, 86 public point, 87 cofactor for ECDSA (the domain parameters only in CVCA
//! certificates; other certificates inherit them from their issuer).

use crate::cert::CertError;
use crate::cert::cvc_oid::{Oid, TaAlgorithm};
use crate::cert::cvc_tlv;

/// Elliptic-curve domain parameters (all values unsigned big-endian as in the certificate).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EcDomain {
    /// 81: the prime p.
    pub prime: Vec<u8>,
    /// 82: the coefficient a.
    pub a: Vec<u8>,
    /// 83: the coefficient b.
    pub b: Vec<u8>,
    /// 84: the generator G (uncompressed point).
    pub generator: Vec<u8>,
    /// 85: the order r of G.
    pub order: Vec<u8>,
    /// 87: the cofactor f, if present.
    pub cofactor: Option<Vec<u8>>,
}

/// The key material.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyMaterial {
    /// An ECDSA key.
    Ec {
        /// The domain parameters (CVCA certificates carry them; others inherit them).
        domain: Option<EcDomain>,
        /// 86: the public point (uncompressed, `04 || X || Y`).
        point: Vec<u8>,
    },
    /// An RSA key.
    Rsa {
        /// 81: the modulus n.
        modulus: Vec<u8>,
        /// 82: the public exponent e.
        exponent: Vec<u8>,
    },
    /// A key under an OID this library does not know: its data objects as `(tag, value)`.
    Unknown(Vec<(u32, Vec<u8>)>),
}

/// A CV certificate's public key with its algorithm.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CvPublicKey {
    oid: Oid,
    material: KeyMaterial,
}

const EC_TAGS: [(u32, &str); 7] = [
    (0x81, "EC prime"),
    (0x82, "EC coefficient a"),
    (0x83, "EC coefficient b"),
    (0x84, "EC generator"),
    (0x85, "EC order"),
    (0x86, "EC public point"),
    (0x87, "EC cofactor"),
];

impl CvPublicKey {
    /// A key from its OID and material; checks that they go together.
    pub fn new(oid: Oid, material: KeyMaterial) -> Result<CvPublicKey, CertError> {
        let mismatch = |reason: &str| CertError::CvcAlgorithmMismatch {
            reason: reason.to_owned(),
        };
        match (TaAlgorithm::from_oid(&oid), &material) {
            (Some(alg), KeyMaterial::Ec { .. }) if !alg.is_ecdsa() => {
                return Err(mismatch("an EC key under an RSA OID"));
            }
            (Some(alg), KeyMaterial::Rsa { .. }) if alg.is_ecdsa() => {
                return Err(mismatch("an RSA key under an ECDSA OID"));
            }
            (Some(_), KeyMaterial::Unknown(_)) => {
                return Err(mismatch("unknown key data under a known OID"));
            }
            (None, KeyMaterial::Ec { .. } | KeyMaterial::Rsa { .. }) => {
                return Err(CertError::CvcUnknownAlgorithm {
                    oid: oid.to_string(),
                });
            }
            _ => {}
        }
        Ok(CvPublicKey { oid, material })
    }

    /// Parses the value of a 7F49 data object.
    pub fn parse(value: &[u8]) -> Result<CvPublicKey, CertError> {
        let (oid, mut rest) = cvc_tlv::expect(value, 0x06, "public key OID")?;
        let oid = Oid::from_der_content(oid)?;
        let mut dos: Vec<(u32, &[u8])> = Vec::new();
        while !rest.is_empty() {
            let (obj, r) = cvc_tlv::read(rest, "public key")?;
            if dos.iter().any(|(t, _)| *t == obj.tag) {
                return Err(CertError::CvcBadField {
                    field: "public key",
                    reason: format!("data object {:02X} appears twice", obj.tag),
                });
            }
            dos.push((obj.tag, obj.value));
            rest = r;
        }
        let get = |tag: u32| dos.iter().find(|(t, _)| *t == tag).map(|(_, v)| v.to_vec());
        let Some(alg) = TaAlgorithm::from_oid(&oid) else {
            let raw = dos.iter().map(|(t, v)| (*t, v.to_vec())).collect();
            return Ok(CvPublicKey {
                oid,
                material: KeyMaterial::Unknown(raw),
            });
        };
        let material = if alg.is_ecdsa() {
            // Tags must be 81..=87 in increasing order (the encoding is canonical).
            check_order(&dos, &EC_TAGS.map(|(t, _)| t))?;
            let point = get(0x86).ok_or(CertError::CvcMissingField {
                field: "EC public point (86)",
            })?;
            let params = [get(0x81), get(0x82), get(0x83), get(0x84), get(0x85)];
            let domain = match params {
                [Some(prime), Some(a), Some(b), Some(generator), Some(order)] => Some(EcDomain {
                    prime,
                    a,
                    b,
                    generator,
                    order,
                    cofactor: get(0x87),
                }),
                [None, None, None, None, None] if get(0x87).is_none() => None,
                _ => {
                    return Err(CertError::CvcBadField {
                        field: "public key",
                        reason: "domain parameters 81-85 must be all present or all absent".into(),
                    });
                }
            };
            KeyMaterial::Ec { domain, point }
        } else {
            check_order(&dos, &[0x81, 0x82])?;
            KeyMaterial::Rsa {
                modulus: get(0x81).ok_or(CertError::CvcMissingField {
                    field: "RSA modulus (81)",
                })?,
                exponent: get(0x82).ok_or(CertError::CvcMissingField {
                    field: "RSA exponent (82)",
                })?,
            }
        };
        CvPublicKey::new(oid, material)
    }

    /// Encodes the value of the 7F49 data object.
    pub fn encode_value(&self) -> Result<Vec<u8>, CertError> {
        let mut out = Vec::new();
        cvc_tlv::write(0x06, self.oid.as_der_content(), "public key OID", &mut out)?;
        match &self.material {
            KeyMaterial::Ec { domain, point } => {
                if let Some(d) = domain {
                    for (tag, value) in [
                        (0x81, &d.prime),
                        (0x82, &d.a),
                        (0x83, &d.b),
                        (0x84, &d.generator),
                        (0x85, &d.order),
                    ] {
                        cvc_tlv::write(tag, value, "EC domain parameter", &mut out)?;
                    }
                    cvc_tlv::write(0x86, point, "EC public point", &mut out)?;
                    if let Some(f) = &d.cofactor {
                        cvc_tlv::write(0x87, f, "EC cofactor", &mut out)?;
                    }
                } else {
                    cvc_tlv::write(0x86, point, "EC public point", &mut out)?;
                }
            }
            KeyMaterial::Rsa { modulus, exponent } => {
                cvc_tlv::write(0x81, modulus, "RSA modulus", &mut out)?;
                cvc_tlv::write(0x82, exponent, "RSA exponent", &mut out)?;
            }
            KeyMaterial::Unknown(dos) => {
                for (tag, value) in dos {
                    cvc_tlv::write(*tag, value, "public key", &mut out)?;
                }
            }
        }
        Ok(out)
    }

    /// The algorithm OID.
    pub fn oid(&self) -> &Oid {
        &self.oid
    }

    /// The signature scheme this key is used with, if known.
    pub fn algorithm(&self) -> Option<TaAlgorithm> {
        TaAlgorithm::from_oid(&self.oid)
    }

    /// The key material.
    pub fn material(&self) -> &KeyMaterial {
        &self.material
    }

    /// The EC domain parameters, if this key carries them.
    pub fn domain(&self) -> Option<&EcDomain> {
        match &self.material {
            KeyMaterial::Ec { domain, .. } => domain.as_ref(),
            _ => None,
        }
    }
}

fn check_order(dos: &[(u32, &[u8])], allowed: &[u32]) -> Result<(), CertError> {
    let mut last = 0;
    for (tag, _) in dos {
        if !allowed.contains(tag) || *tag <= last {
            return Err(CertError::CvcBadField {
                field: "public key",
                reason: format!("unexpected data object {tag:02X}"),
            });
        }
        last = *tag;
    }
    Ok(())
}
