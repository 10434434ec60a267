//! Enrolling an authenticator app: a new secret, the setup key, the URI, the QR code, and the
//! first code that proves the app was set up.
//!
//! ```
//! use eeszt_auth::otp::{Enrollment, OsRandom};
//! let enrollment = Enrollment::new_totp(&mut OsRandom, "EESZT", "o95745")?;
//! println!("Beállítókulcs: {}", enrollment.setup_key().as_str());
//! let uri = enrollment.uri()?; // show as QR: enrollment.qr_svg()? / qr_text()?
//! // The user types the code the app shows; it must match before the key is stored.
//! let now = 1_700_000_000;
//! let code = enrollment.totp()?.code_at(now)?;
//! let state = enrollment.confirm(code.as_str(), now)?;
//! assert_eq!(state.last_step, Some(now / 30));
//! # Ok::<(), eeszt_auth::otp::OtpError>(())
//! ```

use zeroize::Zeroizing;

use super::{
    OtpError, OtpUri, Policy, Randomness, Secret, Totp, UriKind, UserState, Verifier, qr_svg,
    qr_text,
};

/// A new TOTP key for an authenticator app, before the user confirmed it.
///
/// Store [`Enrollment::secret`] (encrypted) and the [`UserState`] returned by
/// [`Enrollment::confirm`] only after the confirmation succeeded.
#[derive(Debug, Clone)]
pub struct Enrollment {
    uri: OtpUri,
}

impl Enrollment {
    /// A new 160-bit secret from `rng` with the authenticator-app defaults (SHA-1, 6 digits, 30 s).
    ///
    /// Errors: [`OtpError::IssuerColon`] / [`OtpError::AccountName`] / [`OtpError::NameControl`]
    /// for names that cannot go into a URI, [`OtpError::RandomUnavailable`]. Outer whitespace of
    /// the names is dropped.
    pub fn new_totp(
        rng: &mut (impl Randomness + ?Sized),
        issuer: &str,
        account: &str,
    ) -> Result<Enrollment, OtpError> {
        let uri = OtpUri::new_totp(Secret::generate(rng)?, Some(issuer), account);
        Enrollment::from_uri(uri)
    }

    /// An enrollment for an existing URI description (for example with other digits or hash).
    /// The names lose their outer whitespace (as in the URI).
    ///
    /// Errors: [`OtpError::NameControl`] for a control character in a name, and the errors of
    /// [`OtpUri::to_uri`] and [`OtpUri::key`].
    pub fn from_uri(mut uri: OtpUri) -> Result<Enrollment, OtpError> {
        uri.to_uri()?; // the names must be representable
        uri.key()?;
        uri.account = uri.account.trim().to_owned();
        uri.issuer = uri.issuer.map(|issuer| issuer.trim().to_owned());
        Ok(Enrollment { uri })
    }

    /// The URI description.
    pub fn description(&self) -> &OtpUri {
        &self.uri
    }

    /// The secret to store.
    pub fn secret(&self) -> &Secret {
        &self.uri.secret
    }

    /// The setup key to type into the app ("Beállítókulcs"): base32 in groups of four.
    pub fn setup_key(&self) -> Zeroizing<String> {
        self.uri.secret.setup_key()
    }

    /// The otpauth:// URI.
    pub fn uri(&self) -> Result<Zeroizing<String>, OtpError> {
        self.uri.to_uri()
    }

    /// The URI's QR code as SVG.
    pub fn qr_svg(&self) -> Result<String, OtpError> {
        qr_svg(&self.uri()?)
    }

    /// The URI's QR code as terminal text.
    pub fn qr_text(&self) -> Result<String, OtpError> {
        qr_text(&self.uri()?)
    }

    /// The TOTP generator of this key.
    pub fn totp(&self) -> Result<Totp, OtpError> {
        match self.uri.kind {
            UriKind::Totp { period } => Totp::new(self.uri.key()?, period, 0),
            UriKind::Hotp { .. } => Err(OtpError::UriType),
        }
    }

    /// Checks the first code the user typed from the app (default policy window) and returns the
    /// user's initial state to store with the secret.
    pub fn confirm(&self, code: &str, unix_time: u64) -> Result<UserState, OtpError> {
        let mut state = UserState::default();
        Verifier::new(Policy::default()).verify_totp(&self.totp()?, &mut state, code, unix_time)?;
        Ok(state)
    }
}
