//! The TAJ number (társadalombiztosítási azonosító jel), the social-security number on the TAJ card.
//!
//! Nine digits: eight serial digits and a check digit, `(3·d1 + 7·d2 + 3·d3 + 7·d4 + 3·d5 + 7·d6 +
//! 3·d7 + 7·d8) mod 10`. Because 3 and 7 are coprime to 10, every single mistyped digit is caught.
//! Input may group the digits with spaces or hyphens (`123 456 788`, `123-456-788`); the normalised form
//! is the card's groups of three, `123 456 788`.

use super::error::IdError;
use super::kind::IdKind;
use super::shape::{Chars, compact, digit_values};

/// A TAJ number with a valid check digit. `Display` gives `123 456 788`; [`Taj::digits`] the bare
/// nine digits.
///
/// ```
/// use eeszt_auth::id::Taj;
///
/// let taj = Taj::parse("123456788").unwrap();
/// assert_eq!(taj.to_string(), "123 456 788");
/// assert_eq!(taj.digits(), "123456788");
/// assert!(Taj::parse("123456789").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Taj {
    grouped: String,
}

/// The check digit of the first eight digits of a TAJ number.
fn check_digit(serial: &str) -> u32 {
    digit_values(serial)
        .take(8)
        .zip([3, 7].into_iter().cycle())
        .map(|(d, w)| d * w)
        .sum::<u32>()
        % 10
}

impl Taj {
    /// Parses typed input: outer whitespace trimmed, spaces and hyphens between digits ignored.
    pub fn parse(text: &str) -> Result<Taj, IdError> {
        let digits = compact(text, IdKind::Taj, Chars::Digits, &[' ', '-'], 9..=9)?;
        let (serial, check) = digits.split_at(8);
        if check.chars().next().and_then(|c| c.to_digit(10)) != Some(check_digit(serial)) {
            return Err(IdError::CheckDigit { kind: IdKind::Taj });
        }
        let grouped = format!(
            "{} {} {}",
            digits.get(0..3).unwrap_or_default(),
            digits.get(3..6).unwrap_or_default(),
            digits.get(6..9).unwrap_or_default()
        );
        Ok(Taj { grouped })
    }

    /// The TAJ number completed with its check digit, from the 8 serial digits.
    pub fn from_serial(serial: u32) -> Result<Taj, IdError> {
        if serial > 99_999_999 {
            return Err(IdError::WrongLength {
                kind: IdKind::Taj,
                found: serial.to_string().len() + 1,
            });
        }
        let serial = format!("{serial:08}");
        let check = check_digit(&serial);
        Taj::parse(&format!("{serial}{check}"))
    }

    /// The normalised form, `123 456 788`.
    pub fn as_str(&self) -> &str {
        &self.grouped
    }

    /// The nine digits without spaces, `123456788`.
    pub fn digits(&self) -> String {
        self.grouped.chars().filter(char::is_ascii_digit).collect()
    }
}

id_string_traits!(Taj);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_test_values() {
        for valid in ["111111110", "123456788", "987654322", "037687210"] {
            assert_eq!(Taj::parse(valid).map(|t| t.digits()), Ok(valid.to_owned()));
        }
        for invalid in ["111111111", "123456789", "037687211"] {
            assert_eq!(
                Taj::parse(invalid),
                Err(IdError::CheckDigit { kind: IdKind::Taj })
            );
        }
    }

    #[test]
    fn grouping_and_errors() {
        assert_eq!(Taj::parse(" 123 456 788 ").unwrap().as_str(), "123 456 788");
        assert_eq!(Taj::parse("123-456-788").unwrap().as_str(), "123 456 788");
        assert_eq!(Taj::parse(""), Err(IdError::Empty));
        assert_eq!(
            Taj::parse("12345678"),
            Err(IdError::WrongLength {
                kind: IdKind::Taj,
                found: 8
            })
        );
        assert_eq!(
            Taj::parse("123.456.788"),
            Err(IdError::InvalidCharacter {
                kind: IdKind::Taj,
                ch: '.'
            })
        );
        assert_eq!(Taj::from_serial(12_345_678).unwrap().digits(), "123456788");
        assert_eq!(Taj::from_serial(3_768_721).unwrap().digits(), "037687210");
        assert!(Taj::from_serial(100_000_000).is_err());
    }
}
