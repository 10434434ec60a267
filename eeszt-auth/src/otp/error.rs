//! Errors of this area (codes 2001-2999).

use crate::error::{Detail, Lang, count_en};

define_errors! {
    /// One-time password errors.
    pub enum OtpError {
        /// The secret is shorter than 128 bits (RFC 4226 minimum) for a new enrollment.
        KeyTooShort = 2001, "OTP_KEY_TOO_SHORT",
            hu: "A titkos kulcs túl rövid: legalább 128 bit szükséges.",
            en: "The secret key is too short: at least 128 bits are required.";
        /// The secret is empty.
        KeyEmpty = 2002, "OTP_KEY_EMPTY",
            hu: "A titkos kulcs (beállítókulcs) üres. Adja meg a hitelesítő alkalmazásban is használt kulcsot.",
            en: "The secret key (setup key) is empty. Enter the key that the authenticator app uses.";
        /// The secret is longer than the library accepts.
        KeyTooLong {
            /// The largest accepted length in bytes.
            max_bytes: usize
        } = 2003, "OTP_KEY_TOO_LONG",
            hu: "A titkos kulcs túl hosszú.",
            en: "The secret key is too long.";
        /// A character that is not in the base32 alphabet (A-Z, 2-7).
        Base32Char {
            /// The offending character.
            ch: char,
            /// Its position in the input (0-based, in characters).
            position: usize
        } = 2004, "OTP_BASE32_CHAR",
            hu: "A beállítókulcs érvénytelen karaktert tartalmaz; csak az A-Z betűk és a 2-7 számjegyek megengedettek.",
            en: "The setup key contains an invalid character; only the letters A-Z and the digits 2-7 are allowed.";
        /// The number of base32 characters cannot be a whole number of bytes.
        Base32Length {
            /// Number of base32 data characters found.
            chars: usize
        } = 2005, "OTP_BASE32_LENGTH",
            hu: "A beállítókulcs hossza hibás: valószínűleg kimaradt vagy fölösleges karakter. Ellenőrizze a kulcsot.",
            en: "The setup key has an impossible length: a character is probably missing or extra. Check the key.";
        /// The number of digits is outside 6 to 10.
        BadDigits {
            /// The digit count asked for.
            digits: u32
        } = 2006, "OTP_BAD_DIGITS",
            hu: "A kód hossza 6 és 10 számjegy között lehet.",
            en: "A code must have 6 to 10 digits.";
        /// The TOTP period is zero.
        BadPeriod = 2007, "OTP_BAD_PERIOD",
            hu: "A TOTP időlépés hossza legalább 1 másodperc kell legyen.",
            en: "The TOTP time step must be at least 1 second.";
        /// The time is before the TOTP start time T0.
        TimeBeforeStart = 2008, "OTP_TIME_BEFORE_START",
            hu: "Az időpont korábbi a TOTP kezdőidejénél (T0). Ellenőrizze a számítógép óráját.",
            en: "The time is before the TOTP start time (T0). Check the computer's clock.";
        /// The code typed has the wrong number of digits.
        CodeLength {
            /// Digits expected.
            expected: u32,
            /// Characters received (after removing spaces).
            got: usize
        } = 2009, "OTP_CODE_LENGTH",
            hu: "A megadott kód hossza nem megfelelő.",
            en: "The code has the wrong number of digits.";
        /// The code typed contains something other than digits.
        CodeNotDigits = 2010, "OTP_CODE_NOT_DIGITS",
            hu: "A kód csak számjegyeket tartalmazhat. Írja be a hitelesítő alkalmazásban látható számot.",
            en: "The code may contain digits only. Type the number the authenticator app shows.";
        /// The code does not match.
        WrongCode {
            /// Attempts left before the lockout (`None` when the policy has no lockout).
            attempts_left: Option<u32>
        } = 2011, "OTP_WRONG_CODE",
            hu: "Hibás azonosító kód. Írja be a hitelesítő alkalmazásban éppen látható kódot, és ellenőrizze, hogy a telefon órája pontos-e.",
            en: "Wrong code. Type the code the authenticator app shows now, and check that the phone's clock is correct.";
        /// The code was already used (replay).
        CodeReused = 2012, "OTP_CODE_REUSED",
            hu: "Ezt a kódot már felhasználták. Várja meg, amíg a hitelesítő alkalmazás új kódot mutat (legfeljebb 30 másodperc).",
            en: "This code was already used. Wait until the authenticator app shows a new code (at most 30 seconds).";
        /// Too many wrong codes: locked until a time.
        Locked {
            /// Unix time when the lock ends.
            until: u64,
            /// Seconds left at the time of the check.
            remaining_secs: u64
        } = 2013, "OTP_LOCKED",
            hu: "Túl sok hibás kód miatt a belépés ideiglenesen zárolva. Kérjük, várjon: a rendszer a zárolást automatikusan feloldja.",
            en: "Sign-in is temporarily locked after too many wrong codes. Please wait: the lock is lifted automatically.";
        /// HOTP resynchronisation found no two consecutive codes.
        ResyncFailed = 2014, "OTP_RESYNC_FAILED",
            hu: "A token szinkronizálása nem sikerült: a két kód nem egymást követő. Generáljon két új, egymás utáni kódot, és próbálja újra.",
            en: "Token resynchronisation failed: the two codes are not consecutive. Generate two new codes in a row and try again.";
        /// The hash algorithm name is not SHA1, SHA256 or SHA512.
        UnknownAlgorithm = 2015, "OTP_UNKNOWN_ALGORITHM",
            hu: "Ismeretlen algoritmus; használható: SHA1, SHA256, SHA512.",
            en: "Unknown algorithm; use SHA1, SHA256 or SHA512.";
        /// The URI does not start with `otpauth://`.
        UriScheme = 2016, "OTP_URI_SCHEME",
            hu: "Ez nem otpauth:// hivatkozás. Olvassa be újra a QR-kódot, vagy adja meg a beállítókulcsot.",
            en: "This is not an otpauth:// link. Scan the QR code again, or enter the setup key.";
        /// The URI type is not `totp` or `hotp`.
        UriType = 2017, "OTP_URI_TYPE",
            hu: "Az otpauth:// hivatkozás típusa csak totp vagy hotp lehet.",
            en: "The otpauth:// link type must be totp or hotp.";
        /// The URI label has no account name.
        UriAccount = 2018, "OTP_URI_ACCOUNT",
            hu: "Az otpauth:// hivatkozásból hiányzik a fiók neve (Kiadó:fiók).",
            en: "The otpauth:// link has no account name (Issuer:account).";
        /// The URI label has an empty issuer before the colon.
        UriLabelIssuer = 2019, "OTP_URI_LABEL_ISSUER",
            hu: "Az otpauth:// hivatkozás címkéjében a kettőspont előtti kiadónév üres.",
            en: "The issuer before the colon in the otpauth:// label is empty.";
        /// The `issuer=` parameter disagrees with the label prefix.
        UriIssuerMismatch = 2020, "OTP_URI_ISSUER_MISMATCH",
            hu: "Az otpauth:// hivatkozásban az issuer paraméter eltér a címke kiadójától.",
            en: "The issuer parameter of the otpauth:// link disagrees with the issuer in the label.";
        /// A parameter appears twice.
        UriDuplicate {
            /// The parameter name.
            name: String
        } = 2021, "OTP_URI_DUPLICATE",
            hu: "Az otpauth:// hivatkozásban egy paraméter kétszer szerepel.",
            en: "A parameter appears twice in the otpauth:// link.";
        /// No `secret=` parameter.
        UriSecretMissing = 2022, "OTP_URI_SECRET_MISSING",
            hu: "Az otpauth:// hivatkozásból hiányzik a titkos kulcs (secret).",
            en: "The otpauth:// link has no secret.";
        /// `algorithm=` is not SHA1, SHA256 or SHA512.
        UriAlgorithm = 2023, "OTP_URI_ALGORITHM",
            hu: "Az otpauth:// hivatkozás algorithm paramétere csak SHA1, SHA256 vagy SHA512 lehet.",
            en: "The algorithm parameter of the otpauth:// link must be SHA1, SHA256 or SHA512.";
        /// `digits=` is not a number from 6 to 10.
        UriDigits = 2024, "OTP_URI_DIGITS",
            hu: "Az otpauth:// hivatkozás digits paramétere 6 és 10 közötti szám lehet.",
            en: "The digits parameter of the otpauth:// link must be a number from 6 to 10.";
        /// `period=` is not a positive number.
        UriPeriod = 2025, "OTP_URI_PERIOD",
            hu: "Az otpauth:// hivatkozás period paramétere pozitív egész szám (másodperc) lehet.",
            en: "The period parameter of the otpauth:// link must be a positive whole number of seconds.";
        /// `counter=` is missing from a hotp URI.
        UriCounterMissing = 2026, "OTP_URI_COUNTER_MISSING",
            hu: "A hotp típusú otpauth:// hivatkozásból hiányzik a counter paraméter.",
            en: "The hotp otpauth:// link has no counter parameter.";
        /// `counter=` is not a number.
        UriCounter = 2027, "OTP_URI_COUNTER",
            hu: "Az otpauth:// hivatkozás counter paramétere nem érvényes szám.",
            en: "The counter parameter of the otpauth:// link is not a valid number.";
        /// A `%` escape is malformed or decodes to invalid UTF-8.
        UriEncoding = 2028, "OTP_URI_ENCODING",
            hu: "Az otpauth:// hivatkozás hibás %-kódolást vagy érvénytelen UTF-8 szöveget tartalmaz.",
            en: "The otpauth:// link has a malformed %-escape or invalid UTF-8 text.";
        /// The issuer contains a colon (cannot be written into a label).
        IssuerColon = 2029, "OTP_ISSUER_COLON",
            hu: "A kiadó neve nem tartalmazhat kettőspontot.",
            en: "The issuer name must not contain a colon.";
        /// The account name is empty, or holds a colon while there is no issuer.
        AccountName = 2030, "OTP_ACCOUNT_NAME",
            hu: "A fiók neve kötelező, és kiadó nélkül nem tartalmazhat kettőspontot.",
            en: "The account name is required and, without an issuer, must not contain a colon.";
        /// The text does not fit into a QR code.
        QrTooLong = 2031, "OTP_QR_TOO_LONG",
            hu: "A szöveg túl hosszú ahhoz, hogy QR-kódba férjen.",
            en: "The text is too long to fit into a QR code.";
        /// The operating system's random generator failed.
        RandomUnavailable = 2032, "OTP_RANDOM_UNAVAILABLE",
            hu: "Az operációs rendszer véletlenszám-forrása nem elérhető; a kulcs nem hozható létre.",
            en: "The operating system's random source is unavailable; no key can be created.";
        /// A one-time code (e-mail, activation, deletion) has expired.
        OneTimeExpired = 2033, "OTP_ONE_TIME_EXPIRED",
            hu: "A kód lejárt. Igényeljen új kódot.",
            en: "The code has expired. Request a new code.";
        /// A one-time code was already used.
        OneTimeUsed = 2034, "OTP_ONE_TIME_USED",
            hu: "Ezt a kódot már felhasználták. Igényeljen új kódot.",
            en: "This code was already used. Request a new code.";
        /// A one-time code does not match.
        OneTimeWrong {
            /// Attempts left before the code is invalidated.
            attempts_left: u32
        } = 2035, "OTP_ONE_TIME_WRONG",
            hu: "Hibás kód. Ellenőrizze, és írja be pontosan a kapott kódot.",
            en: "Wrong code. Check it and type the code exactly as received.";
        /// Too many wrong tries: the one-time code is no longer valid.
        OneTimeExhausted = 2036, "OTP_ONE_TIME_EXHAUSTED",
            hu: "Túl sok hibás próbálkozás: a kód érvénytelenné vált. Igényeljen új kódot.",
            en: "Too many wrong tries: the code is no longer valid. Request a new code.";
        /// A one-time code record does not hold a valid digest (for example a corrupted database row).
        OneTimeRecord = 2037, "OTP_ONE_TIME_RECORD",
            hu: "A kód ellenőrző rekordja sérült vagy érvénytelen.",
            en: "The code's verifier record is damaged or invalid.";
        /// The otpauth:// URI is longer than the library accepts (an authenticator URI is about
        /// 200 bytes).
        UriTooLong {
            /// The largest accepted length in bytes.
            max_bytes: usize
        } = 2040, "OTP_URI_TOO_LONG",
            hu: "Az otpauth:// hivatkozás túl hosszú; egy hitelesítő alkalmazás hivatkozása kb. 200 bájt. Olvassa be újra a QR-kódot, vagy adja meg a beállítókulcsot.",
            en: "The otpauth:// link is too long; an authenticator link is about 200 bytes. Scan the QR code again, or enter the setup key.";
        /// The issuer or account name contains a control character (C0, DEL or C1 such as a line
        /// break or U+0085).
        NameControl = 2041, "OTP_NAME_CONTROL",
            hu: "A kiadó vagy a fiók neve vezérlőkaraktert (például sortörést vagy tabulátort) tartalmaz. Adja meg a nevet vezérlőkarakterek nélkül.",
            en: "The issuer or account name contains a control character (such as a line break or a tab). Give the name without control characters.";
        /// The key for one-time code records is shorter than 16 bytes.
        OneTimeKeyTooShort {
            /// The smallest accepted length in bytes.
            min_bytes: usize
        } = 2042, "OTP_ONE_TIME_KEY_TOO_SHORT",
            hu: "Az egyszer használatos kódok szerverkulcsa túl rövid. Adjon meg legalább 16 bájtos (ajánlott: 32 bájtos) véletlen kulcsot.",
            en: "The server key for one-time codes is too short. Give a random key of at least 16 bytes (32 recommended).";
        /// A one-time code record has an old or unknown format (for example an unkeyed hash made by
        /// an earlier version); it cannot be checked.
        OneTimeRecordVersion {
            /// The record's format version.
            version: u32
        } = 2043, "OTP_ONE_TIME_RECORD_VERSION",
            hu: "A kód ellenőrző rekordja régi vagy ismeretlen formátumú, ezért nem ellenőrizhető. Igényeljen új kódot.",
            en: "The code's verifier record has an old or unknown format and cannot be checked. Request a new code.";
        /// The OTP state store (database) could not be reached or a query failed.
        StoreUnavailable {
            /// What failed (the database's message; never a password or connection string).
            detail: String
        } = 2060, "OTP_STORE_UNAVAILABLE",
            hu: "Az egyszer használatos kódok állapottára (adatbázis) nem érhető el, vagy a lekérdezés hibát adott; a kódot nem ellenőriztük. Ellenőrizze az adatbázis elérhetőségét, majd próbálja újra.",
            en: "The one-time code state store (database) is unreachable or a query failed; the code was not checked. Check that the database is reachable, then try again.";
        /// Other servers kept updating the user's state: the verification lost the race every time
        /// it tried and gave up (nothing was accepted).
        StoreContention {
            /// How many times it tried.
            tries: u32
        } = 2061, "OTP_STORE_CONTENTION",
            hu: "A felhasználó kódját egyszerre túl sok kérés ellenőrizte; a kódot nem fogadtuk el. Várjon néhány másodpercet, és próbálja újra.",
            en: "Too many requests were checking this user's code at once; the code was not accepted. Wait a few seconds and try again.";
        /// A stored OTP state record is damaged or has an unknown format.
        StateRecord = 2062, "OTP_STATE_RECORD",
            hu: "A felhasználó tárolt kódellenőrzési állapota sérült vagy ismeretlen formátumú; a kódot nem ellenőriztük. Az üzemeltető ellenőrizze az adatbázis sorát.",
            en: "The user's stored code-check state is damaged or has an unknown format; the code was not checked. The operator should check the database row.";
        /// The store connection string is not `memory:`, `sqlite:PATH` or `postgres://…`.
        StoreConnString = 2063, "OTP_STORE_CONN_STRING",
            hu: "Ismeretlen tároló-megadás. Használható: memory:, sqlite:ÚTVONAL, postgres://… vagy postgresql://…",
            en: "Unknown store connection string. Use memory:, sqlite:PATH, postgres://… or postgresql://…";
        /// The user name for the state store is empty, too long or holds a control character.
        StoreUser {
            /// The largest accepted length in bytes.
            max_bytes: usize
        } = 2064, "OTP_STORE_USER",
            hu: "A felhasználó azonosítója üres, túl hosszú vagy vezérlőkaraktert tartalmaz. Adjon meg egy rövid, látható karakterekből álló azonosítót.",
            en: "The user identifier is empty, too long or contains a control character. Give a short identifier of visible characters.";
    }
}

impl Detail for OtpError {
    fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            OtpError::KeyTooLong { max_bytes } => Some(match lang {
                Lang::Hu => format!("Legfeljebb {max_bytes} bájt lehet."),
                Lang::En => format!("At most {max_bytes} bytes are accepted."),
            }),
            OtpError::Base32Char { ch, position } => Some(match lang {
                Lang::Hu => format!("Hibás karakter: '{ch}' a(z) {}. helyen.", position + 1),
                Lang::En => format!("Invalid character '{ch}' at position {}.", position + 1),
            }),
            OtpError::Base32Length { chars } => Some(match lang {
                Lang::Hu => format!("{chars} karakter érkezett."),
                Lang::En => format!("{chars} characters were given."),
            }),
            OtpError::BadDigits { digits } => Some(match lang {
                Lang::Hu => format!("Kért hossz: {digits}."),
                Lang::En => format!("Asked for: {digits}."),
            }),
            OtpError::CodeLength { expected, got } => Some(match lang {
                Lang::Hu => format!("{expected} számjegy kell, {got} érkezett."),
                Lang::En => format!("{expected} digits are needed, {got} were given."),
            }),
            OtpError::WrongCode {
                attempts_left: Some(left),
            } => Some(match lang {
                Lang::Hu => format!("Még {left} próbálkozás van hátra a zárolásig."),
                Lang::En => format!(
                    "{} left before the lock.",
                    count_en(*left, "attempt", "attempts")
                ),
            }),
            OtpError::Locked { remaining_secs, .. } => {
                let minutes = remaining_secs.div_ceil(60);
                Some(match lang {
                    Lang::Hu => format!("Próbálja újra {minutes} perc múlva."),
                    Lang::En => format!("Try again in {}.", count_en(minutes, "minute", "minutes")),
                })
            }
            OtpError::UriDuplicate { name } => Some(format!("({name})")),
            OtpError::UriTooLong { max_bytes } => Some(match lang {
                Lang::Hu => format!("Legfeljebb {max_bytes} bájt lehet."),
                Lang::En => format!("At most {max_bytes} bytes are accepted."),
            }),
            OtpError::OneTimeKeyTooShort { min_bytes } => Some(match lang {
                Lang::Hu => format!("Legalább {min_bytes} bájt szükséges."),
                Lang::En => format!("At least {min_bytes} bytes are needed."),
            }),
            OtpError::OneTimeRecordVersion { version } => Some(match lang {
                Lang::Hu => format!("A rekord formátumverziója: {version}."),
                Lang::En => format!("The record's format version is {version}."),
            }),
            OtpError::StoreUnavailable { detail } => Some(format!("({detail})")),
            OtpError::StoreContention { tries } => Some(match lang {
                Lang::Hu => format!("Próbálkozások: {tries}."),
                Lang::En => format!("Tries: {tries}."),
            }),
            OtpError::StoreUser { max_bytes } => Some(match lang {
                Lang::Hu => format!("Legfeljebb {max_bytes} bájt lehet."),
                Lang::En => format!("At most {max_bytes} bytes are accepted."),
            }),
            OtpError::OneTimeWrong { attempts_left } => Some(match lang {
                Lang::Hu => format!("Még {attempts_left} próbálkozás van hátra."),
                Lang::En => format!("{} left.", count_en(*attempts_left, "attempt", "attempts")),
            }),
            _ => None,
        }
    }
}
