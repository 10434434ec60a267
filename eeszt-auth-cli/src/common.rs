//! What every subcommand shares: output mode, language, exit codes, error reporting.

use std::path::Path;
use std::process::ExitCode;

use eeszt_auth::{Error, Lang};

/// The largest input file the tool reads: 16 MiB ([`eeszt_auth::input::MAX_FILE_LEN`]).
///
/// Real inputs are far smaller (a PKCS#12 file or a CV certificate chain a few kilobytes, an
/// institution list or a saved state tens of kilobytes); the cap keeps a wrong path (a disk image,
/// `/dev/zero`) from filling memory.
pub const MAX_INPUT_FILE: u64 = eeszt_auth::input::MAX_FILE_LEN;

/// Reads an input file named on the command line: a regular file of at most [`MAX_INPUT_FILE`]
/// bytes. A directory, FIFO, device or socket is refused at once, without blocking
/// (`NOT_A_REGULAR_FILE`), a larger file without reading it (`FILE_TOO_LARGE`); report the error
/// with [`Ctx::fail`] (exit 2). Every file input of the tool goes through here (the simulated
/// card's state files through the same check in `SimState::load`).
pub fn read_input_file(path: &Path) -> Result<Vec<u8>, Error> {
    eeszt_auth::input::read_file(path, MAX_INPUT_FILE)
}

/// [`read_input_file`] for a UTF-8 text file.
pub fn read_input_text(path: &Path) -> Result<String, Error> {
    eeszt_auth::input::read_file_to_string(path, MAX_INPUT_FILE)
}

/// The global options every subcommand sees.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)]
pub struct Ctx {
    /// Print one JSON document on stdout.
    pub json: bool,
    /// Language of messages.
    pub lang: Lang,
}

/// The tool's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done, or the check said valid.
    Ok = 0,
    /// A check said no (invalid, expired, wrong code).
    No = 1,
    /// Usage, input or environment error (message on stderr).
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

#[allow(dead_code)] // shared helpers; not every subcommand uses each one
impl Ctx {
    /// Prints `value` as one pretty JSON document on stdout.
    pub fn print_json(&self, value: &serde_json::Value) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(err) => eprintln!("JSON: {err}"),
        }
    }

    /// The error as a JSON object `{"code", "name", "message"}` in the chosen language.
    pub fn error_json(&self, err: &Error) -> serde_json::Value {
        serde_json::json!({
            "code": err.code(),
            "name": err.info().name,
            "message": err.message(self.lang),
        })
    }

    /// Reports an input or environment error: the message on stderr (and, with `--json`, a JSON
    /// document `{"error": {...}}` on stdout); returns exit code 2.
    pub fn fail(&self, err: &Error) -> Exit {
        eprintln!(
            "{}: {} [{}]",
            self.lang.pick("hiba", "error"),
            err.message(self.lang),
            err.code()
        );
        if self.json {
            self.print_json(&serde_json::json!({ "error": self.error_json(err) }));
        }
        Exit::Error
    }

    /// Picks the Hungarian or English text.
    pub fn t<'a>(&self, hu: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(hu, en)
    }
}

/// `unix_time` as local date and time to the second with the UTC offset, e.g.
/// `2026-01-01 13:00:05 (UTC+01:00)` (the `TZ` environment variable applies). Where the local
/// zone cannot be read: UTC.
pub fn local_time(unix_time: u64) -> String {
    let (secs, offset) = local_parts(unix_time);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let sign = if offset < 0 { '-' } else { '+' };
    let off = offset.unsigned_abs();
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} (UTC{sign}{:02}:{:02})",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        off / 3600,
        off % 3600 / 60
    )
}

/// The local wall-clock seconds since the epoch and the offset from UTC in seconds.
#[cfg(target_os = "linux")]
fn local_parts(unix_time: u64) -> (i64, i64) {
    let t = i64::try_from(unix_time).unwrap_or(i64::MAX);
    let time = libc::time_t::try_from(t).unwrap_or(libc::time_t::MAX);
    // SAFETY: an all-zero `tm` is a valid value (integers and a null zone-name pointer).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: localtime_r reads `time` and writes only `tm`, both valid for the call; it is the
    // thread-safe variant.
    let ok = !unsafe { libc::localtime_r(&time, &mut tm) }.is_null();
    if ok {
        let offset = tm.tm_gmtoff;
        (t.saturating_add(offset), offset)
    } else {
        (t, 0)
    }
}

#[cfg(not(target_os = "linux"))]
fn local_parts(unix_time: u64) -> (i64, i64) {
    (i64::try_from(unix_time).unwrap_or(i64::MAX), 0)
}

/// Days since 1970-01-01 to the proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
