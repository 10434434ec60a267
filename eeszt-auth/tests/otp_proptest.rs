//! Property tests: encoder/decoder round trips (base32, otpauth URIs), and no panic on arbitrary
//! input for the parsers.

#[cfg(feature = "fuzz")]
use eeszt_auth::fuzz;
use eeszt_auth::otp::{Algorithm, OtpError, OtpUri, Secret, UriKind, base32};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    // Any text, including spaces, %, &, =, ?, #, / and non-ASCII; colons are handled separately.
    "[a-zA-Z0-9 áéőűÁ%&=?#/+@._~-]{1,20}".prop_filter("not blank", |s| !s.trim().is_empty())
}

/// Printable Unicode (no control characters), with URI delimiters and spaces made frequent.
fn printable() -> impl Strategy<Value = String> {
    "([ :%&?#=+/@\u{a0}\u{3000}]|\\PC){0,24}"
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

    /// Every URI the library builds parses back to the same key and names (security review L5).
    /// Names are any printable Unicode with URI delimiters and spaces inside and around; what
    /// cannot be written (a colon in the issuer, an empty name, a colon in the account without
    /// an issuer) must be refused by `to_uri`, never written into a URI that does not parse back.
    #[test]
    fn every_built_uri_parses_back(
        secret in proptest::collection::vec(any::<u8>(), 16..70),
        issuer in proptest::option::of(printable()),
        account in printable(),
        alg in 0u32..3,
        digits in 6u32..=10,
        totp in any::<bool>(),
        number in 1u64..u64::MAX,
    ) {
        let uri = OtpUri {
            kind: if totp { UriKind::Totp { period: number } } else { UriKind::Hotp { counter: number } },
            issuer: issuer.clone(),
            account: account.clone(),
            secret: Secret::from_bytes(&secret).unwrap(),
            algorithm: Algorithm::from_u32(alg).unwrap(),
            digits,
        };
        let issuer = issuer.as_deref().map(str::trim);
        let account = account.trim();
        let expect_err = if account.is_empty() {
            Some(OtpError::AccountName)
        } else if issuer.is_some_and(|i| i.is_empty() || i.contains(':')) {
            Some(OtpError::IssuerColon)
        } else if issuer.is_none() && account.contains(':') {
            Some(OtpError::AccountName)
        } else {
            None
        };
        match (uri.to_uri(), expect_err) {
            (Ok(text), None) => {
                prop_assert!(text.is_ascii());
                let back = OtpUri::parse(&text).unwrap();
                prop_assert_eq!(back.issuer.as_deref(), issuer);
                prop_assert_eq!(back.account.as_str(), account);
                prop_assert_eq!(back.secret.expose(), secret.as_slice());
                prop_assert_eq!(back.algorithm, uri.algorithm);
                prop_assert_eq!(back.digits, digits);
                prop_assert_eq!(back.kind, uri.kind);
                let (got, want) = (back.key().unwrap().hotp(number), uri.key().unwrap().hotp(number));
                prop_assert_eq!(got.as_str(), want.as_str());
                // And what was parsed builds the same text again.
                let again = back.to_uri().unwrap();
                prop_assert_eq!(again.as_str(), text.as_str());
            }
            (Err(err), Some(expected)) => prop_assert_eq!(err, expected),
            (got, expected) => prop_assert!(false, "to_uri gave {:?}, expected {:?}", got.map(|_| ()), expected),
        }
    }

    /// A control character anywhere in a name is refused when building and when parsing.
    #[test]
    fn control_characters_are_refused(
        name in printable(),
        at in any::<prop::sample::Index>(),
        control in prop_oneof![proptest::char::range('\u{0}', '\u{1f}'), Just('\u{7f}'), proptest::char::range('\u{80}', '\u{9f}')],
        in_issuer in any::<bool>(),
    ) {
        let mut chars: Vec<char> = name.chars().collect();
        chars.insert(at.index(chars.len() + 1), control);
        let bad: String = chars.into_iter().collect();
        let secret = Secret::from_bytes(&[7; 20]).unwrap();
        let uri = if in_issuer {
            OtpUri::new_totp(secret, Some(&bad), "a")
        } else {
            OtpUri::new_totp(secret, Some("ACME"), &bad)
        };
        prop_assert_eq!(uri.to_uri().map(|_| ()), Err(OtpError::NameControl));
        let mut buf = [0u8; 4];
        let escaped: String = control.encode_utf8(&mut buf).bytes().map(|b| format!("%{b:02X}")).collect();
        let text = format!(
            "otpauth://totp/ACME:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME{escaped}"
        );
        prop_assert_eq!(OtpUri::parse(&text).map(|_| ()), Err(OtpError::NameControl));
    }

    #[test]
    fn account_colons_survive_with_an_issuer(account in "[a-z]{1,5}:[a-z:]{1,8}") {
        let uri = OtpUri::new_totp(Secret::from_bytes(&[7; 20]).unwrap(), Some("ACME"), &account);
        prop_assert_eq!(OtpUri::parse(&uri.to_uri().unwrap()).unwrap().account, account);
    }

    // The fuzz targets' checks (feature `fuzz`: `make test-rust` runs this file with it).
    #[cfg(feature = "fuzz")]
    #[test]
    fn parsers_never_panic(text in ".{0,200}") {
        fuzz::otp_uri(text.as_bytes());
        fuzz::otp_base32(text.as_bytes());
        let uri = format!("otpauth://totp/{text}");
        fuzz::otp_uri(uri.as_bytes());
    }

    #[cfg(feature = "fuzz")]
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
