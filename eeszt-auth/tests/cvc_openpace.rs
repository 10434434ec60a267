//! CV certificate chains made by OpenPACE's `cvc-create` are parsed field by field as `cvc-print`
//! shows them, their signatures verify, and tampered ones fail.

mod cvc_support;

use cvc_support::{KeyAlg, Pki, Spec, cvc_print};
use eeszt_auth::cert::{
    CertError, Curve, CvCertificate, CvDate, ImportOutcome, KeyMaterial, Role, TaAlgorithm,
    TerminalType, verify_chain,
};

/// cvc-print's right descriptions -> our right names.
const PRINTED_RIGHTS: &[(&str, &str)] = &[
    ("Age Verification", "age_verification"),
    ("Community ID Verification", "community_id_verification"),
    ("Restricted Identification", "restricted_identification"),
    ("Privileged Terminal", "privileged_terminal"),
    ("CAN allowed", "can_allowed"),
    ("PIN Management", "pin_management"),
    ("Install Certificate", "install_certificate"),
    (
        "Install Qualified Certificate",
        "install_qualified_certificate",
    ),
    ("Read fingerprint", "read_dg3_fingerprint"),
    ("Read iris", "read_dg4_iris"),
    ("Read eID application", "read_eid"),
    ("Generate electronic signature", "generate_signature"),
    (
        "Generate qualified electronic signature",
        "generate_qualified_signature",
    ),
];

fn printed_right_name(text: &str, bit: u16) -> String {
    if let Some((_, name)) = PRINTED_RIGHTS.iter().find(|(t, _)| *t == text) {
        return (*name).to_owned();
    }
    if text == "RFU" {
        return format!("rfu_{bit}");
    }
    // "Read DG 12 (...)" / "Write DG 17 (...)"
    let mut words = text.split_whitespace();
    let verb = words.next().unwrap_or("").to_lowercase();
    let _dg = words.next();
    let n = words.next().unwrap_or("");
    format!("{verb}_dg{n}")
}

fn printed_role(role: Role) -> &'static str {
    match role {
        Role::Cvca => "CVCA certificate",
        Role::DvDomestic | Role::DvForeign => "DV certificate",
        Role::Terminal => "Terminal certificate",
    }
}

fn printed_type(t: &TerminalType) -> &'static str {
    match t {
        TerminalType::AuthenticationTerminal => "Authentication terminal",
        TerminalType::InspectionSystem => "Inspection system",
        TerminalType::SignatureTerminal => "Signature terminal",
        TerminalType::Other(_) => "?",
    }
}

/// Compares our parse of `bytes` (written at `path`) with cvc-print, field by field, and checks
/// that encoding gives the same bytes back.
fn compare_with_cvc_print(pki: &Pki, chr: &str, bytes: &[u8]) -> CvCertificate {
    let cert = CvCertificate::parse(bytes).expect("parses");
    let printed = cvc_print(&pki.path(&format!("{chr}.cvcert")), None);
    assert_eq!(printed.profile, cert.profile().to_string(), "profile");
    assert_eq!(printed.car, cert.car().to_string(), "CAR");
    assert_eq!(printed.chr, cert.chr().to_string(), "CHR");
    assert_eq!(
        printed.terminal_type,
        printed_type(cert.chat().terminal_type()),
        "type"
    );
    assert_eq!(printed.role, printed_role(cert.chat().role()), "role");
    let ours: Vec<String> = cert
        .chat()
        .rights()
        .iter()
        .map(|r| r.name.to_owned())
        .collect();
    let theirs: Vec<String> = printed
        .rights
        .iter()
        .zip(cert.chat().rights())
        .map(|(text, r)| printed_right_name(text, r.bit))
        .collect();
    assert_eq!(
        printed.rights.len(),
        ours.len(),
        "rights count for {chr}: {:?}",
        printed.rights
    );
    assert_eq!(theirs, ours, "rights of {chr}");
    assert_eq!(printed.effective, cert.effective().to_string(), "effective");
    assert_eq!(
        printed.expiration,
        cert.expiration().to_string(),
        "expiration"
    );
    assert_eq!(cert.to_bytes().unwrap(), bytes, "encode(parse(x)) == x");
    cert
}

fn date(s: &str) -> CvDate {
    CvDate::parse(s).unwrap()
}

struct Chain {
    pki: Pki,
    certs: Vec<Vec<u8>>,
}

/// CVCA -> DV -> terminal (AT), all keys of `alg`, signatures with `scheme`.
fn make_chain(tag: &str, alg: KeyAlg, scheme: &str) -> Chain {
    let pki = Pki::new(tag);
    for k in ["cvca", "dv", "term"] {
        pki.key(k, alg);
    }
    let cvca = pki.cert(&Spec {
        chr: "HUCVCA00001",
        role: "cvca",
        terminal_type: Some("at"),
        key: "cvca",
        signer: None,
        scheme,
        issued: "260101",
        expires: "291231",
        flags: &[
            "--read-dg1",
            "--read-dg2",
            "--read-dg17",
            "--pin-management",
            "--rid",
            "--write-dg17",
        ],
    });
    let dv = pki.cert(&Spec {
        chr: "HUDVEESZT0001",
        role: "dv_domestic",
        terminal_type: None,
        key: "dv",
        signer: Some(("cvca", "HUCVCA00001")),
        scheme,
        issued: "260201",
        expires: "270131",
        flags: &["--read-dg1", "--read-dg17", "--pin-management"],
    });
    let term = pki.cert(&Spec {
        chr: "HUTERM000001",
        role: "terminal",
        terminal_type: None,
        key: "term",
        signer: Some(("dv", "HUDVEESZT0001")),
        scheme,
        issued: "260301",
        expires: "260331",
        flags: &["--read-dg1", "--pin-management"],
    });
    Chain {
        pki,
        certs: vec![cvca, dv, term],
    }
}

fn check_chain(
    tag: &str,
    alg: KeyAlg,
    scheme: &str,
    expect_alg: TaAlgorithm,
    curve: Option<Curve>,
) {
    let chain = make_chain(tag, alg, scheme);
    let chrs = ["HUCVCA00001", "HUDVEESZT0001", "HUTERM000001"];
    let certs: Vec<CvCertificate> = chain
        .certs
        .iter()
        .zip(chrs)
        .map(|(bytes, chr)| compare_with_cvc_print(&chain.pki, chr, bytes))
        .collect();
    for cert in &certs {
        assert_eq!(cert.public_key().algorithm(), Some(expect_alg));
    }
    match (certs[0].public_key().material(), curve) {
        (
            KeyMaterial::Ec {
                domain: Some(d), ..
            },
            Some(c),
        ) => assert_eq!(Curve::identify(d), Some(c)),
        (KeyMaterial::Rsa { modulus, .. }, None) => assert!(modulus.len() >= 128),
        other => panic!("unexpected key material {other:?}"),
    }
    // DV and terminal keys carry no domain parameters.
    assert!(certs[1].public_key().domain().is_none());
    let outcomes = verify_chain(&certs, date("2026-03-15")).expect("chain verifies");
    assert!(matches!(
        &outcomes[0],
        ImportOutcome::DvAccepted {
            role: Role::DvDomestic,
            ..
        }
    ));
    assert!(matches!(
        &outcomes[1],
        ImportOutcome::TerminalAccepted { .. }
    ));

    // A tampered body (a right bit flipped) no longer verifies.
    let mut tampered = chain.certs[2].clone();
    let chat_pos = tampered
        .windows(2)
        .position(|w| w == [0x53, 0x05])
        .expect("CHAT rights")
        + 6;
    tampered[chat_pos] ^= 0x01;
    let bad = CvCertificate::parse(&tampered).expect("still well formed");
    let err = verify_chain(
        &[certs[0].clone(), certs[1].clone(), bad],
        date("2026-03-15"),
    )
    .unwrap_err();
    assert!(
        matches!(err, CertError::CvcBadSignature { ref chr } if chr == "HUTERM000001"),
        "{err:?}"
    );
    // So does a tampered signature.
    let mut sig = chain.certs[1].clone();
    let last = sig.len() - 1;
    sig[last] ^= 0x80;
    let bad = CvCertificate::parse(&sig).unwrap();
    assert!(matches!(
        verify_chain(&[certs[0].clone(), bad], date("2026-03-15")),
        Err(CertError::CvcBadSignature { .. })
    ));
}

#[test]
fn brainpool_p256_chain() {
    check_chain(
        "bp256",
        KeyAlg::Ec("brainpoolP256r1"),
        "ECDSA_SHA_256",
        TaAlgorithm::EcdsaSha256,
        Some(Curve::BrainpoolP256r1),
    );
}

#[test]
fn brainpool_p384_chain() {
    check_chain(
        "bp384",
        KeyAlg::Ec("brainpoolP384r1"),
        "ECDSA_SHA_384",
        TaAlgorithm::EcdsaSha384,
        Some(Curve::BrainpoolP384r1),
    );
}

#[test]
fn nist_p256_chain() {
    check_chain(
        "p256",
        KeyAlg::Ec("prime256v1"),
        "ECDSA_SHA_256",
        TaAlgorithm::EcdsaSha256,
        Some(Curve::NistP256),
    );
}

#[test]
fn nist_p384_chain_with_sha512() {
    check_chain(
        "p384",
        KeyAlg::Ec("secp384r1"),
        "ECDSA_SHA_512",
        TaAlgorithm::EcdsaSha512,
        Some(Curve::NistP384),
    );
}

#[test]
fn rsa_pkcs1_v15_chain() {
    check_chain(
        "rsa15",
        KeyAlg::Rsa(1024),
        "RSA_v1_5_SHA_256",
        TaAlgorithm::RsaV15Sha256,
        None,
    );
}

#[test]
fn rsa_pss_chains() {
    check_chain(
        "pss256",
        KeyAlg::Rsa(1024),
        "RSA_PSS_SHA_256",
        TaAlgorithm::RsaPssSha256,
        None,
    );
    check_chain(
        "pss1",
        KeyAlg::Rsa(1024),
        "RSA_PSS_SHA_1",
        TaAlgorithm::RsaPssSha1,
        None,
    );
}

#[test]
fn rsa_pkcs1_sha512_and_sha1() {
    check_chain(
        "rsa512",
        KeyAlg::Rsa(1024),
        "RSA_v1_5_SHA_512",
        TaAlgorithm::RsaV15Sha512,
        None,
    );
    check_chain(
        "rsa1",
        KeyAlg::Rsa(1024),
        "RSA_v1_5_SHA_1",
        TaAlgorithm::RsaV15Sha1,
        None,
    );
}

#[test]
fn brainpool_p512_chain() {
    check_chain(
        "bp512",
        KeyAlg::Ec("brainpoolP512r1"),
        "ECDSA_SHA_512",
        TaAlgorithm::EcdsaSha512,
        Some(Curve::BrainpoolP512r1),
    );
}

#[test]
fn is_and_st_chats_match_cvc_print() {
    let pki = Pki::new("types");
    pki.key("k", KeyAlg::Ec("brainpoolP256r1"));
    for (chr, t, flags) in [
        (
            "HUIS00001",
            "is",
            &["--read-eid", "--read-iris", "--read-finger", "--is-rfu3"][..],
        ),
        (
            "HUST00001",
            "st",
            &["--gen-qualified-sig", "--gen-sig", "--st-rfu5"][..],
        ),
        (
            "HUAT00001",
            "at",
            &[
                "--read-dg1",
                "--read-dg5",
                "--read-dg12",
                "--read-dg21",
                "--write-dg21",
                "--write-dg18",
                "--at-rfu31",
                "--install-qual-cert",
                "--install-cert",
                "--can-allowed",
                "--privileged",
                "--verify-community",
                "--verify-age",
            ][..],
        ),
    ] {
        let bytes = pki.cert(&Spec {
            chr,
            role: "cvca",
            terminal_type: Some(t),
            key: "k",
            signer: None,
            scheme: "ECDSA_SHA_256",
            issued: "260101",
            expires: "301231",
            flags,
        });
        let cert = compare_with_cvc_print(&pki, chr, &bytes);
        assert_eq!(cert.chat().terminal_type().name(), t);
        assert_eq!(cert.chat().rights().len(), flags.len());
    }
}
