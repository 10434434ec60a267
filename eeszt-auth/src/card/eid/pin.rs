//! The PIN lifecycle of the eSzemélyi (BSI TR-03110 Part 2 3.5 PIN management, as inferred):
//! state query, activation, change, resume with the CAN, unblock with the PUK.
//!
//! Rules this module enforces:
//! * the PIN state comes from the answer to MSE:Set AT, which spends no try;
//! * one call makes at most one PIN attempt, never a retry;
//! * an attempt that could spend the last try (the PIN is suspended, resumed with the CAN) is
//!   refused unless the caller passes [`LastTry::Allow`];
//! * new PINs are checked (6 digits, confirmation equal, compared in constant time) before the card
//!   is touched.
//!
//! Card commands (under secure messaging): RESET RETRY COUNTER `00 2C 02 03 <new PIN>` sets the PIN
//! after PACE with the (transport) PIN; `00 2C 03 03` resets the counter after PACE with the PUK.

use super::{
    cardaccess::CardAccess,
    params,
    secret::{Password, PasswordKind, Secret},
    session::{self, PaceOptions, SmSession},
};
use crate::card::{Command, EidError, Transport};
use crate::error::Result;
use rand_core::CryptoRng;

/// The state of the card's PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinState {
    /// Not activated: the 5-digit transport PIN is still set.
    Transport,
    /// Active (possibly with fewer than 3 tries left).
    Active,
    /// Suspended after two wrong PINs: the CAN is needed before the last try.
    Suspended,
    /// Blocked after three wrong PINs: the PUK is needed.
    Blocked,
}

impl PinState {
    /// The lowercase name used in JSON ("transport", "active", "suspended", "blocked").
    pub fn as_str(self) -> &'static str {
        match self {
            PinState::Transport => "transport",
            PinState::Active => "active",
            PinState::Suspended => "suspended",
            PinState::Blocked => "blocked",
        }
    }
}

/// The PIN state and the tries left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PinStatus {
    /// The state.
    pub state: PinState,
    /// Tries left (0 to 3).
    pub tries_left: u8,
}

impl PinStatus {
    /// Interprets the status word of MSE:Set AT with the PIN reference.
    pub fn from_set_at(sw: u16) -> Option<PinStatus> {
        let (state, tries_left) = match sw {
            0x9000 => (PinState::Active, params::PIN_TRIES),
            params::SW_TRANSPORT_PIN => (PinState::Transport, params::PIN_TRIES),
            0x63C0 | 0x6983 => (PinState::Blocked, 0),
            0x63C1 => (PinState::Suspended, 1),
            sw if sw & 0xFFF0 == 0x63C0 => (PinState::Active, (sw & 0x0F) as u8),
            _ => return None,
        };
        Some(PinStatus { state, tries_left })
    }
}

/// Consent to spend the PIN's last try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LastTry {
    /// Refuse an attempt that could spend the last try (the default).
    #[default]
    Refuse,
    /// The caller (the user) explicitly agreed to spend the last try.
    Allow,
}

/// One PIN attempt: the PIN (or transport PIN), the CAN when the PIN may be suspended, and the
/// consent to spend the last try.
#[derive(Debug, Clone, Copy)]
pub struct PinAttempt<'a> {
    /// The PIN, or the transport PIN for activation.
    pub pin: &'a Password,
    /// The CAN, needed when the PIN is suspended.
    pub can: Option<&'a Password>,
    /// Consent to spend the last try.
    pub last_try: LastTry,
}

impl<'a> PinAttempt<'a> {
    /// An attempt with the PIN only, refusing the last try.
    pub fn new(pin: &'a Password) -> PinAttempt<'a> {
        PinAttempt {
            pin,
            can: None,
            last_try: LastTry::Refuse,
        }
    }
}

/// Reads the PIN state (MSE:Set AT with the PIN reference; no try is spent).
pub fn status<T: Transport + ?Sized>(transport: &mut T, access: &CardAccess) -> Result<PinStatus> {
    match session::set_at(transport, access, PasswordKind::Pin, None) {
        Ok(sw) => {
            PinStatus::from_set_at(sw.0).ok_or_else(|| EidError::CardRefused { sw: sw.0 }.into())
        }
        Err(crate::Error::Eid(EidError::PinBlocked)) => Ok(PinStatus {
            state: PinState::Blocked,
            tries_left: 0,
        }),
        Err(err) => Err(err),
    }
}

/// Opens a PIN-authenticated SM session: one PIN attempt.
///
/// * Blocked: [`EidError::PinBlocked`], nothing sent beyond MSE:Set AT.
/// * Suspended: needs `can` ([`EidError::PinSuspended`] without it) and `LastTry::Allow`
///   ([`EidError::LastTryNeedsConsent`] without it); then PACE with the CAN and, inside that session,
///   PACE with the PIN.
/// * Otherwise PACE with the PIN; a wrong PIN gives [`EidError::WrongPin`] with the tries left.
pub fn open_pin_session<T: Transport, R: CryptoRng + ?Sized>(
    mut transport: T,
    access: &CardAccess,
    attempt: PinAttempt<'_>,
    rng: &mut R,
) -> Result<SmSession<T>> {
    let PinAttempt { pin, can, last_try } = attempt;
    if pin.kind() != PasswordKind::Pin {
        return Err(EidError::SecretFormat {
            what: "PIN",
            digits: "6",
        }
        .into());
    }
    let current = status(&mut transport, access)?;
    match current.state {
        PinState::Blocked => Err(EidError::PinBlocked.into()),
        PinState::Suspended => {
            let can = can.ok_or(EidError::PinSuspended)?;
            if last_try != LastTry::Allow {
                return Err(EidError::LastTryNeedsConsent.into());
            }
            resume(transport, access, can, pin, rng)
        }
        _ => {
            let options = PaceOptions::default();
            Ok(session::establish(transport, access, pin, &options, rng)?.0)
        }
    }
}

/// Resumes a suspended PIN: PACE with the CAN, then PACE with the PIN inside that session (spending
/// the last try when the PIN is wrong). The caller has consented; see [`open_pin_session`].
fn resume<T: Transport, R: CryptoRng + ?Sized>(
    transport: T,
    access: &CardAccess,
    can: &Password,
    pin: &Password,
    rng: &mut R,
) -> Result<SmSession<T>> {
    if can.kind() != PasswordKind::Can {
        return Err(EidError::SecretFormat {
            what: "CAN",
            digits: "6",
        }
        .into());
    }
    let (mut can_session, _) =
        session::establish(transport, access, can, &PaceOptions::default(), rng)?;
    let options = PaceOptions {
        consent_last_try: true,
        ..PaceOptions::default()
    };
    let (keys, _) = session::pace_keys(&mut can_session, access, pin, &options, rng)?;
    can_session.rekey(keys);
    Ok(can_session)
}

/// Resumes a suspended PIN with the CAN and returns the PIN session (the counter is back at 3 when
/// the PIN was right). Needs `LastTry::Allow`: a wrong PIN here blocks the card.
pub fn resume_with_can<T: Transport, R: CryptoRng + ?Sized>(
    mut transport: T,
    access: &CardAccess,
    can: &Password,
    pin: &Password,
    last_try: LastTry,
    rng: &mut R,
) -> Result<SmSession<T>> {
    let current = status(&mut transport, access)?;
    match current.state {
        PinState::Blocked => Err(EidError::PinBlocked.into()),
        PinState::Suspended if last_try != LastTry::Allow => {
            Err(EidError::LastTryNeedsConsent.into())
        }
        PinState::Suspended => resume(transport, access, can, pin, rng),
        _ => open_pin_session(
            transport,
            access,
            PinAttempt {
                pin,
                can: Some(can),
                last_try,
            },
            rng,
        ),
    }
}

fn new_pin(new: &str, confirm: &str) -> Result<Secret> {
    let pin = Password::pin(new)?;
    let other = Secret::from_slice(confirm.trim().as_bytes());
    if *pin.value() != other {
        return Err(EidError::PinMismatch.into());
    }
    Ok(pin.value().clone())
}

fn set_pin<T: Transport>(session: &mut SmSession<T>, value: &Secret) -> Result<()> {
    let command = Command::new(0x00, 0x2C, 0x02, params::PWD_PIN)
        .with_data(value.expose().to_vec())
        .with_secret();
    let answer = session.transmit_command(&command)?;
    if answer.sw().is_success() {
        Ok(())
    } else {
        Err(EidError::CardRefused { sw: answer.sw().0 }.into())
    }
}

/// Whether activation may make a PIN attempt in `current`, checked before any attempt.
///
/// Fails closed: only a card that positively reports the transport state (MSE:Set AT answers
/// [`params::SW_TRANSPORT_PIN`], `6283`) is activated. An active PIN with all tries (`9000`) gives
/// [`EidError::AlreadyActivated`], a blocked one [`EidError::PinBlocked`]. With fewer tries the card
/// answers `63Cx` whether it still holds the transport PIN or an activated PIN, so the state is
/// ambiguous; a 5-digit transport PIN can never match a 6-digit PIN, and the attempt would certainly
/// spend a try of an activated card (suspending it at 2 tries left). Those cards are refused with
/// [`EidError::ActivationStateUnknown`], whatever the number of tries left; the counter is not
/// touched (MSE:Set AT spends no try).
pub fn check_activation_state(current: PinStatus) -> Result<()> {
    match current.state {
        PinState::Transport => Ok(()),
        PinState::Blocked => Err(EidError::PinBlocked.into()),
        PinState::Active if current.tries_left == params::PIN_TRIES => {
            Err(EidError::AlreadyActivated.into())
        }
        PinState::Active | PinState::Suspended => Err(EidError::ActivationStateUnknown.into()),
    }
}

/// Activates the card: PACE with the 5-digit transport PIN, then sets the new 6-digit PIN (given
/// twice by the caller). Only a card that reports the transport state is activated; see
/// [`check_activation_state`] for the refusals (none of them spends a try).
pub fn activate<T: Transport, R: CryptoRng + ?Sized>(
    mut transport: T,
    access: &CardAccess,
    transport_pin: PinAttempt<'_>,
    new: &str,
    confirm: &str,
    rng: &mut R,
) -> Result<()> {
    let value = new_pin(new, confirm)?;
    check_activation_state(status(&mut transport, access)?)?;
    let mut session = open_pin_session(transport, access, transport_pin, rng)?;
    set_pin(&mut session, &value)
}

/// Changes the PIN: PACE with the current PIN, then sets the new one (given twice).
/// Fails with [`EidError::PinNotActivated`] while the transport PIN is set.
pub fn change_pin<T: Transport, R: CryptoRng + ?Sized>(
    mut transport: T,
    access: &CardAccess,
    current: PinAttempt<'_>,
    new: &str,
    confirm: &str,
    rng: &mut R,
) -> Result<()> {
    let value = new_pin(new, confirm)?;
    if status(&mut transport, access)?.state == PinState::Transport {
        return Err(EidError::PinNotActivated.into());
    }
    let mut session = open_pin_session(transport, access, current, rng)?;
    set_pin(&mut session, &value)
}

/// Unblocks the PIN with the PUK: PACE with the PUK, then RESET RETRY COUNTER (the PIN itself is
/// unchanged and has 3 tries again).
pub fn unblock_with_puk<T: Transport, R: CryptoRng + ?Sized>(
    transport: T,
    access: &CardAccess,
    puk: &Password,
    rng: &mut R,
) -> Result<()> {
    if puk.kind() != PasswordKind::Puk {
        return Err(EidError::SecretFormat {
            what: "PUK",
            digits: "8-10",
        }
        .into());
    }
    let (mut session, _) =
        session::establish(transport, access, puk, &PaceOptions::default(), rng)?;
    let answer = session.transmit_command(&Command::new(0x00, 0x2C, 0x03, params::PWD_PIN))?;
    if answer.sw().is_success() {
        Ok(())
    } else {
        Err(EidError::CardRefused { sw: answer.sw().0 }.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        let s = |sw| PinStatus::from_set_at(sw).map(|s| (s.state, s.tries_left));
        assert_eq!(s(0x9000), Some((PinState::Active, 3)));
        assert_eq!(s(0x6283), Some((PinState::Transport, 3)));
        assert_eq!(s(0x63C2), Some((PinState::Active, 2)));
        assert_eq!(s(0x63C1), Some((PinState::Suspended, 1)));
        assert_eq!(s(0x63C0), Some((PinState::Blocked, 0)));
        assert_eq!(s(0x6A80), None);
        assert_eq!(PinState::Suspended.as_str(), "suspended");
    }

    #[test]
    fn new_pin_is_checked_before_the_card() {
        assert!(new_pin("123456", "123456").is_ok());
        assert_eq!(
            new_pin("123456", "123457").unwrap_err().code(),
            EidError::PinMismatch.code()
        );
        assert!(new_pin("12345", "12345").is_err());
    }
}
