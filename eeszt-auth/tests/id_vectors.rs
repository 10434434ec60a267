//! Runs the identifier vectors in tests/data/id_vectors.txt through every parser.

use eeszt_auth::Lang;
use eeszt_auth::id::{
    CivilDate, EesztUserId, FinancingCode, IdError, InstitutionCode, LicenceId, ProviderId, Taj,
    TaxId, TokenSerial, UnitCode,
};

fn parse(kind: &str, text: &str) -> Result<String, IdError> {
    let today = CivilDate::new(2026, 11, 22).unwrap();
    match kind {
        "user" => EesztUserId::parse(text).map(|v| v.to_string()),
        "taj" => Taj::parse(text).map(|v| v.to_string()),
        "tax" => TaxId::parse_at(text, today).map(|v| v.to_string()),
        "provider" => ProviderId::parse(text).map(|v| v.to_string()),
        "unit" => UnitCode::parse(text).map(|v| v.to_string()),
        "licence" => LicenceId::parse(text).map(|v| v.to_string()),
        "financing" => FinancingCode::parse(text).map(|v| v.to_string()),
        "institution" => InstitutionCode::parse(text).map(|v| v.to_string()),
        "token" => TokenSerial::parse(text).map(|v| v.to_string()),
        other => panic!("unknown kind {other} in id_vectors.txt"),
    }
}

#[test]
fn vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/id_vectors.txt");
    let data = std::fs::read_to_string(path).unwrap();
    let mut count = 0;
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.splitn(3, " | ").collect();
        let [kind, text, expected] = fields.as_slice() else {
            panic!("bad vector line: {line}");
        };
        let got = parse(kind.trim(), text);
        match got {
            Ok(normalised) => assert_eq!(&normalised, expected, "{line}"),
            Err(err) => {
                assert_eq!(err.info().name, *expected, "{line}: {err:?}");
                // Every message is complete in both languages and never empty.
                assert!(!err.message(Lang::Hu).is_empty() && !err.message(Lang::En).is_empty());
            }
        }
        count += 1;
    }
    assert!(count >= 40, "only {count} vectors");
}

#[test]
fn hungarian_messages_use_the_portal_wording() {
    assert_eq!(
        EesztUserId::parse("   ").unwrap_err().message(Lang::Hu),
        "Ez a mező kötelező."
    );
    assert_eq!(
        EesztUserId::parse("O 95745").unwrap_err().message(Lang::Hu),
        "A felhasználónév nem tartalmazhat szóközt. Írja így: \"O95745\"."
    );
    let taj = Taj::parse("12345678").unwrap_err().message(Lang::Hu);
    assert_eq!(
        taj,
        "Az azonosító hossza nem megfelelő. TAJ-szám: 9 karakter kell, 8 karaktert írt. Minta: 123 456 788."
    );
}
