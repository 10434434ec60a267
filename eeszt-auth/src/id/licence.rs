//! Operating licence IDs (működési engedély): `<unit code>/<licence type>/<profession code>`, for
//! example `001055630/A1/1300`.

use super::codes::UnitCode;
use super::error::IdError;
use super::kind::IdKind;
use super::shape::{Chars, compact};

/// A licence ID with its three parts: the organisational [`UnitCode`], the licence type (one capital
/// letter and one or two digits: `A1`, `J1`...) and the 4-digit profession code (szakmakód).
///
/// Input is trimmed, spaces around the slashes are ignored and lowercase letters are made capital.
///
/// ```
/// use eeszt_auth::id::LicenceId;
///
/// let l = LicenceId::parse("001055630 / a1 / 1300").unwrap();
/// assert_eq!(l.to_string(), "001055630/A1/1300");
/// assert_eq!(l.unit().as_str(), "001055630");
/// assert_eq!(l.licence_type(), "A1");
/// assert_eq!(l.profession_code(), "1300");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LicenceId {
    text: String,
    unit: UnitCode,
    licence_type: String,
    profession_code: String,
}

/// Checks and normalises a licence type such as `A1` or `J12`.
fn licence_type(part: &str) -> Result<String, IdError> {
    let mut chars = part.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic);
    let digits: Vec<char> = chars.collect();
    match letter {
        Some(letter)
            if (1..=2).contains(&digits.len()) && digits.iter().all(char::is_ascii_digit) =>
        {
            let mut out = String::with_capacity(3);
            out.push(letter.to_ascii_uppercase());
            out.extend(digits);
            Ok(out)
        }
        _ => Err(IdError::LicenceType {
            found: part.chars().take(20).collect(),
        }),
    }
}

impl LicenceId {
    /// Parses typed input; each part gets its own error.
    pub fn parse(text: &str) -> Result<LicenceId, IdError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(IdError::Empty);
        }
        let parts: Vec<&str> = text.split('/').map(str::trim).collect();
        let [unit, kind, code] = parts.as_slice() else {
            return Err(IdError::LicenceFormat);
        };
        if unit.is_empty() || kind.is_empty() || code.is_empty() {
            return Err(IdError::LicenceFormat);
        }
        let unit = UnitCode::parse(unit)?;
        let licence_type = licence_type(kind)?;
        let profession_code = compact(
            code,
            IdKind::LicenceProfessionCode,
            Chars::Digits,
            &[],
            4..=4,
        )?;
        Ok(LicenceId {
            text: format!("{unit}/{licence_type}/{profession_code}"),
            unit,
            licence_type,
            profession_code,
        })
    }

    /// The normalised licence ID.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The organisational unit code (first part).
    pub fn unit(&self) -> &UnitCode {
        &self.unit
    }

    /// The licence type (middle part), such as `A1` or `J1`.
    pub fn licence_type(&self) -> &str {
        &self.licence_type
    }

    /// The 4-digit profession code (szakmakód, last part).
    pub fn profession_code(&self) -> &str {
        &self.profession_code
    }
}

id_string_traits!(LicenceId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_and_parts() {
        let l = LicenceId::parse("001055630/A1/1300").unwrap();
        assert_eq!(l.as_str(), "001055630/A1/1300");
        assert_eq!(l.unit().as_str(), "001055630");
        assert_eq!(l.licence_type(), "A1");
        assert_eq!(l.profession_code(), "1300");
        assert_eq!(
            LicenceId::parse("02006a425/j12/0100").unwrap().as_str(),
            "02006A425/J12/0100"
        );
    }

    #[test]
    fn each_part_has_its_error() {
        assert_eq!(LicenceId::parse(""), Err(IdError::Empty));
        assert_eq!(
            LicenceId::parse("001055630/A1"),
            Err(IdError::LicenceFormat)
        );
        assert_eq!(
            LicenceId::parse("001055630//1300"),
            Err(IdError::LicenceFormat)
        );
        assert_eq!(
            LicenceId::parse("001055630/A1/1300/1"),
            Err(IdError::LicenceFormat)
        );
        assert_eq!(
            LicenceId::parse("00105563/A1/1300"),
            Err(IdError::WrongLength {
                kind: IdKind::UnitCode,
                found: 8
            })
        );
        assert_eq!(
            LicenceId::parse("001055630/1A/1300"),
            Err(IdError::LicenceType { found: "1A".into() })
        );
        assert_eq!(
            LicenceId::parse("001055630/A123/1300"),
            Err(IdError::LicenceType {
                found: "A123".into()
            })
        );
        assert_eq!(
            LicenceId::parse("001055630/A1/130"),
            Err(IdError::WrongLength {
                kind: IdKind::LicenceProfessionCode,
                found: 3
            })
        );
        assert_eq!(
            LicenceId::parse("001055630/A1/13O0"),
            Err(IdError::InvalidCharacter {
                kind: IdKind::LicenceProfessionCode,
                ch: 'O'
            })
        );
    }
}
