//! Distinguished names (subject and issuer) as ordered attribute lists and as strings.

use std::borrow::Cow;

use super::CertError;
use super::der::{Reader, Tlv, hex, oid_text, split_any_tag, tag};
use super::strings::{self, StringKind};

/// One attribute of a name, such as `CN=Dr. Kovács Éva`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute type in dotted form (`2.5.4.3` for commonName); borrowed from a static table
    /// for the usual attribute types.
    pub oid: Cow<'static, str>,
    /// The value as text (T61String read as Latin-1, BMPString as UTF-16, see [`StringKind`]); a value
    /// that is not a character string is `#` followed by the hex of its DER encoding (RFC 4514).
    pub value: String,
    /// The ASN.1 string type the value was encoded with.
    pub kind: StringKind,
    /// Index of the relative distinguished name (RDN) this attribute belongs to; attributes of a
    /// multi-valued RDN share it.
    pub rdn: usize,
}

impl Attribute {
    /// The short name of the attribute type (`CN`, `O`, `C`, ...), or the dotted OID when it has
    /// no common short name.
    pub fn short_name(&self) -> &str {
        short_name(&self.oid).unwrap_or(&self.oid)
    }
}

/// A distinguished name: its attributes in encoding order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    /// The attributes in the order they are encoded.
    pub attributes: Vec<Attribute>,
}

impl Name {
    /// Decodes a DER Name (the whole SEQUENCE), reading every value ourselves (T61String as
    /// Latin-1, BMPString, UniversalString); a value that is not a character string becomes `#` and
    /// the hex of its encoding.
    pub fn from_der(raw: &[u8]) -> Result<Name, CertError> {
        let mut name = Name {
            attributes: Vec::with_capacity(8),
        };
        name.read(raw)?;
        Ok(name)
    }

    /// Like [`Name::from_der`] for a name x509-parser has already accepted: the attributes read
    /// before anything this reader does not accept, rather than an error.
    pub(crate) fn from_der_lenient(raw: &[u8]) -> Name {
        let mut name = Name::default();
        let _ = name.read(raw);
        name
    }

    fn read(&mut self, raw: &[u8]) -> Result<(), CertError> {
        walk(raw, |rdn, oid, value| {
            self.attributes.push(Attribute {
                oid: oid_text(oid).unwrap_or_else(|| Cow::Owned(format!("#{}", hex(oid)))),
                value: value_text(value),
                kind: value_kind(value.tag),
                rdn,
            })
        })
    }

    /// The values of every attribute with this OID, in order.
    pub fn values<'a>(&'a self, oid: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.attributes
            .iter()
            .filter(move |a| a.oid == oid)
            .map(|a| a.value.as_str())
    }

    /// The first common name (`2.5.4.3`), if any.
    pub fn common_name(&self) -> Option<&str> {
        self.values("2.5.4.3").next()
    }
}

impl std::fmt::Display for Name {
    /// `C=HU, O=Példa Kórház, CN=Dr. Kovács Éva`: encoding order, `, ` between RDNs, ` + ` inside a
    /// multi-valued RDN; `,`, `+`, `"`, `\`, `<`, `>`, `;` and `=` in values are escaped with `\`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut previous: Option<usize> = None;
        for attr in &self.attributes {
            match previous {
                Some(rdn) if rdn == attr.rdn => f.write_str(" + ")?,
                Some(_) => f.write_str(", ")?,
                None => {}
            }
            previous = Some(attr.rdn);
            f.write_str(attr.short_name())?;
            f.write_str("=")?;
            for c in attr.value.chars() {
                if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') {
                    f.write_str("\\")?;
                }
                std::fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

/// Walks a DER Name (SEQUENCE OF SET OF AttributeTypeAndValue), calling `f` with the index of
/// the RDN, the content bytes of the attribute type OID and the value element, in encoding order.
fn walk<'a>(raw: &'a [u8], mut f: impl FnMut(usize, &'a [u8], Tlv<'a>)) -> Result<(), CertError> {
    let seq = Reader::new(raw).expect(tag::SEQUENCE, "SEQUENCE (Name)")?;
    let mut rdns = Reader::new(seq.value);
    let mut rdn = 0;
    while !rdns.is_empty() {
        let set = rdns.expect(tag::SET, "SET (RelativeDistinguishedName)")?;
        let mut atvs = Reader::new(set.value);
        while !atvs.is_empty() {
            let atv = atvs.expect(tag::SEQUENCE, "SEQUENCE (AttributeTypeAndValue)")?;
            let mut fields = Reader::new(atv.value);
            let oid = fields.expect(tag::OID, "OBJECT IDENTIFIER (AttributeType)")?;
            // Any element may follow, high tag numbers included (x509-parser accepts them).
            let (value, _) = split_any_tag(fields.rest())?;
            f(rdn, oid.value, value);
        }
        rdn += 1;
    }
    Ok(())
}

/// The string type of a value from its tag byte: universal primitive tags name a string type,
/// anything else is [`StringKind::Other`].
fn value_kind(tag_byte: u8) -> StringKind {
    let number = u32::from(tag_byte & 0x1F);
    if tag_byte & 0xE0 == 0 {
        StringKind::from_tag(number)
    } else {
        StringKind::Other(number)
    }
}

/// The text of a value, or `#` and the hex of its DER encoding when it is not a character string.
fn value_text(value: Tlv<'_>) -> String {
    strings::decode(value_kind(value.tag), value.value)
        .unwrap_or_else(|| format!("#{}", hex(value.raw)))
}

/// The usual short name of a name attribute type.
pub fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        _ => return None,
    })
}
