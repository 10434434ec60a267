//! OTP speed: one code per hash, a ±1-window verification without a match, key setup, URI parsing.
//!
//! Targets (issue 4): one 6-digit SHA-1 code <= 90 ns median; verify ±1 with no match <= 300 ns.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eeszt_auth::otp::{Algorithm, OtpKey, Policy, Secret, Totp, UserState, Verifier};

const SEED: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

fn key(alg: Algorithm, digits: u32) -> OtpKey {
    let secret = Secret::from_bytes(&SEED[..alg.output_len()]).expect("secret");
    OtpKey::new(secret, alg, digits).expect("key")
}

fn codes(c: &mut Criterion) {
    let mut group = c.benchmark_group("otp_code");
    for alg in Algorithm::ALL {
        let k = key(alg, 6);
        let mut counter = 0u64;
        group.bench_function(format!("hotp_6_digits_{}", alg.name()), |b| {
            b.iter(|| {
                counter = counter.wrapping_add(1);
                black_box(k.hotp(black_box(counter)))
            })
        });
    }
    let totp = Totp::standard(key(Algorithm::Sha1, 6));
    group.bench_function("totp_6_digits_SHA1", |b| {
        b.iter(|| black_box(totp.code_at(black_box(1_700_000_000))))
    });
    group.bench_function("key_setup_SHA1", |b| {
        b.iter(|| {
            let secret = Secret::from_bytes(black_box(&SEED[..20])).expect("secret");
            black_box(OtpKey::new(secret, Algorithm::Sha1, 6))
        })
    });
    group.finish();
}

fn verify(c: &mut Criterion) {
    let mut group = c.benchmark_group("otp_verify");
    let totp = Totp::standard(key(Algorithm::Sha1, 6));
    let verifier = Verifier::new(Policy::default());
    let now = 1_700_000_000u64;
    // A code that matches none of the three steps.
    let wrong = (0..1_000_000u32)
        .map(|n| format!("{n:06}"))
        .find(|c| {
            let step = totp.step(now).expect("step");
            (step - 1..=step + 1).all(|s| totp.code_for_step(s).as_str() != c)
        })
        .expect("a non-matching code");
    group.bench_function("totp_window_pm1_no_match_SHA1", |b| {
        b.iter(|| {
            let mut state = UserState::default();
            black_box(verifier.verify_totp(&totp, &mut state, black_box(&wrong), black_box(now)))
        })
    });
    let right = totp.code_at(now).expect("code").to_string();
    group.bench_function("totp_window_pm1_match_SHA1", |b| {
        b.iter(|| {
            let mut state = UserState::default();
            black_box(verifier.verify_totp(&totp, &mut state, black_box(&right), black_box(now)))
        })
    });
    group.finish();
}

criterion_group!(benches, codes, verify);
criterion_main!(benches);
