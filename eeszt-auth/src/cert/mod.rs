//! Certificates: the EESZT client certificate (X.509, PKCS#12) and TR-03110 CV certificates.

mod error;

pub mod cvc;
mod cvc_chat;
mod cvc_curve;
mod cvc_date;
mod cvc_key;
mod cvc_oid;
mod cvc_tlv;
mod cvc_verify;
mod import;
mod trust;
mod trust_chip;

pub use cvc::{CvBody, CvCertificate, CvReference, Extension};
pub use cvc_chat::{Chat, Right, Role, TerminalType};
pub use cvc_curve::Curve;
pub use cvc_date::CvDate;
pub use cvc_key::{CvPublicKey, EcDomain, KeyMaterial};
pub use cvc_oid::{HashAlg, Oid, RsaPadding, TaAlgorithm};
pub use cvc_verify::{verify_signature, verify_with_key};
pub use error::CertError;
pub use import::{
    certificates_to_send, import_chain, mse_set_dst_command, pso_verify_certificate_command,
};
pub use trust::{CvcaTrustStore, ImportOutcome, TrustPoint, verify_chain};
pub use trust_chip::{ChipCertificates, status_word_for};
