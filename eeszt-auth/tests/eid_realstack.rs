//! The simulated eSzemélyi attached to a real pcscd through vpcd and driven through the PC/SC
//! transport: PACE with the CAN and the PIN, secure messaging, reading the SM-only certificate,
//! a signature, a wrong PIN and the resume with the CAN.
//!
//! Needs the private pcscd of scripts/with-pcscd.sh ("Virtual PCD 00 01" on 127.0.0.1:35964):
//! `make test-realstack`, or
//! `scripts/with-pcscd.sh cargo test -p eeszt-auth --test eid_realstack -- --ignored --test-threads=1`.
#![cfg(all(feature = "pcsc", feature = "sim"))]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use eeszt_auth::card::eid::{
    Password, auth,
    pin::{self, LastTry, PinAttempt, PinState},
    rng::DeterministicRng,
    session::{self, PaceOptions},
    sim::{self, SimEszemelyi},
};
use eeszt_auth::card::pcsc::{CardEvent, PcscContext};
use eeszt_auth::card::vpcd::serve_vpcd_until;
use eeszt_auth::card::{Command, EidError, Transport, exchange};

const READER: &str = "Virtual PCD 00 01";
const VPCD: &str = "127.0.0.1:35964";

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn pace_sm_and_pin_lifecycle_through_pcscd() {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let server = std::thread::spawn(move || {
        let mut card = SimEszemelyi::activated();
        let result = serve_vpcd_until(&mut card, VPCD, &flag);
        (result, card.state())
    });
    let ctx = PcscContext::establish().unwrap();
    ctx.wait_for(
        Some(READER),
        CardEvent::Inserted,
        Some(Duration::from_secs(15)),
    )
    .unwrap();
    let mut t = ctx.connect(READER).unwrap();
    assert_eq!(
        t.atr().unwrap(),
        eeszt_auth::card::eid::params::ATR_ESZEMELYI
    );
    let mut rng = DeterministicRng::from_seed([8; 32]);
    let access = session::read_card_access(&mut t).unwrap();
    assert_eq!(access.best_pace().unwrap().parameter_id, Some(13));

    // CAN session: SM round trips through pcscd.
    let can = Password::can(sim::DEFAULT_CAN).unwrap();
    let (mut s, outcome) =
        session::establish(&mut t, &access, &can, &PaceOptions::default(), &mut rng).unwrap();
    assert_eq!(outcome.car.as_deref(), Some(sim::DEFAULT_CVCA.as_bytes()));
    for _ in 0..5 {
        let answer = exchange(&mut s, &Command::new(0x00, 0x84, 0x00, 0x00).with_le(8)).unwrap();
        assert_eq!(answer.data().len(), 8);
    }
    drop(s);

    // PIN session: certificate and signature.
    let good = Password::pin(sim::DEFAULT_PIN).unwrap();
    let mut s = pin::open_pin_session(&mut t, &access, PinAttempt::new(&good), &mut rng).unwrap();
    let result = auth::authenticate(&mut s, b"relying party nonce").unwrap();
    auth::verify_signature(
        &result.certificate,
        b"relying party nonce",
        &result.signature,
    )
    .unwrap();
    drop(s);

    // Two wrong PINs suspend; the CAN and consent resume.
    let bad = Password::pin("000000").unwrap();
    for left in [2u8, 1] {
        let err =
            pin::open_pin_session(&mut t, &access, PinAttempt::new(&bad), &mut rng).unwrap_err();
        assert_eq!(
            err,
            EidError::WrongPin {
                tries_left: Some(left)
            }
            .into()
        );
    }
    assert_eq!(
        pin::status(&mut t, &access).unwrap().state,
        PinState::Suspended
    );
    let s = pin::resume_with_can(&mut t, &access, &can, &good, LastTry::Allow, &mut rng).unwrap();
    drop(s);
    assert_eq!(pin::status(&mut t, &access).unwrap().tries_left, 3);

    drop(t);
    stop.store(true, Ordering::Relaxed);
    let (result, state) = server.join().unwrap();
    result.unwrap();
    assert_eq!(state.pin_tries, 3);
    // Leave the reader empty for the next test.
    ctx.wait_for(
        Some(READER),
        CardEvent::Removed,
        Some(Duration::from_secs(15)),
    )
    .unwrap();
}
