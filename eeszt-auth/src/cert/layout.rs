//! Where the fields of a DER certificate are: one walk over the TBSCertificate with the strict DER
//! reader, allocating nothing, so that a [`Certificate`](super::Certificate) can decode each part
//! (names, extensions, public key) only when it is asked for.

use std::ops::Range;

use super::CertError;
use super::der::{Reader, Tlv, tag};

/// Context-specific constructed `[0]` (the version of a TBSCertificate).
const VERSION: u8 = 0xA0;
/// Context-specific primitive `[1]` (issuerUniqueID).
const ISSUER_UID: u8 = 0x81;
/// Context-specific primitive `[2]` (subjectUniqueID).
const SUBJECT_UID: u8 = 0x82;
/// Context-specific constructed `[3]` (extensions).
const EXTENSIONS: u8 = 0xA3;

/// The parts of one certificate, as slices of its DER encoding.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    /// The whole TBSCertificate (the signed bytes).
    pub tbs: &'a [u8],
    /// The issuer Name (whole SEQUENCE).
    pub issuer: &'a [u8],
    /// The subject Name (whole SEQUENCE).
    pub subject: &'a [u8],
    /// The SubjectPublicKeyInfo (whole SEQUENCE).
    pub spki: &'a [u8],
    /// The content of the Extensions SEQUENCE (the Extension elements one after the other); empty
    /// when the certificate has none.
    pub extensions: &'a [u8],
    /// The outer signatureAlgorithm AlgorithmIdentifier.
    pub signature_algorithm: Tlv<'a>,
    /// The signatureValue BIT STRING.
    pub signature: Tlv<'a>,
}

impl<'a> Layout<'a> {
    /// Finds the parts of `der` (exactly one Certificate).
    pub fn of(der: &'a [u8]) -> Result<Layout<'a>, CertError> {
        let cert = Reader::new(der).expect(tag::SEQUENCE, "SEQUENCE (Certificate)")?;
        let mut top = Reader::new(cert.value);
        let tbs = top.expect(tag::SEQUENCE, "SEQUENCE (TBSCertificate)")?;
        let signature_algorithm = top.expect(tag::SEQUENCE, "SEQUENCE (AlgorithmIdentifier)")?;
        let signature = top.expect(tag::BIT_STRING, "BIT STRING (signature)")?;
        let mut fields = Reader::new(tbs.value);
        fields.optional(VERSION)?;
        fields.expect(tag::INTEGER, "INTEGER (serialNumber)")?;
        fields.expect(tag::SEQUENCE, "SEQUENCE (signature)")?;
        let issuer = fields.expect(tag::SEQUENCE, "SEQUENCE (issuer)")?;
        fields.expect(tag::SEQUENCE, "SEQUENCE (validity)")?;
        let subject = fields.expect(tag::SEQUENCE, "SEQUENCE (subject)")?;
        let spki = fields.expect(tag::SEQUENCE, "SEQUENCE (subjectPublicKeyInfo)")?;
        fields.optional(ISSUER_UID)?;
        fields.optional(SUBJECT_UID)?;
        let extensions = match fields.optional(EXTENSIONS)? {
            Some(explicit) => {
                Reader::new(explicit.value)
                    .expect(tag::SEQUENCE, "SEQUENCE (Extensions)")?
                    .value
            }
            None => &[],
        };
        Ok(Layout {
            tbs: tbs.raw,
            issuer: issuer.raw,
            subject: subject.raw,
            spki: spki.raw,
            extensions,
            signature_algorithm,
            signature,
        })
    }
}

/// The parts a [`Certificate`](super::Certificate) decodes on demand, as positions in its DER
/// encoding (found once, when it is loaded).
#[derive(Debug, Clone)]
pub struct Spans {
    /// The issuer Name.
    pub issuer: Range<usize>,
    /// The subject Name.
    pub subject: Range<usize>,
    /// The SubjectPublicKeyInfo.
    pub spki: Range<usize>,
    /// The content of the Extensions SEQUENCE.
    pub extensions: Range<usize>,
    /// The content of the outer signatureAlgorithm AlgorithmIdentifier.
    pub signature_algorithm: Range<usize>,
}

impl Spans {
    /// Finds the parts of `der` (exactly one Certificate).
    pub fn of(der: &[u8]) -> Result<Spans, CertError> {
        let layout = Layout::of(der)?;
        let at = |part: &[u8]| {
            position(der, part).ok_or_else(|| CertError::Malformed {
                detail: "certificate layout".into(),
            })
        };
        Ok(Spans {
            issuer: at(layout.issuer)?,
            subject: at(layout.subject)?,
            spki: at(layout.spki)?,
            extensions: at(layout.extensions)?,
            signature_algorithm: at(layout.signature_algorithm.value)?,
        })
    }
}

/// Where `part`, a sub-slice of `whole`, lies in it (`0..0` for an empty part).
fn position(whole: &[u8], part: &[u8]) -> Option<Range<usize>> {
    if part.is_empty() {
        return Some(0..0);
    }
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_part_of_the_demo_leaf() {
        let pem = include_bytes!("../../tests/data/cert/demo_client.pem");
        let bundle = super::super::Bundle::load(pem, None).unwrap();
        let leaf = &bundle.certificates[0];
        let layout = Layout::of(leaf.der()).unwrap();
        assert_eq!(layout.tbs.first(), Some(&tag::SEQUENCE));
        assert_eq!(layout.issuer.first(), Some(&tag::SEQUENCE));
        assert!(!layout.extensions.is_empty());
        assert_eq!(layout.signature.tag, tag::BIT_STRING);
        // The parts lie inside the certificate, in order.
        let at = |part: &[u8]| part.as_ptr() as usize - leaf.der().as_ptr() as usize;
        assert!(at(layout.tbs) < at(layout.issuer));
        assert!(at(layout.issuer) < at(layout.subject));
        assert!(at(layout.subject) < at(layout.spki));
        assert!(Layout::of(&[0x30, 0x00]).is_err());
        let spans = Spans::of(leaf.der()).unwrap();
        assert_eq!(&leaf.der()[spans.subject.clone()], layout.subject);
        assert_eq!(&leaf.der()[spans.extensions.clone()], layout.extensions);
        assert_eq!(position(&[1, 2, 3], &[9]), None);
    }
}
