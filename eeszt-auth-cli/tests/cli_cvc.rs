//! `eeszt-auth cert inspect` on CV certificates and `eeszt-auth cert cvc-verify`, on the committed
//! chain made with cvc-create (eeszt-auth/tests/data/cvc).

use std::path::PathBuf;
use std::process::{Command, Output};

fn data(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "eeszt-auth",
        "tests",
        "data",
        "cvc",
        name,
    ]
    .iter()
    .collect();
    path.display().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args(args)
        .output()
        .expect("eeszt-auth runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn inspect_cv_certificate_json_and_text() {
    let out = run(&["--json", "cert", "inspect", &data("terminal.cvcert")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["format"], "cvc");
    assert_eq!(v["car"], "HUEESZTDV00001");
    assert_eq!(v["chr"], "HUEESZTT00001");
    assert_eq!(v["role"], "terminal");
    assert_eq!(v["terminal_type"], "at");
    assert_eq!(
        v["rights"],
        serde_json::json!(["pin_management", "read_dg4", "read_dg5"])
    );
    assert_eq!(v["effective"], "2026-08-01");
    assert_eq!(v["expiration"], "2099-12-31");
    assert_eq!(v["public_key_oid"], "0.4.0.127.0.7.2.2.2.2.3");

    let out = run(&["--lang", "en", "cert", "inspect", &data("cvca.cvcert")]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CHR: HUCVCA00001"), "{text}");
    assert!(text.contains("brainpoolP256r1"), "{text}");
    assert!(text.contains("Role: CVCA"), "{text}");

    // A chain file gives every certificate.
    let v = json(&run(&["--json", "cert", "inspect", &data("chain.cvcerts")]));
    assert_eq!(v["certificates"].as_array().map(Vec::len), Some(4));
}

#[test]
fn cvc_verify_exit_codes() {
    let chain = [
        data("cvca.cvcert"),
        data("link.cvcert"),
        data("dv.cvcert"),
        data("terminal.cvcert"),
    ];
    let mut args = vec!["--json", "cert", "cvc-verify", "--date", "2026-09-01"];
    args.extend(chain.iter().map(String::as_str));
    let out = run(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["valid"], true);

    // Without the link certificate the DV's issuer is unknown: exit 1.
    let out = run(&[
        "--json",
        "cert",
        "cvc-verify",
        "--date",
        "2026-09-01",
        &chain[0],
        &chain[2],
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"]["name"], "CVC_UNKNOWN_TRUST_POINT");

    // A tampered terminal certificate: exit 1 with the bad-signature code.
    let mut bytes = std::fs::read(&chain[3]).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let tampered =
        std::env::temp_dir().join(format!("eeszt-cli-cvc-{}.cvcert", std::process::id()));
    std::fs::write(&tampered, &bytes).unwrap();
    let tampered = tampered.display().to_string();
    let out = run(&[
        "--lang",
        "en",
        "cert",
        "cvc-verify",
        &chain[0],
        &chain[1],
        &chain[2],
        &tampered,
    ]);
    let _ = std::fs::remove_file(&tampered);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("NOT valid"));

    // Unreadable input and a bad date: exit 2 with the message on stderr.
    let out = run(&["cert", "cvc-verify", "/nonexistent/x.cvcert"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
    let out = run(&["cert", "cvc-verify", "--date", "2026-13-01", &chain[0]]);
    assert_eq!(out.status.code(), Some(2));
}
