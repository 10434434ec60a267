//! Hard token factory serial numbers: the digits after the "GALT" mark printed on the token.
//!
//! EESZT support asks for "the token's factory number (the digits after the GALT mark)" (FAQ, seed 001).
//! Its length is not published; this module accepts 6 to 12 digits, enough for the 8-10 digit serials
//! such tokens carry while still catching a truncated or doubled number.

use super::error::IdError;
use super::kind::IdKind;
use super::shape::{Chars, compact};

/// The printed mark the serial follows.
pub const GALT_MARK: &str = "GALT";

/// A token's factory serial: the digits only. `Display` gives the digits; [`TokenSerial::with_mark`]
/// the printed form.
///
/// ```
/// use eeszt_auth::id::TokenSerial;
///
/// let s = TokenSerial::parse("galt 12345678").unwrap();
/// assert_eq!(s.to_string(), "12345678");
/// assert_eq!(s.with_mark(), "GALT12345678");
/// assert_eq!(TokenSerial::parse("12345678"), Ok(s));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenSerial(String);

impl TokenSerial {
    /// The accepted number of digits.
    pub const DIGITS: std::ops::RangeInclusive<usize> = 6..=12;

    /// Parses typed input: outer whitespace trimmed; an optional `GALT` mark (any case), followed by
    /// an optional space, hyphen or colon, is removed; spaces between digits are ignored.
    pub fn parse(text: &str) -> Result<TokenSerial, IdError> {
        let text = text.trim();
        let rest = match text.get(..GALT_MARK.len()) {
            Some(head) if head.eq_ignore_ascii_case(GALT_MARK) => {
                let rest = text.get(GALT_MARK.len()..).unwrap_or_default();
                let rest = rest.trim_start_matches([' ', '-', ':']);
                if rest.is_empty() {
                    return Err(IdError::WrongLength {
                        kind: IdKind::TokenSerial,
                        found: 0,
                    });
                }
                rest
            }
            _ => text,
        };
        compact(
            rest,
            IdKind::TokenSerial,
            Chars::Digits,
            &[' '],
            Self::DIGITS,
        )
        .map(TokenSerial)
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The serial as printed on the token, `GALT` followed by the digits.
    pub fn with_mark(&self) -> String {
        format!("{GALT_MARK}{}", self.0)
    }
}

id_string_traits!(TokenSerial);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_and_without_mark() {
        for text in [
            "GALT12345678",
            "galt 12345678",
            "GALT-12345678",
            " 12345678 ",
            "1234 5678",
        ] {
            assert_eq!(
                TokenSerial::parse(text).unwrap().as_str(),
                "12345678",
                "{text}"
            );
        }
    }

    #[test]
    fn errors() {
        assert_eq!(TokenSerial::parse(" "), Err(IdError::Empty));
        let wrong = |found| {
            Err(IdError::WrongLength {
                kind: IdKind::TokenSerial,
                found,
            })
        };
        assert_eq!(TokenSerial::parse("GALT"), wrong(0));
        assert_eq!(TokenSerial::parse("12345"), wrong(5));
        assert_eq!(TokenSerial::parse("1234567890123"), wrong(13));
        assert_eq!(
            TokenSerial::parse("GALX12345678"),
            Err(IdError::InvalidCharacter {
                kind: IdKind::TokenSerial,
                ch: 'G'
            })
        );
        assert_eq!(
            TokenSerial::parse("GÁLT12345678"),
            Err(IdError::InvalidCharacter {
                kind: IdKind::TokenSerial,
                ch: 'G'
            })
        );
    }
}
