//! The card side of the login: what the flow needs from an eID card, and its implementation for the
//! eSzemélyi over any [`Transport`].

use rand_core::CryptoRng;

use crate::card::Transport;
use crate::card::eid::pin::{self, LastTry, PinAttempt, PinStatus};
use crate::card::eid::session::read_card_access;
use crate::card::eid::{CardAccess, Password, auth, params};
use crate::card::transport::with_exclusive;
use crate::card::{CardError, EidError};
use crate::error::Result;

/// What the card proved: its authentication certificate and its signature over the caller's
/// challenge. A relying party checks it with [`CardEvidence::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardEvidence {
    /// The card's X.509 authentication certificate (DER), read under secure messaging.
    pub certificate: Vec<u8>,
    /// The challenge the caller gave.
    pub challenge: Vec<u8>,
    /// The card's signature over the challenge: ECDSA P-256 with SHA-256, `r || s`.
    pub signature: Vec<u8>,
}

impl CardEvidence {
    /// The signature scheme of [`CardEvidence::signature`].
    pub const ALGORITHM: &'static str = "ecdsa-p256-sha256";

    /// Verifies the signature over the challenge with the certificate's public key. It does not
    /// check the certificate's chain or validity: that is the relying party's PKI decision.
    pub fn verify(&self) -> Result<()> {
        auth::verify_signature(&self.certificate, &self.challenge, &self.signature)
    }
}

/// What the login flow needs from an eID card. Implemented for the eSzemélyi over any transport
/// ([`EszemelyiCard`]); a vendor may implement it for another card.
pub trait LoginCard {
    /// True when the card is simulated (an in-process simulator the caller named). Login results
    /// report it.
    fn is_simulated(&self) -> bool;

    /// Checks that a card is present and recognised and reads its PIN state. Never spends a try.
    fn pin_status(&mut self) -> Result<PinStatus>;

    /// Runs PACE with the PIN (after PACE with the CAN when the PIN is suspended) and, on success,
    /// reads the authentication certificate and has the card sign `challenge`. Spends at most one PIN
    /// try, never retries by itself, and refuses to spend the card's last try unless `last_try` is
    /// [`LastTry::Allow`].
    fn authenticate(
        &mut self,
        pin: &Password,
        can: Option<&Password>,
        challenge: &[u8],
        last_try: LastTry,
    ) -> Result<CardEvidence>;
}

impl<T: LoginCard + ?Sized> LoginCard for &mut T {
    fn is_simulated(&self) -> bool {
        (**self).is_simulated()
    }
    fn pin_status(&mut self) -> Result<PinStatus> {
        (**self).pin_status()
    }
    fn authenticate(
        &mut self,
        pin: &Password,
        can: Option<&Password>,
        challenge: &[u8],
        last_try: LastTry,
    ) -> Result<CardEvidence> {
        (**self).authenticate(pin, can, challenge, last_try)
    }
}

/// The eSzemélyi behind a transport (PC/SC reader, vpcd, the in-process simulated card), with the
/// randomness PACE needs.
#[derive(Debug)]
pub struct EszemelyiCard<T: Transport, R: CryptoRng> {
    transport: T,
    rng: R,
    access: Option<CardAccess>,
}

impl<T: Transport> EszemelyiCard<T, rand_core::UnwrapErr<getrandom::SysRng>> {
    /// The card behind `transport`, with the operating system's random generator.
    pub fn new(transport: T) -> Self {
        EszemelyiCard::with_rng(transport, crate::card::eid::rng::os_rng())
    }
}

impl<T: Transport, R: CryptoRng> EszemelyiCard<T, R> {
    /// The card behind `transport`, with injected randomness (deterministic tests).
    pub fn with_rng(transport: T, rng: R) -> Self {
        EszemelyiCard {
            transport,
            rng,
            access: None,
        }
    }

    /// The transport.
    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }

    /// Gives the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }

    /// Checks the ATR and reads EF.CardAccess (again after a card reset).
    fn card_access(&mut self) -> Result<CardAccess> {
        if self.transport.reset_seen() {
            self.access = None;
        }
        if let Some(access) = &self.access {
            return Ok(access.clone());
        }
        let atr = self.transport.atr()?;
        if !params::is_eszemelyi_atr(&atr) {
            return Err(EidError::NotEszemelyi.into());
        }
        let access = match read_card_access(&mut self.transport) {
            Ok(access) => access,
            // A card without EF.CardAccess is not an eSzemélyi.
            Err(crate::Error::Card(CardError::Status { .. })) => {
                return Err(EidError::NotEszemelyi.into());
            }
            Err(e) => return Err(e),
        };
        self.access = Some(access.clone());
        Ok(access)
    }
}

impl<T: Transport, R: CryptoRng> LoginCard for EszemelyiCard<T, R> {
    fn is_simulated(&self) -> bool {
        self.transport.is_simulated()
    }

    fn pin_status(&mut self) -> Result<PinStatus> {
        self.access = None;
        let access = self.card_access()?;
        pin::status(&mut self.transport, &access)
    }

    fn authenticate(
        &mut self,
        pin: &Password,
        can: Option<&Password>,
        challenge: &[u8],
        last_try: LastTry,
    ) -> Result<CardEvidence> {
        let access = self.card_access()?;
        let rng = &mut self.rng;
        // The PIN state that guards the last try is read by `open_pin_session` (MSE:Set AT) right
        // before PACE; one transaction holds both and the signature, so no other program can
        // interleave a PIN attempt.
        let proof = with_exclusive(&mut self.transport, |t| {
            let attempt = PinAttempt { pin, can, last_try };
            let mut session = pin::open_pin_session(t, &access, attempt, rng)?;
            auth::authenticate(&mut session, challenge)
        })?;
        Ok(CardEvidence {
            certificate: proof.certificate,
            challenge: challenge.to_vec(),
            signature: proof.signature,
        })
    }
}
