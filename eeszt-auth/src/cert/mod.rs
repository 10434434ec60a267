//! Certificates: the EESZT client certificate (X.509, PKCS#12) and TR-03110 CV certificates.

mod error;

pub use error::CertError;
