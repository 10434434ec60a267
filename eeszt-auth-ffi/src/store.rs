//! OTP state stores: verification that stays exactly-once across threads, processes and servers
//! sharing one database (feature `store`, header define `EESZT_STORE`).

use std::ffi::c_char;

use eeszt_auth::otp::{Match, OtpError, Policy, verify_atomic, verify_hotp_atomic};
use eeszt_auth_store::AnyStore;

use crate::boundary::{
    CheckFailure, check_out, free_handle, guard, guard_check, handle_ref, into_handle, str_arg,
    write_opt, write_out,
};
use crate::common::eeszt_result;
use crate::otp::{eeszt_otp_key, eeszt_otp_policy};

/// A store of users' OTP states (replay protection, failures, locks): in memory, an SQLite file
/// or a PostgreSQL database, opened with `eeszt_otp_store_open`.
///
/// Thread safety: one handle may be used from several threads; its calls then take turns on its
/// one database connection (open one handle per thread for parallel checks). Free it exactly once,
/// with `eeszt_otp_store_free`, when no thread uses it.
pub struct eeszt_otp_store {
    store: AnyStore,
}

impl std::fmt::Debug for eeszt_otp_store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("eeszt_otp_store")
            .field("store", &self.store)
            .finish()
    }
}

/// Opens a store from a connection string: `"memory:"` (this process only, forgotten when freed),
/// `"sqlite:PATH"` (created if missing; WAL mode) or a `"postgres://…"` / `"postgresql://…"` URL.
/// The table `eeszt_otp_state` is created if missing (see the README for its SQL).
///
/// Errors: `EESZT_ERR_OTP_STORE_CONN_STRING`, `EESZT_ERR_OTP_STORE_UNAVAILABLE`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `conn_str` must be NULL or a NUL-terminated string; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_store_open(
    conn_str: *const c_char,
    out: *mut *mut eeszt_otp_store,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let text = unsafe { str_arg(conn_str)? };
        let store = eeszt_auth_store::open(text)?;
        // SAFETY: forwarded contract.
        unsafe { write_out(out, into_handle(eeszt_otp_store { store })) }
    })
}

/// Closes a store. NULL is ignored.
///
/// Thread safety: call once, when no other thread uses the handle.
///
/// # Safety
/// `store` must be NULL or a handle from `eeszt_otp_store_open`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_store_free(store: *mut eeszt_otp_store) {
    // SAFETY: forwarded contract; `free_handle` runs inside the panic boundary.
    unsafe { free_handle(store) }
}

enum Kind {
    Totp,
    Hotp,
}

/// # Safety
/// Pointers as documented on the exported functions.
#[allow(clippy::too_many_arguments)] // the exported functions' arguments, and which check
unsafe fn verify_in_store(
    kind: Kind,
    store: *const eeszt_otp_store,
    key: *const eeszt_otp_key,
    policy: *const eeszt_otp_policy,
    user: *const c_char,
    code: *const c_char,
    unix_time: u64,
    step: *mut u64,
    drift: *mut i64,
) -> Result<(), CheckFailure> {
    // SAFETY: forwarded contract.
    let store = unsafe { handle_ref(store)? };
    // SAFETY: forwarded contract.
    let key = unsafe { handle_ref(key)? };
    // SAFETY: forwarded contract.
    let user = unsafe { str_arg(user)? };
    // SAFETY: forwarded contract.
    let code = unsafe { str_arg(code)? };
    // SAFETY: forwarded contract: NULL or a readable policy.
    let policy = unsafe { policy.as_ref() }.map_or(Policy::DEFAULT, |p| Policy::from(*p));
    let outcome: Result<Match, OtpError> = match kind {
        Kind::Totp => verify_atomic(&store.store, key.totp(), user, code, unix_time, &policy),
        Kind::Hotp => verify_hotp_atomic(
            &store.store,
            key.totp().key(),
            user,
            code,
            unix_time,
            &policy,
        ),
    };
    let matched = outcome.map_err(CheckFailure::Otp)?;
    // SAFETY: forwarded contract.
    unsafe {
        write_opt(step, matched.step);
        write_opt(drift, matched.drift);
    }
    Ok(())
}

/// Checks a TOTP `code` typed at `unix_time` for `user` (1 to 256 bytes of UTF-8 without control
/// characters) against the user's state in `store`, with `policy` (NULL: the default), and records
/// the outcome atomically: of any number of concurrent checks of one code, in this process or any
/// other using the same database, at most one returns `EESZT_OK`. On a match writes the step and
/// drift as `eeszt_otp_verify_totp` does (each may be NULL).
///
/// Errors: the refusals of `eeszt_otp_verify_totp` (`EESZT_ERR_OTP_WRONG_CODE`,
/// `EESZT_ERR_OTP_CODE_REUSED`, `EESZT_ERR_OTP_LOCKED`, ...), `EESZT_ERR_OTP_STORE_USER`,
/// `EESZT_ERR_OTP_STORE_UNAVAILABLE`, `EESZT_ERR_OTP_STATE_RECORD`,
/// `EESZT_ERR_OTP_STORE_CONTENTION` (too many concurrent checks of this user; nothing accepted).
///
/// Thread safety: may be called from any thread; `store` and `key` may be shared.
///
/// # Safety
/// `store`, `key` NULL or live handles; `policy` NULL or readable; `user`, `code` NULL or
/// NUL-terminated; `step`, `drift` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_verify_totp_store(
    store: *const eeszt_otp_store,
    key: *const eeszt_otp_key,
    policy: *const eeszt_otp_policy,
    user: *const c_char,
    code: *const c_char,
    unix_time: u64,
    step: *mut u64,
    drift: *mut i64,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard_check(|| unsafe {
        verify_in_store(
            Kind::Totp,
            store,
            key,
            policy,
            user,
            code,
            unix_time,
            step,
            drift,
        )
    })
}

/// As `eeszt_otp_verify_totp_store`, for an HOTP code: the expected counter is the stored state's
/// (0 for a user the store does not know yet), with the policy's look-ahead.
///
/// # Safety
/// As for `eeszt_otp_verify_totp_store`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_otp_verify_hotp_store(
    store: *const eeszt_otp_store,
    key: *const eeszt_otp_key,
    policy: *const eeszt_otp_policy,
    user: *const c_char,
    code: *const c_char,
    unix_time: u64,
    step: *mut u64,
    drift: *mut i64,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard_check(|| unsafe {
        verify_in_store(
            Kind::Hotp,
            store,
            key,
            policy,
            user,
            code,
            unix_time,
            step,
            drift,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::eeszt_otp_key_from_base32;

    #[test]
    fn a_code_is_accepted_once_through_the_c_abi() {
        let mut store: *mut eeszt_otp_store = std::ptr::null_mut();
        let mut key: *mut eeszt_otp_key = std::ptr::null_mut();
        // SAFETY: valid C strings and out-pointers; the handles are freed below.
        unsafe {
            assert_eq!(eeszt_otp_store_open(c"memory:".as_ptr(), &mut store), 0);
            assert_eq!(
                eeszt_otp_key_from_base32(
                    c"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".as_ptr(),
                    0,
                    6,
                    30,
                    0,
                    0,
                    &mut key
                ),
                0
            );
            // The handle points at the tagged wrapper: compute the code from the same secret.
            let totp = eeszt_auth::otp::Totp::standard(
                eeszt_auth::otp::OtpKey::new(
                    eeszt_auth::otp::Secret::from_bytes(b"12345678901234567890").unwrap(),
                    eeszt_auth::otp::Algorithm::Sha1,
                    6,
                )
                .unwrap(),
            );
            let code = totp.code_at(59).unwrap();
            let code = std::ffi::CString::new(code.as_str()).unwrap();
            let mut step = 0u64;
            let rc = eeszt_otp_verify_totp_store(
                store,
                key,
                std::ptr::null(),
                c"u1".as_ptr(),
                code.as_ptr(),
                59,
                &mut step,
                std::ptr::null_mut(),
            );
            assert_eq!((rc, step), (0, 1));
            let rc = eeszt_otp_verify_totp_store(
                store,
                key,
                std::ptr::null(),
                c"u1".as_ptr(),
                code.as_ptr(),
                59,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            assert_eq!(rc, OtpError::CodeReused.code());
            // A key handle where the store belongs is refused by its tag.
            let rc = eeszt_otp_verify_totp_store(
                key.cast(),
                key,
                std::ptr::null(),
                c"u1".as_ptr(),
                code.as_ptr(),
                59,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            assert_eq!(rc, eeszt_auth::ApiError::InvalidHandle.code());
            let mut other: *mut eeszt_otp_store = std::ptr::null_mut();
            assert_eq!(
                eeszt_otp_store_open(c"mysql://x".as_ptr(), &mut other),
                OtpError::StoreConnString.code()
            );
            assert!(other.is_null());
            eeszt_otp_store_free(store);
            crate::otp::eeszt_otp_key_free(key);
        }
    }
}
