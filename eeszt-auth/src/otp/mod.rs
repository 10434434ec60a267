//! One-time passwords: HOTP (RFC 4226), TOTP (RFC 6238), otpauth URIs, verification policy,
//! one-time codes for other channels, and QR codes for enrollment.
//!
//! * [`Secret`]: the shared secret (wiped on drop, never printed); [`base32`] setup keys.
//! * [`OtpKey`]: a secret with its hash and digit count and precomputed HMAC states; one SHA-1
//!   code costs two compressions and no heap allocation. [`Totp`] adds the time step.
//! * [`Verifier`] with a [`Policy`] and a per-user [`UserState`] the caller stores: windows, drift,
//!   replay protection, lockout, HOTP resynchronisation.
//! * [`Store`] and [`verify_atomic`]: the state kept in a shared database, verified exactly once
//!   across threads, processes and servers (stores in the `eeszt-auth-store` crate).
//!
//! Nothing here reads the clock: times are unix seconds passed in. Randomness is passed in as
//! [`Randomness`]; [`OsRandom`] is the operating system's generator.
//!
//! ```
//! use eeszt_auth::otp::{Algorithm, OtpKey, OsRandom, Secret, Totp};
//! let secret = Secret::generate(&mut OsRandom)?;
//! println!("setup key: {}", secret.setup_key().as_str());
//! let totp = Totp::standard(OtpKey::new(secret, Algorithm::Sha1, 6)?);
//! let code = totp.code_at(1_700_000_000)?;
//! assert_eq!(code.len(), 6);
//! # Ok::<(), eeszt_auth::otp::OtpError>(())
//! ```

mod algorithm;
pub mod base32;
mod code;
mod enroll;
mod error;
mod key;
mod mac;
mod onetime;
mod percent;
mod qr;
mod random;
mod secret;
mod store;
mod uri;
mod verifier;

pub use algorithm::Algorithm;
pub use code::{Code, MAX_DIGITS, MIN_DIGITS};
pub use enroll::Enrollment;
pub use error::OtpError;
pub use key::{DEFAULT_PERIOD, OtpKey, Totp};
pub use onetime::{
    CODE_RECORD_VERSION, CodeRecord, IssuedCode, ONE_TIME_KEY_MIN_BYTES, ONE_TIME_MAX_TRIES,
    OneTimeKey, OneTimeKind, issue_code,
};
pub use qr::{qr_svg, qr_text};
pub use random::{OsRandom, Randomness};
pub use secret::{GENERATED_SECRET_BYTES, MAX_SECRET_BYTES, MIN_SECRET_BYTES, Secret};
pub use store::{
    MAX_STORE_TRIES, MAX_STORE_USER_BYTES, STATE_RECORD_VERSION, Store, Versioned,
    check_store_user, verify_atomic, verify_hotp_atomic,
};
pub use uri::{MAX_URI_BYTES, OtpUri, UriKind};
pub use verifier::{MAX_WINDOW, Match, Policy, UserState, Verifier};
