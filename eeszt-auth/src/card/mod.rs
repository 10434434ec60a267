//! Smartcards: APDUs, status words, BER-TLV, transports (PC/SC, vpcd), the eID card's protocols.

mod eid_error;
mod error;

pub use eid_error::EidError;
pub use error::CardError;
