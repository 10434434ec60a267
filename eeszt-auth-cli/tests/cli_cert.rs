//! `eeszt-auth cert inspect` and `cert check-client` as users run them, on the committed demo files.

use std::process::{Command, Output};

fn data(name: &str) -> String {
    format!(
        "{}/../eeszt-auth/tests/data/cert/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run eeszt-auth")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn inspect_json_matches_the_issue_format() {
    let out = run(
        &["--json", "cert", "inspect", &data("demo_client.pem")],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["format"], "x509");
    assert_eq!(doc["container"], "pem");
    let leaf = &doc["certificates"][0];
    assert_eq!(leaf["serial"], "C0FFEE0042");
    assert_eq!(leaf["subject_attributes"][0]["oid"], "2.5.4.6");
    assert_eq!(leaf["subject_attributes"][0]["value"], "HU");
    assert_eq!(
        leaf["subject_attributes"][4]["value"],
        "Példa Kórház Kft. WAF-SSL kliens"
    );
    assert_eq!(leaf["issuer_attributes"][2]["value"], "Példa Kliens CA");
    assert_eq!(leaf["extended_key_usage"][0], "clientAuth");
    assert_eq!(leaf["key_usage"][0], "digitalSignature");
    assert_eq!(leaf["is_ca"], false);
    assert_eq!(doc["certificates"][2]["is_ca"], true);
    let not_before = leaf["not_before"].as_str().unwrap();
    assert!(not_before.ends_with('Z') && not_before.len() == 20);
    assert_eq!(leaf["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn pkcs12_needs_the_password_from_the_environment() {
    let p12 = data("demo_client.p12");
    let out = run(&["cert", "inspect", &p12], &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &[
            "--json",
            "cert",
            "inspect",
            &p12,
            "--password-env",
            "P12_PW",
        ],
        &[("P12_PW", "rossz")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["name"], "CERT_WRONG_PASSWORD");
    let out = run(
        &[
            "--json",
            "cert",
            "inspect",
            &p12,
            "--password-env",
            "P12_PW",
        ],
        &[("P12_PW", "Árvíztűrő")],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["container"], "pkcs12");
}

#[test]
fn check_client_exit_codes() {
    let env = [("P12_PW", "Árvíztűrő")];
    let p12 = data("demo_client_legacy.p12");
    let args = [
        "--json",
        "cert",
        "check-client",
        &p12,
        "--password-env",
        "P12_PW",
    ];
    let out = run(&args, &env);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["ready"], true);
    assert_eq!(doc["key"], "matches");
    assert_eq!(doc["links"][0]["signature"], "valid");
    // The same file, after it expired: not ready, exit 1.
    let late = "5000000000"; // 2128, after the 2126 expiry
    let mut args_late = args.to_vec();
    args_late.extend(["--now", late]);
    let out = run(&args_late, &env);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["expiry"], "expired");
    // A DER file has no key: not ready.
    let out = run(&["cert", "check-client", &data("demo_client.der")], &[]);
    assert_eq!(out.status.code(), Some(1));
    // Not a certificate at all: input error.
    let out = run(&["cert", "inspect", &data("qc_statements.cnf")], &[]);
    assert_eq!(out.status.code(), Some(2));
}
