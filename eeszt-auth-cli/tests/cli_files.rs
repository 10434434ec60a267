//! Every file input of the CLI refuses what is not a regular file, and files over 16 MiB, at once
//! and with exit 2 (security review L7: a FIFO hung, /dev/zero read until memory ran out).
//!
//! Each run has a deadline: a regression fails the test instead of hanging it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);
const LIMIT: u64 = 16 * 1024 * 1024;

/// Runs the tool with `args`; returns exit code and stderr. Kills it and fails at the deadline.
fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run eeszt-auth");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("eeszt-auth {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A fresh directory with a FIFO (no writer ever) and a sparse file one byte over the limit.
struct Files {
    dir: PathBuf,
    fifo: PathBuf,
    big: PathBuf,
}

impl Files {
    fn new(name: &str) -> Files {
        let dir =
            std::env::temp_dir().join(format!("eeszt-cli-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("fifo");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let big = dir.join("big.p12");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(LIMIT + 1)
            .unwrap();
        Files { dir, fifo, big }
    }

    /// `(path, expected code, English message start)` for each kind of bad input.
    fn cases(&self) -> Vec<(String, u32, &'static str)> {
        const NOT_REGULAR: &str = "This is not a regular file";
        vec![
            (s(&self.fifo), 22, NOT_REGULAR),
            ("/dev/zero".to_owned(), 22, NOT_REGULAR),
            (s(&self.dir), 22, NOT_REGULAR),
            (s(&self.big), 23, "The file is too large"),
        ]
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn s(path: &Path) -> String {
    path.to_str().unwrap().to_owned()
}

fn check(args: &[&str], env: &[(&str, &str)], code: u32, message: &str) {
    let started = Instant::now();
    let (exit, stderr) = run(args, env);
    assert_eq!(exit, 2, "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(stderr.contains(&format!("[{code}]")), "{args:?}: {stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{args:?} was slow"
    );
}

#[test]
fn cert_inspect_refuses_fifo_device_directory_and_oversize_at_once() {
    let files = Files::new("inspect");
    for (path, code, message) in files.cases() {
        check(
            &["--lang", "en", "cert", "inspect", &path],
            &[],
            code,
            message,
        );
        check(
            &["--lang", "en", "cert", "check-client", &path],
            &[],
            code,
            message,
        );
    }
    // And in Hungarian.
    let (exit, stderr) = run(&["cert", "inspect", &s(&files.fifo)], &[]);
    assert_eq!(exit, 2);
    assert!(stderr.contains("Ez nem közönséges fájl"), "{stderr}");
}

#[test]
fn cvc_verify_refuses_them_too() {
    let files = Files::new("cvc");
    for (path, code, message) in files.cases() {
        check(
            &["--lang", "en", "cert", "cvc-verify", &path],
            &[],
            code,
            message,
        );
    }
}

#[test]
fn login_file_inputs_refuse_them_too() {
    let files = Files::new("login");
    for (path, code, message) in files.cases() {
        check(
            &[
                "--lang",
                "en",
                "login",
                "--sim",
                "--user",
                "O95745",
                "--pin-env",
                "T_PIN",
                "--institution",
                "032175",
                "--institutions",
                &path,
            ],
            &[("T_PIN", "123456")],
            code,
            message,
        );
    }
    // The simulated token account's state (`--state` with `--method token`) and the simulated
    // card's state file.
    for (path, code, message) in files.cases() {
        check(
            &[
                "--lang",
                "en",
                "login",
                "--sim",
                "--method",
                "token",
                "--user",
                "O95745",
                "--password-env",
                "T_PW",
                "--check-code-env",
                "T_CC",
                "--new-password-env",
                "T_NEW",
                "--state",
                &path,
            ],
            &[("T_PW", "x"), ("T_CC", "2468"), ("T_NEW", "Uj-Jelszo-2026")],
            code,
            message,
        );
        check(
            &["--lang", "en", "card", "status", "--sim", "--state", &path],
            &[],
            code,
            message,
        );
    }
}
