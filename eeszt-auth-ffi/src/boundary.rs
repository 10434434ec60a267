//! The panic boundary and argument/buffer helpers shared by every exported function.
// Helpers are used by the area modules; not every area uses every helper.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::ffi::{CStr, c_char};
use std::mem::ManuallyDrop;
use std::panic::{AssertUnwindSafe, catch_unwind};

use eeszt_auth::otp::OtpError;
use eeszt_auth::{ApiError, Error};

use crate::common::eeszt_result;

thread_local! {
    /// The error of the most recent failed call on this thread (for `eeszt_last_error_message`),
    /// unless `LAST_REFUSAL` holds a newer one.
    static LAST_ERROR: RefCell<Option<Error>> = const { RefCell::new(None) };
    /// A one-time password check's refusal, newer than `LAST_ERROR` when set. A refused code is
    /// an everyday outcome of a verification; building and storing a full [`Error`] for it (and
    /// dropping the previous one) cost about as much as all the rest of the C ABI's work around
    /// the check, while this slot is a few plain stores (no destructor, no borrow flag). Only
    /// refusals ([`is_refusal`]) are stored here: they own no memory, so skipping their drop
    /// (`ManuallyDrop`, which keeps the slot free of a thread-exit destructor) leaks nothing.
    static LAST_REFUSAL: Cell<Option<ManuallyDrop<OtpError>>> = const { Cell::new(None) };
}

/// Runs `body` inside a panic boundary and converts its outcome into a result code.
///
/// A failure is also remembered as this thread's last error, with its details. The error is
/// turned into its code (and stored) inside the boundary, so only a `u32` crosses
/// `catch_unwind`, not the whole error value.
pub(crate) fn guard<F>(body: F) -> eeszt_result
where
    F: FnOnce() -> Result<(), Error>,
{
    boundary(|| match body() {
        Ok(()) => 0,
        Err(err) => remember(err),
    })
}

/// How a one-time password check failed: a bad argument, or the check's own verdict.
pub(crate) enum CheckFailure {
    /// A NULL or otherwise unusable argument (the check did not run).
    Arg(Error),
    /// The check ran and refused the code (wrong, reused, locked, malformed).
    Otp(OtpError),
}

impl From<Error> for CheckFailure {
    fn from(err: Error) -> CheckFailure {
        CheckFailure::Arg(err)
    }
}

/// [`guard`] for the one-time password checks, whose refusals are remembered as they are.
pub(crate) fn guard_check<F>(body: F) -> eeszt_result
where
    F: FnOnce() -> Result<(), CheckFailure>,
{
    boundary(|| match body() {
        Ok(()) => 0,
        Err(CheckFailure::Arg(err)) => remember(err),
        Err(CheckFailure::Otp(err)) if is_refusal(&err) => {
            let code = err.code();
            // try_with: during thread teardown the slot may be gone; the code is still returned.
            let _ = LAST_REFUSAL.try_with(|slot| slot.set(Some(ManuallyDrop::new(err))));
            code
        }
        Err(CheckFailure::Otp(err)) => remember(err.into()),
    })
}

/// Whether `err` is the verdict of a check on a typed code (these carry only numbers).
fn is_refusal(err: &OtpError) -> bool {
    matches!(
        err,
        OtpError::Locked { .. }
            | OtpError::TimeBeforeStart
            | OtpError::CodeLength { .. }
            | OtpError::CodeNotDigits
            | OtpError::WrongCode { .. }
            | OtpError::CodeReused
            | OtpError::ResyncFailed
    )
}

/// The panic boundary: `run` returns the result code; a panic becomes `EESZT_ERR_PANIC`.
fn boundary(run: impl FnOnce() -> eeszt_result) -> eeszt_result {
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| remember(ApiError::Panic.into()))
}

/// Remembers `err` as this thread's last error; returns its code.
fn remember(err: Error) -> eeszt_result {
    let code = err.code();
    // try_with: during thread teardown the slots may be gone; the code is still returned.
    let _ = LAST_REFUSAL.try_with(|slot| slot.set(None));
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = Some(err);
        }
    });
    code
}

/// The last error remembered on this thread, if any.
pub(crate) fn last_error() -> Option<Error> {
    let refusal = LAST_REFUSAL
        .try_with(|slot| {
            let kept = slot.take();
            let copy = kept.as_deref().cloned();
            slot.set(kept);
            copy
        })
        .ok()
        .flatten();
    if let Some(err) = refusal {
        return Some(err.into());
    }
    LAST_ERROR
        .try_with(|slot| slot.try_borrow().ok().and_then(|e| e.clone()))
        .ok()
        .flatten()
}

/// Borrows a NUL-terminated UTF-8 string argument.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char) -> Result<&'a str, Error> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { cstr_bytes_arg(ptr)? };
    std::str::from_utf8(bytes).map_err(|_| ApiError::InvalidUtf8.into())
}

/// Borrows the bytes of a NUL-terminated string argument without requiring UTF-8 (for input
/// whose own parser rejects anything unexpected, such as a typed one-time code).
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn cstr_bytes_arg<'a>(ptr: *const c_char) -> Result<&'a [u8], Error> {
    if ptr.is_null() {
        return Err(ApiError::Null.into());
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    Ok(unsafe { CStr::from_ptr(ptr) }.to_bytes())
}

/// Borrows a byte-buffer argument (`len` may be 0 with any pointer, including NULL).
///
/// # Safety
/// When `len > 0`, `ptr` must be NULL or valid for reads of `len` bytes.
pub(crate) unsafe fn bytes_arg<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(ApiError::Null.into());
    }
    // SAFETY: non-NULL and valid for `len` bytes per the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Checks an out-parameter pointer before any work is done.
pub(crate) fn check_out<T>(ptr: *mut T) -> Result<(), Error> {
    if ptr.is_null() {
        Err(ApiError::Null.into())
    } else {
        Ok(())
    }
}

/// Writes `value` through an out-parameter.
///
/// # Safety
/// `ptr` must be NULL or valid for a write of `T`.
pub(crate) unsafe fn write_out<T>(ptr: *mut T, value: T) -> Result<(), Error> {
    check_out(ptr)?;
    // SAFETY: non-NULL and writable per the caller's contract.
    unsafe { ptr.write(value) };
    Ok(())
}

/// Writes `value` through an optional out-parameter (NULL means the caller does not want it).
///
/// # Safety
/// `ptr` must be NULL or valid for a write of `T`.
pub(crate) unsafe fn write_opt<T>(ptr: *mut T, value: T) {
    if !ptr.is_null() {
        // SAFETY: non-NULL and writable per the caller's contract.
        unsafe { ptr.write(value) };
    }
}

/// Copies `s` and a terminating NUL into the caller's buffer.
///
/// `*needed` (when `needed` is not NULL) always receives `s.len() + 1`. When the buffer is NULL or too
/// small nothing is written to it and `EESZT_ERR_BUFFER_TOO_SMALL` is returned.
///
/// # Safety
/// `buf` must be NULL or valid for writes of `len` bytes; `needed` NULL or writable.
pub(crate) unsafe fn write_str(
    s: &(impl AsRef<[u8]> + ?Sized),
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> Result<(), Error> {
    // SAFETY: forwarded contract; a C string is bytes.
    unsafe { write_bytes_inner(s.as_ref(), true, buf.cast::<u8>(), len, needed) }
}

/// Copies `data` into the caller's buffer; like [`write_str`] without the NUL. `*written` receives
/// the length on success.
///
/// # Safety
/// `buf` must be NULL or valid for writes of `len` bytes; `needed` NULL or writable.
pub(crate) unsafe fn write_bytes(
    data: &[u8],
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> Result<(), Error> {
    // SAFETY: forwarded contract.
    unsafe { write_bytes_inner(data, false, buf, len, needed) }
}

unsafe fn write_bytes_inner(
    data: &[u8],
    nul: bool,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> Result<(), Error> {
    let total = data.len() + usize::from(nul);
    // SAFETY: forwarded contract.
    unsafe { write_opt(needed, total) };
    if buf.is_null() || len < total {
        return Err(ApiError::BufferTooSmall { needed: total }.into());
    }
    // SAFETY: `buf` is valid for `len >= total` bytes and cannot overlap our Rust-owned `data`.
    unsafe {
        std::ptr::copy_nonoverlapping(data.as_ptr(), buf, data.len());
        if nul {
            buf.add(data.len()).write(0);
        }
    }
    Ok(())
}

/// Validates a language value (0 = Hungarian, 1 = English).
pub(crate) fn lang_arg(lang: u32) -> Result<eeszt_auth::Lang, Error> {
    eeszt_auth::Lang::from_u32(lang).ok_or_else(|| ApiError::UnknownLang.into())
}

/// Moves `value` into a new heap handle for C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Frees a handle made by [`into_handle`]; NULL is ignored.
///
/// # Safety
/// `ptr` must be NULL or a pointer returned by [`into_handle`] for the same `T`, not freed before.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: produced by Box::into_raw and not freed before, per the caller's contract.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// Borrows a handle.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `T` not used mutably elsewhere during `'a`.
pub(crate) unsafe fn handle_ref<'a, T>(ptr: *const T) -> Result<&'a T, Error> {
    // SAFETY: per the caller's contract.
    unsafe { ptr.as_ref() }.ok_or_else(|| ApiError::Null.into())
}

/// Borrows a handle mutably.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `T` not used elsewhere during `'a`.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, Error> {
    // SAFETY: per the caller's contract.
    unsafe { ptr.as_mut() }.ok_or_else(|| ApiError::Null.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_refusals_take_the_refusal_slot() {
        let refusals = [
            OtpError::Locked {
                until: 1_700_000_900,
                remaining_secs: 61,
            },
            OtpError::TimeBeforeStart,
            OtpError::CodeLength {
                expected: 6,
                got: 5,
            },
            OtpError::CodeNotDigits,
            OtpError::WrongCode {
                attempts_left: Some(2),
            },
            OtpError::CodeReused,
            OtpError::ResyncFailed,
        ];
        for err in refusals {
            assert!(is_refusal(&err), "{err:?}");
            assert_eq!(
                guard_check(|| Err(CheckFailure::Otp(err.clone()))),
                err.code()
            );
            assert_eq!(last_error(), Some(err.clone().into()));
            assert_eq!(LAST_REFUSAL.with(|slot| slot.take()).as_deref(), Some(&err));
        }
        // The one OTP error that owns memory goes to the ordinary slot.
        let other = OtpError::UriDuplicate {
            name: "secret".into(),
        };
        assert!(!is_refusal(&other));
    }

    #[test]
    fn the_newest_failure_is_the_last_error() {
        // Each test runs on its own thread, so the slots start empty.
        assert_eq!(last_error(), None);
        let refused = OtpError::WrongCode {
            attempts_left: Some(1),
        };
        let rc = guard_check(|| Err(CheckFailure::Otp(refused.clone())));
        assert_eq!(rc, refused.code());
        assert_eq!(last_error(), Some(refused.clone().into()));
        // A later error of another kind replaces the refusal ...
        let rc = guard(|| Err(ApiError::Null.into()));
        assert_eq!(rc, ApiError::Null.code());
        assert_eq!(last_error(), Some(ApiError::Null.into()));
        // ... and a later refusal replaces it in turn; success leaves it.
        let locked = OtpError::Locked {
            until: 900,
            remaining_secs: 900,
        };
        guard_check(|| Err(CheckFailure::Otp(locked.clone())));
        assert_eq!(guard_check(|| Ok(())), 0);
        assert_eq!(last_error(), Some(locked.into()));
        // A bad argument of a check is remembered as an ordinary error.
        guard_check(|| Err(CheckFailure::Arg(ApiError::Null.into())));
        assert_eq!(last_error(), Some(ApiError::Null.into()));
        // An OTP error that is not a refusal goes the ordinary way too.
        let other = OtpError::UriDuplicate {
            name: "digits".into(),
        };
        guard_check(|| Err(CheckFailure::Otp(other.clone())));
        assert_eq!(last_error(), Some(other.into()));
    }
}
