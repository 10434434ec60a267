//! `eeszt-auth login`: the portal login flow, interactive in a terminal or scripted with flags.
//!
//! A card login is accepted only when the card's signature over a fresh challenge verifies, its
//! certificate chains to a `--trust-anchor`, and `--bindings` maps the typed user name to that
//! certificate's SHA-256 fingerprint. Without `--sim` the tool never uses a simulated card: no
//! reader service, no reader or no card is an error (exit 2).
//!
//! Only with `--sim` do the simulated eSzemélyi (owned by user `O95745`; PIN 123456, CAN 654321,
//! PUK 1234567890) and the simulated token accounts stand in: initial password [`SIM_PASSWORD`]
//! (changed at first login), check code [`SIM_CHECK_CODE`]; mobilToken (`--token mobil`): TOTP
//! secret [`SIM_TOTP_SECRET`], SHA-1, 6 digits, 30 s; hard token (`--token hard`): serial
//! [`SIM_HARD_TOKEN_SERIAL`], HOTP secret [`SIM_HOTP_SECRET`], SHA-1, 6 digits, counter from 0
//! (kept in `--state`). `--sim` also supplies the simulated card's own trust anchor and binding,
//! and every result says `"simulated": true`.
//!
//! `eeszt-auth login report` prints the token problem report the FAQ (seed 001) asks for.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use eeszt_auth::card::SimTransport;
use eeszt_auth::card::eid::sim::SimEszemelyi;
use eeszt_auth::cert::TrustAnchors;
use eeszt_auth::id::EesztUserId;
use eeszt_auth::id::{IdError, InstitutionList};
use eeszt_auth::login::{
    AfterPassword, CardChecks, CardTrust, CheckCode, EszemelyiCard, FingerprintBindings, LoginCard,
    LoginFlow, LoginResult, NewPasswordRules, NextAction, Password, PasswordPolicy, PasswordState,
    Pick, Rejected, SimulatorTrust, TokenKey,
};
use eeszt_auth::otp::{Algorithm, OtpKey, Policy, Secret, Totp, UserState, Verifier};
use eeszt_auth::{ApiError, Error};

use crate::secret::SecretSource;
use crate::{Ctx, Exit};

/// The simulated token account's password.
pub const SIM_PASSWORD: &str = "EesztDemo-2026";
/// The simulated mobilToken's TOTP secret (base32; SHA-1, 6 digits, 30 s).
pub const SIM_TOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// The simulated hard token's HOTP secret (base32 of the RFC 4226 test key; SHA-1, 6 digits).
pub const SIM_HOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// The simulated hard token's factory serial (the digits after the GALT mark).
pub const SIM_HARD_TOKEN_SERIAL: &str = "GALT10000001";
/// The simulated token accounts' check code (ellenőrző kód).
pub const SIM_CHECK_CODE: &str = "2468";

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

/// Which token (seed 000: "hagyományos (hard) tokennel, vagy ... mobilTokennel").
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenArg {
    /// The hard token: event-based (HOTP, a counter), serial after the GALT mark.
    Hard,
    /// The mobilToken app: time-based (TOTP).
    Mobil,
}

/// `eeszt-auth login` subcommands.
#[derive(Debug, Subcommand)]
pub enum LoginCommand {
    /// The token problem report the FAQ asks for (time to the second, user name, GALT serial, what
    /// happened), ready to send to jogosultsag.eeszt@eszfk.hu.
    Report(ReportArgs),
}

/// `eeszt-auth login report` options.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The EESZT user name.
    #[arg(long)]
    user: String,
    /// The token's factory serial (the digits after the GALT mark; "GALT" may be typed).
    #[arg(long = "token-serial")]
    token_serial: String,
    /// When it happened (unix seconds; default: now).
    #[arg(long)]
    time: Option<u64>,
    /// What happened (the message shown, what was typed).
    #[arg(long)]
    what: Option<String>,
}

/// `eeszt-auth login` options.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LoginArgs {
    #[command(subcommand)]
    command: Option<Box<LoginCommand>>,
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
    /// The token: hard (event-based, HOTP) or mobil (mobilToken, time-based); asked for when
    /// missing (default mobil when not interactive).
    #[arg(long, value_enum)]
    token: Option<TokenArg>,
    /// The token's one-time password.
    #[arg(long)]
    otp: Option<String>,
    /// Hard token resynchronisation: the next one-time password (press the button again); with
    /// --otp, the two consecutive codes move the counter.
    #[arg(long, requires = "otp")]
    otp_next: Option<String>,
    /// Environment variable holding the check code (ellenőrző kód); asked for when missing.
    #[arg(long)]
    check_code_env: Option<String>,
    /// Environment variable holding the new password, when the initial one must be changed (first
    /// login); asked for twice when missing.
    #[arg(long)]
    new_password_env: Option<String>,
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
    /// The hard token's HOTP state (its `counter` is the server-side counter).
    #[serde(default)]
    hard: UserState,
    /// After the first-login change: SHA-1 hex of the user's own password (with the user name),
    /// never the password itself.
    #[serde(default)]
    own_password: Option<String>,
}

/// What the simulated account stores of a changed password.
fn password_digest(user: &EesztUserId, password: &str) -> String {
    use sha1::Digest;
    let mut h = sha1::Sha1::new();
    h.update(b"eeszt-auth sim account\0");
    h.update(user.as_str().as_bytes());
    h.update(b"\0");
    h.update(password.as_bytes());
    eeszt_auth::card::hex::hex(&h.finalize())
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
    if let Some(command) = &args.command {
        let LoginCommand::Report(report_args) = command.as_ref();
        return problem_report(ctx, report_args);
    }
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
    let token = match args.token {
        Some(t) => t,
        None if interactive() => {
            let answer = ask(ctx.t(
                "Token: [1] mobilToken, [2] hagyományos (hard) token (1): ",
                "Token: [1] mobilToken, [2] hard token (1): ",
            ))?;
            if answer == "2" {
                TokenArg::Hard
            } else {
                TokenArg::Mobil
            }
        }
        None => TokenArg::Mobil,
    };
    // Decide where every secret comes from before the first one is checked.
    let source = SecretSource::pick(args.password_env.as_deref(), "password")?;
    let check_source = SecretSource::pick(args.check_code_env.as_deref(), "check code")?;
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
    let own = account.own_password.clone();
    let outcome = enter.password_or_change(
        &password,
        &PasswordPolicy::default(),
        &mut account.password,
        unix_time,
        |user, p| match &own {
            Some(digest) => CheckCode::new(digest.as_str()).matches(&password_digest(user, p)),
            None => CheckCode::new(SIM_PASSWORD).matches(p),
        },
        |_| own.is_none(),
    );
    let result = match outcome {
        Ok(AfterPassword::Otp(otp)) => Ok(otp),
        Ok(AfterPassword::ChangePassword(change)) => {
            change_password(ctx, args, change, &mut account)
        }
        Err(r) => Err(rejected(r)),
    };
    let result = match result {
        Ok(otp) => token_otp(
            ctx,
            args,
            otp,
            token,
            &check_source,
            &mut account,
            unix_time,
        ),
        Err(e) => Err(e),
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

/// The first login with the initial password: the user's own password, typed twice.
fn change_password(
    ctx: &Ctx,
    args: &LoginArgs,
    change: eeszt_auth::login::ChangePassword,
    account: &mut TokenAccount,
) -> Result<eeszt_auth::login::EnterOtp, Failure> {
    let source = SecretSource::pick(args.new_password_env.as_deref(), "new password")?;
    if !ctx.json {
        println!(
            "{}",
            ctx.t(
                "Első belépés: a tokennel együtt kapott jelszót meg kell változtatnia; a továbbiakban a saját maga által megadott jelszóval tud belépni.",
                "First login: change the password handed out with the token; from now on you log in with your own password."
            )
        );
    }
    let new = Password::new(
        source
            .read(ctx.t("Új jelszó: ", "New password: "))?
            .as_str()
            .to_owned(),
    );
    let repeated = match &source {
        // A script gives the value once; the environment variable is its own repetition.
        SecretSource::Env(_) => Password::new(new.expose()),
        SecretSource::Prompt => Password::new(
            source
                .read(ctx.t("Új jelszó még egyszer: ", "New password again: "))?
                .as_str()
                .to_owned(),
        ),
    };
    change
        .change(&new, &repeated, &NewPasswordRules::default(), |user, p| {
            account.own_password = Some(password_digest(user, p));
            true
        })
        .map_err(rejected)
}

/// The one-time password (hard token: HOTP with the stored counter; mobilToken: TOTP) and the
/// check code typed by the user, compared with the account's in constant time.
fn token_otp(
    ctx: &Ctx,
    args: &LoginArgs,
    otp: eeszt_auth::login::EnterOtp,
    token: TokenArg,
    check_source: &SecretSource,
    account: &mut TokenAccount,
    unix_time: u64,
) -> Result<eeszt_auth::login::ChooseInstitution, Failure> {
    let code = match &args.otp {
        Some(code) => code.clone(),
        None if interactive() => ask(ctx.t(
            "A tokenen megjelenő egyszerhasználatos jelszó: ",
            "One-time password shown on the token: ",
        ))?,
        None => String::new(),
    };
    let typed_check = check_source.read(ctx.t("Ellenőrző kód: ", "Check code: "))?;
    let stored = CheckCode::new(SIM_CHECK_CODE);
    let check = |_: &EesztUserId, typed: &str| stored.matches(typed);
    let verifier = Verifier::new(Policy::default());
    match token {
        TokenArg::Mobil => {
            let key = OtpKey::new(Secret::from_base32(SIM_TOTP_SECRET)?, Algorithm::Sha1, 6)?;
            let totp = Totp::standard(key);
            otp.otp(
                TokenKey::Totp(&totp),
                &verifier,
                &mut account.otp,
                &code,
                &typed_check,
                unix_time,
                check,
            )
            .map_err(rejected)
        }
        TokenArg::Hard => {
            if !ctx.json {
                println!(
                    "{} {SIM_HARD_TOKEN_SERIAL}",
                    ctx.t("Hagyományos (hard) token:", "Hard token:")
                );
            }
            let key = OtpKey::new(Secret::from_base32(SIM_HOTP_SECRET)?, Algorithm::Sha1, 6)?;
            match &args.otp_next {
                Some(next) => otp.resync_hotp(
                    &key,
                    &verifier,
                    &mut account.hard,
                    &code,
                    next,
                    &typed_check,
                    unix_time,
                    check,
                ),
                None => otp.otp(
                    TokenKey::Hotp(&key),
                    &verifier,
                    &mut account.hard,
                    &code,
                    &typed_check,
                    unix_time,
                    check,
                ),
            }
            .map_err(rejected)
        }
    }
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

/// Where the FAQ (seed 001) says token problems are reported.
const REPORT_TO: &str = "jogosultsag.eeszt@eszfk.hu";

/// `eeszt-auth login report`: the token problem report as the FAQ asks for it ("időbélyeg (óra,
/// perc, másodperc), EESZT-felhasználónév és a TOKEN gyári számának (GALT-jelzést követő
/// számsor) megadásával").
fn problem_report(ctx: &Ctx, args: &ReportArgs) -> Exit {
    let user = match EesztUserId::parse(&args.user) {
        Ok(user) => user,
        Err(e) => return ctx.fail(&e.into()),
    };
    let serial = match eeszt_auth::id::TokenSerial::parse(&args.token_serial) {
        Ok(serial) => serial,
        Err(e) => return ctx.fail(&e.into()),
    };
    let unix_time = args.time.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    });
    let when = crate::common::local_time(unix_time);
    let what = args
        .what
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .unwrap_or(ctx.t(
            "Hibaüzenetet kaptam a token használatakor.",
            "I got an error message when using the token.",
        ));
    let subject = format!(
        "{} – {}",
        ctx.t("Token hibabejelentés", "Token problem report"),
        user
    );
    let lines = [
        format!("{} {REPORT_TO}", ctx.t("Címzett:", "To:")),
        format!("{} {subject}", ctx.t("Tárgy:", "Subject:")),
        String::new(),
        format!(
            "{} {when} (unix {unix_time})",
            ctx.t(
                "Időbélyeg (óra, perc, másodperc):",
                "Time (hour, minute, second):"
            )
        ),
        format!(
            "{} {user}",
            ctx.t("EESZT-felhasználónév:", "EESZT user name:")
        ),
        format!(
            "{} {}",
            ctx.t(
                "A token gyári száma (GALT-jelzést követő számsor):",
                "The token's factory serial (the digits after the GALT mark):"
            ),
            serial.with_mark()
        ),
        format!("{} {what}", ctx.t("Mi történt:", "What happened:")),
        String::new(),
        ctx.t(
            "Ha tud, csatoljon képernyőképet a hibáról.",
            "If you can, attach a screenshot of the error.",
        )
        .to_owned(),
    ];
    let text = lines.join("\n");
    if ctx.json {
        ctx.print_json(&serde_json::json!({
            "to": REPORT_TO,
            "subject": subject,
            "time": unix_time,
            "time_local": when,
            "user": user.as_str(),
            "token_serial": serial.with_mark(),
            "what": what,
            "text": text,
        }));
    } else {
        println!("{text}");
    }
    Exit::Ok
}
