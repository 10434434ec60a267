//! The CVCA trust store: link certificates (CVCA update), the current-date rules, expiry and roles,
//! on chains made by OpenPACE's `cvc-create`.

mod cvc_support;

use cvc_support::{KeyAlg, Pki, Spec};
use eeszt_auth::cert::{CertError, CvDate, CvcaTrustStore, ImportOutcome, Role};

fn date(s: &str) -> CvDate {
    CvDate::parse(s).unwrap()
}

fn spec<'a>(
    chr: &'a str,
    role: &'a str,
    key: &'a str,
    signer: Option<(&'a str, &'a str)>,
    issued: &'a str,
    expires: &'a str,
) -> Spec<'a> {
    Spec {
        chr,
        role,
        terminal_type: if signer.is_none() { Some("at") } else { None },
        key,
        signer,
        scheme: "ECDSA_SHA_256",
        issued,
        expires,
        flags: &["--read-dg1", "--pin-management"],
    }
}

/// CVCA1 (2025-2027), link CVCA2 (2026-2029), DV under CVCA2, terminals.
struct World {
    pki: Pki,
    cvca1: Vec<u8>,
    link: Vec<u8>,
}

fn world(tag: &str) -> World {
    let pki = Pki::new(tag);
    for k in ["cvca1", "cvca2", "dv", "dvf", "term"] {
        pki.key(k, KeyAlg::Ec("brainpoolP256r1"));
    }
    let cvca1 = pki.cert(&spec(
        "HUCVCA00001",
        "cvca",
        "cvca1",
        None,
        "250101",
        "271231",
    ));
    let link = pki.cert(&spec(
        "HUCVCA00002",
        "cvca",
        "cvca2",
        Some(("cvca1", "HUCVCA00001")),
        "260601",
        "291231",
    ));
    World { pki, cvca1, link }
}

#[test]
fn link_certificate_updates_the_trust_point_and_the_date() {
    let w = world("link");
    let mut store = CvcaTrustStore::new(&w.cvca1, date("2026-01-10")).unwrap();
    assert_eq!(store.current_car().unwrap().to_string(), "HUCVCA00001");
    assert_eq!(store.current_date(), date("2026-01-10"));
    let outcome = store.import(&w.link, date("2026-01-10")).unwrap();
    assert_eq!(
        outcome,
        ImportOutcome::TrustPointUpdated {
            old: store.trust_points()[1].chr.clone(),
            new: store.trust_points()[0].chr.clone(),
        }
    );
    let names: Vec<String> = store
        .trust_points()
        .iter()
        .map(|tp| tp.chr.to_string())
        .collect();
    assert_eq!(names, ["HUCVCA00002", "HUCVCA00001"]);
    // The link's effective date (later than today) became the card's date.
    assert_eq!(store.current_date(), date("2026-06-01"));
    // The new CVCA's domain parameters are in force for its DVs.
    let dv = w.pki.cert(&spec(
        "HUDV00001",
        "dv_domestic",
        "dv",
        Some(("cvca2", "HUCVCA00002")),
        "260701",
        "270630",
    ));
    assert!(matches!(
        store.import(&dv, date("2026-01-10")).unwrap(),
        ImportOutcome::DvAccepted {
            role: Role::DvDomestic,
            ..
        }
    ));
    // Importing the link again changes nothing.
    let again = store.import(&w.link, date("2026-01-10")).unwrap();
    assert!(
        matches!(again, ImportOutcome::AlreadyTrusted { .. }),
        "{again:?}"
    );
    // The previous trust point still verifies its DVs but can no longer sign a link.
    let dv1 = w.pki.cert(&spec(
        "HUDV00002",
        "dv_domestic",
        "dv",
        Some(("cvca1", "HUCVCA00001")),
        "260601",
        "270630",
    ));
    assert!(store.clone().import(&dv1, date("2026-01-10")).is_ok());
    w.pki.key("cvca3", KeyAlg::Ec("brainpoolP256r1"));
    let side = w.pki.cert(&spec(
        "HUCVCA00003",
        "cvca",
        "cvca3",
        Some(("cvca1", "HUCVCA00001")),
        "260601",
        "291231",
    ));
    let err = store.clone().import(&side, date("2026-01-10")).unwrap_err();
    assert!(
        matches!(err, CertError::CvcIssuerMismatch { ref expected, .. } if expected == "HUCVCA00002"),
        "{err:?}"
    );
}

#[test]
fn link_certificate_refused_unless_it_verifies_under_the_trust_point() {
    let w = world("forged");
    // A forger's CVCA with the same name but another key signs a "link".
    w.pki.key("forger", KeyAlg::Ec("brainpoolP256r1"));
    let other = Pki::new("forged-other");
    other.key("cvca1", KeyAlg::Ec("brainpoolP256r1"));
    other.key("evil", KeyAlg::Ec("brainpoolP256r1"));
    other.cert(&spec(
        "HUCVCA00001",
        "cvca",
        "cvca1",
        None,
        "250101",
        "271231",
    ));
    let forged = other.cert(&spec(
        "HUCVCA00002",
        "cvca",
        "evil",
        Some(("cvca1", "HUCVCA00001")),
        "260601",
        "291231",
    ));

    let mut store = CvcaTrustStore::new(&w.cvca1, date("2026-01-10")).unwrap();
    let before = store.clone();
    let err = store.import(&forged, date("2026-01-10")).unwrap_err();
    assert!(matches!(err, CertError::CvcBadSignature { .. }), "{err:?}");
    assert_eq!(store, before, "a refused link changes nothing");

    // A link from an unknown CVCA is refused too.
    let stranger = other.cert(&spec(
        "HUCVCA00009",
        "cvca",
        "evil",
        Some(("evil", "HUCVCA00002")),
        "260601",
        "291231",
    ));
    let err = store.import(&stranger, date("2026-01-10")).unwrap_err();
    assert!(
        matches!(err, CertError::CvcUnknownTrustPoint { ref car } if car == "HUCVCA00002"),
        "{err:?}"
    );
    assert_eq!(store, before);
}

#[test]
fn expiry_rules() {
    let w = world("expiry");
    let dv_old = w.pki.cert(&spec(
        "HUDV00001",
        "dv_domestic",
        "dv",
        Some(("cvca1", "HUCVCA00001")),
        "250101",
        "250630",
    ));
    let mut store = CvcaTrustStore::new(&w.cvca1, date("2025-03-01")).unwrap();
    // Valid on 2025-03-01.
    assert!(store.clone().import(&dv_old, date("2025-03-01")).is_ok());
    // Expired by the caller's date.
    let err = store
        .clone()
        .import(&dv_old, date("2025-07-01"))
        .unwrap_err();
    assert!(
        matches!(err, CertError::CvcExpired { ref expiration, .. } if expiration == "2025-06-30"),
        "{err:?}"
    );
    // Expired by the card's own date: the link moved it to 2026-06-01, even if the caller says 2025.
    store.import(&w.link, date("2025-03-01")).unwrap();
    assert_eq!(store.current_date(), date("2026-06-01"));
    let err = store.import(&dv_old, date("2025-03-01")).unwrap_err();
    assert!(
        matches!(err, CertError::CvcExpired { ref current, .. } if current == "2026-06-01"),
        "{err:?}"
    );
}

#[test]
fn expired_link_is_accepted_for_catching_up_but_does_not_move_the_date() {
    let pki = Pki::new("catchup");
    for k in ["c1", "c2", "c3", "dv"] {
        pki.key(k, KeyAlg::Ec("brainpoolP256r1"));
    }
    let c1 = pki.cert(&spec("HUCVCA00001", "cvca", "c1", None, "200101", "221231"));
    let l2 = pki.cert(&spec(
        "HUCVCA00002",
        "cvca",
        "c2",
        Some(("c1", "HUCVCA00001")),
        "220101",
        "241231",
    ));
    let l3 = pki.cert(&spec(
        "HUCVCA00003",
        "cvca",
        "c3",
        Some(("c2", "HUCVCA00002")),
        "240101",
        "291231",
    ));
    let dv = pki.cert(&spec(
        "HUDV00001",
        "dv_domestic",
        "dv",
        Some(("c3", "HUCVCA00003")),
        "260101",
        "261231",
    ));
    let mut store = CvcaTrustStore::new(&c1, date("2020-06-01")).unwrap();
    let today = date("2026-03-01");
    // l2 expired in 2024 but is accepted; the date does not move to its effective date.
    assert!(matches!(
        store.import(&l2, today).unwrap(),
        ImportOutcome::TrustPointUpdated { .. }
    ));
    assert_eq!(store.current_date(), date("2020-06-01"));
    assert!(matches!(
        store.import(&l3, today).unwrap(),
        ImportOutcome::TrustPointUpdated { .. }
    ));
    assert_eq!(store.current_date(), date("2024-01-01"));
    // The expired previous trust point (HUCVCA00002, until 2024-12-31) is kept only while valid.
    assert_eq!(store.current_car().unwrap().to_string(), "HUCVCA00003");
    assert!(matches!(
        store.import(&dv, today).unwrap(),
        ImportOutcome::DvAccepted { .. }
    ));
    assert_eq!(store.current_date(), date("2026-01-01"));
    let names: Vec<String> = store
        .trust_points()
        .iter()
        .map(|tp| tp.chr.to_string())
        .collect();
    assert_eq!(
        names,
        ["HUCVCA00003"],
        "the expired previous trust point was dropped"
    );
}

#[test]
fn roles_and_domestic_date_rule() {
    let w = world("roles");
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        (&'a str, &'a str),
        &'a str,
        &'a str,
    );
    let rows: [Row<'_>; 6] = [
        (
            "HUDV00001",
            "dv_domestic",
            "dv",
            ("cvca1", "HUCVCA00001"),
            "260101",
            "271231",
        ),
        (
            "DEDV00001",
            "dv_foreign",
            "dvf",
            ("cvca1", "HUCVCA00001"),
            "260101",
            "271231",
        ),
        (
            "HUTERM00001",
            "terminal",
            "term",
            ("dv", "HUDV00001"),
            "260301",
            "260331",
        ),
        (
            "DETERM00001",
            "terminal",
            "term",
            ("dvf", "DEDV00001"),
            "260315",
            "260415",
        ),
        (
            "HUTERM00009",
            "terminal",
            "term",
            ("cvca1", "HUCVCA00001"),
            "260301",
            "260331",
        ),
        (
            "HUDV00009",
            "dv_domestic",
            "term",
            ("dv", "HUDV00001"),
            "260301",
            "260331",
        ),
    ];
    let made: Vec<Vec<u8>> = rows
        .iter()
        .map(|&(chr, role, key, signer, issued, expires)| {
            w.pki
                .cert(&spec(chr, role, key, Some(signer), issued, expires))
        })
        .collect();
    let [dv, dvf, term_dom, term_for, term_bad, dv_bad] = &made[..] else {
        unreachable!("six certificates")
    };
    let today = date("2026-02-01");
    let mut store = CvcaTrustStore::new(&w.cvca1, today).unwrap();
    let err = store.import(term_bad, today).unwrap_err();
    assert!(
        matches!(err, CertError::CvcRoleNotAllowed { .. }),
        "{err:?}"
    );
    // A terminal before its DV: the DV's key is unknown.
    assert!(matches!(
        store.import(term_dom, today),
        Err(CertError::CvcUnknownTrustPoint { .. })
    ));
    store.import(dv, today).unwrap();
    assert!(matches!(
        store.import(dv_bad, today),
        Err(CertError::CvcRoleNotAllowed { .. })
    ));
    let outcome = store.import(term_dom, today).unwrap();
    assert!(
        matches!(outcome, ImportOutcome::TerminalAccepted { ref chat, .. } if chat.has_right("read_dg1"))
    );
    assert_eq!(store.terminal().unwrap().chr().to_string(), "HUTERM00001");
    // A domestic terminal moves the date.
    assert_eq!(store.current_date(), date("2026-03-01"));
    // A foreign DV's terminal is accepted but does not move the date.
    store.import(dvf, today).unwrap();
    store.import(term_for, today).unwrap();
    assert_eq!(store.current_date(), date("2026-03-01"));
    store.reset_session();
    assert!(store.terminal().is_none());
    assert!(!store.knows(&eeszt_auth::cert::CvReference::new(b"HUDV00001").unwrap()));
}
