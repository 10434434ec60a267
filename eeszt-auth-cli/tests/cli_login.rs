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
    assert_eq!(json["simulated"], true);
    assert_eq!(json["checks"]["signature_verified"], true);
    assert_eq!(json["checks"]["trusted"], true);
    assert_eq!(json["checks"]["bound"], true);
    assert_eq!(
        json["evidence"]["certificate_sha256"],
        sha256_hex(SIM_CERT),
        "the evidence names the simulated card's certificate"
    );
}

/// The simulated eSzemélyi's authentication certificate.
const SIM_CERT: &[u8] = include_bytes!("../../eeszt-auth/src/card/eid/sim/auth-cert.der");

fn sha256_hex(data: &[u8]) -> String {
    eeszt_auth::cert::Certificate::from_der(data)
        .expect("certificate")
        .sha256_hex()
}

/// A private folder with the simulated card's certificate as a trust anchor and a bindings file.
fn trust_files(tag: &str, bindings: &str) -> (std::path::PathBuf, String, String) {
    let dir = std::env::temp_dir().join(format!("eeszt-login-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let anchor = dir.join("anchor.der");
    std::fs::write(&anchor, SIM_CERT).expect("anchor");
    let file = dir.join("bindings.json");
    std::fs::write(&file, bindings).expect("bindings");
    (
        dir.clone(),
        anchor.display().to_string(),
        file.display().to_string(),
    )
}

#[test]
fn the_simulated_card_belongs_to_o95745_only() {
    let (code, stdout, stderr) = login(
        &[
            "--sim",
            "--user",
            "S123456",
            "--pin-env",
            "T_PIN",
            "--json",
            "--lang",
            "en",
        ],
        &[("T_PIN", "123456")],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["authenticated"], false);
    assert_eq!(json["error"]["name"], "LOGIN_CARD_NOT_BOUND");
    assert_eq!(json["checks"]["signature_verified"], true);
    assert_eq!(json["checks"]["trusted"], true);
    assert_eq!(json["checks"]["bound"], false);
    assert_eq!(json["next_action"], "use_own_card");
    assert!(!stdout.contains("\"authenticated\": true"));
}

#[test]
fn a_bindings_file_binds_another_user_to_the_card() {
    let fp = sha256_hex(SIM_CERT);
    let (dir, anchor, bindings) = trust_files("bind", &format!(r#"{{"S123456": ["{fp}"]}}"#));
    let (code, stdout, stderr) = login(
        &[
            "--sim",
            "--user",
            "S123456",
            "--pin-env",
            "T_PIN",
            "--trust-anchor",
            &anchor,
            "--bindings",
            &bindings,
            "--json",
        ],
        &[("T_PIN", "123456")],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["authenticated"], true);
    assert_eq!(json["user"], "S123456");
    // A malformed bindings file is an input error before the card is touched.
    std::fs::write(&bindings, r#"{"S123456": ["not hex"]}"#).unwrap();
    let (code, _, stderr) = login(
        &[
            "--sim",
            "--user",
            "S123456",
            "--pin-env",
            "T_PIN",
            "--bindings",
            &bindings,
        ],
        &[("T_PIN", "123456")],
    );
    assert_eq!(code, 2, "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn without_sim_there_is_no_fallback_to_the_simulated_card() {
    let fp = sha256_hex(SIM_CERT);
    let (dir, anchor, bindings) = trust_files("nopcscd", &format!(r#"{{"O95745": "{fp}"}}"#));
    for lang in ["hu", "en"] {
        let out = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
            .args([
                "--json",
                "--lang",
                lang,
                "login",
                "--user",
                "O95745",
                "--pin-env",
                "T_PIN",
                "--trust-anchor",
                &anchor,
                "--bindings",
                &bindings,
            ])
            .env("T_PIN", "123456")
            .env("PCSCLITE_CSOCK_NAME", dir.join("no-pcscd.comm"))
            .stdin(Stdio::null())
            .output()
            .expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        assert_eq!(json["authenticated"], false);
        assert_eq!(json["simulated"], false);
        assert_eq!(json["error"]["name"], "CARD_SERVICE_NOT_RUNNING");
        assert_eq!(json["next_action"], "fix_environment");
        let next = if lang == "hu" {
            "Indítsa el a kártyaolvasó szolgáltatást"
        } else {
            "Start the card reader service"
        };
        assert!(stderr.contains(next), "{stderr}");
        assert!(!stdout.contains("\"authenticated\": true"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_card_login_without_trust_anchors_stops_before_the_card() {
    let (code, _, stderr) = login(
        &["--user", "O95745", "--pin-env", "T_PIN", "--lang", "en"],
        &[("T_PIN", "123456")],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("--trust-anchor"), "{stderr}");
}

#[cfg(feature = "pcsc")]
#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn an_empty_reader_is_an_error_not_a_simulated_login() {
    let fp = sha256_hex(SIM_CERT);
    let (dir, anchor, bindings) = trust_files("empty", &format!(r#"{{"O95745": "{fp}"}}"#));
    for reader in [Some("Virtual PCD 00 00"), None] {
        let mut args = vec![
            "--json",
            "--user",
            "O95745",
            "--pin-env",
            "T_PIN",
            "--trust-anchor",
            &anchor,
            "--bindings",
            &bindings,
        ];
        if let Some(r) = reader {
            args.extend(["--reader", r]);
        }
        let (code, stdout, stderr) = login(&args, &[("T_PIN", "123456")]);
        assert_eq!(code, 2, "{stdout}{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        assert_eq!(json["authenticated"], false);
        assert_eq!(json["simulated"], false);
        assert_eq!(json["next_action"], "insert_card", "{json}");
    }
    let _ = std::fs::remove_dir_all(dir);
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
        "--check-code-env",
        "T_CC",
        "--new-password-env",
        "T_NEW",
        "--otp",
        &otp,
        "--time",
        "1800000000",
        "--institution",
        "none",
    ];
    let env = [
        ("T_PW", "EesztDemo-2026"),
        ("T_CC", "2468"),
        ("T_NEW", "Sajat-Jelszo1"),
    ];
    let (code, stdout, stderr) = login(&args, &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A wrong check code with the right one-time password: refused, exit 1.
    let (code, _, stderr) = login(&args, &[env[0], ("T_CC", "1357"), env[2]]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("ellenőrző kód"), "{stderr}");
    let (code, _, _) = login(&args, &[("T_PW", "wrong"), env[1], env[2]]);
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
        "--check-code-env",
        "T_CC",
        "--otp",
        "000000",
        "--time",
        "1800000000",
        "--institution",
        "none",
        "--state",
        state_arg,
    ];
    let (code, _, _) = login(&args, &[("T_PW", "wrong"), ("T_CC", "2468")]);
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
            .env("T_CC", "2468")
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

/// The simulated hard token: HOTP against the counter kept in `--state`, a wrong check code is
/// exit 1, the counter moves on, a code far ahead is resynchronised with `--otp-next`.
#[test]
fn hard_token_hotp_with_counter_and_check_code() {
    let dir = std::env::temp_dir().join(format!("eeszt-cli-hard-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("account.json");
    let state_arg = state.to_str().unwrap().to_owned();
    // RFC 4226 appendix D codes of the simulated hard token's key, counters 0 to 9.
    let rfc = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    let run = |otp: &str, next: Option<&str>, env: &[(&str, &str)]| {
        let mut args = vec![
            "--sim",
            "--method",
            "token",
            "--token",
            "hard",
            "--user",
            "X00121",
            "--password-env",
            "T_PW",
            "--check-code-env",
            "T_CC",
            "--new-password-env",
            "T_NEW",
            "--otp",
            otp,
            "--institution",
            "none",
            "--json",
            "--state",
            &state_arg,
        ];
        if let Some(next) = next {
            args.extend(["--otp-next", next]);
        }
        login(&args, env)
    };
    let first = [
        ("T_PW", "EesztDemo-2026"),
        ("T_CC", "2468"),
        ("T_NEW", "Sajat-Jelszo1"),
    ];
    // First login: the initial password is changed, counter 0 is accepted.
    let (code, stdout, stderr) = run(rfc[0], None, &first);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("\"authenticated\": true"), "{stdout}");
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(!saved.contains("Sajat-Jelszo1"), "{saved}");
    let own = [("T_PW", "Sajat-Jelszo1"), ("T_CC", "2468")];
    // The initial password no longer works; the user's own does.
    let (code, _, _) = run(rfc[1], None, &first);
    assert_eq!(code, 1);
    // The same code again is a replay; the next counter passes.
    let (code, _, _) = run(rfc[0], None, &own);
    assert_eq!(code, 1);
    // Right code, wrong check code: exit 1, with the check code's message.
    let (code, stdout, _) = run(rfc[1], None, &[own[0], ("T_CC", "1357")]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("LOGIN_WRONG_CHECK_CODE"), "{stdout}");
    // Look-ahead: counter 4 after counter 1 was spent.
    let (code, stdout, stderr) = run(rfc[4], None, &own);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["hard"]["counter"], 5, "{saved}");
    // Two consecutive codes resynchronise.
    let (code, stdout, stderr) = run(rfc[8], Some(rfc[9]), &own);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["hard"]["counter"], 10, "{saved}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn first_login_refuses_a_weak_new_password_and_a_missing_check_code() {
    let args = [
        "--sim",
        "--method",
        "token",
        "--user",
        "X00121",
        "--password-env",
        "T_PW",
        "--check-code-env",
        "T_CC",
        "--new-password-env",
        "T_NEW",
        "--otp",
        "000000",
        "--institution",
        "none",
    ];
    let (code, _, stderr) = login(
        &args,
        &[
            ("T_PW", "EesztDemo-2026"),
            ("T_CC", "2468"),
            ("T_NEW", "rovid"),
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("6042"), "{stderr}");
    // Without a check-code source and no terminal: an input error before anything is checked.
    let (code, _, stderr) = login(&args[..9], &[("T_PW", "EesztDemo-2026")]);
    assert_eq!(code, 2, "{stderr}");
}

fn report(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args(args)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .output()
        .expect("run eeszt-auth");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn token_problem_report_as_the_faq_asks() {
    let (code, text) = report(&[
        "login",
        "report",
        "--user",
        "o95745",
        "--token-serial",
        "galt 12345678",
        "--time",
        "1767225605",
        "--what",
        "„hibás jelszó”",
    ]);
    assert_eq!(code, 0, "{text}");
    for want in [
        "jogosultsag.eeszt@eszfk.hu",
        "Időbélyeg (óra, perc, másodperc): 2026-01-01 00:00:05",
        "EESZT-felhasználónév: O95745",
        "GALT-jelzést követő számsor): GALT12345678",
        "Mi történt: „hibás jelszó”",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    let (code, text) = report(&[
        "--lang",
        "en",
        "--json",
        "login",
        "report",
        "--user",
        "O95745",
        "--token-serial",
        "12345678",
        "--time",
        "1767225605",
    ]);
    assert_eq!(code, 0, "{text}");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["token_serial"], "GALT12345678");
    assert_eq!(doc["user"], "O95745");
    assert_eq!(doc["time"], 1767225605);
    assert!(
        doc["text"]
            .as_str()
            .unwrap()
            .contains("EESZT user name: O95745")
    );
    // A bad serial is an input error.
    let (code, _) = report(&[
        "login",
        "report",
        "--user",
        "O95745",
        "--token-serial",
        "GALT12",
    ]);
    assert_eq!(code, 2);
    // The flat `login` options still work next to the subcommand, and do not mix with it.
    let (code, _) = report(&["login", "--sim", "report"]);
    assert_eq!(code, 2);
}

/// Output into a closed pipe ends quietly: no panic message (checked with a real pipe whose read
/// end is closed before the tool writes).
#[cfg(unix)]
#[test]
fn output_into_a_closed_pipe_is_quiet() {
    use std::os::unix::process::ExitStatusExt;
    for args in [
        vec!["demo"],
        vec![
            "otp",
            "code",
            "--secret",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        ],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(
            out.status.success() || out.status.signal() == Some(13),
            "{args:?}: {:?}",
            out.status
        );
    }
}
