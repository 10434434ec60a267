//! Property tests for the identifier parsers: generated valid values round-trip through their
//! normalised form, every single-digit change of a valid TAJ or tax ID is rejected, and no input panics.

#[cfg(feature = "fuzz")]
use eeszt_auth::fuzz;
use eeszt_auth::id::{CivilDate, EesztUserId, IdError, Profession, Taj, TaxId};
use proptest::prelude::*;

fn today() -> CivilDate {
    CivilDate::new(2026, 11, 22).unwrap()
}

/// A valid tax ID: a birth date up to `today()` and a serial whose check sum is not 10.
fn valid_tax_id() -> impl Strategy<Value = TaxId> {
    let max_day = today().days_since_1867();
    (0..=max_day, 0u16..=999).prop_filter_map("remainder 10 is never issued", |(day, serial)| {
        let born = CivilDate::from_days_since_1867(day)?;
        TaxId::from_parts(born, serial, today()).ok()
    })
}

fn with_digit_changed(digits: &str, pos: usize, delta: u32) -> String {
    digits
        .chars()
        .enumerate()
        .map(|(i, c)| match (i == pos, c.to_digit(10)) {
            (true, Some(d)) => char::from_digit((d + delta) % 10, 10).unwrap(),
            _ => c,
        })
        .collect()
}

proptest! {
    #[test]
    fn taj_round_trips(serial in 0u32..=99_999_999) {
        let taj = Taj::from_serial(serial).unwrap();
        let digits = taj.digits();
        prop_assert_eq!(&digits[..8], format!("{serial:08}"));
        prop_assert_eq!(Taj::parse(&taj.to_string()), Ok(taj.clone()));
        prop_assert_eq!(Taj::parse(&digits), Ok(taj.clone()));
        let hyphens = format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]);
        prop_assert_eq!(Taj::parse(&hyphens), Ok(taj));
    }

    #[test]
    fn taj_single_digit_change_is_rejected(serial in 0u32..=99_999_999, pos in 0usize..9, delta in 1u32..10) {
        let digits = Taj::from_serial(serial).unwrap().digits();
        let changed = with_digit_changed(&digits, pos, delta);
        prop_assert_ne!(&changed, &digits);
        prop_assert!(Taj::parse(&changed).is_err(), "{} accepted", changed);
    }

    #[test]
    fn tax_id_round_trips(id in valid_tax_id()) {
        prop_assert_eq!(TaxId::parse_at(id.as_str(), today()), Ok(id.clone()));
        prop_assert_eq!(TaxId::parse_at(&id.to_string(), today()), Ok(id.clone()));
        prop_assert!(id.birth_date() <= today());
        prop_assert_eq!(
            id.as_str()[1..6].parse::<u32>().unwrap(),
            id.birth_date().days_since_1867()
        );
    }

    #[test]
    fn tax_id_single_digit_change_is_rejected(id in valid_tax_id(), pos in 0usize..10, delta in 1u32..10) {
        let changed = with_digit_changed(id.as_str(), pos, delta);
        prop_assert_ne!(changed.as_str(), id.as_str());
        prop_assert!(TaxId::parse_at(&changed, today()).is_err(), "{} accepted", changed);
    }

    #[test]
    fn user_id_round_trips(p in 0usize..5, len in 5usize..=6, number in "[0-9]{6}", lower in any::<bool>()) {
        let profession = Profession::ALL[p];
        let number = &number[..len];
        let letter = profession.letter();
        let typed = if lower { format!(" {}{number} ", letter.to_ascii_lowercase()) } else { format!("{letter}{number}") };
        match EesztUserId::parse(&typed) {
            Ok(id) => {
                prop_assert!(profession.digits().contains(&len));
                prop_assert_eq!(id.profession(), profession);
                prop_assert_eq!(id.number(), number);
                prop_assert_eq!(EesztUserId::parse(&id.to_string()), Ok(id));
            }
            Err(IdError::UserTooFewDigits { profession: p2, .. } | IdError::UserTooManyDigits { profession: p2, .. }) => {
                prop_assert!(!profession.digits().contains(&len));
                prop_assert_eq!(p2, profession);
            }
            Err(other) => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn civil_date_day_count_round_trips(days in 0u32..=3_000_000) {
        if let Some(date) = CivilDate::from_days_since_1867(days) {
            prop_assert_eq!(date.days_since_1867(), days);
            prop_assert_eq!(CivilDate::new(date.year(), date.month(), date.day()), Ok(date));
        } else {
            prop_assert!(days > 2_900_000);
        }
    }

    // The fuzz targets' checks (feature `fuzz`: `make test-rust` runs this file with it).
    #[cfg(feature = "fuzz")]
    #[test]
    fn no_input_panics(data in proptest::collection::vec(any::<u8>(), 0..40), text in "\\PC{0,24}") {
        for input in [data.as_slice(), text.as_bytes()] {
            fuzz::id_user(input);
            fuzz::id_taj(input);
            fuzz::id_tax(input);
            fuzz::id_provider(input);
            fuzz::id_unit(input);
            fuzz::id_financing(input);
            fuzz::id_institution_code(input);
            fuzz::id_licence(input);
            fuzz::id_token(input);
            fuzz::id_institutions(input);
        }
    }

    #[cfg(feature = "fuzz")]
    #[test]
    fn near_valid_inputs_do_not_panic(text in "[OoSsGgCcXx0-9 ./\\-]{0,12}") {
        fuzz::id_user(text.as_bytes());
        fuzz::id_licence(text.as_bytes());
        fuzz::id_taj(text.as_bytes());
    }
}
