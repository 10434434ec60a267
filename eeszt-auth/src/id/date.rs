//! A calendar date (proleptic Gregorian) with the day count the tax ID uses (days since 1867-01-01).
//!
//! Self-written on purpose: the tax ID needs only "days since 1867-01-01 <-> year/month/day" and
//! "today" from a Unix time, which is a few lines of integer arithmetic (H. Hinnant's civil-date
//! algorithms) and does not justify a date crate.

use std::fmt;

use super::error::IdError;
use crate::calendar::{civil_from_days, days_from_civil, days_in_month};

/// A calendar date from 1867-01-01 to 9999-12-31.
///
/// Ordered chronologically; `Display` and `FromStr` use ISO 8601 (`1967-02-13`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CivilDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// The first day of the tax ID's day count, 1867-01-01 (day 0).
    pub const TAX_EPOCH: CivilDate = CivilDate {
        year: 1867,
        month: 1,
        day: 1,
    };

    /// A date; [`IdError::InvalidDate`] when it does not exist or lies outside 1867-01-01 ... 9999-12-31.
    pub fn new(year: i32, month: u32, day: u32) -> Result<CivilDate, IdError> {
        let invalid = IdError::InvalidDate { year, month, day };
        if !(1867..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day < 1
            || i64::from(day) > days_in_month(i64::from(year), i64::from(month))
        {
            return Err(invalid);
        }
        // The ranges checked above make these conversions lossless.
        Ok(CivilDate {
            year: u16::try_from(year).map_err(|_| invalid.clone())?,
            month: u8::try_from(month).map_err(|_| invalid.clone())?,
            day: u8::try_from(day).map_err(|_| invalid)?,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    /// The month, 1-12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, 1-31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    fn days_since_unix_epoch(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    fn from_days_since_unix_epoch(days: i64) -> Option<CivilDate> {
        let (year, month, day) = civil_from_days(days);
        CivilDate::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
        .ok()
    }

    /// Days since 1867-01-01 (which is day 0), the count in digits 2-6 of a tax ID.
    pub fn days_since_1867(self) -> u32 {
        let days = self.days_since_unix_epoch() - Self::TAX_EPOCH.days_since_unix_epoch();
        // Dates start at 1867-01-01 and end at 9999-12-31, so the count is 0 ... ~3 million.
        u32::try_from(days).unwrap_or(0)
    }

    /// The date `days` days after 1867-01-01 (`None` past 9999-12-31).
    pub fn from_days_since_1867(days: u32) -> Option<CivilDate> {
        Self::from_days_since_unix_epoch(Self::TAX_EPOCH.days_since_unix_epoch() + i64::from(days))
    }

    /// The UTC date of a Unix time (seconds since 1970-01-01 00:00 UTC); `None` outside the range.
    pub fn from_unix_time(unix_time: u64) -> Option<CivilDate> {
        let days = i64::try_from(unix_time / 86_400).ok()?;
        Self::from_days_since_unix_epoch(days)
    }

    /// Today's UTC date from the system clock (the convenience wrapper over [`Self::from_unix_time`]).
    ///
    /// If the clock reads before 1970 it returns [`Self::TAX_EPOCH`], so that every tax ID's birth date
    /// counts as "in the future" (rejected) rather than anything being accepted.
    pub fn today() -> CivilDate {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| Self::from_unix_time(d.as_secs()))
            .unwrap_or(Self::TAX_EPOCH)
    }
}

impl std::str::FromStr for CivilDate {
    type Err = IdError;

    /// Parses an ISO 8601 date, `YYYY-MM-DD`; [`IdError::InvalidDate`] otherwise.
    fn from_str(text: &str) -> Result<CivilDate, IdError> {
        let mut parts = text.trim().splitn(3, '-').map(|p| {
            if !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse::<u32>().ok()
            } else {
                None
            }
        });
        let (year, month, day) = (
            parts.next().flatten(),
            parts.next().flatten(),
            parts.next().flatten(),
        );
        match (year.and_then(|y| i32::try_from(y).ok()), month, day) {
            (Some(year), Some(month), Some(day)) => CivilDate::new(year, month, day),
            _ => Err(IdError::InvalidDate {
                year: 0,
                month: 0,
                day: 0,
            }),
        }
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_epoch_and_known_day() {
        assert_eq!(CivilDate::TAX_EPOCH.days_since_1867(), 0);
        let d = CivilDate::new(1967, 2, 13).unwrap();
        assert_eq!(d.days_since_1867(), 36_567);
        assert_eq!(CivilDate::from_days_since_1867(36_567), Some(d));
        assert_eq!(d.to_string(), "1967-02-13");
    }

    #[test]
    fn unix_time() {
        assert_eq!(
            CivilDate::from_unix_time(0),
            Some(CivilDate::new(1970, 1, 1).unwrap())
        );
        // 2000-03-01 00:00:00 UTC
        assert_eq!(
            CivilDate::from_unix_time(951_868_800),
            Some(CivilDate::new(2000, 3, 1).unwrap())
        );
        assert_eq!(
            CivilDate::from_unix_time(951_868_799),
            Some(CivilDate::new(2000, 2, 29).unwrap())
        );
        assert_eq!(CivilDate::from_unix_time(u64::MAX), None);
    }

    #[test]
    fn from_str() {
        assert_eq!("1967-02-13".parse(), CivilDate::new(1967, 2, 13));
        assert!("1967-02-30".parse::<CivilDate>().is_err());
        assert!("1967-2".parse::<CivilDate>().is_err());
        assert!("tomorrow".parse::<CivilDate>().is_err());
        assert!("+1967-02-13".parse::<CivilDate>().is_err());
    }

    #[test]
    fn invalid_dates() {
        assert!(CivilDate::new(1900, 2, 29).is_err());
        assert!(CivilDate::new(2000, 2, 29).is_ok());
        assert!(CivilDate::new(2023, 4, 31).is_err());
        assert!(CivilDate::new(1866, 12, 31).is_err());
        assert!(CivilDate::new(2023, 13, 1).is_err());
        assert!(CivilDate::new(2023, 1, 0).is_err());
    }

    #[test]
    fn round_trip_every_day_for_three_centuries() {
        let mut prev: Option<CivilDate> = None;
        for days in 0..110_000u32 {
            let d = CivilDate::from_days_since_1867(days).unwrap();
            assert_eq!(d.days_since_1867(), days);
            if let Some(p) = prev {
                assert!(p < d);
            }
            prev = Some(d);
        }
    }
}
