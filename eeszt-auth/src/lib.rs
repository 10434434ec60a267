//! # eeszt-auth
//!
//! Building blocks for logging Hungarian health-care workers into EESZT (Elektronikus Egészségügyi
//! Szolgáltatási Tér, the national e-health service space):
//!
//! * [`id`]: EESZT user names, TAJ, tax IDs, institution codes, token serials;
//! * [`otp`]: HOTP/TOTP, enrollment, verification policy, one-time codes;
//! * [`card`]: ISO 7816 APDUs, PC/SC and vpcd transports, the eID card (eSzemélyi) protocols;
//! * [`cert`]: the institution's EESZT client certificate and the card's CV certificates;
//! * [`bp512`]: the brainpoolP512r1 curve for RustCrypto's ECDSA (no published crate has it);
//! * [`login`]: the portal login flow that ties the rest together.
//!
//! Every failure is an [`Error`] with a stable numeric code and a message in Hungarian and English.
//!
//! The core is pure: functions take the time, counters and randomness as arguments; convenience
//! wrappers that read the clock or the OS random generator sit on top.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[macro_use]
pub mod error;
pub mod calendar;

pub mod bp512;
pub mod card;
pub mod cert;
pub mod id;
pub mod input;
pub mod login;
pub mod otp;

#[cfg(feature = "fuzz")]
#[cfg_attr(docsrs, doc(cfg(feature = "fuzz")))]
pub mod fuzz;

pub use error::{ApiError, CodeInfo, Error, Lang, Result};

/// The library's version (the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
