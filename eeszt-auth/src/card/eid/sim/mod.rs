//! The simulated eSzemélyi (feature `sim`): the chip side of PACE, secure messaging and the PIN
//! lifecycle, with the same state machine the terminal side expects, as a [`SimCard`].
//!
//! It runs in-process ([`crate::card::SimTransport`]) or behind a real pcscd through vpcd, so any
//! PC/SC program sees it. **Its card model is inferred** (see [`super::params`]).
//!
//! # Default secrets
//!
//! | secret | value |
//! | --- | --- |
//! | transport (activation) PIN of a new card | `12345` ([`DEFAULT_TRANSPORT_PIN`]) |
//! | PIN of [`SimEszemelyi::activated`] | `123456` ([`DEFAULT_PIN`]) |
//! | CAN | `654321` ([`DEFAULT_CAN`]) |
//! | PUK | `1234567890` ([`DEFAULT_PUK`]) |
//! | authentication key | the published P-256 test key [`DEFAULT_AUTH_KEY`] |
//!
//! # What it implements
//! * EF.CardAccess (FID 011C, SFI 1C) offering `id-PACE-ECDH-GM-AES-CBC-CMAC-128` on
//!   brainpoolP256r1 (ID 13) by default (12/16 and AES-192/256 through the state);
//! * MSE:Set AT (CAN, PIN, PUK; MRZ is not offered: 6A88) reporting the PIN state in its status word
//!   (9000, 6283 transport PIN, 63C2, 63C1 suspended, 63C0 blocked); the four GENERAL AUTHENTICATE
//!   steps; a wrong PIN decrements the counter (63Cx); the second wrong PIN suspends it (PACE with the
//!   PIN then needs a CAN session first), the third blocks it;
//! * secure messaging for everything after PACE; a plain command ends the SM session; an SM error
//!   (missing or wrong objects, wrong MAC) answers 6987/6988 and ends it;
//! * RESET RETRY COUNTER: `00 2C 02 03 <PIN>` after PACE with the PIN (activation, change),
//!   `00 2C 03 03` after PACE with the PUK (unblock);
//! * the eID application (SELECT by AID), an X.509 authentication certificate (FID C001) and a
//!   personal-data file (FID C002), readable only under SM after PACE with an active PIN;
//! * INTERNAL AUTHENTICATE `00 88 00 81 <challenge>`: an ECDSA P-256/SHA-256 signature (r || s) by the
//!   authentication key, under SM after PACE with the PIN;
//! * GET CHALLENGE; deterministic randomness from a seed; the state as JSON ([`SimState`]), saved
//!   after every change when an autosave file is set.
//!
//! * a trust-point slot holding a CVCA ([`DEFAULT_CVCA`] by default): MSE:Set DST and
//!   PSO:Verify Certificate under SM import DV/terminal certificates and CVCA link certificates
//!   (the "CVCA update"; an accepted link is saved in the state) through
//!   [`crate::card::eid::ChipCertificates`]; the current CVCA references go into DO 87/88 of PACE.
//!
//! Not implemented: terminal and chip authentication (the accepted terminal certificate is kept but
//! no EXTERNAL AUTHENTICATE follows), the ePassport and eSign applications.

mod commands;
mod file;
pub mod state;

pub use file::write_private_atomic;

use super::{
    pace::{PaceChip, SessionKeys},
    params,
    rng::DeterministicRng,
    secret::PasswordKind,
    sm::SmCodec,
};
use crate::card::eid::ChipCertificates;
use crate::card::{Command, EidError, Response, SimCard, StatusWord};
use crate::error::Result;
pub use state::{
    DEFAULT_AUTH_KEY, DEFAULT_CAN, DEFAULT_CVCA, DEFAULT_CVCA_CERT, DEFAULT_PIN, DEFAULT_PUK,
    DEFAULT_TRANSPORT_PIN, SimState,
};
use std::path::PathBuf;

/// The file currently selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Selected {
    #[default]
    Master,
    Application,
    File(u16),
}

/// Volatile state: cleared on reset and power-off.
#[derive(Debug, Default)]
struct Volatile {
    sm: Option<SmCodec>,
    /// The password the current SM session was established with.
    authenticated: Option<PasswordKind>,
    /// The password selected by MSE:Set AT.
    pace_kind: Option<PasswordKind>,
    /// The PACE run in progress and its next step (0-3).
    pace: Option<(PaceChip, u8)>,
    /// Keys to switch to once the current answer is sent.
    pending: Option<(SessionKeys, PasswordKind)>,
    selected: Selected,
}

/// The simulated eSzemélyi. See the module docs.
///
/// Not thread-safe by itself (`&mut` to process commands); it is `Send`.
#[derive(Debug)]
pub struct SimEszemelyi {
    state: SimState,
    certs: Option<ChipCertificates>,
    rng: DeterministicRng,
    autosave: Option<PathBuf>,
    last_save_error: Option<crate::Error>,
    dirty: bool,
    volatile: Volatile,
}

impl Default for SimEszemelyi {
    fn default() -> SimEszemelyi {
        SimEszemelyi::new()
    }
}

impl SimEszemelyi {
    /// A new card as delivered (transport PIN `12345`), with a fixed default seed.
    pub fn new() -> SimEszemelyi {
        SimEszemelyi::with_seed([0x42; 32])
    }

    /// A new card (transport PIN) with the given random seed.
    pub fn with_seed(seed: [u8; 32]) -> SimEszemelyi {
        SimEszemelyi::from_state(SimState::new(seed)).unwrap_or_else(|_| SimEszemelyi {
            state: SimState::new(seed),
            certs: None,
            rng: DeterministicRng::from_seed(seed),
            autosave: None,
            last_save_error: None,
            dirty: false,
            volatile: Volatile::default(),
        })
    }

    /// A new card (transport PIN) with a seed from the operating system's generator.
    pub fn with_random_seed() -> SimEszemelyi {
        let mut seed = [0u8; 32];
        rand_core::Rng::fill_bytes(&mut super::rng::os_rng(), &mut seed);
        SimEszemelyi::with_seed(seed)
    }

    /// An activated card: PIN `123456`, all tries left.
    pub fn activated() -> SimEszemelyi {
        let mut card = SimEszemelyi::new();
        card.state.pin_state = "active".into();
        card.state.pin = DEFAULT_PIN.into();
        card
    }

    /// A card from a saved state (validated).
    pub fn from_state(state: SimState) -> Result<SimEszemelyi> {
        state.validate()?;
        let seed = state.seed_bytes().ok_or(EidError::SimState {
            detail: "seed".into(),
        })?;
        let certs = state.trust_store()?.map(ChipCertificates::new);
        Ok(SimEszemelyi {
            certs,
            rng: DeterministicRng::at_position(seed, state.rng_position),
            state,
            autosave: None,
            last_save_error: None,
            dirty: false,
            volatile: Volatile::default(),
        })
    }

    /// Loads a card from a JSON state file and saves every change back to it.
    pub fn open(path: impl Into<PathBuf>) -> Result<SimEszemelyi> {
        let path = path.into();
        let mut card = SimEszemelyi::from_state(SimState::load(&path)?)?;
        card.autosave = Some(path);
        Ok(card)
    }

    /// Saves every change of the persistent state to `path` from now on.
    pub fn set_autosave(&mut self, path: Option<PathBuf>) {
        self.autosave = path;
    }

    /// The last autosave failure, if any (cleared by the next successful save).
    pub fn last_save_error(&self) -> Option<&crate::Error> {
        self.last_save_error.as_ref()
    }

    /// The persistent state (secrets included), with the generator's current position.
    pub fn state(&self) -> SimState {
        let mut state = self.state.clone();
        state.rng_position = self.rng.position();
        state
    }

    /// Replaces the persistent state (validated; the session is reset).
    pub fn set_state(&mut self, state: SimState) -> Result<()> {
        let rebuilt = SimEszemelyi::from_state(state)?;
        self.state = rebuilt.state;
        self.certs = rebuilt.certs;
        self.rng = rebuilt.rng;
        self.volatile = Volatile::default();
        self.dirty = true;
        Ok(())
    }

    /// The CVCA trust store of the trust-point slot, if any.
    pub fn trust(&self) -> Option<&ChipCertificates> {
        self.certs.as_ref()
    }

    /// Whether a secure-messaging session is open on the card.
    pub fn sm_active(&self) -> bool {
        self.volatile.sm.is_some()
    }

    fn end_sm(&mut self) {
        self.volatile.sm = None;
        self.volatile.authenticated = None;
        self.volatile.pace = None;
        self.volatile.pending = None;
    }

    fn handle(&mut self, apdu: &[u8]) -> Response {
        let command = match Command::parse(apdu) {
            Ok(c) => c,
            Err(_) => return Response::new(Vec::new(), StatusWord(0x6700)),
        };
        let secure = command.cla() & 0x0C == 0x0C;
        if command.cla() & 0xE0 != 0 || command.cla() & 0x03 != 0 {
            return Response::new(Vec::new(), StatusWord(0x6E00));
        }
        let plain = if secure {
            let Some(codec) = self.volatile.sm.as_mut() else {
                return Response::new(Vec::new(), StatusWord(0x6987));
            };
            match codec.unprotect_command(&command) {
                Ok(plain) => plain,
                Err(err) => {
                    self.end_sm();
                    let sw = if err == EidError::SmObjectsMissing {
                        0x6987
                    } else {
                        0x6988
                    };
                    return Response::new(Vec::new(), StatusWord(sw));
                }
            }
        } else {
            if self.volatile.sm.is_some() {
                self.end_sm();
            }
            command
        };
        let answer = self.dispatch(&plain, secure);
        let answer = match (secure, self.volatile.sm.as_mut()) {
            (true, Some(codec)) => match codec.protect_response(&answer) {
                Ok(wrapped) => wrapped,
                Err(_) => {
                    self.end_sm();
                    Response::new(Vec::new(), StatusWord(0x6F00))
                }
            },
            _ => answer,
        };
        if let Some((keys, kind)) = self.volatile.pending.take() {
            self.volatile.sm = Some(SmCodec::new(keys));
            self.volatile.authenticated = Some(kind);
        }
        answer
    }

    fn autosave(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        if let Some(path) = self.autosave.clone() {
            self.last_save_error = self.state().save(&path).err();
        }
    }
}

impl SimCard for SimEszemelyi {
    fn atr(&self) -> Vec<u8> {
        params::ATR_ESZEMELYI.to_vec()
    }

    fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        let answer = self.handle(apdu);
        self.autosave();
        answer.to_bytes()
    }

    fn power_off(&mut self) {
        self.reset();
    }

    fn reset(&mut self) {
        self.volatile = Volatile::default();
        if let Some(certs) = self.certs.as_mut() {
            certs.reset();
        }
    }
}
