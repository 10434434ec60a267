//! One X.509 certificate, parsed with x509-parser and completed from the raw DER where
//! x509-parser falls short (names, serial sign, QCStatements).

use sha2::{Digest, Sha256};
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::CertError;
use super::der::{self, oid_to_string, tag};
use super::extensions::{AltName, BasicConstraints, EKU_ANY, EKU_CLIENT_AUTH, KeyUsage};
use super::name::Name;
use super::pubkey::PublicKeyInfo;
use super::qc::{OID_QC_STATEMENTS, QcStatement, parse_qc_statements};
use super::serial::Serial;

/// An X.509 certificate and everything this library reads from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    /// The subject.
    pub subject: Name,
    /// The issuer.
    pub issuer: Name,
    /// The serial number, with its sign.
    pub serial: Serial,
    /// Start of validity, Unix seconds (UTC).
    pub not_before: i64,
    /// End of validity, Unix seconds (UTC).
    pub not_after: i64,
    /// Key usage, when the extension is present.
    pub key_usage: Option<KeyUsage>,
    /// Extended key usage OIDs in encoding order, when the extension is present.
    pub extended_key_usage: Option<Vec<String>>,
    /// Subject alternative names.
    pub subject_alt_names: Vec<AltName>,
    /// Basic constraints, when present.
    pub basic_constraints: Option<BasicConstraints>,
    /// Subject key identifier.
    pub subject_key_id: Option<Vec<u8>>,
    /// Authority key identifier (its keyIdentifier field).
    pub authority_key_id: Option<Vec<u8>>,
    /// The ETSI/RFC 3739 QCStatements, when present.
    pub qc_statements: Option<Vec<QcStatement>>,
    /// The subject public key.
    pub public_key: PublicKeyInfo,
    /// The signature algorithm (dotted OID).
    pub signature_algorithm: String,
    /// SHA-256 of the DER encoding, computed on first use (see [`Certificate::sha256`]).
    fingerprint: std::sync::OnceLock<[u8; 32]>,
}

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
        let (_, x509) = X509Certificate::from_der(der).map_err(|e| CertError::Malformed {
            detail: e.to_string(),
        })?;
        Certificate::from_parsed(der, &x509)
    }

    /// Builds the certificate from x509-parser's view of `der`.
    fn from_parsed(der: &[u8], x509: &X509Certificate<'_>) -> Result<Certificate, CertError> {
        let tbs = &x509.tbs_certificate;
        let mut cert = Certificate {
            der: der.to_vec(),
            subject: Name::from_x509(tbs.subject()),
            issuer: Name::from_x509(tbs.issuer()),
            serial: Serial::from_raw(tbs.raw_serial()),
            not_before: tbs.validity().not_before.timestamp(),
            not_after: tbs.validity().not_after.timestamp(),
            key_usage: None,
            extended_key_usage: None,
            subject_alt_names: Vec::new(),
            basic_constraints: None,
            subject_key_id: None,
            authority_key_id: None,
            qc_statements: None,
            public_key: PublicKeyInfo::from_spki(tbs.subject_pki.raw).ok_or_else(|| {
                CertError::Malformed {
                    detail: "SubjectPublicKeyInfo".into(),
                }
            })?,
            signature_algorithm: oid_to_string(x509.signature_algorithm.algorithm.as_bytes())
                .unwrap_or_default(),
            fingerprint: std::sync::OnceLock::new(),
        };
        for ext in tbs.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::KeyUsage(ku) => {
                    cert.key_usage = Some(KeyUsage { flags: ku.flags })
                }
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    let mut oids = Vec::new();
                    // x509-parser splits the list into flags; rebuild it in encoding order from
                    // the raw value instead.
                    let mut r = der::Reader::new(ext.value);
                    if let Ok(seq) = r.expect(tag::SEQUENCE, "ExtKeyUsageSyntax") {
                        let mut items = der::Reader::new(seq.value);
                        while let Ok(Some(oid)) = items.optional(tag::OID) {
                            oids.extend(oid_to_string(oid.value));
                        }
                    }
                    if oids.is_empty() && eku.client_auth {
                        oids.push(EKU_CLIENT_AUTH.to_owned());
                    }
                    if oids.is_empty() && eku.any {
                        oids.push(EKU_ANY.to_owned());
                    }
                    cert.extended_key_usage = Some(oids);
                }
                ParsedExtension::SubjectAlternativeName(san) => {
                    cert.subject_alt_names =
                        san.general_names.iter().map(AltName::from_x509).collect();
                }
                ParsedExtension::BasicConstraints(bc) => {
                    cert.basic_constraints = Some(BasicConstraints {
                        ca: bc.ca,
                        path_len: bc.path_len_constraint,
                    })
                }
                ParsedExtension::SubjectKeyIdentifier(ki) => {
                    cert.subject_key_id = Some(ki.0.to_vec())
                }
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    cert.authority_key_id = aki.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                _ => {
                    if ext.oid.as_bytes() == OID_QC_STATEMENTS_DER {
                        cert.qc_statements = Some(parse_qc_statements(ext.value)?);
                    }
                }
            }
        }
        debug_assert_eq!(
            oid_to_string(OID_QC_STATEMENTS_DER).as_deref(),
            Some(OID_QC_STATEMENTS)
        );
        Ok(cert)
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
        self.basic_constraints.is_some_and(|bc| bc.ca)
    }

    /// True when subject and issuer are the same name (a root or a self-issued certificate).
    pub fn is_self_issued(&self) -> bool {
        self.subject == self.issuer
    }

    /// Whole days from `now` (Unix seconds) until the end of validity; negative once expired.
    pub fn days_until_expiry(&self, now: u64) -> i64 {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        self.not_after
            .saturating_sub(now)
            .div_euclid(super::time::DAY)
    }

    /// True when `now` (Unix seconds) is inside the validity period.
    pub fn is_valid_at(&self, now: u64) -> bool {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        self.not_before <= now && now <= self.not_after
    }
}

/// The DER content of the QCStatements OID 1.3.6.1.5.5.7.1.3.
const OID_QC_STATEMENTS_DER: &[u8] = &[0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x03];
