//! Errors of this area (codes 3001-3999): APDUs, status words, BER-TLV, transports.

use crate::error::{Detail, Lang};

use super::status::StatusWord;

define_errors! {
    /// Smartcard errors.
    pub enum CardError {
        /// No card reader is connected.
        NoReader = 3001, "CARD_NO_READER",
            hu: "Nem található kártyaolvasó. Csatlakoztassa az olvasót.",
            en: "No card reader found. Connect the reader.";
        /// A command APDU is malformed (bytes that are not a case 1-4 APDU, or a value out of range).
        ApduInvalid {
            /// What is wrong.
            reason: &'static str
        } = 3002, "CARD_APDU_INVALID",
            hu: "A kártyaparancs (APDU) hibás formátumú.",
            en: "The card command (APDU) is malformed.";
        /// A command does not fit the requested encoding (short APDU: at most 255 data bytes, Le 256).
        ApduTooLong {
            /// What does not fit.
            reason: &'static str
        } = 3003, "CARD_APDU_TOO_LONG",
            hu: "A kártyaparancs túl hosszú ehhez a kódoláshoz.",
            en: "The card command is too long for this encoding.";
        /// The card's answer is shorter than the two status bytes.
        ResponseTooShort = 3004, "CARD_RESPONSE_TOO_SHORT",
            hu: "A kártya válasza hiányos (nincs állapotkód). Vegye ki és helyezze vissza a kártyát.",
            en: "The card's answer is incomplete (no status word). Remove and reinsert the card.";
        /// The card answered with a status word other than 9000.
        Status {
            /// The status word (SW1 SW2).
            sw: u16
        } = 3005, "CARD_STATUS",
            hu: "A kártya hibát jelzett.",
            en: "The card reported an error.";
        /// BER-TLV data is malformed.
        TlvInvalid {
            /// What is wrong.
            reason: &'static str,
            /// Byte offset of the object where it went wrong.
            offset: usize
        } = 3006, "CARD_TLV_INVALID",
            hu: "A kártya adatai (BER-TLV) hibás formátumúak.",
            en: "The card data (BER-TLV) is malformed.";
        /// BER-TLV data is valid BER but not DER (strict mode).
        TlvNotDer {
            /// Which DER rule is broken.
            reason: &'static str,
            /// Byte offset of the object.
            offset: usize
        } = 3007, "CARD_TLV_NOT_DER",
            hu: "A kártya adatai nem szigorú DER kódolásúak.",
            en: "The card data is not strict DER.";
        /// BER-TLV objects are nested deeper than allowed.
        TlvTooDeep {
            /// The nesting limit.
            limit: usize
        } = 3008, "CARD_TLV_TOO_DEEP",
            hu: "A kártya adatai túl mélyen egymásba ágyazottak.",
            en: "The card data is nested too deeply.";
        /// The transport or reader does not support this operation.
        Unsupported {
            /// The operation.
            what: &'static str
        } = 3009, "CARD_UNSUPPORTED",
            hu: "Ez a kártyaolvasó ezt a műveletet nem támogatja.",
            en: "This card reader does not support the operation.";
        /// The PC/SC service (pcscd) is not running or not reachable.
        ServiceNotRunning = 3010, "CARD_SERVICE_NOT_RUNNING",
            hu: "A kártyaolvasó szolgáltatás (PC/SC, pcscd) nem fut. Indítsa el (például: systemctl start pcscd), majd próbálja újra.",
            en: "The smart card service (PC/SC, pcscd) is not running. Start it (for example: systemctl start pcscd) and try again.";
        /// No card is in the reader.
        NoCard = 3011, "CARD_NO_CARD",
            hu: "Nincs kártya az olvasóban. Helyezze be a személyazonosító igazolványt.",
            en: "No card in the reader. Insert the identity card.";
        /// The card was removed during the operation.
        CardRemoved = 3012, "CARD_REMOVED",
            hu: "A kártyát kivették az olvasóból. Helyezze vissza, és kezdje újra a műveletet.",
            en: "The card was removed from the reader. Reinsert it and start the operation again.";
        /// The card was reset by another program; its session state is lost.
        CardReset = 3013, "CARD_RESET",
            hu: "A kártyát egy másik program újraindította. Kezdje újra a műveletet.",
            en: "Another program reset the card. Start the operation again.";
        /// The named reader does not exist.
        ReaderNotFound {
            /// The name asked for.
            name: String
        } = 3014, "CARD_READER_NOT_FOUND",
            hu: "A megadott kártyaolvasó nem található. Listázza az olvasókat (eeszt-auth card readers).",
            en: "The named card reader was not found. List the readers (eeszt-auth card readers).";
        /// Waiting for a card (or a reader event) timed out.
        Timeout = 3015, "CARD_TIMEOUT",
            hu: "Letelt a várakozási idő; nem érkezett kártya.",
            en: "The wait timed out; no card arrived.";
        /// The wait was cancelled.
        Cancelled = 3016, "CARD_CANCELLED",
            hu: "A várakozás megszakítva.",
            en: "The wait was cancelled.";
        /// Another failure of the reader or its transport.
        TransportFailed {
            /// What failed (no secrets).
            detail: String
        } = 3017, "CARD_TRANSPORT_FAILED",
            hu: "A kártyaolvasóval való kommunikáció sikertelen. Ellenőrizze az olvasó csatlakozását, és próbálja újra.",
            en: "Communication with the card reader failed. Check the reader's connection and try again.";
        /// Another program holds the card exclusively.
        Busy = 3018, "CARD_BUSY",
            hu: "A kártyát egy másik program használja. Zárja be a másik programot, és próbálja újra.",
            en: "Another program is using the card. Close the other program and try again.";
        /// The vpcd peer (virtual reader or remote card) could not be reached.
        VpcdConnect {
            /// Address and operating-system message.
            detail: String
        } = 3019, "CARD_VPCD_CONNECT",
            hu: "A virtuális kártyaolvasó (vpcd) nem érhető el. Ellenőrizze a címet és a portot.",
            en: "The virtual card reader (vpcd) could not be reached. Check the host and port.";
        /// The vpcd peer broke the protocol.
        VpcdProtocol {
            /// What was wrong.
            detail: String
        } = 3020, "CARD_VPCD_PROTOCOL",
            hu: "A virtuális kártyaolvasó (vpcd) hibás üzenetet küldött.",
            en: "The virtual card reader (vpcd) sent a malformed message.";
        /// The card's answer exceeds the limit (a card sending 61xx forever, for example).
        ResponseTooLong {
            /// The limit in bytes.
            limit: usize
        } = 3021, "CARD_RESPONSE_TOO_LONG",
            hu: "A kártya válasza túl hosszú.",
            en: "The card's answer is too long.";
        /// A host:port address is not valid.
        BadAddress {
            /// The address given.
            address: String
        } = 3022, "CARD_BAD_ADDRESS",
            hu: "Érvénytelen cím; a formátum GÉP:PORT (például 127.0.0.1:35963).",
            en: "Invalid address; the format is HOST:PORT (for example 127.0.0.1:35963).";
        /// A mock transport received a command other than the scripted one (tests only).
        MockMismatch {
            /// Expected and received bytes in hex.
            detail: String
        } = 3023, "CARD_MOCK_MISMATCH",
            hu: "A teszt-kártyaolvasó nem a várt parancsot kapta.",
            en: "The mock card reader received an unexpected command.";
        /// The vpcd peer (a remote card, for example a phone) sent nothing within the read
        /// timeout.
        VpcdSilent {
            /// How long the reader waited, in milliseconds.
            waited_ms: u64
        } = 3060, "CARD_VPCD_SILENT",
            hu: "A távoli kártya (vpcd) nem válaszolt időben. Ellenőrizze a telefon hálózati kapcsolatát, tartsa a kártyát a telefonhoz, és próbálja újra.",
            en: "The remote card (vpcd) did not answer in time. Check the phone's network connection, hold the card to the phone, and try again.";
    }
}

impl Detail for CardError {
    fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            CardError::ApduInvalid { reason } | CardError::ApduTooLong { reason } => {
                Some(format!("({reason})"))
            }
            CardError::Status { sw } => {
                let sw = StatusWord(*sw);
                Some(format!("{sw}: {}", sw.message(lang)))
            }
            CardError::TlvInvalid { reason, offset } | CardError::TlvNotDer { reason, offset } => {
                Some(match lang {
                    Lang::Hu => format!("({reason}, eltolás: {offset})"),
                    Lang::En => format!("({reason}, offset {offset})"),
                })
            }
            CardError::TlvTooDeep { limit } => Some(match lang {
                Lang::Hu => format!("Legfeljebb {limit} szint megengedett."),
                Lang::En => format!("At most {limit} levels are allowed."),
            }),
            CardError::Unsupported { what } => Some(format!("({what})")),
            CardError::ReaderNotFound { name } => Some(format!("(\"{name}\")")),
            CardError::TransportFailed { detail }
            | CardError::VpcdConnect { detail }
            | CardError::VpcdProtocol { detail }
            | CardError::MockMismatch { detail } => Some(format!("({detail})")),
            CardError::ResponseTooLong { limit } => Some(match lang {
                Lang::Hu => format!("Legfeljebb {limit} bájt."),
                Lang::En => format!("At most {limit} bytes."),
            }),
            CardError::BadAddress { address } => Some(format!("(\"{address}\")")),
            CardError::VpcdSilent { waited_ms } => Some(match lang {
                Lang::Hu => format!("Várakozás: {waited_ms} ms."),
                Lang::En => format!("Waited {waited_ms} ms."),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_error_names_the_status_word() {
        let err = CardError::Status { sw: 0x63C2 };
        assert_eq!(err.code(), 3005);
        let en = err.message(Lang::En);
        assert!(en.contains("63C2"), "{en}");
        assert!(en.contains("2 tries left"), "{en}");
        let hu = err.message(Lang::Hu);
        assert!(hu.contains("63C2") && hu.contains("2"), "{hu}");
    }
}
