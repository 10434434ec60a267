//! Errors of this area (codes 5001-5999).

use crate::error::Detail;

define_errors! {
    /// Certificate errors.
    pub enum CertError {
        /// Unreadable
        Unreadable = 5001, "CERT_UNREADABLE", hu: "A tanúsítvány nem olvasható.", en: "The certificate cannot be read.";
    }
}

impl Detail for CertError {}
