//! PACE over a card (MSE:Set AT and the four chained GENERAL AUTHENTICATE commands) and the secure
//! messaging session it opens.
//!
//! [`SmSession`] is itself a [`Transport`]: every command sent through it is protected, sent through
//! the exchange layer of the inner transport, and its answer checked and decrypted. Any SM failure
//! (6987, 6988, a wrong response MAC, a malformed answer) closes the session for good; its keys are
//! zeroized.
//!
//! ```
//! # #[cfg(feature = "sim")] {
//! use eeszt_auth::card::{Command, SimTransport, exchange};
//! use eeszt_auth::card::eid::{Password, session, sim::SimEszemelyi, rng::DeterministicRng};
//!
//! let mut rng = DeterministicRng::from_seed([7; 32]);
//! let mut card = SimTransport::new(SimEszemelyi::activated());
//! let access = session::read_card_access(&mut card)?;
//! let can = Password::can(eeszt_auth::card::eid::sim::DEFAULT_CAN)?;
//! let (mut sm, outcome) = session::establish(card, &access, &can, &Default::default(), &mut rng)?;
//! assert_eq!(outcome.parameter_id, 13);
//! let answer = exchange(&mut sm, &Command::new(0x00, 0x84, 0x00, 0x00).with_le(8))?;
//! assert_eq!(answer.data().len(), 8);
//! # }
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use super::{
    cardaccess::{CardAccess, PaceInfo},
    curve::Curve,
    pace::{PaceTerminal, SessionKeys},
    params,
    secret::{Password, PasswordKind},
    sm::SmCodec,
};
use crate::card::{
    Command, EidError, ReaderFeatures, Response, StatusWord, Transport, exchange, tlv,
};
use crate::error::{Error, Result};
use rand_core::CryptoRng;

/// Options of a PACE run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaceOptions {
    /// The certificate holder authorization template to send (value of 7F4C), if any.
    pub chat: Option<Vec<u8>>,
    /// Allow an attempt that may spend the PIN's last try (MSE:Set AT answered 63C1 inside a
    /// CAN session). Without it such an attempt is refused with [`EidError::LastTryNeedsConsent`].
    pub consent_last_try: bool,
}

/// What PACE reported besides the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceOutcome {
    /// The password kind used.
    pub password: PasswordKind,
    /// The domain parameter ID used.
    pub parameter_id: u8,
    /// The status word of MSE:Set AT (9000, 6283, 63Cx).
    pub set_at_status: StatusWord,
    /// The most recent CVCA reference of the chip (DO 87), if returned.
    pub car: Option<Vec<u8>>,
    /// The previous CVCA reference (DO 88), if returned.
    pub car_previous: Option<Vec<u8>>,
}

/// The bytes [`read_file`] asks for per READ BINARY.
const READ_CHUNK: usize = 0xE0;

/// The longest file [`read_file`] returns: the last offset READ BINARY addresses with P1-P2
/// (`7FFF`) plus one chunk of 224 bytes; a card that sends more is refused.
pub const MAX_FILE_LEN: usize = 0x7FFF + READ_CHUNK;

/// Reads a transparent EF by FID from the current DF (SELECT, then READ BINARY in chunks). A file
/// longer than [`MAX_FILE_LEN`] is [`CardError::ResponseTooLong`](crate::card::CardError).
pub fn read_file<T: Transport + ?Sized>(transport: &mut T, fid: u16) -> Result<Vec<u8>> {
    let select = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(fid.to_be_bytes().to_vec());
    let answer = exchange(transport, &select)?;
    if !answer.sw().is_success() {
        return Err(EidError::CardRefused { sw: answer.sw().0 }.into());
    }
    let mut content = Vec::new();
    loop {
        let offset =
            u16::try_from(content.len()).map_err(|_| EidError::CardRefused { sw: 0x6B00 })?;
        if offset > 0x7FFF {
            return Err(EidError::CardRefused { sw: 0x6B00 }.into());
        }
        let read = Command::new(0x00, 0xB0, (offset >> 8) as u8, offset as u8).with_le(READ_CHUNK);
        let answer = exchange(transport, &read)?;
        match answer.sw().0 {
            0x9000 | 0x6282 => {
                let n = answer.data().len();
                content.extend_from_slice(answer.data());
                if content.len() > MAX_FILE_LEN {
                    return Err(crate::card::CardError::ResponseTooLong {
                        limit: MAX_FILE_LEN,
                    }
                    .into());
                }
                if n < READ_CHUNK || answer.sw().0 == 0x6282 {
                    return Ok(content);
                }
            }
            0x6B00 if !content.is_empty() => return Ok(content),
            sw => return Err(EidError::CardRefused { sw }.into()),
        }
    }
}

/// Reads and parses EF.CardAccess from the master file.
pub fn read_card_access<T: Transport + ?Sized>(transport: &mut T) -> Result<CardAccess> {
    let data = read_file(transport, params::FID_CARD_ACCESS).map_err(|err| match err {
        Error::Eid(EidError::CardRefused { .. }) => EidError::NotEszemelyi.into(),
        other => other,
    })?;
    CardAccess::parse(&data)
}

/// The MSE:Set AT command for PACE.
pub fn set_at_command(
    access: &CardAccess,
    info: &PaceInfo,
    kind: PasswordKind,
    chat: Option<&[u8]>,
) -> Command {
    let mut data = Vec::new();
    tlv::encode(0x80, &info.oid, &mut data);
    tlv::encode(0x83, &[kind.reference()], &mut data);
    if access.pace.len() > 1 {
        if let Some(id) = info.parameter_id.and_then(|id| u8::try_from(id).ok()) {
            tlv::encode(0x84, &[id], &mut data);
        }
    }
    if let Some(chat) = chat {
        tlv::encode(0x7F4C, chat, &mut data);
    }
    Command::new(0x00, 0x22, 0xC1, 0xA4).with_data(data)
}

/// Sends MSE:Set AT and returns its status word (9000, 6283, 63Cx); other answers are errors.
/// Spends no PIN try.
pub fn set_at<T: Transport + ?Sized>(
    transport: &mut T,
    access: &CardAccess,
    kind: PasswordKind,
    chat: Option<&[u8]>,
) -> Result<StatusWord> {
    let info = access.best_pace().ok_or(EidError::NoSupportedPace)?;
    let answer = exchange(transport, &set_at_command(access, info, kind, chat))?;
    match answer.sw().0 {
        0x9000 | params::SW_TRANSPORT_PIN => Ok(answer.sw()),
        sw if sw & 0xFFF0 == 0x63C0 => Ok(answer.sw()),
        0x6983 if kind == PasswordKind::Pin => Err(EidError::PinBlocked.into()),
        sw => Err(EidError::CardRefused { sw }.into()),
    }
}

fn general_authenticate<T: Transport + ?Sized>(
    transport: &mut T,
    last: bool,
    tag: u32,
    value: Option<&[u8]>,
    kind: PasswordKind,
    step: &'static str,
) -> Result<Vec<(u32, Vec<u8>)>> {
    let mut data = Vec::new();
    tlv::encode_constructed(0x7C, &mut data, |body| {
        if let Some(value) = value {
            tlv::encode(tag, value, body);
        }
    });
    let cla = if last { 0x00 } else { 0x10 };
    let command = Command::new(cla, 0x86, 0x00, 0x00)
        .with_data(data)
        .with_le(256);
    let answer = exchange(transport, &command)?;
    match answer.sw().0 {
        0x9000 => {}
        sw if last && (sw & 0xFFF0 == 0x63C0 || sw == 0x6300) => {
            return Err(match kind {
                PasswordKind::Pin if sw == 0x63C0 => EidError::PinBlocked,
                // `6300` carries no counter: the tries left are unknown, not zero.
                PasswordKind::Pin => EidError::WrongPin {
                    tries_left: tries_from_sw(sw),
                },
                PasswordKind::Can => EidError::WrongCan,
                PasswordKind::Puk => EidError::WrongPuk,
                PasswordKind::Mrz => EidError::PaceFailed { step },
            }
            .into());
        }
        0x6983 if kind == PasswordKind::Pin => return Err(EidError::PinBlocked.into()),
        0x6985 | 0x6982 if kind == PasswordKind::Pin => {
            return Err(EidError::PinSuspended.into());
        }
        _ => return Err(EidError::PaceFailed { step }.into()),
    }
    let (template, rest) =
        tlv::parse_one(answer.data()).map_err(|_| EidError::PaceFailed { step })?;
    if template.tag != 0x7C || !rest.is_empty() {
        return Err(EidError::PaceFailed { step }.into());
    }
    Ok(template
        .children()
        .map_err(|_| EidError::PaceFailed { step })?
        .into_iter()
        .map(|t| (t.tag, t.value.to_vec()))
        .collect())
}

/// The tries left that a failed verification's status word reports: `Some(x)` for `63Cx`, `None`
/// for anything else (`6300` "verification failed" without a counter).
pub fn tries_from_sw(sw: u16) -> Option<u8> {
    (sw & 0xFFF0 == 0x63C0).then_some((sw & 0x000F) as u8)
}

fn take(objects: &[(u32, Vec<u8>)], tag: u32, step: &'static str) -> Result<Vec<u8>> {
    objects
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, v)| v.clone())
        .ok_or_else(|| EidError::PaceFailed { step }.into())
}

/// Runs PACE (MSE:Set AT + four GENERAL AUTHENTICATE) over `transport` and returns the session
/// keys. `transport` may itself be an [`SmSession`] (PACE with the PIN inside a CAN session).
///
/// Exactly one attempt: a wrong password is reported ([`EidError::WrongPin`] with the tries left,
/// [`EidError::WrongCan`], [`EidError::WrongPuk`]), never retried.
pub fn pace_keys<T: Transport + ?Sized, R: CryptoRng + ?Sized>(
    transport: &mut T,
    access: &CardAccess,
    password: &Password,
    options: &PaceOptions,
    rng: &mut R,
) -> Result<(SessionKeys, PaceOutcome)> {
    let info = access.best_pace().ok_or(EidError::NoSupportedPace)?;
    let (protocol, curve) = match (info.protocol, info.curve()) {
        (Some(p), Some(c)) => (p, c),
        _ => return Err(EidError::NoSupportedPace.into()),
    };
    let kind = password.kind();
    let status = set_at(transport, access, kind, options.chat.as_deref())?;
    if kind == PasswordKind::Pin {
        match status.0 {
            0x63C0 => return Err(EidError::PinBlocked.into()),
            0x63C1 if !options.consent_last_try => {
                return Err(EidError::LastTryNeedsConsent.into());
            }
            _ => {}
        }
    }
    run_steps(transport, protocol, curve, password, kind, rng).map(|(keys, car, car_previous)| {
        (
            keys,
            PaceOutcome {
                password: kind,
                parameter_id: curve.parameter_id(),
                set_at_status: status,
                car,
                car_previous,
            },
        )
    })
}

type Steps = (SessionKeys, Option<Vec<u8>>, Option<Vec<u8>>);

fn run_steps<T: Transport + ?Sized, R: CryptoRng + ?Sized>(
    transport: &mut T,
    protocol: super::cardaccess::PaceProtocol,
    curve: Curve,
    password: &Password,
    kind: PasswordKind,
    rng: &mut R,
) -> Result<Steps> {
    let mut terminal = PaceTerminal::new(protocol, curve, password);
    let step = "nonce";
    let z = take(
        &general_authenticate(transport, false, 0, None, kind, step)?,
        0x80,
        step,
    )?;
    let pk_map = terminal.nonce(&z, rng)?;
    let step = "mapping";
    let chip_map = take(
        &general_authenticate(transport, false, 0x81, Some(&pk_map), kind, step)?,
        0x82,
        step,
    )?;
    let pk = terminal.map(&chip_map, rng)?;
    let step = "key agreement";
    let chip_pk = take(
        &general_authenticate(transport, false, 0x83, Some(&pk), kind, step)?,
        0x84,
        step,
    )?;
    let t_ifd = terminal.agree(&chip_pk)?;
    let step = "mutual authentication";
    let last = general_authenticate(transport, true, 0x85, Some(&t_ifd), kind, step)?;
    let keys = terminal.finish(&take(&last, 0x86, step)?)?;
    let find = |tag| last.iter().find(|(t, _)| *t == tag).map(|(_, v)| v.clone());
    Ok((keys, find(0x87), find(0x88)))
}

/// Runs PACE and opens a secure-messaging session over `transport`.
pub fn establish<T: Transport, R: CryptoRng + ?Sized>(
    mut transport: T,
    access: &CardAccess,
    password: &Password,
    options: &PaceOptions,
    rng: &mut R,
) -> Result<(SmSession<T>, PaceOutcome)> {
    let (keys, outcome) = pace_keys(&mut transport, access, password, options, rng)?;
    Ok((SmSession::new(transport, keys), outcome))
}

/// A secure-messaging session over a transport. A [`Transport`] itself.
///
/// Not thread-safe by itself; it may be moved between threads when the inner transport may.
#[derive(Debug)]
pub struct SmSession<T: Transport> {
    inner: T,
    codec: Option<SmCodec>,
}

impl<T: Transport> SmSession<T> {
    /// A session with fresh PACE keys.
    pub fn new(inner: T, keys: SessionKeys) -> SmSession<T> {
        SmSession {
            inner,
            codec: Some(SmCodec::new(keys)),
        }
    }

    /// Whether the session can still be used.
    pub fn is_open(&self) -> bool {
        self.codec.is_some()
    }

    /// Closes the session: the keys are zeroized; later commands fail with
    /// [`EidError::SessionClosed`].
    pub fn close(&mut self) {
        self.codec = None;
    }

    /// Replaces the keys (after a second PACE run inside this session, for example PIN after CAN).
    pub fn rekey(&mut self, keys: SessionKeys) {
        self.codec = Some(SmCodec::new(keys));
    }

    /// The inner transport (commands sent on it directly bypass secure messaging).
    pub fn inner_mut(&mut self) -> &mut T {
        &mut self.inner
    }

    /// Splits the session into the inner transport and its codec (`None` when closed), for example to
    /// move a session opened over `&mut T` onto the owned `T`.
    pub fn into_parts(self) -> (T, Option<SmCodec>) {
        (self.inner, self.codec)
    }

    /// Reassembles a session from [`SmSession::into_parts`].
    pub fn from_parts(inner: T, codec: Option<SmCodec>) -> SmSession<T> {
        SmSession { inner, codec }
    }

    /// Closes the session and returns the inner transport.
    pub fn into_inner(mut self) -> T {
        self.codec = None;
        self.inner
    }

    /// Sends one command under secure messaging and returns the checked, decrypted answer.
    pub fn transmit_command(&mut self, command: &Command) -> Result<Response> {
        let codec = self.codec.as_mut().ok_or(EidError::SessionClosed)?;
        let result = codec
            .protect_command(command)
            .map_err(Error::from)
            .and_then(|wire| exchange(&mut self.inner, &wire))
            .and_then(|answer| {
                self.codec
                    .as_mut()
                    .ok_or_else(|| EidError::SessionClosed.into())
                    .and_then(|codec| codec.unprotect_response(&answer).map_err(Error::from))
            });
        if result.is_err() {
            self.close();
        }
        result
    }
}

impl<T: Transport> Transport for SmSession<T> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        let command = Command::parse(apdu)?;
        Ok(self.transmit_command(&command)?.to_bytes())
    }

    fn features(&self) -> ReaderFeatures {
        ReaderFeatures {
            extended_length: true,
            ..self.inner.features()
        }
    }

    fn atr(&self) -> Result<Vec<u8>> {
        self.inner.atr()
    }

    fn reset_seen(&mut self) -> bool {
        let seen = self.inner.reset_seen();
        if seen {
            self.close();
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::MockTransport;
    use crate::error::Lang;

    fn last_step(answer: &str) -> Error {
        let mut card = MockTransport::new().expect_any(answer);
        match general_authenticate(
            &mut card,
            true,
            0x85,
            Some(&[0; 8]),
            PasswordKind::Pin,
            "mutual authentication",
        ) {
            Ok(_) => panic!("{answer} accepted"),
            Err(err) => err,
        }
    }

    #[test]
    fn sw_6300_means_tries_unknown_not_zero() {
        let err = last_step("6300");
        assert_eq!(err, EidError::WrongPin { tries_left: None }.into());
        assert!(
            err.message(Lang::En)
                .contains("The number of tries left is unknown."),
            "{}",
            err.message(Lang::En)
        );
        assert!(
            err.message(Lang::Hu)
                .contains("A hátralévő próbálkozások száma nem ismert."),
            "{}",
            err.message(Lang::Hu)
        );
        assert_eq!(
            last_step("63C2"),
            EidError::WrongPin {
                tries_left: Some(2)
            }
            .into()
        );
        assert_eq!(last_step("63C0"), EidError::PinBlocked.into());
        assert_eq!(tries_from_sw(0x6300), None);
        assert_eq!(tries_from_sw(0x63C1), Some(1));
    }
}
