//! Property tests: encoder/decoder round trips (base32, otpauth URIs), and no panic on arbitrary
//! input for the parsers.

use eeszt_auth::otp::{Algorithm, OtpUri, Secret, UriKind, base32, fuzz};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    // Any text, including spaces, %, &, =, ?, #, / and non-ASCII; colons are handled separately.
    "[a-zA-Z0-9 áéőűÁ%&=?#/+@._~-]{1,20}".prop_filter("not blank", |s| !s.trim().is_empty())
}

proptest! {
    #[test]
    fn base32_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let text = base32::encode(&bytes);
        prop_assert_eq!(base32::decode(&text).unwrap().to_vec(), bytes.clone());
        let grouped = base32::encode_grouped(&bytes);
        prop_assert_eq!(base32::decode(&grouped).unwrap().to_vec(), bytes.clone());
        let lower = text.to_lowercase();
        prop_assert_eq!(base32::decode(&lower).unwrap().to_vec(), bytes.clone());
    }

    #[test]
    fn uri_round_trip(
        secret in proptest::collection::vec(any::<u8>(), 16..70),
        issuer in proptest::option::of(name()),
        account in name(),
        alg in 0u32..3,
        digits in 6u32..=10,
        totp in any::<bool>(),
        number in 1u64..u64::MAX,
    ) {
        let uri = OtpUri {
            kind: if totp { UriKind::Totp { period: number } } else { UriKind::Hotp { counter: number } },
            issuer: issuer.map(|s| s.trim().to_owned()),
            account: account.trim().to_owned(),
            secret: Secret::from_bytes(&secret).unwrap(),
            algorithm: Algorithm::from_u32(alg).unwrap(),
            digits,
        };
        let text = uri.to_uri().unwrap();
        prop_assert!(text.is_ascii());
        prop_assert_eq!(OtpUri::parse(&text).unwrap(), uri);
    }

    #[test]
    fn account_colons_survive_with_an_issuer(account in "[a-z]{1,5}:[a-z:]{1,8}") {
        let uri = OtpUri::new_totp(Secret::from_bytes(&[7; 20]).unwrap(), Some("ACME"), &account);
        prop_assert_eq!(OtpUri::parse(&uri.to_uri().unwrap()).unwrap().account, account);
    }

    #[test]
    fn parsers_never_panic(text in ".{0,200}") {
        fuzz::otp_uri(text.as_bytes());
        fuzz::otp_base32(text.as_bytes());
        let uri = format!("otpauth://totp/{text}");
        fuzz::otp_uri(uri.as_bytes());
    }

    #[test]
    fn uri_like_inputs_never_panic(
        kind in "(totp|hotp|TOTP|x)",
        label in "[A-Za-z%:3a ]{0,12}",
        params in proptest::collection::vec(("(secret|issuer|digits|period|counter|algorithm|x)", "[A-Z2-7%=0-9a-z]{0,40}"), 0..6),
    ) {
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let text = format!("otpauth://{kind}/{label}?{}", query.join("&"));
        fuzz::otp_uri(text.as_bytes());
    }
}
