//! Defence in depth at the C boundary (security review L4): input caps, handle tags, panic guard.
//!
//! Several cases below break the C contract on purpose (a length larger than the buffer, a handle
//! of the wrong type); they check that the library refuses them before touching the memory.

use std::ffi::{CStr, c_char};
use std::ptr;

use eeszt_auth::ApiError;
use eeszt_auth_ffi::*;

const SECRET: &[u8] = b"12345678901234567890";
const INSTITUTIONS: &CStr =
    c"[{\"provider\": \"123456\", \"site\": \"Rendelo\", \"unit\": null, \"name\": \"Minta\"}]";

fn input_too_long() -> eeszt_result {
    ApiError::InputTooLong { limit: 0 }.code()
}

fn invalid_handle() -> eeszt_result {
    ApiError::InvalidHandle.code()
}

fn new_key() -> *mut eeszt_otp_key {
    let mut key = ptr::null_mut();
    let rc = unsafe {
        eeszt_otp_key_new(
            SECRET.as_ptr(),
            SECRET.len(),
            EESZT_OTP_SHA1,
            6,
            30,
            0,
            0,
            &mut key,
        )
    };
    assert_eq!(rc, 0);
    key
}

fn hotp(key: *const eeszt_otp_key) -> (eeszt_result, String) {
    let mut buf = [0 as c_char; EESZT_OTP_CODE_BUFFER_SIZE];
    let rc = unsafe { eeszt_otp_hotp(key, 0, buf.as_mut_ptr(), buf.len(), ptr::null_mut()) };
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    (rc, text)
}

fn last_message() -> String {
    let mut buf = [0 as c_char; 512];
    let rc = unsafe {
        eeszt_last_error_message(EESZT_LANG_EN, buf.as_mut_ptr(), buf.len(), ptr::null_mut())
    };
    assert_eq!(rc, 0);
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_caps_are_in_the_header() {
    let header = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../include/eeszt_auth.h"
    ))
    .unwrap();
    for line in [
        format!("#define EESZT_MAX_STRING_LEN {EESZT_MAX_STRING_LEN}"),
        format!("#define EESZT_MAX_INPUT_LEN {EESZT_MAX_INPUT_LEN}"),
        format!("#define EESZT_ERR_INPUT_TOO_LONG {}", input_too_long()),
        format!("#define EESZT_ERR_INVALID_HANDLE {}", invalid_handle()),
    ] {
        assert!(header.contains(&line), "missing in header: {line}");
    }
}

#[test]
fn a_length_above_isize_max_is_an_error_not_an_abort() {
    let mut key = ptr::null_mut();
    // Before the caps this reached slice::from_raw_parts with usize::MAX: an abort in a debug
    // build ("unsafe precondition(s) violated"), undefined behaviour in a release build.
    let rc = unsafe {
        eeszt_otp_key_new(
            SECRET.as_ptr(),
            usize::MAX,
            EESZT_OTP_SHA1,
            6,
            30,
            0,
            0,
            &mut key,
        )
    };
    assert_eq!(rc, input_too_long());
    assert!(key.is_null());
    assert!(last_message().contains(&format!("At most {EESZT_MAX_INPUT_LEN} bytes")));
    let rc = unsafe {
        eeszt_otp_key_new(
            SECRET.as_ptr(),
            isize::MAX as usize + 1,
            EESZT_OTP_SHA1,
            6,
            30,
            0,
            0,
            &mut key,
        )
    };
    assert_eq!(rc, input_too_long());
}

#[test]
fn a_buffer_over_the_cap_is_refused_before_it_is_read() {
    // Only 16 bytes exist; the length claims one more than the cap. Nothing may be read.
    let data = [0x7Fu8; 16];
    let mut cvc = ptr::null_mut();
    let rc = unsafe { eeszt_cvc_parse(data.as_ptr(), EESZT_MAX_INPUT_LEN + 1, &mut cvc) };
    assert_eq!(rc, input_too_long());
    assert!(cvc.is_null());
    // At the cap the length is accepted (and the real data is parsed: a real, too short buffer).
    let big = vec![0u8; EESZT_MAX_INPUT_LEN];
    let rc = unsafe { eeszt_cvc_parse(big.as_ptr(), big.len(), &mut cvc) };
    assert_ne!(rc, input_too_long());
    assert_ne!(rc, 0);
}

#[test]
fn a_string_over_the_cap_is_refused_without_reading_past_it() {
    let mut key = ptr::null_mut();
    // Exactly cap + 1 bytes and no NUL: an unbounded strlen would read past the allocation.
    let unterminated = vec![b'A'; EESZT_MAX_STRING_LEN + 1];
    let rc = unsafe {
        eeszt_otp_key_from_base32(
            unterminated.as_ptr().cast(),
            EESZT_OTP_SHA1,
            6,
            30,
            0,
            0,
            &mut key,
        )
    };
    assert_eq!(rc, input_too_long());
    // Terminated, one byte over the cap.
    let mut long = vec![b'A'; EESZT_MAX_STRING_LEN + 1];
    long.push(0);
    let rc = unsafe {
        eeszt_otp_key_from_base32(long.as_ptr().cast(), EESZT_OTP_SHA1, 6, 30, 0, 0, &mut key)
    };
    assert_eq!(rc, input_too_long());
    assert!(key.is_null());
    // At the cap the string reaches the parser (which refuses a key that long for its own reason).
    let mut at_cap = vec![b'A'; EESZT_MAX_STRING_LEN];
    at_cap.push(0);
    let rc = unsafe {
        eeszt_otp_key_from_base32(
            at_cap.as_ptr().cast(),
            EESZT_OTP_SHA1,
            6,
            30,
            0,
            0,
            &mut key,
        )
    };
    assert_ne!(rc, input_too_long());
    assert_ne!(rc, 0);
    // A short string still works.
    let rc = unsafe {
        eeszt_otp_key_from_base32(
            c"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".as_ptr(),
            EESZT_OTP_SHA1,
            6,
            30,
            0,
            0,
            &mut key,
        )
    };
    assert_eq!(rc, 0);
    assert_eq!(hotp(key), (0, "755224".to_owned()));
    unsafe { eeszt_otp_key_free(key) };
}

#[test]
fn a_handle_of_another_type_is_refused() {
    let key = new_key();
    let mut list = ptr::null_mut();
    assert_eq!(
        unsafe { eeszt_id_institutions_from_json(INSTITUTIONS.as_ptr(), &mut list) },
        0
    );

    // The institution list used as a key: refused, nothing read beyond its tag.
    let (rc, _) = hotp(list.cast());
    assert_eq!(rc, invalid_handle());
    assert!(last_message().starts_with("Invalid handle"));
    // The key used as an institution list.
    let mut count = 0usize;
    let rc = unsafe { eeszt_id_institutions_count(key.cast(), &mut count) };
    assert_eq!(rc, invalid_handle());

    // Freeing through the wrong function frees nothing and is reported.
    unsafe { eeszt_id_institutions_free(key.cast()) };
    assert!(last_message().starts_with("Invalid handle"));
    assert_eq!(hotp(key), (0, "755224".to_owned()), "the key survived");
    unsafe { eeszt_cvc_free(list.cast()) };
    assert_eq!(unsafe { eeszt_id_institutions_count(list, &mut count) }, 0);
    assert_eq!(count, 2, "the list survived (one institution and \"none\")");

    unsafe { eeszt_id_institutions_free(list) };
    unsafe { eeszt_otp_key_free(key) };
}

#[test]
fn a_handle_whose_tag_was_overwritten_is_refused() {
    let key = new_key();
    let tag = key.cast::<u64>();
    // The tag is the handle's first eight bytes (documented in the header).
    let saved = unsafe { tag.read() };
    unsafe { tag.write(0) };
    assert_eq!(hotp(key).0, invalid_handle());
    // The one-time password check refuses it too, before reading anything else.
    let mut state = eeszt_otp_state::default();
    let rc = unsafe {
        eeszt_otp_verify_hotp(
            key,
            ptr::null(),
            &mut state,
            c"755224".as_ptr(),
            0,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    assert_eq!(rc, invalid_handle());
    // A free of a handle whose tag does not match does nothing.
    unsafe { eeszt_otp_key_free(key) };
    assert!(last_message().starts_with("Invalid handle"));
    unsafe { tag.write(saved) };
    assert_eq!(hotp(key), (0, "755224".to_owned()));
    unsafe { eeszt_otp_key_free(key) };
}

#[test]
fn null_handles_are_still_null_errors_and_free_accepts_null() {
    assert_eq!(hotp(ptr::null()).0, ApiError::Null.code());
    unsafe {
        eeszt_otp_key_free(ptr::null_mut());
        eeszt_cvc_free(ptr::null_mut());
        eeszt_cert_free(ptr::null_mut());
        eeszt_cert_readiness_free(ptr::null_mut());
        eeszt_eid_free(ptr::null_mut());
        eeszt_id_institutions_free(ptr::null_mut());
        eeszt_login_free(ptr::null_mut());
        eeszt_login_card_free(ptr::null_mut());
        eeszt_card_free(ptr::null_mut());
    }
}

#[test]
fn cert_load_file_refuses_what_is_not_a_regular_file_at_once() {
    let dir = std::env::temp_dir().join(format!("eeszt-ffi-hardening-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let big = dir.join("big");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(EESZT_MAX_INPUT_LEN as u64 + 1).unwrap(); // sparse
    let not_regular = ApiError::NotARegularFile {
        detail: String::new(),
    }
    .code();
    let too_large = ApiError::FileTooLarge {
        detail: String::new(),
        limit: 0,
    }
    .code();
    let cases = [
        (dir.clone(), not_regular),
        (fifo, not_regular),
        ("/dev/zero".into(), not_regular),
        (big, too_large),
    ];
    for (path, code) in cases {
        let started = std::time::Instant::now();
        let text = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        let mut out = ptr::null_mut();
        let rc = unsafe { eeszt_cert_load_file(text.as_ptr(), ptr::null(), &mut out) };
        assert_eq!(rc, code, "{}", path.display());
        assert!(out.is_null());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{}",
            path.display()
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}
