//! Replays every fuzz corpus file (fuzz/corpus/<target>/*) through the function its fuzz target calls
//! (`eeszt_auth::fuzz`, feature `fuzz`), so that inputs that once crashed a parser stay fixed on the
//! stable toolchain. Run by `make test-rust` as `cargo test -p eeszt-auth --features fuzz --test
//! fuzz_corpus`.

use std::path::Path;

use eeszt_auth::fuzz::TARGETS;

fn fuzz_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Replays every file of `fuzz/<kind>/<target>/`; the number of inputs replayed.
fn replay(kind: &str) -> usize {
    let root = fuzz_dir().join(kind);
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return 0;
    };
    let mut replayed = 0usize;
    for dir in dirs.flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        let Some((_, run)) = TARGETS.iter().find(|(target, _)| *target == name) else {
            panic!("fuzz/{kind}/{name} has no entry in eeszt_auth::fuzz::TARGETS");
        };
        for file in std::fs::read_dir(dir.path()).expect("corpus dir").flatten() {
            let data = std::fs::read(file.path()).expect("corpus file");
            run(&data);
            replayed += 1;
        }
    }
    replayed
}

/// The corpora `make fuzz` grows (minimised).
#[test]
fn corpus_replays_without_panic() {
    let replayed = replay("corpus");
    assert!(replayed > 0, "no corpus input replayed");
    eprintln!("replayed {replayed} corpus inputs");
}

/// Inputs that once crashed a target, kept apart so corpus minimisation never drops them.
#[test]
fn regressions_replay_without_panic() {
    eprintln!("replayed {} regression inputs", replay("regressions"));
}

/// Every target has its cargo-fuzz binary (declared in fuzz/Cargo.toml) and a seed corpus, and
/// every binary is a known target.
#[test]
fn every_target_has_a_fuzz_binary_and_a_corpus() {
    let dir = fuzz_dir();
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for (name, _) in TARGETS {
        let source = std::fs::read_to_string(dir.join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|_| panic!("fuzz target {name} missing"));
        assert!(
            source.contains(&format!("eeszt_auth::fuzz::{name}(")),
            "fuzz_targets/{name}.rs must call eeszt_auth::fuzz::{name}"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        let seeds = std::fs::read_dir(dir.join(format!("corpus/{name}")))
            .map(|d| d.count())
            .unwrap_or(0);
        assert!(seeds > 0, "fuzz/corpus/{name} has no seed");
    }
    for file in std::fs::read_dir(dir.join("fuzz_targets"))
        .expect("fuzz_targets")
        .flatten()
    {
        let name = file.file_name().to_string_lossy().replace(".rs", "");
        assert!(
            TARGETS.iter().any(|(t, _)| *t == name),
            "fuzz_targets/{name}.rs is not in eeszt_auth::fuzz::TARGETS"
        );
    }
}
