//! One X.509 certificate: checked by x509-parser when it is loaded, its parts decoded from the raw
//! DER only when they are asked for (names, extensions, public key), each at most once.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};
use x509_parser::prelude::X509CertificateParser;

use super::CertError;
use super::der::{self, oid_to_string, tag};
use super::extensions::{AltName, BasicConstraints, Extensions, KeyUsage};
use super::layout::Spans;
use super::name::Name;
use super::pubkey::PublicKeyInfo;
use super::qc::{QcStatement, is_qc_statements, parse_qc_statements};
use super::serial::Serial;

/// An X.509 certificate and everything this library reads from it.
///
/// Loading checks the whole structure (x509-parser, then the strict DER reader over the parts this
/// library decodes itself), so every accessor below works on a certificate that is known to be
/// readable. The subject, the issuer, the extensions, the public key and the fingerprint are
/// decoded on first use and kept; a certificate only checked for its dates and serial never pays
/// for the rest. Two certificates are equal when their DER encodings are.
#[derive(Debug, Clone)]
pub struct Certificate {
    der: Vec<u8>,
    spans: Spans,
    /// The serial number, with its sign.
    pub serial: Serial,
    /// Start of validity, Unix seconds (UTC).
    pub not_before: i64,
    /// End of validity, Unix seconds (UTC).
    pub not_after: i64,
    subject: OnceLock<Name>,
    issuer: OnceLock<Name>,
    extensions: OnceLock<Extensions>,
    public_key: OnceLock<PublicKeyInfo>,
    fingerprint: OnceLock<[u8; 32]>,
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Certificate) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

/// x509-parser without its deep parse of every extension: the extensions this library reports are
/// decoded on first use ([`Extensions::decode`] hands each one to x509-parser then), and a deep
/// parse failure never rejected a certificate anyway (x509-parser keeps it as a parse error).
const PARSER: X509CertificateParser =
    X509CertificateParser::new().with_deep_parse_extensions(false);

impl Certificate {
    /// Parses one DER certificate; the buffer must hold exactly one certificate.
    pub fn from_der(der: &[u8]) -> Result<Certificate, CertError> {
        // A first strict look gives clear errors for wrong tags, truncation and huge lengths.
        let (outer, rest) = der::split_tlv(der)?;
        if outer.tag != tag::SEQUENCE {
            return Err(CertError::WrongTag {
                expected: "SEQUENCE (Certificate)",
                found: outer.tag,
            });
        }
        if !rest.is_empty() {
            return Err(CertError::TrailingData {
                extra: rest.len() as u64,
            });
        }
        let mut parser = PARSER;
        let (_, x509) = x509_parser::nom::Parser::parse(&mut parser, der).map_err(|e| {
            CertError::Malformed {
                detail: e.to_string(),
            }
        })?;
        let tbs = &x509.tbs_certificate;
        // x509-parser has checked the names and the extension list; what this library decodes
        // itself later is checked now, so that every accessor works on a readable certificate.
        if !PublicKeyInfo::is_readable(tbs.subject_pki.raw) {
            return Err(CertError::Malformed {
                detail: "SubjectPublicKeyInfo".into(),
            });
        }
        for ext in tbs.extensions() {
            if is_qc_statements(ext.oid.as_bytes()) {
                parse_qc_statements(ext.value)?;
            }
        }
        Ok(Certificate {
            spans: Spans::of(der)?,
            der: der.to_vec(),
            serial: Serial::from_raw(tbs.raw_serial()),
            not_before: tbs.validity().not_before.timestamp(),
            not_after: tbs.validity().not_after.timestamp(),
            subject: OnceLock::new(),
            issuer: OnceLock::new(),
            extensions: OnceLock::new(),
            public_key: OnceLock::new(),
            fingerprint: OnceLock::new(),
        })
    }

    /// One part of the DER encoding.
    fn part(&self, span: &std::ops::Range<usize>) -> &[u8] {
        self.der.get(span.clone()).unwrap_or_default()
    }

    /// The subject (decoded on first use).
    pub fn subject(&self) -> &Name {
        self.subject
            .get_or_init(|| Name::from_der_lenient(self.part(&self.spans.subject)))
    }

    /// The issuer (decoded on first use).
    pub fn issuer(&self) -> &Name {
        self.issuer
            .get_or_init(|| Name::from_der_lenient(self.part(&self.spans.issuer)))
    }

    /// Every extension this library reports, decoded together on first use.
    fn extensions(&self) -> &Extensions {
        self.extensions
            .get_or_init(|| Extensions::decode(self.part(&self.spans.extensions)))
    }

    /// Key usage, when the extension is present.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.extensions().key_usage
    }

    /// Extended key usage OIDs in encoding order, when the extension is present.
    pub fn extended_key_usage(&self) -> Option<&[String]> {
        self.extensions().extended_key_usage.as_deref()
    }

    /// Subject alternative names.
    pub fn subject_alt_names(&self) -> &[AltName] {
        &self.extensions().subject_alt_names
    }

    /// Basic constraints, when present.
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.extensions().basic_constraints
    }

    /// Subject key identifier.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.extensions().subject_key_id.as_deref()
    }

    /// Authority key identifier (its keyIdentifier field).
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.extensions().authority_key_id.as_deref()
    }

    /// The ETSI/RFC 3739 QCStatements, when present.
    pub fn qc_statements(&self) -> Option<&[QcStatement]> {
        self.extensions().qc_statements.as_deref()
    }

    /// The subject public key (decoded on first use).
    pub fn public_key(&self) -> &PublicKeyInfo {
        self.public_key.get_or_init(|| {
            let spki = self.part(&self.spans.spki);
            PublicKeyInfo::from_spki(spki).unwrap_or_else(|| PublicKeyInfo::unreadable(spki))
        })
    }

    /// The signature algorithm (dotted OID), empty when unreadable.
    pub fn signature_algorithm(&self) -> String {
        der::Reader::new(self.part(&self.spans.signature_algorithm))
            .expect(tag::OID, "algorithm")
            .ok()
            .and_then(|oid| oid_to_string(oid.value))
            .unwrap_or_default()
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The SHA-256 fingerprint: SHA-256 of the DER encoding (computed once, on first use).
    pub fn sha256(&self) -> [u8; 32] {
        *self
            .fingerprint
            .get_or_init(|| Sha256::digest(&self.der).into())
    }

    /// The SHA-256 fingerprint as lowercase hex.
    pub fn sha256_hex(&self) -> String {
        der::hex(&self.sha256())
    }

    /// True when basic constraints mark the subject as a CA.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints().is_some_and(|bc| bc.ca)
    }

    /// True when subject and issuer are the same name (a root or a self-issued certificate).
    pub fn is_self_issued(&self) -> bool {
        self.subject() == self.issuer()
    }

    /// Whole days from `now` (Unix seconds) until the end of validity; negative once expired.
    pub fn days_until_expiry(&self, now: u64) -> i64 {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        self.not_after
            .saturating_sub(now)
            .div_euclid(crate::calendar::DAY)
    }

    /// True when `now` (Unix seconds) is inside the validity period.
    pub fn is_valid_at(&self, now: u64) -> bool {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        self.not_before <= now && now <= self.not_after
    }
}
