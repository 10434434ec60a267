//! Errors of this area (codes 3001-3999).

use crate::error::Detail;

define_errors! {
    /// Smartcard errors.
    pub enum CardError {
        /// NoReader
        NoReader = 3001, "CARD_NO_READER", hu: "Nem található kártyaolvasó. Csatlakoztassa az olvasót.", en: "No card reader found. Connect the reader.";
    }
}

impl Detail for CardError {}
