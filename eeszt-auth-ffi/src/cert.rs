//! Certificates: load an X.509 file (DER, PEM, PKCS#12 with password), read what a certificate
//! holds, and check the EESZT client certificate's readiness for mutual TLS.

use std::ffi::c_char;

use eeszt_auth::cert::{
    Bundle, CertError, Certificate, Expiry, Format, KeyStatus, Name, QcStatement, Readiness,
    SignatureCheck, Usage, eku_name,
};
use eeszt_auth::{ApiError, Error};

use crate::boundary::{
    bytes_arg, check_out, free_handle, guard, handle_ref, into_handle, lang_arg, str_arg,
    write_bytes, write_opt, write_out, write_str,
};
use crate::common::eeszt_result;

/// `eeszt_cert_format`: one DER certificate.
pub const EESZT_CERT_FORMAT_DER: u32 = 0;
/// `eeszt_cert_format`: PEM text.
pub const EESZT_CERT_FORMAT_PEM: u32 = 1;
/// `eeszt_cert_format`: PKCS#12 (.p12, .pfx).
pub const EESZT_CERT_FORMAT_PKCS12: u32 = 2;

/// `which` argument: the subject name.
pub const EESZT_CERT_SUBJECT: u32 = 0;
/// `which` argument: the issuer name.
pub const EESZT_CERT_ISSUER: u32 = 1;

/// `part` argument of `eeszt_cert_attribute`: the attribute type OID (`2.5.4.3`).
pub const EESZT_CERT_ATTR_OID: u32 = 0;
/// `part` argument of `eeszt_cert_attribute`: the value as UTF-8 text.
pub const EESZT_CERT_ATTR_VALUE: u32 = 1;
/// `part` argument of `eeszt_cert_attribute`: the short name (`CN`, `O`; the OID when none).
pub const EESZT_CERT_ATTR_NAME: u32 = 2;

/// Usage state (`client_auth`, `digital_signature`): the extension lists the use.
pub const EESZT_CERT_USAGE_ALLOWED: u32 = 0;
/// Usage state: the extension is absent, so the use is not restricted.
pub const EESZT_CERT_USAGE_UNRESTRICTED: u32 = 1;
/// Usage state: the extension is present and does not list the use.
pub const EESZT_CERT_USAGE_NOT_ALLOWED: u32 = 2;

/// Key state: the file holds no private key.
pub const EESZT_CERT_KEY_MISSING: u32 = 0;
/// Key state: a key is present and belongs to the certificate.
pub const EESZT_CERT_KEY_MATCHES: u32 = 1;
/// Key state: the key belongs to another certificate.
pub const EESZT_CERT_KEY_DIFFERS: u32 = 2;
/// Key state: the key's type cannot be checked.
pub const EESZT_CERT_KEY_UNSUPPORTED: u32 = 3;

/// Expiry state: valid, more days left than the warning threshold.
pub const EESZT_CERT_EXPIRY_VALID: u32 = 0;
/// Expiry state: valid, but fewer days left than the threshold.
pub const EESZT_CERT_EXPIRY_SOON: u32 = 1;
/// Expiry state: expired.
pub const EESZT_CERT_EXPIRY_EXPIRED: u32 = 2;
/// Expiry state: not valid yet.
pub const EESZT_CERT_EXPIRY_NOT_YET_VALID: u32 = 3;

/// Chain link check: the signature is valid.
pub const EESZT_CERT_SIGNATURE_VALID: u32 = 0;
/// Chain link check: the signature is invalid.
pub const EESZT_CERT_SIGNATURE_INVALID: u32 = 1;
/// Chain link check: the algorithm is not supported, the signature was not checked.
pub const EESZT_CERT_SIGNATURE_UNSUPPORTED: u32 = 2;

/// A loaded certificate file: its certificates in file order and any private keys.
///
/// Thread safety: immutable after loading; several threads may read it at the same time. Free it
/// once, with `eeszt_cert_free`, when no thread uses it any more.
pub struct eeszt_cert_bundle {
    bundle: Bundle,
}

impl std::fmt::Debug for eeszt_cert_bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("eeszt_cert_bundle")
            .field("certificates", &self.bundle.certificates.len())
            .finish()
    }
}

/// The readiness report of a client certificate file.
///
/// Thread safety: immutable; several threads may read it at the same time. Free it with
/// `eeszt_cert_readiness_free`.
#[derive(Debug)]
pub struct eeszt_cert_readiness {
    report: Readiness,
}

/// Loads a certificate file from memory: DER, PEM or PKCS#12. `password` (UTF-8, may be NULL)
/// opens PKCS#12 files; NULL tries the empty password. A wrong password gives
/// `EESZT_ERR_CERT_WRONG_PASSWORD`, a missing one `EESZT_ERR_CERT_PASSWORD_REQUIRED`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `data` readable for `len` bytes; `password` NULL or a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_load(
    data: *const u8,
    len: usize,
    password: *const c_char,
    out: *mut *mut eeszt_cert_bundle,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let data = unsafe { bytes_arg(data, len) }?;
        // SAFETY: forwarded contract.
        unsafe { load_into(data, password, out) }
    })
}

/// Loads a certificate file from `path` (UTF-8); otherwise as `eeszt_cert_load`. An unreadable
/// file gives `EESZT_ERR_IO`; a directory, FIFO or device `EESZT_ERR_NOT_A_REGULAR_FILE` (at once,
/// without blocking); a file over `EESZT_MAX_INPUT_LEN` bytes `EESZT_ERR_FILE_TOO_LARGE`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `path` a NUL-terminated string; `password` NULL or a NUL-terminated string; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_load_file(
    path: *const c_char,
    password: *const c_char,
    out: *mut *mut eeszt_cert_bundle,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let path = unsafe { str_arg(path) }?;
        // Regular files only, at most EESZT_MAX_INPUT_LEN bytes; a FIFO does not block.
        // The file may hold an unencrypted PEM private key: its bytes are wiped after loading
        // (read_file reads into a buffer sized for the file, so no re-allocation copies it).
        let data = zeroize::Zeroizing::new(eeszt_auth::input::read_file(
            path,
            crate::common::EESZT_MAX_INPUT_LEN as u64,
        )?);
        // SAFETY: forwarded contract.
        unsafe { load_into(&data, password, out) }
    })
}

/// Shared body of the two loaders.
///
/// # Safety
/// `password` NULL or a NUL-terminated string; `out` NULL or writable.
unsafe fn load_into(
    data: &[u8],
    password: *const c_char,
    out: *mut *mut eeszt_cert_bundle,
) -> Result<(), Error> {
    check_out(out)?;
    let password = if password.is_null() {
        None
    } else {
        // SAFETY: non-NULL, NUL-terminated per the contract.
        Some(unsafe { str_arg(password) }?)
    };
    let bundle = Bundle::load(data, password)?;
    // SAFETY: checked writable above.
    unsafe { write_out(out, into_handle(eeszt_cert_bundle { bundle })) }
}

/// Frees a bundle; NULL is ignored.
///
/// # Safety
/// `bundle` NULL or a handle from `eeszt_cert_load`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_free(bundle: *mut eeszt_cert_bundle) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(bundle) }
}

/// The file format: `EESZT_CERT_FORMAT_DER`, `_PEM` or `_PKCS12`.
///
/// # Safety
/// `bundle` a live handle; `format` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_format(
    bundle: *const eeszt_cert_bundle,
    format: *mut u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let b = unsafe { handle_ref(bundle) }?;
        let value = match b.bundle.format {
            Format::Der => EESZT_CERT_FORMAT_DER,
            Format::Pem => EESZT_CERT_FORMAT_PEM,
            Format::Pkcs12 => EESZT_CERT_FORMAT_PKCS12,
            Format::Cvc => return Err(CertError::IsCvCertificate.into()),
        };
        // SAFETY: forwarded contract.
        unsafe { write_out(format, value) }
    })
}

/// The number of certificates (`certificates`) and private keys (`keys`, may be NULL).
///
/// # Safety
/// `bundle` a live handle; `certificates` writable; `keys` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_count(
    bundle: *const eeszt_cert_bundle,
    certificates: *mut usize,
    keys: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let b = unsafe { handle_ref(bundle) }?;
        // SAFETY: forwarded contract.
        unsafe {
            write_out(certificates, b.bundle.certificates.len())?;
            write_opt(keys, b.bundle.keys.len());
        }
        Ok(())
    })
}

/// Certificate `index` of a bundle.
///
/// # Safety
/// `bundle` NULL or a live handle for `'a`.
unsafe fn cert_at<'a>(
    bundle: *const eeszt_cert_bundle,
    index: usize,
) -> Result<&'a Certificate, Error> {
    // SAFETY: forwarded contract.
    let b: &'a eeszt_cert_bundle = unsafe { handle_ref(bundle) }?;
    b.bundle.certificates.get(index).ok_or_else(|| {
        CertError::NoSuchCertificate {
            index: index as u64,
        }
        .into()
    })
}

fn name_of(cert: &Certificate, which: u32) -> Result<&Name, Error> {
    match which {
        EESZT_CERT_SUBJECT => Ok(cert.subject()),
        EESZT_CERT_ISSUER => Ok(cert.issuer()),
        _ => Err(ApiError::InvalidArgument { what: "which" }.into()),
    }
}

/// Copies the subject (`which` = `EESZT_CERT_SUBJECT`) or issuer (`EESZT_CERT_ISSUER`) of
/// certificate `index` as one string (`C=HU, O=..., CN=...`, encoding order).
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_name(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    which: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let text = name_of(unsafe { cert_at(bundle, index) }?, which)?.to_string();
        // SAFETY: forwarded contract.
        unsafe { write_str(&text, buf, len, needed) }
    })
}

/// The number of attributes in the subject or issuer of certificate `index`.
///
/// # Safety
/// `bundle` a live handle; `count` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_attribute_count(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    which: u32,
    count: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let n = name_of(unsafe { cert_at(bundle, index) }?, which)?
            .attributes
            .len();
        // SAFETY: forwarded contract.
        unsafe { write_out(count, n) }
    })
}

/// Copies one part (`EESZT_CERT_ATTR_OID`, `_VALUE` or `_NAME`) of attribute `attr` (encoding
/// order) of the subject or issuer of certificate `index`.
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_attribute(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    which: u32,
    attr: usize,
    part: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let name = name_of(unsafe { cert_at(bundle, index) }?, which)?;
        let a = name
            .attributes
            .get(attr)
            .ok_or(ApiError::InvalidArgument { what: "attr" })?;
        let text = match part {
            EESZT_CERT_ATTR_OID => &a.oid,
            EESZT_CERT_ATTR_VALUE => a.value.as_str(),
            EESZT_CERT_ATTR_NAME => a.short_name(),
            _ => return Err(ApiError::InvalidArgument { what: "part" }.into()),
        };
        // SAFETY: forwarded contract.
        unsafe { write_str(text, buf, len, needed) }
    })
}

/// Copies the serial number as `openssl x509 -serial` prints it (upper-case hex, `-` before a
/// negative serial).
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_serial(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let text = unsafe { cert_at(bundle, index) }?.serial.to_openssl_hex();
        // SAFETY: forwarded contract.
        unsafe { write_str(&text, buf, len, needed) }
    })
}

/// The validity period in Unix seconds (UTC).
///
/// # Safety
/// `bundle` a live handle; `not_before` and `not_after` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_validity(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    not_before: *mut i64,
    not_after: *mut i64,
) -> eeszt_result {
    guard(|| {
        check_out(not_before)?;
        check_out(not_after)?;
        // SAFETY: forwarded contract (a live handle).
        let cert = unsafe { cert_at(bundle, index) }?;
        // SAFETY: checked writable above.
        unsafe {
            write_out(not_before, cert.not_before)?;
            write_out(not_after, cert.not_after)
        }
    })
}

/// Copies the 32-byte SHA-256 fingerprint of the certificate's DER encoding.
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_sha256(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let cert = unsafe { cert_at(bundle, index) }?;
        // SAFETY: forwarded contract.
        unsafe { write_bytes(&cert.sha256(), buf, len, needed) }
    })
}

/// Copies the certificate's DER encoding.
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_der(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let cert = unsafe { cert_at(bundle, index) }?;
        // SAFETY: forwarded contract.
        unsafe { write_bytes(cert.der(), buf, len, needed) }
    })
}

/// Key usage: `*present` tells whether the extension is there; `*flags` has bit 0 for
/// digitalSignature, bit 1 nonRepudiation, ... bit 8 decipherOnly (RFC 5280 order; 0 when absent).
///
/// # Safety
/// `bundle` a live handle; `present` and `flags` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_key_usage(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    present: *mut bool,
    flags: *mut u32,
) -> eeszt_result {
    guard(|| {
        check_out(present)?;
        check_out(flags)?;
        // SAFETY: forwarded contract (a live handle).
        let ku = unsafe { cert_at(bundle, index) }?.key_usage();
        // SAFETY: checked writable above.
        unsafe {
            write_out(present, ku.is_some())?;
            write_out(flags, ku.map_or(0, |k| u32::from(k.flags)))
        }
    })
}

/// Copies the extended key usages, one per line (`clientAuth`, or the dotted OID of an unnamed
/// one); `*present` (may be NULL) tells whether the extension is there at all.
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed`, `present` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_extended_key_usage(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    present: *mut bool,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let cert = unsafe { cert_at(bundle, index) }?;
        let text = cert
            .extended_key_usage()
            .map(|oids| {
                oids.iter()
                    .map(|o| eku_name(o).unwrap_or(o))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        // SAFETY: forwarded contract.
        unsafe {
            write_str(&text, buf, len, needed)?;
            write_opt(present, cert.extended_key_usage().is_some());
        }
        Ok(())
    })
}

/// Copies the subject alternative names, one per line (`DNS:...`, `email:...`, `IP:...`, ...).
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_subject_alt_names(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let names: Vec<String> = unsafe { cert_at(bundle, index) }?
            .subject_alt_names()
            .iter()
            .map(ToString::to_string)
            .collect();
        // SAFETY: forwarded contract.
        unsafe { write_str(&names.join("\n"), buf, len, needed) }
    })
}

/// Copies the QCStatements by label, one per line (`QcCompliance`, `QcSSCD`, `QcType`, ...);
/// empty when the certificate has none.
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_qc_statements(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let labels: Vec<&str> = unsafe { cert_at(bundle, index) }?
            .qc_statements()
            .unwrap_or_default()
            .iter()
            .map(QcStatement::label)
            .collect();
        // SAFETY: forwarded contract.
        unsafe { write_str(&labels.join("\n"), buf, len, needed) }
    })
}

/// Whether basic constraints mark the certificate as a CA.
///
/// # Safety
/// `bundle` a live handle; `is_ca` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_is_ca(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    is_ca: *mut bool,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let value = unsafe { cert_at(bundle, index) }?.is_ca();
        // SAFETY: forwarded contract.
        unsafe { write_out(is_ca, value) }
    })
}

/// Copies the public key's type (`RSA`, `EC P-256`, `EC brainpoolP256r1`, `Ed25519`, ...) and
/// writes its size in bits (0 when unknown) to `*bits` (may be NULL).
///
/// # Safety
/// `bundle` a live handle; `buf` NULL or writable for `len` bytes; `needed`, `bits` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_public_key(
    bundle: *const eeszt_cert_bundle,
    index: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    bits: *mut u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract (a live handle).
        let key = unsafe { cert_at(bundle, index) }?.public_key();
        // SAFETY: forwarded contract.
        unsafe {
            write_str(&key.key_type.label(), buf, len, needed)?;
            write_opt(bits, key.bits);
        }
        Ok(())
    })
}

/// Checks the bundle as a client certificate for mutual TLS at `now` (Unix seconds), warning when
/// fewer than `warn_days` days remain (30 is the usual threshold).
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `bundle` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_check_client(
    bundle: *const eeszt_cert_bundle,
    now: u64,
    warn_days: u32,
    out: *mut *mut eeszt_cert_readiness,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let b = unsafe { handle_ref(bundle) }?;
        let report = Readiness::check(&b.bundle, now, warn_days).ok_or(CertError::NoCertificate)?;
        // SAFETY: checked writable above.
        unsafe { write_out(out, into_handle(eeszt_cert_readiness { report })) }
    })
}

/// Frees a readiness report; NULL is ignored.
///
/// # Safety
/// `report` NULL or a handle from `eeszt_cert_check_client`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_readiness_free(report: *mut eeszt_cert_readiness) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(report) }
}

/// The verdict and its parts. `*ready` is true when the certificate can be used now. The other
/// outputs (each may be NULL): `key` (`EESZT_CERT_KEY_*`), `client_auth` and `digital_signature`
/// (`EESZT_CERT_USAGE_*`), `expiry` (`EESZT_CERT_EXPIRY_*`), `days_left` (negative once expired),
/// `leaf` (index of the client certificate in the bundle).
///
/// # Safety
/// `report` a live handle; `ready` writable; the others NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_readiness_status(
    report: *const eeszt_cert_readiness,
    ready: *mut bool,
    key: *mut u32,
    client_auth: *mut u32,
    digital_signature: *mut u32,
    expiry: *mut u32,
    days_left: *mut i64,
    leaf: *mut usize,
) -> eeszt_result {
    guard(|| {
        check_out(ready)?;
        // SAFETY: forwarded contract.
        let r = &unsafe { handle_ref(report) }?.report;
        let usage = |u: Usage| match u {
            Usage::Allowed => EESZT_CERT_USAGE_ALLOWED,
            Usage::Unrestricted => EESZT_CERT_USAGE_UNRESTRICTED,
            Usage::NotAllowed => EESZT_CERT_USAGE_NOT_ALLOWED,
        };
        let key_state = match r.key {
            KeyStatus::Missing => EESZT_CERT_KEY_MISSING,
            KeyStatus::Matches => EESZT_CERT_KEY_MATCHES,
            KeyStatus::DiffersFromCertificate => EESZT_CERT_KEY_DIFFERS,
            KeyStatus::Unsupported(_) => EESZT_CERT_KEY_UNSUPPORTED,
        };
        let expiry_state = match r.expiry {
            Expiry::Valid => EESZT_CERT_EXPIRY_VALID,
            Expiry::ExpiresSoon => EESZT_CERT_EXPIRY_SOON,
            Expiry::Expired => EESZT_CERT_EXPIRY_EXPIRED,
            Expiry::NotYetValid => EESZT_CERT_EXPIRY_NOT_YET_VALID,
        };
        // SAFETY: forwarded contract; `ready` checked above.
        unsafe {
            write_out(ready, r.is_ready())?;
            write_opt(key, key_state);
            write_opt(client_auth, usage(r.client_auth));
            write_opt(digital_signature, usage(r.digital_signature));
            write_opt(expiry, expiry_state);
            write_opt(days_left, r.days_left);
            write_opt(leaf, r.leaf);
        }
        Ok(())
    })
}

/// Copies the report as lines of plain text in `lang` (`EESZT_LANG_HU` or `EESZT_LANG_EN`).
///
/// # Safety
/// `report` a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_readiness_text(
    report: *const eeszt_cert_readiness,
    lang: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        let lang = lang_arg(lang)?;
        // SAFETY: forwarded contract.
        let r = &unsafe { handle_ref(report) }?.report;
        // SAFETY: forwarded contract.
        unsafe { write_str(&r.lines(lang).join("\n"), buf, len, needed) }
    })
}

/// The number of checked chain links (leaf first; the last is the root's own signature when the
/// chain ends in a root) and whether the chain ends in a root (`ends_in_root`, may be NULL).
///
/// # Safety
/// `report` a live handle; `count` writable; `ends_in_root` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_readiness_link_count(
    report: *const eeszt_cert_readiness,
    count: *mut usize,
    ends_in_root: *mut bool,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let r = &unsafe { handle_ref(report) }?.report;
        // SAFETY: forwarded contract.
        unsafe {
            write_out(count, r.chain.links.len())?;
            write_opt(ends_in_root, r.chain.ends_in_root);
        }
        Ok(())
    })
}

/// Link `link`: certificate `*child` (bundle index) signed by `*issuer`, and the check result
/// `*check` (`EESZT_CERT_SIGNATURE_*`).
///
/// # Safety
/// `report` a live handle; `child`, `issuer`, `check` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_cert_readiness_link(
    report: *const eeszt_cert_readiness,
    link: usize,
    child: *mut usize,
    issuer: *mut usize,
    check: *mut u32,
) -> eeszt_result {
    guard(|| {
        check_out(child)?;
        check_out(issuer)?;
        check_out(check)?;
        // SAFETY: forwarded contract.
        let r = &unsafe { handle_ref(report) }?.report;
        let l = r
            .chain
            .links
            .get(link)
            .ok_or(ApiError::InvalidArgument { what: "link" })?;
        let state = match l.check {
            SignatureCheck::Valid => EESZT_CERT_SIGNATURE_VALID,
            SignatureCheck::Invalid => EESZT_CERT_SIGNATURE_INVALID,
            SignatureCheck::Unsupported(_) => EESZT_CERT_SIGNATURE_UNSUPPORTED,
        };
        // SAFETY: checked writable above.
        unsafe {
            write_out(child, l.child)?;
            write_out(issuer, l.issuer)?;
            write_out(check, state)
        }
    })
}
