//! Fuzz entry points, one per identifier parser (`fuzz/fuzz_targets/id_*.rs`), also replayed over
//! the corpus by `eeszt-auth/tests/fuzz_corpus.rs`.
//!
//! Each one parses the input as UTF-8 text; a valid value must parse again from its normalised form
//! to the same value, and every error must render its message in both languages.

use std::fmt::{Debug, Display};

use crate::error::Lang;

use crate::id::{
    CivilDate, EesztUserId, FinancingCode, IdError, InstitutionCode, LicenceId, Profession,
    ProviderId, Taj, TaxId, TokenSerial, UnitCode,
};

fn check<T: Display + PartialEq + Debug>(data: &[u8], parse: impl Fn(&str) -> Result<T, IdError>) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Ok(value) => {
            let again = parse(&value.to_string());
            assert_eq!(
                again.as_ref(),
                Ok(&value),
                "normalised form must parse back"
            );
        }
        Err(err) => {
            assert!(!err.message(Lang::Hu).is_empty());
            assert!(!err.message(Lang::En).is_empty());
        }
    }
}

/// [`EesztUserId::parse`] (and [`Profession::parse`]).
pub fn id_user(data: &[u8]) {
    check(data, EesztUserId::parse);
    check(data, Profession::parse);
}

/// [`Taj::parse`].
pub fn id_taj(data: &[u8]) {
    check(data, Taj::parse);
}

/// [`TaxId::parse_at`] with a fixed "today" (2026-01-01), so runs are reproducible.
pub fn id_tax(data: &[u8]) {
    let today = CivilDate::new(2026, 1, 1).unwrap_or(CivilDate::TAX_EPOCH);
    check(data, |text| TaxId::parse_at(text, today));
}

/// [`ProviderId::parse`].
pub fn id_provider(data: &[u8]) {
    check(data, ProviderId::parse);
}

/// [`UnitCode::parse`].
pub fn id_unit(data: &[u8]) {
    check(data, UnitCode::parse);
}

/// [`FinancingCode::parse`].
pub fn id_financing(data: &[u8]) {
    check(data, FinancingCode::parse);
}

/// [`InstitutionCode::parse`].
pub fn id_institution_code(data: &[u8]) {
    check(data, InstitutionCode::parse);
}

/// [`LicenceId::parse`].
pub fn id_licence(data: &[u8]) {
    check(data, LicenceId::parse);
}

/// [`TokenSerial::parse`].
pub fn id_token(data: &[u8]) {
    check(data, TokenSerial::parse);
}

/// [`crate::id::InstitutionList::from_json`].
pub fn id_institutions(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::id::InstitutionList::from_json(text) {
        Ok(list) => {
            let choices = list.choices();
            assert_eq!(choices.len(), list.institutions().len() + 1);
            for (i, choice) in choices.iter().enumerate() {
                assert_eq!(list.choose(i).as_ref(), Ok(choice));
                assert!(!choice.label(Lang::Hu).is_empty());
            }
        }
        Err(err) => assert!(!err.message(Lang::Hu).is_empty()),
    }
}
