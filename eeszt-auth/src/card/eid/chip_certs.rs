//! The card side of certificate import: what a simulated eSzemélyi (or any TR-03110 chip) does with
//! MSE:Set DST and PSO:Verify Certificate, on top of a [`CvcaTrustStore`].
//!
//! * `MSE:Set DST` (`00 22 81 B6`, data `83 <CAR>`) selects the key that verifies the next
//!   certificate: a trust point or a DV key verified earlier in the session. Unknown: `6A88`.
//! * `PSO:Verify Certificate` (`00 2A 00 BE`, data = certificate body `7F4E` and signature `5F37`)
//!   verifies the certificate with the selected key and the trust-store rules (the chip's own
//!   current date; it has no clock). A CVCA link certificate updates the trust point (the "CVCA
//!   update"); a DV key becomes selectable; a terminal certificate is kept for terminal
//!   authentication ([`CvcaTrustStore::terminal`]).
//!
//! Status words: `9000` accepted; `6A80` malformed certificate or key reference; `6A88` unknown key
//! reference; `6985` PSO without a selected key, or a CAR that is not the selected key; `6300`
//! signature, expiry or role check failed; `6A81` unsupported algorithm or curve.
//!
//! ```no_run
//! use eeszt_auth::card::Command;
//! use eeszt_auth::card::eid::ChipCertificates;
//! use eeszt_auth::cert::{CvcaTrustStore, CvDate};
//!
//! # fn main() -> eeszt_auth::Result<()> {
//! let cvca = std::fs::read("HUCVCA00001.cvcert").unwrap();
//! let store = CvcaTrustStore::new(&cvca, CvDate::new(2026, 1, 1).unwrap())?;
//! let mut chip = ChipCertificates::new(store);
//! // In the simulated card's APDU dispatcher:
//! let apdu = Command::parse(&[0x00, 0x22, 0x81, 0xB6, 0x0D, 0x83, 0x0B, b'H', b'U', b'C', b'V', b'C',
//!     b'A', b'0', b'0', b'0', b'0', b'1'])?;
//! if let Some(response) = chip.process(&apdu) {
//!     assert!(response.sw().is_success());
//! }
//! # Ok(()) }
//! ```

use crate::card::{Command, Response, StatusWord};
use crate::cert::CertError;
use crate::cert::cvc::{CvCertificate, CvReference};
use crate::cert::cvc_tlv;
use crate::cert::trust::{CvcaTrustStore, ImportOutcome};

/// Success.
const SW_OK: u16 = 0x9000;
/// Incorrect parameters in the data field.
const SW_WRONG_DATA: u16 = 0x6A80;
/// Function not supported (algorithm, curve).
const SW_NOT_SUPPORTED: u16 = 0x6A81;
/// Referenced data (key) not found.
const SW_NOT_FOUND: u16 = 0x6A88;
/// Conditions of use not satisfied.
const SW_CONDITIONS: u16 = 0x6985;
/// Verification failed.
const SW_VERIFY_FAILED: u16 = 0x6300;
/// Incorrect P1-P2.
const SW_WRONG_P1P2: u16 = 0x6A86;

/// The status word a chip answers for a certificate the trust store refused.
pub fn status_word_for(err: &CertError) -> StatusWord {
    StatusWord(match err {
        CertError::CvcBadSignature { .. }
        | CertError::CvcExpired { .. }
        | CertError::CvcRoleNotAllowed { .. }
        | CertError::CvcIssuerMismatch { .. } => SW_VERIFY_FAILED,
        CertError::CvcUnknownTrustPoint { .. } => SW_NOT_FOUND,
        CertError::CvcUnknownAlgorithm { .. } | CertError::CvcUnsupportedCurve { .. } => {
            SW_NOT_SUPPORTED
        }
        _ => SW_WRONG_DATA,
    })
}

/// The chip's certificate-verification state: its trust store and the key selected by MSE:Set DST.
///
/// Plain data; `Send`, not shared between threads without a lock. Call
/// [`ChipCertificates::reset`] when the card is reset (the selection and session keys are
/// volatile; trust points and the current date persist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipCertificates {
    store: CvcaTrustStore,
    selected: Option<CvReference>,
    last_outcome: Option<ImportOutcome>,
}

impl ChipCertificates {
    /// A chip trusting what `store` trusts.
    pub fn new(store: CvcaTrustStore) -> ChipCertificates {
        ChipCertificates {
            store,
            selected: None,
            last_outcome: None,
        }
    }

    /// The trust store (trust points, current date, accepted terminal).
    pub fn store(&self) -> &CvcaTrustStore {
        &self.store
    }

    /// The trust store, mutably.
    pub fn store_mut(&mut self) -> &mut CvcaTrustStore {
        &mut self.store
    }

    /// What the last successful PSO:Verify Certificate did.
    pub fn last_outcome(&self) -> Option<&ImportOutcome> {
        self.last_outcome.as_ref()
    }

    /// Forgets the volatile state (selected key, DV keys, terminal), as on a card reset.
    pub fn reset(&mut self) {
        self.selected = None;
        self.last_outcome = None;
        self.store.reset_session();
    }

    /// Handles the command if it is MSE:Set DST (`INS 22, P1P2 81B6`) or PSO:Verify Certificate
    /// (`INS 2A, P1P2 00BE`); `None` for any other command (the caller dispatches those).
    pub fn process(&mut self, command: &Command) -> Option<Response> {
        let sw = match (command.ins(), command.p1(), command.p2()) {
            (0x22, 0x81, 0xB6) => self.mse_set_dst(command.data()),
            (0x2A, 0x00, 0xBE) => self.pso_verify_certificate(command.data()).0,
            (0x2A, _, 0xBE) => StatusWord(SW_WRONG_P1P2),
            _ => return None,
        };
        Some(Response::new(Vec::new(), sw))
    }

    /// MSE:Set DST: selects the key named by DO 83 in `data`.
    pub fn mse_set_dst(&mut self, data: &[u8]) -> StatusWord {
        let Ok((car, rest)) = cvc_tlv::expect(data, 0x83, "key reference (83)") else {
            return StatusWord(SW_WRONG_DATA);
        };
        if !rest.is_empty() {
            return StatusWord(SW_WRONG_DATA);
        }
        let Ok(car) = CvReference::new(car) else {
            return StatusWord(SW_WRONG_DATA);
        };
        if !self.store.knows(&car) {
            self.selected = None;
            return StatusWord(SW_NOT_FOUND);
        }
        self.selected = Some(car);
        StatusWord(SW_OK)
    }

    /// PSO:Verify Certificate: verifies body and signature in `data` with the selected key.
    /// Returns the status word and, on success, what the certificate did.
    pub fn pso_verify_certificate(&mut self, data: &[u8]) -> (StatusWord, Option<ImportOutcome>) {
        let Some(selected) = self.selected.take() else {
            return (StatusWord(SW_CONDITIONS), None);
        };
        let cert = match CvCertificate::parse_body_and_signature(data) {
            Ok(cert) => cert,
            Err(err) => return (status_word_for(&err), None),
        };
        if cert.car() != &selected {
            return (StatusWord(SW_CONDITIONS), None);
        }
        let today = self.store.current_date();
        match self.store.import_certificate(&cert, today) {
            Ok(outcome) => {
                self.last_outcome = Some(outcome.clone());
                (StatusWord(SW_OK), Some(outcome))
            }
            Err(err) => (status_word_for(&err), None),
        }
    }
}
