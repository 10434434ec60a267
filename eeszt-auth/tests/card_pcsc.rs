//! PC/SC without pcscd: a clear error, never a crash. Runs in plain `cargo test`: the check runs in a
//! child process whose libpcsclite is pointed at a socket nobody listens on (PCSCLITE_CSOCK_NAME).
#![cfg(feature = "pcsc")]

use eeszt_auth::card::CardError;
use eeszt_auth::card::pcsc::PcscContext;

const CHILD: &str = "EESZT_CARD_PCSC_CHILD";

#[test]
fn pcscd_not_running_is_a_clear_error() {
    if std::env::var_os(CHILD).is_some() {
        // The child: libpcsclite talks to a dead socket.
        let err = PcscContext::establish().err();
        assert_eq!(
            err.as_ref().map(|e| e.code()),
            Some(CardError::ServiceNotRunning.code()),
            "{err:?}"
        );
        let text = err
            .map(|e| e.message(eeszt_auth::Lang::Hu))
            .unwrap_or_default();
        assert!(text.contains("pcscd"), "{text}");
        return;
    }
    let dir = std::env::temp_dir().join(format!("eeszt-no-pcscd-{}", std::process::id()));
    let exe = std::env::current_exe().expect("test binary path");
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "pcscd_not_running_is_a_clear_error",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env("PCSCLITE_CSOCK_NAME", dir.join("pcscd.comm"))
        .output()
        .expect("run the child");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The child really ran the test (and did not filter everything out).
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
}
