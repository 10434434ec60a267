//! One-time passwords: keys from raw bytes, base32 or an otpauth:// URI; HOTP/TOTP codes into a
//! caller buffer; verification with a policy and a caller-stored state; URI building; QR as SVG.

use std::ffi::c_char;

use eeszt_auth::otp::{
    Algorithm, Match, OsRandom, OtpError, OtpKey, OtpUri, Policy, Secret, Totp, UriKind, UserState,
    Verifier,
};
use eeszt_auth::{ApiError, Error};

use crate::boundary::{
    CheckFailure, bytes_arg, check_out, cstr_bytes_arg, free_handle, guard, guard_check,
    handle_mut, handle_ref, into_handle, str_arg, write_opt, write_out, write_str,
};
use crate::common::eeszt_result;

/// `algorithm` value: HMAC-SHA-1 (what every authenticator app supports).
pub const EESZT_OTP_SHA1: u32 = 0;
/// `algorithm` value: HMAC-SHA-256.
pub const EESZT_OTP_SHA256: u32 = 1;
/// `algorithm` value: HMAC-SHA-512.
pub const EESZT_OTP_SHA512: u32 = 2;
/// Key flag: accept a secret shorter than 128 bits (imported legacy keys only).
pub const EESZT_OTP_ALLOW_SHORT_KEY: u32 = 1;
/// A buffer of this size holds any code (10 digits and the NUL).
pub const EESZT_OTP_CODE_BUFFER_SIZE: usize = 11;
/// `eeszt_otp_key_uri` kind: a time-based (totp) URI.
pub const EESZT_OTP_URI_TOTP: u32 = 0;
/// `eeszt_otp_key_uri` kind: a counter-based (hotp) URI.
pub const EESZT_OTP_URI_HOTP: u32 = 1;

/// An OTP key: secret, hash, digits, time step and start time, with precomputed HMAC states.
/// The secret is wiped from memory when the handle is freed.
///
/// Thread safety: immutable after creation; one handle may be used from several threads at once
/// (codes, verification). Free it exactly once, with `eeszt_otp_key_free`, when no thread uses it.
pub struct eeszt_otp_key {
    totp: Totp,
}

impl eeszt_otp_key {
    /// The key's TOTP generator (its HOTP key inside).
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn totp(&self) -> &Totp {
        &self.totp
    }
}

impl std::fmt::Debug for eeszt_otp_key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("eeszt_otp_key")
            .field("totp", &self.totp)
            .finish()
    }
}

/// The verification policy (plain values). Get the defaults with `eeszt_otp_policy_default`:
/// ±1 step, lock for 900 s after 3 consecutive failures, HOTP look-ahead 10, resync window 100.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct eeszt_otp_policy {
    /// TOTP steps accepted before the current one.
    pub past_steps: u32,
    /// TOTP steps accepted after the current one.
    pub future_steps: u32,
    /// Consecutive failures that lock the user (0: never).
    pub max_failures: u32,
    /// HOTP counters accepted beyond the expected one.
    pub hotp_look_ahead: u32,
    /// HOTP counters searched for resynchronisation.
    pub hotp_resync_window: u32,
    /// How long a lock lasts, in seconds.
    pub lockout_secs: u64,
}

/// One user's verification state: store it with the user and pass it to every verification.
/// Zero-initialise it at enrollment (set `counter` for an HOTP token that does not start at 0).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct eeszt_otp_state {
    /// Nonzero when `last_step` holds the last accepted TOTP step or HOTP counter.
    pub has_last_step: u8,
    /// Nonzero when `locked_until` holds the unix time the lock ends.
    pub is_locked: u8,
    /// Consecutive failures.
    pub failures: u32,
    /// The last accepted step or counter (valid when `has_last_step`).
    pub last_step: u64,
    /// Unix time the lock ends (valid when `is_locked`).
    pub locked_until: u64,
    /// HOTP: the next expected counter.
    pub counter: u64,
}

impl From<eeszt_otp_policy> for Policy {
    fn from(p: eeszt_otp_policy) -> Policy {
        Policy {
            past_steps: p.past_steps,
            future_steps: p.future_steps,
            max_failures: p.max_failures,
            lockout_secs: p.lockout_secs,
            hotp_look_ahead: p.hotp_look_ahead,
            hotp_resync_window: p.hotp_resync_window,
        }
    }
}

// The state is read and written field by field, in place: copying the whole struct in and out
// cost several nanoseconds per verification more.
impl From<&eeszt_otp_state> for UserState {
    fn from(s: &eeszt_otp_state) -> UserState {
        UserState {
            last_step: (s.has_last_step != 0).then_some(s.last_step),
            failures: s.failures,
            locked_until: (s.is_locked != 0).then_some(s.locked_until),
            counter: s.counter,
        }
    }
}

impl eeszt_otp_state {
    /// Writes `state` into this C struct.
    pub(crate) fn store(&mut self, state: &UserState) {
        self.has_last_step = u8::from(state.last_step.is_some());
        self.is_locked = u8::from(state.locked_until.is_some());
        self.failures = state.failures;
        self.last_step = state.last_step.unwrap_or(0);
        self.locked_until = state.locked_until.unwrap_or(0);
        self.counter = state.counter;
    }
}

fn algorithm_arg(value: u32) -> Result<Algorithm, Error> {
    Algorithm::from_u32(value).ok_or_else(|| ApiError::InvalidArgument { what: "algorithm" }.into())
}

fn flags_arg(flags: u32) -> Result<bool, Error> {
    if flags & !EESZT_OTP_ALLOW_SHORT_KEY != 0 {
        return Err(ApiError::InvalidArgument { what: "flags" }.into());
    }
    Ok(flags & EESZT_OTP_ALLOW_SHORT_KEY != 0)
}

/// Stores a new key handle built from `secret`.
///
/// # Safety
/// `out` must be NULL or writable.
unsafe fn make_key(
    secret: Secret,
    algorithm: u32,
    digits: u32,
    period: u64,
    t0: u64,
    out: *mut *mut eeszt_otp_key,
) -> Result<(), Error> {
    let key = OtpKey::new(secret, algorithm_arg(algorithm)?, digits)?;
    let totp = Totp::new(key, period, t0)?;
    // SAFETY: forwarded contract.
    unsafe { write_out(out, into_handle(eeszt_otp_key { totp })) }
}

/// Makes a key from raw secret bytes: `algorithm` `EESZT_OTP_SHA1`/`SHA256`/`SHA512`, `digits`
/// 6-10, TOTP time step `period` seconds (30 for apps) from start time `t0` (0 for apps). `flags`:
/// 0, or `EESZT_OTP_ALLOW_SHORT_KEY` to accept a legacy secret under 128 bits.
///
/// Errors: `EESZT_ERR_OTP_KEY_TOO_SHORT`, `EESZT_ERR_OTP_KEY_EMPTY`, `EESZT_ERR_OTP_KEY_TOO_LONG`,
/// `EESZT_ERR_OTP_BAD_DIGITS`, `EESZT_ERR_OTP_BAD_PERIOD`, `EESZT_ERR_INVALID_ARGUMENT`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `secret` must be valid for `len` bytes (or `len` 0); `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_key_new(
    secret: *const u8,
    len: usize,
    algorithm: u32,
    digits: u32,
    period: u64,
    t0: u64,
    flags: u32,
    out: *mut *mut eeszt_otp_key,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let bytes = unsafe { bytes_arg(secret, len)? };
        let secret = if flags_arg(flags)? {
            Secret::from_legacy_bytes(bytes)?
        } else {
            Secret::from_bytes(bytes)?
        };
        // SAFETY: forwarded contract.
        unsafe { make_key(secret, algorithm, digits, period, t0, out) }
    })
}

/// Makes a key from a base32 setup key (lenient: lowercase, spaces, hyphens, optional `=`);
/// the other arguments as for `eeszt_otp_key_new`.
///
/// Errors: as `eeszt_otp_key_new`, and `EESZT_ERR_OTP_BASE32_CHAR`, `EESZT_ERR_OTP_BASE32_LENGTH`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `base32` must be NULL or a NUL-terminated string; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_key_from_base32(
    base32: *const c_char,
    algorithm: u32,
    digits: u32,
    period: u64,
    t0: u64,
    flags: u32,
    out: *mut *mut eeszt_otp_key,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let text = unsafe { str_arg(base32)? };
        let secret = if flags_arg(flags)? {
            Secret::from_base32_legacy(text)?
        } else {
            Secret::from_base32(text)?
        };
        // SAFETY: forwarded contract.
        unsafe { make_key(secret, algorithm, digits, period, t0, out) }
    })
}

/// Makes a key from an otpauth:// URI. For an hotp URI, `*counter` (if `counter` is not NULL)
/// receives its initial counter (0 for totp). `flags` as for `eeszt_otp_key_new`.
///
/// Errors: the URI errors (`EESZT_ERR_OTP_URI_*`), the key errors.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `uri` must be NULL or a NUL-terminated string; `out` NULL or writable; `counter` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_key_from_uri(
    uri: *const c_char,
    flags: u32,
    out: *mut *mut eeszt_otp_key,
    counter: *mut u64,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let text = unsafe { str_arg(uri)? };
        let parsed = if flags_arg(flags)? {
            OtpUri::parse_legacy(text)?
        } else {
            OtpUri::parse(text)?
        };
        let (period, initial) = match parsed.kind {
            UriKind::Totp { period } => (period, 0),
            UriKind::Hotp { counter } => (eeszt_auth::otp::DEFAULT_PERIOD, counter),
        };
        let totp = Totp::new(parsed.key()?, period, 0)?;
        // SAFETY: forwarded contract.
        unsafe {
            write_out(out, into_handle(eeszt_otp_key { totp }))?;
            write_opt(counter, initial);
        }
        Ok(())
    })
}

/// Generates a new 160-bit secret from the operating system's random generator and makes a key
/// (`algorithm`, `digits`, `period` as for `eeszt_otp_key_new`, start time 0).
///
/// Errors: `EESZT_ERR_OTP_RANDOM_UNAVAILABLE`, and the argument errors.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_key_generate(
    algorithm: u32,
    digits: u32,
    period: u64,
    out: *mut *mut eeszt_otp_key,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        let secret = Secret::generate(&mut OsRandom)?;
        // SAFETY: forwarded contract.
        unsafe { make_key(secret, algorithm, digits, period, 0, out) }
    })
}

/// Frees a key (wiping the secret). NULL is ignored.
///
/// Thread safety: call once, when no other thread uses the handle.
///
/// # Safety
/// `key` must be NULL or a handle from an `eeszt_otp_key_*` constructor, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_key_free(key: *mut eeszt_otp_key) {
    // SAFETY: forwarded contract; `free_handle` runs inside the panic boundary.
    unsafe { free_handle(key) }
}

/// Writes the HOTP code for `counter` (digits and a NUL) into `buf`; a buffer of
/// `EESZT_OTP_CODE_BUFFER_SIZE` bytes always suffices. No heap allocation.
///
/// Thread safety: may be called from any thread, also on a shared handle.
///
/// # Safety
/// `key` must be NULL or a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_hotp(
    key: *const eeszt_otp_key,
    counter: u64,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let key = unsafe { handle_ref(key)? };
        let code = key.totp.key().hotp(counter);
        // SAFETY: forwarded contract.
        unsafe { write_str(code.as_bytes(), buf, len, needed) }
    })
}

/// Writes the TOTP code valid at `unix_time` into `buf` (as `eeszt_otp_hotp`).
///
/// Errors: `EESZT_ERR_OTP_TIME_BEFORE_START` when `unix_time` is before the key's start time.
///
/// Thread safety: may be called from any thread, also on a shared handle.
///
/// # Safety
/// As for `eeszt_otp_hotp`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_totp(
    key: *const eeszt_otp_key,
    unix_time: u64,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let key = unsafe { handle_ref(key)? };
        let code = key.totp.code_at(unix_time)?;
        // SAFETY: forwarded contract.
        unsafe { write_str(code.as_bytes(), buf, len, needed) }
    })
}

/// Fills `*out` with the default policy (±1 step, 3 failures lock for 900 s, look-ahead 10,
/// resync window 100).
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_policy_default(out: *mut eeszt_otp_policy) -> eeszt_result {
    guard(|| {
        let p = Policy::default();
        let value = eeszt_otp_policy {
            past_steps: p.past_steps,
            future_steps: p.future_steps,
            max_failures: p.max_failures,
            hotp_look_ahead: p.hotp_look_ahead,
            hotp_resync_window: p.hotp_resync_window,
            lockout_secs: p.lockout_secs,
        };
        // SAFETY: forwarded contract.
        unsafe { write_out(out, value) }
    })
}

/// The check [`verify_with`] runs.
#[derive(Clone, Copy)]
enum Check {
    Totp,
    Hotp,
}

impl Check {
    // Always inlined, as the verifier's own checks are: each call site then gets the window loop
    // compiled for its verifier (the constant default one included).
    #[inline(always)]
    fn run(
        self,
        key: &eeszt_otp_key,
        verifier: &Verifier,
        state: &mut UserState,
        code: &[u8],
        unix_time: u64,
    ) -> Result<Match, OtpError> {
        match self {
            Check::Totp => verifier.verify_totp(&key.totp, state, code, unix_time),
            Check::Hotp => verifier.verify_hotp(key.totp.key(), state, code, unix_time),
        }
    }
}

/// Runs one verification: reads the policy (NULL: default) and the state, writes the state back
/// (also on failure: failure counts and locks are part of it) and the match on success.
///
/// # Safety
/// Pointers as documented on the exported functions.
#[allow(clippy::too_many_arguments)] // the exported functions' arguments, and which check
#[inline(always)]
unsafe fn verify_with(
    check: Check,
    key: *const eeszt_otp_key,
    policy: *const eeszt_otp_policy,
    state: *mut eeszt_otp_state,
    code: *const c_char,
    unix_time: u64,
    step: *mut u64,
    drift: *mut i64,
) -> Result<(), CheckFailure> {
    // SAFETY: forwarded contract.
    let key = unsafe { handle_ref(key)? };
    // SAFETY: forwarded contract: NULL or readable and writable, not used elsewhere meanwhile.
    let state = unsafe { handle_mut(state)? };
    // SAFETY: forwarded contract. Bytes, not text: the code parser refuses anything but digits,
    // spaces and hyphens itself (EESZT_ERR_OTP_CODE_NOT_DIGITS), so no UTF-8 pass is needed.
    let code = unsafe { cstr_bytes_arg(code)? };
    /// The verifier for a NULL policy, built at compile time.
    const DEFAULT_VERIFIER: Verifier = Verifier::new(Policy::DEFAULT);
    let mut user = UserState::from(&*state);
    // SAFETY: forwarded contract: NULL or a readable policy.
    let outcome = match unsafe { policy.as_ref() } {
        Some(p) => check.run(
            key,
            &Verifier::new(Policy::from(*p)),
            &mut user,
            code,
            unix_time,
        ),
        // Its own call with the constant verifier: the window bounds are then compile-time
        // constants, as they are for a Rust caller with a fixed policy.
        None => check.run(key, &DEFAULT_VERIFIER, &mut user, code, unix_time),
    };
    state.store(&user);
    let matched = outcome.map_err(CheckFailure::Otp)?;
    // SAFETY: forwarded contract.
    unsafe {
        write_opt(step, matched.step);
        write_opt(drift, matched.drift);
    }
    Ok(())
}

/// Checks a TOTP `code` typed at `unix_time` against `key` with `policy` (NULL: the default) and
/// the user's `state` (read, then written back: it records the accepted step, failures and locks;
/// store it after every call). On a match returns `EESZT_OK` and writes the matched step to
/// `*step` and the drift (steps; negative: the device is behind) to `*drift` (each may be NULL).
///
/// Errors: `EESZT_ERR_OTP_WRONG_CODE`, `EESZT_ERR_OTP_CODE_REUSED` (replay),
/// `EESZT_ERR_OTP_LOCKED`, `EESZT_ERR_OTP_CODE_LENGTH`, `EESZT_ERR_OTP_CODE_NOT_DIGITS`,
/// `EESZT_ERR_OTP_TIME_BEFORE_START`.
///
/// Thread safety: may be called from any thread; `key` may be shared; `state` must not be used by
/// another thread during the call.
///
/// # Safety
/// `key` NULL or a live handle; `policy` NULL or readable; `state` NULL or readable and writable;
/// `code` NULL or NUL-terminated; `step`, `drift` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_verify_totp(
    key: *const eeszt_otp_key,
    policy: *const eeszt_otp_policy,
    state: *mut eeszt_otp_state,
    code: *const c_char,
    unix_time: u64,
    step: *mut u64,
    drift: *mut i64,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard_check(|| unsafe {
        verify_with(
            Check::Totp,
            key,
            policy,
            state,
            code,
            unix_time,
            step,
            drift,
        )
    })
}

/// Checks an HOTP `code`: the expected counter is `state->counter`, and up to the policy's
/// look-ahead after it; on a match the state's counter moves past the matched one, which is written
/// to `*step` (the counters skipped to `*drift`). State, errors and thread safety as for
/// `eeszt_otp_verify_totp`; `unix_time` is used for the lockout.
///
/// # Safety
/// As for `eeszt_otp_verify_totp`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_verify_hotp(
    key: *const eeszt_otp_key,
    policy: *const eeszt_otp_policy,
    state: *mut eeszt_otp_state,
    code: *const c_char,
    unix_time: u64,
    step: *mut u64,
    drift: *mut i64,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard_check(|| unsafe {
        verify_with(
            Check::Hotp,
            key,
            policy,
            state,
            code,
            unix_time,
            step,
            drift,
        )
    })
}

/// Writes the otpauth:// URI of `key` for `account` (required) and `issuer` (NULL: none) into
/// `buf`: `kind` `EESZT_OTP_URI_TOTP` (the key's period) or `EESZT_OTP_URI_HOTP` (with
/// `counter`). The URI contains the secret: wipe the buffer after use.
///
/// Errors: `EESZT_ERR_OTP_ISSUER_COLON`, `EESZT_ERR_OTP_ACCOUNT_NAME`, `EESZT_ERR_INVALID_ARGUMENT`,
/// `EESZT_ERR_BUFFER_TOO_SMALL` (with `*needed`).
///
/// Thread safety: may be called from any thread, also on a shared handle.
///
/// # Safety
/// `key` NULL or a live handle; `issuer` NULL or NUL-terminated; `account` NULL or
/// NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_key_uri(
    key: *const eeszt_otp_key,
    issuer: *const c_char,
    account: *const c_char,
    kind: u32,
    counter: u64,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let key = unsafe { handle_ref(key)? };
        // SAFETY: forwarded contract.
        let account = unsafe { str_arg(account)? };
        let issuer = if issuer.is_null() {
            None
        } else {
            // SAFETY: non-NULL and NUL-terminated per the contract.
            Some(unsafe { str_arg(issuer)? })
        };
        let kind = match kind {
            EESZT_OTP_URI_TOTP => UriKind::Totp {
                period: key.totp.period(),
            },
            EESZT_OTP_URI_HOTP => UriKind::Hotp { counter },
            _ => return Err(ApiError::InvalidArgument { what: "kind" }.into()),
        };
        let otp = key.totp.key();
        let uri = OtpUri {
            kind,
            issuer: issuer.map(str::to_owned),
            account: account.to_owned(),
            secret: otp.secret().clone(),
            algorithm: otp.algorithm(),
            digits: otp.digits(),
        };
        let text = uri.to_uri()?;
        // SAFETY: forwarded contract.
        unsafe { write_str(&text, buf, len, needed) }
    })
}

/// Writes the key's setup key (base32 in groups of four, as authenticator apps show it) into
/// `buf`. It is the secret: wipe the buffer after use.
///
/// Thread safety: may be called from any thread, also on a shared handle.
///
/// # Safety
/// `key` NULL or a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_key_setup_key(
    key: *const eeszt_otp_key,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let key = unsafe { handle_ref(key)? };
        let text = key.totp.key().secret().setup_key();
        // SAFETY: forwarded contract.
        unsafe { write_str(&text, buf, len, needed) }
    })
}

/// Writes the QR code of `text` (for example a URI from `eeszt_otp_key_uri`) as an SVG document
/// into `buf`.
///
/// Errors: `EESZT_ERR_OTP_QR_TOO_LONG`, `EESZT_ERR_BUFFER_TOO_SMALL` (with `*needed`).
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_qr_svg(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let text = unsafe { str_arg(text)? };
        let svg = eeszt_auth::otp::qr_svg(text)?;
        // SAFETY: forwarded contract.
        unsafe { write_str(&svg, buf, len, needed) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::{EESZT_LANG_EN, eeszt_last_error_message};

    fn last_message() -> String {
        let mut buf = [0 as c_char; 256];
        // SAFETY: a buffer of the stated size, NULL `needed`.
        let rc = unsafe {
            eeszt_last_error_message(
                EESZT_LANG_EN,
                buf.as_mut_ptr(),
                buf.len(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(rc, 0);
        // SAFETY: written NUL-terminated on success.
        unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn verify_refusals_reach_the_last_error_message() {
        let seed = b"12345678901234567890";
        let mut key: *mut eeszt_otp_key = std::ptr::null_mut();
        // SAFETY: a valid seed and out-pointer.
        let rc = unsafe {
            eeszt_otp_key_new(
                seed.as_ptr(),
                seed.len(),
                EESZT_OTP_SHA1,
                6,
                30,
                0,
                0,
                &mut key,
            )
        };
        assert_eq!(rc, 0);
        let now = 1_111_111_111u64;
        let totp = Totp::standard(
            OtpKey::new(Secret::from_bytes(seed).unwrap(), Algorithm::Sha1, 6).unwrap(),
        );
        let window: Vec<String> = (-1i64..=1)
            .map(|d| {
                totp.code_at(now.saturating_add_signed(d * 30))
                    .unwrap()
                    .to_string()
            })
            .collect();
        let wrong = (0..1_000_000u32)
            .map(|n| format!("{n:06}"))
            .find(|c| !window.contains(c))
            .unwrap();
        let wrong = std::ffi::CString::new(wrong).unwrap();
        let mut state = eeszt_otp_state::default();
        let verify = |state: &mut eeszt_otp_state, code: &std::ffi::CStr, at: u64| {
            // SAFETY: a live handle, a writable state, a NUL-terminated code, NULL outputs.
            unsafe {
                eeszt_otp_verify_totp(
                    key,
                    std::ptr::null(),
                    state,
                    code.as_ptr(),
                    at,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                )
            }
        };
        let wrong_code = OtpError::WrongCode {
            attempts_left: None,
        }
        .code();
        assert_eq!(verify(&mut state, &wrong, now), wrong_code);
        assert!(
            last_message().contains("2 attempts left"),
            "{}",
            last_message()
        );
        assert_eq!(
            verify(&mut state, c"12345", now),
            OtpError::CodeLength {
                expected: 6,
                got: 5
            }
            .code()
        );
        assert!(last_message().contains("6 digits are needed, 5 were given"));
        assert_eq!(verify(&mut state, &wrong, now), wrong_code);
        assert!(last_message().contains("1 attempt left before the lock"));
        // A NULL argument in between is the last error until the next failure.
        // SAFETY: NULL handle (refused), NULL buffer.
        let rc = unsafe {
            eeszt_otp_hotp(
                std::ptr::null(),
                0,
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(rc, ApiError::Null.code());
        let null_message = last_message();
        assert_eq!(
            null_message,
            Error::from(ApiError::Null).message(eeszt_auth::Lang::En)
        );
        let locked = OtpError::Locked {
            until: 0,
            remaining_secs: 0,
        }
        .code();
        assert_eq!(verify(&mut state, &wrong, now), locked);
        assert!(
            last_message().contains("Try again in 15 minutes"),
            "{}",
            last_message()
        );
        assert_eq!(state.is_locked, 1);
        assert_eq!(state.locked_until, now + 900);
        // SAFETY: the handle is live and not used afterwards.
        unsafe { eeszt_otp_key_free(key) };
    }
}
