//! ISO 7816-4 status words (SW1 SW2) with typed meanings and Hungarian and English text.
//!
//! ```
//! use eeszt_auth::card::{Meaning, StatusWord};
//! use eeszt_auth::Lang;
//!
//! let sw = StatusWord(0x63C1);
//! assert_eq!(sw.meaning(), Meaning::VerificationFailed { tries_left: 1 });
//! assert_eq!(sw.to_string(), "63C1");
//! assert!(sw.message(Lang::En).contains("1 try left"));
//! assert!(StatusWord::OK.is_success());
//! ```

use std::fmt;

use crate::error::Lang;

/// A status word: SW1 in the high byte, SW2 in the low byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatusWord(pub u16);

impl StatusWord {
    /// `9000`: normal processing.
    pub const OK: StatusWord = StatusWord(0x9000);

    /// Builds a status word from its two bytes.
    pub fn from_bytes(sw1: u8, sw2: u8) -> StatusWord {
        StatusWord(u16::from_be_bytes([sw1, sw2]))
    }

    /// SW1, the high byte.
    pub fn sw1(self) -> u8 {
        self.0.to_be_bytes()[0]
    }

    /// SW2, the low byte.
    pub fn sw2(self) -> u8 {
        self.0.to_be_bytes()[1]
    }

    /// The two bytes, SW1 first.
    pub fn to_bytes(self) -> [u8; 2] {
        self.0.to_be_bytes()
    }

    /// Whether this is `9000`.
    pub fn is_success(self) -> bool {
        self.0 == 0x9000
    }

    /// The typed meaning.
    pub fn meaning(self) -> Meaning {
        Meaning::of(self)
    }

    /// What the status word means, in `lang`.
    pub fn message(self, lang: Lang) -> String {
        self.meaning().message(lang)
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

impl From<u16> for StatusWord {
    fn from(value: u16) -> StatusWord {
        StatusWord(value)
    }
}

/// The meaning of a status word (ISO 7816-4 section 5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Meaning {
    /// `9000`: normal processing.
    Success,
    /// `61xx`: more response bytes available; `available` of them (0 means 256 or more).
    MoreData {
        /// SW2.
        available: u8,
    },
    /// `6281`: part of the returned data may be corrupted.
    DataMayBeCorrupted,
    /// `6282`: end of file or record reached before Le bytes were read.
    EndOfFile,
    /// `6283`: the selected file is deactivated.
    FileDeactivated,
    /// `63Cx`: verification failed; `tries_left` tries remain.
    VerificationFailed {
        /// Remaining tries (the low nibble of SW2).
        tries_left: u8,
    },
    /// `6581`: memory failure.
    MemoryFailure,
    /// `6700`: wrong length (Lc or Le).
    WrongLength,
    /// `6881`: logical channel not supported.
    LogicalChannelNotSupported,
    /// `6882`: secure messaging not supported.
    SecureMessagingNotSupported,
    /// `6883`: the last command of the chain was expected.
    LastCommandExpected,
    /// `6884`: command chaining not supported.
    ChainingNotSupported,
    /// `6982`: security status not satisfied.
    SecurityStatusNotSatisfied,
    /// `6983`: authentication method blocked.
    AuthenticationBlocked,
    /// `6984`: reference data not usable.
    ReferenceDataNotUsable,
    /// `6985`: conditions of use not satisfied.
    ConditionsNotSatisfied,
    /// `6986`: command not allowed (no current EF).
    CommandNotAllowed,
    /// `6987`: expected secure messaging data objects missing.
    SmObjectsMissing,
    /// `6988`: incorrect secure messaging data objects.
    SmObjectsIncorrect,
    /// `6A80`: incorrect parameters in the data field.
    WrongData,
    /// `6A81`: function not supported.
    FunctionNotSupported,
    /// `6A82`: file or application not found.
    FileNotFound,
    /// `6A83`: record not found.
    RecordNotFound,
    /// `6A84`: not enough memory space in the file.
    NotEnoughMemory,
    /// `6A86`: incorrect parameters P1-P2.
    IncorrectP1P2,
    /// `6A88`: referenced data or reference data not found.
    ReferencedDataNotFound,
    /// `6B00`: wrong parameters P1-P2 (offset outside the EF).
    WrongP1P2,
    /// `6Cxx`: wrong Le; `exact` bytes are available (0 means 256).
    WrongLe {
        /// SW2.
        exact: u8,
    },
    /// `6D00`: instruction not supported.
    InsNotSupported,
    /// `6E00`: class not supported.
    ClaNotSupported,
    /// `6F00`: no precise diagnosis.
    NoPreciseDiagnosis,
    /// Any other status word.
    Other(StatusWord),
}

impl Meaning {
    /// Decodes a status word.
    pub fn of(sw: StatusWord) -> Meaning {
        let (sw1, sw2) = (sw.sw1(), sw.sw2());
        match sw.0 {
            0x9000 => Meaning::Success,
            0x6281 => Meaning::DataMayBeCorrupted,
            0x6282 => Meaning::EndOfFile,
            0x6283 => Meaning::FileDeactivated,
            0x6581 => Meaning::MemoryFailure,
            0x6700 => Meaning::WrongLength,
            0x6881 => Meaning::LogicalChannelNotSupported,
            0x6882 => Meaning::SecureMessagingNotSupported,
            0x6883 => Meaning::LastCommandExpected,
            0x6884 => Meaning::ChainingNotSupported,
            0x6982 => Meaning::SecurityStatusNotSatisfied,
            0x6983 => Meaning::AuthenticationBlocked,
            0x6984 => Meaning::ReferenceDataNotUsable,
            0x6985 => Meaning::ConditionsNotSatisfied,
            0x6986 => Meaning::CommandNotAllowed,
            0x6987 => Meaning::SmObjectsMissing,
            0x6988 => Meaning::SmObjectsIncorrect,
            0x6A80 => Meaning::WrongData,
            0x6A81 => Meaning::FunctionNotSupported,
            0x6A82 => Meaning::FileNotFound,
            0x6A83 => Meaning::RecordNotFound,
            0x6A84 => Meaning::NotEnoughMemory,
            0x6A86 => Meaning::IncorrectP1P2,
            0x6A88 => Meaning::ReferencedDataNotFound,
            0x6B00 => Meaning::WrongP1P2,
            0x6D00 => Meaning::InsNotSupported,
            0x6E00 => Meaning::ClaNotSupported,
            0x6F00 => Meaning::NoPreciseDiagnosis,
            _ if sw1 == 0x61 => Meaning::MoreData { available: sw2 },
            _ if sw1 == 0x6C => Meaning::WrongLe { exact: sw2 },
            _ if sw1 == 0x63 && sw2 & 0xF0 == 0xC0 => Meaning::VerificationFailed {
                tries_left: sw2 & 0x0F,
            },
            _ => Meaning::Other(sw),
        }
    }

    /// What it means, in `lang`.
    pub fn message(self, lang: Lang) -> String {
        let fixed = |hu: &str, en: &str| lang.pick(hu, en).to_owned();
        match self {
            Meaning::Success => fixed("Sikeres végrehajtás.", "Normal processing."),
            Meaning::MoreData { available } => {
                let n = if available == 0 {
                    256
                } else {
                    usize::from(available)
                };
                match lang {
                    Lang::Hu => format!("További válaszadat érhető el ({n} bájt)."),
                    Lang::En => format!("More response data available ({n} bytes)."),
                }
            }
            Meaning::DataMayBeCorrupted => fixed(
                "A visszaadott adat egy része sérült lehet.",
                "Part of the returned data may be corrupted.",
            ),
            Meaning::EndOfFile => fixed(
                "A fájl vége előbb elért, mint a kért hossz.",
                "End of file reached before the requested length.",
            ),
            Meaning::FileDeactivated => fixed(
                "A kiválasztott fájl deaktivált.",
                "The selected file is deactivated.",
            ),
            Meaning::VerificationFailed { tries_left } => match (lang, tries_left) {
                (Lang::Hu, _) => {
                    format!("Hibás ellenőrző kód; még {tries_left} próbálkozás maradt.")
                }
                (Lang::En, _) => format!(
                    "Verification failed; {} left.",
                    crate::error::count_en(tries_left, "try", "tries")
                ),
            },
            Meaning::MemoryFailure => fixed("A kártya memóriahibát jelzett.", "Memory failure."),
            Meaning::WrongLength => fixed("Hibás hossz (Lc vagy Le).", "Wrong length (Lc or Le)."),
            Meaning::LogicalChannelNotSupported => fixed(
                "A logikai csatorna nem támogatott.",
                "Logical channel not supported.",
            ),
            Meaning::SecureMessagingNotSupported => fixed(
                "A biztonságos üzenetküldés nem támogatott.",
                "Secure messaging not supported.",
            ),
            Meaning::LastCommandExpected => fixed(
                "A láncolt parancs utolsó eleme hiányzik.",
                "The last command of the chain was expected.",
            ),
            Meaning::ChainingNotSupported => fixed(
                "A parancsláncolás nem támogatott.",
                "Command chaining not supported.",
            ),
            Meaning::SecurityStatusNotSatisfied => fixed(
                "A biztonsági feltételek nem teljesülnek (előbb azonosítás szükséges).",
                "Security status not satisfied (authenticate first).",
            ),
            Meaning::AuthenticationBlocked => fixed(
                "Az azonosítási mód blokkolva van.",
                "Authentication method blocked.",
            ),
            Meaning::ReferenceDataNotUsable => fixed(
                "A referenciaadat nem használható (például a PIN még nincs aktiválva).",
                "Reference data not usable (for example the PIN is not activated yet).",
            ),
            Meaning::ConditionsNotSatisfied => fixed(
                "A használat feltételei nem teljesülnek.",
                "Conditions of use not satisfied.",
            ),
            Meaning::CommandNotAllowed => fixed(
                "A parancs nem engedélyezett (nincs kiválasztott elemi fájl).",
                "Command not allowed (no current elementary file).",
            ),
            Meaning::SmObjectsMissing => fixed(
                "A biztonságos üzenetküldés adatobjektumai hiányoznak.",
                "Expected secure messaging data objects missing.",
            ),
            Meaning::SmObjectsIncorrect => fixed(
                "A biztonságos üzenetküldés adatobjektumai hibásak.",
                "Incorrect secure messaging data objects.",
            ),
            Meaning::WrongData => fixed(
                "Hibás paraméterek az adatmezőben.",
                "Incorrect parameters in the data field.",
            ),
            Meaning::FunctionNotSupported => {
                fixed("A funkció nem támogatott.", "Function not supported.")
            }
            Meaning::FileNotFound => fixed(
                "A fájl vagy alkalmazás nem található.",
                "File or application not found.",
            ),
            Meaning::RecordNotFound => fixed("A rekord nem található.", "Record not found."),
            Meaning::NotEnoughMemory => fixed(
                "Nincs elég hely a fájlban.",
                "Not enough memory space in the file.",
            ),
            Meaning::IncorrectP1P2 => {
                fixed("Hibás P1-P2 paraméterek.", "Incorrect parameters P1-P2.")
            }
            Meaning::ReferencedDataNotFound => fixed(
                "A hivatkozott adat nem található.",
                "Referenced data not found.",
            ),
            Meaning::WrongP1P2 => fixed(
                "Hibás P1-P2 paraméterek (az eltolás a fájlon kívül esik).",
                "Wrong parameters P1-P2 (offset outside the file).",
            ),
            Meaning::WrongLe { exact } => {
                let n = if exact == 0 { 256 } else { usize::from(exact) };
                match lang {
                    Lang::Hu => format!("Hibás Le; a pontos hossz {n} bájt."),
                    Lang::En => format!("Wrong Le; the exact length is {n} bytes."),
                }
            }
            Meaning::InsNotSupported => fixed(
                "A kártya nem ismeri ezt az utasítást.",
                "Instruction not supported.",
            ),
            Meaning::ClaNotSupported => fixed(
                "A kártya nem támogatja ezt az osztályt (CLA).",
                "Class (CLA) not supported.",
            ),
            Meaning::NoPreciseDiagnosis => fixed(
                "A kártya belső hibát jelzett (nincs pontos diagnózis).",
                "The card reported an internal error (no precise diagnosis).",
            ),
            Meaning::Other(sw) => match lang {
                Lang::Hu => format!("Ismeretlen állapotkód: {sw}."),
                Lang::En => format!("Unknown status word {sw}."),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_status_word_has_a_meaning_and_two_texts() {
        let listed: [u16; 20] = [
            0x9000, 0x6110, 0x6C20, 0x63C2, 0x6700, 0x6982, 0x6983, 0x6984, 0x6985, 0x6986, 0x6987,
            0x6988, 0x6A80, 0x6A82, 0x6A86, 0x6A88, 0x6B00, 0x6D00, 0x6E00, 0x6F00,
        ];
        for raw in listed {
            let sw = StatusWord(raw);
            assert!(
                !matches!(sw.meaning(), Meaning::Other(_)),
                "{sw} has no meaning"
            );
            let (hu, en) = (sw.message(Lang::Hu), sw.message(Lang::En));
            assert!(!hu.is_empty() && !en.is_empty());
            assert_ne!(hu, en, "{sw}");
        }
    }

    #[test]
    fn parameterised_meanings() {
        assert_eq!(
            StatusWord(0x6100).meaning(),
            Meaning::MoreData { available: 0 }
        );
        assert_eq!(StatusWord(0x6C05).meaning(), Meaning::WrongLe { exact: 5 });
        assert_eq!(
            StatusWord(0x63C0).meaning(),
            Meaning::VerificationFailed { tries_left: 0 }
        );
        assert_eq!(
            StatusWord(0x6300).meaning(),
            Meaning::Other(StatusWord(0x6300))
        );
        assert!(StatusWord(0x6100).message(Lang::En).contains("256"));
        assert!(StatusWord(0x6C05).message(Lang::Hu).contains('5'));
        assert_eq!(StatusWord::from_bytes(0x6A, 0x82), StatusWord(0x6A82));
        assert_eq!(StatusWord(0x6A82).sw1(), 0x6A);
        assert_eq!(StatusWord(0x6A82).sw2(), 0x82);
        assert_eq!(StatusWord(0x1234).to_string(), "1234");
        assert!(StatusWord(0x1234).message(Lang::En).contains("1234"));
    }
}
