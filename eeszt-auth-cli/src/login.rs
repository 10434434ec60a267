//! `eeszt-auth login`: the portal login flow, interactive in a terminal or scripted with flags.
//!
//! A card login is accepted only when the card's signature over a fresh challenge verifies, its
//! certificate chains to a `--trust-anchor`, and `--bindings` maps the typed user name to that
//! certificate's SHA-256 fingerprint. Without `--sim` the tool never uses a simulated card: no
//! reader service, no reader or no card is an error (exit 2).
//!
//! Only with `--sim` do the simulated eSzemélyi (owned by user `O95745`; PIN 123456, CAN 654321,
//! PUK 1234567890) and a simulated token account (password [`SIM_PASSWORD`], TOTP secret
//! [`SIM_TOTP_SECRET`], SHA-1, 6 digits, 30 s) stand in; `--sim` also supplies the simulated card's
//! own trust anchor and binding, and every result says `"simulated": true`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use eeszt_auth::card::SimTransport;
use eeszt_auth::card::eid::sim::SimEszemelyi;
use eeszt_auth::cert::TrustAnchors;
use eeszt_auth::id::EesztUserId;
use eeszt_auth::id::{IdError, InstitutionList};
use eeszt_auth::login::{
    CardChecks, CardTrust, EszemelyiCard, FingerprintBindings, LoginCard, LoginFlow, LoginResult,
    NextAction, Password, PasswordPolicy, PasswordState, Pick, Rejected, SimulatorTrust, TokenKey,
};
use eeszt_auth::otp::{Algorithm, OtpKey, Policy, Secret, Totp, UserState, Verifier};
use eeszt_auth::{ApiError, Error};

use crate::secret::SecretSource;
use crate::{Ctx, Exit};

/// The simulated token account's password.
pub const SIM_PASSWORD: &str = "EesztDemo-2026";
/// The simulated token account's TOTP secret (base32; SHA-1, 6 digits, 30 s).
pub const SIM_TOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// The institutions offered when no `--institutions` file is given (sample data).
const SAMPLE_INSTITUTIONS: &str = r#"[
  {"provider": "032175", "site": "Központi telephely", "unit": "001055630",
   "name": "Petz Aladár Egyetemi Oktató Kórház"},
  {"provider": "032175", "site": "Szent Imre utcai telephely", "unit": null,
   "name": "Petz Aladár Egyetemi Oktató Kórház"},
  {"provider": "123456", "site": "Rendelő", "unit": "02006A425",
   "name": "Minta Háziorvosi Rendelő"}
]"#;

/// How to authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// The eID card and its PIN.
    Card,
    /// Password, then the token's one-time password.
    Token,
}

/// `eeszt-auth login` options.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Use the simulated eSzemélyi (user O95745) and the simulated token account, with the
    /// simulated card's own trust anchor and binding. Never used unless given.
    #[arg(long, conflicts_with = "reader")]
    sim: bool,
    /// A certificate file (DER or PEM, several certificates allowed) whose certificates are trusted
    /// as issuers of eID card certificates; may be repeated. Card logins need at least one.
    #[arg(long = "trust-anchor", value_name = "FILE")]
    trust_anchors: Vec<PathBuf>,
    /// A certificate file (DER or PEM) of intermediate CAs linking card certificates to an anchor.
    #[arg(long = "intermediate", value_name = "FILE")]
    intermediates: Vec<PathBuf>,
    /// A JSON file mapping user names to the SHA-256 fingerprints of their cards' certificates:
    /// {"O95745": ["ab12…"], …} (64 hex digits each, ':' allowed). Card logins need it.
    #[arg(long, value_name = "FILE")]
    bindings: Option<PathBuf>,
    /// The PC/SC reader holding the eID card.
    #[arg(long)]
    reader: Option<String>,
    /// The user name (e.g. O95745); asked for when missing.
    #[arg(long)]
    user: Option<String>,
    /// Card or token; asked for when missing (default card when not interactive).
    #[arg(long, value_enum)]
    method: Option<MethodArg>,
    /// The institution's provider ID or unit code, or "none" for "Intézmény nélkül".
    #[arg(long)]
    institution: Option<String>,
    /// A JSON file with the institutions to offer (default: sample institutions).
    #[arg(long)]
    institutions: Option<PathBuf>,
    /// Environment variable holding the PIN.
    #[arg(long)]
    pin_env: Option<String>,
    /// Environment variable holding the CAN (asked for only when the PIN is suspended).
    #[arg(long)]
    can_env: Option<String>,
    /// Environment variable holding the password.
    #[arg(long)]
    password_env: Option<String>,
    /// The token's one-time password.
    #[arg(long)]
    otp: Option<String>,
    /// Spend the card's last PIN try if it comes to that.
    #[arg(long)]
    consent_last_try: bool,
    /// State file of the simulated card and token account (kept between runs).
    #[arg(long)]
    state: Option<PathBuf>,
    /// The challenge for the card's signature, hex (default: 32 random bytes).
    #[arg(long)]
    challenge: Option<String>,
    /// Pretend the time is this unix time (for testing lockouts).
    #[arg(long)]
    time: Option<u64>,
}

/// The simulated token account's stored state.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct TokenAccount {
    password: PasswordState,
    otp: UserState,
}

fn now(args: &LoginArgs) -> u64 {
    args.time.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    })
}

fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// Prints `prompt` and reads one line from stdin.
fn ask(prompt: &str) -> Result<String, Error> {
    print!("{prompt}");
    std::io::stdout()
        .flush()
        .map_err(|e| Error::io("stdout", &e))?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io("stdin", &e))?;
    Ok(line.trim().to_owned())
}

/// Runs `eeszt-auth login`.
pub fn run(ctx: &Ctx, args: &LoginArgs) -> Exit {
    match login(ctx, args) {
        Ok(result) => {
            report(ctx, &result);
            Exit::Ok
        }
        Err(Failure::Rejected(error, checks)) => refused(ctx, args, &error, checks, Exit::No),
        Err(Failure::Env(error)) => refused(ctx, args, &error, None, Exit::Error),
    }
}

enum Failure {
    /// A check said no (wrong PIN, password, code, untrusted or unbound card...): exit 1.
    Rejected(Error, Option<CardChecks>),
    /// Usage, input or environment: exit 2.
    Env(Error),
}

impl<E: Into<Error>> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Env(e.into())
    }
}

fn rejected<S>(r: Rejected<S>) -> Failure {
    let env = matches!(
        NextAction::for_error(&r.error),
        NextAction::ConnectReader
            | NextAction::InsertCard
            | NextAction::FixEnvironment
            | NextAction::ContactSupport
            | NextAction::RetypeUserName
            | NextAction::ChooseInstitution
    );
    if env && r.card_checks.is_none() {
        Failure::Env(r.error)
    } else {
        Failure::Rejected(r.error, r.card_checks)
    }
}

fn checks_json(checks: &CardChecks) -> serde_json::Value {
    serde_json::json!({
        "signature_verified": checks.signature_verified,
        "trusted": checks.trusted,
        "bound": checks.bound,
    })
}

/// Reports a refusal (exit 1) or an input/environment error (exit 2): never authenticated.
fn refused(
    ctx: &Ctx,
    args: &LoginArgs,
    error: &Error,
    checks: Option<CardChecks>,
    exit: Exit,
) -> Exit {
    let next = NextAction::for_error(error);
    if ctx.json {
        let mut doc = serde_json::json!({
            "authenticated": false,
            "simulated": args.sim,
            "error": ctx.error_json(error),
            "next_action": next.as_str(),
        });
        if let Some(checks) = &checks {
            doc["checks"] = checks_json(checks);
        }
        ctx.print_json(&doc);
    }
    let label = if exit == Exit::No {
        ctx.t("elutasítva", "refused")
    } else {
        ctx.t("hiba", "error")
    };
    eprintln!(
        "{label}: {} [{}]\n{}",
        error.message(ctx.lang),
        error.code(),
        next.label(ctx.lang)
    );
    exit
}

fn login(ctx: &Ctx, args: &LoginArgs) -> Result<LoginResult, Failure> {
    // 1. User name.
    let typed = match &args.user {
        Some(user) => user.clone(),
        None if interactive() => ask(ctx.t("Felhasználónév: ", "User name: "))?,
        None => return Err(Failure::Env(IdError::Empty.into())),
    };
    let flow = if args.sim {
        LoginFlow::start_simulated()
    } else {
        LoginFlow::start()
    };
    let method = flow.user(&typed).map_err(rejected)?;

    // 2. Method.
    let choice = match args.method {
        Some(m) => m,
        None if interactive() => {
            let answer = ask(ctx.t(
                "Azonosítás: [1] eSzemélyi igazolvány, [2] token (1): ",
                "Authenticate with: [1] eID card, [2] token (1): ",
            ))?;
            if answer == "2" {
                MethodArg::Token
            } else {
                MethodArg::Card
            }
        }
        None => MethodArg::Card,
    };
    let list = institutions(args)?;
    let unix_time = now(args);
    let chosen = match choice {
        MethodArg::Card => card_steps(ctx, args, method.card(), unix_time)?,
        MethodArg::Token => token_steps(ctx, args, method.token(), unix_time)?,
    };

    // 4. Institution.
    let pick = match args.institution.as_deref() {
        Some("none") | Some("nincs") => Pick::NoInstitution,
        Some(code) => Pick::Code(code),
        None if interactive() => {
            for (i, c) in list.choices().iter().enumerate() {
                println!("  [{}] {}", i + 1, c.label(ctx.lang));
            }
            let answer = ask(ctx.t("Intézmény (szám): ", "Institution (number): "))?;
            let index = answer.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
            Pick::Index(index.unwrap_or(usize::MAX))
        }
        None => Pick::NoInstitution,
    };
    let pick = match pick {
        Pick::Index(usize::MAX) => {
            return Err(Failure::Env(
                eeszt_auth::login::LoginError::UnknownInstitution { wanted: "?".into() }.into(),
            ));
        }
        other => other,
    };
    chosen.choose(&list, pick, unix_time).map_err(rejected)
}

/// The anchors and bindings for a card login: the files given, plus the simulator's own with `--sim`.
/// Read before the card is touched; a card login without anchors or bindings is refused here.
fn card_trust(args: &LoginArgs) -> Result<(TrustAnchors, FingerprintBindings), Error> {
    let mut anchors = TrustAnchors::new();
    let mut bindings = FingerprintBindings::new();
    for path in &args.trust_anchors {
        let data = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        anchors.add_anchors_from(&data)?;
    }
    for path in &args.intermediates {
        let data = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        anchors.add_intermediates_from(&data)?;
    }
    if let Some(path) = &args.bindings {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        read_bindings(&text, &mut bindings).map_err(|what| ApiError::Io {
            detail: format!("{}: {what}", path.display()),
        })?;
    }
    if args.sim {
        SimulatorTrust::new().add_to(&mut anchors, &mut bindings);
    }
    if anchors.is_empty() {
        return Err(ApiError::InvalidArgument {
            what: "--trust-anchor FILE (the issuers of eID card certificates to trust)",
        }
        .into());
    }
    if bindings.is_empty() {
        return Err(ApiError::InvalidArgument {
            what: "--bindings FILE (which card certificate belongs to which user name)",
        }
        .into());
    }
    Ok((anchors, bindings))
}

/// Reads `{"USER": ["fingerprint", ...] | "fingerprint", ...}`.
fn read_bindings(text: &str, into: &mut FingerprintBindings) -> Result<(), String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON (line {})", e.line()))?;
    let map = value
        .as_object()
        .ok_or("expected an object mapping user names to fingerprints")?;
    for (user, fps) in map {
        let user = EesztUserId::parse(user).map_err(|_| format!("bad user name {user:?}"))?;
        let list: Vec<&serde_json::Value> = match fps {
            serde_json::Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        for fp in list {
            let parsed = fp
                .as_str()
                .and_then(FingerprintBindings::parse_fingerprint)
                .ok_or_else(|| format!("bad SHA-256 fingerprint for {user}"))?;
            into.bind(&user, parsed);
        }
    }
    Ok(())
}

fn institutions(args: &LoginArgs) -> Result<InstitutionList, Error> {
    let text = match &args.institutions {
        Some(path) => crate::common::read_input_text(path)?,
        None => SAMPLE_INSTITUTIONS.to_owned(),
    };
    Ok(InstitutionList::from_json(&text)?)
}

fn challenge(args: &LoginArgs) -> Result<Vec<u8>, Error> {
    match &args.challenge {
        Some(hex) => eeszt_auth::card::hex::parse_hex(hex).map_err(|_| {
            ApiError::InvalidArgument {
                what: "--challenge (hex)",
            }
            .into()
        }),
        None => {
            let mut bytes = vec![0u8; 32];
            eeszt_auth::otp::Randomness::fill(&mut eeszt_auth::otp::OsRandom, &mut bytes).map_err(
                |_| ApiError::Io {
                    detail: "operating-system random generator".into(),
                },
            )?;
            Ok(bytes)
        }
    }
}

fn card_steps(
    ctx: &Ctx,
    args: &LoginArgs,
    check: eeszt_auth::login::CheckCard,
    unix_time: u64,
) -> Result<eeszt_auth::login::ChooseInstitution, Failure> {
    // Decide where the PIN comes from, and what is trusted, before touching the card.
    let source = SecretSource::pick(args.pin_env.as_deref(), "PIN")?;
    let challenge = challenge(args)?;
    let (anchors, bindings) = card_trust(args)?;
    let trust = CardTrust {
        anchors: &anchors,
        binding: &bindings,
        unix_time,
    };
    let input = CardInput {
        source: &source,
        challenge: &challenge,
        trust: &trust,
    };
    if args.sim {
        let sim = match &args.state {
            Some(path) if path.exists() => SimEszemelyi::open(path)?,
            Some(path) => {
                let mut card = SimEszemelyi::activated();
                card.set_autosave(Some(path.clone()));
                card
            }
            None => SimEszemelyi::activated(),
        };
        let mut card = EszemelyiCard::new(SimTransport::new(sim));
        let result = card_pin(ctx, args, check, &mut card, &input);
        if let Some(err) = card.transport_mut().card().last_save_error() {
            eprintln!("{}", err.message(ctx.lang));
        }
        return result;
    }
    pcsc_card(ctx, args, check, &input)
}

/// What the PIN step needs besides the card.
struct CardInput<'a> {
    source: &'a SecretSource,
    challenge: &'a [u8],
    trust: &'a CardTrust<'a>,
}

#[cfg(feature = "pcsc")]
fn pcsc_card(
    ctx: &Ctx,
    args: &LoginArgs,
    check: eeszt_auth::login::CheckCard,
    input: &CardInput<'_>,
) -> Result<eeszt_auth::login::ChooseInstitution, Failure> {
    let pcsc = eeszt_auth::card::pcsc::PcscContext::establish()?;
    let transport = match &args.reader {
        Some(reader) => pcsc.connect(reader)?,
        None => pcsc.connect_first()?,
    };
    let mut card = EszemelyiCard::new(transport);
    card_pin(ctx, args, check, &mut card, input)
}

#[cfg(not(feature = "pcsc"))]
fn pcsc_card(
    _ctx: &Ctx,
    _args: &LoginArgs,
    _check: eeszt_auth::login::CheckCard,
    _input: &CardInput<'_>,
) -> Result<eeszt_auth::login::ChooseInstitution, Failure> {
    Err(eeszt_auth::card::CardError::NoReader.into())
}

fn card_pin(
    ctx: &Ctx,
    args: &LoginArgs,
    check: eeszt_auth::login::CheckCard,
    card: &mut impl LoginCard,
    input: &CardInput<'_>,
) -> Result<eeszt_auth::login::ChooseInstitution, Failure> {
    let source = input.source;
    let enter = check.check(card).map_err(rejected)?;
    if !ctx.json {
        println!(
            "{} {}",
            ctx.t("PIN-próbálkozások hátra:", "PIN tries left:"),
            enter.tries_left()
        );
    }
    let mut consent = args.consent_last_try;
    if enter.is_last_try() && !consent && interactive() {
        let answer = ask(ctx.t(
            "Ez az utolsó próbálkozás; hibás PIN esetén a kártya zárolódik. Folytatja? (igen/nem): ",
            "This is the last try; a wrong PIN blocks the card. Continue? (yes/no): ",
        ))?;
        consent = matches!(answer.as_str(), "igen" | "i" | "yes" | "y");
    }
    let can = if enter.needs_can() {
        let can_source = SecretSource::pick(args.can_env.as_deref(), "CAN")?;
        Some(can_source.read(ctx.t(
            "A PIN-kód felfüggesztve: a kártyán található CAN-kód (6 számjegy): ",
            "The PIN is suspended: the CAN printed on the card (6 digits): ",
        ))?)
    } else {
        None
    };
    let pin = source.read(ctx.t("PIN-kód (6 számjegy): ", "PIN (6 digits): "))?;
    enter
        .pin(
            card,
            &pin,
            can.as_ref().map(|c| c.as_str()),
            input.challenge,
            consent,
            input.trust,
        )
        .map_err(rejected)
}

fn token_steps(
    ctx: &Ctx,
    args: &LoginArgs,
    enter: eeszt_auth::login::EnterPassword,
    unix_time: u64,
) -> Result<eeszt_auth::login::ChooseInstitution, Failure> {
    if !args.sim {
        // No public back end holds EESZT passwords and token keys.
        return Err(Failure::Env(
            ApiError::InvalidArgument {
                what: "--method token needs --sim (the simulated token account)",
            }
            .into(),
        ));
    }
    let source = SecretSource::pick(args.password_env.as_deref(), "password")?;
    let mut account: TokenAccount = match &args.state {
        Some(path) if path.exists() => {
            let text = crate::common::read_input_text(path)?;
            serde_json::from_str(&text).map_err(|e| ApiError::Io {
                detail: format!("{}: {}", path.display(), json_problem(&e)),
            })?
        }
        _ => TokenAccount::default(),
    };
    let password = Password::new(
        source
            .read(ctx.t("Jelszó: ", "Password: "))?
            .as_str()
            .to_owned(),
    );
    let outcome = enter.password(
        &password,
        &PasswordPolicy::default(),
        &mut account.password,
        unix_time,
        |_, p| p == SIM_PASSWORD,
    );
    let result = match outcome {
        Ok(otp) => {
            let code = match &args.otp {
                Some(code) => code.clone(),
                None if interactive() => ask(ctx.t(
                    "A tokenen megjelenő egyszer használatos jelszó: ",
                    "One-time password shown on the token: ",
                ))?,
                None => String::new(),
            };
            let key = OtpKey::new(Secret::from_base32(SIM_TOTP_SECRET)?, Algorithm::Sha1, 6)?;
            let totp = Totp::standard(key);
            let verifier = Verifier::new(Policy::default());
            otp.otp(
                TokenKey::Totp(&totp),
                &verifier,
                &mut account.otp,
                &code,
                unix_time,
                // The simulated account has no check code.
                |_| true,
            )
            .map_err(rejected)
        }
        Err(r) => Err(rejected(r)),
    };
    if let Some(path) = &args.state {
        let text = serde_json::to_string_pretty(&account).map_err(|e| ApiError::Io {
            detail: e.to_string(),
        })?;
        // Owner-only, atomic, never through a planted symlink (as the simulated card's state).
        eeszt_auth::card::eid::sim::write_private_atomic(path, text.as_bytes())?;
    }
    result
}

/// Where and how a state file is malformed, without serde's own text (it quotes the value found).
fn json_problem(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match err.classify() {
        Category::Syntax => "not valid JSON",
        Category::Eof => "the JSON ends early",
        Category::Data => "a field is missing or has a value of the wrong kind",
        Category::Io => "could not be read",
    };
    format!(
        "token account state: {what} at line {}, column {}",
        err.line(),
        err.column()
    )
}

fn report(ctx: &Ctx, result: &LoginResult) {
    let checks = result.card().map(|c| c.checks());
    if ctx.json {
        let institution = result.institution().institution().map(|i| {
            serde_json::json!({
                "provider": i.provider().as_str(),
                "site": i.site(),
                "unit": i.unit().map(|u| u.as_str().to_owned()),
                "name": i.name(),
            })
        });
        let mut doc = serde_json::json!({
            "authenticated": result.authenticated(),
            "simulated": result.simulated(),
            "user": result.user().as_str(),
            "profession": result.profession().as_str(),
            "method": result.method().as_str(),
            "institution": institution,
            "time": result.unix_time(),
            "evidence": result.evidence().map(|e| serde_json::json!({
                "algorithm": eeszt_auth::login::CardEvidence::ALGORITHM,
                "certificate": eeszt_auth::card::hex::hex(&e.certificate),
                "certificate_sha256": eeszt_auth::cert::Certificate::from_der(&e.certificate)
                    .map(|c| c.sha256_hex()).ok(),
                "challenge": eeszt_auth::card::hex::hex(&e.challenge),
                "signature": eeszt_auth::card::hex::hex(&e.signature),
            })),
        });
        if let Some(checks) = &checks {
            doc["checks"] = checks_json(checks);
        }
        ctx.print_json(&doc);
        return;
    }
    println!(
        "{} {} ({}){}",
        ctx.t("Sikeres belépés:", "Logged in:"),
        result.user(),
        result.profession().name(ctx.lang),
        if result.simulated() {
            ctx.t(" [SZIMULÁLT]", " [SIMULATED]")
        } else {
            ""
        }
    );
    println!(
        "  {} {}",
        ctx.t("módszer:", "method:"),
        match result.method() {
            eeszt_auth::login::Method::Card => ctx.t("eSzemélyi igazolvány", "eID card"),
            eeszt_auth::login::Method::Token => ctx.t("jelszó és token", "password and token"),
        }
    );
    println!(
        "  {} {}",
        ctx.t("intézmény:", "institution:"),
        result.institution().label(ctx.lang)
    );
    if checks.is_some() {
        println!(
            "  {}",
            ctx.t(
                "a kártya aláírása ellenőrizve, tanúsítványa megbízható kiadótól származik és a felhasználóhoz tartozik",
                "the card's signature verified, its certificate chains to a trust anchor and is bound to the user"
            )
        );
    }
}
