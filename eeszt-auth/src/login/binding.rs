//! What makes a card login authenticated: the card's signature, the caller's trust anchors and the
//! caller's binding of the card to the typed user name.
//!
//! A PIN only proves that someone holds *a* card and knows *its* PIN. The flow therefore accepts a
//! card login only when the library itself has
//!
//! 1. verified the card's signature over the caller's fresh challenge with the public key of the
//!    card's authentication certificate,
//! 2. checked that certificate against the trust anchors the caller configured
//!    ([`TrustAnchors`]), and
//! 3. asked the caller's [`UserBinding`] whether that certificate belongs to the user name typed on
//!    the login page.
//!
//! [`CardChecks`] reports each of the three; [`CardChecks::authenticated`] is their conjunction.

use std::collections::HashMap;

use crate::cert::{Certificate, TrustAnchors};
use crate::id::EesztUserId;

/// Decides whether a card certificate belongs to a user: the caller's user directory.
///
/// Implemented for closures `Fn(&EesztUserId, &Certificate) -> bool` and for
/// [`FingerprintBindings`].
pub trait UserBinding {
    /// True when `certificate` (already verified and trusted) is registered for `user`.
    fn is_bound(&self, user: &EesztUserId, certificate: &Certificate) -> bool;
}

impl<F: Fn(&EesztUserId, &Certificate) -> bool> UserBinding for F {
    fn is_bound(&self, user: &EesztUserId, certificate: &Certificate) -> bool {
        self(user, certificate)
    }
}

/// User names mapped to the SHA-256 fingerprints of their cards' authentication certificates.
///
/// ```
/// use eeszt_auth::login::FingerprintBindings;
/// use eeszt_auth::id::EesztUserId;
/// let mut bindings = FingerprintBindings::new();
/// let user = EesztUserId::parse("O95745").unwrap();
/// bindings.bind(&user, [7; 32]);
/// assert!(bindings.fingerprints(&user).contains(&[7; 32]));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FingerprintBindings {
    by_user: HashMap<String, Vec<[u8; 32]>>,
}

impl FingerprintBindings {
    /// No bindings: no card login is bound.
    pub fn new() -> FingerprintBindings {
        FingerprintBindings::default()
    }

    /// Registers a certificate fingerprint for `user` (a user may have several cards).
    pub fn bind(&mut self, user: &EesztUserId, fingerprint: [u8; 32]) {
        let list = self.by_user.entry(user.as_str().to_owned()).or_default();
        if !list.contains(&fingerprint) {
            list.push(fingerprint);
        }
    }

    /// Adds every binding of `other`.
    pub fn extend(&mut self, other: &FingerprintBindings) {
        for (user, fingerprints) in &other.by_user {
            let list = self.by_user.entry(user.clone()).or_default();
            for fp in fingerprints {
                if !list.contains(fp) {
                    list.push(*fp);
                }
            }
        }
    }

    /// The fingerprints registered for `user`.
    pub fn fingerprints(&self, user: &EesztUserId) -> &[[u8; 32]] {
        self.by_user.get(user.as_str()).map_or(&[], Vec::as_slice)
    }

    /// How many users have a binding.
    pub fn len(&self) -> usize {
        self.by_user.len()
    }

    /// True when no user has a binding.
    pub fn is_empty(&self) -> bool {
        self.by_user.is_empty()
    }

    /// Parses a SHA-256 fingerprint written as 64 hex digits, optionally with `:` or spaces between
    /// bytes (as `openssl x509 -fingerprint -sha256` prints it).
    pub fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
        let digits: String = text.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
        let bytes = crate::card::hex::parse_hex(&digits).ok()?;
        bytes.try_into().ok()
    }
}

impl UserBinding for FingerprintBindings {
    fn is_bound(&self, user: &EesztUserId, certificate: &Certificate) -> bool {
        self.fingerprints(user).contains(&certificate.sha256())
    }
}

/// What the caller trusts for card logins: the anchors the card's certificate must chain to and the
/// binding of certificates to user names.
#[derive(Clone, Copy)]
pub struct CardTrust<'a> {
    /// The trust anchors (and intermediates) for the card's authentication certificate.
    pub anchors: &'a TrustAnchors,
    /// The user directory: which certificate belongs to which user name.
    pub binding: &'a dyn UserBinding,
    /// The time (unix seconds) at which the certificates must be valid: now.
    pub unix_time: u64,
}

impl std::fmt::Debug for CardTrust<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardTrust")
            .field("anchors", &self.anchors.anchors().len())
            .finish_non_exhaustive()
    }
}

/// The three checks of a card login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CardChecks {
    /// The card's signature over the challenge verified with its certificate's key.
    pub signature_verified: bool,
    /// The certificate chains to one of the caller's trust anchors and is valid now.
    pub trusted: bool,
    /// The caller's binding says the certificate belongs to the typed user name.
    pub bound: bool,
}

impl CardChecks {
    /// All three checks passed.
    pub fn authenticated(&self) -> bool {
        self.signature_verified && self.trusted && self.bound
    }
}
