//! `eeszt-auth`: the command-line tool for hospital IT staff.
//!
//! Global options: `--json` (one JSON document on stdout) and `--lang hu|en` (default hu).
//! Exit codes: 0 done or valid, 1 a check said no, 2 usage, input or environment error.
//!
//! One module per subcommand group, named after the command (`bench`, `card`, `cert`, `demo`,
//! `id`, `login`, `otp`); `common` and `secret` are what they share; `protect` keeps secrets out of
//! core dumps.

mod bench;
mod card;
mod cert;
mod common;
mod demo;
mod id;
mod login;
mod otp;
mod protect;
mod secret;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use common::{Ctx, Exit};

/// eeszt-auth: EESZT login building blocks (identifiers, OTP, eID card, certificates).
#[derive(Debug, Parser)]
#[command(name = "eeszt-auth", version, about, long_about = None)]
struct Cli {
    /// Print one JSON document on stdout.
    #[arg(long, global = true)]
    json: bool,
    /// Language of messages: hu (default) or en.
    #[arg(long, global = true, default_value = "hu", value_parser = ["hu", "en"])]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the library and tool version.
    Version,
    /// A scripted tour of the library (what `make demo` runs).
    Demo,
    /// Smartcards: readers, waiting for a card, APDUs, the simulated card over vpcd.
    Card(card::CardArgs),
    /// Certificates: inspect DER/PEM/PKCS#12/CV files, check the EESZT client certificate.
    Cert(cert::CertArgs),
    /// Validate an identifier: user name, TAJ, tax ID, institution codes, token serial.
    Id(id::IdArgs),
    /// One-time passwords: codes, enrollment (setup key, URI, QR), verification.
    Otp(otp::OtpArgs),
    /// The EESZT portal login: user name, eID card or token, institution.
    Login(login::LoginArgs),
    /// Measure throughput and latency: OTP codes, verification, APDUs, PACE, secure messaging,
    /// certificate parsing.
    Bench(bench::BenchArgs),
}

/// Parses the command line, runs the subcommand and maps the outcome to the exit code.
fn main() -> ExitCode {
    // Before any secret is read: no core dumps, no ptrace, /proc/PID/environ for root only.
    protect::keep_secrets_out_of_dumps();
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    let ctx = Ctx {
        json: cli.json,
        lang: if cli.lang == "en" {
            eeszt_auth::Lang::En
        } else {
            eeszt_auth::Lang::Hu
        },
    };
    let exit = match cli.command {
        Command::Version => version(&ctx),
        Command::Demo => demo::run(&ctx),
        Command::Otp(args) => otp::run(&ctx, args),
        Command::Card(args) => card::run(&ctx, args),
        Command::Id(args) => id::run(&ctx, &args),
        Command::Cert(args) => cert::run(&ctx, args),
        Command::Login(args) => login::run(&ctx, &args),
        Command::Bench(args) => bench::run(&ctx, args),
    };
    exit.into()
}

/// Output into a closed pipe (`eeszt-auth demo | head -1`) ends the process quietly, as for other
/// command-line tools: Rust ignores SIGPIPE by default, so `println!` would panic on EPIPE.
#[cfg(target_os = "linux")]
fn quiet_on_closed_pipe() {
    // SAFETY: signal() with SIG_DFL takes no pointers and changes only this process's disposition
    // of SIGPIPE, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(target_os = "linux"))]
fn quiet_on_closed_pipe() {}

fn version(ctx: &Ctx) -> Exit {
    if ctx.json {
        ctx.print_json(&serde_json::json!({
            "name": "eeszt-auth",
            "version": eeszt_auth::VERSION,
        }));
    } else {
        println!("eeszt-auth {}", eeszt_auth::VERSION);
    }
    Exit::Ok
}
