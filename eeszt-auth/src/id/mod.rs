//! Identifiers: EESZT user names, TAJ, tax IDs, institution codes, token serials.

mod error;

pub use error::IdError;
