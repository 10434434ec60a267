//! Errors of this area (codes 1001-1999).

use crate::error::Detail;

define_errors! {
    /// Identifier errors.
    pub enum IdError {
        /// Empty
        Empty = 1001, "ID_EMPTY", hu: "Ez a mező kötelező.", en: "This field is required.";
    }
}

impl Detail for IdError {}
