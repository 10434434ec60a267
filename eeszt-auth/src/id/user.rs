//! EESZT user names (`O95745`) and the profession their letter stands for.
//!
//! The sector portal's user name is a capital profession letter followed by a registry number, with no
//! spaces or punctuation (portal guide, seed 000):
//!
//! | letter | [`Profession`] | digits | source of the bound |
//! | --- | --- | --- | --- |
//! | O | doctor (orvos): stamp number, pecsétszám | 5 | stated by the portal |
//! | S | health professional or pharmacy assistant (szakdolgozó) | 6 | stated by the portal |
//! | G | pharmacist (gyógyszerész) | 5-6 | chosen here |
//! | C | clinical psychologist (klinikai szakpszichológus) | 5-6 | chosen here |
//! | X | staff without a health qualification, number issued by EESZT | 5-6 | chosen here |
//!
//! The portal does not state the lengths for G, C and X. Pharmacists and clinical psychologists are
//! registered in the same health-worker registry that issues the doctors' 5-digit numbers, and the
//! published staff example `X00121` is a zero-padded 5-digit sequence number; 6 digits are also
//! accepted so that a longer number is never refused. No check digit of any registry number is
//! published, so none is checked.
//!
//! Typed input is forgiving where it is safe: outer whitespace is trimmed and a lowercase letter is
//! made capital. Everything else gets its own [`IdError`] telling the user what to type: inner spaces
//! (`"O 95745"` -> type `"O95745"`), punctuation, a missing letter, an unknown letter, other characters,
//! too few or too many digits. Empty input gives the portal's "Ez a mező kötelező.".

use std::ops::RangeInclusive;

use crate::error::Lang;

use super::error::IdError;

/// The profession an EESZT user name's letter stands for.
///
/// `Display`/`FromStr`/serde use the stable names `doctor`, `health_professional`, `pharmacist`,
/// `clinical_psychologist`, `staff`; `FromStr` also accepts the letter. The C ABI passes it as
/// [`Profession::code`] (1-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Profession {
    /// `O`: doctor (orvos), with the 5-digit stamp number (pecsétszám).
    Doctor,
    /// `S`: health professional (szakdolgozó) or pharmacy assistant, 6-digit registry number.
    HealthProfessional,
    /// `G`: pharmacist (gyógyszerész).
    Pharmacist,
    /// `C`: clinical psychologist (klinikai szakpszichológus).
    ClinicalPsychologist,
    /// `X`: staff without a health qualification (administrators, IT staff), number issued by EESZT.
    Staff,
}

impl Profession {
    /// Every profession, in code order.
    pub const ALL: [Profession; 5] = [
        Profession::Doctor,
        Profession::HealthProfessional,
        Profession::Pharmacist,
        Profession::ClinicalPsychologist,
        Profession::Staff,
    ];

    /// The capital letter that starts the user name.
    pub fn letter(self) -> char {
        match self {
            Profession::Doctor => 'O',
            Profession::HealthProfessional => 'S',
            Profession::Pharmacist => 'G',
            Profession::ClinicalPsychologist => 'C',
            Profession::Staff => 'X',
        }
    }

    /// The profession of a letter, capital or lowercase.
    pub fn from_letter(letter: char) -> Option<Profession> {
        let upper = letter.to_ascii_uppercase();
        Profession::ALL.into_iter().find(|p| p.letter() == upper)
    }

    /// The stable number used by the C ABI (`EESZT_PROFESSION_*`): 1 doctor, 2 health professional,
    /// 3 pharmacist, 4 clinical psychologist, 5 staff.
    pub fn code(self) -> u32 {
        match self {
            Profession::Doctor => 1,
            Profession::HealthProfessional => 2,
            Profession::Pharmacist => 3,
            Profession::ClinicalPsychologist => 4,
            Profession::Staff => 5,
        }
    }

    /// The profession of a [`Profession::code`].
    pub fn from_code(code: u32) -> Option<Profession> {
        Profession::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The stable name: `doctor`, `health_professional`, `pharmacist`, `clinical_psychologist`, `staff`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profession::Doctor => "doctor",
            Profession::HealthProfessional => "health_professional",
            Profession::Pharmacist => "pharmacist",
            Profession::ClinicalPsychologist => "clinical_psychologist",
            Profession::Staff => "staff",
        }
    }

    /// The name in plain words.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Profession::Doctor => lang.pick("orvos", "doctor"),
            Profession::HealthProfessional => lang.pick(
                "szakdolgozó vagy gyógyszertári asszisztens",
                "health professional or pharmacy assistant",
            ),
            Profession::Pharmacist => lang.pick("gyógyszerész", "pharmacist"),
            Profession::ClinicalPsychologist => {
                lang.pick("klinikai szakpszichológus", "clinical psychologist")
            }
            Profession::Staff => lang.pick(
                "egyéb munkatárs (egészségügyi végzettség nélkül)",
                "staff without a health qualification",
            ),
        }
    }

    /// How many digits follow the letter (see the module documentation for the sources).
    pub fn digits(self) -> RangeInclusive<usize> {
        match self {
            Profession::Doctor => 5..=5,
            Profession::HealthProfessional => 6..=6,
            Profession::Pharmacist | Profession::ClinicalPsychologist | Profession::Staff => 5..=6,
        }
    }

    pub(crate) fn digits_text(self) -> &'static str {
        match self {
            Profession::Doctor => "5",
            Profession::HealthProfessional => "6",
            _ => "5-6",
        }
    }

    /// A correctly written example user name (the portal's own examples for O, S and X).
    pub fn example(self) -> &'static str {
        match self {
            Profession::Doctor => "O95745",
            Profession::HealthProfessional => "S999888",
            Profession::Pharmacist => "G12345",
            Profession::ClinicalPsychologist => "C12345",
            Profession::Staff => "X00121",
        }
    }

    /// Parses a stable name (`doctor`...) or a letter (`O`...), any case.
    pub fn parse(text: &str) -> Result<Profession, IdError> {
        let t = text.trim();
        let mut chars = t.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if let Some(p) = Profession::from_letter(c) {
                return Ok(p);
            }
        }
        Profession::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| IdError::UnknownProfession {
                value: t.chars().take(40).collect(),
            })
    }
}

id_string_traits!(Profession);

/// An EESZT user name: a [`Profession`] letter and a registry number, for example `O95745`.
///
/// Parse typed input with [`EesztUserId::parse`] (or `FromStr`/`TryFrom<&str>`); `Display` gives the
/// normalised form the portal expects. Ordered and compared by that form.
///
/// ```
/// use eeszt_auth::id::{EesztUserId, Profession};
///
/// let id = EesztUserId::parse("s999888").unwrap();
/// assert_eq!(id.as_str(), "S999888");
/// assert_eq!(id.profession(), Profession::HealthProfessional);
/// assert_eq!(id.number(), "999888");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EesztUserId {
    text: String,
    profession: Profession,
}

impl EesztUserId {
    /// Parses a typed user name; see the module documentation for what is accepted.
    pub fn parse(text: &str) -> Result<EesztUserId, IdError> {
        let t = text.trim();
        let Some(first) = t.chars().next() else {
            return Err(IdError::Empty);
        };
        if first.is_ascii_digit() {
            return Err(missing_prefix(t));
        }
        let rest = t.get(first.len_utf8()..).unwrap_or_default();
        let Some(profession) = Profession::from_letter(first) else {
            if first.is_alphabetic() {
                return Err(IdError::UserUnknownPrefix { letter: first });
            }
            let suggestion = cleaned_suggestion(t);
            return Err(if first.is_whitespace() {
                IdError::UserInnerSpace { suggestion }
            } else {
                IdError::UserPunctuation { suggestion }
            });
        };
        if rest.chars().any(char::is_whitespace) {
            return Err(IdError::UserInnerSpace {
                suggestion: cleaned_suggestion(t),
            });
        }
        if rest.chars().any(|c| !c.is_alphanumeric()) {
            return Err(IdError::UserPunctuation {
                suggestion: cleaned_suggestion(t),
            });
        }
        if let Some(ch) = rest.chars().find(|c| !c.is_ascii_digit()) {
            return Err(IdError::UserInvalidCharacter { ch });
        }
        let found = rest.len();
        let digits = profession.digits();
        if found < *digits.start() {
            return Err(IdError::UserTooFewDigits { profession, found });
        }
        if found > *digits.end() {
            return Err(IdError::UserTooManyDigits { profession, found });
        }
        Ok(EesztUserId {
            text: format!("{}{rest}", profession.letter()),
            profession,
        })
    }

    /// A user name from its parts; the number must have the profession's digit count.
    pub fn from_parts(profession: Profession, number: &str) -> Result<EesztUserId, IdError> {
        let mut text = String::with_capacity(number.len() + 1);
        text.push(profession.letter());
        text.push_str(number);
        EesztUserId::parse(&text)
    }

    /// The normalised user name, e.g. `O95745`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The profession its letter stands for.
    pub fn profession(&self) -> Profession {
        self.profession
    }

    /// The registry number after the letter, e.g. `95745`.
    pub fn number(&self) -> &str {
        self.text.get(1..).unwrap_or_default()
    }
}

id_string_traits!(EesztUserId);

/// The user name left after removing everything but letters and digits, if that is a valid one.
fn cleaned_suggestion(text: &str) -> Option<String> {
    let cleaned: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    if cleaned.is_empty() || cleaned == text {
        return None;
    }
    EesztUserId::parse(&cleaned).ok().map(|id| id.text)
}

/// The error for input that starts with a digit: suggests the doctor and health-professional forms
/// the digits fit, and the letter O when a leading zero probably was meant as one.
fn missing_prefix(text: &str) -> IdError {
    let digits: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut suggestions = Vec::new();
    let mut zero_for_o = false;
    if digits.chars().all(|c| c.is_ascii_digit()) {
        if let Some(after_zero) = digits.strip_prefix('0') {
            if Profession::Doctor.digits().contains(&after_zero.len()) {
                suggestions.push(format!("O{after_zero}"));
                zero_for_o = true;
            }
        }
        for p in [Profession::Doctor, Profession::HealthProfessional] {
            if p.digits().contains(&digits.len()) {
                suggestions.push(format!("{}{digits}", p.letter()));
            }
        }
    }
    IdError::UserMissingPrefix {
        suggestions,
        zero_for_o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        EesztUserId::parse(text).unwrap().to_string()
    }

    #[test]
    fn portal_examples() {
        assert_eq!(ok("O95745"), "O95745");
        assert_eq!(ok("S999888"), "S999888");
        assert_eq!(ok("X00121"), "X00121");
        assert_eq!(ok("  o95745\t"), "O95745");
        assert_eq!(ok("g123456"), "G123456");
        assert_eq!(ok("C12345"), "C12345");
        let id = EesztUserId::parse("X00121").unwrap();
        assert_eq!(id.profession(), Profession::Staff);
        assert_eq!(id.number(), "00121");
    }

    #[test]
    fn each_failure_has_its_own_error() {
        assert_eq!(EesztUserId::parse("  "), Err(IdError::Empty));
        assert_eq!(
            EesztUserId::parse("O 95745"),
            Err(IdError::UserInnerSpace {
                suggestion: Some("O95745".into())
            })
        );
        assert_eq!(
            EesztUserId::parse("O-95745"),
            Err(IdError::UserPunctuation {
                suggestion: Some("O95745".into())
            })
        );
        assert_eq!(
            EesztUserId::parse("\"O95745\""),
            Err(IdError::UserPunctuation {
                suggestion: Some("O95745".into())
            })
        );
        assert_eq!(
            EesztUserId::parse("O 9574"),
            Err(IdError::UserInnerSpace { suggestion: None })
        );
        assert_eq!(
            EesztUserId::parse("95745"),
            Err(IdError::UserMissingPrefix {
                suggestions: vec!["O95745".into()],
                zero_for_o: false
            })
        );
        assert_eq!(
            EesztUserId::parse("095745"),
            Err(IdError::UserMissingPrefix {
                suggestions: vec!["O95745".into(), "S095745".into()],
                zero_for_o: true
            })
        );
        assert_eq!(
            EesztUserId::parse("Q95745"),
            Err(IdError::UserUnknownPrefix { letter: 'Q' })
        );
        assert_eq!(
            EesztUserId::parse("O9574"),
            Err(IdError::UserTooFewDigits {
                profession: Profession::Doctor,
                found: 4
            })
        );
        assert_eq!(
            EesztUserId::parse("O957451"),
            Err(IdError::UserTooManyDigits {
                profession: Profession::Doctor,
                found: 6
            })
        );
        assert_eq!(
            EesztUserId::parse("S99988"),
            Err(IdError::UserTooFewDigits {
                profession: Profession::HealthProfessional,
                found: 5
            })
        );
        assert_eq!(
            EesztUserId::parse("O957A5"),
            Err(IdError::UserInvalidCharacter { ch: 'A' })
        );
        assert_eq!(
            EesztUserId::parse("O"),
            Err(IdError::UserTooFewDigits {
                profession: Profession::Doctor,
                found: 0
            })
        );
    }

    #[test]
    fn messages_tell_what_to_type() {
        let err = EesztUserId::parse("O 95745").unwrap_err();
        assert_eq!(
            err.message(Lang::Hu),
            "A felhasználónév nem tartalmazhat szóközt. Írja így: \"O95745\"."
        );
        assert_eq!(
            err.message(Lang::En),
            "The user name must not contain spaces. Type: \"O95745\"."
        );
        assert_eq!(
            EesztUserId::parse("").unwrap_err().message(Lang::Hu),
            "Ez a mező kötelező."
        );
        let few = EesztUserId::parse("o9574").unwrap_err().message(Lang::En);
        assert!(few.contains("5 digits") && few.contains("O95745") && few.contains("typed 4"));
        let zero = EesztUserId::parse("095745").unwrap_err().message(Lang::En);
        assert!(zero.contains("\"O95745\" (doctor)") && zero.contains("not the digit zero"));
    }

    #[test]
    fn profession_names_letters_codes() {
        for p in Profession::ALL {
            assert_eq!(Profession::from_letter(p.letter()), Some(p));
            assert_eq!(Profession::from_code(p.code()), Some(p));
            assert_eq!(p.as_str().parse::<Profession>(), Ok(p));
            assert_eq!(p.to_string(), p.as_str());
            assert_eq!(
                EesztUserId::parse(p.example()).map(|i| i.profession()),
                Ok(p)
            );
            assert_ne!(p.name(Lang::Hu), p.name(Lang::En));
        }
        assert_eq!("o".parse::<Profession>(), Ok(Profession::Doctor));
        assert_eq!(Profession::from_code(0), None);
        assert!(matches!(
            "nurse".parse::<Profession>(),
            Err(IdError::UnknownProfession { .. })
        ));
    }

    #[test]
    fn from_parts_and_traits() {
        let id = EesztUserId::from_parts(Profession::Doctor, "95745").unwrap();
        assert_eq!(id, EesztUserId::try_from("O95745").unwrap());
        assert!(EesztUserId::from_parts(Profession::Doctor, "9574").is_err());
        assert!(EesztUserId::parse("O11111").unwrap() < EesztUserId::parse("S111111").unwrap());
    }
}
