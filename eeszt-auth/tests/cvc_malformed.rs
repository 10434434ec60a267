//! Malformed CV certificates (truncated, wrong tags, huge lengths, bad values) give clear errors,
//! and the committed chain (made with cvc-create, see data/cvc/README.md) parses and verifies.

use eeszt_auth::Lang;
use eeszt_auth::cert::{CertError, CvCertificate, CvDate, ImportOutcome, Role, verify_chain};

const CVCA: &[u8] = include_bytes!("data/cvc/cvca.cvcert");
const DV: &[u8] = include_bytes!("data/cvc/dv.cvcert");
const CHAIN: &[u8] = include_bytes!("data/cvc/chain.cvcerts");

#[test]
fn committed_chain_parses_and_verifies() {
    let chain = CvCertificate::parse_many(CHAIN).unwrap();
    let chrs: Vec<String> = chain.iter().map(|c| c.chr().to_string()).collect();
    assert_eq!(
        chrs,
        [
            "HUCVCA00001",
            "HUCVCA00002",
            "HUEESZTDV00001",
            "HUEESZTT00001"
        ]
    );
    assert!(chain[1].is_link());
    let outcomes = verify_chain(&chain, CvDate::new(2026, 9, 1).unwrap()).unwrap();
    assert!(matches!(
        outcomes[0],
        ImportOutcome::TrustPointUpdated { .. }
    ));
    assert!(matches!(
        outcomes[1],
        ImportOutcome::DvAccepted {
            role: Role::DvDomestic,
            ..
        }
    ));
    assert!(matches!(
        outcomes[2],
        ImportOutcome::TerminalAccepted { .. }
    ));
    // Out of order: the DV before the link names an unknown key.
    let swapped = [chain[0].clone(), chain[2].clone(), chain[1].clone()];
    assert!(matches!(
        verify_chain(&swapped, CvDate::MIN),
        Err(CertError::CvcUnknownTrustPoint { .. })
    ));
    assert!(matches!(
        verify_chain(&[], CvDate::MIN),
        Err(CertError::CvcEmptyChain)
    ));
    // Starting with a non-CVCA is refused.
    assert!(matches!(
        verify_chain(&chain[2..], CvDate::MIN),
        Err(CertError::CvcRoleNotAllowed { .. })
    ));
}

#[test]
fn every_truncation_is_an_error() {
    for len in 0..CVCA.len() {
        let err = CvCertificate::parse(&CVCA[..len]).unwrap_err();
        assert!(
            matches!(
                err,
                CertError::CvcTruncated { .. } | CertError::CvcBadLength { .. }
            ),
            "length {len}: {err:?}"
        );
    }
    let err = CvCertificate::parse(&CVCA[..100]).unwrap_err();
    assert_eq!(
        err.message(Lang::En),
        "The CV certificate is truncated: its end is missing. Download or copy the whole file again. (CV certificate (7F21))"
    );
    assert!(err.message(Lang::Hu).starts_with("A CV-tanúsítvány csonka"));
}

#[test]
fn wrong_tags_name_the_field() {
    let mut x509 = CVCA.to_vec();
    x509[0] = 0x30;
    let err = CvCertificate::parse(&x509).unwrap_err();
    assert!(
        matches!(
            err,
            CertError::CvcWrongTag {
                expected: 0x7F21,
                found: 0x30,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.message(Lang::En).contains("expected 7F21, found 30"),
        "{}",
        err.message(Lang::En)
    );
    // The CAR tag (42) changed to 43.
    let mut car = CVCA.to_vec();
    let pos = car.windows(2).position(|w| w == [0x42, 0x0B]).unwrap();
    car[pos] = 0x43;
    let err = CvCertificate::parse(&car).unwrap_err();
    assert!(
        matches!(
            err,
            CertError::CvcWrongTag {
                field: "CAR (42)",
                expected: 0x42,
                found: 0x43
            }
        ),
        "{err:?}"
    );
    assert!(!CvCertificate::sniff(&x509));
    assert!(CvCertificate::sniff(CVCA));
}

#[test]
fn huge_and_bad_lengths() {
    for data in [
        &[0x7F, 0x21, 0x84, 0xFF, 0xFF, 0xFF, 0xFF][..],
        &[0x7F, 0x21, 0x83, 0x01, 0x00, 0x00],
        &[0x7F, 0x21, 0x80],
        &[0x7F, 0x21, 0x81, 0x05, 1, 2, 3, 4, 5],
    ] {
        let err = CvCertificate::parse(data).unwrap_err();
        assert!(
            matches!(err, CertError::CvcBadLength { .. }),
            "{data:02X?}: {err:?}"
        );
    }
    let err = CvCertificate::parse(&[0x7F, 0x21, 0x82, 0xFF, 0xFF, 0x7F, 0x4E]).unwrap_err();
    assert!(matches!(err, CertError::CvcTruncated { .. }), "{err:?}");
}

#[test]
fn bad_values_and_trailing_data() {
    let mut extra = DV.to_vec();
    extra.push(0x00);
    assert!(matches!(
        CvCertificate::parse(&extra),
        Err(CertError::CvcTrailingData { .. })
    ));
    // An effective-date byte that is not a digit.
    let mut date = DV.to_vec();
    let pos = date
        .windows(3)
        .position(|w| w == [0x5F, 0x25, 0x06])
        .unwrap();
    date[pos + 3] = 0x0A;
    let err = CvCertificate::parse(&date).unwrap_err();
    assert!(
        matches!(
            err,
            CertError::CvcBadField {
                field: "effective date (5F25)",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.message(Lang::En)
            .contains("each date byte must be a digit")
    );
    // An unknown public-key algorithm is kept for inspection but cannot verify.
    let mut alg = CVCA.to_vec();
    let pos = alg
        .windows(3)
        .position(|w| w == [0x02, 0x02, 0x03])
        .unwrap();
    alg[pos + 2] = 0x09;
    let cert = CvCertificate::parse(&alg).unwrap();
    assert_eq!(
        cert.public_key().oid().to_string(),
        "0.4.0.127.0.7.2.2.2.2.9"
    );
    assert!(cert.public_key().algorithm().is_none());
    let err = verify_chain(&[cert], CvDate::MIN).unwrap_err();
    assert!(
        matches!(err, CertError::CvcUnknownAlgorithm { ref oid } if oid == "0.4.0.127.0.7.2.2.2.2.9")
    );
}
