//! Errors of this area (codes 1001-1999).
//!
//! Each failure kind has its own code; the value carries what the message needs to tell the user what
//! to type instead (see [`Detail`]).

use crate::error::{Detail, Lang};

use super::date::CivilDate;
use super::kind::IdKind;
use super::user::Profession;

define_errors! {
    /// Identifier errors: what was wrong with the typed text, and what to type instead.
    pub enum IdError {
        /// Nothing was typed (after trimming outer whitespace). The portal's own wording.
        Empty = 1001, "ID_EMPTY", hu: "Ez a mező kötelező.", en: "This field is required.";
        /// The user name contains a space inside.
        UserInnerSpace {
            /// The corrected user name, when removing the spaces gives a valid one.
            suggestion: Option<String>
        } = 1002, "ID_USER_INNER_SPACE",
            hu: "A felhasználónév nem tartalmazhat szóközt.",
            en: "The user name must not contain spaces.";
        /// The user name contains punctuation (dot, hyphen, slash, quote...).
        UserPunctuation {
            /// The corrected user name, when removing the punctuation gives a valid one.
            suggestion: Option<String>
        } = 1003, "ID_USER_PUNCTUATION",
            hu: "A felhasználónév nem tartalmazhat írásjelet (pontot, kötőjelet, perjelet, idézőjelet).",
            en: "The user name must not contain punctuation (dots, hyphens, slashes, quotes).";
        /// The user name starts with a digit: the profession letter is missing.
        UserMissingPrefix {
            /// User names the digits could stand for (doctor and health-professional forms).
            suggestions: Vec<String>,
            /// The first character is the digit zero where the letter O probably was meant.
            zero_for_o: bool
        } = 1004, "ID_USER_MISSING_PREFIX",
            hu: "A felhasználónév a foglalkozás betűjelével kezdődik (O, S, G, C vagy X), utána következik a nyilvántartási szám.",
            en: "The user name starts with the letter of the profession (O, S, G, C or X), followed by the registry number.";
        /// The user name starts with a letter that is no profession letter.
        UserUnknownPrefix {
            /// The letter typed.
            letter: char
        } = 1005, "ID_USER_UNKNOWN_PREFIX",
            hu: "Ismeretlen betűjel. Használható: O (orvos), S (szakdolgozó, gyógyszertári asszisztens), G (gyógyszerész), C (klinikai szakpszichológus), X (egyéb munkatárs).",
            en: "Unknown letter. Use O (doctor), S (health professional, pharmacy assistant), G (pharmacist), C (clinical psychologist) or X (other staff).";
        /// Fewer digits follow the letter than the profession's registry numbers have.
        UserTooFewDigits {
            /// The profession of the letter typed.
            profession: Profession,
            /// Digits typed.
            found: usize
        } = 1006, "ID_USER_TOO_FEW_DIGITS",
            hu: "A felhasználónévben túl kevés számjegy van.",
            en: "The user name has too few digits.";
        /// More digits follow the letter than the profession's registry numbers have.
        UserTooManyDigits {
            /// The profession of the letter typed.
            profession: Profession,
            /// Digits typed.
            found: usize
        } = 1007, "ID_USER_TOO_MANY_DIGITS",
            hu: "A felhasználónévben túl sok számjegy van.",
            en: "The user name has too many digits.";
        /// After the profession letter something other than digits was typed (for example a letter).
        UserInvalidCharacter {
            /// The first offending character.
            ch: char
        } = 1008, "ID_USER_INVALID_CHARACTER",
            hu: "A felhasználónévben a betűjel után csak számjegyek állhatnak.",
            en: "Only digits may follow the letter of the user name.";
        /// A profession name, letter or number is not known.
        UnknownProfession {
            /// What was given.
            value: String
        } = 1009, "ID_UNKNOWN_PROFESSION",
            hu: "Ismeretlen foglalkozás. Használható: doctor (O), health_professional (S), pharmacist (G), clinical_psychologist (C), staff (X).",
            en: "Unknown profession. Use doctor (O), health_professional (S), pharmacist (G), clinical_psychologist (C) or staff (X).";
        /// A character the identifier cannot contain.
        InvalidCharacter {
            /// Which identifier.
            kind: IdKind,
            /// The first offending character.
            ch: char
        } = 1010, "ID_INVALID_CHARACTER",
            hu: "Az azonosító nem megengedett karaktert tartalmaz.",
            en: "The identifier contains a character it cannot contain.";
        /// Too few or too many characters.
        WrongLength {
            /// Which identifier.
            kind: IdKind,
            /// Characters counted (separators not counted).
            found: usize
        } = 1011, "ID_WRONG_LENGTH",
            hu: "Az azonosító hossza nem megfelelő.",
            en: "The identifier has the wrong length.";
        /// The check digit does not match: a digit was mistyped or two were swapped.
        CheckDigit {
            /// Which identifier.
            kind: IdKind
        } = 1012, "ID_CHECK_DIGIT",
            hu: "Az azonosító ellenőrző számjegye nem egyezik: valamelyik számjegy hibás. Ellenőrizze a begépelt számot az igazolványon.",
            en: "The check digit does not match: a digit is wrong. Compare the number typed with the card.";
        /// A tax ID (adóazonosító jel) does not start with 8.
        TaxFirstDigit {
            /// The first digit typed.
            found: char
        } = 1013, "ID_TAX_FIRST_DIGIT",
            hu: "Az adóazonosító jel 8-as számjeggyel kezdődik.",
            en: "A tax ID (adóazonosító jel) starts with the digit 8.";
        /// The tax ID's check sum leaves remainder 10: such numbers are never issued.
        TaxRemainderTen = 1014, "ID_TAX_REMAINDER_TEN",
            hu: "Ilyen adóazonosító jelet nem adnak ki (az ellenőrző összeg maradéka 10). Ellenőrizze a begépelt számot.",
            en: "No such tax ID is ever issued (its check sum leaves remainder 10). Check the number typed.";
        /// The birth date encoded in the tax ID lies in the future.
        TaxBirthDateInFuture {
            /// The decoded birth date.
            birth_date: CivilDate
        } = 1015, "ID_TAX_BIRTH_DATE_IN_FUTURE",
            hu: "Az adóazonosító jelben kódolt születési dátum a jövőben van. Ellenőrizze a begépelt számot.",
            en: "The birth date encoded in the tax ID lies in the future. Check the number typed.";
        /// A calendar date does not exist or lies outside 1867-01-01 ... 9999-12-31.
        InvalidDate {
            /// Year given.
            year: i32,
            /// Month given.
            month: u32,
            /// Day given.
            day: u32
        } = 1016, "ID_INVALID_DATE",
            hu: "Érvénytelen dátum.",
            en: "Invalid date.";
        /// A licence ID is not of the form `unit code/licence type/profession code`.
        LicenceFormat = 1017, "ID_LICENCE_FORMAT",
            hu: "A működési engedély azonosítója három, perjellel elválasztott részből áll: szervezeti egység kódja/engedélytípus/szakmakód, például 001055630/A1/1300.",
            en: "A licence ID has three parts separated by slashes: unit code/licence type/profession code, e.g. 001055630/A1/1300.";
        /// The middle part of a licence ID is not a licence type such as A1 or J1.
        LicenceType {
            /// The part typed.
            found: String
        } = 1018, "ID_LICENCE_TYPE",
            hu: "Az engedélytípus egy nagybetű és egy-két számjegy, például A1 vagy J1.",
            en: "The licence type is one capital letter and one or two digits, such as A1 or J1.";
        /// An institution entry has an empty display name or site.
        InstitutionFieldEmpty {
            /// Which field: "name" or "site".
            field: &'static str
        } = 1019, "ID_INSTITUTION_FIELD_EMPTY",
            hu: "Az intézmény neve és telephelye nem lehet üres.",
            en: "An institution's name and site must not be empty.";
        /// An institution list could not be read as JSON.
        InstitutionJson {
            /// The parser's message (line and column).
            detail: String
        } = 1020, "ID_INSTITUTION_JSON",
            hu: "Az intézménylista nem olvasható (hibás JSON). Ellenőrizze a fájlt.",
            en: "The institution list cannot be read (invalid JSON). Check the file.";
        /// No institution choice has this number.
        InstitutionNotFound {
            /// The number asked for.
            index: usize,
            /// How many choices there are.
            count: usize
        } = 1021, "ID_INSTITUTION_NOT_FOUND",
            hu: "Nincs ilyen sorszámú választható intézmény.",
            en: "There is no institution choice with this number.";
        /// The same provider, site and unit appear twice in an institution list.
        InstitutionDuplicate {
            /// The repeated entry's provider ID, site and unit.
            entry: String
        } = 1022, "ID_INSTITUTION_DUPLICATE",
            hu: "Az intézménylistában egy bejegyzés kétszer szerepel.",
            en: "An entry appears twice in the institution list.";
    }
}

impl IdError {
    /// The identifier this error is about, where the error names one.
    pub fn kind(&self) -> Option<IdKind> {
        match self {
            IdError::InvalidCharacter { kind, .. }
            | IdError::WrongLength { kind, .. }
            | IdError::CheckDigit { kind } => Some(*kind),
            IdError::UserInnerSpace { .. }
            | IdError::UserPunctuation { .. }
            | IdError::UserMissingPrefix { .. }
            | IdError::UserUnknownPrefix { .. }
            | IdError::UserTooFewDigits { .. }
            | IdError::UserTooManyDigits { .. }
            | IdError::UserInvalidCharacter { .. } => Some(IdKind::UserId),
            IdError::TaxFirstDigit { .. }
            | IdError::TaxRemainderTen
            | IdError::TaxBirthDateInFuture { .. } => Some(IdKind::TaxId),
            IdError::LicenceFormat | IdError::LicenceType { .. } => Some(IdKind::LicenceId),
            _ => None,
        }
    }
}

fn type_this(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Hu => format!("Írja így: \"{text}\"."),
        Lang::En => format!("Type: \"{text}\"."),
    }
}

fn digit_rule(profession: Profession, found: usize, lang: Lang) -> String {
    let lower = profession.name(lang);
    let mut chars = lower.chars();
    let name: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let letter = profession.letter();
    let digits = profession.digits_text();
    let example = profession.example();
    match lang {
        Lang::Hu => format!(
            "{name} ({letter}): a betű után {digits} számjegy, például {example}; Ön {found} számjegyet írt."
        ),
        Lang::En => format!(
            "{name} ({letter}): {digits} digits after the letter, e.g. {example}; you typed {found}."
        ),
    }
}

impl Detail for IdError {
    fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            IdError::UserInnerSpace { suggestion } | IdError::UserPunctuation { suggestion } => {
                suggestion.as_deref().map(|s| type_this(lang, s))
            }
            IdError::UserMissingPrefix {
                suggestions,
                zero_for_o,
            } => {
                let mut parts = Vec::new();
                for s in suggestions {
                    let who = s
                        .chars()
                        .next()
                        .and_then(Profession::from_letter)
                        .map(|p| p.name(lang))
                        .unwrap_or_default();
                    parts.push(format!("\"{s}\" ({who})"));
                }
                let mut out = match (parts.is_empty(), lang) {
                    (true, _) => String::new(),
                    (false, Lang::Hu) => format!("Például: {}.", parts.join(", ")),
                    (false, Lang::En) => format!("For example: {}.", parts.join(", ")),
                };
                if *zero_for_o {
                    out.push_str(lang.pick(
                        " Az első karakter az O betű, nem a nulla számjegy.",
                        " The first character is the letter O, not the digit zero.",
                    ));
                }
                let out = out.trim().to_owned();
                (!out.is_empty()).then_some(out)
            }
            IdError::UserUnknownPrefix { letter }
            | IdError::UserInvalidCharacter { ch: letter } => Some(format!("(\"{letter}\")")),
            IdError::UserTooFewDigits { profession, found }
            | IdError::UserTooManyDigits { profession, found } => {
                Some(digit_rule(*profession, *found, lang))
            }
            IdError::UnknownProfession { value } => Some(format!("(\"{value}\")")),
            IdError::InvalidCharacter { kind, ch } => Some(match lang {
                Lang::Hu => format!(
                    "{}: {}; hibás karakter: \"{ch}\". Minta: {}.",
                    kind.name(lang),
                    kind.allowed(lang),
                    kind.example()
                ),
                Lang::En => format!(
                    "{}: {}; wrong character: \"{ch}\". Example: {}.",
                    kind.name(lang),
                    kind.allowed(lang),
                    kind.example()
                ),
            }),
            IdError::WrongLength { kind, found } => Some(match lang {
                Lang::Hu => format!(
                    "{}: {} karakter kell, {found} karaktert írt. Minta: {}.",
                    kind.name(lang),
                    kind.length_text(),
                    kind.example()
                ),
                Lang::En => format!(
                    "{}: {} characters are needed, you typed {found}. Example: {}.",
                    kind.name(lang),
                    kind.length_text(),
                    kind.example()
                ),
            }),
            IdError::CheckDigit { kind } => Some(format!("({})", kind.name(lang))),
            IdError::TaxFirstDigit { found } => Some(match lang {
                Lang::Hu => format!("Az első számjegy most \"{found}\"."),
                Lang::En => format!("The first digit typed is \"{found}\"."),
            }),
            IdError::TaxBirthDateInFuture { birth_date } => Some(format!("({birth_date})")),
            IdError::InvalidDate { year, month, day } => {
                Some(format!("({year:04}-{month:02}-{day:02})"))
            }
            IdError::LicenceType { found } => Some(format!("(\"{found}\")")),
            IdError::InstitutionFieldEmpty { field } => Some(format!("({field})")),
            IdError::InstitutionJson { detail } => Some(format!("({detail})")),
            IdError::InstitutionNotFound { index, count } => Some(match lang {
                Lang::Hu => format!(
                    "Kért sorszám: {index}; választható: 0-{}.",
                    count.saturating_sub(1)
                ),
                Lang::En => format!(
                    "Asked for: {index}; choices: 0-{}.",
                    count.saturating_sub(1)
                ),
            }),
            IdError::InstitutionDuplicate { entry } => Some(format!("({entry})")),
            _ => None,
        }
    }
}
