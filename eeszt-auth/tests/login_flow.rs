//! The login flow end to end against the simulated eSzemélyi (in-process), and every failure branch.

use eeszt_auth::Error;
use eeszt_auth::card::eid::rng::DeterministicRng;
use eeszt_auth::card::eid::sim::SimEszemelyi;
use eeszt_auth::card::{CardError, EidError, ReaderFeatures, SimTransport, Transport};
use eeszt_auth::id::{IdError, Institution, InstitutionChoice, InstitutionList};
use eeszt_auth::login::{
    AfterPassword, CardChecks, CardTrust, CheckCode, EszemelyiCard, FingerprintBindings,
    LoginError, LoginFlow, Method, NewPasswordRules, NextAction, Password, PasswordPolicy,
    PasswordState, Pick, SimulatorTrust, TokenKey,
};
use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, UserState, Verifier};

const CHALLENGE: &[u8] = b"login challenge 0123456789abcdef";
const NOW: u64 = 1_767_225_600; // 2026-01-01
/// Inside the simulated card certificate's validity (2026-11-22 to 2036-11-19).
const CARD_NOW: u64 = 1_800_000_000; // 2027-01-15

fn institutions() -> InstitutionList {
    let entry = |provider: &str, site: &str, unit: Option<&str>, name: &str| {
        Institution::new(
            provider.parse().expect("provider"),
            site,
            unit.map(|u| u.parse().expect("unit")),
            name,
        )
        .expect("entry")
    };
    InstitutionList::new(vec![
        entry(
            "032175",
            "Központi telephely",
            Some("001055630"),
            "Petz Aladár Egyetemi Oktató Kórház",
        ),
        entry("123456", "Rendelő", None, "Minta Rendelő"),
    ])
    .expect("sample list")
}

/// The simulator's own trust: its certificate as anchor, bound to O95745.
fn sim_trust() -> CardTrust<'static> {
    static SIM: std::sync::OnceLock<SimulatorTrust> = std::sync::OnceLock::new();
    SIM.get_or_init(SimulatorTrust::new).trust(CARD_NOW)
}

fn card(sim: SimEszemelyi) -> EszemelyiCard<SimTransport<SimEszemelyi>, DeterministicRng> {
    EszemelyiCard::with_rng(SimTransport::new(sim), DeterministicRng::from_seed([7; 32]))
}

fn pin_tries(card: &mut EszemelyiCard<SimTransport<SimEszemelyi>, DeterministicRng>) -> u8 {
    eeszt_auth::login::LoginCard::pin_status(card)
        .expect("status")
        .tries_left
}

#[test]
fn full_card_login() {
    let mut card = card(SimEszemelyi::activated());
    let method = LoginFlow::start().user(" o95745 ").expect("user");
    assert_eq!(method.user().as_str(), "O95745");
    let pin = method.card().check(&mut card).expect("card check");
    assert_eq!(pin.tries_left(), 3);
    assert!(!pin.needs_can());
    let choose = pin
        .pin(&mut card, "123456", None, CHALLENGE, false, &sim_trust())
        .expect("PIN accepted");
    let result = choose
        .choose(&institutions(), Pick::Code("001055630"), NOW)
        .expect("institution");
    assert_eq!(result.user().as_str(), "O95745");
    assert_eq!(result.method(), Method::Card);
    assert_eq!(result.unix_time(), NOW);
    assert!(
        result.simulated(),
        "a simulated card makes a simulated result"
    );
    assert!(result.authenticated());
    assert_eq!(
        result.card().expect("card login").checks(),
        CardChecks {
            signature_verified: true,
            trusted: true,
            bound: true
        }
    );
    let chosen = result.institution().institution().expect("an institution");
    assert_eq!(chosen.provider().as_str(), "032175");
    let evidence = result.evidence().expect("card evidence");
    assert_eq!(evidence.challenge, CHALLENGE);
    evidence.verify().expect("the signature verifies");
    // A relying party detects a signature over another challenge.
    let mut forged = evidence.clone();
    forged.challenge[0] ^= 1;
    assert!(forged.verify().is_err());
}

#[test]
fn user_name_errors_keep_the_first_step() {
    let rejected = LoginFlow::start().user("").expect_err("empty");
    assert_eq!(rejected.error, Error::Id(IdError::Empty));
    assert_eq!(
        rejected.message(eeszt_auth::Lang::Hu),
        "Ez a mező kötelező."
    );
    assert_eq!(rejected.next_action(), NextAction::RetypeUserName);
    let rejected = rejected.state.user("O 95745").expect_err("inner space");
    assert!(rejected.message(eeszt_auth::Lang::En).contains("O95745"));
    assert!(rejected.state.user("S999888").is_ok());
}

#[test]
fn transport_pin_asks_for_activation() {
    let mut card = card(SimEszemelyi::new());
    let rejected = LoginFlow::start()
        .user("O95745")
        .unwrap()
        .card()
        .check(&mut card)
        .expect_err("not activated");
    assert_eq!(rejected.error, Error::Eid(EidError::PinNotActivated));
    assert_eq!(rejected.next_action(), NextAction::ActivateCard);
}

#[test]
fn wrong_pin_then_suspension_needs_the_can_and_consent() {
    let mut card = card(SimEszemelyi::activated());
    let mut check = LoginFlow::start().user("O95745").unwrap().card();
    for left in [2u8, 1] {
        let pin = check.check(&mut card).expect("usable");
        let rejected = pin
            .pin(&mut card, "000000", None, CHALLENGE, false, &sim_trust())
            .expect_err("wrong PIN");
        assert!(
            matches!(rejected.error, Error::Eid(EidError::WrongPin { .. })),
            "{:?}",
            rejected.error
        );
        assert_eq!(rejected.next_action(), NextAction::RetypePin);
        assert_eq!(
            rejected.card_checks, None,
            "no card evidence after a wrong PIN"
        );
        check = rejected.state;
        assert_eq!(pin_tries(&mut card), left, "one try spent per wrong PIN");
    }
    // Two wrong PINs: suspended. The flow asks for the CAN and for consent; without them nothing
    // reaches the card.
    let pin = check.check(&mut card).expect("suspended is resumable");
    assert!(pin.needs_can() && pin.is_last_try());
    let rejected = pin
        .pin(&mut card, "123456", None, CHALLENGE, true, &sim_trust())
        .expect_err("CAN needed");
    assert_eq!(rejected.error, Error::Eid(EidError::PinSuspended));
    assert_eq!(rejected.next_action(), NextAction::EnterCan);
    let pin = rejected.state.check(&mut card).unwrap();
    let rejected = pin
        .pin(
            &mut card,
            "123456",
            Some("654321"),
            CHALLENGE,
            false,
            &sim_trust(),
        )
        .expect_err("consent needed");
    assert_eq!(rejected.error, Error::Eid(EidError::LastTryNeedsConsent));
    assert_eq!(rejected.next_action(), NextAction::ConfirmLastTry);
    // Still suspended: no try was spent.
    let pin = rejected.state.check(&mut card).unwrap();
    assert!(pin.needs_can());
    // With the CAN and consent, the right PIN logs in and resets the counter.
    let choose = pin
        .pin(
            &mut card,
            "123456",
            Some("654321"),
            CHALLENGE,
            true,
            &sim_trust(),
        )
        .expect("resumed with the CAN");
    assert_eq!(pin_tries(&mut card), 3);
    let result = choose
        .choose(&institutions(), Pick::NoInstitution, NOW)
        .unwrap();
    assert_eq!(result.institution(), &InstitutionChoice::NoInstitution);
}

#[test]
fn third_wrong_pin_blocks_and_the_flow_asks_for_the_puk() {
    let mut card = card(SimEszemelyi::activated());
    let mut check = LoginFlow::start().user("O95745").unwrap().card();
    for _ in 0..2 {
        let pin = check.check(&mut card).unwrap();
        check = pin
            .pin(&mut card, "000000", None, CHALLENGE, false, &sim_trust())
            .expect_err("wrong")
            .state;
    }
    let pin = check.check(&mut card).unwrap();
    let rejected = pin
        .pin(
            &mut card,
            "000000",
            Some("654321"),
            CHALLENGE,
            true,
            &sim_trust(),
        )
        .expect_err("third wrong PIN");
    let rejected = rejected.state.check(&mut card).expect_err("blocked now");
    assert_eq!(rejected.error, Error::Eid(EidError::PinBlocked));
    assert_eq!(rejected.next_action(), NextAction::EnterPuk);
}

/// A transport whose card can be pulled out and put back.
struct Removable<T> {
    inner: T,
    present: bool,
    commands_until_removal: Option<usize>,
}

impl<T: Transport> Transport for Removable<T> {
    fn transmit(&mut self, apdu: &[u8]) -> eeszt_auth::Result<Vec<u8>> {
        if let Some(n) = self.commands_until_removal.as_mut() {
            if *n == 0 {
                self.present = false;
                self.commands_until_removal = None;
            } else {
                *n -= 1;
            }
        }
        if !self.present {
            return Err(CardError::CardRemoved.into());
        }
        self.inner.transmit(apdu)
    }
    fn features(&self) -> ReaderFeatures {
        self.inner.features()
    }
    fn atr(&self) -> eeszt_auth::Result<Vec<u8>> {
        if self.present {
            self.inner.atr()
        } else {
            Err(CardError::NoCard.into())
        }
    }
}

#[test]
fn card_removed_mid_flow_then_put_back() {
    let transport = Removable {
        inner: SimTransport::new(SimEszemelyi::activated()),
        present: true,
        commands_until_removal: None,
    };
    let mut card = EszemelyiCard::with_rng(transport, DeterministicRng::from_seed([9; 32]));
    let pin = LoginFlow::start()
        .user("O95745")
        .unwrap()
        .card()
        .check(&mut card)
        .unwrap();
    // The card is pulled out during PACE.
    card.transport_mut().commands_until_removal = Some(2);
    let rejected = pin
        .pin(&mut card, "123456", None, CHALLENGE, false, &sim_trust())
        .expect_err("removed");
    assert_eq!(rejected.error, Error::Card(CardError::CardRemoved));
    assert_eq!(rejected.next_action(), NextAction::InsertCard);
    let rejected = rejected.state.check(&mut card).expect_err("no card");
    assert_eq!(rejected.error, Error::Card(CardError::NoCard));
    assert_eq!(rejected.next_action(), NextAction::InsertCard);
    // Put back: the right PIN works and no try was lost.
    card.transport_mut().present = true;
    let pin = rejected.state.check(&mut card).expect("back");
    assert_eq!(pin.tries_left(), 3);
    pin.pin(&mut card, "123456", None, CHALLENGE, false, &sim_trust())
        .expect("login after reinsertion");
}

#[test]
fn a_card_that_is_not_an_eszemelyi_is_refused() {
    let test_card = eeszt_auth::card::testcard::TestCard::new(1);
    let mut card = EszemelyiCard::with_rng(
        SimTransport::new(test_card),
        DeterministicRng::from_seed([1; 32]),
    );
    let rejected = LoginFlow::start()
        .user("O95745")
        .unwrap()
        .card()
        .check(&mut card)
        .expect_err("not an eID card");
    assert_eq!(rejected.error, Error::Eid(EidError::NotEszemelyi));
    assert_eq!(rejected.next_action(), NextAction::InsertCard);
}

#[test]
fn no_reader_and_no_service_map_to_their_actions() {
    assert_eq!(
        NextAction::for_error(&CardError::NoReader.into()),
        NextAction::ConnectReader
    );
    assert_eq!(
        NextAction::for_error(&CardError::ServiceNotRunning.into()),
        NextAction::FixEnvironment
    );
}

fn totp() -> Totp {
    Totp::standard(
        OtpKey::new(
            Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap(),
            Algorithm::Sha1,
            6,
        )
        .unwrap(),
    )
}

#[test]
fn token_login_with_lockout_unlock_replay_and_wrong_code() {
    let policy = PasswordPolicy::default();
    let mut password_state = PasswordState::default();
    let check = |_: &eeszt_auth::id::EesztUserId, p: &str| p == "Jelszó-123";
    let mut enter = LoginFlow::start().user("X00121").unwrap().token();
    // Three wrong passwords lock for 15 minutes; the right one is refused meanwhile.
    for expected in [
        LoginError::WrongPassword {
            tries_left: 2,
            minutes: 15,
        },
        LoginError::WrongPassword {
            tries_left: 1,
            minutes: 15,
        },
        LoginError::PasswordLocked {
            until: NOW + 900,
            failures: 3,
            minutes: 15,
        },
    ] {
        let rejected = enter
            .password(
                &Password::new("rossz"),
                &policy,
                &mut password_state,
                NOW,
                check,
            )
            .expect_err("wrong password");
        assert_eq!(rejected.error, Error::Login(expected));
        enter = rejected.state;
    }
    let rejected = enter
        .password(
            &Password::new("Jelszó-123"),
            &policy,
            &mut password_state,
            NOW + 899,
            check,
        )
        .expect_err("locked");
    assert_eq!(rejected.next_action(), NextAction::Wait);
    let otp_step = rejected
        .state
        .password(
            &Password::new("Jelszó-123"),
            &policy,
            &mut password_state,
            NOW + 900,
            check,
        )
        .expect("unlocked after 15 minutes");

    let totp = totp();
    let verifier = Verifier::new(Policy::default());
    let mut otp_state = UserState::default();
    let rejected = otp_step
        .otp(
            TokenKey::Totp(&totp),
            &verifier,
            &mut otp_state,
            "000000",
            "2468",
            NOW + 901,
            |_, _| true,
        )
        .expect_err("wrong code");
    assert!(matches!(
        rejected.error,
        Error::Otp(OtpError::WrongCode { .. })
    ));
    assert_eq!(rejected.next_action(), NextAction::RetypeOtp);
    let code = totp.code_at(NOW + 901).unwrap();
    let rejected = rejected
        .state
        .otp(
            TokenKey::Totp(&totp),
            &verifier,
            &mut otp_state,
            code.as_str(),
            "1357",
            NOW + 901,
            |_, typed| CheckCode::new("2468").matches(typed),
        )
        .expect_err("wrong check code");
    assert_eq!(rejected.error, Error::Login(LoginError::WrongCheckCode));
    // The code was accepted by the verifier before the check code failed: it cannot be replayed.
    let rejected = rejected
        .state
        .otp(
            TokenKey::Totp(&totp),
            &verifier,
            &mut otp_state,
            code.as_str(),
            "2468",
            NOW + 902,
            |_, _| true,
        )
        .expect_err("replayed");
    assert_eq!(rejected.error, Error::Otp(OtpError::CodeReused));
    let next = totp.code_at(NOW + 931).unwrap();
    let choose = rejected
        .state
        .otp(
            TokenKey::Totp(&totp),
            &verifier,
            &mut otp_state,
            next.as_str(),
            "2468",
            NOW + 931,
            |_, typed| CheckCode::new("2468").matches(typed),
        )
        .expect("fresh code");
    let rejected = choose
        .choose(&institutions(), Pick::Code("777777"), NOW + 932)
        .expect_err("unknown institution");
    assert_eq!(rejected.next_action(), NextAction::ChooseInstitution);
    let rejected = rejected
        .state
        .choose(&institutions(), Pick::Index(5), NOW + 932)
        .expect_err("past the end");
    let result = rejected
        .state
        .choose(&institutions(), Pick::Index(1), NOW + 932)
        .expect("second institution");
    assert_eq!(result.method(), Method::Token);
    assert!(result.evidence().is_none());
    assert!(!result.simulated());
    assert_eq!(
        result
            .institution()
            .institution()
            .unwrap()
            .provider()
            .as_str(),
        "123456"
    );
}

fn refused_checks(
    user: &str,
    sim: SimEszemelyi,
    trust: &CardTrust<'_>,
) -> (Error, Option<CardChecks>, NextAction) {
    let mut card = card(sim);
    let pin = LoginFlow::start()
        .user(user)
        .unwrap()
        .card()
        .check(&mut card)
        .expect("usable card");
    let rejected = pin
        .pin(&mut card, "123456", None, CHALLENGE, false, trust)
        .expect_err("refused");
    // The PIN was right: the counter is full again, nothing was lost.
    assert_eq!(pin_tries(&mut card), 3);
    (
        rejected.error.clone(),
        rejected.card_checks,
        rejected.next_action(),
    )
}

#[test]
fn card_login_without_trust_anchors_is_refused() {
    let sim = SimulatorTrust::new();
    let anchors = eeszt_auth::cert::TrustAnchors::new();
    let trust = CardTrust {
        anchors: &anchors,
        binding: sim.bindings(),
        unix_time: CARD_NOW,
    };
    let (error, checks, next) = refused_checks("O95745", SimEszemelyi::activated(), &trust);
    assert_eq!(
        error,
        Error::Login(LoginError::CardNotTrusted {
            reason: eeszt_auth::cert::Untrusted::NoAnchors
        })
    );
    assert_eq!(
        checks,
        Some(CardChecks {
            signature_verified: true,
            trusted: false,
            bound: true
        })
    );
    assert_eq!(next, NextAction::UseOwnCard);
}

#[test]
fn card_login_with_an_expired_anchor_is_refused() {
    let sim = SimulatorTrust::new();
    // 2040: the simulated card's certificate (valid to 2036) has expired.
    let trust = sim.trust(2_208_988_800);
    let (error, checks, _) = refused_checks("O95745", SimEszemelyi::activated(), &trust);
    assert_eq!(
        error,
        Error::Login(LoginError::CardNotTrusted {
            reason: eeszt_auth::cert::Untrusted::NotValidNow
        })
    );
    assert!(!checks.unwrap().trusted);
}

#[test]
fn card_login_of_another_user_is_refused() {
    let (error, checks, next) = refused_checks("S123456", SimEszemelyi::activated(), &sim_trust());
    assert_eq!(
        error,
        Error::Login(LoginError::CardNotBound {
            user: "S123456".into()
        })
    );
    assert_eq!(
        checks,
        Some(CardChecks {
            signature_verified: true,
            trusted: true,
            bound: false
        })
    );
    assert_eq!(next, NextAction::UseOwnCard);
    // An empty binding table binds nobody, not even the card's owner.
    let sim = SimulatorTrust::new();
    let nobody = FingerprintBindings::new();
    let trust = CardTrust {
        anchors: sim.anchors(),
        binding: &nobody,
        unix_time: CARD_NOW,
    };
    let (error, _, _) = refused_checks("O95745", SimEszemelyi::activated(), &trust);
    assert!(matches!(
        error,
        Error::Login(LoginError::CardNotBound { .. })
    ));
}

#[test]
fn card_whose_signature_does_not_verify_is_refused() {
    // A card whose key does not belong to its certificate.
    let mut state = SimEszemelyi::activated().state();
    state.auth_key = "11".repeat(32);
    let sim = SimEszemelyi::from_state(state).expect("state");
    let (error, checks, _) = refused_checks("O95745", sim, &sim_trust());
    assert_eq!(error, Error::Login(LoginError::CardSignatureInvalid));
    assert_eq!(
        checks,
        Some(CardChecks {
            signature_verified: false,
            trusted: true,
            bound: true
        })
    );
}

/// A card object that answers with evidence for another challenge (a replayed answer).
struct Replaying(EszemelyiCard<SimTransport<SimEszemelyi>, DeterministicRng>);

impl eeszt_auth::login::LoginCard for Replaying {
    fn is_simulated(&self) -> bool {
        true
    }
    fn pin_status(&mut self) -> eeszt_auth::Result<eeszt_auth::card::eid::pin::PinStatus> {
        self.0.pin_status()
    }
    fn authenticate(
        &mut self,
        pin: &eeszt_auth::card::eid::Password,
        can: Option<&eeszt_auth::card::eid::Password>,
        _challenge: &[u8],
        last_try: eeszt_auth::card::eid::pin::LastTry,
    ) -> eeszt_auth::Result<eeszt_auth::login::CardEvidence> {
        self.0
            .authenticate(pin, can, b"an old challenge, replayed", last_try)
    }
}

#[test]
fn evidence_for_another_challenge_is_refused() {
    let mut card = Replaying(card(SimEszemelyi::activated()));
    let pin = LoginFlow::start()
        .user("O95745")
        .unwrap()
        .card()
        .check(&mut card)
        .unwrap();
    let rejected = pin
        .pin(&mut card, "123456", None, CHALLENGE, false, &sim_trust())
        .expect_err("not fresh");
    assert_eq!(
        rejected.error,
        Error::Login(LoginError::CardSignatureInvalid)
    );
}

/// Records, for every command, whether it was sent inside `Transport::exclusive`.
struct Recording<T> {
    inner: T,
    inside: bool,
    log: Vec<(u8, bool)>,
}

impl<T: Transport> Transport for Recording<T> {
    fn transmit(&mut self, apdu: &[u8]) -> eeszt_auth::Result<Vec<u8>> {
        self.log.push((apdu[1], self.inside));
        self.inner.transmit(apdu)
    }
    fn atr(&self) -> eeszt_auth::Result<Vec<u8>> {
        self.inner.atr()
    }
    fn exclusive(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Transport) -> eeszt_auth::Result<()>,
    ) -> eeszt_auth::Result<()> {
        self.inside = true;
        let out = f(self);
        self.inside = false;
        out
    }
}

#[test]
fn pin_state_check_and_pace_run_in_one_exclusive_section() {
    let transport = Recording {
        inner: SimTransport::new(SimEszemelyi::activated()),
        inside: false,
        log: Vec::new(),
    };
    let mut card = EszemelyiCard::with_rng(transport, DeterministicRng::from_seed([3; 32]));
    let pin = LoginFlow::start_simulated()
        .user("O95745")
        .unwrap()
        .card()
        .check(&mut card)
        .unwrap();
    card.transport_mut().log.clear();
    let choose = pin
        .pin(&mut card, "123456", None, CHALLENGE, false, &sim_trust())
        .expect("login");
    let log = &card.transport_mut().log;
    // MSE:Set AT (22) reads the PIN state, GENERAL AUTHENTICATE (86) is PACE, INTERNAL
    // AUTHENTICATE (88) signs: all inside the one exclusive section.
    for ins in [0x22, 0x86, 0x88] {
        assert!(log.iter().any(|&(i, _)| i == ins), "{ins:02X} sent");
    }
    assert!(
        log.iter().all(|&(_, inside)| inside),
        "every command of the PIN attempt inside the transaction: {log:02X?}"
    );
    // The transport is not known to be simulated, but the flow was started as simulated.
    let result = choose
        .choose(&institutions(), Pick::NoInstitution, NOW)
        .unwrap();
    assert!(result.simulated());
}

/// The hard token: event-based (HOTP) against the server-side counter, with look-ahead and resync;
/// the check code the user typed reaches the caller's check.
#[test]
fn hard_token_counter_look_ahead_resync_and_typed_check_code() {
    let key = OtpKey::new(
        Secret::from_bytes(b"12345678901234567890").unwrap(),
        Algorithm::Sha1,
        6,
    )
    .unwrap();
    let verifier = Verifier::new(Policy::default());
    let mut state = UserState::default();
    let hotp = |counter: u64| key.hotp(counter).as_str().to_owned();
    let policy = PasswordPolicy::default();
    let otp_step = |state: &mut PasswordState| {
        LoginFlow::start()
            .user("X00121")
            .unwrap()
            .token()
            .password(
                &Password::new("Jelszó-123"),
                &policy,
                state,
                NOW,
                |_, p| p == "Jelszó-123",
            )
            .expect("password")
    };
    let mut pw = PasswordState::default();
    // Counter 0 (RFC 4226 vector 755224); the typed check code reaches the check as typed.
    let mut seen = String::new();
    let choose = otp_step(&mut pw)
        .otp(
            TokenKey::Hotp(&key),
            &verifier,
            &mut state,
            "755224",
            " 2468 ",
            NOW,
            |user, typed| {
                seen = format!("{user}:{typed}");
                CheckCode::new("2468").matches(typed)
            },
        )
        .expect("counter 0");
    assert_eq!(seen, "X00121:2468");
    assert_eq!(choose.user().as_str(), "X00121");
    assert_eq!(state.counter, 1, "the server-side counter moves on");
    // The same code again: replay refused.
    let rejected = otp_step(&mut pw)
        .otp(
            TokenKey::Hotp(&key),
            &verifier,
            &mut state,
            "755224",
            "2468",
            NOW,
            |_, _| true,
        )
        .expect_err("replay");
    assert_eq!(rejected.error, Error::Otp(OtpError::CodeReused));
    // Pressed a few times without logging in: inside the look-ahead.
    otp_step(&mut pw)
        .otp(
            TokenKey::Hotp(&key),
            &verifier,
            &mut state,
            &hotp(5),
            "2468",
            NOW,
            |_, t| CheckCode::new("2468").matches(t),
        )
        .expect("look-ahead");
    assert_eq!(state.counter, 6);
    // Far ahead: refused, then two consecutive codes resynchronise.
    let rejected = otp_step(&mut pw)
        .otp(
            TokenKey::Hotp(&key),
            &verifier,
            &mut state,
            &hotp(50),
            "2468",
            NOW,
            |_, _| true,
        )
        .expect_err("beyond the look-ahead");
    assert!(matches!(
        rejected.error,
        Error::Otp(OtpError::WrongCode { .. })
    ));
    let mut state = UserState {
        failures: 0,
        ..state
    };
    rejected
        .state
        .resync_hotp(
            &key,
            &verifier,
            &mut state,
            &hotp(60),
            &hotp(61),
            "2468",
            NOW,
            |_, t| CheckCode::new("2468").matches(t),
        )
        .expect("resync");
    assert_eq!(state.counter, 62);
    // Wrong or missing check code with a right code.
    let rejected = otp_step(&mut pw)
        .otp(
            TokenKey::Hotp(&key),
            &verifier,
            &mut state,
            &hotp(62),
            "2469",
            NOW,
            |_, t| CheckCode::new("2468").matches(t),
        )
        .expect_err("wrong check code");
    assert_eq!(rejected.error, Error::Login(LoginError::WrongCheckCode));
    assert_eq!(rejected.next_action(), NextAction::RetypeOtp);
    let before = state;
    let rejected = rejected
        .state
        .otp(
            TokenKey::Hotp(&key),
            &verifier,
            &mut state,
            &hotp(63),
            "  ",
            NOW,
            |_, _| true,
        )
        .expect_err("no check code");
    assert_eq!(rejected.error, Error::Login(LoginError::CheckCodeEmpty));
    assert_eq!(
        state, before,
        "an empty check code does not spend the one-time password"
    );
}

/// The password handed out with the token is changed at first login, before the token step.
#[test]
fn initial_password_must_be_changed_first() {
    let policy = PasswordPolicy::default();
    let rules = NewPasswordRules::default();
    let mut pw = PasswordState::default();
    let initial = "EesztDemo-2026";
    let mut stored: Option<String> = None;
    let after = LoginFlow::start()
        .user("X00121")
        .unwrap()
        .token()
        .password_or_change(
            &Password::new(initial),
            &policy,
            &mut pw,
            NOW,
            |_, p| p == initial,
            |_| true,
        )
        .expect("right password");
    let AfterPassword::ChangePassword(change) = after else {
        panic!("the initial password must be changed");
    };
    let rejected = change
        .change(
            &Password::new("Sajat-Jelszo1"),
            &Password::new("Sajat-Jelszo2"),
            &rules,
            |_, _| true,
        )
        .expect_err("mismatch");
    assert_eq!(
        rejected.error,
        Error::Login(LoginError::NewPasswordMismatch)
    );
    let rejected = rejected
        .state
        .change(
            &Password::new("rovid"),
            &Password::new("rovid"),
            &rules,
            |_, _| true,
        )
        .expect_err("weak");
    assert!(matches!(
        rejected.error,
        Error::Login(LoginError::NewPasswordWeak {
            short: true,
            no_upper: true,
            no_digit: true,
            no_lower: false,
            ..
        })
    ));
    assert!(
        rejected.message(eeszt_auth::Lang::Hu).contains("nagybetű"),
        "{}",
        rejected.message(eeszt_auth::Lang::Hu)
    );
    let rejected = rejected
        .state
        .change(
            &Password::new(initial),
            &Password::new(initial),
            &rules,
            |_, _| true,
        )
        .expect_err("same as the initial one");
    assert_eq!(
        rejected.error,
        Error::Login(LoginError::NewPasswordSameAsInitial)
    );
    let rejected = rejected
        .state
        .change(
            &Password::new("Sajat-Jelszo1"),
            &Password::new("Sajat-Jelszo1"),
            &rules,
            |_, _| false,
        )
        .expect_err("store failed");
    assert_eq!(
        rejected.error,
        Error::Login(LoginError::NewPasswordNotStored)
    );
    let otp = rejected
        .state
        .change(
            &Password::new("Sajat-Jelszo1"),
            &Password::new("Sajat-Jelszo1"),
            &rules,
            |u, p| {
                stored = Some(format!("{u}:{p}"));
                true
            },
        )
        .expect("changed");
    assert_eq!(otp.user().as_str(), "X00121");
    assert_eq!(stored.as_deref(), Some("X00121:Sajat-Jelszo1"));
    // Next time the user's own password goes straight on to the token.
    let after = LoginFlow::start()
        .user("X00121")
        .unwrap()
        .token()
        .password_or_change(
            &Password::new("Sajat-Jelszo1"),
            &policy,
            &mut pw,
            NOW,
            |_, p| p == "Sajat-Jelszo1",
            |_| false,
        )
        .expect("own password");
    assert!(matches!(after, AfterPassword::Otp(_)));
    // A wrong password never reaches the change step.
    let rejected = LoginFlow::start()
        .user("X00121")
        .unwrap()
        .token()
        .password_or_change(
            &Password::new("rossz"),
            &policy,
            &mut pw,
            NOW,
            |_, _| false,
            |_| true,
        )
        .expect_err("wrong password");
    assert!(matches!(
        rejected.error,
        Error::Login(LoginError::WrongPassword { .. })
    ));
}
