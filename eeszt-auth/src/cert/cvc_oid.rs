//! Object identifiers in CV certificates and the terminal-authentication algorithms they name
//! (BSI TR-03110 Part 3, Appendix A.7 and D).

use std::fmt;

use crate::cert::CertError;

/// An object identifier, kept as its DER content bytes (what follows tag 06 and the length).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid(Vec<u8>);

/// bsi-de = 0.4.0.127.0.7 as DER content bytes.
const BSI_DE: [u8; 5] = [0x04, 0x00, 0x7F, 0x00, 0x07];

impl Oid {
    /// An OID from its DER content bytes; checks that every arc is well formed.
    pub fn from_der_content(bytes: &[u8]) -> Result<Oid, CertError> {
        let bad = || CertError::CvcBadField {
            field: "OID",
            reason: "malformed object identifier".into(),
        };
        // Non-empty, last byte ends an arc, no arc starts with 0x80 (non-minimal), at most 64 bytes.
        if bytes.is_empty() || bytes.len() > 64 || bytes.last().is_some_and(|b| b & 0x80 != 0) {
            return Err(bad());
        }
        let mut arc_start = true;
        for &b in bytes {
            if arc_start && b == 0x80 {
                return Err(bad());
            }
            arc_start = b & 0x80 == 0;
        }
        Ok(Oid(bytes.to_vec()))
    }

    /// Whether this is `bsi-de` (0.4.0.127.0.7) followed by exactly `arcs` (each below 128).
    pub(crate) fn is_bsi(&self, arcs: &[u8]) -> bool {
        self.0.strip_prefix(&BSI_DE[..]) == Some(arcs)
    }

    /// `bsi-de` (0.4.0.127.0.7) followed by the given arcs, each below 128.
    pub(crate) fn bsi(arcs: &[u8]) -> Oid {
        let mut v = BSI_DE.to_vec();
        v.extend_from_slice(arcs);
        Oid(v)
    }

    /// The DER content bytes.
    pub fn as_der_content(&self) -> &[u8] {
        &self.0
    }

    /// The arcs as numbers (arcs above `u64` are saturated; CV OIDs never have such arcs).
    pub fn arcs(&self) -> Vec<u64> {
        let mut arcs = Vec::new();
        let mut value: u64 = 0;
        for &b in &self.0 {
            value = value
                .saturating_mul(128)
                .saturating_add(u64::from(b & 0x7F));
            if b & 0x80 == 0 {
                if arcs.is_empty() {
                    let first = if value < 40 {
                        0
                    } else if value < 80 {
                        1
                    } else {
                        2
                    };
                    arcs.push(first);
                    arcs.push(value - first * 40);
                } else {
                    arcs.push(value);
                }
                value = 0;
            }
        }
        arcs
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arcs = self.arcs();
        for (i, arc) in arcs.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{arc}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

/// The hash function of a terminal-authentication algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// Hashes `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        use sha2::Digest;
        match self {
            HashAlg::Sha1 => sha1::Sha1::digest(data).to_vec(),
            HashAlg::Sha224 => sha2::Sha224::digest(data).to_vec(),
            HashAlg::Sha256 => sha2::Sha256::digest(data).to_vec(),
            HashAlg::Sha384 => sha2::Sha384::digest(data).to_vec(),
            HashAlg::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }
}

/// A signature scheme of terminal authentication (`id-TA-*`, TR-03110 Part 3 A.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaAlgorithm {
    /// `id-TA-RSA-v1-5-SHA-1` (0.4.0.127.0.7.2.2.2.1.1).
    RsaV15Sha1,
    /// `id-TA-RSA-v1-5-SHA-256` (…2.1.2).
    RsaV15Sha256,
    /// `id-TA-RSA-PSS-SHA-1` (…2.1.3).
    RsaPssSha1,
    /// `id-TA-RSA-PSS-SHA-256` (…2.1.4).
    RsaPssSha256,
    /// `id-TA-RSA-v1-5-SHA-512` (…2.1.5).
    RsaV15Sha512,
    /// `id-TA-RSA-PSS-SHA-512` (…2.1.6).
    RsaPssSha512,
    /// `id-TA-ECDSA-SHA-1` (…2.2.1).
    EcdsaSha1,
    /// `id-TA-ECDSA-SHA-224` (…2.2.2).
    EcdsaSha224,
    /// `id-TA-ECDSA-SHA-256` (…2.2.3).
    EcdsaSha256,
    /// `id-TA-ECDSA-SHA-384` (…2.2.4).
    EcdsaSha384,
    /// `id-TA-ECDSA-SHA-512` (…2.2.5).
    EcdsaSha512,
}

/// The padding of an RSA scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RsaPadding {
    /// RSASSA-PKCS1-v1_5.
    Pkcs1v15,
    /// RSASSA-PSS (MGF1 with the same hash).
    Pss,
}

const ALGORITHMS: [(TaAlgorithm, u8, u8, &str); 11] = [
    (TaAlgorithm::RsaV15Sha1, 1, 1, "id-TA-RSA-v1-5-SHA-1"),
    (TaAlgorithm::RsaV15Sha256, 1, 2, "id-TA-RSA-v1-5-SHA-256"),
    (TaAlgorithm::RsaPssSha1, 1, 3, "id-TA-RSA-PSS-SHA-1"),
    (TaAlgorithm::RsaPssSha256, 1, 4, "id-TA-RSA-PSS-SHA-256"),
    (TaAlgorithm::RsaV15Sha512, 1, 5, "id-TA-RSA-v1-5-SHA-512"),
    (TaAlgorithm::RsaPssSha512, 1, 6, "id-TA-RSA-PSS-SHA-512"),
    (TaAlgorithm::EcdsaSha1, 2, 1, "id-TA-ECDSA-SHA-1"),
    (TaAlgorithm::EcdsaSha224, 2, 2, "id-TA-ECDSA-SHA-224"),
    (TaAlgorithm::EcdsaSha256, 2, 3, "id-TA-ECDSA-SHA-256"),
    (TaAlgorithm::EcdsaSha384, 2, 4, "id-TA-ECDSA-SHA-384"),
    (TaAlgorithm::EcdsaSha512, 2, 5, "id-TA-ECDSA-SHA-512"),
];

impl TaAlgorithm {
    /// Every algorithm.
    pub const ALL: [TaAlgorithm; 11] = [
        TaAlgorithm::RsaV15Sha1,
        TaAlgorithm::RsaV15Sha256,
        TaAlgorithm::RsaPssSha1,
        TaAlgorithm::RsaPssSha256,
        TaAlgorithm::RsaV15Sha512,
        TaAlgorithm::RsaPssSha512,
        TaAlgorithm::EcdsaSha1,
        TaAlgorithm::EcdsaSha224,
        TaAlgorithm::EcdsaSha256,
        TaAlgorithm::EcdsaSha384,
        TaAlgorithm::EcdsaSha512,
    ];

    fn entry(self) -> (u8, u8, &'static str) {
        ALGORITHMS
            .iter()
            .find(|(alg, ..)| *alg == self)
            .map(|&(_, family, n, name)| (family, n, name))
            .unwrap_or((0, 0, ""))
    }

    /// The algorithm an OID names, if it is an `id-TA` signature scheme.
    pub fn from_oid(oid: &Oid) -> Option<TaAlgorithm> {
        // id-TA = bsi-de 2 2 2, then the family and the number: compare without allocating.
        let (family, n) = match oid.as_der_content().strip_prefix(&BSI_DE[..])? {
            [2, 2, 2, family, n] => (*family, *n),
            _ => return None,
        };
        ALGORITHMS
            .iter()
            .find(|&&(_, f, m, _)| f == family && m == n)
            .map(|&(alg, ..)| alg)
    }

    /// The OID (`id-TA` = 0.4.0.127.0.7.2.2.2).
    pub fn oid(self) -> Oid {
        let (family, n, _) = self.entry();
        Oid::bsi(&[2, 2, 2, family, n])
    }

    /// The TR-03110 name, for example `id-TA-ECDSA-SHA-256`.
    pub fn name(self) -> &'static str {
        self.entry().2
    }

    /// The hash function.
    pub fn hash(self) -> HashAlg {
        use TaAlgorithm::*;
        match self {
            RsaV15Sha1 | RsaPssSha1 | EcdsaSha1 => HashAlg::Sha1,
            EcdsaSha224 => HashAlg::Sha224,
            RsaV15Sha256 | RsaPssSha256 | EcdsaSha256 => HashAlg::Sha256,
            EcdsaSha384 => HashAlg::Sha384,
            RsaV15Sha512 | RsaPssSha512 | EcdsaSha512 => HashAlg::Sha512,
        }
    }

    /// `Some(padding)` for an RSA scheme, `None` for ECDSA.
    pub fn rsa_padding(self) -> Option<RsaPadding> {
        use TaAlgorithm::*;
        match self {
            RsaV15Sha1 | RsaV15Sha256 | RsaV15Sha512 => Some(RsaPadding::Pkcs1v15),
            RsaPssSha1 | RsaPssSha256 | RsaPssSha512 => Some(RsaPadding::Pss),
            _ => None,
        }
    }

    /// Whether this is an ECDSA scheme.
    pub fn is_ecdsa(self) -> bool {
        self.rsa_padding().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_round_trip() {
        let oid = TaAlgorithm::EcdsaSha256.oid();
        assert_eq!(
            oid.as_der_content(),
            &[0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x02, 0x02, 0x03]
        );
        assert_eq!(oid.to_string(), "0.4.0.127.0.7.2.2.2.2.3");
        for alg in TaAlgorithm::ALL {
            assert_eq!(TaAlgorithm::from_oid(&alg.oid()), Some(alg));
        }
        assert_eq!(
            Oid::from_der_content(&[0x2A, 0x86, 0x48])
                .unwrap()
                .to_string(),
            "1.2.840"
        );
        assert!(Oid::from_der_content(&[0x2A, 0x86]).is_err());
        assert!(Oid::from_der_content(&[0x80, 0x01]).is_err());
        assert!(Oid::from_der_content(&[]).is_err());
    }
}
