//! Card-verifiable (CV) certificates of BSI TR-03110 Part 3, Appendix C: parsing, encoding and the
//! fields.
//!
//! ```text
//! 7F21 CV certificate
//!   7F4E body: 5F29 profile, 42 CAR, 7F49 public key, 5F20 CHR, 7F4C CHAT,
//!              5F25 effective date, 5F24 expiration date, [65 extensions]
//!   5F37 signature (over the whole 7F4E data object, made with the CAR's key)
//! ```
//!
//! ```
//! use eeszt_auth::cert::cvc::{CvBody, CvCertificate, CvReference};
//! use eeszt_auth::cert::{Chat, CvDate, CvPublicKey, KeyMaterial, Role, TaAlgorithm, TerminalType};
//!
//! let key = CvPublicKey::new(
//!     TaAlgorithm::EcdsaSha256.oid(),
//!     KeyMaterial::Ec { domain: None, point: vec![0x04; 65] },
//! )?;
//! let body = CvBody {
//!     profile: 0,
//!     car: CvReference::new(b"HUDV00001")?,
//!     public_key: key,
//!     chr: CvReference::new(b"HUTERM00001")?,
//!     chat: Chat::with_rights(TerminalType::AuthenticationTerminal, Role::Terminal, &["read_dg1"])?,
//!     effective: CvDate::new(2026, 1, 1).unwrap(),
//!     expiration: CvDate::new(2026, 3, 31).unwrap(),
//!     extensions: vec![],
//! };
//! let cert = CvCertificate::new(body, vec![0; 64])?;
//! let parsed = CvCertificate::parse(&cert.to_bytes()?)?;
//! assert_eq!(parsed.chr().to_string(), "HUTERM00001");
//! assert_eq!(parsed.chat().role(), Role::Terminal);
//! assert_eq!(parsed.expiration().to_string(), "2026-03-31");
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use std::fmt;

use crate::cert::CertError;
use crate::cert::cvc_chat::Chat;
use crate::cert::cvc_date::CvDate;
use crate::cert::cvc_key::CvPublicKey;
use crate::cert::cvc_oid::Oid;
use crate::cert::cvc_tlv;

/// A certification authority or holder reference (CAR/CHR): normally a 2-letter country code, a
/// mnemonic of up to 9 characters and a 5-character sequence number, in ISO 8859-1.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CvReference(Vec<u8>);

impl CvReference {
    /// A reference from its bytes (1-16 bytes).
    pub fn new(bytes: &[u8]) -> Result<CvReference, CertError> {
        if bytes.is_empty() || bytes.len() > 16 {
            return Err(CertError::CvcBadField {
                field: "CAR/CHR",
                reason: "a reference must be 1-16 characters".into(),
            });
        }
        Ok(CvReference(bytes.to_vec()))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The country code (the first two characters).
    pub fn country(&self) -> String {
        latin1(self.0.get(..2).unwrap_or(&self.0))
    }

    /// The holder mnemonic (between the country code and the 5-character sequence number).
    pub fn mnemonic(&self) -> String {
        let end = self.0.len().saturating_sub(5).max(2);
        latin1(self.0.get(2..end).unwrap_or(&[]))
    }

    /// The sequence number (the last five characters).
    pub fn sequence(&self) -> String {
        latin1(
            self.0
                .get(self.0.len().saturating_sub(5).max(2)..)
                .unwrap_or(&[]),
        )
    }
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

impl fmt::Display for CvReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&latin1(&self.0))
    }
}

impl fmt::Debug for CvReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CvReference({self})")
    }
}

/// A certificate extension (a 73 discretionary-data template in 65): its OID and the data objects
/// that follow it, kept encoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Extension {
    /// The extension's OID (for example id-description 0.4.0.127.0.7.3.1.3.1).
    pub oid: Oid,
    /// The data objects after the OID, encoded (for id-description: 80 hash of the description).
    pub data: Vec<u8>,
}

/// The certificate body (7F4E): everything the signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CvBody {
    /// 5F29: the certificate profile identifier (0 for this version).
    pub profile: u8,
    /// 42: the certification authority reference (who signed it).
    pub car: CvReference,
    /// 7F49: the holder's public key.
    pub public_key: CvPublicKey,
    /// 5F20: the certificate holder reference.
    pub chr: CvReference,
    /// 7F4C: the holder authorization template.
    pub chat: Chat,
    /// 5F25: the effective date.
    pub effective: CvDate,
    /// 5F24: the expiration date.
    pub expiration: CvDate,
    /// 65: the extensions, in order (empty when absent).
    pub extensions: Vec<Extension>,
}

impl CvBody {
    /// Parses the value of a 7F4E data object.
    pub fn parse(value: &[u8]) -> Result<CvBody, CertError> {
        let (profile, rest) = cvc_tlv::expect(value, 0x5F29, "profile identifier (5F29)")?;
        let profile = match profile {
            [p] => *p,
            _ => {
                return Err(CertError::CvcBadField {
                    field: "profile identifier (5F29)",
                    reason: "must be one byte".into(),
                });
            }
        };
        let (car, rest) = cvc_tlv::expect(rest, 0x42, "CAR (42)")?;
        let (key, rest) = cvc_tlv::expect(rest, 0x7F49, "public key (7F49)")?;
        let (chr, rest) = cvc_tlv::expect(rest, 0x5F20, "CHR (5F20)")?;
        let (chat, rest) = cvc_tlv::expect(rest, 0x7F4C, "CHAT (7F4C)")?;
        let (effective, rest) = cvc_tlv::expect(rest, 0x5F25, "effective date (5F25)")?;
        let (expiration, rest) = cvc_tlv::expect(rest, 0x5F24, "expiration date (5F24)")?;
        let (ext, rest) = cvc_tlv::optional(rest, 0x65, "extensions (65)")?;
        cvc_tlv::end(rest, "certificate body (7F4E)")?;
        let body = CvBody {
            profile,
            car: CvReference::new(car)?,
            public_key: CvPublicKey::parse(key)?,
            chr: CvReference::new(chr)?,
            chat: Chat::parse(chat)?,
            effective: CvDate::from_bytes(effective, "effective date (5F25)")?,
            expiration: CvDate::from_bytes(expiration, "expiration date (5F24)")?,
            extensions: match ext {
                Some(ext) => parse_extensions(ext)?,
                None => Vec::new(),
            },
        };
        if body.expiration < body.effective {
            return Err(CertError::CvcBadField {
                field: "expiration date (5F24)",
                reason: "before the effective date".into(),
            });
        }
        Ok(body)
    }

    /// Encodes the whole 7F4E data object (the bytes a signature covers).
    pub fn encode(&self) -> Result<Vec<u8>, CertError> {
        let mut v = Vec::new();
        cvc_tlv::write(0x5F29, &[self.profile], "profile", &mut v)?;
        cvc_tlv::write(0x42, self.car.as_bytes(), "CAR", &mut v)?;
        cvc_tlv::write(
            0x7F49,
            &self.public_key.encode_value()?,
            "public key",
            &mut v,
        )?;
        cvc_tlv::write(0x5F20, self.chr.as_bytes(), "CHR", &mut v)?;
        cvc_tlv::write(0x7F4C, &self.chat.encode_value()?, "CHAT", &mut v)?;
        cvc_tlv::write(0x5F25, &self.effective.to_bytes(), "effective date", &mut v)?;
        cvc_tlv::write(
            0x5F24,
            &self.expiration.to_bytes(),
            "expiration date",
            &mut v,
        )?;
        if !self.extensions.is_empty() {
            let mut ext = Vec::new();
            for e in &self.extensions {
                let mut t = Vec::new();
                cvc_tlv::write(0x06, e.oid.as_der_content(), "extension OID", &mut t)?;
                t.extend_from_slice(&e.data);
                cvc_tlv::write(0x73, &t, "extension", &mut ext)?;
            }
            cvc_tlv::write(0x65, &ext, "extensions", &mut v)?;
        }
        let mut out = Vec::new();
        cvc_tlv::write(0x7F4E, &v, "certificate body", &mut out)?;
        Ok(out)
    }
}

fn parse_extensions(mut value: &[u8]) -> Result<Vec<Extension>, CertError> {
    let mut out = Vec::new();
    while !value.is_empty() {
        let (template, rest) = cvc_tlv::expect(value, 0x73, "extension (73)")?;
        let (oid, mut data) = cvc_tlv::expect(template, 0x06, "extension OID")?;
        let oid = Oid::from_der_content(oid)?;
        let raw = data;
        // The rest must be well-formed data objects.
        while !data.is_empty() {
            data = cvc_tlv::read(data, "extension data")?.1;
        }
        out.push(Extension {
            oid,
            data: raw.to_vec(),
        });
        value = rest;
    }
    Ok(out)
}

/// A parsed CV certificate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CvCertificate {
    body: CvBody,
    body_bytes: Vec<u8>,
    signature: Vec<u8>,
}

impl CvCertificate {
    /// A certificate from a body and its signature (not checked here; see
    /// [`crate::cert::verify_signature`]).
    pub fn new(body: CvBody, signature: Vec<u8>) -> Result<CvCertificate, CertError> {
        Ok(CvCertificate {
            body_bytes: body.encode()?,
            body,
            signature,
        })
    }

    /// Parses a whole certificate (7F21). Nothing may follow it.
    pub fn parse(bytes: &[u8]) -> Result<CvCertificate, CertError> {
        let (value, rest) = cvc_tlv::expect(bytes, 0x7F21, "CV certificate (7F21)")?;
        cvc_tlv::end(rest, "after the CV certificate")?;
        CvCertificate::parse_body_and_signature(value)
    }

    /// Parses the content of a certificate: the body (7F4E) followed by the signature (5F37), as the
    /// data of PSO:Verify Certificate carries them.
    pub fn parse_body_and_signature(value: &[u8]) -> Result<CvCertificate, CertError> {
        let (body_value, rest) = cvc_tlv::expect(value, 0x7F4E, "certificate body (7F4E)")?;
        let body_len = value.len() - rest.len();
        let body_bytes = value.get(..body_len).unwrap_or(&[]).to_vec();
        let (signature, rest) = cvc_tlv::expect(rest, 0x5F37, "signature (5F37)")?;
        cvc_tlv::end(rest, "CV certificate (7F21)")?;
        if signature.is_empty() {
            return Err(CertError::CvcBadField {
                field: "signature (5F37)",
                reason: "empty".into(),
            });
        }
        Ok(CvCertificate {
            body: CvBody::parse(body_value)?,
            body_bytes,
            signature: signature.to_vec(),
        })
    }

    /// Parses a sequence of concatenated certificates (as a chain file may hold them).
    pub fn parse_many(mut bytes: &[u8]) -> Result<Vec<CvCertificate>, CertError> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let (_, rest) = cvc_tlv::expect(bytes, 0x7F21, "CV certificate (7F21)")?;
            let one = bytes.get(..bytes.len() - rest.len()).unwrap_or(&[]);
            out.push(CvCertificate::parse(one)?);
            bytes = rest;
        }
        if out.is_empty() {
            return Err(CertError::CvcEmptyChain);
        }
        Ok(out)
    }

    /// Whether `bytes` looks like a CV certificate (starts with tag 7F21 and then 7F4E).
    pub fn sniff(bytes: &[u8]) -> bool {
        cvc_tlv::read(bytes, "CV certificate")
            .is_ok_and(|(obj, _)| obj.tag == 0x7F21 && cvc_tlv::peek_tag(obj.value) == Some(0x7F4E))
    }

    /// The encoded certificate (7F21).
    pub fn to_bytes(&self) -> Result<Vec<u8>, CertError> {
        let mut out = Vec::new();
        cvc_tlv::write(
            0x7F21,
            &self.body_and_signature()?,
            "CV certificate",
            &mut out,
        )?;
        Ok(out)
    }

    /// The body (7F4E) followed by the signature (5F37): the data of PSO:Verify Certificate.
    pub fn body_and_signature(&self) -> Result<Vec<u8>, CertError> {
        let mut inner = self.body_bytes.clone();
        cvc_tlv::write(0x5F37, &self.signature, "signature", &mut inner)?;
        Ok(inner)
    }

    /// The body.
    pub fn body(&self) -> &CvBody {
        &self.body
    }

    /// The encoded body (7F4E data object): the data the signature covers.
    pub fn signed_data(&self) -> &[u8] {
        &self.body_bytes
    }

    /// The signature (5F37 value): plain `r || s` for ECDSA, the raw signature for RSA.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The profile identifier.
    pub fn profile(&self) -> u8 {
        self.body.profile
    }

    /// The certification authority reference.
    pub fn car(&self) -> &CvReference {
        &self.body.car
    }

    /// The certificate holder reference.
    pub fn chr(&self) -> &CvReference {
        &self.body.chr
    }

    /// The public key.
    pub fn public_key(&self) -> &CvPublicKey {
        &self.body.public_key
    }

    /// The holder authorization template.
    pub fn chat(&self) -> &Chat {
        &self.body.chat
    }

    /// The effective date.
    pub fn effective(&self) -> CvDate {
        self.body.effective
    }

    /// The expiration date.
    pub fn expiration(&self) -> CvDate {
        self.body.expiration
    }

    /// The extensions.
    pub fn extensions(&self) -> &[Extension] {
        &self.body.extensions
    }

    /// Whether CAR equals CHR (a self-signed CVCA certificate).
    pub fn is_self_signed(&self) -> bool {
        self.body.car == self.body.chr
    }

    /// Whether this is a CVCA link certificate (a CVCA certificate signed by another CVCA key).
    pub fn is_link(&self) -> bool {
        self.body.chat.role() == crate::cert::Role::Cvca && !self.is_self_signed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_and_country() {
        let r = CvReference::new(b"HUCVCA00001").unwrap();
        assert_eq!(
            (r.country(), r.mnemonic(), r.sequence()),
            ("HU".into(), "CVCA".into(), "00001".into())
        );
        assert!(CvReference::new(b"").is_err());
    }
}
