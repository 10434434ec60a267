//! X.509 trust anchors: does a certificate chain up to a certificate the caller trusts?
//!
//! Used by the card login to decide whether the eID card's authentication certificate was issued by
//! an authority the relying party configured. The check is deliberately small and strict:
//!
//! * the certificate is trusted when it is itself one of the anchors (byte for byte: a pinned
//!   certificate), or when a path of at most [`MAX_PATH`] links leads from it through the caller's
//!   intermediate certificates to an anchor;
//! * every link needs the issuer's subject to be the child's issuer (and the key identifiers to agree
//!   where both are present), the issuer to be a CA (basic constraints), and the child's signature to
//!   verify under the issuer's key; an unsupported algorithm is a failure, never a pass;
//! * every certificate on the path, the anchor included, must be valid at the time passed in.
//!
//! Revocation (CRL, OCSP) is not checked: the caller's back end decides that with its own sources.

use super::chain::issued_by;
use super::error::CertError;
use super::load::Bundle;
use super::verify::{SignatureCheck, check_signature};
use super::x509::Certificate;

/// The longest path from a certificate to its anchor, in links.
pub const MAX_PATH: usize = 5;

/// The certificates a caller trusts, and intermediates that may link to them.
#[derive(Debug, Clone, Default)]
pub struct TrustAnchors {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
}

/// How a certificate was found trustworthy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustPath {
    /// SHA-256 fingerprints from the checked certificate up to the anchor (the last entry).
    pub fingerprints: Vec<[u8; 32]>,
}

impl TrustPath {
    /// The anchor's SHA-256 fingerprint.
    pub fn anchor(&self) -> [u8; 32] {
        self.fingerprints.last().copied().unwrap_or([0; 32])
    }
}

impl TrustAnchors {
    /// An empty set: nothing is trusted.
    pub fn new() -> TrustAnchors {
        TrustAnchors::default()
    }

    /// Adds a trusted certificate.
    pub fn add_anchor(&mut self, certificate: Certificate) {
        self.anchors.push(certificate);
    }

    /// Adds a certificate that may link a card's certificate to an anchor; it is not trusted by itself.
    pub fn add_intermediate(&mut self, certificate: Certificate) {
        self.intermediates.push(certificate);
    }

    /// Adds every certificate of a DER or PEM file (or buffer) as an anchor. Returns how many.
    pub fn add_anchors_from(&mut self, data: &[u8]) -> Result<usize, CertError> {
        let bundle = Bundle::load(data, None)?;
        let n = bundle.certificates.len();
        self.anchors.extend(bundle.certificates);
        Ok(n)
    }

    /// Adds every certificate of a DER or PEM file (or buffer) as an intermediate. Returns how many.
    pub fn add_intermediates_from(&mut self, data: &[u8]) -> Result<usize, CertError> {
        let bundle = Bundle::load(data, None)?;
        let n = bundle.certificates.len();
        self.intermediates.extend(bundle.certificates);
        Ok(n)
    }

    /// The trusted certificates.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    /// True when no anchor is configured (then nothing can be trusted).
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// Checks that `certificate` is an anchor or chains to one, every certificate on the way valid at
    /// `unix_time`.
    ///
    /// ```
    /// use eeszt_auth::cert::{Certificate, CertError, TrustAnchors};
    /// let der = include_bytes!("../../tests/data/cert/demo_client.der");
    /// let cert = Certificate::from_der(der).unwrap();
    /// // Nothing configured: nothing is trusted.
    /// assert!(matches!(TrustAnchors::new().verify(&cert, 1_893_456_000),
    ///     Err(CertError::NotTrusted { .. })));
    /// // Pinned: trusted while it is valid.
    /// let mut anchors = TrustAnchors::new();
    /// anchors.add_anchor(cert.clone());
    /// assert!(anchors.verify(&cert, 1_893_456_000).is_ok());
    /// ```
    pub fn verify(
        &self,
        certificate: &Certificate,
        unix_time: u64,
    ) -> Result<TrustPath, CertError> {
        if self.anchors.is_empty() {
            return Err(untrusted(Untrusted::NoAnchors));
        }
        if !certificate.is_valid_at(unix_time) {
            return Err(untrusted(Untrusted::NotValidNow));
        }
        let mut path = vec![certificate.sha256()];
        let mut current = certificate.clone();
        for _ in 0..=MAX_PATH {
            if self.anchors.iter().any(|a| a.der() == current.der()) {
                return Ok(TrustPath { fingerprints: path });
            }
            let issuer = self
                .anchors
                .iter()
                .chain(self.intermediates.iter())
                .filter(|issuer| issuer.der() != current.der())
                .find(|issuer| links(&current, issuer));
            let Some(issuer) = issuer else {
                return Err(untrusted(Untrusted::UnknownIssuer));
            };
            if !issuer.is_valid_at(unix_time) {
                return Err(untrusted(Untrusted::IssuerNotValidNow));
            }
            if path.contains(&issuer.sha256()) {
                return Err(untrusted(Untrusted::Loop));
            }
            path.push(issuer.sha256());
            current = issuer.clone();
        }
        Err(untrusted(Untrusted::TooLong))
    }
}

/// `issuer` is a CA whose name and key identifiers match `child`'s issuer and whose key verifies
/// `child`'s signature.
fn links(child: &Certificate, issuer: &Certificate) -> bool {
    issued_by(child, issuer)
        && issuer.is_ca()
        && check_signature(child, issuer.public_key()) == SignatureCheck::Valid
}

fn untrusted(reason: Untrusted) -> CertError {
    CertError::NotTrusted { reason }
}

/// Why a certificate is not trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Untrusted {
    /// No anchor is configured.
    NoAnchors,
    /// The certificate itself is expired or not yet valid.
    NotValidNow,
    /// No anchor or intermediate issued it (or the signature does not verify under the issuer's key).
    UnknownIssuer,
    /// An issuing certificate is expired or not yet valid.
    IssuerNotValidNow,
    /// The issuers form a loop.
    Loop,
    /// The path is longer than [`MAX_PATH`].
    TooLong,
}

impl Untrusted {
    /// The reason in Hungarian and English.
    pub fn text(self, lang: crate::error::Lang) -> &'static str {
        use Untrusted::*;
        let (hu, en) = match self {
            NoAnchors => (
                "nincs megadva megbízható kiadó (trust anchor)",
                "no trust anchor is configured",
            ),
            NotValidNow => (
                "a tanúsítvány ebben az időpontban nem érvényes",
                "the certificate is not valid at this time",
            ),
            UnknownIssuer => (
                "a tanúsítványt egyik megadott megbízható kiadó sem bocsátotta ki",
                "none of the configured anchors or intermediates issued the certificate",
            ),
            IssuerNotValidNow => (
                "egy kiadó tanúsítvány ebben az időpontban nem érvényes",
                "an issuing certificate is not valid at this time",
            ),
            Loop => ("a kiadók köre önmagába záródik", "the issuers form a loop"),
            TooLong => (
                "a megbízható kiadóig vezető lánc túl hosszú",
                "the path to an anchor is too long",
            ),
        };
        lang.pick(hu, en)
    }
}
