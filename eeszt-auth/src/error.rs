//! The error model: one [`Error`] with stable numeric codes and Hungarian and English messages.
//!
//! Codes are grouped by area and never reused:
//!
//! | range | area |
//! | --- | --- |
//! | 1-99 | the C ABI and generic failures ([`ApiError`]) |
//! | 1000-1999 | identifiers ([`crate::id::IdError`]) |
//! | 2000-2999 | one-time passwords ([`crate::otp::OtpError`]) |
//! | 3000-3999 | smartcard transport, APDUs, TLV ([`crate::card::CardError`]) |
//! | 4000-4999 | eID protocols: PACE, secure messaging, PIN ([`crate::card::EidError`]) |
//! | 5000-5999 | certificates ([`crate::cert::CertError`]) |
//! | 6000-6999 | the login flow ([`crate::login::LoginError`]) |
//!
//! `0` is success (`EESZT_OK` in C). Every code has a generic message in both languages
//! ([`describe`]); an error value may add details (for example what the user should type instead).

use std::fmt;

/// The language of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Lang {
    /// Hungarian (magyar), the default.
    #[default]
    Hu,
    /// English.
    En,
}

impl Lang {
    /// The language for a C ABI value: `0` Hungarian, `1` English.
    pub fn from_u32(value: u32) -> Option<Lang> {
        match value {
            0 => Some(Lang::Hu),
            1 => Some(Lang::En),
            _ => None,
        }
    }

    /// The ISO 639-1 code: `"hu"` or `"en"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Hu => "hu",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, hu: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Hu => hu,
            Lang::En => en,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hu" | "magyar" | "hungarian" => Ok(Lang::Hu),
            "en" | "angol" | "english" => Ok(Lang::En),
            _ => Err(ApiError::UnknownLang.into()),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a code means, independent of any particular error value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable numeric code.
    pub code: u32,
    /// The stable symbolic name, `SCREAMING_SNAKE_CASE` (`EESZT_ERR_<NAME>` in C).
    pub name: &'static str,
    /// The generic Hungarian message.
    pub hu: &'static str,
    /// The generic English message.
    pub en: &'static str,
}

impl CodeInfo {
    /// The generic message in `lang`.
    pub fn message(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Hu => self.hu,
            Lang::En => self.en,
        }
    }
}

/// Details an area adds to the generic message of a code (for example the corrected input to type).
///
/// Implemented by every area error; the default adds nothing.
pub trait Detail {
    /// Extra text appended to the generic message, if any. Never contains a secret.
    fn detail(&self, lang: Lang) -> Option<String> {
        let _ = lang;
        None
    }
}

/// Defines an area's error enum with codes, names and bilingual messages.
///
/// ```text
/// define_errors! {
///     /// Docs.
///     pub enum IdError {
///         /// Docs.
///         Empty = 1001, "ID_EMPTY", hu: "Ez a mező kötelező.", en: "This field is required.";
///         TooShort { expected: usize } = 1002, "ID_TOO_SHORT", hu: "...", en: "...";
///     }
/// }
/// ```
///
/// The area implements [`Detail`] for the enum (an empty `impl` when no variant adds details).
macro_rules! define_errors {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $({ $($(#[$fmeta:meta])* $field:ident : $fty:ty),* $(,)? })?
                    = $code:literal, $cname:literal, hu: $hu:literal, en: $en:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant $({ $($(#[$fmeta])* $field : $fty),* })?,
            )+
        }

        impl $name {
            /// Every code of this area with its name and generic messages.
            pub const CODES: &'static [$crate::error::CodeInfo] = &[
                $($crate::error::CodeInfo { code: $code, name: $cname, hu: $hu, en: $en },)+
            ];

            /// The stable numeric code.
            pub fn code(&self) -> u32 {
                match self {
                    $(Self::$variant { .. } => $code,)+
                }
            }

            /// The code's name and generic messages.
            pub fn info(&self) -> &'static $crate::error::CodeInfo {
                let code = self.code();
                Self::CODES
                    .iter()
                    .find(|info| info.code == code)
                    .unwrap_or(&$crate::error::UNKNOWN_INFO)
            }

            /// The full message in `lang`: the generic text plus any details.
            pub fn message(&self, lang: $crate::error::Lang) -> String {
                let base = self.info().message(lang);
                match $crate::error::Detail::detail(self, lang) {
                    Some(detail) => format!("{base} {detail}"),
                    None => base.to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.message($crate::error::Lang::En))
            }
        }

        impl ::std::error::Error for $name {}
    };
}

/// Used only if a code table is inconsistent (a test guarantees it is not).
#[doc(hidden)]
pub const UNKNOWN_INFO: CodeInfo = CodeInfo {
    code: 6,
    name: "UNKNOWN_CODE",
    hu: "Ismeretlen hibakód.",
    en: "Unknown error code.",
};

define_errors! {
    /// Generic failures, mostly met at the C ABI boundary.
    pub enum ApiError {
        /// A required pointer was NULL.
        Null = 1, "NULL",
            hu: "Kötelező paraméter hiányzik (NULL mutató).",
            en: "A required argument is missing (NULL pointer).";
        /// Code panicked; the panic was caught at the C boundary.
        Panic = 2, "PANIC",
            hu: "Belső hiba történt a könyvtárban; a művelet nem hajtódott végre. Kérjük, jelezze a hibát.",
            en: "An internal error occurred in the library; the operation was not carried out. Please report it.";
        /// The caller's buffer is too small; `needed` bytes are required (including the NUL).
        BufferTooSmall {
            /// Bytes needed, including the terminating NUL for strings.
            needed: usize
        } = 3, "BUFFER_TOO_SMALL",
            hu: "A megadott puffer túl kicsi.",
            en: "The buffer is too small.";
        /// A string argument was not valid UTF-8.
        InvalidUtf8 = 4, "INVALID_UTF8",
            hu: "A szöveg nem érvényes UTF-8.",
            en: "The text is not valid UTF-8.";
        /// An enumeration value or option was out of range.
        InvalidArgument {
            /// Which argument.
            what: &'static str
        } = 5, "INVALID_ARGUMENT",
            hu: "Érvénytelen paraméterérték.",
            en: "Invalid argument value.";
        /// The error code is not known to this version of the library.
        UnknownCode = 6, "UNKNOWN_CODE",
            hu: "Ismeretlen hibakód.",
            en: "Unknown error code.";
        /// The language value is not known (use 0 = Hungarian, 1 = English).
        UnknownLang = 7, "UNKNOWN_LANG",
            hu: "Ismeretlen nyelv; használja a \"hu\" vagy \"en\" értéket.",
            en: "Unknown language; use \"hu\" or \"en\".";
        /// A file could not be read or written.
        Io {
            /// What failed (path and operating-system message).
            detail: String
        } = 8, "IO",
            hu: "A fájl nem olvasható vagy írható.",
            en: "The file could not be read or written.";
        /// A handle was used after a failure left it unusable, or in the wrong state.
        BadState = 9, "BAD_STATE",
            hu: "A művelet ebben az állapotban nem végezhető el.",
            en: "The operation is not possible in this state.";
        /// A string or buffer argument is longer than the documented maximum for its kind
        /// (`EESZT_MAX_STRING_LEN` for strings, `EESZT_MAX_INPUT_LEN` for byte buffers).
        InputTooLong {
            /// The maximum accepted, in bytes.
            limit: usize
        } = 20, "INPUT_TOO_LONG",
            hu: "A megadott szöveg vagy adat túl hosszú; ellenőrizze, hogy a megfelelő adatot adta-e meg.",
            en: "The text or data given is too long; check that you passed the right data.";
        /// A handle argument is not a live handle of the expected type (freed, of another type, or
        /// not made by this library).
        InvalidHandle = 21, "INVALID_HANDLE",
            hu: "Érvénytelen leíró: már felszabadított, más típusú, vagy nem ez a könyvtár hozta létre. Hozzon létre új leírót a megfelelő függvénnyel.",
            en: "Invalid handle: already freed, of another type, or not made by this library. Create a new handle with the matching function.";
        /// An input file is not a regular file (a directory, a FIFO, a device or a socket).
        NotARegularFile {
            /// The path.
            detail: String
        } = 22, "NOT_A_REGULAR_FILE",
            hu: "Ez nem közönséges fájl (hanem könyvtár, FIFO, eszköz vagy socket). Adjon meg egy fájlt.",
            en: "This is not a regular file (it is a directory, FIFO, device or socket). Give a file.";
        /// An input file is larger than the accepted maximum.
        FileTooLarge {
            /// The path.
            detail: String,
            /// The maximum accepted, in bytes.
            limit: u64
        } = 23, "FILE_TOO_LARGE",
            hu: "A fájl túl nagy; ellenőrizze, hogy a megfelelő fájlt adta-e meg.",
            en: "The file is too large; check that you gave the right file.";
    }
}

impl Detail for ApiError {
    fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            ApiError::BufferTooSmall { needed } => Some(match lang {
                Lang::Hu => format!("Szükséges méret: {needed} bájt."),
                Lang::En => format!("Needed: {needed} bytes."),
            }),
            ApiError::InvalidArgument { what } => Some(format!("({what})")),
            ApiError::Io { detail } => Some(format!("({detail})")),
            ApiError::InputTooLong { limit } => Some(match lang {
                Lang::Hu => format!("Legfeljebb {limit} bájt fogadható el."),
                Lang::En => format!("At most {limit} bytes are accepted."),
            }),
            ApiError::NotARegularFile { detail } => Some(format!("({detail})")),
            ApiError::FileTooLarge { detail, limit } => Some(match lang {
                Lang::Hu => format!("({detail}; legfeljebb {limit} bájt fogadható el.)"),
                Lang::En => format!("({detail}; at most {limit} bytes are accepted.)"),
            }),
            _ => None,
        }
    }
}

/// Every failure of the library.
///
/// One variant per area; each area's enum holds the specific kinds. Use [`Error::code`] for the stable
/// numeric code and [`Error::message`] for the text in Hungarian or English. `Display` is English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Generic failures (C ABI, I/O).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// Identifier validation.
    #[error(transparent)]
    Id(#[from] crate::id::IdError),
    /// One-time passwords.
    #[error(transparent)]
    Otp(#[from] crate::otp::OtpError),
    /// Smartcard transport, APDUs and TLV.
    #[error(transparent)]
    Card(#[from] crate::card::CardError),
    /// eID card protocols: PACE, secure messaging, PIN lifecycle.
    #[error(transparent)]
    Eid(#[from] crate::card::EidError),
    /// Certificates.
    #[error(transparent)]
    Cert(#[from] crate::cert::CertError),
    /// The login flow.
    #[error(transparent)]
    Login(#[from] crate::login::LoginError),
}

/// `n` with the English noun that goes with it: `one` for 1 ("1 attempt"), `many` otherwise.
pub(crate) fn count_en(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable numeric code (never 0).
    pub fn code(&self) -> u32 {
        match self {
            Error::Api(e) => e.code(),
            Error::Id(e) => e.code(),
            Error::Otp(e) => e.code(),
            Error::Card(e) => e.code(),
            Error::Eid(e) => e.code(),
            Error::Cert(e) => e.code(),
            Error::Login(e) => e.code(),
        }
    }

    /// The code's stable name and generic messages.
    pub fn info(&self) -> &'static CodeInfo {
        match self {
            Error::Api(e) => e.info(),
            Error::Id(e) => e.info(),
            Error::Otp(e) => e.info(),
            Error::Card(e) => e.info(),
            Error::Eid(e) => e.info(),
            Error::Cert(e) => e.info(),
            Error::Login(e) => e.info(),
        }
    }

    /// The full message in `lang`, with details.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Api(e) => e.message(lang),
            Error::Id(e) => e.message(lang),
            Error::Otp(e) => e.message(lang),
            Error::Card(e) => e.message(lang),
            Error::Eid(e) => e.message(lang),
            Error::Cert(e) => e.message(lang),
            Error::Login(e) => e.message(lang),
        }
    }

    /// An I/O error with its path, as [`ApiError::Io`].
    pub fn io(path: impl AsRef<std::path::Path>, err: &std::io::Error) -> Error {
        ApiError::Io {
            detail: format!("{}: {err}", path.as_ref().display()),
        }
        .into()
    }
}

/// Every code table, area by area.
pub fn all_codes() -> impl Iterator<Item = &'static CodeInfo> {
    [
        ApiError::CODES,
        crate::id::IdError::CODES,
        crate::otp::OtpError::CODES,
        crate::card::CardError::CODES,
        crate::card::EidError::CODES,
        crate::cert::CertError::CODES,
        crate::login::LoginError::CODES,
    ]
    .into_iter()
    .flatten()
}

/// The name and generic messages of `code`, or `None` when the code is unknown (`0` is not an error).
pub fn describe(code: u32) -> Option<&'static CodeInfo> {
    all_codes().find(|info| info.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn english_counts_agree_with_their_noun() {
        assert_eq!(count_en(1u32, "try", "tries"), "1 try");
        assert_eq!(count_en(0u32, "try", "tries"), "0 tries");
        assert_eq!(count_en(2u64, "minute", "minutes"), "2 minutes");
        let one_left = crate::otp::OtpError::WrongCode {
            attempts_left: Some(1),
        };
        assert!(
            Error::from(one_left)
                .message(Lang::En)
                .ends_with("1 attempt left before the lock.")
        );
    }

    #[test]
    fn codes_are_unique_named_and_in_their_area() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        let areas: [(&[CodeInfo], std::ops::RangeInclusive<u32>); 7] = [
            (ApiError::CODES, 1..=99),
            (crate::id::IdError::CODES, 1000..=1999),
            (crate::otp::OtpError::CODES, 2000..=2999),
            (crate::card::CardError::CODES, 3000..=3999),
            (crate::card::EidError::CODES, 4000..=4999),
            (crate::cert::CertError::CODES, 5000..=5999),
            (crate::login::LoginError::CODES, 6000..=6999),
        ];
        for (table, range) in areas {
            for info in table {
                assert!(range.contains(&info.code), "{} out of its area", info.name);
                assert!(codes.insert(info.code), "code {} used twice", info.code);
                assert!(names.insert(info.name), "name {} used twice", info.name);
                assert!(
                    info.name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                    "{} is not SCREAMING_SNAKE_CASE",
                    info.name
                );
                assert!(!info.hu.is_empty() && !info.en.is_empty());
                assert_ne!(info.hu, info.en, "{} has no Hungarian text", info.name);
            }
        }
        assert!(!codes.contains(&0));
    }

    #[test]
    fn describe_and_messages() {
        assert_eq!(describe(1).map(|i| i.name), Some("NULL"));
        assert!(describe(0).is_none());
        assert!(describe(999_999).is_none());
        let err: Error = ApiError::BufferTooSmall { needed: 12 }.into();
        assert_eq!(err.code(), 3);
        assert_eq!(
            err.message(Lang::En),
            "The buffer is too small. Needed: 12 bytes."
        );
        assert!(err.message(Lang::Hu).starts_with("A megadott puffer"));
        assert_eq!(err.to_string(), err.message(Lang::En));
    }

    #[test]
    fn lang_parsing() {
        assert_eq!("HU".parse::<Lang>().ok(), Some(Lang::Hu));
        assert_eq!("en".parse::<Lang>().ok(), Some(Lang::En));
        assert_eq!(
            "de".parse::<Lang>().map_err(|e| e.code()),
            Err(ApiError::UnknownLang.code())
        );
        assert_eq!(Lang::from_u32(2), None);
    }
}
