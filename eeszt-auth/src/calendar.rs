//! The civil calendar, once for the whole crate: proleptic Gregorian dates from day counts and back
//! (H. Hinnant's algorithms), days in a month, RFC 3339 UTC strings, and Hungarian local time
//! (CET/CEST, the EU summer-time rule) for messages such as the end of a lock.
//!
//! Self-written on purpose: these few lines of integer arithmetic do not justify a date crate, and
//! the core reads no clock and no time-zone database.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days from 0000-03-01 (proleptic Gregorian) to 1970-01-01.
const UNIX_EPOCH_SHIFT: i64 = 719_468;

/// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - UNIX_EPOCH_SHIFT
}

/// The proleptic Gregorian date (year, month 1-12, day 1-31) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + UNIX_EPOCH_SHIFT;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days in `month` (1-12) of the proleptic Gregorian `year`; 0 for a month out of range.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// `2026-11-22T02:30:00Z`.
pub fn rfc3339(unix: i64) -> String {
    let (y, mo, d) = civil_from_days(unix.div_euclid(DAY));
    let secs = unix.rem_euclid(DAY);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The unix time of 01:00 UTC on the last Sunday of `month` in `year` (the EU summer-time switch).
fn last_sunday_0100_utc(year: i64, month: i64) -> i64 {
    let last = days_from_civil(year, month, days_in_month(year, month));
    // 1970-01-01 was a Thursday: weekday 0 = Sunday is (days + 4) mod 7.
    let sunday = last - (last + 4).rem_euclid(7);
    sunday * DAY + 3600
}

/// Hungarian local time (Europe/Budapest: CET, CEST from the last Sunday of March to the last
/// Sunday of October, both at 01:00 UTC) as `2026-12-03 10:15:00`, with the zone's name.
pub fn budapest_local(unix: i64) -> (String, &'static str) {
    let (year, _, _) = civil_from_days(unix.div_euclid(DAY));
    let summer = unix >= last_sunday_0100_utc(year, 3) && unix < last_sunday_0100_utc(year, 10);
    let (offset, zone) = if summer {
        (7200, "CEST")
    } else {
        (3600, "CET")
    };
    let local = unix + offset;
    let (y, mo, d) = civil_from_days(local.div_euclid(DAY));
    let secs = local.rem_euclid(DAY);
    (
        format!(
            "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ),
        zone,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn budapest_time_follows_the_eu_rule() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            budapest_local(1_774_745_999),
            ("2026-03-29 01:59:59".into(), "CET")
        );
        assert_eq!(
            budapest_local(1_774_746_000),
            ("2026-03-29 03:00:00".into(), "CEST")
        );
        assert_eq!(
            budapest_local(1_792_889_999),
            ("2026-10-25 02:59:59".into(), "CEST")
        );
        assert_eq!(
            budapest_local(1_792_890_000),
            ("2026-10-25 02:00:00".into(), "CET")
        );
        assert_eq!(
            budapest_local(1_796_297_700),
            ("2026-12-03 12:35:00".into(), "CET")
        );
    }

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(2_524_607_999), "2049-12-31T23:59:59Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..3_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
