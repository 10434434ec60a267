//! Test helper for the certificate tests: running `openssl` and a scratch directory removed on drop.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// Runs `openssl` with `args` and returns its standard output; panics when it fails.
pub fn openssl_bytes(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is installed (make test installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `openssl` with `args` and returns its standard output as text.
pub fn openssl(args: &[&str]) -> String {
    String::from_utf8(openssl_bytes(args)).expect("openssl prints UTF-8 with -nameopt utf8")
}

/// A scratch directory under the system temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A fresh directory named after `tag` and the process.
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("eeszt-cert-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// The path of `name` inside the directory.
    pub fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
