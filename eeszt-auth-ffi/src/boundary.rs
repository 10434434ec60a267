//! The panic boundary and argument/buffer helpers shared by every exported function.
// Helpers are used by the area modules; not every area uses every helper.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::ffi::c_char;
use std::mem::ManuallyDrop;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;

use eeszt_auth::otp::OtpError;
use eeszt_auth::{ApiError, Error};

use crate::common::{EESZT_MAX_INPUT_LEN, EESZT_MAX_STRING_LEN, eeszt_result};

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

/// The panic boundary for the few exports that return something other than a result code:
/// `run`'s value, or after a panic (remembered as `EESZT_ERR_PANIC`) `fallback`'s.
pub(crate) fn guard_value<R>(fallback: impl FnOnce() -> R, run: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| {
        remember(ApiError::Panic.into());
        fallback()
    })
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

/// Borrows a NUL-terminated UTF-8 string argument of at most `EESZT_MAX_STRING_LEN` bytes.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string valid for `'a`, or to at least
/// `EESZT_MAX_STRING_LEN + 1` readable bytes.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char) -> Result<&'a str, Error> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { cstr_bytes_arg(ptr)? };
    std::str::from_utf8(bytes).map_err(|_| ApiError::InvalidUtf8.into())
}

/// Borrows the bytes of a NUL-terminated string argument without requiring UTF-8 (for input
/// whose own parser rejects anything unexpected, such as a typed one-time code).
///
/// At most `EESZT_MAX_STRING_LEN + 1` bytes are read: a longer string is refused with
/// `EESZT_ERR_INPUT_TOO_LONG` without looking for its end.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string valid for `'a`, or to at least
/// `EESZT_MAX_STRING_LEN + 1` readable bytes.
pub(crate) unsafe fn cstr_bytes_arg<'a>(ptr: *const c_char) -> Result<&'a [u8], Error> {
    if ptr.is_null() {
        return Err(ApiError::Null.into());
    }
    let start = ptr.cast::<u8>();
    let mut len = 0;
    // A bounded strlen: byte by byte, because reading past the NUL could leave the caller's
    // memory. For the short strings of the hot paths (a typed code) this is a handful of loads.
    // SAFETY: each byte read lies within the string (up to its NUL) or within the first
    // EESZT_MAX_STRING_LEN + 1 bytes, readable per the caller's contract.
    while unsafe { start.add(len).read() } != 0 {
        len += 1;
        if len > EESZT_MAX_STRING_LEN {
            return Err(ApiError::InputTooLong {
                limit: EESZT_MAX_STRING_LEN,
            }
            .into());
        }
    }
    // SAFETY: the `len` bytes before the NUL were just read; they stay valid for `'a` per the
    // contract, and `len <= EESZT_MAX_STRING_LEN` is far below isize::MAX.
    Ok(unsafe { std::slice::from_raw_parts(start, len) })
}

/// Borrows a byte-buffer argument of at most `EESZT_MAX_INPUT_LEN` bytes (`len` may be 0 with any
/// pointer, including NULL).
///
/// A longer `len` (including one above `isize::MAX`, which no buffer can have) is refused with
/// `EESZT_ERR_INPUT_TOO_LONG` before any byte is read.
///
/// # Safety
/// When `0 < len <= EESZT_MAX_INPUT_LEN`, `ptr` must be NULL or valid for reads of `len` bytes.
pub(crate) unsafe fn bytes_arg<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(ApiError::Null.into());
    }
    if len > EESZT_MAX_INPUT_LEN {
        return Err(ApiError::InputTooLong {
            limit: EESZT_MAX_INPUT_LEN,
        }
        .into());
    }
    // SAFETY: non-NULL and valid for `len` bytes per the caller's contract; `len` is at most
    // EESZT_MAX_INPUT_LEN, far below isize::MAX, as `from_raw_parts` requires.
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

/// A pointer argument that [`handle_ref`] and [`handle_mut`] accept: a handle made by this library
/// ([`Handle`], checked by its tag) or a struct the caller owns (not checkable beyond NULL).
pub(crate) trait PtrArg: Sized {
    /// The value `ptr` designates, after the checks that can be made cheaply.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for the type, as documented on the exported function.
    unsafe fn locate(ptr: *mut Self) -> Result<NonNull<Self>, Error>;
}

/// A handle type: a value C holds by pointer, created by [`into_handle`] and freed by
/// [`free_handle`].
///
/// The pointer C receives is typed `*mut T` but points to a [`Tagged<T>`]: the handle's first
/// eight bytes hold `TAG`, a number unique to `T`. Every use checks it (one compare), so a handle
/// of another type, one whose tag was overwritten, or (while its memory is not reused) a freed
/// handle gives `EESZT_ERR_INVALID_HANDLE` instead of undefined behaviour. Never dereference such a
/// pointer directly: go through [`handle_ref`], [`handle_mut`] and [`free_handle`].
pub(crate) trait Handle: Sized {
    /// The tag of this handle type (distinct from every other type's and from [`FREED_TAG`]).
    const TAG: u64;
}

/// The tag written over a handle's own as it is freed.
pub(crate) const FREED_TAG: u64 = u64::from_be_bytes(*b"EESZTdel");

/// A handle's heap block: the tag first, then the value.
#[repr(C)]
pub(crate) struct Tagged<T> {
    tag: u64,
    value: T,
}

/// Registers handle types with their tags (eight ASCII bytes each, for a readable memory dump).
macro_rules! handles {
    ($($(#[$attr:meta])* $ty:ty => $tag:literal,)*) => {
        $(
            $(#[$attr])*
            impl Handle for $ty {
                const TAG: u64 = u64::from_be_bytes(*$tag);
            }

            $(#[$attr])*
            impl PtrArg for $ty {
                #[inline(always)]
                unsafe fn locate(ptr: *mut Self) -> Result<NonNull<Self>, Error> {
                    // SAFETY: forwarded contract.
                    unsafe { locate_tagged(ptr) }
                }
            }
        )*
        /// Every handle type's tag (of the features built), for the uniqueness test.
        #[cfg(test)]
        // Pushes, not vec![]: an element may carry a #[cfg] attribute, which vec![] cannot take.
        #[allow(clippy::vec_init_then_push)]
        fn all_tags() -> Vec<u64> {
            let mut tags = Vec::new();
            $(
                $(#[$attr])*
                tags.push(<$ty as Handle>::TAG);
            )*
            tags
        }
    };
}

handles! {
    crate::card::eeszt_card => b"EESZTcrd",
    crate::cert::eeszt_cert_bundle => b"EESZTcrt",
    crate::cert::eeszt_cert_readiness => b"EESZTrdy",
    crate::cvc::eeszt_cvc => b"EESZTcvc",
    crate::eid::eeszt_eid => b"EESZTeid",
    crate::id::eeszt_id_institutions => b"EESZTins",
    crate::login::eeszt_login => b"EESZTlgn",
    crate::login::eeszt_login_card => b"EESZTlgc",
    crate::login::eeszt_card_trust => b"EESZTtru",
    crate::otp::eeszt_otp_key => b"EESZTotp",
    #[cfg(feature = "store")]
    crate::store::eeszt_otp_store => b"EESZTsto",
}

/// Registers caller-owned in/out structs: NULL is refused, nothing else can be checked.
macro_rules! caller_structs {
    ($($ty:ty,)*) => {
        $(
            impl PtrArg for $ty {
                #[inline(always)]
                unsafe fn locate(ptr: *mut Self) -> Result<NonNull<Self>, Error> {
                    NonNull::new(ptr).ok_or_else(|| ApiError::Null.into())
                }
            }
        )*
    };
}

caller_structs! {
    crate::otp::eeszt_otp_state,
    crate::login::eeszt_password_state,
    crate::login::eeszt_login_checks,
}

/// The value inside a tagged handle, after checking its tag.
///
/// # Safety
/// `ptr` must be NULL or point to at least eight readable, 8-byte aligned bytes (any handle of
/// this library, of whatever type, qualifies); when the tag matches, to a live `Tagged<T>`.
#[inline(always)]
unsafe fn locate_tagged<T: Handle>(ptr: *mut T) -> Result<NonNull<T>, Error> {
    let Some(ptr) = NonNull::new(ptr.cast::<Tagged<T>>()) else {
        return Err(ApiError::Null.into());
    };
    // SAFETY: every handle starts with its u64 tag (`Tagged` is repr(C)); readable per the contract.
    if unsafe { ptr.cast::<u64>().read() } != T::TAG {
        return Err(ApiError::InvalidHandle.into());
    }
    // SAFETY: the tag says this is a live Tagged<T>; the field projection stays inside it.
    Ok(unsafe { NonNull::new_unchecked(std::ptr::addr_of_mut!((*ptr.as_ptr()).value)) })
}

/// Moves `value` into a new tagged heap handle for C.
pub(crate) fn into_handle<T: Handle>(value: T) -> *mut T {
    Box::into_raw(Box::new(Tagged { tag: T::TAG, value })).cast::<T>()
}

/// Frees a handle made by [`into_handle`], inside the panic boundary; NULL is ignored.
///
/// Every exported `*_free` function goes through here (a test checks the source). A pointer whose
/// tag is not `T`'s (another type's handle, an already freed one while its memory still says so)
/// is not freed: the call is remembered as `EESZT_ERR_INVALID_HANDLE` for
/// `eeszt_last_error_message`. The tag is overwritten before the memory is released.
///
/// # Safety
/// `ptr` must be NULL or a handle of this library (see [`locate_tagged`]), not freed before.
pub(crate) unsafe fn free_handle<T: Handle>(ptr: *mut T) {
    let _ = guard(|| {
        if ptr.is_null() {
            return Ok(());
        }
        // SAFETY: forwarded contract.
        unsafe { locate_tagged(ptr) }?;
        let tagged = ptr.cast::<Tagged<T>>();
        // SAFETY: the tag matched, so this is a live Tagged<T> from Box::into_raw. The volatile
        // write cannot be optimised away as a dead store before the deallocation.
        unsafe { std::ptr::addr_of_mut!((*tagged).tag).write_volatile(FREED_TAG) };
        // SAFETY: produced by Box::into_raw in `into_handle` and not freed before.
        drop(unsafe { Box::from_raw(tagged) });
        Ok(())
    });
}

/// Borrows a handle (checking its tag) or a caller-owned struct.
///
/// # Safety
/// `ptr` must be NULL or valid for `T` (a handle of this library, see [`Handle`]), not used
/// mutably elsewhere during `'a`.
#[inline(always)]
pub(crate) unsafe fn handle_ref<'a, T: PtrArg>(ptr: *const T) -> Result<&'a T, Error> {
    // SAFETY: per the caller's contract; `locate` checked what can be checked.
    Ok(unsafe { T::locate(ptr.cast_mut())?.as_ref() })
}

/// Borrows a handle (checking its tag) or a caller-owned struct mutably.
///
/// # Safety
/// `ptr` must be NULL or valid for `T` (a handle of this library, see [`Handle`]), not used
/// elsewhere during `'a`.
#[inline(always)]
pub(crate) unsafe fn handle_mut<'a, T: PtrArg>(ptr: *mut T) -> Result<&'a mut T, Error> {
    // SAFETY: per the caller's contract; `locate` checked what can be checked.
    Ok(unsafe { T::locate(ptr)?.as_mut() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A handle whose drop panics, to show that freeing runs inside the boundary.
    struct PanicsOnDrop;

    impl Drop for PanicsOnDrop {
        fn drop(&mut self) {
            panic!("deliberate panic in a handle's drop");
        }
    }

    handles! {
        PanicsOnDrop => b"EESZTtst",
    }

    #[test]
    fn handle_tags_are_distinct() {
        let mut tags: Vec<u64> = all_tags();
        tags.extend(super::all_tags());
        tags.push(FREED_TAG);
        tags.push(0);
        let count = tags.len();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), count);
    }

    #[test]
    fn free_handle_runs_inside_the_panic_boundary() {
        let handle = into_handle(PanicsOnDrop);
        // Without the boundary this panic would unwind out of an extern "C" fn: an abort.
        unsafe { free_handle(handle) };
        assert_eq!(last_error(), Some(ApiError::Panic.into()));
    }

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
