//! Replays every fuzz corpus file (fuzz/corpus/<target>/*) through the function its fuzz target calls,
//! so that inputs that once crashed a parser stay fixed on the stable toolchain.

use std::path::Path;

type Target = (&'static str, fn(&[u8]));

/// Fuzz target name -> the function.
const TARGETS: &[Target] = &[
    ("id_user", eeszt_auth::id::fuzz::id_user),
    ("id_taj", eeszt_auth::id::fuzz::id_taj),
    ("id_tax", eeszt_auth::id::fuzz::id_tax),
    ("id_provider", eeszt_auth::id::fuzz::id_provider),
    ("id_unit", eeszt_auth::id::fuzz::id_unit),
    ("id_financing", eeszt_auth::id::fuzz::id_financing),
    (
        "id_institution_code",
        eeszt_auth::id::fuzz::id_institution_code,
    ),
    ("id_licence", eeszt_auth::id::fuzz::id_licence),
    ("id_token", eeszt_auth::id::fuzz::id_token),
    ("id_institutions", eeszt_auth::id::fuzz::id_institutions),
    ("card_apdu", eeszt_auth::card::fuzz::card_apdu),
    ("card_tlv", eeszt_auth::card::fuzz::card_tlv),
    (
        "eid_card_access",
        eeszt_auth::card::eid::fuzz::eid_card_access,
    ),
    (
        "eid_sm_response",
        eeszt_auth::card::eid::fuzz::eid_sm_response,
    ),
    ("cert_load", eeszt_auth::cert::fuzz::cert_load),
    ("cert_pem", eeszt_auth::cert::fuzz::cert_pem),
    (
        "cert_qc_statements",
        eeszt_auth::cert::fuzz::cert_qc_statements,
    ),
    ("cert_cvc", eeszt_auth::cert::cvc_fuzz::cert_cvc),
    ("otp_uri", eeszt_auth::otp::fuzz::otp_uri),
    ("otp_base32", eeszt_auth::otp::fuzz::otp_base32),
];

#[test]
fn corpus_replays_without_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return;
    };
    let mut replayed = 0usize;
    for dir in dirs.flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        let Some((_, run)) = TARGETS.iter().find(|(target, _)| *target == name) else {
            panic!("fuzz/corpus/{name} has no entry in TARGETS");
        };
        for file in std::fs::read_dir(dir.path()).expect("corpus dir").flatten() {
            let data = std::fs::read(file.path()).expect("corpus file");
            run(&data);
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} corpus inputs");
}

#[test]
fn every_target_has_a_fuzz_binary() {
    let targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    for (name, _) in TARGETS {
        assert!(
            targets.join(format!("{name}.rs")).exists(),
            "fuzz target {name} missing"
        );
    }
}
