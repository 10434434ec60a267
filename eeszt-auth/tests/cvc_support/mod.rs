//! Test helper: builds CV certificate chains with OpenPACE's `cvc-create` and keys with `openssl`,
//! in a fresh temporary directory, and reads `cvc-print`'s view of a certificate.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A key algorithm for `openssl genpkey`.
#[derive(Debug, Clone, Copy)]
pub enum KeyAlg {
    /// An EC key on the named curve (OpenSSL's name).
    Ec(&'static str),
    /// An RSA key of this many bits.
    Rsa(u32),
}

/// A scratch directory with keys and certificates.
pub struct Pki {
    pub dir: PathBuf,
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One certificate to make.
pub struct Spec<'a> {
    pub chr: &'a str,
    pub role: &'a str,
    pub terminal_type: Option<&'a str>,
    pub key: &'a str,
    pub signer: Option<(&'a str, &'a str)>,
    pub scheme: &'a str,
    pub issued: &'a str,
    pub expires: &'a str,
    pub flags: &'a [&'a str],
}

impl Pki {
    pub fn new(tag: &str) -> Pki {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("eeszt-cvc-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Pki { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Makes `<name>.pkcs8`.
    pub fn key(&self, name: &str, alg: KeyAlg) {
        let out = self.path(&format!("{name}.pkcs8"));
        let mut cmd = Command::new("openssl");
        cmd.args(["genpkey", "-outform", "DER", "-out"]).arg(&out);
        match alg {
            KeyAlg::Ec(curve) => cmd.args([
                "-algorithm",
                "EC",
                "-pkeyopt",
                &format!("ec_paramgen_curve:{curve}"),
            ]),
            KeyAlg::Rsa(bits) => cmd.args([
                "-algorithm",
                "RSA",
                "-pkeyopt",
                &format!("rsa_keygen_bits:{bits}"),
            ]),
        };
        run(&mut cmd);
    }

    /// Makes `<chr>.cvcert` and returns its bytes. `signer` is `(key name, cert chr)`; `None` makes
    /// a self-signed CVCA.
    pub fn cert(&self, spec: &Spec<'_>) -> Vec<u8> {
        let out = self.path(&format!("{}.cvcert", spec.chr));
        let mut cmd = Command::new("cvc-create");
        cmd.current_dir(&self.dir)
            .arg(format!("--role={}", spec.role))
            .arg(format!("--chr={}", spec.chr))
            .arg(format!("--issued={}", spec.issued))
            .arg(format!("--expires={}", spec.expires))
            .arg(format!("--scheme={}", spec.scheme))
            .arg(format!("--out-cert={}", out.display()));
        if let Some(t) = spec.terminal_type {
            cmd.arg(format!("--type={t}"));
        }
        match spec.signer {
            None => {
                cmd.arg(format!("--sign-with={}.pkcs8", spec.key));
            }
            Some((key, chr)) => {
                cmd.arg(format!("--sign-with={key}.pkcs8"))
                    .arg(format!("--sign-as={chr}.cvcert"))
                    .arg(format!("--key={}.pkcs8", spec.key));
            }
        }
        cmd.args(spec.flags);
        run(&mut cmd);
        std::fs::read(&out).expect("certificate written")
    }
}

/// What `cvc-print` shows for a certificate.
#[derive(Debug, Default)]
pub struct Printed {
    pub profile: String,
    pub car: String,
    pub chr: String,
    pub terminal_type: String,
    pub rights: Vec<String>,
    pub role: String,
    pub effective: String,
    pub expiration: String,
    pub verified: Option<bool>,
}

/// Runs `cvc-print` (with a trust directory when given) and parses its output.
pub fn cvc_print(cert: &Path, trust_dir: Option<&Path>) -> Printed {
    let mut cmd = Command::new("cvc-print");
    cmd.arg(format!("--cvc={}", cert.display()));
    if let Some(dir) = trust_dir {
        cmd.arg(format!("--cvc-dir={}", dir.display()));
    }
    let out = cmd.output().expect("cvc-print runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut p = Printed::default();
    let mut chat_lines = Vec::new();
    let mut in_chat = false;
    for line in text.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("Profile identifier: ") {
            p.profile = v.into();
        } else if let Some(v) = t.strip_prefix("CAR: ") {
            p.car = v.into();
        } else if let Some(v) = t.strip_prefix("CHR: ") {
            p.chr = v.into();
        } else if t == "CHAT:" {
            in_chat = true;
        } else if let Some(v) = t.strip_prefix("Effective Date: ") {
            in_chat = false;
            p.effective = v.into();
        } else if let Some(v) = t.strip_prefix("Expiration Date: ") {
            p.expiration = v.into();
        } else if t == "certificate verified" {
            p.verified = Some(true);
        } else if t == "certificate not verified" {
            p.verified = Some(false);
        } else if in_chat {
            chat_lines.push(t.to_owned());
        }
    }
    if let Some((first, rest)) = chat_lines.split_first() {
        p.terminal_type = first.clone();
        if let Some((last, rights)) = rest.split_last() {
            p.role = last.clone();
            p.rights = rights.to_vec();
        }
    }
    p
}

/// The tools the tests need are installed (`make test` installs them with scripts/install-deps.sh).
pub fn tools_present() -> bool {
    ["cvc-create", "cvc-print", "openssl"]
        .iter()
        .all(|tool| Command::new(tool).arg("--version").output().is_ok())
}
