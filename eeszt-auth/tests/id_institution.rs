//! Institution lists loaded from JSON (needs the `serde` feature, on in the workspace build).
#![cfg(feature = "serde")]

use eeszt_auth::Lang;
use eeszt_auth::id::{IdError, IdKind, InstitutionChoice, InstitutionList, ProviderId, UnitCode};

fn sample() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/id_institutions.json"
    );
    std::fs::read_to_string(path).expect("sample institution list")
}

#[test]
fn loads_the_sample_and_offers_no_institution_last() {
    let list = InstitutionList::from_json(&sample()).unwrap();
    assert_eq!(list.institutions().len(), 3);
    let choices = list.choices();
    assert_eq!(choices.len(), 4);
    assert_eq!(choices.last(), Some(&InstitutionChoice::NoInstitution));
    assert_eq!(choices[3].label(Lang::Hu), "Intézmény nélkül");
    let third = list.choose(2).unwrap();
    let inst = third.institution().unwrap();
    assert_eq!(inst.provider(), &ProviderId::parse("012345").unwrap());
    // Lowercase in the file, normalised on load.
    assert_eq!(inst.unit().map(UnitCode::as_str), Some("02006A425"));
    assert_eq!(list.institutions()[0].unit(), None);
}

#[test]
fn entries_deserialize_with_validation() {
    use eeszt_auth::id::Institution;
    let ok: Institution =
        serde_json::from_str(r#"{"provider": "032175", "site": "a", "unit": null, "name": "b"}"#)
            .unwrap();
    assert_eq!(ok.provider().as_str(), "032175");
    assert!(
        serde_json::from_str::<Institution>(r#"{"provider": "032175", "site": "a", "name": ""}"#)
            .is_err()
    );
}

#[test]
fn array_form_and_round_trip() {
    let list = InstitutionList::from_json(&sample()).unwrap();
    let json = serde_json::to_string(&list.institutions()).unwrap();
    let again = InstitutionList::from_json(&json).unwrap();
    assert_eq!(again, list);
    let object = serde_json::to_string(&list).unwrap();
    assert_eq!(InstitutionList::from_json(&object).unwrap(), list);
}

#[test]
fn invalid_lists_are_rejected_with_a_reason() {
    let err = |text: &str| InstitutionList::from_json(text).unwrap_err();
    assert!(matches!(err("{"), IdError::InstitutionJson { .. }));
    assert_eq!(
        err(r#"[{"provider": "03217", "site": "a", "name": "b"}]"#),
        IdError::WrongLength {
            kind: IdKind::ProviderId,
            found: 5
        }
    );
    assert_eq!(
        err(r#"[{"provider": "032175", "site": "a", "unit": "1", "name": "b"}]"#),
        IdError::WrongLength {
            kind: IdKind::UnitCode,
            found: 1
        }
    );
    assert_eq!(
        err(r#"[{"provider": "032175", "site": "a", "name": " "}]"#),
        IdError::InstitutionFieldEmpty { field: "name" }
    );
    assert!(matches!(
        err(r#"[{"provider": "032175", "site": "a", "name": "b", "extra": 1}]"#),
        IdError::InstitutionJson { .. }
    ));
    assert!(matches!(
        err(r#"[{"provider": 32175, "site": "a", "name": "b"}]"#),
        IdError::InstitutionJson { .. }
    ));
    assert!(matches!(
        err(r#"{"list": []}"#),
        IdError::InstitutionJson { .. }
    ));
    let dup = r#"[{"provider": "032175", "site": "a", "name": "b"},
                 {"provider": "032175", "site": "a", "name": "c"}]"#;
    assert!(matches!(err(dup), IdError::InstitutionDuplicate { .. }));
    assert_eq!(
        InstitutionList::from_json("[]").unwrap().choices(),
        vec![InstitutionChoice::NoInstitution]
    );
}

#[test]
fn identifiers_serialize_as_normalised_strings() {
    use eeszt_auth::id::{EesztUserId, Profession, Taj};
    let id: EesztUserId = serde_json::from_str("\" o95745\"").unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), "\"O95745\"");
    assert!(serde_json::from_str::<EesztUserId>("\"O 95745\"").is_err());
    let taj: Taj = serde_json::from_str("\"123456788\"").unwrap();
    assert_eq!(serde_json::to_string(&taj).unwrap(), "\"123 456 788\"");
    assert!(serde_json::from_str::<Taj>("\"123456789\"").is_err());
    let p: Profession = serde_json::from_str("\"pharmacist\"").unwrap();
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"pharmacist\"");
}

#[test]
fn every_identifier_round_trips_through_serde() {
    use eeszt_auth::id::{FinancingCode, InstitutionCode, LicenceId, TaxId, TokenSerial};
    fn round<T>(typed: &str, normalised: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let value: T = serde_json::from_value(serde_json::json!(typed)).unwrap();
        assert_eq!(serde_json::to_value(&value).unwrap(), normalised);
        let again: T = serde_json::from_value(serde_json::json!(normalised)).unwrap();
        assert_eq!(again, value);
        assert!(serde_json::from_value::<T>(serde_json::json!("")).is_err());
    }
    round::<TaxId>("83656 70003", "8365670003");
    round::<ProviderId>("032175", "032175");
    round::<UnitCode>("02006a425", "02006A425");
    round::<LicenceId>("001055630/a1/1300", "001055630/A1/1300");
    round::<FinancingCode>("123456789", "123456789");
    round::<InstitutionCode>("0a1b", "0A1B");
    round::<TokenSerial>("GALT12345678", "12345678");
}
