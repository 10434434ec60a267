//! Malformed inputs give clear errors (never a panic): truncation, wrong tags, huge lengths,
//! damaged PEM and PKCS#12, and arbitrary bytes (proptest).

use eeszt_auth::cert::{Bundle, CertError, Format, detect};
use proptest::prelude::*;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/cert/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn empty_and_unknown() {
    assert_eq!(Bundle::load(b"", None).unwrap_err(), CertError::Empty);
    assert_eq!(
        Bundle::load(b"hello, this is not a certificate", None).unwrap_err(),
        CertError::UnknownFormat
    );
    assert_eq!(detect(&[0x7F, 0x21, 0x00]).unwrap(), Format::Cvc);
    assert_eq!(
        Bundle::load(&[0x7F, 0x21, 0x00], None).unwrap_err(),
        CertError::IsCvCertificate
    );
}

#[test]
fn truncated_der_at_every_length() {
    let der = data("demo_client.der");
    for len in 1..der.len() {
        let err = Bundle::load(&der[..len], None).unwrap_err();
        assert!(
            matches!(err, CertError::Truncated { .. }),
            "length {len}: {err:?}"
        );
    }
    let mut longer = der.clone();
    longer.push(0);
    assert_eq!(
        Bundle::load(&longer, None).unwrap_err(),
        CertError::TrailingData { extra: 1 }
    );
}

#[test]
fn wrong_tags_and_huge_lengths() {
    let mut der = data("demo_client.der");
    der[4] = 0x31; // TBSCertificate SEQUENCE -> SET
    assert!(matches!(
        Bundle::load(&der, None).unwrap_err(),
        CertError::WrongTag { found: 0x31, .. }
    ));
    assert_eq!(
        Bundle::load(
            &[0x30, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            None
        )
        .unwrap_err(),
        CertError::LengthTooLarge
    );
    assert_eq!(
        Bundle::load(&[0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x30], None).unwrap_err(),
        CertError::LengthTooLarge
    );
    // A length inside the certificate that runs past its end: x509-parser's error, as Malformed.
    let mut inner = data("demo_client.der");
    let subject_len_pos = 4 + 4 + 5; // into the TBSCertificate
    inner[subject_len_pos] = 0x7F;
    assert!(Bundle::load(&inner, None).is_err());
}

#[test]
fn damaged_pem_and_pkcs12() {
    let pem = String::from_utf8(data("demo_client.pem")).unwrap();
    let cut = &pem[..pem.len() / 3];
    assert!(matches!(
        Bundle::load(cut.as_bytes(), None).unwrap_err(),
        CertError::BadPem { .. }
    ));
    let garbled = pem.replacen("MII", "M*I", 1);
    assert!(matches!(
        Bundle::load(garbled.as_bytes(), None).unwrap_err(),
        CertError::BadPem { .. }
    ));
    assert_eq!(
        Bundle::load(
            b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            None
        )
        .unwrap_err(),
        CertError::NoCertificate
    );
    let p12 = data("demo_client.p12");
    for len in [p12.len() - 1, p12.len() / 2, 10] {
        assert!(matches!(
            Bundle::load(&p12[..len], Some("Árvíztűrő")).unwrap_err(),
            CertError::Truncated { .. }
        ));
    }
    // Flip a byte in the encrypted content: the MAC fails, which reads as a wrong password.
    let mut flipped = p12.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    assert!(Bundle::load(&flipped, Some("Árvíztűrő")).is_err());
    let mut version = p12.clone();
    version[6] = 2; // PFX version 3 -> 2
    assert!(matches!(
        Bundle::load(&version, Some("Árvíztűrő")).unwrap_err(),
        CertError::Malformed { .. } | CertError::WrongTag { .. }
    ));
}

#[test]
fn every_error_has_both_messages() {
    for info in CertError::CODES {
        assert!(!info.hu.is_empty() && !info.en.is_empty());
        assert!(
            (5001..=5999).contains(&info.code),
            "{}: {}",
            info.code,
            info.name
        );
        // X.509/PKCS#12 codes are 5001-5499 and named CERT_*; CV codes 5500-5999.
        assert_eq!(
            info.code < 5500,
            info.name.starts_with("CERT_"),
            "{}",
            info.name
        );
    }
    let err = CertError::Truncated {
        needed: 10,
        available: 3,
    };
    assert!(err.message(eeszt_auth::Lang::Hu).contains("10 bájt"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // The fuzz targets' checks (feature `fuzz`: `make test-rust` runs this file with it).
    #[cfg(feature = "fuzz")]
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        eeszt_auth::fuzz::cert_load(&bytes);
        eeszt_auth::fuzz::cert_pem(&bytes);
        eeszt_auth::fuzz::cert_qc_statements(&bytes);
    }

    #[test]
    fn mutated_certificates_never_panic(pos in 0usize..1285, value in any::<u8>()) {
        let mut der = data("demo_client.der");
        let pos = pos % der.len();
        der[pos] = value;
        let _ = Bundle::load(&der, None);
        let mut p12 = data("demo_client_legacy.p12");
        let pos = pos % p12.len();
        p12[pos] = value;
        let _ = Bundle::load(&p12, Some("x"));
    }
}
