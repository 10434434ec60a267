//! The tool keeps the secrets it holds out of core dumps (README, "Secrets in memory"): checked on
//! a running `eeszt-auth card sim` (it holds the simulated card's PIN, CAN and PUK).

#![cfg(target_os = "linux")]

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn a_running_tool_writes_no_core_file() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let mut sim = Command::new(env!("CARGO_BIN_EXE_eeszt-auth"))
        .args(["card", "sim", "--eszemelyi", "--vpcd", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start card sim");
    // It is running (and past the start of main) once it has connected to our "vpcd".
    listener.set_nonblocking(true).expect("nonblocking");
    let start = Instant::now();
    let connected = loop {
        match listener.accept() {
            Ok((stream, _)) => break Some(stream),
            Err(_) if start.elapsed() < Duration::from_secs(20) => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Err(_) => break None,
        }
    };
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", sim.id()));
    let _ = sim.kill();
    let _ = sim.wait();
    assert!(connected.is_some(), "card sim never connected");
    let limits = limits.expect("read /proc/PID/limits");
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("core limit line");
    let fields: Vec<&str> = core.split_whitespace().collect();
    // "Max core file size  <soft>  <hard>  bytes"
    assert_eq!(fields[4..6], ["0", "0"], "{core}");
}
