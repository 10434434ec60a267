//! `eeszt-auth login` as a script runs it: exit codes, JSON, secrets only from the environment.

use std::process::{Command, Stdio};

fn login(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"));
    cmd.arg("login").args(args).stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run eeszt-auth");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn card_login_with_the_simulated_card() {
    let (code, stdout, _) = login(
        &[
            "--sim",
            "--user",
            "O95745",
            "--pin-env",
            "T_PIN",
            "--institution",
            "032175",
            "--json",
        ],
        &[("T_PIN", "123456")],
    );
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["authenticated"], true);
    assert_eq!(json["user"], "O95745");
    assert_eq!(json["profession"], "doctor");
    assert_eq!(json["method"], "card");
    assert_eq!(json["institution"]["provider"], "032175");
    assert_eq!(json["evidence"]["verified"], true);
}

#[test]
fn wrong_pin_is_exit_1_with_the_next_action() {
    let (code, stdout, stderr) = login(
        &[
            "--sim",
            "--user",
            "O95745",
            "--pin-env",
            "T_PIN",
            "--json",
            "--lang",
            "en",
        ],
        &[("T_PIN", "000000")],
    );
    assert_eq!(code, 1, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["authenticated"], false);
    assert_eq!(json["error"]["name"], "EID_WRONG_PIN");
    assert_eq!(json["next_action"], "retype_pin");
}

#[test]
fn no_terminal_and_no_pin_source_stops_before_the_card() {
    let (code, _, stderr) = login(&["--sim", "--user", "O95745"], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--pin-env"), "{stderr}");
}

#[test]
fn bad_user_name_and_unknown_institution_are_input_errors() {
    let (code, _, stderr) = login(
        &["--sim", "--user", "O 95745", "--pin-env", "T_PIN"],
        &[("T_PIN", "123456")],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("O95745"), "{stderr}");
    let (code, _, _) = login(
        &[
            "--sim",
            "--user",
            "O95745",
            "--pin-env",
            "T_PIN",
            "--institution",
            "999999",
        ],
        &[("T_PIN", "123456")],
    );
    assert_eq!(code, 2);
}

#[test]
fn token_login_with_password_and_otp() {
    let otp = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args([
            "otp",
            "code",
            "--secret",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "--time",
            "1800000000",
        ])
        .output()
        .expect("otp code");
    let otp = String::from_utf8_lossy(&otp.stdout).trim().to_owned();
    assert_eq!(otp.len(), 6, "{otp}");
    let args = [
        "--sim",
        "--method",
        "token",
        "--user",
        "X00121",
        "--password-env",
        "T_PW",
        "--otp",
        &otp,
        "--time",
        "1800000000",
        "--institution",
        "none",
    ];
    let (code, stdout, stderr) = login(&args, &[("T_PW", "EesztDemo-2026")]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, _, _) = login(&args, &[("T_PW", "wrong")]);
    assert_eq!(code, 1);
}
