//! CVCA update on the simulated eSzemélyi: a chain made by OpenPACE's `cvc-create` (CVCA, link
//! CVCA, DV, terminal) is imported through a PACE session; the card's trust point moves to the
//! link's CVCA, is reported in DO 87/88 of the next PACE run, and is saved in the card's state.
#![cfg(feature = "sim")]

#[path = "cvc_support/mod.rs"]
mod cvc_support;

use cvc_support::{KeyAlg, Pki, Spec};
use eeszt_auth::card::eid::import_chain;
use eeszt_auth::card::eid::{
    Password,
    rng::DeterministicRng,
    session::{self, PaceOptions},
    sim::{self, SimEszemelyi},
};
use eeszt_auth::card::{SimTransport, hex};
use eeszt_auth::cert::CvCertificate;

fn spec<'a>(
    chr: &'a str,
    role: &'a str,
    key: &'a str,
    signer: Option<(&'a str, &'a str)>,
) -> Spec<'a> {
    Spec {
        chr,
        role,
        terminal_type: if signer.is_none() { Some("at") } else { None },
        key,
        signer,
        scheme: "ECDSA_SHA_256",
        issued: "260101",
        expires: "301231",
        flags: &["--read-dg1", "--pin-management"],
    }
}

#[test]
fn cvca_update_through_pace() {
    let pki = Pki::new("eid-cvca");
    for key in ["c1", "c2", "dv", "term"] {
        pki.key(key, KeyAlg::Ec("brainpoolP256r1"));
    }
    let chain: Vec<CvCertificate> = [
        spec("HUCVCA00001", "cvca", "c1", None),
        spec("HUCVCA00002", "cvca", "c2", Some(("c1", "HUCVCA00001"))),
        spec(
            "HUDV00001",
            "dv_domestic",
            "dv",
            Some(("c2", "HUCVCA00002")),
        ),
        spec("HUTERM00001", "terminal", "term", Some(("dv", "HUDV00001"))),
    ]
    .iter()
    .map(|s| CvCertificate::parse(&pki.cert(s)).unwrap())
    .collect();
    let mut card = SimEszemelyi::activated();
    let mut state = card.state();
    state.cvca_chain = vec![hex::hex(
        &std::fs::read(pki.path("HUCVCA00001.cvcert")).unwrap(),
    )];
    state.cvca_date = "2026-01-05".into();
    card.set_state(state).unwrap();

    let mut rng = DeterministicRng::from_seed([4; 32]);
    let mut t = SimTransport::new(card);
    let access = session::read_card_access(&mut t).unwrap();
    let can = Password::can(sim::DEFAULT_CAN).unwrap();
    // Without secure messaging the card refuses the import.
    assert!(import_chain(&mut t, &chain, None).is_err());

    let (mut s, outcome) =
        session::establish(&mut t, &access, &can, &PaceOptions::default(), &mut rng).unwrap();
    assert_eq!(outcome.car.as_deref(), Some(&b"HUCVCA00001"[..]));
    let chip_car = chain[0].chr().clone();
    let sent = import_chain(&mut s, &chain, Some(&chip_car)).unwrap();
    assert_eq!(sent.len(), 3);
    drop(s);

    let (_, outcome) =
        session::establish(&mut t, &access, &can, &PaceOptions::default(), &mut rng).unwrap();
    assert_eq!(outcome.car.as_deref(), Some(&b"HUCVCA00002"[..]));
    assert_eq!(outcome.car_previous.as_deref(), Some(&b"HUCVCA00001"[..]));
    let saved = t.card().state();
    assert_eq!(saved.cvca_chain.len(), 2);
    // The saved state rebuilds the same trust point.
    let reloaded = SimEszemelyi::from_state(saved).unwrap();
    assert_eq!(
        reloaded
            .trust()
            .unwrap()
            .store()
            .current_car()
            .unwrap()
            .to_string(),
        "HUCVCA00002"
    );
}

#[test]
fn default_trust_point_is_reported() {
    let mut t = SimTransport::new(SimEszemelyi::new());
    let access = session::read_card_access(&mut t).unwrap();
    let can = Password::can(sim::DEFAULT_CAN).unwrap();
    let mut rng = DeterministicRng::from_seed([5; 32]);
    let (_, outcome) =
        session::establish(&mut t, &access, &can, &PaceOptions::default(), &mut rng).unwrap();
    assert_eq!(outcome.car.as_deref(), Some(sim::DEFAULT_CVCA.as_bytes()));
    assert!(outcome.car_previous.is_none());
}
