//! The eID card (eSzemélyi): PIN status, activation, PIN change, resume with the CAN, unblock with
//! the PUK, PACE sessions with secure messaging, the authentication certificate and signature; on a
//! PC/SC reader or on an in-process simulated eSzemélyi. Randomness comes from the operating system.

use eeszt_auth::card::transport::with_exclusive;
use std::ffi::c_char;
#[cfg(feature = "sim")]
use std::path::PathBuf;

use eeszt_auth::card::eid::{
    CardAccess, Password, auth,
    pin::{self, LastTry, PinAttempt, PinState},
    pinpad,
    rng::os_rng,
    session::{self, PaceOptions, SmSession},
};
use eeszt_auth::card::{Command, EidError, Transport};
#[cfg(feature = "sim")]
use eeszt_auth::card::{SimTransport, eid::sim::SimEszemelyi};
use eeszt_auth::{ApiError, Error};

use crate::boundary::{
    bytes_arg, check_out, free_handle, guard, handle_mut, into_handle, lang_arg, str_arg,
    write_bytes, write_opt, write_out,
};
use crate::card::{EESZT_MAX_RESPONSE_LEN, MAX_RESPONSE_DATA, check_answer_buffer};
use crate::common::eeszt_result;

/// The largest certificate `eeszt_eid_certificate` returns (the last offset READ BINARY addresses,
/// 0x7FFF, plus one 224-byte chunk); a longer file is `EESZT_ERR_CARD_RESPONSE_TOO_LONG`.
pub const EESZT_EID_MAX_CERTIFICATE_LEN: usize = 32_991;
const _: () = assert!(EESZT_EID_MAX_CERTIFICATE_LEN == session::MAX_FILE_LEN);

/// The length of the signature `eeszt_eid_sign` returns (ECDSA P-256 `r || s`).
pub const EESZT_EID_SIGNATURE_LEN: usize = 64;

/// PIN state: the transport (activation) PIN is still set.
pub const EESZT_EID_PIN_TRANSPORT: u32 = 0;
/// PIN state: active.
pub const EESZT_EID_PIN_ACTIVE: u32 = 1;
/// PIN state: suspended (the CAN is needed before the last try).
pub const EESZT_EID_PIN_SUSPENDED: u32 = 2;
/// PIN state: blocked (the PUK is needed).
pub const EESZT_EID_PIN_BLOCKED: u32 = 3;

/// Flag: the caller consents to spending the PIN's last try.
pub const EESZT_EID_ALLOW_LAST_TRY: u32 = 1;

/// `eeszt_eid_sim_new`: a new card with the transport PIN `12345`.
#[cfg(feature = "sim")]
pub const EESZT_EID_SIM_NEW: u32 = 0;
/// `eeszt_eid_sim_new`: an activated card with the PIN `123456`.
#[cfg(feature = "sim")]
pub const EESZT_EID_SIM_ACTIVATED: u32 = 1;

/// Password kind for `eeszt_eid_open`: the CAN.
pub const EESZT_EID_CAN: u32 = 2;
/// Password kind for `eeszt_eid_open`: the PIN.
pub const EESZT_EID_PIN: u32 = 3;
/// Password kind for `eeszt_eid_open`: the PUK.
pub const EESZT_EID_PUK: u32 = 4;

type Boxed = Box<dyn Transport + Send>;

enum Conn {
    Plain(Boxed),
    Session(SmSession<Boxed>),
    Gone,
}

/// A connection to an eID card (PC/SC reader or the in-process simulated eSzemélyi), with at most
/// one open PACE session.
///
/// Thread safety: not thread-safe; use a handle from one thread at a time (it may move between
/// threads). Free it with `eeszt_eid_free`.
pub struct eeszt_eid {
    conn: Conn,
}

impl std::fmt::Debug for eeszt_eid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.conn {
            Conn::Plain(_) => "plain",
            Conn::Session(_) => "session",
            Conn::Gone => "gone",
        };
        f.debug_struct("eeszt_eid").field("conn", &state).finish()
    }
}

impl eeszt_eid {
    /// Closes any session and returns the plain transport.
    fn plain(&mut self) -> Result<&mut Boxed, Error> {
        if let Conn::Session(_) = self.conn {
            if let Conn::Session(s) = std::mem::replace(&mut self.conn, Conn::Gone) {
                self.conn = Conn::Plain(s.into_inner());
            }
        }
        match &mut self.conn {
            Conn::Plain(t) => Ok(t),
            _ => Err(ApiError::BadState.into()),
        }
    }

    fn access(&mut self) -> Result<(&mut Boxed, CardAccess), Error> {
        let t = self.plain()?;
        let access = session::read_card_access(t)?;
        Ok((t, access))
    }

    /// Keeps `opened` (made over `&mut` the plain transport) as the handle's session.
    fn keep(&mut self, codec: Option<eeszt_auth::card::eid::sm::SmCodec>) {
        if let Conn::Plain(t) = std::mem::replace(&mut self.conn, Conn::Gone) {
            self.conn = Conn::Session(SmSession::from_parts(t, codec));
        }
    }
}

/// # Safety
/// `ptr` must be NULL or a NUL-terminated string.
unsafe fn opt_str<'a>(ptr: *const c_char) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { str_arg(ptr) }.map(Some)
    }
}

fn last_try(flags: u32) -> Result<LastTry, Error> {
    match flags {
        0 => Ok(LastTry::Refuse),
        EESZT_EID_ALLOW_LAST_TRY => Ok(LastTry::Allow),
        _ => Err(ApiError::InvalidArgument { what: "flags" }.into()),
    }
}

fn can_arg(can: Option<&str>) -> Result<Option<Password>, Error> {
    can.map(Password::can).transpose().map_err(Error::from)
}

/// Connects to the eID card in `reader` (NULL: the first reader with a card) through PC/SC.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `reader` must be NULL or a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_connect(
    reader: *const c_char,
    out: *mut *mut eeszt_eid,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let reader = unsafe { opt_str(reader) }?;
        let transport = connect(reader)?;
        // SAFETY: checked above.
        unsafe {
            write_out(
                out,
                into_handle(eeszt_eid {
                    conn: Conn::Plain(transport),
                }),
            )
        }
    })
}

#[cfg(feature = "pcsc")]
fn connect(reader: Option<&str>) -> Result<Boxed, Error> {
    let ctx = eeszt_auth::card::pcsc::PcscContext::establish()?;
    Ok(Box::new(match reader {
        Some(name) => ctx.connect(name)?,
        None => ctx.connect_first()?,
    }))
}

#[cfg(not(feature = "pcsc"))]
fn connect(_reader: Option<&str>) -> Result<Boxed, Error> {
    Err(eeszt_auth::card::CardError::Unsupported {
        what: "PC/SC (built without the pcsc feature)",
    }
    .into())
}

/// Opens an in-process simulated eSzemélyi (no reader, no pcscd). `kind` is `EESZT_EID_SIM_NEW`
/// (transport PIN 12345) or `EESZT_EID_SIM_ACTIVATED` (PIN 123456); CAN 654321, PUK 1234567890.
/// `state_file` (may be NULL) names a JSON state file: loaded when it exists (then `kind` is
/// ignored), created otherwise, and every change is saved to it. It holds the card's secrets.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `state_file` must be NULL or a NUL-terminated string; `out` writable.
#[cfg(feature = "sim")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_sim_new(
    kind: u32,
    state_file: *const c_char,
    out: *mut *mut eeszt_eid,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let path = unsafe { opt_str(state_file) }?.map(PathBuf::from);
        let fresh = match kind {
            EESZT_EID_SIM_NEW => SimEszemelyi::new(),
            EESZT_EID_SIM_ACTIVATED => SimEszemelyi::activated(),
            _ => return Err(ApiError::InvalidArgument { what: "kind" }.into()),
        };
        let card = match path {
            Some(path) if path.exists() => SimEszemelyi::open(path)?,
            Some(path) => {
                let mut card = fresh;
                card.state().save(&path)?;
                card.set_autosave(Some(path));
                card
            }
            None => fresh,
        };
        let transport: Boxed = Box::new(SimTransport::new(card));
        // SAFETY: checked above.
        unsafe {
            write_out(
                out,
                into_handle(eeszt_eid {
                    conn: Conn::Plain(transport),
                }),
            )
        }
    })
}

/// Frees a handle (NULL is ignored); an open session is closed and its keys zeroized.
///
/// # Safety
/// `eid` must be NULL or a handle from `eeszt_eid_connect`/`eeszt_eid_sim_new`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_free(eid: *mut eeszt_eid) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(eid) }
}

/// Reads the PIN state (`EESZT_EID_PIN_*`) and the tries left without spending a try. Closes an
/// open session. Errors: `EESZT_ERR_EID_NOT_ESZEMELYI` for another card.
///
/// # Safety
/// `eid` must be a live handle; `state` and `tries_left` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_status(
    eid: *mut eeszt_eid,
    state: *mut u32,
    tries_left: *mut u32,
) -> eeszt_result {
    guard(|| {
        check_out(state)?;
        check_out(tries_left)?;
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let (t, access) = eid.access()?;
        let status = pin::status(t, &access)?;
        let code = match status.state {
            PinState::Transport => EESZT_EID_PIN_TRANSPORT,
            PinState::Active => EESZT_EID_PIN_ACTIVE,
            PinState::Suspended => EESZT_EID_PIN_SUSPENDED,
            PinState::Blocked => EESZT_EID_PIN_BLOCKED,
        };
        // SAFETY: checked above.
        unsafe {
            write_opt(state, code);
            write_opt(tries_left, u32::from(status.tries_left));
        }
        Ok(())
    })
}

/// Activates the card: PACE with the 5-digit `transport_pin`, then sets `new_pin` (6 digits) after
/// checking it equals `confirm_pin`. Only a card that reports the transport state is activated;
/// otherwise nothing is tried and no PIN try is spent: `EESZT_ERR_EID_ALREADY_ACTIVATED` (active,
/// all tries), `EESZT_ERR_EID_PIN_BLOCKED`, `EESZT_ERR_EID_ACTIVATION_STATE_UNKNOWN` (the card
/// answers `63Cx`, as an activated PIN with fewer tries does). `can` and `flags`
/// (`EESZT_EID_ALLOW_LAST_TRY`) are accepted for compatibility. Closes an open session.
///
/// # Safety
/// `eid` must be a live handle; the strings NUL-terminated (`can` may be NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_activate(
    eid: *mut eeszt_eid,
    transport_pin: *const c_char,
    new_pin: *const c_char,
    confirm_pin: *const c_char,
    can: *const c_char,
    flags: u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let (old, new, confirm, can) = unsafe {
            (
                str_arg(transport_pin)?,
                str_arg(new_pin)?,
                str_arg(confirm_pin)?,
                opt_str(can)?,
            )
        };
        let old = Password::transport_pin(old)?;
        let can = can_arg(can)?;
        let attempt = PinAttempt {
            pin: &old,
            can: can.as_ref(),
            last_try: last_try(flags)?,
        };
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let (t, access) = eid.access()?;
        // The PIN-state check and the PACE relying on it inside one PC/SC transaction.
        with_exclusive(t, |t| {
            pin::activate(t, &access, attempt, new, confirm, &mut os_rng())
        })
    })
}

/// Changes the PIN (`pin` the current one) to `new_pin`, given twice. See `eeszt_eid_activate` for
/// `can` and `flags`. Closes an open session.
///
/// # Safety
/// `eid` must be a live handle; the strings NUL-terminated (`can` may be NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_change_pin(
    eid: *mut eeszt_eid,
    pin: *const c_char,
    new_pin: *const c_char,
    confirm_pin: *const c_char,
    can: *const c_char,
    flags: u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let (old, new, confirm, can) = unsafe {
            (
                str_arg(pin)?,
                str_arg(new_pin)?,
                str_arg(confirm_pin)?,
                opt_str(can)?,
            )
        };
        let old = Password::pin(old)?;
        let can = can_arg(can)?;
        let attempt = PinAttempt {
            pin: &old,
            can: can.as_ref(),
            last_try: last_try(flags)?,
        };
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let (t, access) = eid.access()?;
        with_exclusive(t, |t| {
            pin::change_pin(t, &access, attempt, new, confirm, &mut os_rng())
        })
    })
}

/// Runs a keypad PIN operation: `activate` (transport PIN, then the new PIN twice) or change
/// (current PIN, then the new PIN twice), every digit typed on the reader's keypad.
///
/// # Safety
/// `eid` must be a live handle.
unsafe fn pinpad_op(
    eid: *mut eeszt_eid,
    timeout_seconds: u32,
    lang: u32,
    activate: bool,
) -> Result<(), Error> {
    let timeout = u8::try_from(timeout_seconds).map_err(|_| ApiError::InvalidArgument {
        what: "timeout_seconds",
    })?;
    let lang = lang_arg(lang)?;
    // SAFETY: forwarded contract.
    let eid = unsafe { handle_mut(eid) }?;
    let (t, access) = eid.access()?;
    with_exclusive(t, |t| {
        if activate {
            pinpad::activate_on_reader(t, &access, timeout, lang)
        } else {
            pinpad::change_pin_on_reader(t, &access, timeout, lang)
        }
    })
}

/// Changes the PIN on a PIN-pad reader: the reader asks for the current PIN (PACE on the reader,
/// PC/SC part 10 EXECUTE_PACE) and the new PIN twice (MODIFY_PIN_DIRECT, sent by the reader inside
/// its PACE channel); no PIN passes through the caller. `timeout_seconds` (0-255, 0: the reader's
/// default) is how long the reader waits for keys; `lang` (`EESZT_LANG_HU`, `EESZT_LANG_EN`) the
/// prompts' language where the reader has it. Fails with `EESZT_ERR_EID_PIN_PAD_CHANGE_UNSUPPORTED`
/// on readers (and the simulated card) without both features, `EESZT_ERR_EID_PIN_SUSPENDED` when
/// the next try would be the last (resume with the CAN first), `EESZT_ERR_EID_PIN_PAD_TIMEOUT`,
/// `EESZT_ERR_EID_PIN_PAD_CANCELLED`, `EESZT_ERR_EID_PIN_MISMATCH` (the two new PINs differed),
/// `EESZT_ERR_EID_PIN_PAD_PIN_LENGTH`, `EESZT_ERR_EID_WRONG_PIN`, `EESZT_ERR_EID_PIN_PAD_UNPROTECTED`.
/// Closes an open session. Not verified with a physical PIN-pad reader.
///
/// # Safety
/// `eid` must be a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_pinpad_change_pin(
    eid: *mut eeszt_eid,
    timeout_seconds: u32,
    lang: u32,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { pinpad_op(eid, timeout_seconds, lang, false) })
}

/// Activates the card on a PIN-pad reader: the 5-digit transport PIN, then the new 6-digit PIN
/// twice, all typed on the reader's keypad. Arguments and errors as
/// `eeszt_eid_pinpad_change_pin`; `EESZT_ERR_EID_ALREADY_ACTIVATED` when the PIN is already active,
/// `EESZT_ERR_EID_ACTIVATION_STATE_UNKNOWN` (nothing typed, no try spent) when the card does not
/// report the transport state.
///
/// # Safety
/// `eid` must be a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_pinpad_activate(
    eid: *mut eeszt_eid,
    timeout_seconds: u32,
    lang: u32,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { pinpad_op(eid, timeout_seconds, lang, true) })
}

/// Resumes a suspended PIN: PACE with `can`, then with `pin`. This spends the last try when the PIN
/// is wrong, so `flags` must hold `EESZT_EID_ALLOW_LAST_TRY` (else `EESZT_ERR_EID_LAST_TRY_NEEDS_CONSENT`).
/// On success the PIN session stays open for `eeszt_eid_transmit`.
///
/// # Safety
/// `eid` must be a live handle; the strings NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_resume(
    eid: *mut eeszt_eid,
    can: *const c_char,
    pin: *const c_char,
    flags: u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let (can, pin_value) = unsafe { (str_arg(can)?, str_arg(pin)?) };
        let can = Password::can(can)?;
        let pin_value = Password::pin(pin_value)?;
        let last_try = last_try(flags)?;
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let (t, access) = eid.access()?;
        let codec = with_exclusive(t, |t| {
            let opened =
                pin::resume_with_can(t, &access, &can, &pin_value, last_try, &mut os_rng())?;
            Ok(opened.into_parts().1)
        })?;
        eid.keep(codec);
        Ok(())
    })
}

/// Unblocks a blocked PIN with the PUK (the PIN is unchanged and has 3 tries again). Closes an open
/// session.
///
/// # Safety
/// `eid` must be a live handle; `puk` NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_unblock(
    eid: *mut eeszt_eid,
    puk: *const c_char,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let puk = Password::puk(unsafe { str_arg(puk) }?)?;
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let (t, access) = eid.access()?;
        with_exclusive(t, |t| {
            pin::unblock_with_puk(t, &access, &puk, &mut os_rng())
        })
    })
}

/// Opens a PACE session with `password` of `kind` (`EESZT_EID_CAN`, `EESZT_EID_PIN`,
/// `EESZT_EID_PUK`). For the PIN the lifecycle rules apply: `can` (may be NULL) and
/// `EESZT_EID_ALLOW_LAST_TRY` in `flags` are needed when the PIN is suspended. Replaces an open
/// session.
///
/// # Safety
/// `eid` must be a live handle; `password` NUL-terminated; `can` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_open(
    eid: *mut eeszt_eid,
    kind: u32,
    password: *const c_char,
    can: *const c_char,
    flags: u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let (value, can) = unsafe { (str_arg(password)?, opt_str(can)?) };
        let password = match kind {
            EESZT_EID_CAN => Password::can(value)?,
            EESZT_EID_PIN => Password::pin(value)?,
            EESZT_EID_PUK => Password::puk(value)?,
            _ => return Err(ApiError::InvalidArgument { what: "kind" }.into()),
        };
        let can = can_arg(can)?;
        let last_try = last_try(flags)?;
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let (t, access) = eid.access()?;
        // The PIN-state check and PACE inside one PC/SC transaction.
        let codec = with_exclusive(t, |t| {
            Ok(if kind == EESZT_EID_PIN {
                let attempt = PinAttempt {
                    pin: &password,
                    can: can.as_ref(),
                    last_try,
                };
                pin::open_pin_session(t, &access, attempt, &mut os_rng())?
                    .into_parts()
                    .1
            } else {
                session::establish(
                    t,
                    &access,
                    &password,
                    &PaceOptions::default(),
                    &mut os_rng(),
                )?
                .0
                .into_parts()
                .1
            })
        })?;
        eid.keep(codec);
        Ok(())
    })
}

fn session_of(eid: &mut eeszt_eid) -> Result<&mut SmSession<Boxed>, Error> {
    match &mut eid.conn {
        Conn::Session(s) if s.is_open() => Ok(s),
        _ => Err(EidError::SessionClosed.into()),
    }
}

/// Sends the plain command APDU `apdu` through the open session's secure messaging and copies the
/// decrypted answer (data followed by SW1 SW2) into `resp`; `*needed` receives its length, `*sw`
/// (if not NULL) the status word, always the one the card authenticated (DO 99). A
/// secure-messaging failure (`EESZT_ERR_EID_SM_*`) closes the session; later calls fail with
/// `EESZT_ERR_EID_SESSION_CLOSED`.
///
/// `resp` must hold `EESZT_MAX_RESPONSE_LEN` bytes: a NULL `resp` or a `resp_len` below it gives
/// `EESZT_ERR_BUFFER_TOO_SMALL` with `*needed` = `EESZT_MAX_RESPONSE_LEN` without sending anything
/// (the session's send sequence counter does not move). An answer over 65536 data bytes is
/// `EESZT_ERR_CARD_RESPONSE_TOO_LONG`.
///
/// # Safety
/// `eid` must be a live handle; `apdu` valid for `apdu_len` bytes; `resp` NULL or writable for
/// `resp_len` bytes; `needed` and `sw` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_transmit(
    eid: *mut eeszt_eid,
    apdu: *const u8,
    apdu_len: usize,
    resp: *mut u8,
    resp_len: usize,
    needed: *mut usize,
    sw: *mut u16,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let raw = unsafe { bytes_arg(apdu, apdu_len) }?;
        let command = Command::parse(raw)?;
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let session = session_of(eid)?;
        // SAFETY: forwarded contract.
        unsafe { check_answer_buffer(resp, resp_len, EESZT_MAX_RESPONSE_LEN, needed) }?;
        let answer = session.transmit_command(&command)?;
        if answer.data().len() > MAX_RESPONSE_DATA {
            return Err(eeszt_auth::card::CardError::ResponseTooLong {
                limit: MAX_RESPONSE_DATA,
            }
            .into());
        }
        // SAFETY: forwarded contract.
        unsafe {
            write_bytes(&answer.to_bytes(), resp, resp_len, needed)?;
            write_opt(sw, answer.sw().0);
        }
        Ok(())
    })
}

/// Reads the card's X.509 authentication certificate (DER) through the open PIN session.
///
/// `buf` must hold `EESZT_EID_MAX_CERTIFICATE_LEN` bytes: a NULL `buf` or a shorter `len` gives
/// `EESZT_ERR_BUFFER_TOO_SMALL` with `*needed` = `EESZT_EID_MAX_CERTIFICATE_LEN` without reading
/// (a read spends no try, but every command advances the session's send sequence counter). On
/// success `*needed` is the certificate's length.
///
/// # Safety
/// `eid` must be a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_certificate(
    eid: *mut eeszt_eid,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let session = session_of(eid)?;
        // SAFETY: forwarded contract.
        unsafe { check_answer_buffer(buf, len, EESZT_EID_MAX_CERTIFICATE_LEN, needed) }?;
        let cert = auth::read_certificate(session)?;
        // SAFETY: forwarded contract.
        unsafe { write_bytes(&cert, buf, len, needed) }
    })
}

/// Has the card sign `challenge` (1-512 bytes) with its authentication key through the open PIN
/// session: ECDSA P-256/SHA-256, `r || s` (`EESZT_EID_SIGNATURE_LEN` = 64 bytes) into `sig`.
///
/// A NULL `sig` or a `sig_len` below `EESZT_EID_SIGNATURE_LEN` gives `EESZT_ERR_BUFFER_TOO_SMALL`
/// with `*needed` = 64 without asking the card (no signature is made). A card answer of another
/// length is `EESZT_ERR_EID_AUTH_FAILED`.
///
/// # Safety
/// `eid` must be a live handle; `challenge` valid for `challenge_len` bytes; `sig` NULL or writable
/// for `sig_len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_sign(
    eid: *mut eeszt_eid,
    challenge: *const u8,
    challenge_len: usize,
    sig: *mut u8,
    sig_len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let challenge = unsafe { bytes_arg(challenge, challenge_len) }?;
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        let session = session_of(eid)?;
        // SAFETY: forwarded contract.
        unsafe { check_answer_buffer(sig, sig_len, EESZT_EID_SIGNATURE_LEN, needed) }?;
        let signature = auth::sign_challenge(session, challenge)?;
        if signature.len() != EESZT_EID_SIGNATURE_LEN {
            return Err(EidError::AuthFailed.into());
        }
        // SAFETY: forwarded contract.
        unsafe { write_bytes(&signature, sig, sig_len, needed) }
    })
}

/// Checks a card signature over `challenge` with the public key of `cert` (DER X.509). Returns
/// `EESZT_OK` when valid, `EESZT_ERR_EID_AUTH_FAILED` when not.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// The buffers must be valid for their lengths.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_verify_signature(
    cert: *const u8,
    cert_len: usize,
    challenge: *const u8,
    challenge_len: usize,
    sig: *const u8,
    sig_len: usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let (cert, challenge, sig) = unsafe {
            (
                bytes_arg(cert, cert_len)?,
                bytes_arg(challenge, challenge_len)?,
                bytes_arg(sig, sig_len)?,
            )
        };
        auth::verify_signature(cert, challenge, sig)
    })
}

/// Closes the open session (its keys are zeroized); the card stays connected. No effect without
/// a session.
///
/// # Safety
/// `eid` must be a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_eid_close(eid: *mut eeszt_eid) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let eid = unsafe { handle_mut(eid) }?;
        eid.plain().map(|_| ())
    })
}
