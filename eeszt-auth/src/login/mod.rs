//! The EESZT portal login flow.

mod error;

pub use error::LoginError;
