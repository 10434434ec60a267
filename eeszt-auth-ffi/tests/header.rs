//! The committed header must be exactly what the pinned cbindgen generates.
//!
//! `EESZT_BLESS=1 cargo test -p eeszt-auth-ffi --test header` (or `make header`) rewrites it.

use std::fmt::Write as _;
use std::path::PathBuf;

fn result_codes() -> String {
    let mut out = String::from("/** Success. */\n#define EESZT_OK 0\n");
    for info in eeszt_auth::error::all_codes() {
        writeln!(
            out,
            "/** {} */\n#define EESZT_ERR_{} {}",
            info.en, info.name, info.code
        )
        .unwrap();
    }
    out
}

fn generate() -> String {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    config.after_includes = Some(result_codes());
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("header is UTF-8")
}

#[test]
fn header_is_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../include/eeszt_auth.h");
    let fresh = generate();
    if std::env::var_os("EESZT_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write header");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "include/eeszt_auth.h differs from what cbindgen generates: run `make header` and commit it \
         (never edit the header by hand)"
    );
}

#[test]
fn every_core_code_is_in_the_header() {
    let header = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../include/eeszt_auth.h"),
    )
    .unwrap_or_default();
    for info in eeszt_auth::error::all_codes() {
        let line = format!("#define EESZT_ERR_{} {}", info.name, info.code);
        assert!(header.contains(&line), "missing in header: {line}");
    }
}
