//! `eeszt-auth card status|activate|pin-change|pin-resume|pin-unblock` (the eID card, eSzemélyi) and
//! the eSzemélyi variant of `card sim`.
//!
//! Secrets come from a no-echo terminal prompt, or from the environment variables named by
//! `--pin-env`, `--new-pin-env`, `--can-env`, `--puk-env`; never from the command line.
//! `--sim` runs against an in-process simulated eSzemélyi (a new card unless `--state FILE` names a
//! saved one; changes are saved back to that file).
//!
//! `card activate --pinpad` and `card pin-change --pinpad` type every PIN on the reader's keypad
//! (PC/SC part 10 EXECUTE_PACE, then MODIFY_PIN_DIRECT; see `eeszt_auth::card::eid::pinpad` for the
//! secure-messaging model and its limits); no secret passes through this program.

use std::path::PathBuf;

use clap::Args;
use eeszt_auth::card::eid::{
    CardAccess, Password, params,
    pin::{self, LastTry, PinAttempt, PinStatus},
    pinmodify, pinpad,
    rng::os_rng,
    session,
    sim::SimEszemelyi,
};
use eeszt_auth::card::hex::hex;
use eeszt_auth::card::{EidError, SimCard, SimTransport, Transport};
use eeszt_auth::{ApiError, Error};
use zeroize::Zeroizing;

use super::CardRun;
use crate::{Ctx, Exit};

/// Where the card is.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The reader (default: the first with a card).
    #[arg(long)]
    reader: Option<String>,
    /// Use an in-process simulated eSzemélyi instead of a reader.
    #[arg(long, conflicts_with = "reader")]
    sim: bool,
    /// With --sim: the simulated card's JSON state file (created when missing; changes are saved).
    #[arg(long, requires = "sim", value_name = "FILE")]
    state: Option<PathBuf>,
}

/// Where the secrets come from.
#[derive(Debug, Args)]
pub struct SecretArgs {
    /// Environment variable holding the PIN (for activation: the 5-digit transport PIN).
    #[arg(long, value_name = "VAR")]
    pin_env: Option<String>,
    /// Environment variable holding the new PIN (otherwise asked twice without echo).
    #[arg(long, value_name = "VAR")]
    new_pin_env: Option<String>,
    /// Environment variable holding the CAN (needed when the PIN is suspended).
    #[arg(long, value_name = "VAR")]
    can_env: Option<String>,
    /// Environment variable holding the PUK.
    #[arg(long, value_name = "VAR")]
    puk_env: Option<String>,
    /// Consent to spend the PIN's last try (a wrong PIN then blocks the card).
    #[arg(long)]
    allow_last_try: bool,
}

/// `card status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    target: TargetArgs,
}

/// `card activate`, `card pin-change`, `card pin-resume`, `card pin-unblock`.
#[derive(Debug, Args)]
pub struct PinArgs {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    secrets: SecretArgs,
    /// Type the PINs on the reader's keypad (activate, pin-change; the reader needs EXECUTE_PACE
    /// and MODIFY_PIN_DIRECT). Refused while the PIN is suspended: resume it first.
    #[arg(long, conflicts_with_all = ["pin_env", "new_pin_env", "can_env", "puk_env", "allow_last_try"])]
    pinpad: bool,
    /// With --pinpad: seconds the reader waits for the keys (0: the reader's default).
    #[arg(long, requires = "pinpad", value_name = "SECONDS", default_value_t = pinmodify::DEFAULT_TIMEOUT_SECONDS)]
    pinpad_timeout: u8,
}

/// The four PIN operations share their arguments; clap needs one type per subcommand.
macro_rules! pin_command {
    ($($name:ident => $op:expr,)+) => {$(
        /// Arguments of one PIN operation.
        #[derive(Debug, Args)]
        pub struct $name {
            #[command(flatten)]
            args: PinArgs,
        }

        impl CardRun for $name {
            fn run(self, ctx: &Ctx) -> Exit {
                run_pin(ctx, &self.args, $op)
            }
        }
    )+};
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PinOp {
    Activate,
    Change,
    Resume,
    Unblock,
}

pin_command! {
    ActivateArgs => PinOp::Activate,
    PinChangeArgs => PinOp::Change,
    PinResumeArgs => PinOp::Resume,
    PinUnblockArgs => PinOp::Unblock,
}

fn secret(ctx: &Ctx, env: Option<&str>, hu: &str, en: &str) -> Result<Zeroizing<String>, Error> {
    let source = match env {
        Some(var) => crate::secret::SecretSource::Env(var.to_owned()),
        None => crate::secret::SecretSource::Prompt,
    };
    source.read(&format!("{}: ", ctx.t(hu, en)))
}

/// Runs `op` on the chosen card; the simulated card's state is saved afterwards.
fn with_card<R>(
    target: &TargetArgs,
    op: impl FnOnce(&mut dyn Transport, &str) -> Result<R, Error>,
) -> Result<R, Error> {
    if target.sim {
        let card = match &target.state {
            Some(path) if path.exists() => SimEszemelyi::open(path.clone())?,
            Some(path) => {
                let mut card = SimEszemelyi::with_random_seed();
                card.state().save(path)?;
                card.set_autosave(Some(path.clone()));
                card
            }
            None => SimEszemelyi::with_random_seed(),
        };
        let mut transport = SimTransport::new(card);
        let result = op(&mut transport, "sim");
        if let Some(err) = transport.card().last_save_error() {
            return Err(err.clone());
        }
        return result;
    }
    reader::with_reader(target.reader.as_deref(), op)
}

impl CardRun for StatusArgs {
    fn run(self, ctx: &Ctx) -> Exit {
        let result = with_card(&self.target, |t, name| {
            let atr = t.atr()?;
            let access = session::read_card_access(t);
            let status = match &access {
                Ok(access) => Some(pin::status(t, access)?),
                Err(_) => None,
            };
            Ok((name.to_owned(), atr, access.ok(), status))
        });
        let (reader, atr, access, status) = match result {
            Ok(r) => r,
            Err(err) => return ctx.fail(&err),
        };
        let known = access.is_some() || params::is_eszemelyi_atr(&atr);
        let pace: Vec<_> = access
            .as_ref()
            .map(|a: &CardAccess| {
                a.pace
                    .iter()
                    .map(|p| serde_json::json!({"protocol": p.oid_string(), "parameter_id": p.parameter_id}))
                    .collect()
            })
            .unwrap_or_default();
        let pin_json = status.map(|s: PinStatus| {
            serde_json::json!({"state": s.state.as_str(), "tries_left": s.tries_left})
        });
        if ctx.json {
            ctx.print_json(&serde_json::json!({
                "reader": reader,
                "atr": hex(&atr),
                "card": if known && access.is_some() { "eszemelyi" } else { "unknown" },
                "pace": pace,
                "pin": pin_json,
            }));
        } else {
            println!("{}: {reader}", ctx.t("olvasó", "reader"));
            println!("ATR: {}", hex(&atr));
            match (&access, status) {
                (Some(access), Some(s)) => {
                    println!("{}: eSzemélyi", ctx.t("kártya", "card"));
                    for p in &access.pace {
                        let id = p.parameter_id.map(|id| id.to_string()).unwrap_or_default();
                        println!(
                            "PACE: {} ({} {id})",
                            p.oid_string(),
                            ctx.t("paraméter", "parameter")
                        );
                    }
                    println!(
                        "PIN: {} ({} {})",
                        s.state.as_str(),
                        s.tries_left,
                        ctx.t("próbálkozás", "tries left")
                    );
                }
                _ => println!(
                    "{}: {}",
                    ctx.t("kártya", "card"),
                    ctx.t("ismeretlen", "unknown")
                ),
            }
        }
        Exit::Ok
    }
}

fn new_pin(ctx: &Ctx, s: &SecretArgs) -> Result<(Zeroizing<String>, Zeroizing<String>), Error> {
    if let Some(var) = &s.new_pin_env {
        let value = secret(ctx, Some(var), "", "")?;
        return Ok((value.clone(), value));
    }
    let first = secret(ctx, None, "Új PIN-kód (6 számjegy)", "New PIN (6 digits)")?;
    let second = secret(ctx, None, "Új PIN-kód még egyszer", "New PIN again")?;
    Ok((first, second))
}

fn can(ctx: &Ctx, s: &SecretArgs, required: bool) -> Result<Option<Password>, Error> {
    if s.can_env.is_none() && !required {
        return Ok(None);
    }
    let value = secret(
        ctx,
        s.can_env.as_deref(),
        "CAN (a kártyán, 6 számjegy)",
        "CAN (on the card, 6 digits)",
    )?;
    Ok(Some(Password::can(&value)?))
}

/// `--pinpad`: the PINs are typed on the reader; this program only drives it.
fn run_pinpad(ctx: &Ctx, args: &PinArgs, op: PinOp) -> Result<(), Error> {
    let activate = match op {
        PinOp::Activate => true,
        PinOp::Change => false,
        PinOp::Resume | PinOp::Unblock => {
            return Err(ApiError::InvalidArgument {
                what: "--pinpad (only activate and pin-change)",
            }
            .into());
        }
    };
    let timeout = args.pinpad_timeout;
    with_card(&args.target, |t, _| {
        let access = session::read_card_access(t)?;
        let features = t.features();
        let keypad = features.execute_pace.is_some() && features.modify_pin_direct.is_some();
        if keypad && !ctx.json {
            eprintln!(
                "{}",
                ctx.t(
                    "Kövesse az olvasó kijelzőjét: a jelenlegi (aktiváláskor az 5 jegyű aktiváló) PIN-kód, majd kétszer az új 6 jegyű PIN-kód az olvasó billentyűzetén.",
                    "Follow the reader's display: the current PIN (for activation the 5-digit activation PIN), then the new 6-digit PIN twice, on the reader's keypad."
                )
            );
        }
        if activate {
            pinpad::activate_on_reader(t, &access, timeout, ctx.lang)
        } else {
            pinpad::change_pin_on_reader(t, &access, timeout, ctx.lang)
        }
    })
}

fn run_pin(ctx: &Ctx, args: &PinArgs, op: PinOp) -> Exit {
    if args.pinpad {
        return finish(ctx, run_pinpad(ctx, args, op));
    }
    let s = &args.secrets;
    let last_try = if s.allow_last_try {
        LastTry::Allow
    } else {
        LastTry::Refuse
    };
    let result = (|| -> Result<(), Error> {
        match op {
            PinOp::Activate => {
                let tp = secret(
                    ctx,
                    s.pin_env.as_deref(),
                    "Aktiváló (szállítási) PIN-kód, 5 számjegy",
                    "Activation (transport) PIN, 5 digits",
                )?;
                let tp = Password::transport_pin(&tp)?;
                let (new, confirm) = new_pin(ctx, s)?;
                let can = can(ctx, s, false)?;
                let attempt = PinAttempt {
                    pin: &tp,
                    can: can.as_ref(),
                    last_try,
                };
                with_card(&args.target, |t, _| {
                    let access = session::read_card_access(t)?;
                    pin::activate(t, &access, attempt, &new, &confirm, &mut os_rng())
                })
            }
            PinOp::Change => {
                let old = secret(
                    ctx,
                    s.pin_env.as_deref(),
                    "Jelenlegi PIN-kód",
                    "Current PIN",
                )?;
                let old = Password::pin(&old)?;
                let (new, confirm) = new_pin(ctx, s)?;
                let can = can(ctx, s, false)?;
                let attempt = PinAttempt {
                    pin: &old,
                    can: can.as_ref(),
                    last_try,
                };
                with_card(&args.target, |t, _| {
                    let access = session::read_card_access(t)?;
                    pin::change_pin(t, &access, attempt, &new, &confirm, &mut os_rng())
                })
            }
            PinOp::Resume => {
                let can = can(ctx, s, true)?.ok_or(EidError::PinSuspended)?;
                let value = secret(ctx, s.pin_env.as_deref(), "PIN-kód", "PIN")?;
                let pin_value = Password::pin(&value)?;
                with_card(&args.target, |t, _| {
                    let access = session::read_card_access(t)?;
                    pin::resume_with_can(t, &access, &can, &pin_value, last_try, &mut os_rng())
                        .map(drop)
                })
            }
            PinOp::Unblock => {
                let value = secret(ctx, s.puk_env.as_deref(), "PUK-kód", "PUK")?;
                let puk = Password::puk(&value)?;
                with_card(&args.target, |t, _| {
                    let access = session::read_card_access(t)?;
                    pin::unblock_with_puk(t, &access, &puk, &mut os_rng())
                })
            }
        }
    })();
    finish(ctx, result)
}

/// Prints the outcome of a PIN operation: exit 0 done, 1 a wrong PIN/CAN/PUK, 2 other errors.
fn finish(ctx: &Ctx, result: Result<(), Error>) -> Exit {
    match result {
        Ok(()) => {
            if ctx.json {
                ctx.print_json(&serde_json::json!({"ok": true}));
            } else {
                println!("{}", ctx.t("Kész.", "Done."));
            }
            Exit::Ok
        }
        Err(
            err @ Error::Eid(EidError::WrongPin { .. } | EidError::WrongCan | EidError::WrongPuk),
        ) => {
            ctx.fail(&err);
            Exit::No
        }
        Err(err) => ctx.fail(&err),
    }
}

/// `card sim --eszemelyi`: serves the simulated eSzemélyi into a vpcd slot.
pub fn serve_eszemelyi(ctx: &Ctx, vpcd: &str, state: Option<&PathBuf>) -> Exit {
    let mut card = match state {
        Some(path) if path.exists() => match SimEszemelyi::open(path.clone()) {
            Ok(card) => card,
            Err(err) => return ctx.fail(&err),
        },
        Some(path) => {
            let mut card = SimEszemelyi::with_random_seed();
            if let Err(err) = card.state().save(path) {
                return ctx.fail(&err);
            }
            card.set_autosave(Some(path.clone()));
            card
        }
        None => SimEszemelyi::with_random_seed(),
    };
    let card: &mut dyn SimCard = &mut card;
    super::serve(ctx, card, vpcd)
}

#[cfg(feature = "pcsc")]
mod reader {
    use eeszt_auth::Error;
    use eeszt_auth::card::Transport;
    use eeszt_auth::card::pcsc::PcscContext;

    pub fn with_reader<R>(
        name: Option<&str>,
        op: impl FnOnce(&mut dyn Transport, &str) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let pcsc = PcscContext::establish()?;
        let mut t = match name {
            Some(name) => pcsc.connect(name)?,
            None => pcsc.connect_first()?,
        };
        let reader = t.reader().to_owned();
        t.transaction(|t| op(t, &reader))
    }
}

#[cfg(not(feature = "pcsc"))]
mod reader {
    use eeszt_auth::Error;
    use eeszt_auth::card::{CardError, Transport};

    pub fn with_reader<R>(
        _name: Option<&str>,
        _op: impl FnOnce(&mut dyn Transport, &str) -> Result<R, Error>,
    ) -> Result<R, Error> {
        Err(CardError::Unsupported {
            what: "PC/SC (built without the pcsc feature)",
        }
        .into())
    }
}
