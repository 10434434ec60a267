//! The shared secret of an OTP key: wiped from memory on drop, never printed.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{OtpError, Randomness, base32};

/// The fewest bytes accepted for a new enrollment: 128 bits (RFC 4226 section 4, R6).
pub const MIN_SECRET_BYTES: usize = 16;
/// The length of a generated secret: 160 bits (the RFC 4226 recommendation).
pub const GENERATED_SECRET_BYTES: usize = 20;
/// The most bytes accepted (longer keys are of no use: HMAC hashes them down anyway).
pub const MAX_SECRET_BYTES: usize = 256;

/// An OTP shared secret.
///
/// The bytes are wiped from memory when the value is dropped; `Debug` prints `Secret(***)`.
/// Constructors for new enrollments refuse secrets under 128 bits
/// ([`OtpError::KeyTooShort`]); the `*_legacy` constructors are the explicit opt-in for importing
/// older, shorter keys (for example 80-bit keys some services still issue).
///
/// ```
/// use eeszt_auth::otp::Secret;
/// let secret = Secret::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")?;
/// assert_eq!(secret.setup_key().as_str(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
/// assert_eq!(format!("{secret:?}"), "Secret(***)");
/// assert!(Secret::from_base32("JBSWY3DPEHPK3PXP").is_err()); // 80 bits: too short
/// assert!(Secret::from_base32_legacy("JBSWY3DPEHPK3PXP").is_ok());
/// # Ok::<(), eeszt_auth::otp::OtpError>(())
/// ```
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
}

impl Secret {
    /// Generates a new 160-bit secret from `rng`.
    pub fn generate(rng: &mut (impl Randomness + ?Sized)) -> Result<Secret, OtpError> {
        let mut bytes = Zeroizing::new(vec![0u8; GENERATED_SECRET_BYTES]);
        rng.fill(&mut bytes)?;
        Ok(Secret { bytes })
    }

    /// A secret from raw bytes: at least 128 bits, at most [`MAX_SECRET_BYTES`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Secret, OtpError> {
        Secret::checked(bytes, MIN_SECRET_BYTES)
    }

    /// A secret from raw bytes of an imported legacy key: any non-empty length up to
    /// [`MAX_SECRET_BYTES`]. Use only for keys that already exist elsewhere.
    pub fn from_legacy_bytes(bytes: &[u8]) -> Result<Secret, OtpError> {
        Secret::checked(bytes, 1)
    }

    /// A secret from a base32 setup key (lenient: lowercase, spaces, hyphens, optional padding),
    /// at least 128 bits.
    pub fn from_base32(text: &str) -> Result<Secret, OtpError> {
        Secret::checked(&base32::decode(text)?, MIN_SECRET_BYTES)
    }

    /// Like [`Secret::from_base32`] but accepting shorter imported legacy keys.
    pub fn from_base32_legacy(text: &str) -> Result<Secret, OtpError> {
        Secret::checked(&base32::decode(text)?, 1)
    }

    fn checked(bytes: &[u8], min_bytes: usize) -> Result<Secret, OtpError> {
        if bytes.is_empty() {
            return Err(OtpError::KeyEmpty);
        }
        if bytes.len() < min_bytes {
            return Err(OtpError::KeyTooShort);
        }
        if bytes.len() > MAX_SECRET_BYTES {
            return Err(OtpError::KeyTooLong {
                max_bytes: MAX_SECRET_BYTES,
            });
        }
        Ok(Secret {
            bytes: Zeroizing::new(bytes.to_vec()),
        })
    }

    /// The raw bytes. Handle with care: do not log or store them in clear.
    pub fn expose(&self) -> &[u8] {
        &self.bytes
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Always false (an empty secret cannot be made); present for API completeness.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The secret as uppercase base32 without padding (what goes into an otpauth:// URI).
    pub fn to_base32(&self) -> Zeroizing<String> {
        base32::encode(&self.bytes)
    }

    /// The setup key to show for typing: uppercase base32 in groups of four, separated by spaces.
    pub fn setup_key(&self) -> Zeroizing<String> {
        base32::encode_grouped(&self.bytes)
    }
}

impl PartialEq for Secret {
    /// Constant-time comparison (the length is not secret).
    fn eq(&self, other: &Secret) -> bool {
        self.bytes.as_slice().ct_eq(other.bytes.as_slice()).into()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert_eq!(Secret::from_bytes(&[]), Err(OtpError::KeyEmpty));
        assert_eq!(Secret::from_bytes(&[1; 15]), Err(OtpError::KeyTooShort));
        assert!(Secret::from_bytes(&[1; 16]).is_ok());
        assert!(Secret::from_legacy_bytes(&[1; 10]).is_ok());
        assert_eq!(Secret::from_legacy_bytes(&[]), Err(OtpError::KeyEmpty));
        assert_eq!(
            Secret::from_bytes(&[1; 257]),
            Err(OtpError::KeyTooLong { max_bytes: 256 })
        );
        assert_eq!(Secret::from_base32(""), Err(OtpError::KeyEmpty));
    }

    #[test]
    fn never_printed() {
        let secret = Secret::from_bytes(b"12345678901234567890").unwrap();
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(
            secret.to_base32().as_str(),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }
}
