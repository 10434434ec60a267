//! The tax ID (adóazonosító jel) of a natural person, with the birth date it encodes.
//!
//! Ten digits: `8`, then five digits counting the days from 1867-01-01 (day 0) to the birth date, a
//! three-digit serial, and a check digit `(Σ i·d_i for i = 1..9) mod 11`; a remainder of 10 is never
//! issued. A birth date after "today" is invalid, so validation needs today's date: the pure
//! [`TaxId::parse_at`] takes it as an argument, and [`TaxId::parse`] (also `FromStr`, `TryFrom<&str>`
//! and serde) reads the system clock.

use super::date::CivilDate;
use super::error::IdError;
use super::kind::IdKind;
use super::shape::{Chars, compact, digit_values};

/// A valid tax ID (adóazonosító jel), for example `8365670003` (born 1967-02-13).
///
/// ```
/// use eeszt_auth::id::{CivilDate, TaxId};
///
/// let today = CivilDate::new(2026, 1, 1).unwrap();
/// let id = TaxId::parse_at("8365670003", today).unwrap();
/// assert_eq!(id.birth_date().to_string(), "1967-02-13");
/// assert!(TaxId::parse_at("8123456789", today).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaxId {
    digits: String,
    birth_date: CivilDate,
}

/// `(Σ i·d_i for i = 1..9) mod 11` over the first nine digits.
fn check_sum(first_nine: &str) -> u32 {
    digit_values(first_nine)
        .take(9)
        .zip(1..)
        .map(|(d, i)| d * i)
        .sum::<u32>()
        % 11
}

impl TaxId {
    /// Parses typed input as of `today`: outer whitespace trimmed, spaces and hyphens between digits
    /// ignored. Checks the leading 8, the check digit and that the birth date is not after `today`.
    pub fn parse_at(text: &str, today: CivilDate) -> Result<TaxId, IdError> {
        let digits = compact(text, IdKind::TaxId, Chars::Digits, &[' ', '-'], 10..=10)?;
        let first = digits.chars().next().unwrap_or('0');
        if first != '8' {
            return Err(IdError::TaxFirstDigit { found: first });
        }
        let (first_nine, check) = digits.split_at(9);
        let sum = check_sum(first_nine);
        if sum == 10 {
            return Err(IdError::TaxRemainderTen);
        }
        if check.chars().next().and_then(|c| c.to_digit(10)) != Some(sum) {
            return Err(IdError::CheckDigit {
                kind: IdKind::TaxId,
            });
        }
        let days: u32 = digits
            .get(1..6)
            .and_then(|d| d.parse().ok())
            .unwrap_or_default();
        // Five digits are at most 99999 days, which is in the year 2140: always a valid date.
        let birth_date = CivilDate::from_days_since_1867(days).ok_or(IdError::CheckDigit {
            kind: IdKind::TaxId,
        })?;
        if birth_date > today {
            return Err(IdError::TaxBirthDateInFuture { birth_date });
        }
        Ok(TaxId { digits, birth_date })
    }

    /// Parses typed input as of today's date from the system clock (see [`TaxId::parse_at`]).
    pub fn parse(text: &str) -> Result<TaxId, IdError> {
        TaxId::parse_at(text, CivilDate::today())
    }

    /// The tax ID for a birth date and a serial (0-999), completed with its check digit and validated
    /// as of `today`; [`IdError::TaxRemainderTen`] for the serials that are never issued.
    pub fn from_parts(
        birth_date: CivilDate,
        serial: u16,
        today: CivilDate,
    ) -> Result<TaxId, IdError> {
        let days = birth_date.days_since_1867();
        if days > 99_999 {
            // Five digits of days end in 2140.
            return Err(IdError::InvalidDate {
                year: birth_date.year(),
                month: birth_date.month(),
                day: birth_date.day(),
            });
        }
        if serial > 999 {
            return Err(IdError::WrongLength {
                kind: IdKind::TaxId,
                found: format!("8{days:05}{serial}").len() + 1,
            });
        }
        let first_nine = format!("8{days:05}{serial:03}");
        let sum = check_sum(&first_nine);
        if sum == 10 {
            return Err(IdError::TaxRemainderTen);
        }
        TaxId::parse_at(&format!("{first_nine}{sum}"), today)
    }

    /// The ten digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The birth date encoded in digits 2-6.
    pub fn birth_date(&self) -> CivilDate {
        self.birth_date
    }

    /// The three-digit serial (digits 7-9) that tells apart people born on the same day.
    pub fn serial(&self) -> &str {
        self.digits.get(6..9).unwrap_or_default()
    }
}

id_string_traits!(TaxId);

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CivilDate {
        CivilDate::new(2026, 11, 22).unwrap()
    }

    #[test]
    fn public_test_values() {
        for valid in ["8365670003", "8315022261", "8422780135"] {
            assert_eq!(
                TaxId::parse_at(valid, today()).map(|t| t.to_string()),
                Ok(valid.to_owned())
            );
        }
        assert_eq!(
            TaxId::parse_at("8123456789", today()),
            Err(IdError::CheckDigit {
                kind: IdKind::TaxId
            })
        );
        let id = TaxId::parse_at("8365670003", today()).unwrap();
        assert_eq!(id.birth_date(), CivilDate::new(1967, 2, 13).unwrap());
        assert_eq!(id.serial(), "000");
    }

    #[test]
    fn rules() {
        assert_eq!(TaxId::parse_at(" ", today()), Err(IdError::Empty));
        assert_eq!(
            TaxId::parse_at("7365670003", today()),
            Err(IdError::TaxFirstDigit { found: '7' })
        );
        // Some serial of this birth date gives remainder 10.
        let ten = (0..1000u32)
            .map(|s| format!("836567{s:03}"))
            .find(|nine| check_sum(nine) == 10)
            .unwrap();
        assert_eq!(
            TaxId::parse_at(&format!("{ten}0"), today()),
            Err(IdError::TaxRemainderTen)
        );
        let born = CivilDate::new(2026, 11, 23).unwrap();
        let future = (0..1000u16)
            .find_map(|s| TaxId::from_parts(born, s, born).ok())
            .unwrap();
        assert_eq!(
            TaxId::parse_at(future.as_str(), today()),
            Err(IdError::TaxBirthDateInFuture { birth_date: born })
        );
        assert!(TaxId::parse_at("83656 70003", today()).is_ok());
        assert_eq!(
            TaxId::from_parts(CivilDate::new(1967, 2, 13).unwrap(), 0, today())
                .unwrap()
                .as_str(),
            "8365670003"
        );
    }
}
