//! What every subcommand shares: output mode, language, exit codes, error reporting.

use std::process::ExitCode;

use eeszt_auth::{Error, Lang};

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
