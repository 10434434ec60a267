//! `eeszt-auth bench <what> [--seconds S] [--threads N] [--json] [--svg FILE]`: throughput and
//! latency on the user's machine and reader, as `openssl speed` does for ciphers.
//!
//! * `otp`, `verify` (one shared key, [`otp`]); `apdu`, `pace`, `sm` (a card: the in-process
//!   simulator or a reader through pcscd, [`card`]); `cert PATH` ([`cert`]).
//! * Every run: warm-up, measurement ([`harness`]), then operations per second, median, p90, p99,
//!   p99.9 and max latency from an HDR histogram, the machine, and a reference measured in the same
//!   run where one exists (absolute times drift on shared machines; ratios do not).
//! * `--json` prints the same as one object; `--svg FILE` writes the latency histogram ([`svg`]).

mod card;
mod cert;
pub mod harness;
mod otp;
mod svg;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use eeszt_auth::{ApiError, Error};
use serde_json::{Value, json};

use crate::{Ctx, Exit};
use harness::{Outcome, Plan};

/// `eeszt-auth bench` arguments.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Measurement time in seconds (a warm-up of a fifth of it, 50 ms to 1 s, comes first).
    #[arg(long, global = true, default_value_t = 3.0, value_name = "S")]
    seconds: f64,
    /// Worker threads: one shared key (otp, verify), one reader connection or simulated card per
    /// worker (apdu, pace, sm), one parser per worker (cert). The total is reported.
    #[arg(long, global = true, default_value_t = 1, value_name = "N")]
    threads: usize,
    /// Write the latency histogram as an SVG picture to FILE.
    #[arg(long, global = true, value_name = "FILE")]
    svg: Option<PathBuf>,
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// One-time codes per second (HOTP, one shared key).
    Otp(otp::OtpArgs),
    /// TOTP verifications per second over a ±window (no match by default, --matching for a match).
    Verify(otp::VerifyArgs),
    /// APDU round trips per second through a reader (--reader) or the in-process test card (--sim).
    Apdu(card::ApduArgs),
    /// PACE establishments per second (default: the in-process simulated eSzemélyi, with its CAN).
    Pace(card::PaceArgs),
    /// Secure-messaging round trips per second (GET CHALLENGE in a PACE session).
    Sm(card::PaceArgs),
    /// Certificates inspected per second over a file or a folder (e.g. /etc/ssl/certs).
    Cert(cert::CertArgs),
}

/// The most threads a run accepts.
const MAX_THREADS: usize = 256;

/// Runs `eeszt-auth bench ...`.
pub fn run(ctx: &Ctx, args: BenchArgs) -> Exit {
    if !(args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 3600.0) {
        return ctx.fail(
            &ApiError::InvalidArgument {
                what: "--seconds: a number of seconds above 0, at most 3600",
            }
            .into(),
        );
    }
    if args.threads == 0 || args.threads > MAX_THREADS {
        return ctx.fail(
            &ApiError::InvalidArgument {
                what: "--threads: 1 to 256",
            }
            .into(),
        );
    }
    let plan = Plan::new(args.seconds, args.threads, ctx.json);
    let measured = match &args.what {
        What::Otp(a) => otp::bench_otp(&plan, a),
        What::Verify(a) => otp::bench_verify(&plan, a),
        What::Apdu(a) => card::bench_apdu(ctx, &plan, a),
        What::Pace(a) => card::bench_pace(ctx, &plan, a),
        What::Sm(a) => card::bench_sm(ctx, &plan, a),
        What::Cert(a) => cert::bench_cert(&plan, a),
    };
    let report = match measured {
        Ok(report) => report,
        Err(Failure::Error(err)) => return ctx.fail(&err),
        Err(Failure::Refused(exit)) => return exit,
    };
    if let Some(path) = &args.svg {
        if let Err(err) = svg::write(path, &report) {
            return ctx.fail(&err);
        }
    }
    print(ctx, &report);
    Exit::Ok
}

/// One measured operation of a worker, boxed (when the worker's kind is chosen at run time).
pub type BoxedOp<'a> = Box<dyn FnMut() -> Result<(), Failure> + 'a>;

/// Why a bench did not produce a report.
#[derive(Debug)]
pub enum Failure {
    /// An error to report with [`Ctx::fail`].
    Error(Error),
    /// Already reported (a refusal with its own message); the exit code.
    Refused(Exit),
}

macro_rules! failure_from {
    ($($t:ty),+) => {$(
        impl From<$t> for Failure {
            fn from(err: $t) -> Failure {
                Failure::Error(err.into())
            }
        }
    )+};
}

failure_from!(
    Error,
    ApiError,
    eeszt_auth::otp::OtpError,
    eeszt_auth::card::CardError,
    eeszt_auth::card::EidError,
    eeszt_auth::cert::CertError
);

/// A reference operation measured in the same run.
#[derive(Debug, Clone)]
pub struct Reference {
    /// What it is.
    pub name: String,
    /// Its median time per operation, in nanoseconds.
    pub ns: f64,
}

/// One bench's result.
#[derive(Debug)]
pub struct Report {
    /// The `<what>`.
    pub what: &'static str,
    /// What one operation is, in English (`code`, `verification`, `APDU`, ...).
    pub unit: &'static str,
    /// The same in Hungarian.
    pub unit_hu: &'static str,
    /// The parameters of the run (algorithm, reader, APDU, ...).
    pub params: Value,
    /// The measurement.
    pub outcome: Outcome,
    /// The reference, where there is one.
    pub reference: Option<Reference>,
}

impl Report {
    /// Median time per operation over the reference's median, when there is a reference. Medians,
    /// not means: on a shared machine the means carry the time other processes took the CPU away,
    /// differently in the two measurements.
    pub fn ratio(&self) -> Option<f64> {
        self.reference
            .as_ref()
            .filter(|r| r.ns > 0.0)
            .map(|r| self.outcome.quantile_ns(0.5) as f64 / r.ns)
    }
}

/// Rounds of [`with_reference`]: the measurement and the reference alternate this many times.
const ROUNDS: u32 = 4;

/// Measures `main` as `plan` says and a reference operation `refer` (on one thread, half as long)
/// in [`ROUNDS`] alternating slices, so both see the same machine load; the slices of each are
/// merged into one histogram. The reference keeps its median time per operation.
pub fn with_reference<E, W, M, RW, RM>(
    plan: &Plan,
    name: &str,
    main: M,
    refer: RM,
) -> Result<(Outcome, Reference), E>
where
    E: Send,
    W: FnMut() -> Result<(), E>,
    M: Fn(usize) -> Result<W, E> + Sync,
    RW: FnMut() -> Result<(), E>,
    RM: Fn(usize) -> Result<RW, E> + Sync,
{
    let slice = (plan.measure / ROUNDS).max(std::time::Duration::from_millis(20));
    let mut merged: Option<Outcome> = None;
    let mut reference: Option<Outcome> = None;
    for round in 0..ROUNDS {
        let warmup = if round == 0 {
            plan.warmup
        } else {
            std::time::Duration::from_millis(20)
        };
        let part = Plan {
            warmup,
            measure: slice,
            ..*plan
        };
        let outcome = harness::run(&part, &main)?;
        merged = Some(match merged {
            None => outcome,
            Some(m) => m.merge(outcome),
        });
        let part = Plan {
            warmup,
            measure: slice / 2,
            threads: 1,
            progress: false,
        };
        let outcome = harness::run(&part, &refer)?;
        reference = Some(match reference {
            None => outcome,
            Some(r) => r.merge(outcome),
        });
    }
    let (Some(outcome), Some(reference)) = (merged, reference) else {
        unreachable!("ROUNDS is above zero")
    };
    Ok((
        outcome,
        Reference {
            name: name.to_owned(),
            ns: reference.quantile_ns(0.5) as f64,
        },
    ))
}

/// The machine a run measured.
#[derive(Debug, Clone)]
pub struct Machine {
    /// CPU model from /proc/cpuinfo (`unknown` elsewhere).
    pub cpu: String,
    /// Whether the CPU has the SHA extensions the OTP kernel uses.
    pub sha_ni: bool,
    /// Logical CPUs available to this process.
    pub cores: usize,
}

impl Machine {
    /// Reads the machine's description.
    pub fn detect() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find(|l| l.starts_with("model name") || l.starts_with("Model"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".to_owned());
        Machine {
            cpu,
            sha_ni: eeszt_auth_sha1ni::Sha1Ni::detect().is_some(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Whether this tool was built with optimisations (a debug build's figures are far slower).
pub const OPTIMIZED: bool = !cfg!(debug_assertions);

/// The report as one JSON object.
pub fn report_json(report: &Report, machine: &Machine) -> Value {
    let o = &report.outcome;
    json!({
        "what": report.what,
        "unit": report.unit,
        "params": report.params,
        "ops": o.ops,
        "seconds": o.elapsed.as_secs_f64(),
        "ops_per_sec": o.ops_per_sec(),
        "mean_ns": o.mean_ns(),
        "p50_ns": o.quantile_ns(0.5),
        "p90_ns": o.quantile_ns(0.9),
        "p99_ns": o.quantile_ns(0.99),
        "p999_ns": o.quantile_ns(0.999),
        "max_ns": o.max_ns(),
        "threads": o.threads,
        "batch": o.batch,
        "reference": report.reference.as_ref().map(|r| json!({"name": r.name, "ns": r.ns})),
        "ratio_to_reference": report.ratio(),
        "machine": {"cpu": machine.cpu, "sha_ni": machine.sha_ni, "cores": machine.cores},
        "optimized": OPTIMIZED,
    })
}

/// A duration in nanoseconds, readable: `81 ns`, `12.3 µs`, `4.56 ms`, `1.23 s`.
pub fn human_ns(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1_000_000_000.0 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn print(ctx: &Ctx, report: &Report) {
    let machine = Machine::detect();
    if ctx.json {
        ctx.print_json(&report_json(report, &machine));
        return;
    }
    let o = &report.outcome;
    let params = match &report.params {
        Value::Object(map) if !map.is_empty() => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k}={s}"),
                    other => format!("{k}={other}"),
                })
                .collect();
            format!(" ({})", parts.join(", "))
        }
        _ => String::new(),
    };
    println!(
        "bench {}{params}: {} {}, {:.2} s{}",
        report.what,
        o.threads,
        ctx.t("szál", if o.threads == 1 { "thread" } else { "threads" }),
        o.elapsed.as_secs_f64(),
        if o.batch > 1 {
            format!(
                ", {} {}",
                o.batch,
                ctx.t(
                    "művelet mérésenként (átlag)",
                    "operations per timed batch (averaged)"
                )
            )
        } else {
            String::new()
        }
    );
    println!(
        "  {:<12} {:>14.0}",
        format!("{}/s", ctx.t(report.unit_hu, report.unit)),
        o.ops_per_sec()
    );
    let rows = [
        (ctx.t("átlag", "mean"), o.mean_ns()),
        (ctx.t("medián", "median"), o.quantile_ns(0.5) as f64),
        ("p90", o.quantile_ns(0.9) as f64),
        ("p99", o.quantile_ns(0.99) as f64),
        ("p99.9", o.quantile_ns(0.999) as f64),
        ("max", o.max_ns() as f64),
    ];
    for (label, ns) in rows {
        println!("  {label:<12} {:>14}", human_ns(ns));
    }
    if let (Some(r), Some(ratio)) = (&report.reference, report.ratio()) {
        println!(
            "  {}: {} {} / op ({}); {} {ratio:.2}x",
            ctx.t("viszonyítás", "reference"),
            r.name,
            human_ns(r.ns),
            ctx.t("medián", "median"),
            ctx.t("a medián aránya", "median ratio"),
        );
    }
    println!(
        "  {}: {}, SHA-NI {}, {} {}",
        ctx.t("gép", "machine"),
        machine.cpu,
        if machine.sha_ni {
            ctx.t("van", "yes")
        } else {
            ctx.t("nincs", "no")
        },
        machine.cores,
        ctx.t("mag", "cores")
    );
    if !OPTIMIZED {
        println!(
            "  {}",
            ctx.t(
                "(optimalizálás nélküli build: a mérés lassabb a valósnál, a viszonyítás aránya \
                 többet mond; valós számokhoz: cargo build --release vagy make install)",
                "(a build without optimisations: figures are slower than real ones, the ratio to \
                 the reference says more; for real figures: cargo build --release or make install)"
            )
        );
    }
}
