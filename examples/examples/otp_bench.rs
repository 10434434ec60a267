//! The Rust twin of `examples/c/otp_bench.c`: one 6-digit SHA-1 HOTP code, and a TOTP
//! verification with a ±1 window and no match, measured through the Rust API and through the C
//! ABI **in alternating batches of one process**. On a shared VM the speed of a core drifts by
//! tens of percent from one second to the next, so two programs run one after the other can land
//! in different conditions; alternating batch by batch puts both sides under the same ones, and
//! the ratio of their medians is the cost of the C ABI. The C ABI functions are called through
//! opaque function pointers, so they run as compiled (a C caller gets the same code), not
//! inlined into the loop. `make bench-c` runs this after the C program.
//!
//! Batches per side: `OTP_BENCH_BATCHES` (default 101), calls per batch: `OTP_BENCH_CALLS`
//! (default 20,000; a verification batch is a quarter of that, as in the C program).

use std::ffi::c_char;
use std::hint::black_box;
use std::time::Instant;

use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, UserState, Verifier};
use eeszt_auth_ffi as ffi;

const SEED: &[u8; 20] = b"12345678901234567890";
const NOW: u64 = 1_700_000_000;

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

/// Runs `batches` rounds of `rust` then `c` (each timed per call over `calls` calls) and prints
/// both medians and their ratio.
fn pair(
    what: &str,
    batches: usize,
    calls: usize,
    mut rust: impl FnMut(),
    mut c: impl FnMut(),
) -> f64 {
    let (mut rust_ns, mut c_ns) = (Vec::new(), Vec::new());
    for _ in 0..batches {
        for (side, samples) in [
            (&mut rust as &mut dyn FnMut(), &mut rust_ns),
            (&mut c as &mut dyn FnMut(), &mut c_ns),
        ] {
            let start = Instant::now();
            for _ in 0..calls {
                side();
            }
            samples.push(start.elapsed().as_nanos() as f64 / calls as f64);
        }
    }
    let ((rust_med, rust_min), (c_med, c_min)) = (summary(rust_ns), summary(c_ns));
    let ratio = c_med / rust_med;
    println!(
        "otp_bench[rust+c]: {what}: Rust {rust_med:.1} ns (min {rust_min:.1}), C ABI {c_med:.1} ns \
         (min {c_min:.1}): C ABI / Rust = {ratio:.3}"
    );
    ratio
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let batches = env_count("OTP_BENCH_BATCHES", 101);
    let calls = env_count("OTP_BENCH_CALLS", 20_000);
    let key = OtpKey::new(Secret::from_bytes(SEED)?, Algorithm::Sha1, 6)?;

    let mut handle: *mut ffi::eeszt_otp_key = std::ptr::null_mut();
    // SAFETY: a valid seed pointer and length, a valid out-pointer.
    let rc = unsafe {
        ffi::eeszt_otp_key_new(
            SEED.as_ptr(),
            SEED.len(),
            ffi::EESZT_OTP_SHA1,
            6,
            30,
            0,
            0,
            &mut handle,
        )
    };
    if rc != 0 {
        return Err(format!("eeszt_otp_key_new failed: {rc}").into());
    }
    type HotpFn =
        unsafe extern "C" fn(*const ffi::eeszt_otp_key, u64, *mut c_char, usize, *mut usize) -> u32;
    type VerifyFn = unsafe extern "C" fn(
        *const ffi::eeszt_otp_key,
        *const ffi::eeszt_otp_policy,
        *mut ffi::eeszt_otp_state,
        *const c_char,
        u64,
        *mut u64,
        *mut i64,
    ) -> u32;
    let c_hotp: HotpFn = black_box(ffi::eeszt_otp_hotp);
    let c_verify: VerifyFn = black_box(ffi::eeszt_otp_verify_totp);

    let (mut rust_counter, mut c_counter) = (0u64, 0u64);
    let mut buf = [0 as c_char; ffi::EESZT_OTP_CODE_BUFFER_SIZE];
    pair(
        "hotp 6 digits SHA1",
        batches,
        calls,
        || {
            let code = key.hotp(black_box(rust_counter));
            rust_counter += 1;
            black_box(code.as_bytes()[0]);
        },
        || {
            // SAFETY: a live handle, a buffer of the stated size, NULL `needed`.
            let rc = unsafe {
                c_hotp(
                    handle,
                    black_box(c_counter),
                    buf.as_mut_ptr(),
                    buf.len(),
                    std::ptr::null_mut(),
                )
            };
            c_counter += 1;
            black_box((rc, buf[0]));
        },
    );

    // A code that matches none of the window's three steps (as the C program finds it).
    let totp = Totp::standard(key);
    let window: Vec<String> = (-1i64..=1)
        .map(|d| {
            totp.code_at(NOW.saturating_add_signed(d * 30))
                .map(|c| c.to_string())
        })
        .collect::<Result<_, _>>()?;
    let wrong = (0..1_000_000u32)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .ok_or("no free code")?;
    let wrong_c = format!("{wrong}\0");
    let verifier = Verifier::new(Policy::default());
    let mut failed = false;
    pair(
        "verify_totp ±1 window, no match",
        batches,
        (calls / 4).max(1),
        || {
            // The state comes from storage and goes back to it: opaque on the way in, observed
            // on the way out, as the C side's is (otherwise the failure bookkeeping would be
            // optimised away on the Rust side only).
            let mut state = black_box(UserState::default());
            let outcome =
                verifier.verify_totp(&totp, &mut state, black_box(&wrong), black_box(NOW));
            black_box(&state);
            failed |= !matches!(outcome, Err(OtpError::WrongCode { .. }));
        },
        || {
            let mut state = black_box(ffi::eeszt_otp_state::default());
            // SAFETY: a live handle, NULL policy, a writable state, a NUL-terminated code, NULL
            // outputs.
            let rc = unsafe {
                c_verify(
                    handle,
                    std::ptr::null(),
                    &mut state,
                    black_box(wrong_c.as_ptr().cast()),
                    black_box(NOW),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                )
            };
            black_box((rc, &state));
        },
    );
    // SAFETY: the handle is live and not used afterwards.
    unsafe { ffi::eeszt_otp_key_free(handle) };
    if failed {
        return Err("the wrong code was not refused as wrong".into());
    }
    Ok(())
}
