//! Loading certificates from DER, PEM (one or many blocks, with keys) and PKCS#12 (.p12/.pfx),
//! with format detection.

use super::CertError;
use super::der::{self, Reader, tag};
use super::key::PrivateKey;
use super::pem;
use super::x509::Certificate;

/// The format of a certificate file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One DER-encoded X.509 certificate.
    Der,
    /// PEM text: certificates and possibly private keys.
    Pem,
    /// PKCS#12 (.p12, .pfx): certificates and keys protected by a password.
    Pkcs12,
    /// A TR-03110 CV certificate (tag 7F21), handled by the CV certificate functions.
    Cvc,
}

impl Format {
    /// `der`, `pem`, `pkcs12` or `cvc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Der => "der",
            Format::Pem => "pem",
            Format::Pkcs12 => "pkcs12",
            Format::Cvc => "cvc",
        }
    }
}

/// Tells the format of `data` from its first bytes.
pub fn detect(data: &[u8]) -> Result<Format, CertError> {
    match data {
        [] => Err(CertError::Empty),
        [0x7F, 0x21, ..] => Ok(Format::Cvc),
        [tag::SEQUENCE, ..] => {
            let (outer, _) = der::split_tlv(data)?;
            match outer.value.first() {
                Some(&tag::INTEGER) => Ok(Format::Pkcs12),
                Some(&tag::SEQUENCE) => Ok(Format::Der),
                Some(&found) => Err(CertError::WrongTag {
                    expected: "SEQUENCE (X.509) or INTEGER (PKCS#12)",
                    found,
                }),
                None => Err(CertError::Truncated {
                    needed: data.len() as u64 + 1,
                    available: data.len() as u64,
                }),
            }
        }
        _ if pem::looks_like_pem(data) => Ok(Format::Pem),
        _ => Err(CertError::UnknownFormat),
    }
}

/// What a certificate file holds: its certificates in file order and any private keys.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The file format.
    pub format: Format,
    /// The certificates in the order the file holds them.
    pub certificates: Vec<Certificate>,
    /// The private keys found (PKCS#12 key bags, PEM key blocks).
    pub keys: Vec<PrivateKey>,
}

impl Bundle {
    /// Loads DER, PEM or PKCS#12 data. `password` opens PKCS#12 files (`None` tries the empty
    /// password and asks for one if that fails); other formats ignore it.
    ///
    /// ```
    /// use eeszt_auth::cert::{Bundle, CertError};
    /// let err = Bundle::load(b"", None).unwrap_err();
    /// assert_eq!(err, CertError::Empty);
    /// ```
    pub fn load(data: &[u8], password: Option<&str>) -> Result<Bundle, CertError> {
        match detect(data)? {
            Format::Der => Ok(Bundle {
                format: Format::Der,
                certificates: vec![Certificate::from_der(data)?],
                keys: Vec::new(),
            }),
            Format::Pem => load_pem(data),
            Format::Pkcs12 => load_pkcs12(data, password),
            Format::Cvc => Err(CertError::IsCvCertificate),
        }
    }
}

fn load_pem(data: &[u8]) -> Result<Bundle, CertError> {
    let mut certificates = Vec::new();
    let mut keys = Vec::new();
    for block in pem::parse_pem(data)? {
        match block.label.as_str() {
            "CERTIFICATE" | "X509 CERTIFICATE" => {
                certificates.push(Certificate::from_der(&block.der)?);
            }
            "TRUSTED CERTIFICATE" => {
                // OpenSSL appends trust settings after the certificate.
                let (cert, _) = der::split_tlv(&block.der)?;
                certificates.push(Certificate::from_der(cert.raw)?);
            }
            label => {
                if let Some(key) = PrivateKey::from_pem_block(label, &block.der) {
                    keys.push(key?);
                }
            }
        }
    }
    if certificates.is_empty() {
        return Err(CertError::NoCertificate);
    }
    Ok(Bundle {
        format: Format::Pem,
        certificates,
        keys,
    })
}

fn load_pkcs12(data: &[u8], password: Option<&str>) -> Result<Bundle, CertError> {
    // Structure first: clear errors for truncation, trailing bytes and a wrong version.
    let (outer, rest) = der::split_tlv(data)?;
    if !rest.is_empty() {
        return Err(CertError::TrailingData {
            extra: rest.len() as u64,
        });
    }
    let version = Reader::new(outer.value).expect(tag::INTEGER, "INTEGER (PFX version)")?;
    if version.value != [3] {
        return Err(CertError::Malformed {
            detail: "PKCS#12 version is not 3".into(),
        });
    }
    let no_password = password.is_none_or(str::is_empty);
    let wrong_password = if no_password {
        CertError::PasswordRequired
    } else {
        CertError::WrongPassword
    };
    let super::pkcs12::Contents { certificates, keys } =
        super::pkcs12::open(data, password.unwrap_or(""), wrong_password)?;
    if certificates.is_empty() {
        return Err(CertError::NoCertificate);
    }
    Ok(Bundle {
        format: Format::Pkcs12,
        certificates,
        keys,
    })
}
