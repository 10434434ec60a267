//! The login flow through a real pcscd: the simulated eSzemélyi served into a vpcd reader, the flow
//! driven through the PC/SC transport, including the card pulled out mid-flow and put back.
//!
//! Needs the private pcscd of scripts/with-pcscd.sh: `make test-realstack`, or
//! `scripts/with-pcscd.sh cargo test -p eeszt-auth --test login_realstack -- --ignored --test-threads=1`.
#![cfg(all(feature = "pcsc", feature = "sim"))]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use eeszt_auth::Error;
use eeszt_auth::card::eid::rng::DeterministicRng;
use eeszt_auth::card::eid::sim::{SimEszemelyi, SimState};
use eeszt_auth::card::pcsc::{CardEvent, PcscContext};
use eeszt_auth::card::vpcd::serve_vpcd_until;
use eeszt_auth::id::{Institution, InstitutionList};
use eeszt_auth::login::{EszemelyiCard, LoginFlow, NextAction, Pick, SimulatorTrust};

/// The simulator's own anchor and binding (O95745), named on purpose.
static TRUST: std::sync::LazyLock<SimulatorTrust> = std::sync::LazyLock::new(SimulatorTrust::new);

const READER: &str = "Virtual PCD 00 00";
const VPCD: &str = "127.0.0.1:35963";
const CHALLENGE: &[u8] = b"real-stack login challenge 2026";

struct Served {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<SimState>,
}

fn serve(card: SimEszemelyi) -> Served {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = std::thread::spawn(move || {
        let mut card = card;
        let _ = serve_vpcd_until(&mut card, VPCD, &flag);
        card.state()
    });
    Served { stop, thread }
}

impl Served {
    /// Pulls the card out (closes the vpcd connection) and returns its state.
    fn remove(self, ctx: &PcscContext) -> SimState {
        self.stop.store(true, Ordering::SeqCst);
        let state = self.thread.join().expect("card thread");
        ctx.wait_for(
            Some(READER),
            CardEvent::Removed,
            Some(Duration::from_secs(15)),
        )
        .expect("removal seen");
        state
    }
}

fn list() -> InstitutionList {
    InstitutionList::new(vec![
        Institution::new(
            "032175".parse().unwrap(),
            "Központi telephely",
            None,
            "Petz Aladár Egyetemi Oktató Kórház",
        )
        .unwrap(),
    ])
    .unwrap()
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn login_through_pcscd_with_removal_and_recovery() {
    let ctx = PcscContext::establish().expect("pcscd");
    let served = serve(SimEszemelyi::activated());
    ctx.wait_for(
        Some(READER),
        CardEvent::Inserted,
        Some(Duration::from_secs(15)),
    )
    .expect("card inserted");

    // A full login through pcscd.
    let mut card = EszemelyiCard::with_rng(
        ctx.connect(READER).expect("connect"),
        DeterministicRng::from_seed([3; 32]),
    );
    let pin = LoginFlow::start()
        .user("O95745")
        .unwrap()
        .card()
        .check(&mut card)
        .expect("card check through pcscd");
    assert_eq!(pin.tries_left(), 3);
    let result = pin
        .pin(
            &mut card,
            "123456",
            None,
            CHALLENGE,
            false,
            &TRUST.trust(1_800_000_000),
        )
        .expect("PIN through pcscd")
        .choose(&list(), Pick::Code("032175"), 1_800_000_000)
        .expect("institution");
    result
        .evidence()
        .expect("evidence")
        .verify()
        .expect("verifies");
    assert!(result.authenticated());
    // Through pcscd the library cannot know that the card is simulated: only the anchors and the
    // binding the caller named make it acceptable.
    assert!(!result.simulated());

    // A second login: the card is pulled out after the card check.
    let pin = LoginFlow::start()
        .user("O95745")
        .unwrap()
        .card()
        .check(&mut card)
        .expect("card check");
    let state = served.remove(&ctx);
    let rejected = pin
        .pin(
            &mut card,
            "123456",
            None,
            CHALLENGE,
            false,
            &TRUST.trust(1_800_000_000),
        )
        .expect_err("card gone");
    assert!(
        matches!(rejected.error, Error::Card(_)),
        "{:?}",
        rejected.error
    );
    assert_eq!(rejected.next_action(), NextAction::InsertCard);
    drop(card);

    // Put back (the same card, same state): the login completes and no try was lost.
    let served = serve(SimEszemelyi::from_state(state).expect("state"));
    ctx.wait_for(
        Some(READER),
        CardEvent::Inserted,
        Some(Duration::from_secs(15)),
    )
    .expect("card back");
    let mut card = EszemelyiCard::with_rng(
        ctx.connect(READER).expect("reconnect"),
        DeterministicRng::from_seed([4; 32]),
    );
    let pin = rejected.state.check(&mut card).expect("card check again");
    assert_eq!(pin.tries_left(), 3);
    pin.pin(
        &mut card,
        "123456",
        None,
        CHALLENGE,
        false,
        &TRUST.trust(1_800_000_000),
    )
    .expect("login after reinsertion");
    drop(card);
    let _ = served.remove(&ctx);
}
