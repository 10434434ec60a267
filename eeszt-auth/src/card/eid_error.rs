//! Errors of this area (codes 4001-4999).

use crate::error::Detail;

define_errors! {
    /// eID protocol errors (PACE, secure messaging, PIN).
    pub enum EidError {
        /// PinBlocked
        PinBlocked = 4001, "EID_PIN_BLOCKED", hu: "A PIN-kód blokkolva van; a feloldáshoz a PUK-kód szükséges.", en: "The PIN is blocked; the PUK is needed to unblock it.";
    }
}

impl Detail for EidError {}
