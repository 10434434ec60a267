//! Distinguished names (subject and issuer) as ordered attribute lists and as strings.

use x509_parser::der_parser::asn1_rs::Any;
use x509_parser::x509::X509Name;

use super::der::{hex, oid_to_string};
use super::strings::{self, StringKind};

/// One attribute of a name, such as `CN=Dr. Kovács Éva`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute type in dotted form (`2.5.4.3` for commonName).
    pub oid: String,
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
    /// Reads a name parsed by x509-parser, decoding every value ourselves (T61String as Latin-1,
    /// BMPString, UniversalString).
    pub fn from_x509(name: &X509Name<'_>) -> Name {
        let mut attributes = Vec::with_capacity(8);
        for (rdn, set) in name.iter_rdn().enumerate() {
            for attr in set.iter() {
                let oid = oid_to_string(attr.attr_type().as_bytes())
                    .unwrap_or_else(|| format!("#{}", hex(attr.attr_type().as_bytes())));
                let value_any = attr.attr_value();
                let kind = if value_any.class() as u8 == 0 && !value_any.header.is_constructed() {
                    StringKind::from_tag(value_any.tag().0)
                } else {
                    StringKind::Other(value_any.tag().0)
                };
                let value = strings::decode(kind, value_any.data)
                    .unwrap_or_else(|| format!("#{}", hex(&reencode(value_any))));
                attributes.push(Attribute {
                    oid,
                    value,
                    kind,
                    rdn,
                });
            }
        }
        Name { attributes }
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

/// Re-creates the DER encoding of a value (for the `#hex` form of non-string values).
fn reencode(any: &Any<'_>) -> Vec<u8> {
    let class = (any.class() as u8) << 6;
    let constructed = if any.header.is_constructed() { 0x20 } else { 0 };
    let number = any.tag().0;
    let mut out = Vec::with_capacity(any.data.len() + 6);
    if number < 31 {
        out.push(class | constructed | number as u8);
    } else {
        out.push(class | constructed | 0x1F);
        let mut groups = Vec::new();
        let mut n = number;
        loop {
            groups.push((n & 0x7F) as u8);
            n >>= 7;
            if n == 0 {
                break;
            }
        }
        for (i, g) in groups.iter().rev().enumerate() {
            out.push(if i + 1 < groups.len() { g | 0x80 } else { *g });
        }
    }
    let len = any.data.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(any.data);
    out
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
