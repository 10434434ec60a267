//! QCStatements (RFC 3739, ETSI EN 319 412-5): the qualified-certificate statements, decoded from
//! the raw extension value (x509-parser leaves them undecoded).

use super::CertError;
use super::der::{Reader, hex, oid_to_string, tag};
use super::strings::{self, StringKind};

/// True when an extension's OID (its DER content bytes) is QCStatements, 1.3.6.1.5.5.7.1.3.
pub(crate) fn is_qc_statements(oid: &[u8]) -> bool {
    oid == [0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x03]
}

/// A qualified-certificate type (ETSI EN 319 412-5 QcType).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QcType {
    /// id-etsi-qct-esign: electronic signature.
    ESign,
    /// id-etsi-qct-eseal: electronic seal.
    ESeal,
    /// id-etsi-qct-web: website authentication.
    Web,
    /// Another type (dotted OID).
    Other(String),
}

/// One PKI disclosure statement location (QcPDS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdsLocation {
    /// The URL of the statement.
    pub url: String,
    /// Its language (ISO 639-1, two letters).
    pub language: String,
}

/// One statement of the QCStatements extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QcStatement {
    /// QcCompliance: an EU qualified certificate.
    Compliance,
    /// QcLimitValue: the transaction value limit, `amount * 10^exponent` in `currency`.
    LimitValue {
        /// ISO 4217 currency, alphabetic (`EUR`) or numeric as text (`978`).
        currency: String,
        /// The amount.
        amount: i64,
        /// The power of ten.
        exponent: i64,
    },
    /// QcRetentionPeriod: years the registration data is kept after expiry.
    RetentionPeriod {
        /// Years.
        years: i64,
    },
    /// QcSSCD: the private key is in a qualified signature/seal creation device.
    Sscd,
    /// QcPDS: where the PKI disclosure statements are.
    Pds(Vec<PdsLocation>),
    /// QcType: what the certificate is for.
    Type(Vec<QcType>),
    /// QcCClegislation: the countries whose law the certificate is qualified under.
    CcLegislation(Vec<String>),
    /// id-qcs-pkixQCSyntax-v1/v2 with its semantics identifier (for example ETSI's natural-person
    /// `0.4.0.194121.1.1` or legal-person `0.4.0.194121.1.2`).
    Semantics {
        /// The statement OID (RFC 3739 v1 or v2).
        statement: String,
        /// The semantics identifier, when present.
        semantics: Option<String>,
    },
    /// A statement this library does not decode: its OID and the hex of its info.
    Other {
        /// The statement OID.
        oid: String,
        /// Hex of the DER statementInfo, empty when absent.
        info_hex: String,
    },
}

impl QcStatement {
    /// A short English label (`QcCompliance`, `QcSSCD`, ...).
    pub fn label(&self) -> &'static str {
        match self {
            QcStatement::Compliance => "QcCompliance",
            QcStatement::LimitValue { .. } => "QcLimitValue",
            QcStatement::RetentionPeriod { .. } => "QcRetentionPeriod",
            QcStatement::Sscd => "QcSSCD",
            QcStatement::Pds(_) => "QcPDS",
            QcStatement::Type(_) => "QcType",
            QcStatement::CcLegislation(_) => "QcCClegislation",
            QcStatement::Semantics { .. } => "QcSemantics",
            QcStatement::Other { .. } => "other",
        }
    }
}

fn bad(detail: &str) -> CertError {
    CertError::Malformed {
        detail: format!("QCStatements: {detail}"),
    }
}

/// Decodes the value of a QCStatements extension (the content of its OCTET STRING).
pub fn parse_qc_statements(value: &[u8]) -> Result<Vec<QcStatement>, CertError> {
    let mut outer = Reader::new(value);
    let seq = outer.expect(tag::SEQUENCE, "SEQUENCE OF QCStatement")?;
    if !outer.is_empty() {
        return Err(bad("extra data"));
    }
    let mut statements = Reader::new(seq.value);
    let mut out = Vec::new();
    while !statements.is_empty() {
        let statement = statements.expect(tag::SEQUENCE, "QCStatement")?;
        let mut fields = Reader::new(statement.value);
        let oid_tlv = fields.expect(tag::OID, "statementId")?;
        let oid = oid_to_string(oid_tlv.value).ok_or_else(|| bad("bad OID"))?;
        let info = if fields.is_empty() {
            None
        } else {
            Some(fields.any()?)
        };
        if !fields.is_empty() {
            return Err(bad("extra data in a statement"));
        }
        out.push(decode_statement(oid, info)?);
    }
    Ok(out)
}

fn decode_statement(
    oid: String,
    info: Option<super::der::Tlv<'_>>,
) -> Result<QcStatement, CertError> {
    Ok(match (oid.as_str(), info) {
        ("0.4.0.1862.1.1", None) => QcStatement::Compliance,
        ("0.4.0.1862.1.4", None) => QcStatement::Sscd,
        ("0.4.0.1862.1.2", Some(info)) if info.tag == tag::SEQUENCE => {
            let mut r = Reader::new(info.value);
            let currency_tlv = r.any()?;
            let currency = match currency_tlv.tag {
                tag::INTEGER => integer(currency_tlv.value)?.to_string(),
                0x13 => {
                    strings::decode(StringKind::Printable, currency_tlv.value).unwrap_or_default()
                }
                _ => return Err(bad("currency")),
            };
            let amount = integer(r.expect(tag::INTEGER, "amount")?.value)?;
            let exponent = integer(r.expect(tag::INTEGER, "exponent")?.value)?;
            QcStatement::LimitValue {
                currency,
                amount,
                exponent,
            }
        }
        ("0.4.0.1862.1.3", Some(info)) if info.tag == tag::INTEGER => {
            QcStatement::RetentionPeriod {
                years: integer(info.value)?,
            }
        }
        ("0.4.0.1862.1.5", Some(info)) if info.tag == tag::SEQUENCE => {
            let mut r = Reader::new(info.value);
            let mut locations = Vec::new();
            while !r.is_empty() {
                let loc = r.expect(tag::SEQUENCE, "PdsLocation")?;
                let mut f = Reader::new(loc.value);
                let url = f.expect(0x16, "IA5String url")?;
                let lang = f.expect(0x13, "PrintableString language")?;
                locations.push(PdsLocation {
                    url: strings::decode(StringKind::Ia5, url.value).unwrap_or_default(),
                    language: strings::decode(StringKind::Printable, lang.value)
                        .unwrap_or_default(),
                });
            }
            QcStatement::Pds(locations)
        }
        ("0.4.0.1862.1.6", Some(info)) if info.tag == tag::SEQUENCE => {
            let mut r = Reader::new(info.value);
            let mut types = Vec::new();
            while !r.is_empty() {
                let t = r.expect(tag::OID, "QcType OID")?;
                let t = oid_to_string(t.value).ok_or_else(|| bad("bad QcType OID"))?;
                types.push(match t.as_str() {
                    "0.4.0.1862.1.6.1" => QcType::ESign,
                    "0.4.0.1862.1.6.2" => QcType::ESeal,
                    "0.4.0.1862.1.6.3" => QcType::Web,
                    _ => QcType::Other(t),
                });
            }
            QcStatement::Type(types)
        }
        ("0.4.0.1862.1.7", Some(info)) if info.tag == tag::SEQUENCE => {
            let mut r = Reader::new(info.value);
            let mut countries = Vec::new();
            while !r.is_empty() {
                let c = r.expect(0x13, "PrintableString country")?;
                countries.push(strings::decode(StringKind::Printable, c.value).unwrap_or_default());
            }
            QcStatement::CcLegislation(countries)
        }
        ("1.3.6.1.5.5.7.11.1" | "1.3.6.1.5.5.7.11.2", info) => {
            let semantics = match info {
                Some(info) if info.tag == tag::SEQUENCE => Reader::new(info.value)
                    .optional(tag::OID)?
                    .and_then(|t| oid_to_string(t.value)),
                Some(_) => return Err(bad("SemanticsInformation")),
                None => None,
            };
            QcStatement::Semantics {
                statement: oid,
                semantics,
            }
        }
        (_, info) => QcStatement::Other {
            info_hex: info.map(|i| hex(i.raw)).unwrap_or_default(),
            oid,
        },
    })
}

/// A DER INTEGER's content as i64 (at most 8 bytes).
pub fn integer(content: &[u8]) -> Result<i64, CertError> {
    if content.is_empty() || content.len() > 8 {
        return Err(bad("INTEGER out of range"));
    }
    let negative = content.first().is_some_and(|b| b & 0x80 != 0);
    let mut value: i64 = if negative { -1 } else { 0 };
    for b in content {
        value = (value << 8) | i64::from(*b);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qc_statements_oid() {
        let der = [0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x03];
        assert!(is_qc_statements(&der));
        assert_eq!(
            super::super::der::oid_to_string(&der).as_deref(),
            Some("1.3.6.1.5.5.7.1.3")
        );
        assert!(!is_qc_statements(&der[..7]));
    }

    #[test]
    fn etsi_statements() {
        // SEQUENCE { QcCompliance, QcSSCD, QcType{esign}, QcPDS{url,en}, QcRetentionPeriod 10,
        //            QcLimitValue{EUR, 1000, 0}, pkixQCSyntax-v2{natural person}, QcCClegislation{HU} }
        let der = include_bytes!("../../tests/data/cert/qc_statements.der");
        let got = parse_qc_statements(der).unwrap();
        assert_eq!(got[0], QcStatement::Compliance);
        assert_eq!(got[1], QcStatement::Sscd);
        assert_eq!(got[2], QcStatement::Type(vec![QcType::ESign]));
        assert_eq!(
            got[3],
            QcStatement::Pds(vec![PdsLocation {
                url: "https://pds.example.hu/pds_en.pdf".into(),
                language: "en".into()
            }])
        );
        assert_eq!(got[4], QcStatement::RetentionPeriod { years: 10 });
        assert_eq!(
            got[5],
            QcStatement::LimitValue {
                currency: "EUR".into(),
                amount: 1000,
                exponent: 0
            }
        );
        assert_eq!(
            got[6],
            QcStatement::Semantics {
                statement: "1.3.6.1.5.5.7.11.2".into(),
                semantics: Some("0.4.0.194121.1.1".into())
            }
        );
        assert_eq!(got[7], QcStatement::CcLegislation(vec!["HU".into()]));
        assert_eq!(got.len(), 8);
    }

    #[test]
    fn malformed_statements() {
        assert!(parse_qc_statements(&[]).is_err());
        assert!(parse_qc_statements(&[0x30, 0x03, 0x30, 0x01, 0x06]).is_err());
        assert!(parse_qc_statements(&[0x31, 0x00]).is_err());
        assert_eq!(integer(&[0xFF]).unwrap(), -1);
        assert_eq!(integer(&[0x01, 0x00]).unwrap(), 256);
    }
}
