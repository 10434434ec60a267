//! Smartcards: APDUs, status words, BER-TLV, transports (PC/SC, vpcd), the eID card's protocols.
//!
//! * [`apdu`]: [`Command`] and [`Response`] (ISO 7816-4 cases 1-4, short and extended length);
//! * [`atr`]: historical bytes and the capabilities a card advertises in its ATR;
//! * [`status`]: [`StatusWord`] and its typed [`Meaning`] with Hungarian and English text;
//! * [`tlv`]: a zero-copy BER-TLV parser (strict DER mode, nesting limit) and builder;
//! * [`transport`]: the [`Transport`] trait every reader implements;
//! * [`exchange`](mod@exchange): the ISO 7816 rules (61xx, 6Cxx, chaining, extended length) and
//!   an optional [`trace`] hook that redacts PINs and keys;
//! * [`pcsc`](mod@pcsc): the PC/SC transport (feature `pcsc`); [`part10`]: PIN-pad reader features;
//! * [`vpcd`]: serve a simulated card into a real pcscd; [`vpcd_reader`]: a remote card (phone) as a
//!   transport, with the pairing text for a QR code;
//! * [`mock`]: a scripted [`MockTransport`] for tests;
//! * [`simcard`]: the [`SimCard`] trait and the in-process [`SimTransport`] (feature `sim`);
//! * [`testcard`]: an ISO 7816-4 test card (file system, PINs, configurable 61xx/6Cxx/chaining).
//!
//! ```
//! use eeszt_auth::card::{exchange, Command, MockTransport};
//!
//! let mut reader = MockTransport::new().expect("0084000008", "11223344556677889000");
//! let challenge = exchange(&mut reader, &Command::new(0x00, 0x84, 0x00, 0x00).with_le(8))?.check()?;
//! assert_eq!(challenge.data().len(), 8);
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

pub mod apdu;
pub mod atr;
pub mod eid;
mod eid_error;
mod error;
pub mod exchange;
pub mod hex;
pub mod mock;
pub mod part10;
#[cfg(feature = "pcsc")]
pub mod pcsc;
#[cfg(feature = "sim")]
pub mod simcard;
pub mod status;
#[cfg(feature = "sim")]
pub mod testcard;
#[cfg(feature = "sim")]
mod testcard_fs;
#[cfg(feature = "sim")]
mod testcard_pin;
pub mod tlv;
pub mod trace;
pub mod transport;
pub mod vpcd;
pub mod vpcd_reader;

pub use apdu::{Command, Response};
pub use eid_error::EidError;
pub use error::CardError;
pub use exchange::{Exchange, ExchangeOptions, exchange, exchange_ok, may_resend};
pub use mock::MockTransport;
#[cfg(feature = "sim")]
pub use simcard::{SimCard, SimTransport};
pub use status::{Meaning, StatusWord};
pub use tlv::Tlv;
pub use transport::{ReaderFeatures, Transport};
