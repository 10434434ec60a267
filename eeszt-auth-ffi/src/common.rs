//! The pieces every function shares: result type, languages, messages, version.

use std::ffi::c_char;

use eeszt_auth::{ApiError, Error, error::describe};

use crate::boundary::{guard, guard_value, lang_arg, last_error, write_str};

/// The result of every function: `EESZT_OK` (0) or an error code (`EESZT_ERR_*`).
///
/// Codes are stable, grouped by area and never reused; `eeszt_error_message` gives their text.
pub type eeszt_result = u32;

/// Hungarian messages (`lang` argument).
pub const EESZT_LANG_HU: u32 = 0;
/// English messages (`lang` argument).
pub const EESZT_LANG_EN: u32 = 1;

/// The longest NUL-terminated string argument accepted, in bytes without the NUL: 1 MiB.
///
/// A longer string gives `EESZT_ERR_INPUT_TOO_LONG`; the library reads at most this many bytes
/// plus one looking for the NUL, so an unterminated buffer of at least that size is not overrun.
/// The longest real strings are JSON documents (an institution list, a simulated card's saved
/// state), tens of kilobytes at most; codes, names, paths and otpauth:// URIs are far shorter.
pub const EESZT_MAX_STRING_LEN: usize = 1048576;

/// The longest byte-buffer argument accepted (certificates, PKCS#12 files, CV certificate chains,
/// APDUs, challenges), in bytes: 16 MiB. Also the largest file `eeszt_cert_load_file` reads.
///
/// A longer length gives `EESZT_ERR_INPUT_TOO_LONG` before any byte is read (so does any length
/// above `PTRDIFF_MAX`, which no buffer can have). Real inputs are a few kilobytes: an EESZT
/// PKCS#12 file about 5 KB, a CV certificate chain under 1 KB, an extended APDU at most 64 KiB.
pub const EESZT_MAX_INPUT_LEN: usize = 16777216;

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library version, a static NUL-terminated string such as "0.1.0". Never NULL; do not free it.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn eeszt_version() -> *const c_char {
    let version = || VERSION.as_ptr().cast();
    guard_value(version, version)
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
    let remembered = guard_value(|| None, last_error);
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
