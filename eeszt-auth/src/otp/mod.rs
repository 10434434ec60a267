//! One-time passwords: HOTP (RFC 4226), TOTP (RFC 6238), otpauth URIs, verification policy.

mod error;

pub use error::OtpError;
