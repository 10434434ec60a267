//! `eeszt-auth card status|activate|pin-change|pin-resume|pin-unblock` against the in-process
//! simulated eSzemélyi (state file), and (with the private pcscd of scripts/with-pcscd.sh)
//! `card sim --eszemelyi` served into vpcd and read by `card status --reader`.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run eeszt-auth")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn pin_lifecycle_through_the_cli() {
    let dir = std::env::temp_dir().join(format!("eeszt-cli-eid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("card.json");
    let state = state.to_str().unwrap();
    let env = [
        ("T", "12345"),
        ("P", "246810"),
        ("W", "000000"),
        ("C", "654321"),
        ("K", "1234567890"),
    ];
    let status = |expect: &str, tries: u64| {
        let out = run(
            &["--json", "card", "status", "--sim", "--state", state],
            &env,
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let j = json(&out);
        assert_eq!(j["card"], "eszemelyi");
        assert_eq!(j["reader"], "sim");
        assert_eq!(j["atr"], "3B8780018031B973842160B8");
        assert_eq!(j["pace"][0]["parameter_id"], 13);
        assert_eq!(j["pin"]["state"], expect, "{j}");
        assert_eq!(j["pin"]["tries_left"], tries);
    };
    status("transport", 3);
    let pin_op = |op: &str, extra: &[&str]| {
        let mut args = vec![
            "--json", "--lang", "en", "card", op, "--sim", "--state", state,
        ];
        args.extend_from_slice(extra);
        run(&args, &env)
    };
    let out = pin_op("activate", &["--pin-env", "T", "--new-pin-env", "P"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    status("active", 3);
    // Wrong PINs: exit 1, the message names the tries left, never the PIN.
    let out = pin_op("pin-change", &["--pin-env", "W", "--new-pin-env", "P"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["name"], "EID_WRONG_PIN");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("000000"));
    pin_op("pin-change", &["--pin-env", "W", "--new-pin-env", "P"]);
    status("suspended", 1);
    // Resume refuses the last try without consent, then works with it.
    let out = pin_op("pin-resume", &["--can-env", "C", "--pin-env", "P"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["name"], "EID_LAST_TRY_NEEDS_CONSENT");
    status("suspended", 1);
    let out = pin_op(
        "pin-resume",
        &["--can-env", "C", "--pin-env", "P", "--allow-last-try"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    status("active", 3);
    // Three wrong PINs (the last one after the CAN, with consent) block; the PUK unblocks.
    pin_op("pin-change", &["--pin-env", "W", "--new-pin-env", "P"]);
    pin_op("pin-change", &["--pin-env", "W", "--new-pin-env", "P"]);
    let out = pin_op(
        "pin-change",
        &[
            "--pin-env",
            "W",
            "--new-pin-env",
            "P",
            "--can-env",
            "C",
            "--allow-last-try",
        ],
    );
    assert_eq!(json(&out)["error"]["name"], "EID_PIN_BLOCKED");
    status("blocked", 0);
    let out = pin_op("pin-unblock", &["--puk-env", "K"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    status("active", 3);
    // A missing variable is a usage error.
    let out = pin_op("pin-unblock", &["--puk-env", "NOT_SET_ANYWHERE"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "pcsc")]
#[test]
fn pinpad_needs_a_pin_pad_reader() {
    // The in-process simulated card has no keypad: refused before any PIN is asked or sent.
    for op in ["activate", "pin-change"] {
        let out = run(&["--json", "card", op, "--sim", "--pinpad"], &[]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert_eq!(
            json(&out)["error"]["name"],
            "EID_PIN_PAD_CHANGE_UNSUPPORTED"
        );
    }
    let out = run(&["--json", "card", "pin-resume", "--sim", "--pinpad"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(json(&out)["error"]["name"], "INVALID_ARGUMENT");
    // Secrets from the host make no sense with the keypad.
    let out = run(
        &["card", "pin-change", "--sim", "--pinpad", "--pin-env", "P"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn eszemelyi_served_into_pcscd_and_read_by_status() {
    let reader = "Virtual PCD 00 01";
    let mut sim = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args(["card", "sim", "--eszemelyi", "--vpcd", "127.0.0.1:35964"])
        .stderr(Stdio::null())
        .spawn()
        .expect("start card sim");
    let waited = run(
        &["card", "wait", "--reader", reader, "--timeout", "15"],
        &[],
    );
    assert_eq!(waited.status.code(), Some(0), "{waited:?}");
    let out = run(&["--json", "card", "status", "--reader", reader], &[]);
    let _ = Command::new("kill")
        .args(["-TERM", &sim.id().to_string()])
        .status();
    for _ in 0..100 {
        if let Ok(Some(_)) = sim.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = sim.kill();
    let _ = sim.wait();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let j = json(&out);
    assert_eq!(j["reader"], reader);
    assert_eq!(j["card"], "eszemelyi");
    assert_eq!(j["pin"]["state"], "transport");
    let _ = run(
        &[
            "card",
            "wait",
            "--reader",
            reader,
            "--removed",
            "--timeout",
            "15",
        ],
        &[],
    );
}
