//! C ABI for identifiers: one function per type that validates typed text and writes the normalised
//! form into a caller buffer, with out-parameters for the parts; the institution choice list as a
//! handle. Error codes are the core's `EESZT_ERR_ID_*`; the detailed message (for example the user name
//! to type instead) comes from `eeszt_last_error_message`.

use std::ffi::c_char;

use eeszt_auth::id::{
    CivilDate, EesztUserId, FinancingCode, IdError, InstitutionChoice, InstitutionCode,
    InstitutionList, LicenceId, Profession, ProviderId, Taj, TaxId, TokenSerial, UnitCode,
};
use eeszt_auth::{ApiError, Error};

use crate::boundary::{
    check_out, free_handle, guard, handle_ref, into_handle, lang_arg, str_arg, write_opt,
    write_out, write_str,
};
use crate::common::eeszt_result;

/// Profession `O`: doctor (orvos). Value of `eeszt_id_user_parse`'s `profession` output.
pub const EESZT_PROFESSION_DOCTOR: u32 = 1;
/// Profession `S`: health professional (szakdolgozó) or pharmacy assistant.
pub const EESZT_PROFESSION_HEALTH_PROFESSIONAL: u32 = 2;
/// Profession `G`: pharmacist (gyógyszerész).
pub const EESZT_PROFESSION_PHARMACIST: u32 = 3;
/// Profession `C`: clinical psychologist (klinikai szakpszichológus).
pub const EESZT_PROFESSION_CLINICAL_PSYCHOLOGIST: u32 = 4;
/// Profession `X`: staff without a health qualification.
pub const EESZT_PROFESSION_STAFF: u32 = 5;

/// `eeszt_id_institutions_field`: the provider ID (6 digits; empty for "no institution").
pub const EESZT_INSTITUTION_FIELD_PROVIDER: u32 = 0;
/// `eeszt_id_institutions_field`: the site (telephely).
pub const EESZT_INSTITUTION_FIELD_SITE: u32 = 1;
/// `eeszt_id_institutions_field`: the organisational unit code (empty when none).
pub const EESZT_INSTITUTION_FIELD_UNIT: u32 = 2;
/// `eeszt_id_institutions_field`: the display name.
pub const EESZT_INSTITUTION_FIELD_NAME: u32 = 3;

/// A caller's output buffer: pointer, length and `needed` out-parameter.
struct OutBuf {
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
}

/// Writes several strings, or none: every `needed` is set first, and if any buffer is too small
/// nothing is written and `EESZT_ERR_BUFFER_TOO_SMALL` (with the first shortfall) is returned.
///
/// # Safety
/// Each `buf` must be NULL or writable for `len` bytes; each `needed` NULL or writable.
unsafe fn write_all(items: &[(&str, OutBuf)]) -> Result<(), Error> {
    let mut short = None;
    for (s, out) in items {
        let total = s.len() + 1;
        // SAFETY: forwarded contract.
        unsafe { write_opt(out.needed, total) };
        if (out.buf.is_null() || out.len < total) && short.is_none() {
            short = Some(total);
        }
    }
    if let Some(needed) = short {
        return Err(ApiError::BufferTooSmall { needed }.into());
    }
    for (s, out) in items {
        // SAFETY: forwarded contract; every buffer was checked large enough above.
        unsafe { write_str(s, out.buf, out.len, out.needed) }?;
    }
    Ok(())
}

/// Parses `text` with `parse` and writes the normalised form.
///
/// # Safety
/// As for the exported functions: `text` NUL-terminated or NULL, buffers writable.
unsafe fn parse_into<T: std::fmt::Display>(
    text: *const c_char,
    parse: impl FnOnce(&str) -> Result<T, IdError>,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> Result<T, Error> {
    // SAFETY: forwarded contract.
    let text = unsafe { str_arg(text) }?;
    let value = parse(text)?;
    // SAFETY: forwarded contract.
    unsafe { write_str(&value.to_string(), buf, len, needed) }?;
    Ok(value)
}

/// Validates a typed EESZT user name (for example `" o95745"`) and writes the normalised form
/// (`"O95745"`) into `buf`, and its profession (`EESZT_PROFESSION_*`) into `*profession` when
/// `profession` is not NULL.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_USER_INNER_SPACE`, `EESZT_ERR_ID_USER_PUNCTUATION`,
/// `EESZT_ERR_ID_USER_MISSING_PREFIX`, `EESZT_ERR_ID_USER_UNKNOWN_PREFIX`,
/// `EESZT_ERR_ID_USER_TOO_FEW_DIGITS`, `EESZT_ERR_ID_USER_TOO_MANY_DIGITS`,
/// `EESZT_ERR_ID_USER_INVALID_CHARACTER`; `eeszt_last_error_message` then tells what to type.
/// Outputs are written only on success.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` and
/// `profession` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_user_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    profession: *mut u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let id = unsafe { parse_into(text, EesztUserId::parse, buf, len, needed) }?;
        // SAFETY: forwarded contract.
        unsafe { write_opt(profession, id.profession().code()) };
        Ok(())
    })
}

/// Copies the name of `profession` (`EESZT_PROFESSION_*`) in `lang` into `buf`, for example "orvos" /
/// "doctor". `EESZT_ERR_ID_UNKNOWN_PROFESSION` for any other value.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `buf` must be NULL or writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_profession_name(
    profession: u32,
    lang: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        let lang = lang_arg(lang)?;
        let p = Profession::from_code(profession).ok_or_else(|| IdError::UnknownProfession {
            value: profession.to_string(),
        })?;
        // SAFETY: forwarded contract.
        unsafe { write_str(p.name(lang), buf, len, needed) }
    })
}

/// Validates a TAJ number (`"123456788"`, `"123 456 788"` or `"123-456-788"`) and writes the normalised
/// form `"123 456 788"` into `buf`.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH`,
/// `EESZT_ERR_ID_CHECK_DIGIT`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_taj_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { parse_into(text, Taj::parse, buf, len, needed) }.map(drop))
}

/// Parses a tax ID as of `today` and writes its normalised form and birth date.
///
/// # Safety
/// As for `eeszt_id_tax_parse_at`.
#[allow(clippy::too_many_arguments)]
unsafe fn tax_parse(
    text: *const c_char,
    today: CivilDate,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    year: *mut u32,
    month: *mut u32,
    day: *mut u32,
) -> Result<(), Error> {
    // SAFETY: forwarded contract.
    let text = unsafe { str_arg(text) }?;
    let id = TaxId::parse_at(text, today)?;
    // SAFETY: forwarded contract.
    unsafe { write_str(id.as_str(), buf, len, needed) }?;
    let born = id.birth_date();
    // SAFETY: forwarded contract.
    unsafe {
        write_opt(year, u32::try_from(born.year()).unwrap_or(0));
        write_opt(month, born.month());
        write_opt(day, born.day());
    }
    Ok(())
}

/// Validates a tax ID (adóazonosító jel) as of the given date of "today" and writes its ten digits
/// into `buf` and the birth date it encodes into `*year`, `*month`, `*day` (each may be NULL).
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH`,
/// `EESZT_ERR_ID_TAX_FIRST_DIGIT`, `EESZT_ERR_ID_CHECK_DIGIT`, `EESZT_ERR_ID_TAX_REMAINDER_TEN`,
/// `EESZT_ERR_ID_TAX_BIRTH_DATE_IN_FUTURE`; `EESZT_ERR_ID_INVALID_DATE` when the date of today does
/// not exist.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed`, `year`,
/// `month`, `day` NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn eeszt_id_tax_parse_at(
    text: *const c_char,
    today_year: u32,
    today_month: u32,
    today_day: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    year: *mut u32,
    month: *mut u32,
    day: *mut u32,
) -> eeszt_result {
    guard(|| {
        let today = CivilDate::new(
            i32::try_from(today_year).unwrap_or(i32::MAX),
            today_month,
            today_day,
        )?;
        // SAFETY: forwarded contract.
        unsafe { tax_parse(text, today, buf, len, needed, year, month, day) }
    })
}

/// As `eeszt_id_tax_parse_at`, with today's UTC date from the system clock.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// As for `eeszt_id_tax_parse_at`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_tax_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    year: *mut u32,
    month: *mut u32,
    day: *mut u32,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { tax_parse(text, CivilDate::today(), buf, len, needed, year, month, day) })
}

/// Validates a health-care provider ID (6 digits, e.g. `"032175"`) and writes it into `buf`.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_provider_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { parse_into(text, ProviderId::parse, buf, len, needed) }.map(drop))
}

/// Validates an organisational unit code (9 digits or capitals, e.g. `"001055630"`; lowercase is made
/// capital) and writes it into `buf`.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_unit_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { parse_into(text, UnitCode::parse, buf, len, needed) }.map(drop))
}

/// Validates a NEAK financing code (9 digits) and writes it into `buf`.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_financing_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { parse_into(text, FinancingCode::parse, buf, len, needed) }.map(drop))
}

/// Validates a NEAK institution code (4 digits or capitals) and writes it into `buf`.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_institution_code_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { parse_into(text, InstitutionCode::parse, buf, len, needed) }.map(drop))
}

/// Validates a hard token's factory serial (`"GALT12345678"` or `"12345678"`) and writes the digits
/// into `buf`.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_token_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    // SAFETY: forwarded contract.
    guard(|| unsafe { parse_into(text, TokenSerial::parse, buf, len, needed) }.map(drop))
}

/// Validates a licence ID (`"001055630/A1/1300"`) and writes the normalised form into `buf` and its
/// parts into `unit_buf` (9-character unit code), `type_buf` (licence type such as `"A1"`) and
/// `code_buf` (4-digit profession code). Every buffer has its length and `needed`; when any is too
/// small, none is written.
///
/// Errors: `EESZT_ERR_ID_EMPTY`, `EESZT_ERR_ID_LICENCE_FORMAT`, `EESZT_ERR_ID_LICENCE_TYPE`,
/// `EESZT_ERR_ID_INVALID_CHARACTER`, `EESZT_ERR_ID_WRONG_LENGTH` (for the unit or profession code).
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `text` must be NULL or NUL-terminated; each buffer NULL or writable for its length; each `needed`
/// NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn eeszt_id_licence_parse(
    text: *const c_char,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    unit_buf: *mut c_char,
    unit_len: usize,
    unit_needed: *mut usize,
    type_buf: *mut c_char,
    type_len: usize,
    type_needed: *mut usize,
    code_buf: *mut c_char,
    code_len: usize,
    code_needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let text = unsafe { str_arg(text) }?;
        let id = LicenceId::parse(text)?;
        let out = |buf, len, needed| OutBuf { buf, len, needed };
        // SAFETY: forwarded contract.
        unsafe {
            write_all(&[
                (id.as_str(), out(buf, len, needed)),
                (id.unit().as_str(), out(unit_buf, unit_len, unit_needed)),
                (id.licence_type(), out(type_buf, type_len, type_needed)),
                (id.profession_code(), out(code_buf, code_len, code_needed)),
            ])
        }
    })
}

/// The institutions a user may choose from, loaded from JSON, plus the "no institution"
/// (Intézmény nélkül) choice, which is always the last one.
///
/// Thread safety: immutable after creation; may be read from several threads at once, but must not be
/// freed while another thread uses it.
#[derive(Debug)]
pub struct eeszt_id_institutions {
    list: InstitutionList,
    choices: Vec<InstitutionChoice>,
}

/// Loads an institution list from JSON (an array of `{"provider", "site", "unit" (optional), "name"}`
/// objects, or an object with an `institutions` array) into a new handle in `*out`.
///
/// Errors: `EESZT_ERR_ID_INSTITUTION_JSON` (not JSON, or not of this shape: the last error message
/// tells where), the code's own error for an invalid provider ID or unit code (for example
/// `EESZT_ERR_ID_WRONG_LENGTH`), `EESZT_ERR_ID_INSTITUTION_FIELD_EMPTY`,
/// `EESZT_ERR_ID_INSTITUTION_DUPLICATE`.
/// Free the handle with `eeszt_id_institutions_free`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `json` must be NULL or NUL-terminated; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_institutions_from_json(
    json: *const c_char,
    out: *mut *mut eeszt_id_institutions,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        // SAFETY: forwarded contract.
        let json = unsafe { str_arg(json) }?;
        let list = InstitutionList::from_json(json)?;
        let choices = list.choices();
        let handle = into_handle(eeszt_id_institutions { list, choices });
        // SAFETY: `out` checked non-NULL above, writable per the contract.
        unsafe { write_out(out, handle) }
    })
}

/// Frees an institution list; NULL is ignored.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `list` must be NULL or a handle from `eeszt_id_institutions_from_json`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_institutions_free(list: *mut eeszt_id_institutions) {
    // SAFETY: forwarded contract; `free_handle` runs inside the panic boundary.
    unsafe { free_handle(list) }
}

/// Borrows the choice at `index`.
///
/// # Safety
/// `list` NULL or a live handle.
unsafe fn choice_at<'a>(
    list: *const eeszt_id_institutions,
    index: usize,
) -> Result<&'a InstitutionChoice, Error> {
    // SAFETY: forwarded contract.
    let handle = unsafe { handle_ref(list) }?;
    handle.choices.get(index).ok_or_else(|| {
        IdError::InstitutionNotFound {
            index,
            count: handle.choices.len(),
        }
        .into()
    })
}

/// Writes the number of choices (the institutions plus the final "no institution") into `*count`.
///
/// Thread safety: see `eeszt_id_institutions`.
///
/// # Safety
/// `list` must be NULL or a live handle; `count` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_institutions_count(
    list: *const eeszt_id_institutions,
    count: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: forwarded contract.
        let handle = unsafe { handle_ref(list) }?;
        debug_assert_eq!(handle.choices.len(), handle.list.institutions().len() + 1);
        // SAFETY: forwarded contract.
        unsafe { write_out(count, handle.choices.len()) }
    })
}

/// Writes 1 into `*is_none` when choice `index` is "no institution" (Intézmény nélkül), else 0.
/// `EESZT_ERR_ID_INSTITUTION_NOT_FOUND` past the end.
///
/// Thread safety: see `eeszt_id_institutions`.
///
/// # Safety
/// `list` must be NULL or a live handle; `is_none` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_institutions_is_none(
    list: *const eeszt_id_institutions,
    index: usize,
    is_none: *mut u32,
) -> eeszt_result {
    guard(|| {
        check_out(is_none)?;
        // SAFETY: forwarded contract.
        let choice = unsafe { choice_at(list, index) }?;
        let none = u32::from(choice.institution().is_none());
        // SAFETY: forwarded contract.
        unsafe { write_out(is_none, none) }
    })
}

/// Copies one field (`EESZT_INSTITUTION_FIELD_*`) of choice `index` into `buf`. Fields a choice lacks
/// (every field of "no institution", the unit of an entry without one) are written as "".
/// `EESZT_ERR_INVALID_ARGUMENT` for an unknown field, `EESZT_ERR_ID_INSTITUTION_NOT_FOUND` past the end.
///
/// Thread safety: see `eeszt_id_institutions`.
///
/// # Safety
/// `list` must be NULL or a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_institutions_field(
    list: *const eeszt_id_institutions,
    index: usize,
    field: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        if field > EESZT_INSTITUTION_FIELD_NAME {
            return Err(ApiError::InvalidArgument { what: "field" }.into());
        }
        // SAFETY: forwarded contract.
        let choice = unsafe { choice_at(list, index) }?;
        let text = choice.institution().map_or("", |i| match field {
            EESZT_INSTITUTION_FIELD_PROVIDER => i.provider().as_str(),
            EESZT_INSTITUTION_FIELD_SITE => i.site(),
            EESZT_INSTITUTION_FIELD_UNIT => i.unit().map_or("", UnitCode::as_str),
            _ => i.name(),
        });
        // SAFETY: forwarded contract.
        unsafe { write_str(text, buf, len, needed) }
    })
}

/// Copies the text to show for choice `index` in `lang` into `buf` (the institution's name, site and
/// codes, or "Intézmény nélkül" / "No institution").
///
/// Thread safety: see `eeszt_id_institutions`.
///
/// # Safety
/// `list` must be NULL or a live handle; `buf` NULL or writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_id_institutions_label(
    list: *const eeszt_id_institutions,
    index: usize,
    lang: u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        let lang = lang_arg(lang)?;
        // SAFETY: forwarded contract.
        let choice = unsafe { choice_at(list, index) }?;
        // SAFETY: forwarded contract.
        unsafe { write_str(&choice.label(lang), buf, len, needed) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use eeszt_auth::id::Profession;

    #[test]
    fn profession_constants_match_the_core() {
        let pairs = [
            (EESZT_PROFESSION_DOCTOR, Profession::Doctor),
            (
                EESZT_PROFESSION_HEALTH_PROFESSIONAL,
                Profession::HealthProfessional,
            ),
            (EESZT_PROFESSION_PHARMACIST, Profession::Pharmacist),
            (
                EESZT_PROFESSION_CLINICAL_PSYCHOLOGIST,
                Profession::ClinicalPsychologist,
            ),
            (EESZT_PROFESSION_STAFF, Profession::Staff),
        ];
        for (code, p) in pairs {
            assert_eq!(p.code(), code);
        }
    }

    #[test]
    fn licence_parts_all_or_nothing() {
        let text = c"001055630/A1/1300";
        let mut full = [0 as c_char; 32];
        let mut unit = [0 as c_char; 16];
        let mut kind = [0x55 as c_char; 2];
        let mut code = [0 as c_char; 8];
        let mut need = [0usize; 4];
        let [n0, n1, n2, n3] = &mut need;
        let rc = unsafe {
            eeszt_id_licence_parse(
                text.as_ptr(),
                full.as_mut_ptr(),
                32,
                n0,
                unit.as_mut_ptr(),
                16,
                n1,
                kind.as_mut_ptr(),
                2,
                n2,
                code.as_mut_ptr(),
                8,
                n3,
            )
        };
        assert_eq!(rc, ApiError::BufferTooSmall { needed: 0 }.code());
        assert_eq!(need, [18, 10, 3, 5]);
        assert_eq!(full[0], 0, "nothing written when one buffer is short");
    }
}
