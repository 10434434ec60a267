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
