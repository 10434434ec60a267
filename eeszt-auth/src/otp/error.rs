//! Errors of this area (codes 2001-2999).

use crate::error::Detail;

define_errors! {
    /// One-time password errors.
    pub enum OtpError {
        /// KeyTooShort
        KeyTooShort = 2001, "OTP_KEY_TOO_SHORT", hu: "A titkos kulcs túl rövid: legalább 128 bit szükséges.", en: "The secret key is too short: at least 128 bits are required.";
    }
}

impl Detail for OtpError {}
