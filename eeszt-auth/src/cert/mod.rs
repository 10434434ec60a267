//! Certificates: the EESZT client certificate (X.509, PKCS#12) and TR-03110 CV certificates.
//!
//! Every connected institution holds an EESZT SSL ("WAF-SSL") client certificate that its EESZT
//! permission administrator downloads from the portal ("EESZT SSL kliens tanúsítvány letöltése"),
//! its password arriving by SMS. When it expires the medical software stops talking to EESZT. This
//! module reads such files and says whether they are ready for mutual TLS:
//!
//! * [`Bundle::load`] reads DER, PEM (one or many blocks, with keys) and PKCS#12 (modern PBES2/AES
//!   and legacy RC2/3DES, non-ASCII passwords such as "Árvíztűrő");
//! * [`Certificate`] holds what is inspected: subject and issuer as ordered attribute lists
//!   ([`Name`], correct for UTF8String, BMPString, PrintableString and T61String holding Latin-1),
//!   the serial with its sign, validity, key usage, extended key usage, SAN, basic constraints,
//!   SKI/AKI, QCStatements, the public key's type and size, and the SHA-256 fingerprint;
//! * [`Readiness::check`] tells whether a client certificate can be used now (the time is passed in).
//!
//! ```
//! use eeszt_auth::cert::{Bundle, Readiness, DEFAULT_WARN_DAYS};
//! let pem = include_bytes!("../../tests/data/cert/demo_client.pem");
//! let bundle = Bundle::load(pem, None).unwrap();
//! let leaf = &bundle.certificates[0];
//! assert_eq!(leaf.subject().common_name(), Some("Példa Kórház Kft. WAF-SSL kliens"));
//! // 2030-01-01T00:00:00Z
//! let report = Readiness::check(&bundle, 1_893_456_000, DEFAULT_WARN_DAYS).unwrap();
//! assert!(report.is_ready());
//! ```

mod anchors;
mod chain;
pub(crate) mod der;
mod ec_verify;
mod error;
mod extensions;
mod key;
mod layout;
mod load;
mod name;
mod oid_names;
pub(crate) mod pem;
mod pkcs12;
mod pubkey;
pub(crate) mod qc;
mod readiness;
mod serial;
mod strings;
mod verify;
mod x509;

pub mod cvc;
mod cvc_chat;
mod cvc_curve;
mod cvc_date;
mod cvc_key;
mod cvc_oid;
pub(crate) mod cvc_tlv;
mod cvc_verify;
pub(crate) mod trust;

pub use crate::calendar::rfc3339;
pub use anchors::{MAX_PATH, TrustAnchors, TrustPath, Untrusted};
pub use chain::{Chain, Link, build_chain, find_leaf, issued_by};
pub use cvc::{CvBody, CvCertificate, CvReference, Extension};
pub use cvc_chat::{Chat, Right, Role, TerminalType};
pub use cvc_curve::Curve;
pub use cvc_date::CvDate;
pub use cvc_key::{CvPublicKey, EcDomain, KeyMaterial};
pub use cvc_oid::{HashAlg, Oid, RsaPadding, TaAlgorithm};
pub use cvc_verify::{verify_signature, verify_with_key};
pub use error::CertError;
pub use extensions::{AltName, BasicConstraints, KEY_USAGE_NAMES, KeyUsage, eku_name};
pub use key::{KeyMatch, PrivateKey};
pub use load::{Bundle, Format, detect};
pub use name::{Attribute, Name, short_name};
pub use pem::to_pem;
pub use pubkey::{KeyType, PublicKeyInfo, curve_name};
pub use qc::{PdsLocation, QcStatement, QcType};
pub use readiness::{DEFAULT_WARN_DAYS, Expiry, KeyStatus, Readiness, Usage};
pub use serial::Serial;
pub use strings::{StringKind, decode as decode_string, encode as encode_string};
pub use trust::{CvcaTrustStore, ImportOutcome, TrustPoint, verify_chain};
pub use verify::{SignatureCheck, check_signature};
pub use x509::Certificate;
