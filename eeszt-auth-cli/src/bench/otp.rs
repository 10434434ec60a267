//! `bench otp` and `bench verify`: one shared key, N workers.
//!
//! The reference is two bare SHA-1 compressions, the floor under an HMAC-SHA1 code once the key's
//! inner and outer states are precomputed (see benches/benches/otp.rs `otp_floor`): with SHA-NI
//! the one kernel `OtpKey` itself runs (two compressions and the truncation), otherwise two calls of
//! RustCrypto's block function. `verify` over ±w compares against 2w+1 of them.

use std::hint::black_box;
use std::str::FromStr;

use clap::Args;
use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, UserState, Verifier};
use eeszt_auth::{ApiError, Error};
use serde_json::json;

use super::harness::{self, Plan};
use super::{BoxedOp, Failure, Report, with_reference};

/// The bench key: the RFC 4226 / RFC 6238 test seed (64 bytes; the first 20, 32 or 64 are used).
/// Not a secret; any key costs the same.
const SEED: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// The time every verification is checked at (any fixed time will do).
const NOW: u64 = 1_700_000_000;

/// `bench otp` arguments.
#[derive(Debug, Args)]
pub struct OtpArgs {
    /// HMAC hash: SHA1 (default), SHA256, SHA512.
    #[arg(long, default_value = "SHA1")]
    algorithm: String,
    /// Digits per code (6-10).
    #[arg(long, default_value_t = 6)]
    digits: u32,
}

/// `bench verify` arguments.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    key: OtpArgs,
    /// Steps accepted on each side of the current one (±window).
    #[arg(long, default_value_t = 1)]
    window: u32,
    /// Check the right code (found in the current step) instead of one matching no step.
    #[arg(long)]
    matching: bool,
}

fn key(args: &OtpArgs) -> Result<OtpKey, Error> {
    let algorithm = Algorithm::from_str(&args.algorithm)?;
    let secret = Secret::from_bytes(&SEED[..algorithm.output_len()])?;
    Ok(OtpKey::new(secret, algorithm, args.digits)?)
}

/// The SHA-1 states after the key blocks, for the reference (any states cost the same).
const INNER: [u32; 5] = [
    0x6745_2301,
    0xefcd_ab89,
    0x98ba_dcfe,
    0x1032_5476,
    0xc3d2_e1f0,
];

/// The name of `count` times two bare SHA-1 compressions on this CPU.
fn floor_name(count: u32) -> String {
    let times = if count == 1 {
        String::new()
    } else {
        format!("{count} x ")
    };
    if eeszt_auth_sha1ni::Sha1Ni::detect().is_some() {
        format!("{times}two SHA-1 compressions (SHA-NI kernel)")
    } else {
        format!("{times}two SHA-1 compressions (RustCrypto sha1)")
    }
}

/// The reference operation: `count` times two bare SHA-1 compressions (only meaningful for SHA-1
/// keys), with the SHA-NI kernel `OtpKey` uses when the CPU has it.
fn floor_op(count: u32) -> impl Fn(usize) -> Result<BoxedOp<'static>, Failure> + Sync {
    move |_| {
        let ni = eeszt_auth_sha1ni::Sha1Ni::detect();
        let outer = INNER.map(|w| w.rotate_left(7));
        let mut counter = 0u64;
        Ok(Box::new(move || {
            for _ in 0..count {
                counter = counter.wrapping_add(1);
                match ni {
                    Some(ni) => {
                        black_box(ni.hotp_truncated(&INNER, &outer, black_box(counter)));
                    }
                    None => {
                        black_box(two_compressions(black_box(counter)));
                    }
                }
            }
            Ok(())
        }))
    }
}

/// HMAC-SHA1's two compressions over an 8-byte message, with the key states precomputed.
fn two_compressions(counter: u64) -> [u32; 5] {
    let mut block = [0u8; 64];
    block[..8].copy_from_slice(&counter.to_be_bytes());
    block[8] = 0x80;
    let mut state = INNER;
    sha1::block_api::compress(&mut state, &[block]);
    let mut outer = [0u8; 64];
    for (chunk, word) in outer.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    outer[20] = 0x80;
    let mut state = INNER.map(|w| w.rotate_left(7));
    sha1::block_api::compress(&mut state, &[outer]);
    state
}

/// `bench otp`: HOTP codes for consecutive counters; every worker shares one key.
pub fn bench_otp(plan: &Plan, args: &OtpArgs) -> Result<Report, Failure> {
    let key = key(args)?;
    let key = &key;
    let main = |i: usize| {
        // Each worker its own counter range; the key is shared.
        let mut counter = (i as u64) << 40;
        Ok::<_, Failure>(move || {
            counter = counter.wrapping_add(1);
            black_box(key.hotp(black_box(counter)));
            Ok(())
        })
    };
    let (outcome, reference) = match key.algorithm() {
        Algorithm::Sha1 => {
            let (outcome, reference) = with_reference(plan, &floor_name(1), main, floor_op(1))?;
            (outcome, Some(reference))
        }
        _ => (harness::run(plan, main)?, None),
    };
    Ok(Report {
        what: "otp",
        unit: "codes",
        unit_hu: "kód",
        params: json!({"algorithm": key.algorithm().name(), "digits": key.digits()}),
        outcome,
        reference,
    })
}

/// A code of `digits` digits that matches no step of the window around [`NOW`].
fn wrong_code(totp: &Totp, lo: u64, hi: u64) -> Result<String, Error> {
    let digits = totp.key().digits() as usize;
    (0..100_000u64)
        .map(|n| format!("{n:0digits$}"))
        .find(|c| (lo..=hi).all(|s| totp.code_for_step(s).as_str() != c))
        .ok_or_else(|| Error::from(ApiError::BadState))
}

/// `bench verify`: TOTP verification over ±window with a fresh user state per check (as a server
/// checks a user it has not seen fail); every worker shares one key and one verifier.
pub fn bench_verify(plan: &Plan, args: &VerifyArgs) -> Result<Report, Failure> {
    let key = key(&args.key)?;
    let algorithm = key.algorithm();
    let totp = Totp::standard(key);
    let verifier = Verifier::new(Policy {
        past_steps: args.window,
        future_steps: args.window,
        ..Policy::DEFAULT
    });
    let step = totp.step(NOW)?;
    let window = args.window.min(eeszt_auth::otp::MAX_WINDOW);
    let (lo, hi) = (
        step.saturating_sub(u64::from(window)),
        step.saturating_add(u64::from(window)),
    );
    let code = if args.matching {
        totp.code_at(NOW)?.as_str().to_owned()
    } else {
        wrong_code(&totp, lo, hi)?
    };
    // The outcome the bench expects; anything else is a bug worth stopping for.
    let expected_match = args.matching;
    let check = |state: &mut UserState| -> Result<bool, Failure> {
        match verifier.verify_totp(&totp, state, code.as_str(), NOW) {
            Ok(_) => Ok(true),
            Err(OtpError::WrongCode { .. }) => Ok(false),
            Err(other) => Err(other.into()),
        }
    };
    if check(&mut UserState::default())? != expected_match {
        return Err(ApiError::BadState.into());
    }
    let (totp_ref, verifier_ref, code_ref) = (&totp, &verifier, code.as_str());
    let main = |_: usize| {
        Ok::<_, Failure>(move || {
            let mut state = black_box(UserState::default());
            let outcome =
                verifier_ref.verify_totp(totp_ref, &mut state, black_box(code_ref), black_box(NOW));
            black_box((&state, outcome.is_ok()));
            Ok(())
        })
    };
    let (outcome, reference) = match algorithm {
        Algorithm::Sha1 if !args.matching => {
            let steps = u32::try_from(hi - lo + 1).unwrap_or(u32::MAX);
            let (outcome, reference) =
                with_reference(plan, &floor_name(steps), main, floor_op(steps))?;
            (outcome, Some(reference))
        }
        _ => (harness::run(plan, main)?, None),
    };
    Ok(Report {
        what: "verify",
        unit: "verifications",
        unit_hu: "ellenőrzés",
        params: json!({
            "algorithm": algorithm.name(),
            "digits": totp.key().digits(),
            "window": window,
            "matching": args.matching,
        }),
        outcome,
        reference,
    })
}
