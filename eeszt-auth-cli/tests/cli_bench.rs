//! `eeszt-auth bench ...` as users run it: every `<what>` with a short `--seconds`, in JSON and as
//! text, the `--svg` picture parsed as XML, the refusal of commands that may spend a PIN try, and
//! (with the private pcscd of scripts/with-pcscd.sh) APDUs, PACE and secure messaging through
//! pcscd + vpcd. No test asserts a timing: only that the figures are present and consistent.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run eeszt-auth")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn cert_data(name: &str) -> String {
    format!(
        "{}/../eeszt-auth/tests/data/cert/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Runs `bench` with `--json` and the given arguments; checks the exit code and the fields every
/// report has, and returns the object.
fn bench_json(args: &[&str]) -> Value {
    let mut all = vec!["--json", "bench"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    check_fields(&json);
    json
}

fn num(json: &Value, field: &str) -> f64 {
    json[field]
        .as_f64()
        .unwrap_or_else(|| panic!("{field} is not a number: {json}"))
}

/// The fields are present, positive and ordered (p50 <= p90 <= p99 <= p99.9 <= max).
fn check_fields(json: &Value) {
    assert!(json.is_object(), "{json}");
    assert!(num(json, "ops_per_sec") > 0.0, "{json}");
    assert!(num(json, "ops") >= 1.0, "{json}");
    assert!(num(json, "seconds") > 0.0, "{json}");
    let ladder: Vec<f64> = ["p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns"]
        .iter()
        .map(|f| num(json, f))
        .collect();
    assert!(ladder[0] >= 1.0, "{json}");
    assert!(ladder.windows(2).all(|w| w[0] <= w[1]), "{json}");
    assert!(num(json, "threads") >= 1.0);
    assert!(num(json, "batch") >= 1.0);
    // ops/s and the operation count agree with the measured time.
    let rate = num(json, "ops") / num(json, "seconds");
    assert!((rate - num(json, "ops_per_sec")).abs() <= rate * 1e-6 + 1e-9);
    let machine = &json["machine"];
    assert!(machine["cpu"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(machine["sha_ni"].is_boolean());
    assert!(machine["cores"].as_u64().is_some_and(|n| n >= 1));
    match &json["reference"] {
        Value::Null => assert!(json["ratio_to_reference"].is_null()),
        r => {
            assert!(r["name"].as_str().is_some_and(|s| !s.is_empty()), "{json}");
            assert!(r["ns"].as_f64().is_some_and(|ns| ns > 0.0), "{json}");
            assert!(num(json, "ratio_to_reference") > 0.0);
        }
    }
}

#[test]
fn otp_in_json_with_the_two_compression_reference() {
    let json = bench_json(&["otp", "--seconds", "0.2"]);
    assert_eq!(json["what"], "otp");
    assert_eq!(json["threads"], 1);
    assert_eq!(json["params"]["algorithm"], "SHA1");
    assert_eq!(json["params"]["digits"], 6);
    let name = json["reference"]["name"].as_str().expect("a reference");
    assert!(name.contains("two SHA-1 compressions"), "{name}");
}

#[test]
fn otp_other_hash_and_digits_and_two_threads() {
    let json = bench_json(&[
        "otp",
        "--algorithm",
        "SHA512",
        "--digits",
        "8",
        "--seconds",
        "0.2",
        "--threads",
        "2",
    ]);
    assert_eq!(json["params"]["algorithm"], "SHA512");
    assert_eq!(json["params"]["digits"], 8);
    assert_eq!(json["threads"], 2);
    // No SHA-1 floor for SHA-512 codes.
    assert!(json["reference"].is_null());
}

#[test]
fn verify_no_match_and_match() {
    let none = bench_json(&["verify", "--seconds", "0.2", "--window", "2"]);
    assert_eq!(none["what"], "verify");
    assert_eq!(none["params"]["matching"], false);
    assert_eq!(none["params"]["window"], 2);
    // ±2: five steps, five times the floor.
    let name = none["reference"]["name"].as_str().expect("a reference");
    assert!(name.starts_with("5 x "), "{name}");
    let hit = bench_json(&["verify", "--matching", "--seconds", "0.2", "--threads", "2"]);
    assert_eq!(hit["params"]["matching"], true);
    assert_eq!(hit["threads"], 2);
}

#[test]
fn apdu_against_the_in_process_test_card() {
    let json = bench_json(&["apdu", "--sim", "--seconds", "0.2"]);
    assert_eq!(json["what"], "apdu");
    assert_eq!(json["params"]["apdu"], "0084000008");
    assert_eq!(json["params"]["sw"], "9000");
    // A SELECT of the sample application instead of the default.
    let json = bench_json(&[
        "apdu",
        "--sim",
        "--apdu",
        "00A4040C 07 F04545535A5401",
        "--seconds",
        "0.2",
        "--threads",
        "2",
    ]);
    assert_eq!(json["params"]["apdu"], "00A4040C07F04545535A5401");
    assert_eq!(json["threads"], 2);
}

#[test]
fn pace_and_sm_against_the_simulated_eszemelyi() {
    let pace = bench_json(&["pace", "--seconds", "0.2"]);
    assert_eq!(pace["what"], "pace");
    assert_eq!(pace["params"]["password"], "CAN");
    let sm = bench_json(&["sm", "--seconds", "0.2", "--threads", "2"]);
    assert_eq!(sm["what"], "sm");
    assert_eq!(sm["threads"], 2);
}

#[test]
fn cert_over_a_file_and_a_folder() {
    let file = bench_json(&["cert", &cert_data("demo_client.pem"), "--seconds", "0.2"]);
    assert_eq!(file["what"], "cert");
    assert!(file["params"]["certificates"].as_u64() >= Some(1));
    // The folder holds PEM and DER certificates, PKCS#12 files without their password and other
    // files: the certificates are measured, the rest counted as skipped.
    let folder = bench_json(&["cert", &cert_data(""), "--seconds", "0.2"]);
    assert!(
        folder["params"]["certificates"].as_u64() >= Some(3),
        "{folder}"
    );
    assert!(
        folder["params"]["files_skipped"].as_u64() >= Some(1),
        "{folder}"
    );
    // A file with no certificate is an input error.
    let out = run(&["bench", "cert", &cert_data("gen.sh"), "--seconds", "0.2"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn text_output_without_a_progress_bar_when_piped() {
    let out = run(&["--lang", "en", "bench", "otp", "--seconds", "0.2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for label in [
        "codes/s",
        "median",
        "p90",
        "p99",
        "p99.9",
        "max",
        "reference",
        "machine",
    ] {
        assert!(text.contains(label), "{label} missing in {text}");
    }
    // Piped: no terminal control characters (the progress bar draws only on a terminal).
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
    let out = run(&["bench", "apdu", "--sim", "--seconds", "0.2"]);
    assert!(stdout(&out).contains("medián"), "{}", stdout(&out));
}

/// Parses the SVG and returns (all text, number of rect elements).
fn svg_parts(path: &std::path::Path) -> (String, usize) {
    let text = std::fs::read_to_string(path).expect("the SVG file");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let words: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    let rects = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
    (words.join("\n"), rects)
}

#[test]
fn svg_has_axes_labels_and_bars() {
    let dir = std::env::temp_dir().join(format!("eeszt-bench-svg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (what, extra) in [
        ("otp", vec![]),
        ("verify", vec![]),
        ("apdu", vec!["--sim".to_owned()]),
        ("sm", vec![]),
        ("cert", vec![cert_data("demo_ca.pem")]),
    ] {
        let path = dir.join(format!("{what}.svg"));
        let path_text = path.to_string_lossy().into_owned();
        let mut args = vec!["bench", what, "--seconds", "0.2", "--svg", &path_text];
        args.extend(extra.iter().map(String::as_str));
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
        let (words, rects) = svg_parts(&path);
        assert!(
            words.contains("latency per operation (ns)"),
            "{what}: {words}"
        );
        assert!(words.contains("(count)"), "{what}: {words}");
        assert!(words.contains(&format!("bench {what}")), "{what}: {words}");
        // Tick labels: numbers on both axes.
        assert!(
            words
                .lines()
                .filter(|l| l.trim().parse::<f64>().is_ok())
                .count()
                >= 4,
            "{what}: {words}"
        );
        // The background and at least one bar.
        assert!(rects >= 2, "{what}: {rects} rect elements");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn commands_that_spend_a_pin_try_are_refused() {
    for (apdu, name) in [
        ("0020008106313233343536", "VERIFY"),
        ("00200081", "VERIFY (status query form)"),
        ("002C0203", "RESET RETRY COUNTER"),
        ("00240000083132333435363738", "CHANGE REFERENCE DATA"),
        ("008600000A7C088102040500000000", "GENERAL AUTHENTICATE"),
        ("10860000027C0000", "GENERAL AUTHENTICATE, chained"),
    ] {
        let out = run(&["--lang", "en", "bench", "apdu", "--sim", "--apdu", apdu]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(
            err.contains("may spend a PIN or password try"),
            "{name}: {err}"
        );
        assert!(stdout(&out).is_empty(), "{name}: nothing measured");
        let hu = run(&["bench", "apdu", "--sim", "--apdu", apdu]);
        assert!(stderr(&hu).contains("PIN- vagy jelszópróbát"), "{name}");
        let json = run(&["--json", "bench", "apdu", "--sim", "--apdu", apdu]);
        assert_eq!(json.status.code(), Some(2));
        let v: Value = serde_json::from_slice(&json.stdout).expect("JSON error");
        assert_eq!(v["error"]["name"], "INVALID_ARGUMENT", "{name}");
    }
    // State-changing and secure-messaging commands are refused too, with their own reason.
    for apdu in ["00E60000", "0C84000008", "002A9E9A0401020304"] {
        let out = run(&["--lang", "en", "bench", "apdu", "--sim", "--apdu", apdu]);
        assert_eq!(out.status.code(), Some(2), "{apdu}");
        assert!(stderr(&out).contains("changes the card's state"), "{apdu}");
    }
}

#[test]
fn bad_arguments_are_exit_2() {
    for args in [
        vec!["bench", "otp", "--seconds", "0"],
        vec!["bench", "otp", "--seconds", "nan"],
        vec!["bench", "otp", "--threads", "0"],
        vec!["bench", "otp", "--digits", "5"],
        vec!["bench", "otp", "--algorithm", "MD5"],
        vec!["bench", "apdu", "--sim", "--apdu", "zz"],
        vec!["bench", "apdu"],
        vec!["bench", "cert", "/nonexistent/eeszt"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

// --- through a real pcscd with the vpcd readers (scripts/with-pcscd.sh) ---

/// Serves a simulated card into vpcd slot 1 (`card sim ARGS --vpcd 127.0.0.1:35964`), runs `f`
/// with the reader's name, then stops the card and waits until the reader is empty again.
#[cfg(feature = "pcsc")]
fn with_served_card(sim_args: &[&str], f: impl FnOnce(&str)) {
    let reader = "Virtual PCD 00 01";
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
    let mut args = vec!["card", "sim", "--vpcd", "127.0.0.1:35964"];
    args.extend_from_slice(sim_args);
    let mut sim = bin()
        .args(&args)
        .stderr(Stdio::null())
        .spawn()
        .expect("start card sim");
    let waited = run(&["card", "wait", "--reader", reader, "--timeout", "15"]);
    assert_eq!(waited.status.code(), Some(0), "{waited:?}");
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(reader)));
    let pid = sim.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let mut stopped = false;
    for _ in 0..100 {
        if let Ok(Some(_)) = sim.try_wait() {
            stopped = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if !stopped {
        let _ = sim.kill();
        let _ = sim.wait();
    }
    let gone = run(&[
        "card",
        "wait",
        "--reader",
        reader,
        "--removed",
        "--timeout",
        "15",
    ]);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
    assert!(stopped, "card sim did not stop on SIGTERM");
    assert_eq!(gone.status.code(), Some(0), "{gone:?}");
}

#[cfg(feature = "pcsc")]
#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn apdu_through_pcscd_and_vpcd_with_the_raw_reference() {
    with_served_card(&[], |reader| {
        let json = bench_json(&["apdu", "--reader", reader, "--seconds", "0.3"]);
        assert_eq!(json["params"]["card"], reader);
        assert_eq!(json["params"]["sw"], "9000");
        assert_eq!(json["params"]["mode"], "exchange");
        assert_eq!(json["reference"]["name"], "raw pcsc SCardTransmit");
        let raw = bench_json(&["apdu", "--reader", reader, "--raw", "--seconds", "0.3"]);
        assert_eq!(raw["params"]["mode"], "raw pcsc");
        let two = bench_json(&[
            "apdu",
            "--reader",
            reader,
            "--threads",
            "2",
            "--seconds",
            "0.3",
        ]);
        assert_eq!(two["threads"], 2);
        // The refusal holds for a real reader as well, before anything is sent.
        let out = run(&[
            "bench",
            "apdu",
            "--reader",
            reader,
            "--apdu",
            "0020008106313233343536",
        ]);
        assert_eq!(out.status.code(), Some(2));
        let dir = std::env::temp_dir().join(format!("eeszt-bench-rs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let svg = dir.join("apdu.svg");
        let svg_text = svg.to_string_lossy().into_owned();
        let out = run(&[
            "bench",
            "apdu",
            "--reader",
            reader,
            "--seconds",
            "0.3",
            "--svg",
            &svg_text,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let (words, rects) = svg_parts(&svg);
        assert!(words.contains("latency per operation (ns)"), "{words}");
        assert!(rects >= 2);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

#[cfg(feature = "pcsc")]
#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn pace_and_sm_through_pcscd_and_vpcd() {
    with_served_card(&["--eszemelyi"], |reader| {
        let mut all = vec!["--json", "bench", "pace", "--reader", reader];
        all.extend_from_slice(&["--can-env", "EESZT_BENCH_CAN", "--seconds", "0.3"]);
        let out = bin()
            .args(&all)
            .env("EESZT_BENCH_CAN", "654321")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        check_fields(&json);
        assert_eq!(json["params"]["card"], reader);
        all[2] = "sm";
        let out = bin()
            .args(&all)
            .env("EESZT_BENCH_CAN", "654321")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        check_fields(&json);
        // Without the CAN: a clear input error, nothing sent.
        let out = run(&["bench", "pace", "--reader", reader, "--seconds", "0.3"]);
        assert_eq!(out.status.code(), Some(2));
    });
}
