//! Where random bytes come from: passed in by the caller, or the operating system's generator.
//!
//! Every function that needs randomness takes `&mut impl Randomness`. Any cryptographic generator
//! of the `rand_core` 0.10 family (`rand::rngs::StdRng`, `getrandom::SysRng` wrapped in
//! `UnwrapErr`, ...) is one; [`OsRandom`] reads the operating system's generator (`getrandom`)
//! and reports its failure as an error instead of panicking.
//!
//! ```
//! use eeszt_auth::otp::{OsRandom, Secret};
//! let secret = Secret::generate(&mut OsRandom)?;
//! assert_eq!(secret.len(), 20);
//! # Ok::<(), eeszt_auth::otp::OtpError>(())
//! ```

use super::OtpError;

/// A source of cryptographically secure random bytes.
pub trait Randomness {
    /// Fills `dest` with random bytes.
    ///
    /// Errors: [`OtpError::RandomUnavailable`] when the source cannot deliver.
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), OtpError>;
}

impl<R: rand_core::CryptoRng + ?Sized> Randomness for R {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), OtpError> {
        self.fill_bytes(dest);
        Ok(())
    }
}

/// The operating system's random generator (`getrandom`): the
/// convenience source for production.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl Randomness for OsRandom {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), OtpError> {
        getrandom::fill(dest).map_err(|_| OtpError::RandomUnavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn os_and_seeded_sources() {
        let mut a = [0u8; 32];
        OsRandom.fill(&mut a).unwrap();
        let mut b = [0u8; 32];
        OsRandom.fill(&mut b).unwrap();
        assert_ne!(a, b);
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let mut c = [0u8; 32];
        rng.fill(&mut c).unwrap();
        assert_ne!(a, c);
    }
}
