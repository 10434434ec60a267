//! Every otpauth:// rule: label forms, issuer agreement, percent-encoding, duplicates, unknown
//! parameters, and one error per bad field.

use eeszt_auth::otp::{Algorithm, MAX_URI_BYTES, OtpError, OtpUri, Secret, UriKind};

const S: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn parse(uri: &str) -> Result<OtpUri, OtpError> {
    OtpUri::parse(uri)
}

#[test]
fn label_forms() {
    let u = parse(&format!("otpauth://totp/ACME:alice?secret={S}")).unwrap();
    assert_eq!(
        (u.issuer.as_deref(), u.account.as_str()),
        (Some("ACME"), "alice")
    );
    let u = parse(&format!("otpauth://totp/ACME%3Aalice?secret={S}")).unwrap();
    assert_eq!(
        (u.issuer.as_deref(), u.account.as_str()),
        (Some("ACME"), "alice")
    );
    let u = parse(&format!("otpauth://totp/ACME%3aalice?secret={S}")).unwrap();
    assert_eq!(u.issuer.as_deref(), Some("ACME"));
    let u = parse(&format!("otpauth://totp/ACME:%20%20alice?secret={S}")).unwrap();
    assert_eq!(u.account, "alice");
    let u = parse(&format!("otpauth://totp/alice%40example.hu?secret={S}")).unwrap();
    assert_eq!((u.issuer, u.account.as_str()), (None, "alice@example.hu"));
    let u = parse(&format!("otpauth://totp/alice?secret={S}&issuer=ACME%20Co")).unwrap();
    assert_eq!(u.issuer.as_deref(), Some("ACME Co"));
    // A colon after the separator belongs to the account.
    let u = parse(&format!("otpauth://totp/ACME:team:alice?secret={S}")).unwrap();
    assert_eq!(
        (u.issuer.as_deref(), u.account.as_str()),
        (Some("ACME"), "team:alice")
    );
    // Hungarian letters percent-encoded as UTF-8.
    let u = parse(&format!(
        "otpauth://totp/K%C3%B3rh%C3%A1z:%C3%A9va?secret={S}"
    ))
    .unwrap();
    assert_eq!(
        (u.issuer.as_deref(), u.account.as_str()),
        (Some("Kórház"), "éva")
    );
    // Scheme and type in any case.
    assert!(parse(&format!("OTPAUTH://TOTP/a?secret={S}")).is_ok());
}

#[test]
fn label_errors() {
    assert_eq!(
        parse(&format!("otpauth://totp/?secret={S}")),
        Err(OtpError::UriAccount)
    );
    assert_eq!(
        parse(&format!("otpauth://totp?secret={S}")),
        Err(OtpError::UriAccount)
    );
    assert_eq!(
        parse(&format!("otpauth://totp/ACME:?secret={S}")),
        Err(OtpError::UriAccount)
    );
    assert_eq!(
        parse(&format!("otpauth://totp/:alice?secret={S}")),
        Err(OtpError::UriLabelIssuer)
    );
    assert_eq!(
        parse(&format!("otpauth://totp/a%ZZ?secret={S}")),
        Err(OtpError::UriEncoding)
    );
    assert_eq!(
        parse(&format!("otpauth://totp/a%C3?secret={S}")),
        Err(OtpError::UriEncoding)
    );
}

#[test]
fn issuer_agreement() {
    assert!(parse(&format!("otpauth://totp/ACME:a?secret={S}&issuer=ACME")).is_ok());
    assert_eq!(
        parse(&format!("otpauth://totp/ACME:a?secret={S}&issuer=Other")),
        Err(OtpError::UriIssuerMismatch)
    );
}

#[test]
fn scheme_and_type() {
    assert_eq!(
        parse(&format!("https://totp/a?secret={S}")),
        Err(OtpError::UriScheme)
    );
    assert_eq!(parse("otpauth:/totp/a"), Err(OtpError::UriScheme));
    assert_eq!(
        parse(&format!("otpauth://motp/a?secret={S}")),
        Err(OtpError::UriType)
    );
}

#[test]
fn one_error_per_bad_field() {
    let base = "otpauth://totp/ACME:a?";
    assert_eq!(
        parse(&format!("{base}issuer=ACME")),
        Err(OtpError::UriSecretMissing)
    );
    assert_eq!(parse(&format!("{base}secret=")), Err(OtpError::KeyEmpty));
    assert_eq!(
        parse(&format!("{base}secret=GEZ1")),
        Err(OtpError::Base32Char {
            ch: '1',
            position: 3
        })
    );
    assert_eq!(
        parse(&format!("{base}secret=GEZ")),
        Err(OtpError::Base32Length { chars: 3 })
    );
    assert_eq!(
        parse(&format!("{base}secret=JBSWY3DPEHPK3PXP")),
        Err(OtpError::KeyTooShort)
    );
    assert_eq!(
        parse(&format!("{base}secret={S}&algorithm=MD5")),
        Err(OtpError::UriAlgorithm)
    );
    assert_eq!(
        parse(&format!("{base}secret={S}&digits=5")),
        Err(OtpError::UriDigits)
    );
    assert_eq!(
        parse(&format!("{base}secret={S}&digits=11")),
        Err(OtpError::UriDigits)
    );
    assert_eq!(
        parse(&format!("{base}secret={S}&digits=six")),
        Err(OtpError::UriDigits)
    );
    assert_eq!(
        parse(&format!("{base}secret={S}&period=0")),
        Err(OtpError::UriPeriod)
    );
    assert_eq!(
        parse(&format!("{base}secret={S}&period=-30")),
        Err(OtpError::UriPeriod)
    );
    let hotp = "otpauth://hotp/ACME:a?";
    assert_eq!(
        parse(&format!("{hotp}secret={S}")),
        Err(OtpError::UriCounterMissing)
    );
    assert_eq!(
        parse(&format!("{hotp}secret={S}&counter=x")),
        Err(OtpError::UriCounter)
    );
    assert_eq!(
        parse(&format!("{hotp}secret={S}&counter=18446744073709551616")),
        Err(OtpError::UriCounter)
    );
    // Each error has its own code.
    let codes: std::collections::HashSet<u32> = [
        OtpError::UriScheme,
        OtpError::UriType,
        OtpError::UriAccount,
        OtpError::UriLabelIssuer,
        OtpError::UriIssuerMismatch,
        OtpError::UriDuplicate {
            name: String::new(),
        },
        OtpError::UriSecretMissing,
        OtpError::UriAlgorithm,
        OtpError::UriDigits,
        OtpError::UriPeriod,
        OtpError::UriCounterMissing,
        OtpError::UriCounter,
        OtpError::UriEncoding,
    ]
    .iter()
    .map(OtpError::code)
    .collect();
    assert_eq!(codes.len(), 13);
}

#[test]
fn duplicates_and_unknown_parameters() {
    assert_eq!(
        parse(&format!("otpauth://totp/a?secret={S}&secret={S}")),
        Err(OtpError::UriDuplicate {
            name: "secret".into()
        })
    );
    assert_eq!(
        parse(&format!("otpauth://totp/a?secret={S}&digits=6&DIGITS=6")),
        Err(OtpError::UriDuplicate {
            name: "digits".into()
        })
    );
    assert_eq!(
        parse(&format!("otpauth://totp/a?secret={S}&image=x&image=y")),
        Err(OtpError::UriDuplicate {
            name: "image".into()
        })
    );
    let u = parse(&format!(
        "otpauth://totp/a?secret={S}&image=https%3A%2F%2Fx%2Fy.png&foo&&color=red"
    ))
    .unwrap();
    assert_eq!(u.account, "a");
    // A counter on a totp URI and a period on an hotp URI are not theirs: ignored.
    assert!(parse(&format!("otpauth://totp/a?secret={S}&counter=x")).is_ok());
    assert!(parse(&format!("otpauth://hotp/a?secret={S}&counter=1&period=x")).is_ok());
}

#[test]
fn values_and_defaults() {
    let u = parse(&format!("otpauth://totp/a?secret={S}")).unwrap();
    assert_eq!(u.kind, UriKind::Totp { period: 30 });
    assert_eq!((u.algorithm, u.digits), (Algorithm::Sha1, 6));
    let u = parse(&format!(
        "otpauth://totp/a?secret={}&algorithm=sha512&digits=8&period=60",
        S.to_lowercase()
    ))
    .unwrap();
    assert_eq!(u.kind, UriKind::Totp { period: 60 });
    assert_eq!((u.algorithm, u.digits), (Algorithm::Sha512, 8));
    let u = parse(&format!("otpauth://hotp/a?secret={S}&counter=42")).unwrap();
    assert_eq!(u.kind, UriKind::Hotp { counter: 42 });
    assert!(u.totp().unwrap().is_none());
    assert_eq!(u.key().unwrap().hotp(0).as_str(), "755224");
    // Legacy short keys only with the explicit opt-in.
    let legacy = "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP";
    assert_eq!(OtpUri::parse_legacy(legacy).unwrap().secret.len(), 10);
    // Padded and spaced secrets, as some generators write them.
    assert!(
        parse("otpauth://totp/a?secret=GEZD%20GNBV%20GY3T%20QOJQ%20GEZD%20GNBV%20GY3T%20QOJQ")
            .is_ok()
    );
    assert!(
        parse("otpauth://totp/a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA%3D%3D%3D%3D").is_ok()
    );
    let debug = format!("{u:?}");
    assert!(!debug.contains(S) && debug.contains("***"), "{debug}");
}

#[test]
fn building() {
    let secret = Secret::from_base32(S).unwrap();
    let mut u = OtpUri::new_totp(secret, Some("Kórház Kft."), "éva@x.hu");
    assert_eq!(
        u.to_uri().unwrap().as_str(),
        format!(
            "otpauth://totp/K%C3%B3rh%C3%A1z%20Kft.:%C3%A9va%40x.hu?secret={S}&issuer=K%C3%B3rh%C3%A1z%20Kft."
        )
    );
    assert_eq!(parse(&u.to_uri().unwrap()).unwrap(), u);
    u.algorithm = Algorithm::Sha256;
    u.digits = 8;
    u.kind = UriKind::Totp { period: 60 };
    let text = u.to_uri().unwrap();
    assert!(
        text.ends_with("&algorithm=SHA256&digits=8&period=60"),
        "{}",
        text.as_str()
    );
    assert_eq!(parse(&text).unwrap(), u);
    u.kind = UriKind::Hotp { counter: 7 };
    assert!(u.to_uri().unwrap().ends_with("&counter=7"));
    // Names that cannot be written.
    u.issuer = Some("A:B".into());
    assert_eq!(u.to_uri().map(|_| ()), Err(OtpError::IssuerColon));
    u.issuer = None;
    u.account = "team:alice".into();
    assert_eq!(u.to_uri().map(|_| ()), Err(OtpError::AccountName));
    u.issuer = Some("ACME".into());
    assert_eq!(parse(&u.to_uri().unwrap()).unwrap(), u);
    u.account = "  ".into();
    assert_eq!(u.to_uri().map(|_| ()), Err(OtpError::AccountName));
}

#[test]
fn a_uri_too_long_to_parse_is_not_built() {
    // Fuzz crash (otp_uri, fuzz/regressions/otp_uri/): a 1.5 KB URI with `/` and `Ñ` in its names
    // parsed, and the URI built from it (names percent-encoded, the issuer written twice) was over
    // MAX_URI_BYTES, so the library's own URI was refused by its parser.
    let name = "/Ñ".repeat(300);
    let text = format!("otpauth://totp/{name}:{name}?secret={S}");
    assert!(text.len() <= MAX_URI_BYTES);
    let u = parse(&text).unwrap();
    assert_eq!(
        u.to_uri().map(|_| ()),
        Err(OtpError::UriTooLong {
            max_bytes: MAX_URI_BYTES
        })
    );
    // A shorter one still builds, and what is built parses back.
    let name = "/Ñ".repeat(50);
    let u = parse(&format!("otpauth://totp/{name}:{name}?secret={S}")).unwrap();
    assert_eq!(parse(&u.to_uri().unwrap()).as_ref(), Ok(&u));
}

#[test]
fn length_is_capped() {
    // Security review M3: 64k parameters in 500 KB took ~27 s (quadratic duplicate check).
    let mut huge = format!("otpauth://totp/a?secret={S}");
    for i in 0..65_536 {
        huge.push_str(&format!("&p{i}=x"));
    }
    assert!(huge.len() > 500_000);
    assert_eq!(
        parse(&huge),
        Err(OtpError::UriTooLong {
            max_bytes: MAX_URI_BYTES
        })
    );
    assert_eq!(MAX_URI_BYTES, 4096);
    // The limit is on the bytes given: exactly MAX_URI_BYTES is accepted, one more is not.
    let base = format!("otpauth://totp/a?secret={S}&image=");
    let fits = format!("{base}{}", "x".repeat(MAX_URI_BYTES - base.len()));
    assert_eq!(fits.len(), MAX_URI_BYTES);
    assert!(parse(&fits).is_ok());
    let over = format!("{fits}x");
    assert_eq!(
        parse(&over).map(|_| ()),
        Err(OtpError::UriTooLong {
            max_bytes: MAX_URI_BYTES
        })
    );
    let err = OtpError::UriTooLong { max_bytes: 4096 };
    assert!(err.message(eeszt_auth::Lang::En).contains("4096"));
    assert!(err.message(eeszt_auth::Lang::Hu).contains("4096"));
}

/// A URI just under the cap holding as many short parameters as fit, followed by `tail`.
fn crowded(tail: &str) -> String {
    let mut uri = format!("otpauth://totp/ACME:a?secret={S}");
    let mut i = 0;
    loop {
        let next = format!("&u{i}=");
        if uri.len() + next.len() + tail.len() > MAX_URI_BYTES {
            break;
        }
        uri.push_str(&next);
        i += 1;
    }
    uri.push_str(tail);
    assert!(uri.len() <= MAX_URI_BYTES && i > 500, "{} {i}", uri.len());
    uri
}

#[test]
fn many_parameters_under_the_cap_give_the_right_answer() {
    let u = parse(&crowded("&digits=8")).unwrap();
    assert_eq!((u.digits, u.account.as_str()), (8, "a"));
    assert_eq!(
        parse(&crowded("&U0=y")),
        Err(OtpError::UriDuplicate { name: "u0".into() })
    );
    assert_eq!(
        parse(&crowded("&SECRET=x")),
        Err(OtpError::UriDuplicate {
            name: "secret".into()
        })
    );
    assert_eq!(
        parse(&crowded("&issuer=Other")),
        Err(OtpError::UriIssuerMismatch)
    );
}

#[test]
fn issuer_parameter_is_trimmed_like_the_label() {
    // Security review L5 (fuzz crash): `issuer=E5 ` was kept with its space, so the URI built
    // from it (`E5%20:EES...&issuer=E5%20`) was refused by the parser itself.
    let crash = "otpauth://totp/EES?secret=GEZfDGNBVGY3TJQ&issuer=E5 &ot";
    let u = OtpUri::parse_legacy(crash).unwrap();
    assert_eq!(u.issuer.as_deref(), Some("E5"));
    let built = u.to_uri().unwrap();
    assert_eq!(OtpUri::parse_legacy(&built).as_ref(), Ok(&u));
    #[cfg(feature = "fuzz")]
    eeszt_auth::fuzz::otp_uri(crash.as_bytes());

    let u = parse(&format!(
        "otpauth://totp/ACME%20:%20a%20?secret={S}&issuer=%20ACME%C2%A0"
    ))
    .unwrap();
    assert_eq!(
        (u.issuer.as_deref(), u.account.as_str()),
        (Some("ACME"), "a")
    );
    // The CLI case: `otp enroll --issuer "EESZT "`.
    let secret = Secret::from_base32(S).unwrap();
    let u = OtpUri::new_totp(secret.clone(), Some("EESZT "), " O95745");
    let text = u.to_uri().unwrap();
    assert_eq!(
        text.as_str(),
        format!("otpauth://totp/EESZT:O95745?secret={S}&issuer=EESZT")
    );
    // Built from fields with outer whitespace: written trimmed, in the label and issuer= alike.
    let mut raw = OtpUri::new_totp(secret, None, "x");
    raw.issuer = Some(" EESZT\u{2003}".into());
    raw.account = "O95745 ".into();
    let again = parse(&raw.to_uri().unwrap()).unwrap();
    assert_eq!(
        (again.issuer.as_deref(), again.account.as_str()),
        (Some("EESZT"), "O95745")
    );
}

#[test]
fn control_characters_in_names_are_refused() {
    for c in [
        "%00", "%09", "%0A", "%0D", "%1F", "%7F", "%C2%80", "%C2%85", "%C2%9F",
    ] {
        assert_eq!(
            parse(&format!("otpauth://totp/AC{c}ME:a?secret={S}")),
            Err(OtpError::NameControl),
            "label issuer {c}"
        );
        assert_eq!(
            parse(&format!("otpauth://totp/ACME:a{c}?secret={S}")),
            Err(OtpError::NameControl),
            "account {c}"
        );
        // Also as outer "whitespace": a line break is not trimmed away but refused.
        assert_eq!(
            parse(&format!("otpauth://totp/a?secret={S}&issuer=ACME{c}")),
            Err(OtpError::NameControl),
            "issuer= {c}"
        );
    }
    let secret = Secret::from_base32(S).unwrap();
    for bad in ['\0', '\t', '\n', '\r', '\u{7f}', '\u{85}', '\u{9b}'] {
        let u = OtpUri::new_totp(secret.clone(), Some(&format!("A{bad}")), "a");
        assert_eq!(u.to_uri().map(|_| ()), Err(OtpError::NameControl));
        let u = OtpUri::new_totp(secret.clone(), Some("A"), &format!("a{bad}b"));
        assert_eq!(u.to_uri().map(|_| ()), Err(OtpError::NameControl));
    }
    let en = OtpError::NameControl.message(eeszt_auth::Lang::En);
    assert!(en.contains("control character"), "{en}");
    assert!(
        OtpError::NameControl
            .message(eeszt_auth::Lang::Hu)
            .contains("vezérlőkarakter")
    );
}
