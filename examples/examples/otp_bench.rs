//! The Rust twin of `examples/c/otp_bench.c`: the same two measurements (one 6-digit SHA-1 HOTP
//! code; a TOTP verification with a ±1 window and no match) in the same batches, called straight
//! from Rust. `make bench-c` runs the two programs in turn, so the cost of the C ABI is read from
//! medians taken under the same conditions (on a shared VM, absolute times drift between runs).
//!
//! Batches per program: `OTP_BENCH_BATCHES` (default 101), calls per batch: `OTP_BENCH_CALLS`
//! (default 20,000; a verification batch is a quarter of that, as in the C program).

use std::hint::black_box;
use std::time::Instant;

use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, UserState, Verifier};

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(default)
}

/// The median and the minimum of per-call times, in nanoseconds.
fn summary(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[0])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let batches = env_count("OTP_BENCH_BATCHES", 101);
    let calls = env_count("OTP_BENCH_CALLS", 20_000);
    let key = OtpKey::new(
        Secret::from_bytes(b"12345678901234567890")?,
        Algorithm::Sha1,
        6,
    )?;

    let mut counter = 0u64;
    let mut samples = Vec::with_capacity(batches);
    for _ in 0..batches {
        let start = Instant::now();
        for _ in 0..calls {
            let code = key.hotp(black_box(counter));
            counter += 1;
            black_box(code.as_bytes()[0]);
        }
        samples.push(start.elapsed().as_nanos() as f64 / calls as f64);
    }
    let (median, min) = summary(samples);
    println!("otp_bench[rust]: hotp 6 digits SHA1: median {median:.1} ns (min {min:.1})");

    // A code that matches none of the window's three steps (found as the C program finds it).
    let now = 1_700_000_000u64;
    let totp = Totp::standard(key);
    let window: Vec<String> = (-1i64..=1)
        .map(|d| {
            totp.code_at(now.saturating_add_signed(d * 30))
                .map(|c| c.to_string())
        })
        .collect::<Result<_, _>>()?;
    let wrong = (0..1_000_000u32)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .ok_or("no free code")?;
    let verifier = Verifier::new(Policy::default());
    let mut samples = Vec::with_capacity(batches);
    for _ in 0..batches {
        let start = Instant::now();
        for _ in 0..calls / 4 {
            let mut state = UserState::default();
            let outcome =
                verifier.verify_totp(&totp, &mut state, black_box(&wrong), black_box(now));
            if !matches!(outcome, Err(OtpError::WrongCode { .. })) {
                return Err("the wrong code was not refused as wrong".into());
            }
        }
        samples.push(start.elapsed().as_nanos() as f64 / (calls / 4) as f64);
    }
    let (median, min) = summary(samples);
    println!(
        "otp_bench[rust]: verify_totp ±1 window, no match: median {median:.1} ns (min {min:.1})"
    );
    Ok(())
}
