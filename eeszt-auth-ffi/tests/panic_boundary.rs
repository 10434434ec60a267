//! Every exported function runs inside the panic boundary, and every `*_free` frees through the
//! one helper that checks the handle's tag (security review L4: five exports were outside it).
//!
//! The check reads the sources: the body of each `extern "C" fn` must call one of the boundary
//! entry points of `src/boundary.rs`.

use std::path::PathBuf;

/// The boundary's entry points (`src/boundary.rs`); each runs its closure under `catch_unwind`.
const GUARDS: &[&str] = &["guard(", "guard_check(", "guard_value(", "free_handle("];

/// `(name, body)` of every function in `text` after `marker` (`"extern \"C\" fn "` for exports).
fn functions(text: &str, marker: &str) -> Functions {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let after = &rest[at + marker.len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // The body: from the first `{` after the signature to its matching `}` (a declaration
        // without a body, in a trait, ends at `;` first).
        let (Some(open), semi) = (after.find('{'), after.find(';')) else {
            break;
        };
        if semi.is_some_and(|semi| semi < open) {
            rest = &after[semi.unwrap_or(0)..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = open;
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push((name, after[open..=end].to_owned()));
        rest = &after[end..];
    }
    found
}

fn exports(text: &str) -> Functions {
    functions(text, "extern \"C\" fn ")
}

/// Whether `body` runs inside the boundary: it calls an entry point itself, or it delegates to a
/// helper of the crate whose body is one guarded call (such as `cvc.rs`'s `copy_field`).
fn guarded(body: &str, helpers: &[(String, String)]) -> bool {
    let calls_guard = |text: &str| GUARDS.iter().any(|g| text.contains(g));
    let starts_with_guard = |text: &str| {
        let inner = text.trim_start_matches('{').trim_start();
        GUARDS.iter().any(|g| inner.starts_with(g))
    };
    calls_guard(body)
        || helpers
            .iter()
            .any(|(name, helper)| body.contains(&format!("{name}(")) && starts_with_guard(helper))
}

/// `(name, body)` pairs.
type Functions = Vec<(String, String)>;

/// Every exported function and every function (exported or not) of `src/`.
fn scan() -> (Functions, Functions) {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let (mut exported, mut all) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            // A file's unit tests (callbacks written in Rust for the tests) are not exports.
            let text = match text.find("\n#[cfg(test)]\nmod tests") {
                Some(end) => text[..end].to_owned(),
                None => text,
            };
            exported.extend(exports(&text));
            all.extend(functions(&text, "fn "));
        }
    }
    (exported, all)
}

fn all_exports() -> Functions {
    scan().0
}

#[test]
fn every_export_runs_inside_the_panic_boundary() {
    let (all, helpers) = scan();
    // The C ABI has over a hundred exports; a broken scan would find few.
    assert!(all.len() > 100, "only {} exports found", all.len());
    let outside: Vec<&str> = all
        .iter()
        .filter(|(_, body)| !guarded(body, &helpers))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(
        outside.is_empty(),
        "outside the panic boundary: {outside:?}"
    );
}

#[test]
fn every_free_goes_through_free_handle() {
    let all = all_exports();
    let frees: Vec<_> = all
        .iter()
        .filter(|(name, _)| name.ends_with("_free"))
        .collect();
    assert!(
        frees.len() >= 9,
        "only {} _free functions found",
        frees.len()
    );
    for (name, body) in frees {
        assert!(
            body.contains("free_handle("),
            "{name} does not use free_handle"
        );
        assert!(!body.contains("Box::from_raw"), "{name} frees by hand");
    }
    // And every _free of the header is one of them.
    let header = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../include/eeszt_auth.h"),
    )
    .unwrap();
    for line in header.lines().filter(|l| l.contains("_free(")) {
        let name = line
            .split('(')
            .next()
            .and_then(|head| head.split_whitespace().last())
            .unwrap();
        assert!(
            all.iter().any(|(n, _)| n == name),
            "{name} is in the header but not found in the sources"
        );
    }
}

#[test]
fn the_scan_finds_an_unguarded_export() {
    let text = r#"
        pub extern "C" fn eeszt_a() -> u32 { guard(|| Ok(())) }
        pub unsafe extern "C" fn eeszt_b_free(p: *mut B) { drop(unsafe { Box::from_raw(p) }) }
    "#;
    let found = exports(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].0, "eeszt_b_free");
    assert!(guarded(&found[0].1, &[]));
    assert!(!guarded(&found[1].1, &[]));
    // Delegation counts only to a helper whose body is a guarded call.
    let helpers = functions(
        "unsafe fn drop_it(p: *mut B) { guard(|| Ok(())) }\n\
         fn unguarded(p: *mut B) { let _ = p; guard(|| Ok(())) }",
        "fn ",
    );
    assert!(guarded("{ unsafe { drop_it(p) } }", &helpers));
    assert!(!guarded("{ unguarded(p) }", &helpers));
}
