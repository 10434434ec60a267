//! `bench apdu`, `bench pace`, `bench sm`: a card through a reader (pcscd) or in-process.
//!
//! `apdu` sends one harmless command again and again (default GET CHALLENGE for 8 bytes) through
//! the exchange layer, as the library's callers do; `--raw` sends the same bytes with bare `pcsc`
//! calls into a preallocated buffer instead. Through a reader the raw round trip is measured in the
//! same run as the reference, so the ratio is the library's per-APDU overhead. Commands that could
//! spend a PIN or password try or change the card's state are refused before anything is sent: the
//! core's [`may_resend`] classification decides (VERIFY, CHANGE/RESET REFERENCE DATA, GENERAL,
//! EXTERNAL and MUTUAL AUTHENTICATE, PERFORM SECURITY OPERATION, life-cycle commands, secure
//! messaging, proprietary classes).
//!
//! `pace` runs the whole PACE protocol with the CAN (MSE:Set AT and four GENERAL AUTHENTICATE),
//! `sm` one GET CHALLENGE inside a PACE session (protect, send, check the MAC, decrypt). The CAN
//! has no retry counter, so neither spends a PIN try; a card that answers MSE:Set AT with `63C1`
//! (the PIN's last try at stake) is refused by the core without consent. By default both run
//! against the in-process simulated eSzemélyi (whose chip side runs in this process as well, so
//! the time is terminal and chip together); `--reader NAME` with `--can-env VAR` uses a real card.

use std::hint::black_box;

use clap::Args;
use eeszt_auth::card::eid::{
    CardAccess, Password, rng::os_rng, session, session::PaceOptions, session::SmSession,
    sim::DEFAULT_CAN, sim::SimEszemelyi,
};
use eeszt_auth::card::hex::{hex, parse_hex};
use eeszt_auth::card::testcard::TestCard;
use eeszt_auth::card::{Command, Exchange, SimTransport, Transport, exchange, may_resend};
use eeszt_auth::{ApiError, Error};
use serde_json::json;
use zeroize::Zeroizing;

use super::harness::{self, Plan};
use super::{Failure, Report};
use crate::Ctx;

/// The default APDU: GET CHALLENGE for 8 bytes (changes nothing on the card).
const DEFAULT_APDU: &str = "0084000008";

/// `bench apdu` arguments.
#[derive(Debug, Args)]
pub struct ApduArgs {
    /// The reader (through pcscd).
    #[arg(long, required_unless_present = "sim")]
    reader: Option<String>,
    /// Use the in-process ISO 7816 test card instead of a reader.
    #[arg(long, conflicts_with = "reader")]
    sim: bool,
    /// The command APDU in hex (default GET CHALLENGE, 0084000008). Commands that may spend a PIN
    /// try or change the card are refused.
    #[arg(long, value_name = "HEX", default_value = DEFAULT_APDU)]
    apdu: String,
    /// Send with bare PC/SC calls (SCardTransmit into a preallocated buffer), not the exchange
    /// layer (needs --reader).
    #[arg(long, requires = "reader")]
    raw: bool,
}

/// `bench pace` and `bench sm` arguments.
#[derive(Debug, Args)]
pub struct PaceArgs {
    /// The reader (through pcscd) instead of the in-process simulated eSzemélyi.
    #[arg(long)]
    reader: Option<String>,
    /// With --reader: the environment variable holding the card's CAN (6 digits, printed on it).
    #[arg(long, value_name = "VAR", requires = "reader")]
    can_env: Option<String>,
}

/// The INS of commands that carry or spend a PIN/password try or a key proof.
fn spends_a_try(ins: u8) -> bool {
    matches!(
        ins,
        0x20 | 0x21 | 0x24 | 0x25 | 0x2C | 0x2D | 0x82 | 0x86 | 0x87
    )
}

/// Parses `--apdu` and refuses what the bench must never repeat; a refusal is reported here
/// (both languages on stderr, the error code, exit 2).
fn checked_apdu(ctx: &Ctx, text: &str) -> Result<Command, Failure> {
    let bytes = parse_hex(text)?;
    let command = Command::parse(&bytes)?;
    if may_resend(&command) {
        return Ok(command);
    }
    let (hu, en) = if spends_a_try(command.ins()) {
        (
            "A bench nem küld olyan parancsot, amely PIN- vagy jelszópróbát használhat el \
             (VERIFY, CHANGE/RESET REFERENCE DATA, GENERAL/EXTERNAL/MUTUAL AUTHENTICATE): \
             ezerszer ismételve zárolná a kártyát. Válasszon ártalmatlan parancsot, pl. SELECT \
             vagy GET CHALLENGE (ez az alapértelmezés).",
            "bench never sends a command that may spend a PIN or password try (VERIFY, \
             CHANGE/RESET REFERENCE DATA, GENERAL/EXTERNAL/MUTUAL AUTHENTICATE): repeated \
             thousands of times it would block the card. Choose a harmless command such as SELECT \
             or GET CHALLENGE (the default).",
        )
    } else {
        (
            "A bench nem ismétel olyan parancsot, amely a kártya állapotát változtatja, biztonságos \
             üzenetküldésben fut vagy gyártói osztályú (ismeretlen hatású). Válasszon ártalmatlan \
             parancsot, pl. SELECT vagy GET CHALLENGE (ez az alapértelmezés).",
            "bench does not repeat a command that changes the card's state, runs under secure \
             messaging or has a proprietary class (unknown effect). Choose a harmless command \
             such as SELECT or GET CHALLENGE (the default).",
        )
    };
    eprintln!(
        "{}: {} (INS {:02X})",
        ctx.t("elutasítva", "refused"),
        ctx.t(hu, en),
        command.ins()
    );
    Err(Failure::Refused(
        ctx.fail(
            &ApiError::InvalidArgument {
                what: "--apdu: a command that may spend a PIN try or change the card",
            }
            .into(),
        ),
    ))
}

/// `bench apdu`.
pub fn bench_apdu(ctx: &Ctx, plan: &Plan, args: &ApduArgs) -> Result<Report, Failure> {
    let command = checked_apdu(ctx, &args.apdu)?;
    let bytes = command.to_bytes()?;
    let mut params = json!({"apdu": hex(&bytes)});
    if args.sim {
        // One test card per worker; check the command once so the user sees its status word.
        let mut probe = SimTransport::new(TestCard::sample());
        let answer = exchange(&mut probe, &command)?;
        params["sw"] = json!(format!("{:04X}", answer.sw().0));
        params["card"] = json!("sim");
        let outcome = harness::run(plan, |_| {
            let mut card = SimTransport::new(TestCard::sample());
            let mut exchanger = Exchange::new();
            let command = &command;
            Ok::<_, Failure>(move || {
                black_box(exchanger.run(&mut card, command)?);
                Ok(())
            })
        })?;
        return Ok(Report {
            what: "apdu",
            unit: "APDUs",
            unit_hu: "APDU",
            params,
            outcome,
            reference: None,
        });
    }
    let reader = args.reader.as_deref().unwrap_or_default();
    reader::bench_apdu(plan, reader, &command, &bytes, args.raw, params)
}

/// The CAN for `--reader`, from `--can-env`.
fn reader_can(args: &PaceArgs) -> Result<Password, Failure> {
    let var = args.can_env.as_deref().ok_or(ApiError::InvalidArgument {
        what: "--can-env: name the environment variable holding the card's CAN",
    })?;
    let value = Zeroizing::new(std::env::var(var).map_err(|_| ApiError::InvalidArgument {
        what: "--can-env: the environment variable is not set or not UTF-8",
    })?);
    Ok(Password::can(value.trim())?)
}

/// A card for PACE: a transport, its EF.CardAccess and the CAN.
fn pace_card(args: &PaceArgs) -> Result<(Box<dyn Transport>, CardAccess, Password), Failure> {
    let (mut transport, can): (Box<dyn Transport>, Password) = match &args.reader {
        None => (
            Box::new(SimTransport::new(SimEszemelyi::activated())),
            Password::can(DEFAULT_CAN)?,
        ),
        Some(name) => (reader::connect(name)?, reader_can(args)?),
    };
    let access = session::read_card_access(&mut *transport)?;
    Ok((transport, access, can))
}

fn pace_params(args: &PaceArgs) -> serde_json::Value {
    json!({"card": args.reader.as_deref().unwrap_or("sim eSzemélyi"), "password": "CAN"})
}

fn one_reader(args: &PaceArgs, plan: &Plan) -> Result<(), Failure> {
    if args.reader.is_some() && plan.threads > 1 {
        // One card holds one PACE session: workers on one card would end each other's.
        return Err(ApiError::InvalidArgument {
            what: "--threads: a reader runs PACE for one worker at a time (use --threads 1)",
        }
        .into());
    }
    Ok(())
}

/// `bench pace`.
pub fn bench_pace(_ctx: &Ctx, plan: &Plan, args: &PaceArgs) -> Result<Report, Failure> {
    one_reader(args, plan)?;
    let outcome = harness::run(plan, |_| {
        let (mut transport, access, can) = pace_card(args)?;
        let mut rng = os_rng();
        let options = PaceOptions::default();
        Ok::<_, Failure>(move || {
            let keys = session::pace_keys(&mut *transport, &access, &can, &options, &mut rng)?;
            black_box(&keys);
            Ok(())
        })
    })?;
    Ok(Report {
        what: "pace",
        unit: "PACE runs",
        unit_hu: "PACE",
        params: pace_params(args),
        outcome,
        reference: None,
    })
}

/// `bench sm`: GET CHALLENGE (8 bytes) through one PACE session per worker.
pub fn bench_sm(_ctx: &Ctx, plan: &Plan, args: &PaceArgs) -> Result<Report, Failure> {
    one_reader(args, plan)?;
    let command = Command::new(0x00, 0x84, 0x00, 0x00).with_le(8);
    let outcome = harness::run(plan, |_| {
        let (transport, access, can) = pace_card(args)?;
        let mut sm = SmTransport(transport);
        let (keys, _) = session::pace_keys(
            &mut sm,
            &access,
            &can,
            &PaceOptions::default(),
            &mut os_rng(),
        )?;
        let mut session = SmSession::new(sm, keys);
        let command = &command;
        Ok::<_, Failure>(move || {
            black_box(exchange(&mut session, command)?);
            Ok(())
        })
    })?;
    Ok(Report {
        what: "sm",
        unit: "SM APDUs",
        unit_hu: "SM APDU",
        params: pace_params(args),
        outcome,
        reference: None,
    })
}

/// A boxed transport as a sized one (what [`SmSession`] holds).
struct SmTransport(Box<dyn Transport>);

impl std::fmt::Debug for SmTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmTransport")
    }
}

impl Transport for SmTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, Error> {
        self.0.transmit(apdu)
    }
    fn control(&mut self, code: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
        self.0.control(code, data)
    }
    fn features(&self) -> eeszt_auth::card::ReaderFeatures {
        self.0.features()
    }
    fn atr(&self) -> Result<Vec<u8>, Error> {
        self.0.atr()
    }
    fn reset_seen(&mut self) -> bool {
        self.0.reset_seen()
    }
    fn is_simulated(&self) -> bool {
        self.0.is_simulated()
    }
}

#[cfg(feature = "pcsc")]
mod reader {
    use std::hint::black_box;

    use eeszt_auth::card::pcsc::{PcscContext, map_error};
    use eeszt_auth::card::{Command, Exchange, Transport};
    use serde_json::Value;

    use super::super::harness::{self, Plan};
    use super::super::{BoxedOp, Failure, Report, with_reference};

    /// Connects to `name` (shared mode).
    pub fn connect(name: &str) -> Result<Box<dyn Transport>, Failure> {
        let pcsc = PcscContext::establish()?;
        Ok(Box::new(pcsc.connect(name)?))
    }

    /// Raw `pcsc` round trips of `bytes` on one connection per worker.
    fn raw<'a>(
        name: &'a str,
        bytes: &'a [u8],
    ) -> impl Fn(usize) -> Result<BoxedOp<'a>, Failure> + Sync + 'a {
        move |_| {
            let pcsc = PcscContext::establish()?;
            let transport = pcsc.connect(name)?;
            let mut buffer = vec![0u8; 65_538];
            Ok(Box::new(move || {
                let card = transport.raw_card();
                match card.transmit(bytes, &mut buffer) {
                    Ok(answer) => {
                        black_box(answer);
                        Ok(())
                    }
                    Err(e) => Err(Failure::Error(map_error(e, Some(name)))),
                }
            }))
        }
    }

    /// `bench apdu --reader NAME [--raw]`.
    pub fn bench_apdu(
        plan: &Plan,
        name: &str,
        command: &Command,
        bytes: &[u8],
        raw_only: bool,
        mut params: Value,
    ) -> Result<Report, Failure> {
        params["card"] = Value::from(name);
        params["mode"] = Value::from(if raw_only { "raw pcsc" } else { "exchange" });
        // Once, so the user sees the status word (and a missing card fails before the warm-up).
        let mut probe = PcscContext::establish()?.connect(name)?;
        let answer = Exchange::new().run(&mut probe, command)?;
        params["sw"] = Value::from(format!("{:04X}", answer.sw().0));
        drop(probe);
        if raw_only {
            let outcome = harness::run(plan, raw(name, bytes))?;
            return Ok(Report {
                what: "apdu",
                unit: "APDUs",
                unit_hu: "APDU",
                params,
                outcome,
                reference: None,
            });
        }
        let exchange_op = |_: usize| {
            let pcsc = PcscContext::establish()?;
            let mut transport = pcsc.connect(name)?;
            let mut exchanger = Exchange::new();
            Ok::<_, Failure>(move || {
                black_box(exchanger.run(&mut transport, command)?);
                Ok(())
            })
        };
        let (outcome, reference) = with_reference(
            plan,
            "raw pcsc SCardTransmit",
            exchange_op,
            raw(name, bytes),
        )?;
        Ok(Report {
            what: "apdu",
            unit: "APDUs",
            unit_hu: "APDU",
            params,
            outcome,
            reference: Some(reference),
        })
    }
}

#[cfg(not(feature = "pcsc"))]
mod reader {
    use eeszt_auth::card::{CardError, Command, Transport};
    use serde_json::Value;

    use super::super::harness::Plan;
    use super::super::{Failure, Report};

    fn missing() -> Failure {
        CardError::Unsupported {
            what: "PC/SC (built without the pcsc feature)",
        }
        .into()
    }

    pub fn connect(_name: &str) -> Result<Box<dyn Transport>, Failure> {
        Err(missing())
    }

    pub fn bench_apdu(
        _plan: &Plan,
        _name: &str,
        _command: &Command,
        _bytes: &[u8],
        _raw_only: bool,
        _params: Value,
    ) -> Result<Report, Failure> {
        Err(missing())
    }
}
