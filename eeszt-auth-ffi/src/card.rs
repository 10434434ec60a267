//! Smartcards: list PC/SC readers, connect to a card (or to the in-process ISO 7816 test card),
//! transmit APDUs through the exchange layer (61xx, 6Cxx, chaining, extended length), disconnect.

use std::ffi::c_char;

#[cfg(feature = "sim")]
use eeszt_auth::card::SimTransport;
#[cfg(feature = "sim")]
use eeszt_auth::card::testcard::{Behaviour, TestCard};
use eeszt_auth::card::{CardError, Command, Exchange, ExchangeOptions, Transport};
use eeszt_auth::{ApiError, Error};

use crate::boundary::{
    bytes_arg, check_out, free_handle, guard, handle_mut, handle_ref, into_handle, str_arg,
    write_bytes, write_opt, write_out, write_str,
};
use crate::common::eeszt_result;

/// The largest answer `eeszt_card_transmit` and `eeszt_eid_transmit` can give: 65536 data bytes
/// (the largest Ne of ISO 7816-4, extended length; the exchange layer refuses a longer answer with
/// `EESZT_ERR_CARD_RESPONSE_TOO_LONG`) followed by SW1 SW2. Size the answer buffer to this once.
pub const EESZT_MAX_RESPONSE_LEN: usize = 65_538;

/// The largest answer data the C ABI's exchanges accept (see `EESZT_MAX_RESPONSE_LEN`).
pub(crate) const MAX_RESPONSE_DATA: usize = EESZT_MAX_RESPONSE_LEN - 2;

/// Checks an answer buffer before anything is sent: NULL or shorter than `max` is
/// `EESZT_ERR_BUFFER_TOO_SMALL` with `*needed` = `max`, and the command is not sent (a size query
/// must never execute it: a VERIFY would spend a try and its answer would be lost).
///
/// # Safety
/// `needed` must be NULL or writable.
pub(crate) unsafe fn check_answer_buffer(
    buf: *mut u8,
    len: usize,
    max: usize,
    needed: *mut usize,
) -> Result<(), Error> {
    if buf.is_null() || len < max {
        // SAFETY: forwarded contract.
        unsafe { write_opt(needed, max) };
        return Err(ApiError::BufferTooSmall { needed: max }.into());
    }
    Ok(())
}

/// `eeszt_card_sim_new` flag: the test card refuses extended-length APDUs (the host chains).
#[cfg(feature = "sim")]
pub const EESZT_CARD_SIM_NO_EXTENDED: u32 = 1;
/// `eeszt_card_sim_new` flag: the test card answers 6Cxx when Le is not the exact length.
#[cfg(feature = "sim")]
pub const EESZT_CARD_SIM_EXACT_LE: u32 = 2;

enum Link {
    #[cfg(feature = "pcsc")]
    Pcsc(eeszt_auth::card::pcsc::PcscTransport),
    #[cfg(feature = "sim")]
    Sim(SimTransport<TestCard>),
    Closed,
}

/// A connection to one card: a PC/SC reader or the in-process test card.
///
/// Thread safety: not thread-safe; use a handle from one thread at a time (it may move between
/// threads). Free it with `eeszt_card_free`.
pub struct eeszt_card {
    link: Link,
}

impl std::fmt::Debug for eeszt_card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.link {
            #[cfg(feature = "pcsc")]
            Link::Pcsc(_) => "pcsc",
            #[cfg(feature = "sim")]
            Link::Sim(_) => "sim",
            Link::Closed => "closed",
        };
        f.debug_struct("eeszt_card").field("link", &kind).finish()
    }
}

impl eeszt_card {
    fn transport(&mut self) -> Result<&mut dyn Transport, Error> {
        match &mut self.link {
            #[cfg(feature = "pcsc")]
            Link::Pcsc(t) => Ok(t),
            #[cfg(feature = "sim")]
            Link::Sim(t) => Ok(t),
            Link::Closed => Err(ApiError::BadState.into()),
        }
    }
}

#[cfg(feature = "pcsc")]
fn reader_names() -> Result<String, Error> {
    let ctx = eeszt_auth::card::pcsc::PcscContext::establish()?;
    let names = ctx.readers()?;
    if names.is_empty() {
        return Err(CardError::NoReader.into());
    }
    Ok(names.join("\n"))
}

#[cfg(not(feature = "pcsc"))]
fn reader_names() -> Result<String, Error> {
    Err(CardError::Unsupported {
        what: "PC/SC (built without the pcsc feature)",
    }
    .into())
}

#[cfg(feature = "pcsc")]
fn connect_reader(reader: Option<&str>) -> Result<Link, Error> {
    let ctx = eeszt_auth::card::pcsc::PcscContext::establish()?;
    let transport = match reader {
        Some(name) => ctx.connect(name)?,
        None => ctx.connect_first()?,
    };
    Ok(Link::Pcsc(transport))
}

#[cfg(not(feature = "pcsc"))]
fn connect_reader(_reader: Option<&str>) -> Result<Link, Error> {
    Err(CardError::Unsupported {
        what: "PC/SC (built without the pcsc feature)",
    }
    .into())
}

/// Copies the names of the PC/SC readers, one per line (`\n`), NUL-terminated, into `buf`.
///
/// Errors: `EESZT_ERR_CARD_SERVICE_NOT_RUNNING` when pcscd is not running, `EESZT_ERR_CARD_NO_READER`
/// when no reader is connected, `EESZT_ERR_BUFFER_TOO_SMALL` (with `*needed`).
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `buf` must be NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_readers(
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        let names = reader_names()?;
        // SAFETY: forwarded contract.
        unsafe { write_str(&names, buf, len, needed) }
    })
}

/// Connects to the card in `reader` (NULL: the first reader holding a card) through PC/SC and
/// stores a new handle in `*out`.
///
/// Errors: `EESZT_ERR_CARD_SERVICE_NOT_RUNNING`, `EESZT_ERR_CARD_NO_READER`,
/// `EESZT_ERR_CARD_READER_NOT_FOUND`, `EESZT_ERR_CARD_NO_CARD`, `EESZT_ERR_CARD_BUSY`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `reader` must be NULL or a NUL-terminated string; `out` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_connect(
    reader: *const c_char,
    out: *mut *mut eeszt_card,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        let reader = if reader.is_null() {
            None
        } else {
            // SAFETY: non-NULL NUL-terminated string per the contract.
            Some(unsafe { str_arg(reader) }?)
        };
        let link = connect_reader(reader)?;
        // SAFETY: `out` checked above and writable per the contract.
        unsafe { write_out(out, into_handle(eeszt_card { link })) }
    })
}

/// Opens the in-process ISO 7816 test card (no reader, no pcscd): its file system holds the
/// application `F0 45 45 53 5A 54 01` with EF 5001 (1000 bytes), PIN reference 81 = "123456".
/// `seed` drives GET CHALLENGE; `flags` is a combination of `EESZT_CARD_SIM_*`;
/// `response_chunk` > 0 makes the card send longer answers in parts (61xx).
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `out` must be writable.
#[cfg(feature = "sim")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_sim_new(
    seed: u64,
    flags: u32,
    response_chunk: usize,
    out: *mut *mut eeszt_card,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        if flags & !(EESZT_CARD_SIM_NO_EXTENDED | EESZT_CARD_SIM_EXACT_LE) != 0 {
            return Err(ApiError::InvalidArgument { what: "flags" }.into());
        }
        let no_extended = flags & EESZT_CARD_SIM_NO_EXTENDED != 0;
        let card = TestCard::sample()
            .with_seed(seed)
            .with_behaviour(Behaviour {
                extended_length: !no_extended,
                max_command_data: if no_extended { 255 } else { 65_535 },
                response_chunk: (response_chunk > 0).then_some(response_chunk),
                exact_le: flags & EESZT_CARD_SIM_EXACT_LE != 0,
                ..Behaviour::default()
            });
        let link = Link::Sim(SimTransport::new(card).with_extended_length(!no_extended));
        // SAFETY: `out` checked above and writable per the contract.
        unsafe { write_out(out, into_handle(eeszt_card { link })) }
    })
}

/// Sends the command APDU `apdu` through the exchange layer and copies the answer (data followed by
/// SW1 SW2) into `resp`; `*needed` receives its length, `*sw` (if not NULL) the status word.
/// A status word other than 9000 is not an error here: check `*sw`.
///
/// `resp` must hold `EESZT_MAX_RESPONSE_LEN` bytes: the arguments are checked before anything is
/// sent, and a NULL `resp` or a `resp_len` below `EESZT_MAX_RESPONSE_LEN` gives
/// `EESZT_ERR_BUFFER_TOO_SMALL` with `*needed` = `EESZT_MAX_RESPONSE_LEN` WITHOUT sending the
/// command (so a size query never executes a VERIFY or any other command). The exchange layer
/// never re-sends on its own (`6Cxx`) a command that spends a try, changes state or is under
/// secure messaging: that `6Cxx` comes back in `*sw`.
///
/// Errors: `EESZT_ERR_CARD_APDU_INVALID`, `EESZT_ERR_CARD_REMOVED`, `EESZT_ERR_CARD_RESET`,
/// `EESZT_ERR_BAD_STATE` after `eeszt_card_disconnect`, `EESZT_ERR_BUFFER_TOO_SMALL` (nothing sent),
/// `EESZT_ERR_CARD_RESPONSE_TOO_LONG` (the card answered more than 65536 bytes).
///
/// Thread safety: see `eeszt_card`.
///
/// # Safety
/// `card` must be NULL or a live handle; `apdu` valid for `apdu_len` bytes; `resp` NULL or writable
/// for `resp_len` bytes; `needed` and `sw` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_transmit(
    card: *mut eeszt_card,
    apdu: *const u8,
    apdu_len: usize,
    resp: *mut u8,
    resp_len: usize,
    needed: *mut usize,
    sw: *mut u16,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let card = unsafe { handle_mut(card) }?;
        // SAFETY: per the contract.
        let apdu = unsafe { bytes_arg(apdu, apdu_len) }?;
        let command = Command::parse(apdu)?;
        let transport = card.transport()?;
        // SAFETY: per the contract.
        unsafe { check_answer_buffer(resp, resp_len, EESZT_MAX_RESPONSE_LEN, needed) }?;
        let response = Exchange::with_options(ExchangeOptions {
            max_response: MAX_RESPONSE_DATA,
            ..ExchangeOptions::default()
        })
        .run(transport, &command)?;
        // SAFETY: per the contract.
        unsafe { write_bytes(&response.to_bytes(), resp, resp_len, needed) }?;
        // SAFETY: per the contract.
        unsafe { write_opt(sw, response.sw().0) };
        Ok(())
    })
}

/// Copies the card's ATR into `buf`.
///
/// Thread safety: see `eeszt_card`.
///
/// # Safety
/// `card` must be NULL or a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_atr(
    card: *mut eeszt_card,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let card = unsafe { handle_mut(card) }?;
        let atr = card.transport()?.atr()?;
        // SAFETY: per the contract.
        unsafe { write_bytes(&atr, buf, len, needed) }
    })
}

/// Whether the reader passes extended-length APDUs (`*out` = 1) or the exchange layer chains
/// (`*out` = 0).
///
/// Thread safety: see `eeszt_card`.
///
/// # Safety
/// `card` must be NULL or a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_extended_length(
    card: *const eeszt_card,
    out: *mut u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let card = unsafe { handle_ref(card) }?;
        let extended = match &card.link {
            #[cfg(feature = "pcsc")]
            Link::Pcsc(t) => t.features().extended_length,
            #[cfg(feature = "sim")]
            Link::Sim(t) => t.features().extended_length,
            Link::Closed => return Err(ApiError::BadState.into()),
        };
        // SAFETY: per the contract.
        unsafe { write_out(out, u32::from(extended)) }
    })
}

/// Ends the connection (the card stays powered); the handle then only accepts `eeszt_card_free`
/// (other calls give `EESZT_ERR_BAD_STATE`). Disconnecting twice is harmless.
///
/// Thread safety: see `eeszt_card`.
///
/// # Safety
/// `card` must be NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_disconnect(card: *mut eeszt_card) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let card = unsafe { handle_mut(card) }?;
        match std::mem::replace(&mut card.link, Link::Closed) {
            #[cfg(feature = "pcsc")]
            Link::Pcsc(t) => t.disconnect(),
            #[cfg(feature = "sim")]
            Link::Sim(_) => Ok(()),
            Link::Closed => Ok(()),
        }
    })
}

/// Frees a handle (disconnecting first if needed). NULL is ignored.
///
/// Thread safety: see `eeszt_card`.
///
/// # Safety
/// `card` must be NULL or a handle from `eeszt_card_connect`/`eeszt_card_sim_new`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_free(card: *mut eeszt_card) {
    // SAFETY: forwarded contract; `free_handle` runs inside the panic boundary.
    unsafe { free_handle(card) }
}
