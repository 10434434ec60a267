//! Entry points of the fuzz targets (feature `fuzz`, off by default; not part of the stable API).
//!
//! Every cargo-fuzz target in `fuzz/fuzz_targets/<name>.rs` calls the function of the same name
//! here, and `eeszt-auth/tests/fuzz_corpus.rs` replays every file of `fuzz/corpus/<name>/` through
//! it on the stable toolchain ([`TARGETS`] is the table both use). A function panics only when it
//! finds a bug (a failed round trip or invariant); hostile input must give errors, never panics.
//!
//! The feature brings in `sim` and `serde`: some targets drive the simulated cards and parse JSON.

mod atr;
mod card;
mod cert;
mod cvc;
mod eid;
mod exchange;
mod id;
mod otp;
mod pace;
mod pinpad;
mod sim;
mod vpcd;

pub use atr::atr_parse;
pub use card::{card_apdu, card_tlv};
pub use cert::{cert_load, cert_p12, cert_pem, cert_qc_statements};
pub use cvc::cert_cvc;
pub use eid::{eid_auth_cert, eid_card_access, eid_sm_response};
pub use exchange::exchange_hostile_card;
pub use id::{
    id_financing, id_institution_code, id_institutions, id_licence, id_provider, id_taj, id_tax,
    id_token, id_unit, id_user,
};
pub use otp::{otp_base32, otp_uri};
pub use pace::pace_answers;
pub use pinpad::pinpad_output;
pub use sim::{sim_eid, sim_state, sim_testcard};
pub use vpcd::{vpcd_card_side, vpcd_reader_side};

/// A fuzz target: its name (the file in `fuzz/fuzz_targets/` and the folder in `fuzz/corpus/`) and
/// its entry point.
pub type Target = (&'static str, fn(&[u8]));

/// Every fuzz target.
pub const TARGETS: &[Target] = &[
    ("atr_parse", atr_parse),
    ("card_apdu", card_apdu),
    ("card_tlv", card_tlv),
    ("cert_cvc", cert_cvc),
    ("cert_load", cert_load),
    ("cert_p12", cert_p12),
    ("cert_pem", cert_pem),
    ("cert_qc_statements", cert_qc_statements),
    ("eid_auth_cert", eid_auth_cert),
    ("eid_card_access", eid_card_access),
    ("eid_sm_response", eid_sm_response),
    ("exchange_hostile_card", exchange_hostile_card),
    ("id_financing", id_financing),
    ("id_institution_code", id_institution_code),
    ("id_institutions", id_institutions),
    ("id_licence", id_licence),
    ("id_provider", id_provider),
    ("id_taj", id_taj),
    ("id_tax", id_tax),
    ("id_token", id_token),
    ("id_unit", id_unit),
    ("id_user", id_user),
    ("otp_base32", otp_base32),
    ("otp_uri", otp_uri),
    ("pace_answers", pace_answers),
    ("pinpad_output", pinpad_output),
    ("sim_eid", sim_eid),
    ("sim_state", sim_state),
    ("sim_testcard", sim_testcard),
    ("vpcd_card_side", vpcd_card_side),
    ("vpcd_reader_side", vpcd_reader_side),
];

/// Splits fuzz input into pieces: each piece is one length byte and that many bytes (the last one
/// takes what is left). Lets one input script several messages.
pub(crate) struct Pieces<'a> {
    rest: &'a [u8],
}

impl<'a> Pieces<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Pieces<'a> {
        Pieces { rest: data }
    }

    /// One byte, if any is left.
    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    /// Whatever is left.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let len = usize::from(self.byte()?);
        let n = len.min(self.rest.len());
        let (piece, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(piece)
    }
}
