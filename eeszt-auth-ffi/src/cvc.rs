//! CV certificates (BSI TR-03110): parse, read the fields, verify a chain. Conversions only.

use std::ffi::c_char;

use eeszt_auth::cert::{CvCertificate, CvDate, Role, verify_chain};
use eeszt_auth::{ApiError, Error};

use crate::boundary::{
    bytes_arg, check_out, free_handle, guard, handle_ref, into_handle, str_arg, write_bytes,
    write_out, write_str,
};
use crate::common::eeszt_result;

/// Role of a CV certificate holder: the country verifying CA.
pub const EESZT_CVC_ROLE_CVCA: u32 = 0;
/// Role: document verifier, official domestic.
pub const EESZT_CVC_ROLE_DV_DOMESTIC: u32 = 1;
/// Role: document verifier, non-official or foreign.
pub const EESZT_CVC_ROLE_DV_FOREIGN: u32 = 2;
/// Role: terminal.
pub const EESZT_CVC_ROLE_TERMINAL: u32 = 3;

/// A parsed CV certificate (opaque). Made by `eeszt_cvc_parse`, freed by `eeszt_cvc_free`.
///
/// Thread safety: immutable after parsing; may be read from several threads at once, freed once.
#[derive(Debug)]
pub struct eeszt_cvc {
    cert: CvCertificate,
}

/// Which text field an accessor copies.
#[derive(Clone, Copy)]
enum Field {
    Car,
    Chr,
    TerminalType,
    Rights,
    Effective,
    Expiration,
    KeyOid,
}

fn text(cert: &CvCertificate, field: Field) -> String {
    match field {
        Field::Car => cert.car().to_string(),
        Field::Chr => cert.chr().to_string(),
        Field::TerminalType => cert.chat().terminal_type().name(),
        Field::Rights => cert
            .chat()
            .rights()
            .iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
            .join(","),
        Field::Effective => cert.effective().to_string(),
        Field::Expiration => cert.expiration().to_string(),
        Field::KeyOid => cert.public_key().oid().to_string(),
    }
}

/// # Safety
/// `cert` NULL or live; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
unsafe fn copy_field(
    cert: *const eeszt_cvc,
    field: Field,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let handle = unsafe { handle_ref(cert) }?;
        // SAFETY: forwarded contract.
        unsafe { write_str(&text(&handle.cert, field), buf, len, needed) }
    })
}

/// Parses one CV certificate (tag 7F21) from `data`/`len` into `*out`.
///
/// Malformed input gives an `EESZT_ERR_CVC_*` code (truncated, wrong tag, bad length ...); the
/// detailed message is available from `eeszt_last_error_message`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `data` must be valid for `len` bytes; `out` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_parse(
    data: *const u8,
    len: usize,
    out: *mut *mut eeszt_cvc,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let bytes = unsafe { bytes_arg(data, len) }?;
        let cert = CvCertificate::parse(bytes)?;
        // SAFETY: checked non-NULL above; writable per contract.
        unsafe { write_out(out, into_handle(eeszt_cvc { cert })) }
    })
}

/// Frees a certificate from `eeszt_cvc_parse`. NULL is ignored.
///
/// # Safety
/// `cert` must be NULL or a handle not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_free(cert: *mut eeszt_cvc) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(cert) }
}

/// Copies the certification authority reference (CAR), for example "HUCVCA00001".
///
/// # Safety
/// `cert` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_car(
    cert: *const eeszt_cvc,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    unsafe { copy_field(cert, Field::Car, buf, len, needed) }
}

/// Copies the certificate holder reference (CHR).
///
/// # Safety
/// As `eeszt_cvc_car`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_chr(
    cert: *const eeszt_cvc,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    unsafe { copy_field(cert, Field::Chr, buf, len, needed) }
}

/// Copies the terminal type: "at", "is", "st" or the dotted OID of another type.
///
/// # Safety
/// As `eeszt_cvc_car`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_terminal_type(
    cert: *const eeszt_cvc,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    unsafe { copy_field(cert, Field::TerminalType, buf, len, needed) }
}

/// Copies the granted rights as comma-separated names ("read_dg1,pin_management"; empty when none).
///
/// # Safety
/// As `eeszt_cvc_car`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_rights(
    cert: *const eeszt_cvc,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    unsafe { copy_field(cert, Field::Rights, buf, len, needed) }
}

/// Copies the effective date as "YYYY-MM-DD".
///
/// # Safety
/// As `eeszt_cvc_car`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_effective(
    cert: *const eeszt_cvc,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    unsafe { copy_field(cert, Field::Effective, buf, len, needed) }
}

/// Copies the expiration date as "YYYY-MM-DD".
///
/// # Safety
/// As `eeszt_cvc_car`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_expiration(
    cert: *const eeszt_cvc,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    unsafe { copy_field(cert, Field::Expiration, buf, len, needed) }
}

/// Copies the public key's algorithm OID in dotted form ("0.4.0.127.0.7.2.2.2.2.3" is
/// id-TA-ECDSA-SHA-256).
///
/// # Safety
/// As `eeszt_cvc_car`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_public_key_oid(
    cert: *const eeszt_cvc,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    unsafe { copy_field(cert, Field::KeyOid, buf, len, needed) }
}

/// Writes the holder's role (`EESZT_CVC_ROLE_*`) to `*role`.
///
/// # Safety
/// `cert` a live handle; `role` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_role(cert: *const eeszt_cvc, role: *mut u32) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let handle = unsafe { handle_ref(cert) }?;
        let value = match handle.cert.chat().role() {
            Role::Cvca => EESZT_CVC_ROLE_CVCA,
            Role::DvDomestic => EESZT_CVC_ROLE_DV_DOMESTIC,
            Role::DvForeign => EESZT_CVC_ROLE_DV_FOREIGN,
            Role::Terminal => EESZT_CVC_ROLE_TERMINAL,
        };
        // SAFETY: forwarded contract.
        unsafe { write_out(role, value) }
    })
}

/// Copies the encoded certificate (7F21 ...) into `buf`; `*needed` receives its length.
///
/// # Safety
/// `cert` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_encode(
    cert: *const eeszt_cvc,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let handle = unsafe { handle_ref(cert) }?;
        let bytes = handle.cert.to_bytes()?;
        // SAFETY: forwarded contract.
        unsafe { write_bytes(&bytes, buf, len, needed) }
    })
}

/// Verifies a chain of concatenated CV certificates (a self-signed CVCA first, then link, DV and
/// terminal certificates in order) with the TR-03110 rules, taking `today` ("YYYY-MM-DD") as the
/// current date.
///
/// Returns `EESZT_OK` when every certificate verifies; otherwise the reason, for example
/// `EESZT_ERR_CVC_BAD_SIGNATURE`, `EESZT_ERR_CVC_EXPIRED` or `EESZT_ERR_CVC_ISSUER_MISMATCH`
/// (details from `eeszt_last_error_message`). `EESZT_ERR_INVALID_ARGUMENT` for a malformed date.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `chain` valid for `len` bytes; `today` a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cvc_verify_chain(
    chain: *const u8,
    len: usize,
    today: *const c_char,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let bytes = unsafe { bytes_arg(chain, len) }?;
        // SAFETY: forwarded contract.
        let today = unsafe { str_arg(today) }?;
        let today =
            CvDate::parse(today).ok_or(Error::from(ApiError::InvalidArgument { what: "today" }))?;
        let certs = CvCertificate::parse_many(bytes)?;
        verify_chain(&certs, today)?;
        Ok(())
    })
}
