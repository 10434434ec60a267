//! `eeszt-auth id`: runs the built binary and checks exit codes, the JSON shape and the messages.

use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args(args)
        .output()
        .expect("run eeszt-auth")
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), doc)
}

#[test]
fn valid_user_name_json_shape() {
    let (code, doc) = json(&["id", "user", " o95745 "]);
    assert_eq!(code, 0);
    assert_eq!(doc["valid"], true);
    assert_eq!(doc["kind"], "user");
    assert_eq!(doc["normalized"], "O95745");
    assert_eq!(doc["error"], Value::Null);
    assert_eq!(doc["profession"], "doctor");
    for (text, profession) in [
        ("S999888", "health_professional"),
        ("G12345", "pharmacist"),
        ("C12345", "clinical_psychologist"),
        ("X00121", "staff"),
    ] {
        let (code, doc) = json(&["id", "user", text]);
        assert_eq!((code, doc["profession"].as_str()), (0, Some(profession)));
    }
}

#[test]
fn invalid_user_name_tells_what_to_type() {
    let (code, doc) = json(&["--lang", "en", "id", "user", "O 95745"]);
    assert_eq!(code, 1);
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["normalized"], Value::Null);
    assert_eq!(doc["profession"], Value::Null);
    assert_eq!(doc["error"]["code"], 1002);
    assert_eq!(
        doc["error"]["message"],
        "The user name must not contain spaces. Type: \"O95745\"."
    );
    let (_, doc) = json(&["id", "user", ""]);
    assert_eq!(doc["error"]["message"], "Ez a mező kötelező.");
    let (_, doc) = json(&["--lang", "en", "id", "user", ""]);
    assert_eq!(doc["error"]["message"], "This field is required.");
}

#[test]
fn taj_and_tax() {
    let (code, doc) = json(&["id", "taj", "123-456-788"]);
    assert_eq!((code, doc["normalized"].as_str()), (0, Some("123 456 788")));
    let (code, doc) = json(&["id", "taj", "123456789"]);
    assert_eq!((code, doc["error"]["code"].as_u64()), (1, Some(1012)));

    let (code, doc) = json(&["id", "tax", "8365670003"]);
    assert_eq!(code, 0);
    assert_eq!(doc["birth_date"], "1967-02-13");
    let (code, doc) = json(&["id", "tax", "8365670003", "--today", "1967-02-12"]);
    assert_eq!((code, doc["error"]["code"].as_u64()), (1, Some(1015)));
    assert_eq!(doc["birth_date"], Value::Null);
    let (code, _) = json(&["id", "tax", "8123456789"]);
    assert_eq!(code, 1);
}

#[test]
fn institution_codes_and_token() {
    for (kind, text, normalized) in [
        ("provider", "032175", "032175"),
        ("unit", "02006a425", "02006A425"),
        ("licence", "001055630/A1/1300", "001055630/A1/1300"),
        ("financing", "123456789", "123456789"),
        ("institution", "0a1b", "0A1B"),
        ("token", "GALT12345678", "12345678"),
    ] {
        let (code, doc) = json(&["id", kind, text]);
        assert_eq!(code, 0, "{kind} {text}");
        assert_eq!(doc["kind"], kind);
        assert_eq!(doc["normalized"], normalized);
    }
    let (_, doc) = json(&["id", "licence", "001055630/A1/1300"]);
    assert_eq!(doc["unit"], "001055630");
    assert_eq!(doc["licence_type"], "A1");
    assert_eq!(doc["profession_code"], "1300");
    let (code, doc) = json(&["id", "provider", "32175"]);
    assert_eq!((code, doc["error"]["code"].as_u64()), (1, Some(1011)));
}

#[test]
fn plain_output_and_usage_errors() {
    let out = run(&["--lang", "en", "id", "user", "095745"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("NOT valid") && text.contains("\"O95745\" (doctor)"),
        "{text}"
    );
    let out = run(&["id", "user", "O95745"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("O95745 (érvényes)"));
    // Unknown kind and a bad --today are usage errors (exit 2).
    assert_eq!(run(&["id", "passport", "x"]).status.code(), Some(2));
    assert_eq!(
        run(&["id", "tax", "8365670003", "--today", "tomorrow"])
            .status
            .code(),
        Some(2)
    );
    // Text starting with a hyphen is the text, not an option.
    assert_eq!(run(&["id", "user", "-O95745"]).status.code(), Some(1));
}
