//! The panic boundary and argument/buffer helpers shared by every exported function.
// Helpers are used by the area modules; not every area uses every helper.
#![allow(dead_code)]

use std::cell::RefCell;
use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use eeszt_auth::{ApiError, Error};

use crate::common::eeszt_result;

thread_local! {
    /// The error of the most recent failed call on this thread (for `eeszt_last_error_message`).
    static LAST_ERROR: RefCell<Option<Error>> = const { RefCell::new(None) };
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
    let run = || match body() {
        Ok(()) => 0,
        Err(err) => {
            let code = err.code();
            remember(err);
            code
        }
    };
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| {
        remember(ApiError::Panic.into());
        ApiError::Panic.code()
    })
}

fn remember(err: Error) {
    // try_with: during thread teardown the slot may be gone; the code is still returned.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = Some(err);
        }
    });
}

/// The last error remembered on this thread, if any.
pub(crate) fn last_error() -> Option<Error> {
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
