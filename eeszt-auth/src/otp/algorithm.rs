//! The HMAC hash functions an OTP key can use.

use std::fmt;
use std::str::FromStr;

use super::OtpError;

/// The hash function of the HMAC behind a code (RFC 4226 uses SHA-1; RFC 6238 adds SHA-256/512).
///
/// Many authenticator apps ignore anything but SHA-1: use SHA-256/512 only where the app is known to
/// support it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum Algorithm {
    /// HMAC-SHA-1 (the default and what every app supports).
    #[default]
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Algorithm {
    /// Every algorithm, in C ABI order (`0` SHA-1, `1` SHA-256, `2` SHA-512).
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

    /// The name used in otpauth:// URIs: `SHA1`, `SHA256` or `SHA512`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// The length of the hash output in bytes (20, 32 or 64), also the recommended secret length.
    pub fn output_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }

    /// The algorithm for a C ABI value (`0` SHA-1, `1` SHA-256, `2` SHA-512).
    pub fn from_u32(value: u32) -> Option<Algorithm> {
        Algorithm::ALL.get(usize::try_from(value).ok()?).copied()
    }
}

impl FromStr for Algorithm {
    type Err = OtpError;

    /// Accepts `SHA1`, `SHA-1`, `SHA256`, `SHA-256`, `SHA512`, `SHA-512` in any case.
    fn from_str(s: &str) -> Result<Algorithm, OtpError> {
        let name: String = s
            .trim()
            .chars()
            .filter(|c| *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        match name.as_str() {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA512" => Ok(Algorithm::Sha512),
            _ => Err(OtpError::UnknownAlgorithm),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for alg in Algorithm::ALL {
            assert_eq!(alg.name().parse::<Algorithm>(), Ok(alg));
            assert_eq!(alg.name().to_lowercase().parse::<Algorithm>(), Ok(alg));
        }
        assert_eq!("sha-256".parse::<Algorithm>(), Ok(Algorithm::Sha256));
        assert_eq!("MD5".parse::<Algorithm>(), Err(OtpError::UnknownAlgorithm));
        assert_eq!(Algorithm::from_u32(2), Some(Algorithm::Sha512));
        assert_eq!(Algorithm::from_u32(3), None);
    }
}
