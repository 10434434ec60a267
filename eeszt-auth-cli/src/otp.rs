//! `eeszt-auth otp`: one-time passwords from the command line.
//!
//! * `otp code (--uri URI | --secret BASE32 [--algorithm SHA1|SHA256|SHA512] [--digits N]
//!   [--period S]) [--counter N | --time UNIX]` prints the code alone on a line;
//! * `otp enroll --issuer I --account A [--qr svg|text|none]` prints the setup key, the URI and the
//!   QR code of a new key;
//! * `otp verify ... --code C [--time UNIX] [--window N]` exits 0 on a match, 1 otherwise.
//! * `otp verify --store sqlite:PATH|postgres://… --user U ... --code C [--time UNIX]` checks the
//!   code against the user's state in a shared store, exactly once across processes and servers
//!   (replay protection, 3-failure lockout): exit 0 accepted, 1 refused (wrong code, replay, locked,
//!   not a code), 2 store or usage error.
//!
//! The key may also come from an environment variable (`--secret-env VAR`, `--uri-env VAR`), which
//! keeps it out of the process list. Without `--time` the system clock is read.

use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, Subcommand, ValueEnum};
use eeszt_auth::otp::{
    Algorithm, Enrollment, OsRandom, OtpError, OtpKey, OtpUri, Policy, Secret, Store, Totp,
    UriKind, UserState, Verifier, verify_atomic, verify_hotp_atomic,
};
use eeszt_auth::{ApiError, Error};
use serde_json::json;

use crate::{Ctx, Exit};

/// `eeszt-auth otp` arguments.
#[derive(Debug, Args)]
pub struct OtpArgs {
    #[command(subcommand)]
    command: OtpCommand,
}

#[derive(Debug, Subcommand)]
enum OtpCommand {
    /// Print the HOTP/TOTP code of a key.
    Code {
        #[command(flatten)]
        key: KeyArgs,
        /// HOTP: the counter (otherwise TOTP).
        #[arg(long, conflicts_with = "time")]
        counter: Option<u64>,
        /// TOTP: the unix time (default: now).
        #[arg(long)]
        time: Option<u64>,
    },
    /// Create a new authenticator-app key: setup key, otpauth:// URI and QR code.
    Enroll {
        /// The service name shown by the app (e.g. EESZT).
        #[arg(long)]
        issuer: String,
        /// The account (user name), e.g. O95745.
        #[arg(long)]
        account: String,
        /// How to print the QR code.
        #[arg(long, value_enum, default_value = "text")]
        qr: QrFormat,
    },
    /// Check a code: exit 0 on a match, 1 otherwise.
    Verify {
        #[command(flatten)]
        key: KeyArgs,
        /// The code to check.
        #[arg(long)]
        code: String,
        /// HOTP: the expected counter (otherwise TOTP).
        #[arg(long, conflicts_with = "time")]
        counter: Option<u64>,
        /// TOTP: the unix time (default: now).
        #[arg(long)]
        time: Option<u64>,
        /// Steps accepted on each side (TOTP) or after the counter (HOTP).
        #[arg(long, default_value_t = 1)]
        window: u32,
        /// Keep the user's state (replay protection, lockout) in a store: `sqlite:PATH`,
        /// `postgres://…`, `postgresql://…` (or `memory:`, which forgets it at exit).
        #[arg(long, requires = "user", conflicts_with = "counter")]
        store: Option<String>,
        /// The user whose state is checked and updated (with --store).
        #[arg(long, requires = "store")]
        user: Option<String>,
    },
}

/// QR code output.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum QrFormat {
    /// Unicode half blocks for the terminal.
    Text,
    /// An SVG document.
    Svg,
    /// No QR code.
    None,
}

/// Where the key comes from.
#[derive(Debug, Args)]
struct KeyArgs {
    /// An otpauth:// URI (visible in the process list: prefer --uri-env).
    #[arg(long, group = "source")]
    uri: Option<String>,
    /// The name of an environment variable holding an otpauth:// URI.
    #[arg(long, group = "source")]
    uri_env: Option<String>,
    /// The base32 secret (visible in the process list: prefer --secret-env).
    #[arg(long, group = "source")]
    secret: Option<String>,
    /// The name of an environment variable holding the base32 secret.
    #[arg(long, group = "source")]
    secret_env: Option<String>,
    /// Hash for --secret: SHA1 (default), SHA256, SHA512.
    #[arg(long, default_value = "SHA1")]
    algorithm: String,
    /// Digits for --secret (6-10).
    #[arg(long, default_value_t = 6)]
    digits: u32,
    /// TOTP time step for --secret, in seconds.
    #[arg(long, default_value_t = 30)]
    period: u64,
}

/// A loaded key: the TOTP generator and, for an hotp URI, its counter.
struct Loaded {
    totp: Totp,
    uri_counter: Option<u64>,
}

fn env_value(name: &str) -> Result<String, Error> {
    std::env::var(name).map_err(|_| {
        ApiError::InvalidArgument {
            what: "environment variable not set",
        }
        .into()
    })
}

impl KeyArgs {
    /// Loads the key. Imported keys may be legacy-short: this tool computes codes for keys that
    /// already exist.
    fn load(&self) -> Result<Loaded, Error> {
        let uri = match (&self.uri, &self.uri_env) {
            (Some(uri), _) => Some(zeroize::Zeroizing::new(uri.clone())),
            (None, Some(var)) => Some(zeroize::Zeroizing::new(env_value(var)?)),
            _ => None,
        };
        if let Some(uri) = uri {
            let parsed = OtpUri::parse_legacy(&uri)?;
            let (period, uri_counter) = match parsed.kind {
                UriKind::Totp { period } => (period, None),
                UriKind::Hotp { counter } => (eeszt_auth::otp::DEFAULT_PERIOD, Some(counter)),
            };
            return Ok(Loaded {
                totp: Totp::new(parsed.key()?, period, 0)?,
                uri_counter,
            });
        }
        let text = match (&self.secret, &self.secret_env) {
            (Some(s), _) => zeroize::Zeroizing::new(s.clone()),
            (None, Some(var)) => zeroize::Zeroizing::new(env_value(var)?),
            _ => return Err(OtpError::KeyEmpty.into()),
        };
        let algorithm: Algorithm = self.algorithm.parse()?;
        let key = OtpKey::new(Secret::from_base32_legacy(&text)?, algorithm, self.digits)?;
        Ok(Loaded {
            totp: Totp::new(key, self.period, 0)?,
            uri_counter: None,
        })
    }
}

fn clock() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Runs `eeszt-auth otp ...`.
pub fn run(ctx: &Ctx, args: OtpArgs) -> Exit {
    let outcome = match args.command {
        OtpCommand::Code { key, counter, time } => code(ctx, &key, counter, time),
        OtpCommand::Enroll {
            issuer,
            account,
            qr,
        } => enroll(ctx, &issuer, &account, qr),
        OtpCommand::Verify {
            key,
            code,
            counter: _,
            time,
            window,
            store: Some(store),
            user: Some(user),
        } => verify_store(ctx, &key, &code, time, window, &store, &user),
        OtpCommand::Verify {
            key,
            code,
            counter,
            time,
            window,
            ..
        } => verify(ctx, &key, &code, counter, time, window),
    };
    outcome.unwrap_or_else(|err| ctx.fail(&err))
}

fn code(ctx: &Ctx, key: &KeyArgs, counter: Option<u64>, time: Option<u64>) -> Result<Exit, Error> {
    let loaded = key.load()?;
    let (code, detail) = match counter.or(loaded.uri_counter) {
        Some(counter) => (
            loaded.totp.key().hotp(counter),
            json!({ "counter": counter }),
        ),
        None => {
            let now = time.unwrap_or_else(clock);
            (
                loaded.totp.code_at(now)?,
                json!({
                    "time": now,
                    "step": loaded.totp.step(now)?,
                    "seconds_left": loaded.totp.seconds_left(now)?,
                }),
            )
        }
    };
    if ctx.json {
        let mut value = json!({ "code": code.as_str() });
        if let (Some(obj), Some(extra)) = (value.as_object_mut(), detail.as_object()) {
            obj.extend(extra.clone());
        }
        ctx.print_json(&value);
    } else {
        println!("{code}");
    }
    Ok(Exit::Ok)
}

fn enroll(ctx: &Ctx, issuer: &str, account: &str, qr: QrFormat) -> Result<Exit, Error> {
    let enrollment = Enrollment::new_totp(&mut OsRandom, issuer, account)?;
    let uri = enrollment.uri()?;
    let setup_key = enrollment.setup_key();
    let qr_text = match qr {
        QrFormat::Text => Some(enrollment.qr_text()?),
        QrFormat::Svg => Some(enrollment.qr_svg()?),
        QrFormat::None => None,
    };
    if ctx.json {
        ctx.print_json(&json!({
            "issuer": issuer,
            "account": account,
            "setup_key": setup_key.as_str(),
            "uri": uri.as_str(),
            "qr": qr_text,
        }));
    } else {
        println!(
            "{} {}",
            ctx.t("Beállítókulcs:", "Setup key:"),
            setup_key.as_str()
        );
        println!("URI: {}", uri.as_str());
        if let Some(qr) = qr_text {
            println!("{qr}");
        }
    }
    Ok(Exit::Ok)
}

/// Prints an accepted code's step and drift.
fn print_match(ctx: &Ctx, matched: &eeszt_auth::otp::Match) {
    if ctx.json {
        ctx.print_json(&json!({
            "valid": true,
            "step": matched.step,
            "drift": matched.drift,
        }));
    } else {
        println!(
            "{} ({} {}, {} {})",
            ctx.t("Érvényes kód.", "Valid code."),
            ctx.t("lépés", "step"),
            matched.step,
            ctx.t("eltérés", "drift"),
            matched.drift
        );
    }
}

/// Prints a refusal (exit 1).
fn print_refusal(ctx: &Ctx, err: OtpError) -> Exit {
    let err: Error = err.into();
    if ctx.json {
        ctx.print_json(&json!({ "valid": false, "error": ctx.error_json(&err) }));
    } else {
        println!("{}", err.message(ctx.lang));
    }
    Exit::No
}

/// `otp verify --store`: the user's state in a shared store, updated atomically. An hotp URI
/// checks against the stored counter (the URI's counter only starts a user the store does not
/// know yet).
fn verify_store(
    ctx: &Ctx,
    key: &KeyArgs,
    code: &str,
    time: Option<u64>,
    window: u32,
    conn: &str,
    user: &str,
) -> Result<Exit, Error> {
    let loaded = key.load()?;
    let now = time.unwrap_or_else(clock);
    let policy = Policy {
        past_steps: window,
        future_steps: window,
        hotp_look_ahead: window,
        ..Policy::default()
    };
    let store = eeszt_auth_store::open(conn)?;
    let outcome = match loaded.uri_counter {
        Some(counter) => {
            // A user the store does not know starts at the URI's counter (if another process
            // starts it first, its state wins).
            if store.load(user)?.version == 0 && counter > 0 {
                let start = UserState {
                    counter,
                    ..UserState::default()
                };
                store.compare_and_swap(user, 0, &start)?;
            }
            verify_hotp_atomic(&store, loaded.totp.key(), user, code, now, &policy)
        }
        None => verify_atomic(&store, &loaded.totp, user, code, now, &policy),
    };
    match outcome {
        Ok(matched) => {
            print_match(ctx, &matched);
            Ok(Exit::Ok)
        }
        Err(
            err @ (OtpError::WrongCode { .. }
            | OtpError::CodeReused
            | OtpError::Locked { .. }
            | OtpError::CodeNotDigits
            | OtpError::CodeLength { .. }),
        ) => Ok(print_refusal(ctx, err)),
        Err(err) => Err(err.into()),
    }
}

fn verify(
    ctx: &Ctx,
    key: &KeyArgs,
    code: &str,
    counter: Option<u64>,
    time: Option<u64>,
    window: u32,
) -> Result<Exit, Error> {
    let loaded = key.load()?;
    let now = time.unwrap_or_else(clock);
    let verifier = Verifier::new(Policy {
        past_steps: window,
        future_steps: window,
        hotp_look_ahead: window,
        max_failures: 0,
        ..Policy::default()
    });
    let mut state = UserState::default();
    let outcome = match counter.or(loaded.uri_counter) {
        Some(counter) => {
            state.counter = counter;
            verifier.verify_hotp(loaded.totp.key(), &mut state, code, now)
        }
        None => verifier.verify_totp(&loaded.totp, &mut state, code, now),
    };
    match outcome {
        Ok(matched) => {
            print_match(ctx, &matched);
            Ok(Exit::Ok)
        }
        Err(err @ (OtpError::TimeBeforeStart | OtpError::Locked { .. })) => Err(err.into()),
        Err(err) => Ok(print_refusal(ctx, err)),
    }
}
