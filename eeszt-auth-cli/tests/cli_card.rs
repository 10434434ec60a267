//! `eeszt-auth card ...` as users run it: the in-process test card, errors without pcscd, and (with
//! the private pcscd of scripts/with-pcscd.sh) `card sim` served into vpcd and driven by
//! `card readers`, `card wait` and `card apdu`.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run eeszt-auth")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn apdu_against_the_in_process_test_card() {
    let out = run(&[
        "card",
        "apdu",
        "--sim",
        "00A4040C07F04545535A5401",
        "00 A4 02 0C 02 50 01",
        "00B0000004",
        "00200081",
        "00A4020C021234",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out), "9000\n9000\n000102039000\n63C3\n6A82\n");
    let out = run(&[
        "--json",
        "--lang",
        "en",
        "card",
        "apdu",
        "--sim",
        "00200081063132333435FF",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json[0]["sw"], "63C2");
    assert_eq!(json[0]["command"], "00200081 06 <6 bytes redacted>");
    assert!(!stdout(&out).contains("3132333435"));
}

#[test]
fn bad_input_is_exit_2_with_a_message() {
    let out = run(&["--lang", "en", "card", "apdu", "--sim", "00A4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("malformed"));
    let out = run(&["card", "sim", "--vpcd", "no-port-here"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("3022"));
}

#[cfg(feature = "pcsc")]
#[test]
fn no_pcscd_is_a_clear_error() {
    let out = bin()
        .args(["--json", "card", "readers"])
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/eeszt/pcscd.comm")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["error"]["name"], "CARD_SERVICE_NOT_RUNNING");
}

#[cfg(feature = "pcsc")]
#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn sim_served_into_pcscd_and_driven_by_the_cli() {
    let reader = "Virtual PCD 00 01";
    // An earlier test's card must be gone before ours is served.
    let empty = run(&[
        "card",
        "wait",
        "--reader",
        reader,
        "--removed",
        "--timeout",
        "15",
    ]);
    assert_eq!(empty.status.code(), Some(0), "{empty:?}");
    let mut sim = bin()
        .args(["card", "sim", "--vpcd", "127.0.0.1:35964", "--chunk", "64"])
        .stderr(Stdio::null())
        .spawn()
        .expect("start card sim");
    let waited = run(&["card", "wait", "--reader", reader, "--timeout", "15"]);
    assert_eq!(waited.status.code(), Some(0), "{waited:?}");
    assert_eq!(stdout(&waited).trim(), reader);
    let listed = run(&["--json", "card", "readers"]);
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    let ours = json
        .as_array()
        .and_then(|a| a.iter().find(|r| r["name"] == reader))
        .cloned()
        .unwrap_or_default();
    assert_eq!(ours["card_present"], true, "{json}");
    assert_eq!(ours["atr"], "3B88800180730000C045535A76");
    let out = run(&[
        "card",
        "apdu",
        "--reader",
        reader,
        "00A4080C045000 5001",
        "00B0000080",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(lines.first().map(String::as_str), Some("9000"));
    // 128 bytes collected over 61xx (the card sends 64 at a time), then 9000.
    let expected: String = (0..128u32).map(|i| format!("{:02X}", i % 251)).collect();
    assert_eq!(lines.get(1), Some(&format!("{expected}9000")));
    // SIGTERM ends the sim cleanly.
    let pid = sim.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let mut status = None;
    for _ in 0..100 {
        if let Ok(Some(s)) = sim.try_wait() {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = match status {
        Some(s) => s,
        None => {
            let _ = sim.kill();
            panic!("card sim did not stop on SIGTERM");
        }
    };
    assert_eq!(status.code(), Some(0));
    let gone = run(&[
        "card",
        "wait",
        "--reader",
        reader,
        "--removed",
        "--timeout",
        "15",
    ]);
    assert_eq!(gone.status.code(), Some(0), "{gone:?}");
}
