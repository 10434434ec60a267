//! The demo's card part: a new simulated eSzemélyi is activated, then used in a full portal login.

use eeszt_auth::Error;
use eeszt_auth::card::SimTransport;
use eeszt_auth::card::eid::pin::{self, PinAttempt};
use eeszt_auth::card::eid::rng::DeterministicRng;
use eeszt_auth::card::eid::session::read_card_access;
use eeszt_auth::card::eid::sim::{DEFAULT_PIN, DEFAULT_TRANSPORT_PIN, SimEszemelyi};
use eeszt_auth::card::eid::{Password, params};
use eeszt_auth::id::{Institution, InstitutionList};
use eeszt_auth::login::{EszemelyiCard, LoginCard, LoginFlow, Pick};

use crate::Ctx;

/// Activates a new simulated card and logs in with it; prints each step. Returns whether it worked.
pub fn card_steps(ctx: &Ctx) -> bool {
    println!(
        "\n{}",
        ctx.t(
            "eSzemélyi: a szimulált kártya aktiválása, majd belépés a PIN-kóddal",
            "eID card: activating the simulated card, then logging in with its PIN"
        )
    );
    match run(ctx) {
        Ok(()) => true,
        Err(err) => {
            println!("  {}: {}", ctx.t("HIBA", "ERROR"), err.message(ctx.lang));
            false
        }
    }
}

fn run(ctx: &Ctx) -> Result<(), Error> {
    let mut transport = SimTransport::new(SimEszemelyi::new());
    let mut rng = DeterministicRng::from_seed([0x5A; 32]);
    let atr = eeszt_auth::card::Transport::atr(&transport)?;
    println!(
        "  {} {} ({})",
        ctx.t("kártya az olvasóban, ATR:", "card in the reader, ATR:"),
        eeszt_auth::card::hex::hex(&atr),
        if params::is_eszemelyi_atr(&atr) {
            "eSzemélyi"
        } else {
            "?"
        }
    );
    let access = read_card_access(&mut transport)?;
    let status = pin::status(&mut transport, &access)?;
    println!(
        "  {} {}",
        ctx.t("PIN állapota:", "PIN state:"),
        status.state.as_str()
    );

    // A new card: the login flow stops and asks for activation, without spending a try.
    let mut card = EszemelyiCard::with_rng(&mut transport, &mut rng);
    if let Err(rejected) = LoginFlow::start()
        .user("O95745")
        .map_err(|r| r.error)?
        .card()
        .check(&mut card)
    {
        println!(
            "  {} {}",
            ctx.t("belépési kísérlet:", "login attempt:"),
            rejected.message(ctx.lang)
        );
        println!("  -> {}", rejected.next_action().label(ctx.lang));
    }

    // Activation: PACE with the 5-digit transport PIN, then the new 6-digit PIN, typed twice.
    let transport_pin = Password::transport_pin(DEFAULT_TRANSPORT_PIN)?;
    pin::activate(
        &mut transport,
        &access,
        PinAttempt::new(&transport_pin),
        DEFAULT_PIN,
        DEFAULT_PIN,
        &mut rng,
    )?;
    let status = pin::status(&mut transport, &access)?;
    println!(
        "  {} {} ({} {})",
        ctx.t(
            "aktiválva: az 5 jegyű szállítási PIN helyett 6 jegyű PIN, állapot:",
            "activated: the 5-digit transport PIN replaced by a 6-digit PIN, state:"
        ),
        status.state.as_str(),
        status.tries_left,
        ctx.t("próbálkozás", "tries")
    );

    // The full login: user name, card check, PIN, institution.
    let mut card = EszemelyiCard::with_rng(&mut transport, &mut rng);
    let challenge = b"EESZT demo challenge: 2026-11-22";
    // The simulated card belongs to O95745; the caller names the simulator's trust on purpose.
    let sim_trust = eeszt_auth::login::SimulatorTrust::new();
    let when = 1_800_000_000; // 2027-01-15, inside the simulated certificate's validity
    let method = LoginFlow::start_simulated()
        .user("O95745")
        .map_err(|r| r.error)?;
    println!(
        "  {} {} ({})",
        ctx.t("felhasználónév:", "user name:"),
        method.user(),
        method.user().profession().name(ctx.lang)
    );
    let pin_step = method.card().check(&mut card).map_err(|r| r.error)?;
    println!(
        "  {} {}",
        ctx.t(
            "kártya rendben, PIN-próbálkozások:",
            "card recognised, PIN tries left:"
        ),
        pin_step.tries_left()
    );
    let choose = pin_step
        .pin(
            &mut card,
            DEFAULT_PIN,
            None,
            challenge,
            false,
            &sim_trust.trust(when),
        )
        .map_err(|r| r.error)?;
    println!(
        "  {}",
        ctx.t(
            "PACE a PIN-kóddal sikeres; a tanúsítvány és az aláírás biztonságos csatornán érkezett",
            "PACE with the PIN succeeded; certificate and signature read under secure messaging"
        )
    );
    let list = InstitutionList::new(vec![Institution::new(
        "032175".parse()?,
        "Központi telephely",
        Some("001055630".parse()?),
        "Petz Aladár Egyetemi Oktató Kórház",
    )?])?;
    let result = choose
        .choose(&list, Pick::Index(0), when)
        .map_err(|r| r.error)?;
    println!(
        "  {} {} -> {}",
        ctx.t("belépve:", "logged in:"),
        result.user(),
        result.institution().label(ctx.lang)
    );
    if let Some(card) = result.card() {
        let checks = card.checks();
        let yes_no = |b: bool| {
            if b {
                ctx.t("igen", "yes")
            } else {
                ctx.t("nem", "no")
            }
        };
        println!(
            "  {} {}; {} {}; {} {} ({})",
            ctx.t("aláírás ellenőrizve:", "signature verified:"),
            yes_no(checks.signature_verified),
            ctx.t("megbízható kiadó:", "trusted issuer:"),
            yes_no(checks.trusted),
            ctx.t("a felhasználóhoz kötve:", "bound to the user:"),
            yes_no(checks.bound),
            ctx.t(
                "szimulált kártya, a szimulátor saját megbízható kiadójával",
                "simulated card, with the simulator's own trust anchor"
            )
        );
    }
    let left = card.pin_status()?.tries_left;
    println!(
        "  {} {left}",
        ctx.t(
            "PIN-próbálkozások a belépés után:",
            "PIN tries left after the login:"
        )
    );
    Ok(())
}
