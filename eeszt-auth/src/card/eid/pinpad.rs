//! PACE on a PIN-pad reader: PC/SC Part 10 Amendment 1 `FEATURE_EXECUTE_PACE`,
//! function `EstablishPACEChannel` (the PIN is typed on the reader's keypad and never reaches the
//! host; the reader runs PACE and then secure messaging itself, so afterwards the host sends plain
//! APDUs through the same transport); and, on top of it, the PIN change and the activation with
//! the new PIN typed on the keypad too ([`change_pin_on_reader`], [`activate_on_reader`]).
//!
//! # The secure-messaging model of the keypad PIN change
//!
//! The card accepts RESET RETRY COUNTER `00 2C 02 03 <new PIN>` only under the secure messaging of
//! a PACE session with the PIN. With the new PIN typed on the keypad the host cannot wrap that
//! command: the digits exist only inside the reader, and the reader (not the host) would need the
//! session keys. So the only workable model, the one BSI TR-03119 comfort readers implement and
//! AusweisApp relies on for the German eID card, is:
//!
//! 1. the host reads the PIN state with a plain MSE:Set AT (no try spent) and refuses blocked and
//!    suspended PINs before anything is typed;
//! 2. `EXECUTE_PACE`/EstablishPACEChannel with the PIN typed on the keypad: the reader runs PACE
//!    and keeps the session keys;
//! 3. `FEATURE_MODIFY_PIN_DIRECT` with the [`PinModify`] preset [`PinModify::eid_set_pin`]: the
//!    reader asks for the new PIN twice, compares, appends it to `00 2C 02 03` and sends the
//!    command through its own PACE channel;
//! 4. `EXECUTE_PACE`/DestroyPACEChannel, so later plain commands go to the card unwrapped again.
//!
//! The host never sends the PIN change unprotected itself, and never combines a host-side
//! [`super::session::SmSession`] with the keypad (that cannot work). Limits:
//! * whether the reader really wraps step 3 cannot be checked by the host; a reader that forwards
//!   it unwrapped makes the card refuse it (6982/6987/6988, [`EidError::PinPadUnprotected`]), the
//!   PIN stays unchanged, but the new PIN has crossed the reader-card link in clear;
//! * a suspended PIN (one try left, the CAN needed first) is refused with
//!   [`EidError::PinSuspended`]: resume it with the CAN first (`pin::resume_with_can`). So the
//!   keypad flows never risk the last try and need no consent; a wrong PIN on the keypad
//!   ([`EidError::WrongPin`]) at most suspends the PIN;
//! * the prompts (`bMsgIndex`, `wLangId`) follow AusweisApp's values; readers without Hungarian
//!   prompts use their own language;
//! * tested only against a simulated comfort reader over the simulated eSzemélyi
//!   (`tests/eid_pinpad.rs`), not against a physical PIN-pad reader.
//!
//! Input: `bIndex 02 || wLength (LE) || bPinID || bLengthCHAT CHAT || bLengthPIN (0: keypad) ||
//! wLengthCertificateDescription (LE, 0)`. Output: `dwResult (LE) || wLength (LE) || MSE:Set AT SW1 SW2
//! || wLength EF.CardAccess || bLength CAR || bLength CARprev || wLength IDicc`.
//!
//! `dwResult`: `0` success; `F000xxxx`..`F004xxxx` the card answered `xxxx` to MSE:Set AT or to
//! GENERAL AUTHENTICATE step 1-4 (a wrong PIN is `F00463Cx`); `F0100001` timeout, `F0100002` card
//! removed, `F0200001` cancelled by the user; others are reader errors.

use super::{
    cardaccess::CardAccess,
    pin::{self, PinState},
    pinmodify::{self, PinModify},
    secret::PasswordKind,
};
use crate::card::{EidError, StatusWord, Transport};
use crate::error::{Lang, Result};

/// The EstablishPACEChannel function index.
pub const FUNCTION_ESTABLISH_PACE_CHANNEL: u8 = 0x02;
/// The DestroyPACEChannel function index (input `03 00 00`).
pub const FUNCTION_DESTROY_PACE_CHANNEL: u8 = 0x03;

/// What the reader reported after PACE on its keypad.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinPadPace {
    /// The status word of MSE:Set AT (the PIN state).
    pub set_at_status: StatusWord,
    /// EF.CardAccess as the reader read it.
    pub card_access: Option<CardAccess>,
    /// The chip's current CVCA reference.
    pub car: Option<Vec<u8>>,
    /// The chip's previous CVCA reference.
    pub car_previous: Option<Vec<u8>>,
    /// The chip's identifier for terminal authentication.
    pub id_icc: Vec<u8>,
}

/// The EstablishPACEChannel input for `kind` with the PIN typed on the keypad.
pub fn establish_input(kind: PasswordKind, chat: Option<&[u8]>) -> Result<Vec<u8>> {
    let chat = chat.unwrap_or_default();
    let chat_len = u8::try_from(chat.len()).map_err(|_| EidError::PinPadUnsupported)?;
    let mut body = vec![kind.reference(), chat_len];
    body.extend_from_slice(chat);
    body.push(0); // no PIN from the host: the keypad
    body.extend_from_slice(&[0, 0]); // no certificate description
    let len = u16::try_from(body.len()).map_err(|_| EidError::PinPadUnsupported)?;
    let mut input = vec![FUNCTION_ESTABLISH_PACE_CHANNEL];
    input.extend_from_slice(&len.to_le_bytes());
    input.extend_from_slice(&body);
    Ok(input)
}

fn error_for(result: u32, kind: PasswordKind) -> EidError {
    let sw = (result & 0xFFFF) as u16;
    match result >> 16 {
        0xF000..=0xF004 if (kind == PasswordKind::Pin && sw == 0x63C0) || sw == 0x6983 => {
            EidError::PinBlocked
        }
        0xF000 if kind == PasswordKind::Pin && sw == 0x63C1 => EidError::PinSuspended,
        0xF001..=0xF004 if kind == PasswordKind::Pin && sw == 0x6985 => EidError::PinSuspended,
        0xF004 if sw & 0xFFF0 == 0x63C0 || sw == 0x6300 => match kind {
            PasswordKind::Pin => EidError::WrongPin {
                tries_left: super::session::tries_from_sw(sw),
            },
            PasswordKind::Can => EidError::WrongCan,
            PasswordKind::Puk => EidError::WrongPuk,
            PasswordKind::Mrz => EidError::PinPadFailed { result },
        },
        _ => EidError::PinPadFailed { result },
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn u16le(&mut self) -> Option<usize> {
        let b = self.take(2)?;
        Some(usize::from(u16::from_le_bytes([*b.first()?, *b.get(1)?])))
    }
    fn u8len(&mut self) -> Option<usize> {
        self.take(1)?.first().map(|b| usize::from(*b))
    }
}

/// Parses the EstablishPACEChannel output.
pub fn parse_output(output: &[u8], kind: PasswordKind) -> Result<PinPadPace> {
    let malformed = || EidError::PinPadFailed {
        result: 0xFFFF_FFFF,
    };
    let mut r = Reader(output);
    let result = r.take(4).ok_or_else(malformed)?;
    let result = u32::from_le_bytes(result.try_into().map_err(|_| malformed())?);
    if result != 0 {
        return Err(error_for(result, kind).into());
    }
    let len = r.u16le().ok_or_else(malformed)?;
    let mut d = Reader(r.take(len).ok_or_else(malformed)?);
    let sw = d.take(2).ok_or_else(malformed)?;
    let set_at_status = StatusWord::from_bytes(
        *sw.first().ok_or_else(malformed)?,
        *sw.get(1).ok_or_else(malformed)?,
    );
    let n = d.u16le().ok_or_else(malformed)?;
    let access = d.take(n).ok_or_else(malformed)?;
    let card_access = if access.is_empty() {
        None
    } else {
        Some(CardAccess::parse(access)?)
    };
    let optional = |v: &[u8]| (!v.is_empty()).then(|| v.to_vec());
    let n = d.u8len().ok_or_else(malformed)?;
    let car = optional(d.take(n).ok_or_else(malformed)?);
    let n = d.u8len().ok_or_else(malformed)?;
    let car_previous = optional(d.take(n).ok_or_else(malformed)?);
    let n = d.u16le().ok_or_else(malformed)?;
    let id_icc = d.take(n).ok_or_else(malformed)?.to_vec();
    Ok(PinPadPace {
        set_at_status,
        card_access,
        car,
        car_previous,
        id_icc,
    })
}

/// Runs PACE with `kind` typed on the reader's keypad (`FEATURE_EXECUTE_PACE`). Fails with
/// [`EidError::PinPadUnsupported`] when the reader does not offer it. On success the reader keeps
/// the secure channel: keep sending plain commands through `transport`.
pub fn establish_on_reader<T: Transport + ?Sized>(
    transport: &mut T,
    kind: PasswordKind,
    chat: Option<&[u8]>,
) -> Result<PinPadPace> {
    let code = transport
        .features()
        .execute_pace
        .ok_or(EidError::PinPadUnsupported)?;
    let output = transport.control(code, &establish_input(kind, chat)?)?;
    parse_output(&output, kind)
}

/// Closes the PACE channel the reader keeps (EXECUTE_PACE, DestroyPACEChannel).
pub fn destroy_on_reader<T: Transport + ?Sized>(transport: &mut T) -> Result<()> {
    let code = transport
        .features()
        .execute_pace
        .ok_or(EidError::PinPadUnsupported)?;
    let output = transport.control(code, &[FUNCTION_DESTROY_PACE_CHANNEL, 0, 0])?;
    match output.first_chunk::<4>().map(|r| u32::from_le_bytes(*r)) {
        Some(0) => Ok(()),
        Some(result) => Err(EidError::PinPadFailed { result }.into()),
        None => Err(EidError::PinPadFailed {
            result: 0xFFFF_FFFF,
        }
        .into()),
    }
}

/// Which PIN operation runs on the keypad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeypadOp {
    Activate,
    Change,
}

/// Changes the PIN with every digit typed on the reader's keypad: the current PIN for PACE
/// (EXECUTE_PACE), then the new PIN twice (MODIFY_PIN_DIRECT); see the module docs for the model.
/// `timeout` is the keypad timeout in seconds (0: the reader's default), `lang` the prompts'
/// language. Fails before touching the card with [`EidError::PinPadChangeUnsupported`] when the
/// reader lacks either feature; [`EidError::PinNotActivated`] while the transport PIN is set;
/// [`EidError::PinSuspended`] / [`EidError::PinBlocked`] without anything typed.
pub fn change_pin_on_reader<T: Transport + ?Sized>(
    transport: &mut T,
    access: &CardAccess,
    timeout: u8,
    lang: Lang,
) -> Result<()> {
    set_pin_on_reader(transport, access, KeypadOp::Change, timeout, lang)
}

/// Activates the card on the keypad: the 5-digit transport PIN for PACE, then the new 6-digit PIN
/// twice, all typed on the reader. As [`change_pin_on_reader`], except that only a card reporting
/// the transport state is activated (see [`pin::check_activation_state`]: fail closed, no try is
/// spent on an activated card whatever its tries left).
pub fn activate_on_reader<T: Transport + ?Sized>(
    transport: &mut T,
    access: &CardAccess,
    timeout: u8,
    lang: Lang,
) -> Result<()> {
    set_pin_on_reader(transport, access, KeypadOp::Activate, timeout, lang)
}

fn set_pin_on_reader<T: Transport + ?Sized>(
    transport: &mut T,
    access: &CardAccess,
    op: KeypadOp,
    timeout: u8,
    lang: Lang,
) -> Result<()> {
    let features = transport.features();
    let (Some(_), Some(modify)) = (features.execute_pace, features.modify_pin_direct) else {
        return Err(EidError::PinPadChangeUnsupported.into());
    };
    let current = pin::status(transport, access)?;
    match (op, current.state) {
        (KeypadOp::Activate, _) => pin::check_activation_state(current)?,
        (_, PinState::Blocked) => return Err(EidError::PinBlocked.into()),
        (_, PinState::Suspended) => return Err(EidError::PinSuspended.into()),
        (KeypadOp::Change, PinState::Transport) => return Err(EidError::PinNotActivated.into()),
        _ => {}
    }
    let structure = PinModify::eid_set_pin(timeout, lang).to_bytes()?;
    establish_on_reader(transport, PasswordKind::Pin, None)?;
    let result = transport
        .control(modify, &structure)
        .and_then(|answer| pinmodify::check_answer(&answer));
    // The PIN change's outcome is the answer; a reader that cannot destroy the channel drops it at
    // the next card reset anyway, so a failure here is not reported over it.
    let _closed = destroy_on_reader(transport);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::ReaderFeatures;

    struct PinPad {
        input: Vec<u8>,
        output: Vec<u8>,
        features: ReaderFeatures,
    }

    impl Transport for PinPad {
        fn transmit(&mut self, _: &[u8]) -> Result<Vec<u8>> {
            Ok(vec![0x90, 0x00])
        }
        fn control(&mut self, code: u32, data: &[u8]) -> Result<Vec<u8>> {
            assert_eq!(code, 0x4233_0020);
            self.input = data.to_vec();
            Ok(self.output.clone())
        }
        fn features(&self) -> ReaderFeatures {
            self.features
        }
        fn atr(&self) -> Result<Vec<u8>> {
            Ok(Vec::new())
        }
    }

    fn reader(output: Vec<u8>) -> PinPad {
        PinPad {
            input: Vec::new(),
            output,
            features: ReaderFeatures {
                execute_pace: Some(0x4233_0020),
                ..ReaderFeatures::default()
            },
        }
    }

    #[test]
    fn success_is_parsed() {
        let access = CardAccess::encode(&[(super::super::PaceProtocol::ECDH_GM_AES_128, 13)]);
        let mut data = vec![0x90, 0x00];
        data.extend_from_slice(&(access.len() as u16).to_le_bytes());
        data.extend_from_slice(&access);
        data.push(11);
        data.extend_from_slice(b"HUCVCA00001");
        data.push(0);
        data.extend_from_slice(&[2, 0, 0xAB, 0xCD]);
        let mut output = vec![0, 0, 0, 0];
        output.extend_from_slice(&(data.len() as u16).to_le_bytes());
        output.extend_from_slice(&data);
        let mut pad = reader(output);
        let result = establish_on_reader(&mut pad, PasswordKind::Pin, None).unwrap();
        assert_eq!(pad.input, [0x02, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00]);
        assert_eq!(result.set_at_status, StatusWord(0x9000));
        assert_eq!(result.car.as_deref(), Some(&b"HUCVCA00001"[..]));
        assert_eq!(result.car_previous, None);
        assert_eq!(result.id_icc, [0xAB, 0xCD]);
        assert_eq!(result.card_access.unwrap().pace.len(), 1);
    }

    #[test]
    fn errors_are_typed() {
        let run = |result: u32, kind| {
            let mut output = result.to_le_bytes().to_vec();
            output.extend_from_slice(&[0, 0]);
            establish_on_reader(&mut reader(output), kind, Some(&[0x7F])).unwrap_err()
        };
        assert_eq!(
            run(0xF004_63C2, PasswordKind::Pin),
            EidError::WrongPin {
                tries_left: Some(2)
            }
            .into()
        );
        assert_eq!(
            run(0xF000_63C1, PasswordKind::Pin),
            EidError::PinSuspended.into()
        );
        assert_eq!(
            run(0xF000_63C0, PasswordKind::Pin),
            EidError::PinBlocked.into()
        );
        assert_eq!(
            run(0xF004_6300, PasswordKind::Pin),
            EidError::WrongPin { tries_left: None }.into()
        );
        assert_eq!(
            run(0xF004_6300, PasswordKind::Can),
            EidError::WrongCan.into()
        );
        assert_eq!(
            run(0xF020_0001, PasswordKind::Pin),
            EidError::PinPadFailed {
                result: 0xF020_0001
            }
            .into()
        );
        let mut plain = reader(Vec::new());
        plain.features.execute_pace = None;
        assert_eq!(
            establish_on_reader(&mut plain, PasswordKind::Pin, None).unwrap_err(),
            EidError::PinPadUnsupported.into()
        );
        assert!(parse_output(&[0, 0], PasswordKind::Pin).is_err());
        assert!(parse_output(&[0, 0, 0, 0, 9, 0, 1], PasswordKind::Pin).is_err());
    }
}
