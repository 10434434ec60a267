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

/// The simulated token account's `--state` file: owner-only, written without following a planted
/// symlink, and a malformed one is reported without its content.
#[cfg(unix)]
#[test]
fn token_account_state_is_private_and_never_echoed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("eeszt-cli-token-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("account.json");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "victim").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("account.tmp")).unwrap();
    let state_arg = state.to_str().unwrap();
    let args = [
        "--sim",
        "--method",
        "token",
        "--user",
        "X00121",
        "--password-env",
        "T_PW",
        "--otp",
        "000000",
        "--time",
        "1800000000",
        "--institution",
        "none",
        "--state",
        state_arg,
    ];
    let (code, _, _) = login(&args, &[("T_PW", "wrong")]);
    assert_eq!(code, 1);
    let mode = std::fs::metadata(&state).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert!(saved.get("password").is_some(), "{saved}");

    std::fs::write(&state, r#"{"password": 987654, "otp": "987654"}"#).unwrap();
    for lang in ["hu", "en"] {
        let mut with_lang = vec!["--lang", lang, "login"];
        with_lang.extend_from_slice(&args);
        let out = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
            .args(&with_lang)
            .env("T_PW", "wrong")
            .stdin(Stdio::null())
            .output()
            .expect("run eeszt-auth");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_ne!(out.status.code(), Some(0), "{text}");
        assert!(text.contains("line 1"), "{text}");
        assert!(!text.contains("987654"), "{text}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
