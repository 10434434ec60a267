//! One-time codes: e-mail (6 digits, 10 minutes), activation (3 days), deletion (100 bits); single
//! use, limited tries, no code in clear in the record, records keyed with a server key.

use eeszt_auth::otp::{
    CODE_RECORD_VERSION, CodeRecord, ONE_TIME_KEY_MIN_BYTES, ONE_TIME_MAX_TRIES, OneTimeKey,
    OneTimeKind, OtpError, issue_code,
};
use rand::SeedableRng;
use sha2::{Digest, Sha256};

const NOW: u64 = 1_700_000_000;

fn key() -> OneTimeKey {
    OneTimeKey::new(b"server key K: 32 random bytes..").unwrap()
}

fn rng() -> rand::rngs::StdRng {
    rand::rngs::StdRng::seed_from_u64(2025)
}

#[test]
fn email_code() {
    let issued = issue_code(OneTimeKind::EmailConfirmation, &key(), &mut rng(), NOW).unwrap();
    let code = issued.code.clone();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(issued.record.expires_at, Some(NOW + 600));
    let mut record = issued.record.clone();
    assert!(record.verify(&key(), &code, NOW + 599).is_ok());
    assert_eq!(
        record.verify(&key(), &code, NOW + 599),
        Err(OtpError::OneTimeUsed)
    );
    let mut late = issued.record.clone();
    assert_eq!(
        late.verify(&key(), &code, NOW + 600),
        Err(OtpError::OneTimeExpired)
    );
    let debug = format!("{:?}", issued.record);
    assert!(!debug.contains(code.as_str()));
}

#[test]
fn activation_code_lasts_three_days() {
    let issued = issue_code(OneTimeKind::Activation, &key(), &mut rng(), NOW).unwrap();
    assert_eq!(issued.code.len(), 11);
    assert_eq!(issued.code.as_bytes()[5], b'-');
    let three_days = 3 * 24 * 3600;
    let mut r = issued.record.clone();
    assert_eq!(
        r.verify(&key(), &issued.code, NOW + three_days),
        Err(OtpError::OneTimeExpired)
    );
    let mut r = issued.record.clone();
    // Lenient typing: lowercase, no hyphen.
    let typed = issued.code.replace('-', "").to_lowercase();
    assert!(r.verify(&key(), &typed, NOW + three_days - 1).is_ok());
}

#[test]
fn deletion_code_has_100_bits_and_reads_back() {
    let issued = issue_code(OneTimeKind::Deletion, &key(), &mut rng(), NOW).unwrap();
    let groups: Vec<&str> = issued.code.split('-').collect();
    assert_eq!(groups.len(), 5);
    assert!(groups.iter().all(|g| g.len() == 4));
    assert_eq!(issued.record.expires_at, None);
    assert!(
        issued
            .code
            .chars()
            .all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))
    );
    // O for 0 and I/L for 1 are read as digits.
    let typed: String = issued
        .code
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'l',
            c => c,
        })
        .collect();
    let mut r = issued.record.clone();
    assert!(r.verify(&key(), &typed, u64::MAX).is_ok());
    // Distinct codes from one generator.
    let other = issue_code(OneTimeKind::Deletion, &key(), &mut rng(), NOW).unwrap();
    let third = issue_code(
        OneTimeKind::Deletion,
        &key(),
        &mut eeszt_auth::otp::OsRandom,
        NOW,
    )
    .unwrap();
    assert_eq!(other.code, issued.code); // same seed, same code: the generator is the input
    assert_ne!(third.code, issued.code);
}

#[test]
fn tries_are_limited_and_format_errors_free() {
    let issued = issue_code(OneTimeKind::EmailConfirmation, &key(), &mut rng(), NOW).unwrap();
    let mut r: CodeRecord = issued.record.clone();
    let wrong = if issued.code.as_str() == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        r.verify(&key(), "12345", NOW),
        Err(OtpError::CodeLength {
            expected: 6,
            got: 5
        })
    );
    assert_eq!(
        r.verify(&key(), "12a456", NOW),
        Err(OtpError::CodeNotDigits)
    );
    assert_eq!(r.failures, 0);
    for left in (1..ONE_TIME_MAX_TRIES).rev() {
        assert_eq!(
            r.verify(&key(), wrong, NOW),
            Err(OtpError::OneTimeWrong {
                attempts_left: left
            })
        );
    }
    assert_eq!(
        r.verify(&key(), wrong, NOW),
        Err(OtpError::OneTimeExhausted)
    );
    assert_eq!(
        r.verify(&key(), &issued.code, NOW),
        Err(OtpError::OneTimeExhausted)
    );
}

#[test]
fn corrupted_record() {
    let issued = issue_code(OneTimeKind::EmailConfirmation, &key(), &mut rng(), NOW).unwrap();
    let mut r = issued.record.clone();
    r.expires_at = Some(NOW - 1);
    assert_eq!(
        r.verify(&key(), &issued.code, NOW - 10),
        Err(OtpError::OneTimeRecord)
    );
    let mut r = issued.record.clone();
    r.mac[0] ^= 1;
    assert!(matches!(
        r.verify(&key(), &issued.code, NOW),
        Err(OtpError::OneTimeWrong { .. })
    ));
}

#[test]
fn email_digits_are_uniform_enough() {
    let mut rng = rng();
    let mut counts = [0usize; 10];
    for _ in 0..2000 {
        let issued = issue_code(OneTimeKind::EmailConfirmation, &key(), &mut rng, NOW).unwrap();
        for c in issued.code.chars() {
            counts[(c as u8 - b'0') as usize] += 1;
        }
    }
    // 12,000 digits: each should be near 1,200.
    assert!(
        counts.iter().all(|n| (1000..1400).contains(n)),
        "{counts:?}"
    );
}

#[test]
fn a_record_does_not_verify_under_another_key() {
    // Security review I5: the record must be useless without the server key.
    let other = OneTimeKey::new(b"server key K': other 32 bytes..").unwrap();
    for kind in [
        OneTimeKind::EmailConfirmation,
        OneTimeKind::Activation,
        OneTimeKind::Deletion,
    ] {
        let issued = issue_code(kind, &key(), &mut rng(), NOW).unwrap();
        let mut r = issued.record.clone();
        assert_eq!(
            r.verify(&other, &issued.code, NOW),
            Err(OtpError::OneTimeWrong {
                attempts_left: ONE_TIME_MAX_TRIES - 1
            }),
            "{kind:?}"
        );
        assert!(!r.used);
        assert!(r.verify(&key(), &issued.code, NOW).is_ok(), "{kind:?}");
    }
}

#[test]
fn the_record_holds_no_unkeyed_digest_of_the_code() {
    // Same generator (same salt and code), two keys: everything derived from the code differs,
    // so the stored value depends on the key.
    let a = issue_code(OneTimeKind::EmailConfirmation, &key(), &mut rng(), NOW).unwrap();
    let other = OneTimeKey::new(&[0x5a; 32]).unwrap();
    let b = issue_code(OneTimeKind::EmailConfirmation, &other, &mut rng(), NOW).unwrap();
    assert_eq!(a.code, b.code);
    assert_eq!(a.record.salt, b.record.salt);
    assert_ne!(a.record.mac, b.record.mac);
    // And none of the unkeyed hashes an offline search would try is stored.
    let code = a.code.as_str();
    let salt = a.record.salt;
    let unkeyed = |parts: &[&[u8]]| -> [u8; 32] {
        let mut h = Sha256::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    };
    for candidate in [
        unkeyed(&[b"eeszt-auth email v1", &salt, code.as_bytes()]),
        unkeyed(&[b"eeszt-auth one-time email v2", &salt, code.as_bytes()]),
        unkeyed(&[&salt, code.as_bytes()]),
        unkeyed(&[code.as_bytes()]),
    ] {
        assert_ne!(a.record.mac, candidate);
    }
    let debug = format!("{:?}", a.record);
    assert!(!debug.contains(code));
    assert_eq!(a.record.version, CODE_RECORD_VERSION);
}

#[test]
fn old_format_records_are_refused() {
    let issued = issue_code(OneTimeKind::EmailConfirmation, &key(), &mut rng(), NOW).unwrap();
    let mut old = issued.record.clone();
    old.version = 1;
    assert_eq!(
        old.verify(&key(), &issued.code, NOW),
        Err(OtpError::OneTimeRecordVersion { version: 1 })
    );
    assert_eq!(old.failures, 0);
    let en = OtpError::OneTimeRecordVersion { version: 1 }.message(eeszt_auth::Lang::En);
    assert!(
        en.contains("old or unknown format") && en.contains("Request a new code"),
        "{en}"
    );
}

#[cfg(feature = "serde")]
#[test]
fn an_old_stored_record_reads_as_version_1_and_is_refused() {
    let old = r#"{"kind":"email_confirmation","salt":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
        "digest":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
        "issued_at":1700000000,"expires_at":1700000600,"used":false,"failures":0}"#;
    let mut record: CodeRecord = serde_json::from_str(old).unwrap();
    assert_eq!(record.version, 1);
    assert_eq!(
        record.verify(&key(), "123456", NOW),
        Err(OtpError::OneTimeRecordVersion { version: 1 })
    );
    let issued = issue_code(OneTimeKind::EmailConfirmation, &key(), &mut rng(), NOW).unwrap();
    let text = serde_json::to_string(&issued.record).unwrap();
    let mut back: CodeRecord = serde_json::from_str(&text).unwrap();
    assert_eq!(back, issued.record);
    assert!(back.verify(&key(), &issued.code, NOW).is_ok());
}

#[test]
fn the_server_key_has_a_minimum_length_and_is_not_shown() {
    assert_eq!(
        OneTimeKey::new(&[1; 15]).err(),
        Some(OtpError::OneTimeKeyTooShort {
            min_bytes: ONE_TIME_KEY_MIN_BYTES
        })
    );
    assert_eq!(ONE_TIME_KEY_MIN_BYTES, 16);
    let k = OneTimeKey::new(b"sixteen bytes!!!").unwrap();
    assert_eq!(k.len(), 16);
    let debug = format!("{k:?}");
    assert!(!debug.contains("sixteen"), "{debug}");
}
