//! Importing a chain into a (simulated) card through the exchange layer: MSE:Set DST + PSO:Verify
//! Certificate, the card-side verification and the CVCA update from a link certificate.

mod cvc_support;

use cvc_support::{KeyAlg, Pki, Spec};
use eeszt_auth::Error;
use eeszt_auth::card::eid::{ChipCertificates, certificates_to_send, import_chain};
use eeszt_auth::card::{Command, SimCard, SimTransport};
use eeszt_auth::cert::{CertError, CvCertificate, CvDate, CvcaTrustStore, ImportOutcome};

/// A card that only knows the two certificate commands (and command chaining, CLA bit 0x10).
struct CertCard(ChipCertificates, Vec<u8>);

impl SimCard for CertCard {
    fn atr(&self) -> Vec<u8> {
        vec![0x3B, 0x80, 0x80, 0x01, 0x01]
    }
    fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        let Ok(command) = Command::parse(apdu) else {
            return vec![0x67, 0x00];
        };
        if command.cla() & 0x10 != 0 {
            self.1.extend_from_slice(command.data());
            return vec![0x90, 0x00];
        }
        let command = if self.1.is_empty() {
            command
        } else {
            let mut data = std::mem::take(&mut self.1);
            data.extend_from_slice(command.data());
            Command::new(command.cla(), command.ins(), command.p1(), command.p2()).with_data(data)
        };
        match self.0.process(&command) {
            Some(response) => response.to_bytes(),
            None => vec![0x6D, 0x00],
        }
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

fn spec<'a>(
    chr: &'a str,
    role: &'a str,
    key: &'a str,
    signer: Option<(&'a str, &'a str)>,
    expires: &'a str,
) -> Spec<'a> {
    Spec {
        chr,
        role,
        terminal_type: if signer.is_none() { Some("at") } else { None },
        key,
        signer,
        scheme: "ECDSA_SHA_256",
        issued: "260101",
        expires,
        flags: &["--read-dg1", "--pin-management"],
    }
}

/// CVCA1 (on the card), link CVCA2, DV under CVCA2, terminal, on brainpoolP256r1. The link carries
/// domain parameters, so its PSO data is longer than 255 bytes (chaining or extended length).
fn chain(pki: &Pki) -> Vec<CvCertificate> {
    pki.key("c1", KeyAlg::Ec("brainpoolP256r1"));
    pki.key("c2", KeyAlg::Ec("brainpoolP256r1"));
    pki.key("dv", KeyAlg::Ec("brainpoolP256r1"));
    pki.key("term", KeyAlg::Ec("brainpoolP256r1"));
    [
        spec("HUCVCA00001", "cvca", "c1", None, "281231"),
        spec(
            "HUCVCA00002",
            "cvca",
            "c2",
            Some(("c1", "HUCVCA00001")),
            "301231",
        ),
        spec(
            "HUDV00001",
            "dv_domestic",
            "dv",
            Some(("c2", "HUCVCA00002")),
            "271231",
        ),
        spec(
            "HUTERM00001",
            "terminal",
            "term",
            Some(("dv", "HUDV00001")),
            "260630",
        ),
    ]
    .iter()
    .map(|s| CvCertificate::parse(&pki.cert(s)).unwrap())
    .collect()
}

fn card_with(root: &CvCertificate) -> SimTransport<CertCard> {
    let store = CvcaTrustStore::from_certificate(root, CvDate::new(2026, 1, 5).unwrap()).unwrap();
    SimTransport::new(CertCard(ChipCertificates::new(store), Vec::new()))
}

#[test]
fn chain_import_updates_the_cards_trust_point() {
    let pki = Pki::new("import");
    let chain = chain(&pki);
    assert!(
        chain[1].body_and_signature().unwrap().len() > 255,
        "the link needs extended length"
    );
    for extended in [true, false] {
        let mut card = card_with(&chain[0]).with_extended_length(extended);
        let chip_car = chain[0].chr().clone();
        let sent = import_chain(&mut card, &chain, Some(&chip_car)).unwrap();
        let names: Vec<String> = sent.iter().map(|c| c.to_string()).collect();
        assert_eq!(names, ["HUCVCA00002", "HUDV00001", "HUTERM00001"]);
        let chip = &card.card().0;
        assert_eq!(
            chip.store().current_car().unwrap().to_string(),
            "HUCVCA00002"
        );
        assert_eq!(
            chip.store().terminal().unwrap().chr().to_string(),
            "HUTERM00001"
        );
        assert!(matches!(
            chip.last_outcome(),
            Some(ImportOutcome::TerminalAccepted { .. })
        ));
        // A reset forgets the terminal but not the new trust point.
        card.card_mut().reset();
        assert!(card.card().0.store().terminal().is_none());
        assert_eq!(
            card.card().0.store().current_car().unwrap().to_string(),
            "HUCVCA00002"
        );
    }
}

#[test]
fn refused_certificate_reports_the_status_word() {
    let pki = Pki::new("import-refused");
    let chain = chain(&pki);
    // Tamper with the DV's signature.
    let mut dv = chain[2].to_bytes().unwrap();
    let last = dv.len() - 1;
    dv[last] ^= 1;
    let tampered = vec![
        chain[0].clone(),
        chain[1].clone(),
        CvCertificate::parse(&dv).unwrap(),
    ];
    let mut card = card_with(&chain[0]);
    let err = import_chain(&mut card, &tampered, None).unwrap_err();
    assert!(
        matches!(err, Error::Cert(CertError::CvcImportRefused { ref chr, sw: 0x6300 }) if chr == "HUDV00001"),
        "{err:?}"
    );
    // The link before it was accepted.
    assert_eq!(
        card.card().0.store().current_car().unwrap().to_string(),
        "HUCVCA00002"
    );

    // A card that does not trust the chain: MSE:Set DST names an unknown key.
    let other = Pki::new("import-other");
    let foreign = chain_of_other(&other);
    let mut card = card_with(&foreign);
    let err = import_chain(&mut card, &chain, None).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Cert(CertError::CvcImportRefused { sw: 0x6A88, .. })
        ),
        "{err:?}"
    );
}

fn chain_of_other(pki: &Pki) -> CvCertificate {
    pki.key("x", KeyAlg::Ec("brainpoolP256r1"));
    CvCertificate::parse(&pki.cert(&spec("HUCVCA00007", "cvca", "x", None, "281231"))).unwrap()
}

#[test]
fn chip_status_words() {
    let pki = Pki::new("chip-sw");
    let chain = chain(&pki);
    let store =
        CvcaTrustStore::from_certificate(&chain[0], CvDate::new(2026, 1, 5).unwrap()).unwrap();
    let mut chip = ChipCertificates::new(store);
    let pso = |cert: &CvCertificate| {
        Command::new(0x00, 0x2A, 0x00, 0xBE).with_data(cert.body_and_signature().unwrap())
    };
    // PSO without MSE:Set DST.
    assert_eq!(chip.process(&pso(&chain[1])).unwrap().sw().0, 0x6985);
    // Malformed MSE data.
    let bad_mse = Command::new(0x00, 0x22, 0x81, 0xB6).with_data(vec![0x84, 0x01, 0x00]);
    assert_eq!(chip.process(&bad_mse).unwrap().sw().0, 0x6A80);
    // Select CVCA1, then send the DV (signed by CVCA2): CAR differs from the selection.
    let mse = |car: &[u8]| {
        let mut data = vec![0x83, car.len() as u8];
        data.extend_from_slice(car);
        Command::new(0x00, 0x22, 0x81, 0xB6).with_data(data)
    };
    assert!(
        chip.process(&mse(b"HUCVCA00001"))
            .unwrap()
            .sw()
            .is_success()
    );
    assert_eq!(chip.process(&pso(&chain[2])).unwrap().sw().0, 0x6985);
    // Garbage certificate data.
    assert!(
        chip.process(&mse(b"HUCVCA00001"))
            .unwrap()
            .sw()
            .is_success()
    );
    let garbage = Command::new(0x00, 0x2A, 0x00, 0xBE).with_data(vec![0x7F, 0x4E, 0x05, 0x00]);
    assert_eq!(chip.process(&garbage).unwrap().sw().0, 0x6A80);
    // The proper order works.
    assert!(
        chip.process(&mse(b"HUCVCA00001"))
            .unwrap()
            .sw()
            .is_success()
    );
    assert!(chip.process(&pso(&chain[1])).unwrap().sw().is_success());
    // Other commands are left to the caller.
    assert!(
        chip.process(&Command::new(0x00, 0xA4, 0x04, 0x0C))
            .is_none()
    );
    assert_eq!(certificates_to_send(&chain, None).len(), 3);
}
