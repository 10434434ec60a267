//! PIN lifecycle against the in-process simulated eSzemélyi: activation, change, suspension and
//! resume with the CAN, blocking, unblock with the PUK, the last-try consent, SM failures.
#![cfg(feature = "sim")]

use eeszt_auth::Error;
use eeszt_auth::card::eid::{
    CardAccess, Password, auth,
    pin::{self, LastTry, PinAttempt, PinState},
    rng::DeterministicRng,
    session::{self, PaceOptions},
    sim::{self, SimEszemelyi},
};
use eeszt_auth::card::{Command, EidError, SimTransport, Transport, exchange};

type Card = SimTransport<SimEszemelyi>;

fn rng() -> DeterministicRng {
    DeterministicRng::from_seed([1; 32])
}

fn setup(card: SimEszemelyi) -> (Card, CardAccess) {
    let mut t = SimTransport::new(card);
    let access = session::read_card_access(&mut t).unwrap();
    (t, access)
}

fn eid(err: Error) -> EidError {
    match err {
        Error::Eid(e) => e,
        other => panic!("not an eID error: {other:?}"),
    }
}

fn pin(v: &str) -> Password {
    Password::pin(v).unwrap()
}

fn status(t: &mut Card, access: &CardAccess) -> (PinState, u8) {
    let s = pin::status(t, access).unwrap();
    (s.state, s.tries_left)
}

fn wrong_pin(t: &mut Card, access: &CardAccess) -> EidError {
    let bad = pin("999999");
    eid(pin::open_pin_session(&mut *t, access, PinAttempt::new(&bad), &mut rng()).unwrap_err())
}

#[test]
fn activation_then_use() {
    let (mut t, access) = setup(SimEszemelyi::new());
    assert_eq!(status(&mut t, &access), (PinState::Transport, 3));
    // A PIN change before activation is refused without touching the PIN.
    let p = pin(sim::DEFAULT_PIN);
    let err = pin::change_pin(
        &mut t,
        &access,
        PinAttempt::new(&p),
        "111111",
        "111111",
        &mut rng(),
    );
    assert_eq!(eid(err.unwrap_err()), EidError::PinNotActivated);
    // Confirmation mismatch is caught before the card.
    let tp = Password::transport_pin(sim::DEFAULT_TRANSPORT_PIN).unwrap();
    let err = pin::activate(
        &mut t,
        &access,
        PinAttempt::new(&tp),
        "111111",
        "111112",
        &mut rng(),
    );
    assert_eq!(eid(err.unwrap_err()), EidError::PinMismatch);
    assert_eq!(status(&mut t, &access), (PinState::Transport, 3));
    pin::activate(
        &mut t,
        &access,
        PinAttempt::new(&tp),
        "111111",
        "111111",
        &mut rng(),
    )
    .unwrap();
    assert_eq!(status(&mut t, &access), (PinState::Active, 3));
    let err = pin::activate(
        &mut t,
        &access,
        PinAttempt::new(&tp),
        "222222",
        "222222",
        &mut rng(),
    );
    assert_eq!(eid(err.unwrap_err()), EidError::AlreadyActivated);
    // The new PIN opens a session that reads the SM-only files and signs.
    let new = pin("111111");
    let mut s = pin::open_pin_session(&mut t, &access, PinAttempt::new(&new), &mut rng()).unwrap();
    let result = auth::authenticate(&mut s, b"caller challenge").unwrap();
    auth::verify_signature(&result.certificate, b"caller challenge", &result.signature).unwrap();
    assert!(auth::verify_signature(&result.certificate, b"other", &result.signature).is_err());
    let personal = auth::read_personal_data(&mut s).unwrap();
    assert!(String::from_utf8(personal).unwrap().contains("TESZT"));
}

/// Activation on a card that does not report the transport state is refused before any PIN
/// attempt, whatever the tries left (M1): the counter does not move.
#[test]
fn activation_of_an_activated_card_never_spends_a_try() {
    let tp = Password::transport_pin(sim::DEFAULT_TRANSPORT_PIN).unwrap();
    let (mut t, access) = setup(SimEszemelyi::activated());
    let activate = |t: &mut Card| {
        eid(pin::activate(
            &mut *t,
            &access,
            PinAttempt {
                pin: &tp,
                can: Some(&Password::can(sim::DEFAULT_CAN).unwrap()),
                last_try: LastTry::Allow,
            },
            "111111",
            "111111",
            &mut rng(),
        )
        .unwrap_err())
    };
    assert_eq!(activate(&mut t), EidError::AlreadyActivated);
    assert_eq!(t.card().state().pin_tries, 3);
    wrong_pin(&mut t, &access);
    assert_eq!(status(&mut t, &access), (PinState::Active, 2));
    assert_eq!(activate(&mut t), EidError::ActivationStateUnknown);
    assert_eq!(t.card().state().pin_tries, 2);
    assert_eq!(status(&mut t, &access), (PinState::Active, 2));
    wrong_pin(&mut t, &access);
    assert_eq!(status(&mut t, &access), (PinState::Suspended, 1));
    // Even with the CAN and consent to the last try.
    assert_eq!(activate(&mut t), EidError::ActivationStateUnknown);
    assert_eq!(t.card().state().pin_tries, 1);
    assert_eq!(t.card().state().pin, sim::DEFAULT_PIN);

    // A transport-state card that lost a try answers 63Cx like an active one: refused too (fail
    // closed), without spending another try.
    let (mut t, access) = setup(SimEszemelyi::new());
    let bad = Password::transport_pin("99999").unwrap();
    let err = pin::open_pin_session(&mut t, &access, PinAttempt::new(&bad), &mut rng());
    assert!(err.is_err());
    assert_eq!(t.card().state().pin_tries, 2);
    assert_eq!(activate(&mut t), EidError::ActivationStateUnknown);
    assert_eq!(t.card().state().pin_tries, 2);
}

#[test]
fn change_pin() {
    let (mut t, access) = setup(SimEszemelyi::activated());
    let old = pin(sim::DEFAULT_PIN);
    pin::change_pin(
        &mut t,
        &access,
        PinAttempt::new(&old),
        "246810",
        "246810",
        &mut rng(),
    )
    .unwrap();
    assert!(pin::open_pin_session(&mut t, &access, PinAttempt::new(&old), &mut rng()).is_err());
    let new = pin("246810");
    assert!(pin::open_pin_session(&mut t, &access, PinAttempt::new(&new), &mut rng()).is_ok());
    assert_eq!(t.card().state().pin, "246810");
}

#[test]
fn suspension_resume_block_and_unblock() {
    let (mut t, access) = setup(SimEszemelyi::activated());
    assert_eq!(
        wrong_pin(&mut t, &access),
        EidError::WrongPin {
            tries_left: Some(2)
        }
    );
    assert_eq!(status(&mut t, &access), (PinState::Active, 2));
    assert_eq!(
        wrong_pin(&mut t, &access),
        EidError::WrongPin {
            tries_left: Some(1)
        }
    );
    assert_eq!(status(&mut t, &access), (PinState::Suspended, 1));

    // Suspended: the right PIN alone is refused without spending the try.
    let good = pin(sim::DEFAULT_PIN);
    let err = pin::open_pin_session(&mut t, &access, PinAttempt::new(&good), &mut rng());
    assert_eq!(eid(err.unwrap_err()), EidError::PinSuspended);
    // With the CAN but without consent: refused, still one try.
    let can = Password::can(sim::DEFAULT_CAN).unwrap();
    let err = pin::resume_with_can(&mut t, &access, &can, &good, LastTry::Refuse, &mut rng());
    assert_eq!(eid(err.unwrap_err()), EidError::LastTryNeedsConsent);
    assert_eq!(status(&mut t, &access), (PinState::Suspended, 1));
    // Even talking to the card directly, the suspended PIN cannot run PACE without a CAN session.
    let direct = session::establish(
        &mut t,
        &access,
        &good,
        &PaceOptions {
            consent_last_try: true,
            ..Default::default()
        },
        &mut rng(),
    );
    assert_eq!(eid(direct.unwrap_err()), EidError::PinSuspended);
    // A wrong CAN is reported as such and costs no PIN try.
    let bad_can = Password::can("000000").unwrap();
    let err = pin::resume_with_can(&mut t, &access, &bad_can, &good, LastTry::Allow, &mut rng());
    assert_eq!(eid(err.unwrap_err()), EidError::WrongCan);
    assert_eq!(status(&mut t, &access), (PinState::Suspended, 1));
    // With consent, CAN then the right PIN resumes: three tries again, and the session works.
    let mut s =
        pin::resume_with_can(&mut t, &access, &can, &good, LastTry::Allow, &mut rng()).unwrap();
    assert!(auth::read_certificate(&mut s).is_ok());
    drop(s);
    assert_eq!(status(&mut t, &access), (PinState::Active, 3));

    // Two more wrong PINs, then a wrong last try after the CAN blocks it.
    wrong_pin(&mut t, &access);
    wrong_pin(&mut t, &access);
    let bad = pin("999999");
    let attempt = PinAttempt {
        pin: &bad,
        can: Some(&can),
        last_try: LastTry::Allow,
    };
    let err = pin::open_pin_session(&mut t, &access, attempt, &mut rng());
    assert_eq!(eid(err.unwrap_err()), EidError::PinBlocked);
    assert_eq!(status(&mut t, &access), (PinState::Blocked, 0));
    // Blocked: even the right PIN with the CAN is refused.
    let attempt = PinAttempt {
        pin: &good,
        can: Some(&can),
        last_try: LastTry::Allow,
    };
    let err = pin::open_pin_session(&mut t, &access, attempt, &mut rng());
    assert_eq!(eid(err.unwrap_err()), EidError::PinBlocked);

    // A wrong PUK fails; the right PUK unblocks; the PIN is unchanged.
    let bad_puk = Password::puk("0000000000").unwrap();
    assert_eq!(
        eid(pin::unblock_with_puk(&mut t, &access, &bad_puk, &mut rng()).unwrap_err()),
        EidError::WrongPuk
    );
    let puk = Password::puk(sim::DEFAULT_PUK).unwrap();
    pin::unblock_with_puk(&mut t, &access, &puk, &mut rng()).unwrap();
    assert_eq!(status(&mut t, &access), (PinState::Active, 3));
    assert!(pin::open_pin_session(&mut t, &access, PinAttempt::new(&good), &mut rng()).is_ok());
}

#[test]
fn never_retries_and_counts_exactly_one_try_per_call() {
    let (mut t, access) = setup(SimEszemelyi::activated());
    wrong_pin(&mut t, &access);
    assert_eq!(t.card().state().pin_tries, 2);
}

#[test]
fn protected_files_need_a_pin_session() {
    let (mut t, access) = setup(SimEszemelyi::activated());
    // Plain: refused.
    assert!(auth::read_certificate(&mut t).is_err());
    // CAN session: refused.
    let can = Password::can(sim::DEFAULT_CAN).unwrap();
    let (mut s, outcome) =
        session::establish(&mut t, &access, &can, &PaceOptions::default(), &mut rng()).unwrap();
    assert_eq!(outcome.car.as_deref(), Some(sim::DEFAULT_CVCA.as_bytes()));
    let err = auth::read_certificate(&mut s).unwrap_err();
    assert_eq!(eid(err), EidError::CardRefused { sw: 0x6982 });
    assert!(auth::sign_challenge(&mut s, b"x").is_err());
}

/// A transport that flips one bit of the next answer's MAC when armed.
struct Corrupting<'a> {
    inner: &'a mut Card,
    armed: bool,
}

impl Transport for Corrupting<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> eeszt_auth::Result<Vec<u8>> {
        let mut answer = self.inner.transmit(apdu)?;
        if self.armed && answer.len() > 4 {
            let at = answer.len() - 3;
            answer[at] ^= 0x01;
            self.armed = false;
        }
        Ok(answer)
    }
    fn atr(&self) -> eeszt_auth::Result<Vec<u8>> {
        self.inner.atr()
    }
}

#[test]
fn corrupted_response_mac_closes_the_session() {
    let (mut t, access) = setup(SimEszemelyi::activated());
    let good = pin(sim::DEFAULT_PIN);
    let wire = Corrupting {
        inner: &mut t,
        armed: false,
    };
    let mut s = pin::open_pin_session(wire, &access, PinAttempt::new(&good), &mut rng()).unwrap();
    let challenge = Command::new(0x00, 0x84, 0x00, 0x00).with_le(8);
    assert!(exchange(&mut s, &challenge).is_ok());
    s.inner_mut().armed = true;
    let err = exchange(&mut s, &challenge).unwrap_err();
    assert_eq!(eid(err), EidError::SmBadMac);
    assert!(!s.is_open());
    assert_eq!(
        eid(exchange(&mut s, &challenge).unwrap_err()),
        EidError::SessionClosed
    );
    drop(s);
    // The card itself is unharmed: a new session works, no PIN try was spent.
    assert_eq!(status(&mut t, &access), (PinState::Active, 3));
}

#[test]
fn card_side_sm_error_is_typed_and_ends_the_session() {
    let (mut t, access) = setup(SimEszemelyi::activated());
    let can = Password::can(sim::DEFAULT_CAN).unwrap();
    let (mut s, _) =
        session::establish(&mut t, &access, &can, &PaceOptions::default(), &mut rng()).unwrap();
    // A forged protected command (bad MAC) sent past the codec.
    let forged = [
        0x0C, 0x84, 0x00, 0x00, 0x0D, 0x97, 0x01, 0x08, 0x8E, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x00,
    ];
    let answer = s.inner_mut().transmit(&forged).unwrap();
    assert_eq!(answer, vec![0x69, 0x88]);
    assert!(!s.inner_mut().card().sm_active());
    let err = exchange(&mut s, &Command::new(0x00, 0x84, 0x00, 0x00).with_le(8)).unwrap_err();
    assert_eq!(eid(err), EidError::SmObjectsMissing);
    assert!(!s.is_open());
}

#[test]
fn state_survives_json_save_and_load() {
    let dir = std::env::temp_dir().join(format!("eid-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("card.json");
    SimEszemelyi::activated().state().save(&path).unwrap();
    let (mut t, access) = setup(SimEszemelyi::open(&path).unwrap());
    wrong_pin(&mut t, &access);
    assert!(t.card().last_save_error().is_none());
    let reloaded = SimEszemelyi::open(&path).unwrap();
    assert_eq!(reloaded.state().pin_tries, 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"pin_tries\": 2"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_offered_curve_and_key_length_works_end_to_end() {
    for (id, bits) in [(12u8, 128u16), (13, 192), (16, 256), (17, 256), (17, 128)] {
        let mut card = SimEszemelyi::activated();
        let mut state = card.state();
        state.parameter_id = id;
        state.key_bits = bits;
        card.set_state(state).unwrap();
        let (mut t, access) = setup(card);
        assert_eq!(
            access.best_pace().unwrap().parameter_id,
            Some(u32::from(id))
        );
        let good = pin(sim::DEFAULT_PIN);
        let mut s =
            pin::open_pin_session(&mut t, &access, PinAttempt::new(&good), &mut rng()).unwrap();
        assert_eq!(
            auth::read_certificate(&mut s).unwrap(),
            sim::state::DEFAULT_AUTH_CERT
        );
    }
}
