//! `eeszt-auth card ...`: card readers, waiting for a card, raw APDUs, and serving the test card
//! into a vpcd slot.
//!
//! Adding a subcommand is one line in `card_commands!` below: `Name(path::Args),` where `Args` is a
//! clap `Args` type implementing [`CardRun`] (the eID subcommands live in cli/eid.rs that way).

mod eid;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, Subcommand};
use eeszt_auth::Error;
use eeszt_auth::card::hex::{hex, parse_hex};
use eeszt_auth::card::testcard::{Behaviour, TestCard};
use eeszt_auth::card::trace::TraceEvent;
use eeszt_auth::card::vpcd::{ServeEnd, serve_vpcd_until};
use eeszt_auth::card::{Command, Exchange, SimCard, SimTransport, Transport};

use crate::{Ctx, Exit};

/// A `card` subcommand.
pub trait CardRun {
    /// Runs it.
    fn run(self, ctx: &Ctx) -> Exit;
}

/// Declares the `card` subcommands and their dispatch; one line per subcommand.
macro_rules! card_commands {
    ($($(#[$meta:meta])* $name:ident($args:ty),)+) => {
        /// Smartcard subcommands.
        #[derive(Debug, Subcommand)]
        pub enum CardCommand {
            $($(#[$meta])* $name($args),)+
        }

        impl CardCommand {
            /// Runs the chosen subcommand.
            pub fn run(self, ctx: &Ctx) -> Exit {
                match self {
                    $(CardCommand::$name(args) => CardRun::run(args, ctx),)+
                }
            }
        }
    };
}

card_commands! {
    /// List the card readers with card presence and ATR.
    Readers(ReadersArgs),
    /// Wait until a card is inserted (or removed).
    Wait(WaitArgs),
    /// Send APDUs (hex) through the exchange layer; print each answer as hex ending with the SW.
    Apdu(ApduArgs),
    /// Serve a simulated card into a vpcd reader slot until interrupted.
    Sim(SimArgs),
    /// eID card (eSzemélyi): reader, ATR, PACE options and PIN state (spends no PIN try).
    Status(eid::StatusArgs),
    /// eID card: activate with the 5-digit transport PIN and set the 6-digit PIN.
    Activate(eid::ActivateArgs),
    /// eID card: change the PIN.
    PinChange(eid::PinChangeArgs),
    /// eID card: resume a suspended PIN with the CAN (spends the last try: needs --allow-last-try).
    PinResume(eid::PinResumeArgs),
    /// eID card: unblock a blocked PIN with the PUK.
    PinUnblock(eid::PinUnblockArgs),
}

/// `eeszt-auth card`.
#[derive(Debug, Args)]
pub struct CardArgs {
    #[command(subcommand)]
    command: CardCommand,
}

/// Runs `eeszt-auth card ...`.
pub fn run(ctx: &Ctx, args: CardArgs) -> Exit {
    args.command.run(ctx)
}

/// Sets the returned flag on SIGINT or SIGTERM.
pub fn stop_flag() -> Result<Arc<AtomicBool>, Error> {
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&flag))
            .map_err(|e| Error::io("signal handler", &e))?;
    }
    Ok(flag)
}

/// `card readers`.
#[derive(Debug, Args)]
pub struct ReadersArgs {}

/// `card wait`.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The reader to watch (default: any).
    #[arg(long)]
    reader: Option<String>,
    /// Give up after this many seconds (default: wait without limit; Ctrl-C cancels).
    #[arg(long)]
    timeout: Option<f64>,
    /// Wait for the card to be removed instead.
    #[arg(long)]
    removed: bool,
}

/// `card apdu`.
#[derive(Debug, Args)]
pub struct ApduArgs {
    /// The reader (default: the first with a card).
    #[arg(long)]
    reader: Option<String>,
    /// Send to the in-process ISO 7816 test card instead of a reader.
    #[arg(long, conflicts_with = "reader")]
    sim: bool,
    /// Print every APDU on the wire to stderr (PINs and keys redacted).
    #[arg(long)]
    trace: bool,
    /// Command APDUs in hex (spaces or colons allowed inside one argument).
    #[arg(required = true, value_name = "HEX")]
    apdus: Vec<String>,
}

/// `card sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// The vpcd reader slot to attach to, HOST:PORT (pcscd's vpcd listens on 35963 and 35964).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:35963")]
    vpcd: String,
    /// Serve the simulated eID card (eSzemélyi) instead of the ISO 7816 test card.
    #[arg(long)]
    eszemelyi: bool,
    /// With --eszemelyi: the card's JSON state file (created when missing; changes are saved).
    #[arg(long, requires = "eszemelyi", value_name = "FILE")]
    state: Option<std::path::PathBuf>,
    /// Seed of the test card's GET CHALLENGE generator.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// The test card refuses extended-length APDUs (hosts must chain).
    #[arg(long)]
    no_extended: bool,
    /// The test card cuts answers after this many bytes and sends the rest through 61xx.
    #[arg(long, value_name = "BYTES")]
    chunk: Option<usize>,
    /// The test card answers 6Cxx when Le is not the exact length.
    #[arg(long)]
    exact_le: bool,
}

impl SimArgs {
    /// The ISO 7816 test card these options describe.
    pub fn test_card(&self) -> TestCard {
        TestCard::sample()
            .with_seed(self.seed)
            .with_behaviour(Behaviour {
                extended_length: !self.no_extended,
                max_command_data: if self.no_extended { 255 } else { 65_535 },
                response_chunk: self.chunk,
                exact_le: self.exact_le,
                ..Behaviour::default()
            })
    }
}

impl CardRun for SimArgs {
    fn run(self, ctx: &Ctx) -> Exit {
        if self.eszemelyi {
            return eid::serve_eszemelyi(ctx, &self.vpcd, self.state.as_ref());
        }
        let mut card = self.test_card();
        serve(ctx, &mut card, &self.vpcd)
    }
}

/// Serves `card` into the vpcd slot at `addr` until SIGINT/SIGTERM or until vpcd closes the
/// connection; for every `sim` variant (the eID card too).
pub fn serve(ctx: &Ctx, card: &mut dyn SimCard, addr: &str) -> Exit {
    let stop = match stop_flag() {
        Ok(stop) => stop,
        Err(err) => return ctx.fail(&err),
    };
    if !ctx.json {
        eprintln!(
            "{} {addr} (ATR {}); {}",
            ctx.t(
                "A kártya a vpcd olvasóhoz csatlakozik:",
                "Serving the card to vpcd at"
            ),
            hex(&card.atr()),
            ctx.t("leállítás: Ctrl-C", "stop with Ctrl-C")
        );
    }
    match serve_vpcd_until(card, addr, &stop) {
        Ok(end) => {
            let why = match end {
                ServeEnd::Stopped => "stopped",
                ServeEnd::Disconnected => "disconnected",
            };
            if ctx.json {
                ctx.print_json(&serde_json::json!({ "vpcd": addr, "end": why }));
            } else {
                eprintln!(
                    "{}",
                    match end {
                        ServeEnd::Stopped => ctx.t("Leállítva.", "Stopped."),
                        ServeEnd::Disconnected => ctx.t(
                            "A vpcd bontotta a kapcsolatot.",
                            "vpcd closed the connection."
                        ),
                    }
                );
            }
            Exit::Ok
        }
        Err(err) => ctx.fail(&err),
    }
}

fn send_all(ctx: &Ctx, transport: &mut dyn Transport, args: &ApduArgs) -> Exit {
    let mut exchange = Exchange::new();
    if args.trace {
        exchange = exchange.with_trace(|e: &TraceEvent| eprintln!("{e}"));
    }
    let mut results = Vec::new();
    for text in &args.apdus {
        let command = match parse_hex(text).and_then(|raw| Command::parse(&raw)) {
            Ok(command) => command,
            Err(err) => return ctx.fail(&err),
        };
        let response = match exchange.run(transport, &command) {
            Ok(response) => response,
            Err(err) => return ctx.fail(&err),
        };
        let answer = hex(&response.to_bytes());
        if ctx.json {
            let raw = command.to_bytes().unwrap_or_default();
            results.push(serde_json::json!({
                "command": eeszt_auth::card::trace::redact_command(&raw, false),
                "response": answer,
                "sw": response.sw().to_string(),
                "meaning": response.sw().message(ctx.lang),
            }));
        } else {
            println!("{answer}");
        }
    }
    if ctx.json {
        ctx.print_json(&serde_json::Value::Array(results));
    }
    Exit::Ok
}

impl CardRun for ApduArgs {
    fn run(self, ctx: &Ctx) -> Exit {
        if self.sim {
            let mut transport = SimTransport::new(TestCard::sample());
            return send_all(ctx, &mut transport, &self);
        }
        pcsc_side::apdu(ctx, &self)
    }
}

impl CardRun for ReadersArgs {
    fn run(self, ctx: &Ctx) -> Exit {
        pcsc_side::readers(ctx)
    }
}

impl CardRun for WaitArgs {
    fn run(self, ctx: &Ctx) -> Exit {
        pcsc_side::wait(ctx, &self)
    }
}

#[cfg(feature = "pcsc")]
mod pcsc_side {
    use std::time::Duration;

    use eeszt_auth::ApiError;
    use eeszt_auth::card::CardError;
    use eeszt_auth::card::hex::hex;
    use eeszt_auth::card::pcsc::{CardEvent, PcscContext};

    use super::{ApduArgs, Ctx, Exit, Ordering, WaitArgs, send_all, stop_flag};

    pub fn readers(ctx: &Ctx) -> Exit {
        let readers = match PcscContext::establish().and_then(|c| c.reader_states()) {
            Ok(readers) if readers.is_empty() => return ctx.fail(&CardError::NoReader.into()),
            Ok(readers) => readers,
            Err(err) => return ctx.fail(&err),
        };
        if ctx.json {
            let list: Vec<_> = readers
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "name": r.name,
                        "card_present": r.card_present,
                        "atr": r.atr.as_deref().map(hex),
                    })
                })
                .collect();
            ctx.print_json(&serde_json::Value::Array(list));
        } else {
            for r in &readers {
                match &r.atr {
                    Some(atr) => println!("{}\t{} {}", r.name, ctx.t("kártya:", "card:"), hex(atr)),
                    None => println!("{}\t{}", r.name, ctx.t("nincs kártya", "no card")),
                }
            }
        }
        Exit::Ok
    }

    pub fn wait(ctx: &Ctx, args: &WaitArgs) -> Exit {
        let timeout = match args.timeout {
            Some(s) if s.is_finite() && s >= 0.0 => Some(Duration::from_secs_f64(s)),
            Some(_) => {
                return ctx.fail(&ApiError::InvalidArgument { what: "--timeout" }.into());
            }
            None => None,
        };
        let pcsc = match PcscContext::establish() {
            Ok(pcsc) => pcsc,
            Err(err) => return ctx.fail(&err),
        };
        let stop = match stop_flag() {
            Ok(stop) => stop,
            Err(err) => return ctx.fail(&err),
        };
        // Ctrl-C cancels the blocking wait.
        let canceller = pcsc.canceller();
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watcher_done = std::sync::Arc::clone(&done);
        let watcher = std::thread::spawn(move || {
            while !watcher_done.load(Ordering::Relaxed) {
                if stop.load(Ordering::Relaxed) {
                    let _ = canceller.cancel();
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let event = if args.removed {
            CardEvent::Removed
        } else {
            CardEvent::Inserted
        };
        let outcome = pcsc.wait_for(args.reader.as_deref(), event, timeout);
        done.store(true, Ordering::Relaxed);
        let _ = watcher.join();
        let reader = match outcome {
            Ok(reader) => reader,
            Err(err) => return ctx.fail(&err),
        };
        let atr = pcsc
            .reader_states()
            .ok()
            .and_then(|list| list.into_iter().find(|r| r.name == reader))
            .and_then(|r| r.atr);
        if ctx.json {
            ctx.print_json(&serde_json::json!({
                "reader": reader,
                "card_present": !args.removed,
                "atr": atr.as_deref().map(hex),
            }));
        } else {
            println!("{reader}");
        }
        Exit::Ok
    }

    pub fn apdu(ctx: &Ctx, args: &ApduArgs) -> Exit {
        let pcsc = match PcscContext::establish() {
            Ok(pcsc) => pcsc,
            Err(err) => return ctx.fail(&err),
        };
        let connected = match &args.reader {
            Some(name) => pcsc.connect(name),
            None => pcsc.connect_first(),
        };
        let mut transport = match connected {
            Ok(t) => t,
            Err(err) => return ctx.fail(&err),
        };
        send_all(ctx, &mut transport, args)
    }
}

#[cfg(not(feature = "pcsc"))]
mod pcsc_side {
    use eeszt_auth::card::CardError;

    use super::{ApduArgs, Ctx, Exit, WaitArgs};

    fn missing(ctx: &Ctx) -> Exit {
        ctx.fail(
            &CardError::Unsupported {
                what: "PC/SC (built without the pcsc feature)",
            }
            .into(),
        )
    }

    pub fn readers(ctx: &Ctx) -> Exit {
        missing(ctx)
    }

    pub fn wait(ctx: &Ctx, _args: &WaitArgs) -> Exit {
        missing(ctx)
    }

    pub fn apdu(ctx: &Ctx, _args: &ApduArgs) -> Exit {
        missing(ctx)
    }
}
