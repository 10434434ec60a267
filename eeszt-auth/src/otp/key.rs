//! `OtpKey` (HOTP, RFC 4226) and `Totp` (RFC 6238): codes from a key with precomputed HMAC states.

use std::fmt;

use super::code::{check_digits, reduce};
use super::mac::MacKey;
use super::{Algorithm, Code, OtpError, Secret};

/// An OTP key ready to compute codes: the secret, the hash, the digit count and the precomputed
/// HMAC inner/outer states, so that one SHA-1 code costs exactly two compressions.
///
/// The secret and the states are wiped from memory on drop; `Debug` never shows them. An `OtpKey`
/// is immutable and `Send + Sync`: share it between threads freely.
///
/// ```
/// use eeszt_auth::otp::{Algorithm, OtpKey, Secret};
/// let secret = Secret::from_bytes(b"12345678901234567890")?;
/// let key = OtpKey::new(secret, Algorithm::Sha1, 6)?;
/// assert_eq!(key.hotp(0).as_str(), "755224"); // RFC 4226 appendix D
/// # Ok::<(), eeszt_auth::otp::OtpError>(())
/// ```
#[derive(Clone)]
pub struct OtpKey {
    secret: Secret,
    algorithm: Algorithm,
    digits: u32,
    mac: MacKey,
}

impl OtpKey {
    /// A key for `digits`-digit codes (6 to 10) with the HMAC hash `algorithm`.
    ///
    /// Errors: [`OtpError::BadDigits`].
    pub fn new(secret: Secret, algorithm: Algorithm, digits: u32) -> Result<OtpKey, OtpError> {
        let digits = check_digits(digits)?;
        let mac = MacKey::new(algorithm, secret.expose());
        Ok(OtpKey {
            secret,
            algorithm,
            digits,
            mac,
        })
    }

    /// The HOTP code for `counter` (RFC 4226). No heap allocation.
    #[inline]
    pub fn hotp(&self, counter: u64) -> Code {
        Code::render(self.mac.truncated(counter), self.digits)
    }

    /// The code for `counter` as a number (`hotp(counter)` without the rendering), below
    /// `10^digits`.
    #[inline]
    pub fn hotp_value(&self, counter: u64) -> u64 {
        u64::from(reduce(self.mac.truncated(counter), self.digits))
    }

    /// The full HMAC of the 8-byte big-endian `counter` (20, 32 or 64 bytes), for diagnostics and
    /// known-answer tests.
    pub fn hmac(&self, counter: u64) -> Vec<u8> {
        let mut out = [0u8; super::mac::MAX_MAC_LEN];
        let len = self.mac.mac(counter, &mut out);
        out.get(..len).unwrap_or(&[]).to_vec()
    }

    /// The secret.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The HMAC hash.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The number of digits of a code.
    pub fn digits(&self) -> u32 {
        self.digits
    }
}

impl fmt::Debug for OtpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpKey")
            .field("secret", &"***")
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .finish()
    }
}

/// The default TOTP time step: 30 seconds.
pub const DEFAULT_PERIOD: u64 = 30;

/// A time-based key (RFC 6238): an [`OtpKey`] with a time step (`period`, seconds) and a start
/// time `t0` (unix seconds). The time is always passed in; nothing here reads the clock.
///
/// ```
/// use eeszt_auth::otp::{Algorithm, OtpKey, Secret, Totp};
/// let key = OtpKey::new(Secret::from_bytes(b"12345678901234567890")?, Algorithm::Sha1, 8)?;
/// let totp = Totp::new(key, 30, 0)?;
/// assert_eq!(totp.code_at(59)?.as_str(), "94287082"); // RFC 6238 appendix B
/// # Ok::<(), eeszt_auth::otp::OtpError>(())
/// ```
#[derive(Clone)]
pub struct Totp {
    key: OtpKey,
    period: u64,
    t0: u64,
}

impl Totp {
    /// A TOTP generator with time step `period` seconds (at least 1) starting at `t0`.
    ///
    /// Errors: [`OtpError::BadPeriod`] for a zero period.
    pub fn new(key: OtpKey, period: u64, t0: u64) -> Result<Totp, OtpError> {
        if period == 0 {
            return Err(OtpError::BadPeriod);
        }
        Ok(Totp { key, period, t0 })
    }

    /// The usual authenticator-app setup: 30-second steps from the Unix epoch.
    pub fn standard(key: OtpKey) -> Totp {
        Totp {
            key,
            period: DEFAULT_PERIOD,
            t0: 0,
        }
    }

    /// The time step containing `unix_time`: `(unix_time - t0) / period`.
    ///
    /// Errors: [`OtpError::TimeBeforeStart`] when `unix_time < t0`.
    #[inline]
    pub fn step(&self, unix_time: u64) -> Result<u64, OtpError> {
        unix_time
            .checked_sub(self.t0)
            .map(|t| t / self.period)
            .ok_or(OtpError::TimeBeforeStart)
    }

    /// The code valid at `unix_time`.
    #[inline]
    pub fn code_at(&self, unix_time: u64) -> Result<Code, OtpError> {
        Ok(self.key.hotp(self.step(unix_time)?))
    }

    /// The code for time step `step`.
    #[inline]
    pub fn code_for_step(&self, step: u64) -> Code {
        self.key.hotp(step)
    }

    /// Seconds until the code valid at `unix_time` changes (1 to `period`).
    pub fn seconds_left(&self, unix_time: u64) -> Result<u64, OtpError> {
        let elapsed = unix_time
            .checked_sub(self.t0)
            .ok_or(OtpError::TimeBeforeStart)?;
        Ok(self.period - elapsed % self.period)
    }

    /// The unix time at which step `step` starts (saturating at `u64::MAX`).
    pub fn step_start(&self, step: u64) -> u64 {
        step.saturating_mul(self.period).saturating_add(self.t0)
    }

    /// The key.
    pub fn key(&self) -> &OtpKey {
        &self.key
    }

    /// The time step in seconds.
    pub fn period(&self) -> u64 {
        self.period
    }

    /// The start time T0 (unix seconds).
    pub fn t0(&self) -> u64 {
        self.t0
    }
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Totp")
            .field("key", &self.key)
            .field("period", &self.period)
            .field("t0", &self.t0)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(alg: Algorithm, seed: &[u8], digits: u32) -> OtpKey {
        OtpKey::new(Secret::from_bytes(seed).unwrap(), alg, digits).unwrap()
    }

    #[test]
    fn rfc4226_and_6238_spot_checks() {
        let k = key(Algorithm::Sha1, b"12345678901234567890", 6);
        assert_eq!(k.hotp(1).as_str(), "287082");
        assert_eq!(k.hotp_value(7), 162_583);
        let t = Totp::new(
            key(Algorithm::Sha256, b"12345678901234567890123456789012", 8),
            30,
            0,
        )
        .unwrap();
        assert_eq!(t.code_at(59).unwrap().as_str(), "46119246");
        assert_eq!(t.step(59), Ok(1));
        assert_eq!(t.seconds_left(59), Ok(1));
        assert_eq!(t.seconds_left(60), Ok(30));
        assert_eq!(t.step_start(2), 60);
    }

    #[test]
    fn time_rules() {
        let k = key(Algorithm::Sha1, b"12345678901234567890", 6);
        assert_eq!(Totp::new(k.clone(), 0, 0).unwrap_err(), OtpError::BadPeriod);
        let t = Totp::new(k.clone(), 60, 1000).unwrap();
        assert_eq!(t.step(999), Err(OtpError::TimeBeforeStart));
        assert_eq!(t.step(1000), Ok(0));
        assert_eq!(t.step(1059), Ok(0));
        assert_eq!(t.step(1060), Ok(1));
        assert_eq!(t.step(u64::MAX), Ok((u64::MAX - 1000) / 60));
        assert_eq!(
            OtpKey::new(k.secret().clone(), Algorithm::Sha1, 11).unwrap_err(),
            OtpError::BadDigits { digits: 11 }
        );
        let debug = format!("{t:?}");
        assert!(debug.contains("***") && !debug.contains("GEZD"), "{debug}");
    }
}
