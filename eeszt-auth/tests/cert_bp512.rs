//! brainpoolP512r1 ECDSA: published Wycheproof vectors, a differential test against `openssl`
//! (keys and signatures made by openssl, verified here; tampered ones refused), X.509
//! certificates on the Brainpool curves whose signatures the chain check verifies, and the
//! committed brainpoolP512r1 CV chain made by cvc-create (tests/data/cvc/README.md).

mod cert_support;

use ecdsa::signature::hazmat::PrehashVerifier;
use eeszt_auth::bp512::BrainpoolP512r1;
use eeszt_auth::cert::{
    Bundle, CertError, Curve, CvCertificate, CvDate, SignatureCheck, check_signature, verify_chain,
};
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha512};

use cert_support::{TempDir, openssl_bytes as openssl};

type VerifyingKey = ecdsa::VerifyingKey<BrainpoolP512r1>;
type Signature = ecdsa::Signature<BrainpoolP512r1>;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Verifies a DER signature over `msg` (SHA-512) under a SEC1 point.
fn verify_der(point: &[u8], msg: &[u8], der: &[u8]) -> bool {
    let key = VerifyingKey::from_sec1_bytes(point).expect("point on the curve");
    let Ok(sig) = Signature::from_der(der) else {
        return false;
    };
    key.verify_prehash(&Sha512::digest(msg), &sig).is_ok()
}

#[test]
fn wycheproof_vectors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/bp512/wycheproof_subset.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tests = doc["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 16);
    let mut valid = 0;
    for t in tests {
        let field = |name: &str| unhex(t[name].as_str().unwrap());
        let expected = t["result"].as_str() == Some("valid");
        valid += usize::from(expected);
        assert_eq!(
            verify_der(&field("key"), &field("msg"), &field("sig")),
            expected,
            "tcId {} ({})",
            t["tcId"],
            t["comment"]
        );
    }
    assert_eq!(valid, 13);
}

fn ec_key(curve: &str, path: &str) {
    openssl(&["ecparam", "-name", curve, "-genkey", "-noout", "-out", path]);
}

fn bp512_key(path: &str) {
    ec_key("brainpoolP512r1", path);
}

/// The uncompressed public point of an openssl EC key (the last 129 bytes of its DER SPKI).
fn public_point(key: &str) -> Vec<u8> {
    let spki = openssl(&["ec", "-in", key, "-pubout", "-outform", "DER"]);
    spki[spki.len() - 129..].to_vec()
}

#[test]
fn openssl_signatures_verify_and_tampered_ones_do_not() {
    let dir = TempDir::new("sig");
    let key = dir.path("key.pem");
    bp512_key(&key);
    let point = public_point(&key);
    assert_eq!(point[0], 0x04);
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x0b9_512);
    for i in 0..6 {
        let mut msg = vec![0u8; 1 + (rng.next_u32() % 200) as usize];
        rng.fill_bytes(&mut msg);
        let msg_path = dir.path(&format!("msg{i}"));
        std::fs::write(&msg_path, &msg).unwrap();
        let sig = openssl(&["dgst", "-sha512", "-sign", &key, &msg_path]);
        assert!(verify_der(&point, &msg, &sig), "message {i}");

        // A changed message fails.
        let mut other = msg.clone();
        other[0] ^= 0x01;
        assert!(!verify_der(&point, &other, &sig), "tampered message {i}");
        // A changed signature (last byte of s) fails.
        let mut bad = sig.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x01;
        assert!(!verify_der(&point, &msg, &bad), "tampered signature {i}");
        // The same signature in plain r || s form verifies too (the CV certificate format).
        let plain = Signature::from_der(&sig).unwrap().to_bytes();
        assert_eq!(plain.len(), 128);
        let key = VerifyingKey::from_sec1_bytes(&point).unwrap();
        let sig = Signature::from_slice(&plain).unwrap();
        assert!(key.verify_prehash(&Sha512::digest(&msg), &sig).is_ok());
    }
    // Another key does not verify the first key's signature.
    let other_key = dir.path("other.pem");
    bp512_key(&other_key);
    let msg_path = dir.path("msg0");
    let msg = std::fs::read(&msg_path).unwrap();
    let sig = openssl(&["dgst", "-sha512", "-sign", &key, &msg_path]);
    assert!(!verify_der(&public_point(&other_key), &msg, &sig));
}

#[test]
fn x509_chains_on_brainpool_curves() {
    for (curve, bits, hash) in [
        ("brainpoolP512r1", 512, "-sha384"),
        ("brainpoolP384r1", 384, "-sha512"),
        ("brainpoolP256r1", 256, "-sha256"),
    ] {
        x509_chain(curve, bits, hash);
    }
}

/// A CA and a leaf on `curve` made by openssl (the CA self-signed with SHA-512, the leaf signed
/// with `leaf_hash`): both signatures verify, wrong keys and a changed leaf do not.
fn x509_chain(curve: &str, bits: u32, leaf_hash: &str) {
    let dir = TempDir::new(&format!("x509-{curve}"));
    let (ca_key, ca, leaf_key, csr, leaf) = (
        dir.path("ca.key"),
        dir.path("ca.pem"),
        dir.path("leaf.key"),
        dir.path("leaf.csr"),
        dir.path("leaf.pem"),
    );
    ec_key(curve, &ca_key);
    ec_key(curve, &leaf_key);
    openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        &ca_key,
        "-sha512",
        "-days",
        "30",
        "-subj",
        "/CN=Brainpool CA",
        "-out",
        &ca,
    ]);
    openssl(&[
        "req",
        "-new",
        "-key",
        &leaf_key,
        "-subj",
        "/CN=Brainpool leaf",
        "-out",
        &csr,
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &ca,
        "-CAkey",
        &ca_key,
        leaf_hash,
        "-days",
        "30",
        "-set_serial",
        "7",
        "-out",
        &leaf,
    ]);
    let ca = Bundle::load(&std::fs::read(&ca).unwrap(), None).unwrap();
    let leaf = Bundle::load(&std::fs::read(&leaf).unwrap(), None).unwrap();
    let (ca, leaf) = (&ca.certificates[0], &leaf.certificates[0]);
    assert_eq!(ca.public_key().bits, bits, "{curve}");
    assert_eq!(
        check_signature(ca, ca.public_key()),
        SignatureCheck::Valid,
        "{curve}"
    );
    assert_eq!(
        check_signature(leaf, ca.public_key()),
        SignatureCheck::Valid,
        "{curve}"
    );
    // The leaf's own key did not sign it.
    assert_eq!(
        check_signature(leaf, leaf.public_key()),
        SignatureCheck::Invalid,
        "{curve}"
    );
    // A changed byte in the signed part (inside the subject CN) breaks the signature.
    let mut der = leaf.der().to_vec();
    let at = der
        .windows(14)
        .position(|w| w == b"Brainpool leaf")
        .expect("CN in the DER");
    der[at] = b'b';
    let tampered = eeszt_auth::cert::Certificate::from_der(&der).unwrap();
    assert_eq!(
        check_signature(&tampered, ca.public_key()),
        SignatureCheck::Invalid,
        "{curve}"
    );
}

#[test]
fn committed_cv_chain_verifies_and_a_tampered_one_does_not() {
    let bytes = include_bytes!("data/cvc/bp512_chain.cvcerts");
    let chain = CvCertificate::parse_many(bytes).unwrap();
    assert_eq!(chain.len(), 3);
    assert_eq!(
        chain[0].public_key().domain().and_then(Curve::identify),
        Some(Curve::BrainpoolP512r1)
    );
    let today = CvDate::new(2026, 9, 1).unwrap();
    assert_eq!(verify_chain(&chain, today).unwrap().len(), 2);
    // The terminal's signature with one bit flipped.
    let mut terminal = chain[2].to_bytes().unwrap();
    let last = terminal.len() - 1;
    terminal[last] ^= 0x01;
    let bad = CvCertificate::parse(&terminal).unwrap();
    let err = verify_chain(&[chain[0].clone(), chain[1].clone(), bad], today).unwrap_err();
    assert!(
        matches!(err, CertError::CvcBadSignature { ref chr } if chr == "HUEESZTT51201"),
        "{err:?}"
    );
}
