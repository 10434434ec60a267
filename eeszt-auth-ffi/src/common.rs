//! The pieces every function shares: result type, languages, messages, version.

use std::ffi::c_char;

use eeszt_auth::{ApiError, Error, error::describe};

use crate::boundary::{guard, lang_arg, last_error, write_str};

/// The result of every function: `EESZT_OK` (0) or an error code (`EESZT_ERR_*`).
///
/// Codes are stable, grouped by area and never reused; `eeszt_error_message` gives their text.
pub type eeszt_result = u32;

/// Hungarian messages (`lang` argument).
pub const EESZT_LANG_HU: u32 = 0;
/// English messages (`lang` argument).
pub const EESZT_LANG_EN: u32 = 1;

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library version, a static NUL-terminated string such as "0.1.0". Never NULL; do not free it.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn eeszt_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

fn generic_message(code: eeszt_result, lang: eeszt_auth::Lang) -> Result<&'static str, Error> {
    if code == 0 {
        return Ok(lang.pick("Sikeres művelet.", "Success."));
    }
    describe(code)
        .map(|info| info.message(lang))
        .ok_or_else(|| ApiError::UnknownCode.into())
}

/// Copies the message of `code` in `lang` (`EESZT_LANG_HU` or `EESZT_LANG_EN`) into `buf`.
///
/// `*needed` (if `needed` is not NULL) receives the size required, NUL included. Returns
/// `EESZT_ERR_UNKNOWN_LANG` for an unknown language, `EESZT_ERR_UNKNOWN_CODE` for a code this
/// version does not know, `EESZT_ERR_BUFFER_TOO_SMALL` when `buf` is NULL or shorter than needed.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `buf` must be NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_error_message(
    code: eeszt_result,
    lang: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        let lang = lang_arg(lang)?;
        let text = generic_message(code, lang)?;
        // SAFETY: forwarded contract.
        unsafe { write_str(text, buf, len, needed) }
    })
}

/// Copies the stable symbolic name of `code` (for example "NULL" for `EESZT_ERR_NULL`, "OK" for 0)
/// into `buf`. Errors as for `eeszt_error_message`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `buf` must be NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_error_name(
    code: eeszt_result,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        let name = if code == 0 {
            "OK"
        } else {
            describe(code).ok_or(ApiError::UnknownCode)?.name
        };
        // SAFETY: forwarded contract.
        unsafe { write_str(name, buf, len, needed) }
    })
}

/// Copies the full message of the most recent failed call on the calling thread, with its details
/// (for example the corrected user name to type), into `buf`.
///
/// Read it right after a call returned an error: a later failure replaces it, success does not clear
/// it. Returns `EESZT_ERR_UNKNOWN_CODE` when no call has failed on this thread yet. A failure of this
/// function itself (short buffer, bad language) does not replace the remembered error.
///
/// Thread safety: per thread; each thread sees its own last error.
///
/// # Safety
/// `buf` must be NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_last_error_message(
    lang: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    let remembered = last_error();
    let code = guard(|| {
        let lang = lang_arg(lang)?;
        let err = remembered.clone().ok_or(ApiError::UnknownCode)?;
        // SAFETY: forwarded contract.
        unsafe { write_str(&err.message(lang), buf, len, needed) }
    });
    if code != 0 {
        if let Some(err) = remembered {
            // Keep the caller's error, not ours.
            let _ = guard(|| Err(err));
        }
    }
    code
}

/// Test only: panics inside the boundary and returns `EESZT_ERR_PANIC`, proving that a panic never
/// unwinds into the caller. Built only with the `testing` feature.
#[cfg(feature = "testing")]
#[unsafe(no_mangle)]
pub extern "C" fn eeszt_test_panic() -> eeszt_result {
    guard(|| panic!("eeszt_test_panic: deliberate panic to test the C boundary"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_paths() {
        let mut buf = [0 as c_char; 128];
        let mut needed = 0usize;
        let rc =
            unsafe { eeszt_error_message(1, EESZT_LANG_EN, buf.as_mut_ptr(), 128, &mut needed) };
        assert_eq!(rc, 0);
        let text = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
            .to_str()
            .unwrap();
        assert_eq!(needed, text.len() + 1);
        let rc = unsafe { eeszt_error_message(1, EESZT_LANG_EN, buf.as_mut_ptr(), 3, &mut needed) };
        assert_eq!(rc, ApiError::BufferTooSmall { needed: 0 }.code());
        let rc = unsafe { eeszt_error_message(1, 9, buf.as_mut_ptr(), 128, &mut needed) };
        assert_eq!(rc, ApiError::UnknownLang.code());
        let rc = unsafe { eeszt_error_message(77_777, 0, buf.as_mut_ptr(), 128, &mut needed) };
        assert_eq!(rc, ApiError::UnknownCode.code());
    }
}
