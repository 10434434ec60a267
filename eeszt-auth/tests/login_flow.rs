//! The login flow end to end against the simulated eSzemélyi (in-process), and every failure branch.

use eeszt_auth::Error;
use eeszt_auth::card::eid::rng::DeterministicRng;
use eeszt_auth::card::eid::sim::SimEszemelyi;
use eeszt_auth::card::{CardError, EidError, ReaderFeatures, SimTransport, Transport};
use eeszt_auth::id::{IdError, Institution, InstitutionChoice, InstitutionList};
use eeszt_auth::login::{
    EszemelyiCard, LoginError, LoginFlow, Method, NextAction, Password, PasswordPolicy,
    PasswordState, Pick, TokenKey,
};
use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, UserState, Verifier};

const CHALLENGE: &[u8] = b"login challenge 0123456789abcdef";
const NOW: u64 = 1_767_225_600; // 2026-01-01

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
        .pin(&mut card, "123456", None, CHALLENGE, false)
        .expect("PIN accepted");
    let result = choose
        .choose(&institutions(), Pick::Code("001055630"), NOW)
        .expect("institution");
    assert_eq!(result.user.as_str(), "O95745");
    assert_eq!(result.method, Method::Card);
    assert_eq!(result.unix_time, NOW);
    let chosen = result.institution.institution().expect("an institution");
    assert_eq!(chosen.provider().as_str(), "032175");
    let evidence = result.evidence.expect("card evidence");
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
            .pin(&mut card, "000000", None, CHALLENGE, false)
            .expect_err("wrong PIN");
        assert!(
            matches!(rejected.error, Error::Eid(EidError::WrongPin { .. })),
            "{:?}",
            rejected.error
        );
        assert_eq!(rejected.next_action(), NextAction::RetypePin);
        check = rejected.state;
        let _ = left;
    }
    // Two wrong PINs: suspended. The flow asks for the CAN and for consent; without them nothing
    // reaches the card.
    let pin = check.check(&mut card).expect("suspended is resumable");
    assert!(pin.needs_can() && pin.is_last_try());
    let rejected = pin
        .pin(&mut card, "123456", None, CHALLENGE, true)
        .expect_err("CAN needed");
    assert_eq!(rejected.error, Error::Eid(EidError::PinSuspended));
    assert_eq!(rejected.next_action(), NextAction::EnterCan);
    let pin = rejected.state.check(&mut card).unwrap();
    let rejected = pin
        .pin(&mut card, "123456", Some("654321"), CHALLENGE, false)
        .expect_err("consent needed");
    assert_eq!(rejected.error, Error::Eid(EidError::LastTryNeedsConsent));
    assert_eq!(rejected.next_action(), NextAction::ConfirmLastTry);
    // Still suspended: no try was spent.
    let pin = rejected.state.check(&mut card).unwrap();
    assert!(pin.needs_can());
    // With the CAN and consent, the right PIN logs in and resets the counter.
    let choose = pin
        .pin(&mut card, "123456", Some("654321"), CHALLENGE, true)
        .expect("resumed with the CAN");
    assert_eq!(pin_tries(&mut card), 3);
    let result = choose
        .choose(&institutions(), Pick::NoInstitution, NOW)
        .unwrap();
    assert_eq!(result.institution, InstitutionChoice::NoInstitution);
}

#[test]
fn third_wrong_pin_blocks_and_the_flow_asks_for_the_puk() {
    let mut card = card(SimEszemelyi::activated());
    let mut check = LoginFlow::start().user("O95745").unwrap().card();
    for _ in 0..2 {
        let pin = check.check(&mut card).unwrap();
        check = pin
            .pin(&mut card, "000000", None, CHALLENGE, false)
            .expect_err("wrong")
            .state;
    }
    let pin = check.check(&mut card).unwrap();
    let rejected = pin
        .pin(&mut card, "000000", Some("654321"), CHALLENGE, true)
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
        .pin(&mut card, "123456", None, CHALLENGE, false)
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
    pin.pin(&mut card, "123456", None, CHALLENGE, false)
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
        LoginError::WrongPassword { tries_left: 2 },
        LoginError::WrongPassword { tries_left: 1 },
        LoginError::PasswordLocked { until: NOW + 900 },
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
            NOW + 901,
            |_| true,
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
            NOW + 901,
            |_| false,
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
            NOW + 902,
            |_| true,
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
            NOW + 931,
            |_| true,
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
    assert_eq!(result.method, Method::Token);
    assert!(result.evidence.is_none());
    assert_eq!(
        result
            .institution
            .institution()
            .unwrap()
            .provider()
            .as_str(),
        "123456"
    );
}
