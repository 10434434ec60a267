//! Errors of the login flow (codes 6000-6999). Each says what happened and what the UI should offer
//! next (see [`super::NextAction`]).

use crate::error::{Detail, Lang};

define_errors! {
    /// Login flow errors.
    pub enum LoginError {
        /// Too many wrong passwords (the policy's `max_failures`): the user is locked out until
        /// `until` (unix seconds).
        PasswordLocked {
            /// Unix time when the lock ends.
            until: u64,
            /// The wrong passwords that lock (the policy's `max_failures`).
            failures: u32,
            /// How long the lock lasts, in minutes (the policy's `lockout_secs`, rounded up).
            minutes: u64
        } = 6001, "LOGIN_PASSWORD_LOCKED",
            hu: "A sikertelen jelszómegadások miatt a belépés átmenetileg zárolva.",
            en: "Login is locked for a while after wrong passwords.";
        /// The password was wrong.
        WrongPassword {
            /// Tries left before the lock.
            tries_left: u32,
            /// How long the lock that follows lasts, in minutes.
            minutes: u64
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
        /// No check code (ellenőrző kód) was typed.
        CheckCodeEmpty = 6040, "LOGIN_CHECK_CODE_EMPTY",
            hu: "Ez a mező kötelező. Adja meg a tokenen megjelenő egyszerhasználatos jelszó mellett az ellenőrző kódot is.",
            en: "This field is required. Type the check code as well as the one-time password shown on the token.";
        /// The new password and its repetition differ.
        NewPasswordMismatch = 6041, "LOGIN_NEW_PASSWORD_MISMATCH",
            hu: "A két új jelszó nem egyezik. Adja meg az új jelszót kétszer ugyanúgy.",
            en: "The two new passwords differ. Type the new password twice, the same way.";
        /// The new password does not follow the rules.
        NewPasswordWeak {
            /// The fewest characters required.
            min_chars: usize,
            /// Too short.
            short: bool,
            /// No lower-case letter.
            no_lower: bool,
            /// No upper-case letter.
            no_upper: bool,
            /// No digit.
            no_digit: bool
        } = 6042, "LOGIN_NEW_PASSWORD_WEAK",
            hu: "Az új jelszó nem felel meg a szabályoknak. Válasszon hosszabb jelszót kis- és nagybetűvel, számjeggyel.",
            en: "The new password does not follow the rules. Choose a longer password with lower- and upper-case letters and a digit.";
        /// The new password is the initial one handed out with the token.
        NewPasswordSameAsInitial = 6043, "LOGIN_NEW_PASSWORD_SAME_AS_INITIAL",
            hu: "Az új jelszó nem lehet a tokennel együtt kapott jelszó. Adjon meg saját jelszót.",
            en: "The new password cannot be the one handed out with the token. Choose your own password.";
        /// The caller's store did not save the new password.
        NewPasswordNotStored = 6044, "LOGIN_NEW_PASSWORD_NOT_STORED",
            hu: "Az új jelszó mentése nem sikerült; a jelszó nem változott. Próbálja újra később, ha ismét előfordul, forduljon az ügyfélszolgálathoz.",
            en: "The new password could not be saved; the password is unchanged. Try again later; if it happens again, contact support.";
        /// The card's signature over the challenge does not verify with its certificate's key.
        CardSignatureInvalid = 6010, "LOGIN_CARD_SIGNATURE_INVALID",
            hu: "A kártya aláírása nem ellenőrizhető a tanúsítványával: a belépés elutasítva. Próbálja újra; ha ismét előfordul, a kártya vagy az olvasó hibás, forduljon az ügyfélszolgálathoz.",
            en: "The card's signature does not verify with its certificate: login refused. Try again; if it happens again the card or reader is faulty, contact support.";
        /// The card's certificate does not chain to the trust anchors the caller configured.
        CardNotTrusted {
            /// Why.
            reason: crate::cert::Untrusted
        } = 6011, "LOGIN_CARD_NOT_TRUSTED",
            hu: "A kártya tanúsítványa nem megbízható kiadótól származik: a belépés elutasítva. Ellenőrizze, hogy eSzemélyi igazolványt használ, és hogy a megbízható kiadók be vannak állítva.",
            en: "The card's certificate is not from a trusted issuer: login refused. Check that you use an eID card and that the trust anchors are configured.";
        /// The card's certificate is not registered for the typed user name.
        CardNotBound {
            /// The user name typed.
            user: String
        } = 6012, "LOGIN_CARD_NOT_BOUND",
            hu: "A kártya nem ehhez a felhasználónévhez tartozik: a belépés elutasítva. Saját eSzemélyi igazolványával lépjen be, vagy kérje a kártya nyilvántartásba vételét.",
            en: "The card does not belong to this user name: login refused. Log in with your own eID card, or have the card registered for you.";
    }
}

impl Detail for LoginError {
    fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            LoginError::PasswordLocked {
                until,
                failures,
                minutes,
            } => {
                let (end, zone) =
                    crate::calendar::budapest_local(i64::try_from(*until).unwrap_or(i64::MAX));
                Some(match lang {
                    Lang::Hu => format!(
                        "{failures} sikertelen próbálkozás után {minutes} percre; a zárolás vége: {end} ({zone})."
                    ),
                    Lang::En => format!(
                        "After {} for {}; the lock ends at {end} ({zone}, Hungarian time).",
                        crate::error::count_en(*failures, "wrong password", "wrong passwords"),
                        crate::error::count_en(
                            u32::try_from(*minutes).unwrap_or(u32::MAX),
                            "minute",
                            "minutes"
                        )
                    ),
                })
            }
            LoginError::WrongPassword {
                tries_left,
                minutes,
            } => Some(match lang {
                Lang::Hu => {
                    format!("Még {tries_left} próbálkozás maradt a {minutes} perces zárolásig.")
                }
                Lang::En => format!(
                    "{} left before a {minutes}-minute lock.",
                    crate::error::count_en(*tries_left, "try", "tries")
                ),
            }),
            LoginError::NewPasswordWeak {
                min_chars,
                short,
                no_lower,
                no_upper,
                no_digit,
            } => {
                let mut missing: Vec<&str> = Vec::new();
                let hu = lang == Lang::Hu;
                let at_least = if hu {
                    format!("legalább {min_chars} karakter")
                } else {
                    format!("at least {min_chars} characters")
                };
                if *short {
                    missing.push(&at_least);
                }
                if *no_lower {
                    missing.push(if hu {
                        "kisbetű"
                    } else {
                        "a lower-case letter"
                    });
                }
                if *no_upper {
                    missing.push(if hu {
                        "nagybetű"
                    } else {
                        "an upper-case letter"
                    });
                }
                if *no_digit {
                    missing.push(if hu { "számjegy" } else { "a digit" });
                }
                Some(if hu {
                    format!("Hiányzik: {}.", missing.join(", "))
                } else {
                    format!("Missing: {}.", missing.join(", "))
                })
            }
            LoginError::UnknownInstitution { wanted } => Some(format!("({wanted})")),
            LoginError::ChallengeLength { len } => Some(match lang {
                Lang::Hu => format!("Kapott hossz: {len} bájt."),
                Lang::En => format!("Got {len} bytes."),
            }),
            LoginError::NoSecretSource { what } => Some(format!("({what})")),
            LoginError::CardNotTrusted { reason } => Some(format!("({})", reason.text(lang))),
            LoginError::CardNotBound { user } => Some(format!("({user})")),
            _ => None,
        }
    }
}
