//! C ABI for eeszt-auth.
//!
//! Glue only: every exported function converts its arguments, calls the core crate inside a panic
//! boundary, and converts the result. Conventions (see `include/eeszt_auth.h`):
//!
//! * every function returns an `eeszt_result` (`EESZT_OK` = 0, error codes mirror the core's codes);
//! * `eeszt_error_message` copies a code's message (Hungarian or English) into a caller buffer;
//! * outputs come last and are written only on success; caller buffers carry a length and a `needed`
//!   out-parameter;
//! * enumerations are `uint32_t` and validated; NULL gives `EESZT_ERR_NULL`; a panic gives
//!   `EESZT_ERR_PANIC` and never unwinds into the caller.
#![deny(missing_docs)]
#![allow(non_camel_case_types)]

mod boundary;
mod card;
mod cert;
mod common;
mod cvc;
mod eid;
mod id;
mod login;
mod otp;
#[cfg(feature = "store")]
mod store;

pub use card::*;
pub use cert::*;
pub use common::*;
pub use cvc::*;
pub use eid::*;
pub use id::*;
pub use login::*;
pub use otp::*;
#[cfg(feature = "store")]
pub use store::*;
