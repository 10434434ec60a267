//! Errors of the login flow (codes 6000-6999). Each says what happened and what the UI should offer
//! next (see [`super::NextAction`]).

use crate::error::{Detail, Lang};

define_errors! {
    /// Login flow errors.
    pub enum LoginError {
        /// Three wrong passwords: the user is locked out until `until` (unix seconds).
        PasswordLocked {
            /// Unix time when the lock ends.
            until: u64
        } = 6001, "LOGIN_PASSWORD_LOCKED",
            hu: "Három sikertelen jelszómegadás miatt a belépés 15 percre zárolva.",
            en: "Login is locked for 15 minutes after three wrong passwords.";
        /// The password was wrong.
        WrongPassword {
            /// Tries left before the lock.
            tries_left: u32
        } = 6002, "LOGIN_WRONG_PASSWORD",
            hu: "Hibás felhasználónév vagy jelszó.",
            en: "Wrong user name or password.";
        /// No password was typed.
        PasswordEmpty = 6003, "LOGIN_PASSWORD_EMPTY",
            hu: "Ez a mező kötelező. Adja meg a jelszavát.",
            en: "This field is required. Type your password.";
        /// The check code (ellenőrző kód) shown with the token's one-time password was wrong.
        WrongCheckCode = 6004, "LOGIN_WRONG_CHECK_CODE",
            hu: "Hibás ellenőrző kód. Adja meg a tokenen megjelenő egyszer használatos jelszót és az ellenőrző kódot.",
            en: "Wrong check code. Type the one-time password and the check code shown on the token.";
        /// The chosen institution is not in the list offered to the user.
        UnknownInstitution {
            /// What was asked for.
            wanted: String
        } = 6005, "LOGIN_UNKNOWN_INSTITUTION",
            hu: "A választott intézmény nem szerepel a listában. Válasszon a felkínált intézmények közül, vagy az \"Intézmény nélkül\" lehetőséget.",
            en: "The chosen institution is not in the list. Choose one of the institutions offered, or \"No institution\".";
        /// The caller's challenge for the card signature is empty or too long.
        ChallengeLength {
            /// Its length.
            len: usize
        } = 6006, "LOGIN_CHALLENGE_LENGTH",
            hu: "A kihívás hossza 8 és 64 bájt között legyen.",
            en: "The challenge must be 8 to 64 bytes long.";
        /// No PIN or password source: not a terminal and no environment variable given.
        NoSecretSource {
            /// What was needed ("PIN" or "password").
            what: &'static str
        } = 6007, "LOGIN_NO_SECRET_SOURCE",
            hu: "Nincs honnan beolvasni a titkos adatot: nem terminálról fut, és nincs megadva környezeti változó (--pin-env / --password-env).",
            en: "No way to read the secret: not running in a terminal and no environment variable given (--pin-env / --password-env).";
    }
}

impl Detail for LoginError {
    fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            LoginError::PasswordLocked { until } => Some(match lang {
                Lang::Hu => format!("A zárolás vége: {} (unix idő).", until),
                Lang::En => format!("The lock ends at {} (unix time).", until),
            }),
            LoginError::WrongPassword { tries_left } => Some(match lang {
                Lang::Hu => format!("Még {tries_left} próbálkozás maradt a 15 perces zárolásig."),
                Lang::En => format!(
                    "{} left before a 15-minute lock.",
                    crate::error::count_en(*tries_left, "try", "tries")
                ),
            }),
            LoginError::UnknownInstitution { wanted } => Some(format!("({wanted})")),
            LoginError::ChallengeLength { len } => Some(match lang {
                Lang::Hu => format!("Kapott hossz: {len} bájt."),
                Lang::En => format!("Got {len} bytes."),
            }),
            LoginError::NoSecretSource { what } => Some(format!("({what})")),
            _ => None,
        }
    }
}
