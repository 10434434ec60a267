//! One-time codes: e-mail (6 digits, 10 minutes), activation (3 days), deletion (100 bits); single
//! use, limited tries, no code in clear in the record.

use eeszt_auth::otp::{CodeRecord, ONE_TIME_MAX_TRIES, OneTimeKind, OtpError, issue_code};
use rand::SeedableRng;

const NOW: u64 = 1_700_000_000;

fn rng() -> rand::rngs::StdRng {
    rand::rngs::StdRng::seed_from_u64(2025)
}

#[test]
fn email_code() {
    let issued = issue_code(OneTimeKind::EmailConfirmation, &mut rng(), NOW).unwrap();
    let code = issued.code.clone();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(issued.record.expires_at, Some(NOW + 600));
    let mut record = issued.record.clone();
    assert!(record.verify(&code, NOW + 599).is_ok());
    assert_eq!(record.verify(&code, NOW + 599), Err(OtpError::OneTimeUsed));
    let mut late = issued.record.clone();
    assert_eq!(late.verify(&code, NOW + 600), Err(OtpError::OneTimeExpired));
    let debug = format!("{:?}", issued.record);
    assert!(!debug.contains(code.as_str()));
}

#[test]
fn activation_code_lasts_three_days() {
    let issued = issue_code(OneTimeKind::Activation, &mut rng(), NOW).unwrap();
    assert_eq!(issued.code.len(), 11);
    assert_eq!(issued.code.as_bytes()[5], b'-');
    let three_days = 3 * 24 * 3600;
    let mut r = issued.record.clone();
    assert_eq!(
        r.verify(&issued.code, NOW + three_days),
        Err(OtpError::OneTimeExpired)
    );
    let mut r = issued.record.clone();
    // Lenient typing: lowercase, no hyphen.
    let typed = issued.code.replace('-', "").to_lowercase();
    assert!(r.verify(&typed, NOW + three_days - 1).is_ok());
}

#[test]
fn deletion_code_has_100_bits_and_reads_back() {
    let issued = issue_code(OneTimeKind::Deletion, &mut rng(), NOW).unwrap();
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
    assert!(r.verify(&typed, u64::MAX).is_ok());
    // Distinct codes from one generator.
    let other = issue_code(OneTimeKind::Deletion, &mut rng(), NOW).unwrap();
    let third = issue_code(OneTimeKind::Deletion, &mut eeszt_auth::otp::OsRandom, NOW).unwrap();
    assert_eq!(other.code, issued.code); // same seed, same code: the generator is the input
    assert_ne!(third.code, issued.code);
}

#[test]
fn tries_are_limited_and_format_errors_free() {
    let issued = issue_code(OneTimeKind::EmailConfirmation, &mut rng(), NOW).unwrap();
    let mut r: CodeRecord = issued.record.clone();
    let wrong = if issued.code.as_str() == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        r.verify("12345", NOW),
        Err(OtpError::CodeLength {
            expected: 6,
            got: 5
        })
    );
    assert_eq!(r.verify("12a456", NOW), Err(OtpError::CodeNotDigits));
    assert_eq!(r.failures, 0);
    for left in (1..ONE_TIME_MAX_TRIES).rev() {
        assert_eq!(
            r.verify(wrong, NOW),
            Err(OtpError::OneTimeWrong {
                attempts_left: left
            })
        );
    }
    assert_eq!(r.verify(wrong, NOW), Err(OtpError::OneTimeExhausted));
    assert_eq!(r.verify(&issued.code, NOW), Err(OtpError::OneTimeExhausted));
}

#[test]
fn corrupted_record() {
    let issued = issue_code(OneTimeKind::EmailConfirmation, &mut rng(), NOW).unwrap();
    let mut r = issued.record.clone();
    r.expires_at = Some(NOW - 1);
    assert_eq!(
        r.verify(&issued.code, NOW - 10),
        Err(OtpError::OneTimeRecord)
    );
    let mut r = issued.record.clone();
    r.digest[0] ^= 1;
    assert!(matches!(
        r.verify(&issued.code, NOW),
        Err(OtpError::OneTimeWrong { .. })
    ));
}

#[test]
fn email_digits_are_uniform_enough() {
    let mut rng = rng();
    let mut counts = [0usize; 10];
    for _ in 0..2000 {
        let issued = issue_code(OneTimeKind::EmailConfirmation, &mut rng, NOW).unwrap();
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
