//! `eeszt-auth otp`: runs the built binary and checks codes, exit codes 0/1/2 and the JSON shape.

use std::process::{Command, Output};

use serde_json::Value;

const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args(args)
        .output()
        .expect("run eeszt-auth")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn code_prints_the_code_alone() {
    let out = run(&["otp", "code", "--secret", SECRET, "--time", "59"]);
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "287082\n")
    );
    let out = run(&["otp", "code", "--secret", SECRET, "--counter", "9"]);
    assert_eq!(stdout(&out), "520489\n");
    let out = run(&[
        "otp",
        "code",
        "--secret",
        SECRET,
        "--digits",
        "8",
        "--time",
        "1111111109",
    ]);
    assert_eq!(stdout(&out), "07081804\n");
    let uri = "otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8";
    let out = run(&["otp", "code", "--uri", uri, "--time", "59"]);
    assert_eq!(stdout(&out), "46119246\n");
    let out = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args([
            "otp",
            "code",
            "--secret-env",
            "OTP_TEST_SECRET",
            "--counter",
            "0",
        ])
        .env("OTP_TEST_SECRET", SECRET.to_lowercase())
        .output()
        .expect("run");
    assert_eq!(stdout(&out), "755224\n");
}

#[test]
fn code_json_and_errors() {
    let out = run(&["--json", "otp", "code", "--secret", SECRET, "--time", "59"]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["code"], "287082");
    assert_eq!(
        (doc["step"].as_u64(), doc["seconds_left"].as_u64()),
        (Some(1), Some(1))
    );
    let out = run(&["--lang", "en", "otp", "code", "--secret", "GEZ1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid character"));
    let out = run(&["otp", "code", "--uri", "otpauth://motp/a?secret=x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["otp", "code", "--secret", SECRET, "--algorithm", "MD5"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn verify_exit_codes() {
    let ok = run(&[
        "otp", "verify", "--secret", SECRET, "--code", "287082", "--time", "89",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    let far = run(&[
        "otp", "verify", "--secret", SECRET, "--code", "287082", "--time", "200",
    ]);
    assert_eq!(far.status.code(), Some(1));
    let wide = run(&[
        "otp", "verify", "--secret", SECRET, "--code", "287082", "--time", "200", "--window", "5",
    ]);
    assert_eq!(wide.status.code(), Some(0));
    let out = run(&[
        "--json", "otp", "verify", "--secret", SECRET, "--code", "12345", "--time", "89",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["error"]["name"], "OTP_CODE_LENGTH");
    let hotp = run(&[
        "otp",
        "verify",
        "--secret",
        SECRET,
        "--code",
        "338314",
        "--counter",
        "3",
    ]);
    assert_eq!(hotp.status.code(), Some(0));
}

#[test]
fn enroll_prints_setup_key_uri_and_qr() {
    let out = run(&[
        "--json",
        "otp",
        "enroll",
        "--issuer",
        "EESZT",
        "--account",
        "O95745",
        "--qr",
        "svg",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let key = doc["setup_key"].as_str().expect("setup key");
    assert_eq!(key.len(), 39, "{key}"); // 32 characters in 8 groups of four
    assert!(key.split(' ').all(|g| g.len() == 4));
    let uri = doc["uri"].as_str().expect("uri");
    assert!(uri.starts_with("otpauth://totp/EESZT:O95745?secret="));
    assert!(uri.contains(&key.replace(' ', "")));
    assert!(doc["qr"].as_str().expect("qr").contains("<svg"));
    let text = run(&["otp", "enroll", "--issuer", "EESZT", "--account", "O95745"]);
    assert!(stdout(&text).starts_with("Beállítókulcs: "));
    assert!(stdout(&text).contains('█'));
    let bad = run(&["otp", "enroll", "--issuer", "A:B", "--account", "x"]);
    assert_eq!(bad.status.code(), Some(2));
}
