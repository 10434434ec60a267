//! The PC/SC transport (feature `pcsc`, through libpcsclite / winscard): list readers, wait for a
//! card, connect, transmit, exclusive transactions, reconnect after a reset, part 10 features.
//!
//! ```no_run
//! use eeszt_auth::card::pcsc::{CardEvent, PcscContext};
//! use eeszt_auth::card::{exchange_ok, Command};
//! use std::time::Duration;
//!
//! let ctx = PcscContext::establish()?; // CARD_SERVICE_NOT_RUNNING when pcscd is down
//! for reader in ctx.reader_states()? {
//!     println!("{} card={}", reader.name, reader.card_present);
//! }
//! let reader = ctx.wait_for(None, CardEvent::Inserted, Some(Duration::from_secs(30)))?;
//! let mut card = ctx.connect(&reader)?;
//! let challenge = card.transaction(|t| exchange_ok(t, &Command::new(0, 0x84, 0, 0).with_le(8)))?;
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use std::ffi::CString;
use std::fmt;
use std::time::{Duration, Instant};

use pcsc::{Disposition, Protocols, ReaderState, Scope, ShareMode, State};

use super::error::CardError;
use super::part10;
use super::transport::{ReaderFeatures, Transport};
use crate::error::{Error, Result};

/// Turns a PC/SC error into a [`CardError`] with a clear meaning; `reader` names the reader involved.
pub fn map_error(err: pcsc::Error, reader: Option<&str>) -> Error {
    use pcsc::Error as E;
    match err {
        E::NoService | E::ServiceStopped => CardError::ServiceNotRunning.into(),
        E::NoReadersAvailable => CardError::NoReader.into(),
        E::UnknownReader | E::ReaderUnavailable => CardError::ReaderNotFound {
            name: reader.unwrap_or_default().to_owned(),
        }
        .into(),
        E::NoSmartcard => CardError::NoCard.into(),
        E::RemovedCard => CardError::CardRemoved.into(),
        E::ResetCard => CardError::CardReset.into(),
        E::SharingViolation => CardError::Busy.into(),
        E::Timeout => CardError::Timeout.into(),
        E::Cancelled => CardError::Cancelled.into(),
        other => CardError::TransportFailed {
            detail: format!("PC/SC: {other}"),
        }
        .into(),
    }
}

/// One reader and its card, as `eeszt-auth card readers` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReaderInfo {
    /// The reader's name.
    pub name: String,
    /// Whether a card is in it.
    pub card_present: bool,
    /// The card's ATR when present.
    pub atr: Option<Vec<u8>>,
}

/// What [`PcscContext::wait_for`] waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardEvent {
    /// A card is (or becomes) present.
    Inserted,
    /// The card is (or becomes) absent.
    Removed,
}

/// Cancels a [`PcscContext::wait_for`] running in another thread. Thread-safe (`Send + Sync`).
#[derive(Clone)]
pub struct Canceller(pcsc::Context);

impl fmt::Debug for Canceller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Canceller")
    }
}

impl Canceller {
    /// Makes the running wait return [`CardError::Cancelled`].
    pub fn cancel(&self) -> Result<()> {
        self.0.cancel().map_err(|e| map_error(e, None))
    }
}

/// A connection to the PC/SC service. Thread-safe (`Send + Sync`); one wait at a time.
pub struct PcscContext {
    ctx: pcsc::Context,
}

impl fmt::Debug for PcscContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PcscContext")
    }
}

impl PcscContext {
    /// Connects to the PC/SC service; [`CardError::ServiceNotRunning`] when pcscd is not running.
    pub fn establish() -> Result<PcscContext> {
        let ctx = pcsc::Context::establish(Scope::User).map_err(|e| map_error(e, None))?;
        Ok(PcscContext { ctx })
    }

    /// A handle that cancels a running [`wait_for`](Self::wait_for).
    pub fn canceller(&self) -> Canceller {
        Canceller(self.ctx.clone())
    }

    /// The reader names (empty when none is connected).
    pub fn readers(&self) -> Result<Vec<String>> {
        match self.ctx.list_readers_owned() {
            Ok(names) => Ok(names
                .iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect()),
            Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
            Err(e) => Err(map_error(e, None)),
        }
    }

    /// Every reader with its card state and ATR.
    pub fn reader_states(&self) -> Result<Vec<ReaderInfo>> {
        let names = self.readers()?;
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut states = reader_states_for(&names)?;
        self.ctx
            .get_status_change(Duration::ZERO, &mut states)
            .map_err(|e| map_error(e, None))?;
        Ok(states.iter().map(info_of).collect())
    }

    /// Waits until a card is present in (`Inserted`) or absent from (`Removed`) `reader`, or any
    /// reader when `None`; returns the reader's name. Returns at once when the state already holds.
    /// Readers plugged in meanwhile are noticed (PnP notification). `None` waits without limit;
    /// [`CardError::Timeout`] when `timeout` passes, [`CardError::Cancelled`] on
    /// [`Canceller::cancel`].
    pub fn wait_for(
        &self,
        reader: Option<&str>,
        event: CardEvent,
        timeout: Option<Duration>,
    ) -> Result<String> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let names: Vec<String> = self
                .readers()?
                .into_iter()
                .filter(|n| reader.is_none_or(|r| r == n))
                .collect();
            let mut states = reader_states_for(&names)?;
            states.push(ReaderState::new(pcsc::PNP_NOTIFICATION(), State::UNAWARE));
            // Learn the current state.
            self.ctx
                .get_status_change(Duration::ZERO, &mut states)
                .map_err(|e| map_error(e, reader))?;
            let mut pnp_changed = false;
            loop {
                if let Some(hit) = states.iter().find(|s| matches_event(s, event)) {
                    return Ok(hit.name().to_string_lossy().into_owned());
                }
                if pnp_changed {
                    break;
                }
                for s in &mut states {
                    s.sync_current_state();
                }
                let remaining = match deadline {
                    Some(d) => match d.checked_duration_since(Instant::now()) {
                        Some(left) if !left.is_zero() => Some(left),
                        _ => return Err(CardError::Timeout.into()),
                    },
                    None => None,
                };
                self.ctx
                    .get_status_change(remaining, &mut states)
                    .map_err(|e| map_error(e, reader))?;
                pnp_changed = states.iter().any(|s| {
                    s.name() == pcsc::PNP_NOTIFICATION() && s.event_state().contains(State::CHANGED)
                });
            }
        }
    }

    /// Connects to the card in `reader` (shared mode, T=0 or T=1).
    pub fn connect(&self, reader: &str) -> Result<PcscTransport> {
        let name = CString::new(reader).map_err(|_| CardError::ReaderNotFound {
            name: reader.to_owned(),
        })?;
        let card = self
            .ctx
            .connect(&name, ShareMode::Shared, Protocols::ANY)
            .map_err(|e| map_error(e, Some(reader)))?;
        PcscTransport::new(card, reader.to_owned())
    }

    /// Connects to the first reader that holds a card.
    pub fn connect_first(&self) -> Result<PcscTransport> {
        let readers = self.reader_states()?;
        if readers.is_empty() {
            return Err(CardError::NoReader.into());
        }
        match readers.iter().find(|r| r.card_present) {
            Some(r) => self.connect(&r.name),
            None => Err(CardError::NoCard.into()),
        }
    }
}

fn reader_states_for(names: &[String]) -> Result<Vec<ReaderState>> {
    names
        .iter()
        .map(|n| {
            CString::new(n.as_str())
                .map(|c| ReaderState::new(c, State::UNAWARE))
                .map_err(|_| CardError::ReaderNotFound { name: n.clone() }.into())
        })
        .collect()
}

fn info_of(state: &ReaderState) -> ReaderInfo {
    let present = state.event_state().contains(State::PRESENT);
    ReaderInfo {
        name: state.name().to_string_lossy().into_owned(),
        card_present: present,
        atr: present.then(|| state.atr().to_vec()),
    }
}

fn matches_event(state: &ReaderState, event: CardEvent) -> bool {
    if state.name() == pcsc::PNP_NOTIFICATION() {
        return false;
    }
    let es = state.event_state();
    if es.contains(State::UNKNOWN) || es.contains(State::IGNORE) || es.contains(State::UNAVAILABLE)
    {
        return false;
    }
    match event {
        CardEvent::Inserted => es.contains(State::PRESENT) && !es.contains(State::MUTE),
        CardEvent::Removed => es.contains(State::EMPTY),
    }
}

/// A connected card: a [`Transport`] through PC/SC. `Send`; use from one thread at a time.
///
/// When another program resets the card, the next transmission fails with
/// [`CardError::CardReset`]; the transport reconnects on its own, and [`Transport::reset_seen`]
/// then reports the reset once so the caller can rebuild its session (select, PACE, PIN).
pub struct PcscTransport {
    card: Connection,
    reader: String,
    atr: Vec<u8>,
    features: ReaderFeatures,
    reset_pending: bool,
    buffer: Vec<u8>,
}

impl fmt::Debug for PcscTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PcscTransport")
            .field("reader", &self.reader)
            .field("features", &self.features)
            .finish()
    }
}

/// The control code of CM_IOCTL_GET_FEATURE_REQUEST on this platform.
pub fn get_feature_request_code() -> u32 {
    u32::try_from(pcsc::ctl_code(3400)).unwrap_or(part10::CM_IOCTL_GET_FEATURE_REQUEST_PCSCLITE)
}

fn transmit_raw(
    card: &pcsc::Card,
    buffer: &mut [u8],
    apdu: &[u8],
) -> std::result::Result<Vec<u8>, pcsc::Error> {
    card.transmit(apdu, buffer).map(<[u8]>::to_vec)
}

impl PcscTransport {
    fn new(card: pcsc::Card, reader: String) -> Result<PcscTransport> {
        let mut transport = PcscTransport {
            card: Connection(Some(card)),
            reader,
            atr: Vec::new(),
            features: ReaderFeatures::default(),
            reset_pending: false,
            buffer: vec![0; pcsc::MAX_BUFFER_SIZE_EXTENDED],
        };
        transport.refresh()?;
        Ok(transport)
    }

    /// Reads the ATR and discovers the reader's part 10 features.
    fn refresh(&mut self) -> Result<()> {
        let reader = self.reader.clone();
        let status = self
            .card
            .status2_owned()
            .map_err(|e| map_error(e, Some(&reader)))?;
        self.atr = status.atr().to_vec();
        let request = self
            .control(get_feature_request_code(), &[])
            .unwrap_or_default();
        let max_apdu = part10::feature_code(&request, part10::FEATURE_GET_TLV_PROPERTIES)
            .and_then(|code| self.control(code, &[]).ok())
            .and_then(|props| part10::tlv_property(&props, part10::PROPERTY_MAX_APDU_DATA_SIZE));
        let mut features = part10::features(&request, max_apdu);
        if max_apdu.is_none() {
            // Without the reader's word, trust the card's ATR (pcsc-lite passes extended APDUs).
            features.extended_length = super::atr::capabilities(&self.atr).extended_length;
        }
        self.features = features;
        Ok(())
    }

    /// The reader's name.
    pub fn reader(&self) -> &str {
        &self.reader
    }

    /// The underlying `pcsc` crate connection (for escape hatches and for measuring this transport
    /// against raw PC/SC calls on the same connection).
    pub fn raw_card(&self) -> &pcsc::Card {
        &self.card
    }

    /// Overrides the extended-length feature (for readers that report it wrongly).
    pub fn set_extended_length(&mut self, extended: bool) {
        self.features.extended_length = extended;
    }

    /// Reconnects (after a reset or to reset the card yourself with `reset = true`).
    pub fn reconnect(&mut self, reset: bool) -> Result<()> {
        let disposition = if reset {
            Disposition::ResetCard
        } else {
            Disposition::LeaveCard
        };
        let reader = self.reader.clone();
        self.card
            .reconnect(ShareMode::Shared, Protocols::ANY, disposition)
            .map_err(|e| map_error(e, Some(&reader)))?;
        self.reset_pending = true;
        self.refresh()
    }

    /// Runs `f` inside an exclusive PC/SC transaction: no other program can talk to the card in
    /// between. The transaction ends (leaving the card as it is) when `f` returns.
    pub fn transaction<R>(&mut self, f: impl FnOnce(&mut dyn Transport) -> Result<R>) -> Result<R> {
        let reader = self.reader.clone();
        for attempt in 0..2 {
            match self.card.transaction2() {
                Ok(tx) => {
                    let mut inner = TransactionTransport {
                        tx: &tx,
                        atr: &self.atr,
                        features: self.features,
                        buffer: &mut self.buffer,
                        reader: &reader,
                    };
                    let out = f(&mut inner);
                    drop(tx);
                    return out;
                }
                // The card was reset since the last command: reconnect once, then begin again.
                Err((_, pcsc::Error::ResetCard)) if attempt == 0 => {}
                Err((_, e)) => return Err(map_error(e, Some(&reader))),
            }
            self.reconnect(false)?;
        }
        Err(CardError::CardReset.into())
    }

    /// Disconnects, leaving the card powered.
    pub fn disconnect(mut self) -> Result<()> {
        let reader = self.reader.clone();
        match self.card.0.take() {
            Some(card) => card
                .disconnect(Disposition::LeaveCard)
                .map_err(|(_, e)| map_error(e, Some(&reader))),
            None => Ok(()),
        }
    }
}

/// A card connection that leaves the card as it is when dropped. (pcsc's `Card` resets the card
/// when dropped, which ends the session of every other program — and every other connection of
/// this one — with the card: PACE keys, selected files, verified PINs.)
struct Connection(Option<pcsc::Card>);

impl std::ops::Deref for Connection {
    type Target = pcsc::Card;
    fn deref(&self) -> &pcsc::Card {
        // Some from `PcscTransport::new` until `disconnect` or drop consume the transport.
        self.0
            .as_ref()
            .expect("the connection is open while the transport exists")
    }
}

impl std::ops::DerefMut for Connection {
    fn deref_mut(&mut self) -> &mut pcsc::Card {
        self.0
            .as_mut()
            .expect("the connection is open while the transport exists")
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Some(card) = self.0.take() {
            let _ = card.disconnect(Disposition::LeaveCard);
        }
    }
}

impl Transport for PcscTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        match transmit_raw(&self.card, &mut self.buffer, apdu) {
            Ok(answer) => Ok(answer),
            Err(pcsc::Error::ResetCard) => {
                // Reconnect so that the next command works; report the reset to this caller.
                self.reconnect(false)?;
                Err(CardError::CardReset.into())
            }
            Err(e) => Err(map_error(e, Some(&self.reader))),
        }
    }

    fn control(&mut self, code: u32, data: &[u8]) -> Result<Vec<u8>> {
        self.card
            .control(code.into(), data, &mut self.buffer)
            .map(<[u8]>::to_vec)
            .map_err(|e| map_error(e, Some(&self.reader)))
    }

    fn features(&self) -> ReaderFeatures {
        self.features
    }

    fn atr(&self) -> Result<Vec<u8>> {
        Ok(self.atr.clone())
    }

    fn reset_seen(&mut self) -> bool {
        std::mem::take(&mut self.reset_pending)
    }

    fn exclusive(&mut self, f: &mut dyn FnMut(&mut dyn Transport) -> Result<()>) -> Result<()> {
        self.transaction(|t| f(t))
    }
}

/// The transport handed to [`PcscTransport::transaction`]'s closure.
struct TransactionTransport<'a, 'tx> {
    tx: &'a pcsc::Transaction<'tx>,
    atr: &'a [u8],
    features: ReaderFeatures,
    buffer: &'a mut Vec<u8>,
    reader: &'a str,
}

impl Transport for TransactionTransport<'_, '_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        transmit_raw(self.tx, self.buffer, apdu).map_err(|e| map_error(e, Some(self.reader)))
    }

    fn control(&mut self, code: u32, data: &[u8]) -> Result<Vec<u8>> {
        self.tx
            .control(code.into(), data, self.buffer)
            .map(<[u8]>::to_vec)
            .map_err(|e| map_error(e, Some(self.reader)))
    }

    fn features(&self) -> ReaderFeatures {
        self.features
    }

    fn atr(&self) -> Result<Vec<u8>> {
        Ok(self.atr.to_vec())
    }
}
