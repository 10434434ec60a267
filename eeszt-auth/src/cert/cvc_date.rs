//! CV certificate dates: six bytes `Y Y M M D D`, one decimal digit (0-9) per byte, years 2000-2099
//! (TR-03110 Part 3, D.2.1.3).

use std::fmt;

use crate::calendar::days_in_month;
use crate::cert::CertError;

/// A calendar date in a CV certificate (2000-01-01 to 2099-12-31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CvDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CvDate {
    /// The earliest date a CV certificate can hold.
    pub const MIN: CvDate = CvDate {
        year: 2000,
        month: 1,
        day: 1,
    };

    /// A date; `None` unless it is a real day between 2000-01-01 and 2099-12-31.
    pub fn new(year: u16, month: u8, day: u8) -> Option<CvDate> {
        if !(2000..=2099).contains(&year)
            || day == 0
            || i64::from(day) > days_in_month(i64::from(year), i64::from(month))
        {
            return None;
        }
        Some(CvDate { year, month, day })
    }

    /// The year (2000-2099).
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month (1-12).
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month (1-31).
    pub fn day(self) -> u8 {
        self.day
    }

    /// Decodes the six unpacked digits.
    pub fn from_bytes(bytes: &[u8], field: &'static str) -> Result<CvDate, CertError> {
        let bad = |reason: &str| CertError::CvcBadField {
            field,
            reason: reason.to_owned(),
        };
        let digits: [u8; 6] = bytes
            .try_into()
            .map_err(|_| bad("a date must be 6 bytes"))?;
        if digits.iter().any(|&d| d > 9) {
            return Err(bad("each date byte must be a digit 0-9"));
        }
        let [y1, y2, m1, m2, d1, d2] = digits;
        CvDate::new(2000 + u16::from(y1 * 10 + y2), m1 * 10 + m2, d1 * 10 + d2)
            .ok_or_else(|| bad("not a calendar date"))
    }

    /// The six unpacked digits.
    pub fn to_bytes(self) -> [u8; 6] {
        let yy = (self.year - 2000) as u8;
        [
            yy / 10,
            yy % 10,
            self.month / 10,
            self.month % 10,
            self.day / 10,
            self.day % 10,
        ]
    }

    /// The UTC date of a Unix time (seconds since 1970-01-01); `None` outside 2000-2099.
    pub fn from_unix_time(unix_time: u64) -> Option<CvDate> {
        // Civil-from-days (Howard Hinnant's algorithm) on days since 1970-01-01.
        let days = i64::try_from(unix_time / 86_400).ok()?;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        CvDate::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Parses `YYYY-MM-DD` or `YYMMDD`.
    pub fn parse(text: &str) -> Option<CvDate> {
        let t = text.trim();
        let num = |s: &str| -> Option<u16> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        match t.len() {
            10 if t.as_bytes().get(4) == Some(&b'-') && t.as_bytes().get(7) == Some(&b'-') => {
                CvDate::new(
                    num(t.get(0..4)?)?,
                    u8::try_from(num(t.get(5..7)?)?).ok()?,
                    u8::try_from(num(t.get(8..10)?)?).ok()?,
                )
            }
            6 => CvDate::new(
                2000 + num(t.get(0..2)?)?,
                u8::try_from(num(t.get(2..4)?)?).ok()?,
                u8::try_from(num(t.get(4..6)?)?).ok()?,
            ),
            _ => None,
        }
    }
}

impl fmt::Display for CvDate {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_unpacked_digits() {
        let d = CvDate::from_bytes(&[2, 4, 0, 4, 0, 1], "x").unwrap();
        assert_eq!(d.to_string(), "2024-04-01");
        assert_eq!(d.to_bytes(), [2, 4, 0, 4, 0, 1]);
        assert!(CvDate::from_bytes(&[0x02, 0x40, 0, 4, 0, 1], "x").is_err());
        assert!(CvDate::from_bytes(&[0, 2, 0, 2, 3, 0], "x").is_err());
        assert!(CvDate::from_bytes(&[0, 2, 0, 4, 0], "x").is_err());
        assert!(CvDate::new(2024, 2, 29).is_some());
        assert!(CvDate::new(2023, 2, 29).is_none());
    }

    #[test]
    fn unix_time_and_text() {
        assert_eq!(
            CvDate::from_unix_time(1_700_000_000).unwrap().to_string(),
            "2023-11-14"
        );
        assert_eq!(
            CvDate::from_unix_time(951_782_400).unwrap().to_string(),
            "2000-02-29"
        );
        assert_eq!(CvDate::from_unix_time(0), None);
        assert_eq!(CvDate::parse("2030-12-31"), CvDate::new(2030, 12, 31));
        assert_eq!(CvDate::parse("301231"), CvDate::new(2030, 12, 31));
        assert_eq!(CvDate::parse("2030-13-01"), None);
        assert_eq!(CvDate::parse("+30-12-31"), None);
    }
}
