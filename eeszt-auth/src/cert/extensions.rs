//! The certificate extensions this library reports: key usage, extended key usage, subject
//! alternative names, basic constraints and key identifiers.

use x509_parser::extensions::{
    AuthorityKeyIdentifier, ExtendedKeyUsage, GeneralName, KeyIdentifier, SubjectAlternativeName,
};
use x509_parser::prelude::FromDer;

use super::CertError;
use super::der::{Reader, hex, oid_to_string, tag};
use super::name::Name;
use super::qc::{QcStatement, is_qc_statements, parse_qc_statements};

/// The key usage bits (RFC 5280 4.2.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyUsage {
    /// Bit 0 is `digitalSignature`, as in RFC 5280 (x509-parser's layout).
    pub flags: u16,
}

/// The RFC 5280 names of the key usage bits, bit 0 first.
pub const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

impl KeyUsage {
    /// True when bit `bit` (0 = digitalSignature) is set.
    pub fn has(self, bit: u8) -> bool {
        bit < 16 && self.flags & (1 << bit) != 0
    }

    /// digitalSignature: the key may sign, as a TLS client does in the handshake.
    pub fn digital_signature(self) -> bool {
        self.has(0)
    }

    /// keyCertSign: the key may sign certificates.
    pub fn key_cert_sign(self) -> bool {
        self.has(5)
    }

    /// The names of the bits that are set, bit 0 first.
    pub fn names(self) -> Vec<&'static str> {
        KEY_USAGE_NAMES
            .iter()
            .enumerate()
            .filter(|(bit, _)| self.has(*bit as u8))
            .map(|(_, name)| *name)
            .collect()
    }
}

/// anyExtendedKeyUsage.
pub const EKU_ANY: &str = "2.5.29.37.0";
/// id-kp-clientAuth: TLS client authentication.
pub const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";

/// The usual name of an extended key usage OID (`clientAuth`), if it has one.
pub fn eku_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        EKU_ANY => "anyExtendedKeyUsage",
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        EKU_CLIENT_AUTH => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "1.3.6.1.4.1.311.20.2.2" => "msSmartcardLogin",
        "1.3.6.1.5.2.3.4" => "pkInitKDC",
        _ => return None,
    })
}

/// Basic constraints (RFC 5280 4.2.1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BasicConstraints {
    /// The subject is a certification authority.
    pub ca: bool,
    /// The path length constraint, if any.
    pub path_len: Option<u32>,
}

/// One subject alternative name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AltName {
    /// dNSName.
    Dns(String),
    /// rfc822Name (e-mail address).
    Email(String),
    /// uniformResourceIdentifier.
    Uri(String),
    /// iPAddress, as text (`192.0.2.1`, `2001:db8::1`), or hex when the length is neither 4 nor 16.
    Ip(String),
    /// directoryName.
    Directory(Name),
    /// registeredID (dotted OID).
    RegisteredId(String),
    /// otherName: its type OID and the hex of its value.
    Other {
        /// The type OID.
        oid: String,
        /// Hex of the DER value.
        value_hex: String,
    },
    /// x400Address, ediPartyName, or an entry x509-parser could not read: hex of the data.
    Unsupported(String),
}

impl AltName {
    /// Converts an x509-parser general name.
    pub fn from_x509(name: &GeneralName<'_>) -> AltName {
        match name {
            GeneralName::DNSName(s) => AltName::Dns((*s).to_owned()),
            GeneralName::RFC822Name(s) => AltName::Email((*s).to_owned()),
            GeneralName::URI(s) => AltName::Uri((*s).to_owned()),
            GeneralName::IPAddress(bytes) => AltName::Ip(ip_text(bytes)),
            GeneralName::DirectoryName(n) => {
                AltName::Directory(Name::from_der(n.as_raw()).unwrap_or_default())
            }
            GeneralName::RegisteredID(oid) => AltName::RegisteredId(
                oid_to_string(oid.as_bytes()).unwrap_or_else(|| hex(oid.as_bytes())),
            ),
            GeneralName::OtherName(oid, value) => AltName::Other {
                oid: oid_to_string(oid.as_bytes()).unwrap_or_else(|| hex(oid.as_bytes())),
                value_hex: hex(value),
            },
            GeneralName::X400Address(any) | GeneralName::EDIPartyName(any) => {
                AltName::Unsupported(hex(any.data))
            }
            GeneralName::Invalid(_, data) => AltName::Unsupported(hex(data)),
        }
    }
}

impl std::fmt::Display for AltName {
    /// OpenSSL's style: `DNS:eeszt.gov.hu`, `email:...`, `URI:...`, `IP:...`, `DirName:...`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AltName::Dns(s) => write!(f, "DNS:{s}"),
            AltName::Email(s) => write!(f, "email:{s}"),
            AltName::Uri(s) => write!(f, "URI:{s}"),
            AltName::Ip(s) => write!(f, "IP:{s}"),
            AltName::Directory(n) => write!(f, "DirName:{n}"),
            AltName::RegisteredId(s) => write!(f, "RID:{s}"),
            AltName::Other { oid, value_hex } => write!(f, "othername:{oid}:#{value_hex}"),
            AltName::Unsupported(h) => write!(f, "unsupported:#{h}"),
        }
    }
}

/// The extensions a [`Certificate`](super::Certificate) reports, decoded together in one walk
/// over the extension list (x509-parser for the RFC 5280 ones, [`parse_qc_statements`] for
/// QCStatements). When an extension occurs twice, the last one counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Extensions {
    pub key_usage: Option<KeyUsage>,
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_alt_names: Vec<AltName>,
    pub basic_constraints: Option<BasicConstraints>,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    pub qc_statements: Option<Vec<QcStatement>>,
}

impl Extensions {
    /// Decodes the extension list (the content of the Extensions SEQUENCE) of a certificate
    /// x509-parser has accepted (which checked the list, and whose QCStatements were checked when
    /// it was loaded). An element this reader cannot read ends the walk; an extension x509-parser
    /// cannot decode is left out, as a deep parse would have left it.
    pub fn decode(list: &[u8]) -> Extensions {
        let mut out = Extensions::default();
        let _ = walk(list, |oid, value| out.add(oid, value));
        out
    }

    /// Decodes one extension with x509-parser's parser for its type (the one its deep parse
    /// would pick), QCStatements with [`parse_qc_statements`]; other extensions are not reported.
    fn add(&mut self, oid: &[u8], value: &[u8]) {
        // id-ce (2.5.29.x) extensions by their last arc.
        match oid {
            [0x55, 0x1D, 14] => {
                if let Ok((_, ki)) = KeyIdentifier::from_der(value) {
                    self.subject_key_id = Some(ki.0.to_vec());
                }
            }
            [0x55, 0x1D, 15] => {
                if let Ok((_, ku)) = x509_parser::extensions::KeyUsage::from_der(value) {
                    self.key_usage = Some(KeyUsage { flags: ku.flags });
                }
            }
            [0x55, 0x1D, 17] => {
                if let Ok((_, san)) = SubjectAlternativeName::from_der(value) {
                    self.subject_alt_names =
                        san.general_names.iter().map(AltName::from_x509).collect();
                }
            }
            [0x55, 0x1D, 19] => {
                if let Ok((_, bc)) = x509_parser::extensions::BasicConstraints::from_der(value) {
                    self.basic_constraints = Some(BasicConstraints {
                        ca: bc.ca,
                        path_len: bc.path_len_constraint,
                    });
                }
            }
            [0x55, 0x1D, 35] => {
                if let Ok((_, aki)) = AuthorityKeyIdentifier::from_der(value) {
                    self.authority_key_id = aki.key_identifier.as_ref().map(|k| k.0.to_vec());
                }
            }
            [0x55, 0x1D, 37] => {
                if let Ok((_, eku)) = ExtendedKeyUsage::from_der(value) {
                    self.extended_key_usage = Some(eku_in_order(value, &eku));
                }
            }
            _ if is_qc_statements(oid) => self.qc_statements = parse_qc_statements(value).ok(),
            _ => {}
        }
    }
}

/// The EKU OIDs in encoding order (x509-parser splits the list into flags and the others).
fn eku_in_order(value: &[u8], eku: &ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut oids = Vec::new();
    if let Ok(seq) = Reader::new(value).expect(tag::SEQUENCE, "ExtKeyUsageSyntax") {
        let mut items = Reader::new(seq.value);
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
    oids
}

/// Walks an extension list, calling `f` with each extension's OID content bytes and its value
/// (the content of the OCTET STRING).
fn walk<'a>(list: &'a [u8], mut f: impl FnMut(&'a [u8], &'a [u8])) -> Result<(), CertError> {
    const BOOLEAN: u8 = 0x01;
    const OCTET_STRING: u8 = 0x04;
    let mut exts = Reader::new(list);
    while !exts.is_empty() {
        let ext = exts.expect(tag::SEQUENCE, "SEQUENCE (Extension)")?;
        let mut fields = Reader::new(ext.value);
        let oid = fields.expect(tag::OID, "OBJECT IDENTIFIER (extnID)")?;
        fields.optional(BOOLEAN)?;
        let value = fields.expect(OCTET_STRING, "OCTET STRING (extnValue)")?;
        f(oid.value, value.value);
    }
    Ok(())
}

fn ip_text(bytes: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        return std::net::Ipv4Addr::from(v4).to_string();
    }
    if let Ok(v6) = <[u8; 16]>::try_from(bytes) {
        return std::net::Ipv6Addr::from(v6).to_string();
    }
    hex(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_usage_names() {
        let ku = KeyUsage {
            flags: 0b1_0010_0001,
        };
        assert_eq!(
            ku.names(),
            ["digitalSignature", "keyCertSign", "decipherOnly"]
        );
        assert!(ku.digital_signature() && ku.key_cert_sign());
        assert!(!KeyUsage::default().digital_signature());
        assert_eq!(eku_name(EKU_CLIENT_AUTH), Some("clientAuth"));
        assert_eq!(ip_text(&[192, 0, 2, 1]), "192.0.2.1");
        assert_eq!(ip_text(&[1, 2]), "0102");
    }
}
