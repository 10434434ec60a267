//! The test card attached to a real pcscd through vpcd and driven through the PC/SC transport:
//! 61xx, 6Cxx, chaining, extended length, PINs, card removal mid-session and recovery, and the same
//! answers from an independent client (`opensc-tool -s`).
//!
//! Needs the private pcscd of scripts/with-pcscd.sh ("Virtual PCD 00 00" on 127.0.0.1:35963):
//! `make test-realstack`, or
//! `scripts/with-pcscd.sh cargo test -p eeszt-auth --test card_realstack -- --ignored --test-threads=1`.
#![cfg(all(feature = "pcsc", feature = "sim"))]

mod card_common;

use std::process::Command as Process;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use card_common::*;
use eeszt_auth::card::hex::{hex, parse_hex};
use eeszt_auth::card::pcsc::{CardEvent, PcscContext, PcscTransport};
use eeszt_auth::card::testcard::{Behaviour, TestCard};
use eeszt_auth::card::vpcd::{ServeEnd, serve_vpcd_until};
use eeszt_auth::card::{CardError, Command, SimCard, Transport, exchange};

const READER: &str = "Virtual PCD 00 00";
const VPCD: &str = "127.0.0.1:35963";
const WAIT: Option<Duration> = Some(Duration::from_secs(15));

/// A test card served into the vpcd slot by a background thread.
struct Served {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<eeszt_auth::Result<ServeEnd>>>,
}

impl Served {
    fn start(card: TestCard) -> R<Served> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut card = card;
            serve_vpcd_until(&mut card, VPCD, &flag)
        });
        let ctx = PcscContext::establish()?;
        ctx.wait_for(Some(READER), CardEvent::Inserted, WAIT)?;
        Ok(Served {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops serving (the card leaves the reader) and waits until pcscd noticed.
    fn remove(mut self) -> R {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let end = thread.join().map_err(|_| CardError::TransportFailed {
                detail: "card thread panicked".into(),
            })?;
            assert_eq!(end?, ServeEnd::Stopped);
        }
        PcscContext::establish()?.wait_for(Some(READER), CardEvent::Removed, WAIT)?;
        Ok(())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn connect() -> R<PcscTransport> {
    PcscContext::establish()?.connect(READER)
}

fn with_card(behaviour: Behaviour, run: impl FnOnce(&mut PcscTransport) -> R) -> R {
    let served = Served::start(card(behaviour))?;
    let mut t = connect()?;
    run(&mut t)?;
    t.disconnect()?;
    served.remove()
}

fn short_only() -> Behaviour {
    Behaviour {
        extended_length: false,
        max_command_data: 255,
        ..Behaviour::default()
    }
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn reader_listing_and_atr() -> R {
    let served = Served::start(TestCard::sample())?;
    let ctx = PcscContext::establish()?;
    let readers = ctx.reader_states()?;
    let ours = readers.iter().find(|r| r.name == READER);
    assert_eq!(ours.map(|r| r.card_present), Some(true), "{readers:?}");
    assert_eq!(
        ours.and_then(|r| r.atr.clone()),
        Some(TestCard::sample().atr())
    );
    let t = connect()?;
    assert_eq!(t.atr()?, TestCard::sample().atr());
    assert!(
        t.features().extended_length,
        "the test card's ATR offers extended length"
    );
    assert!(!t.features().has_pin_pad(), "vpcd has no PIN pad");
    assert_eq!(
        ctx.connect("No Such Reader").err().map(|e| e.code()),
        Some(
            CardError::ReaderNotFound {
                name: String::new()
            }
            .code()
        )
    );
    t.disconnect()?;
    served.remove()
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn extended_length_through_pcscd() -> R {
    with_card(Behaviour::default(), |t| {
        read_big_file(t)?;
        write_long_and_read_back(t)?;
        pin_flow(t)?;
        challenge(t)?;
        Ok(())
    })
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn chaining_through_pcscd() -> R {
    with_card(short_only(), |t| {
        assert!(!t.features().extended_length);
        write_long_and_read_back(t)
    })
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn get_response_through_pcscd() -> R {
    let chunked = Behaviour {
        response_chunk: Some(100),
        ..short_only()
    };
    with_card(chunked, |t| {
        select_app(t)?;
        select_ef(t, 0x5001)?;
        let data = eeszt_auth::card::exchange_ok(t, &Command::new(0, 0xB0, 0, 0).with_le(256))?;
        assert_eq!(data, big_file()[..256]);
        // The raw answer really was 61xx.
        let raw = t.transmit(&[0x00, 0xB0, 0x00, 0x00, 0x00])?;
        assert_eq!(raw.len(), 102);
        assert_eq!(&raw[100..], [0x61, 0x9C]);
        Ok(())
    })
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn wrong_le_through_pcscd() -> R {
    let exact = Behaviour {
        exact_le: true,
        ..short_only()
    };
    with_card(exact, |t| {
        read_with_wrong_le(t)?;
        let raw = t.transmit(&[0x00, 0xB0, 0x03, 0xDE, 0x20])?;
        assert_eq!(raw, [0x6C, 0x0A]);
        Ok(())
    })
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn exclusive_transaction() -> R {
    with_card(Behaviour::default(), |t| {
        let n = t.transaction(|inner| {
            select_app(inner)?;
            select_ef(inner, 0x5001)?;
            Ok(
                eeszt_auth::card::exchange_ok(inner, &Command::new(0, 0xB0, 0, 0).with_le(4))?
                    .len(),
            )
        })?;
        assert_eq!(n, 4);
        Ok(())
    })
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn card_removed_mid_session_then_recovery() -> R {
    let served = Served::start(TestCard::sample())?;
    let mut t = connect()?;
    select_app(&mut t)?;
    served.remove()?;
    let err = exchange(&mut t, &Command::new(0, 0x84, 0, 0).with_le(8)).err();
    assert_eq!(
        err.as_ref().map(|e| e.code()),
        Some(CardError::CardRemoved.code()),
        "{err:?}"
    );
    assert!(
        err.map(|e| e.message(eeszt_auth::Lang::Hu))
            .unwrap_or_default()
            .contains("Helyezze vissza")
    );
    drop(t);
    // The card comes back: a new connection works.
    let served = Served::start(TestCard::sample())?;
    let mut t = connect()?;
    challenge(&mut t)?;
    pin_flow(&mut t)?;
    t.disconnect()?;
    served.remove()
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn reset_by_another_program_is_detected() -> R {
    let served = Served::start(TestCard::sample())?;
    let mut ours = connect()?;
    select_app(&mut ours)?;
    let mut other = connect()?;
    other.reconnect(true)?; // resets the card
    let err = exchange(&mut ours, &Command::new(0, 0x84, 0, 0).with_le(8)).err();
    assert_eq!(err.map(|e| e.code()), Some(CardError::CardReset.code()));
    assert!(ours.reset_seen());
    assert!(!ours.reset_seen());
    // Reconnected on its own: the next command works.
    challenge(&mut ours)?;
    drop(other);
    ours.disconnect()?;
    served.remove()
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn wait_times_out_and_can_be_cancelled() -> R {
    let ctx = PcscContext::establish()?;
    // No card in reader 00 01 (nothing serves 35964).
    let err = ctx.wait_for(
        Some("Virtual PCD 00 01"),
        CardEvent::Inserted,
        Some(Duration::from_millis(300)),
    );
    assert_eq!(err.err().map(|e| e.code()), Some(CardError::Timeout.code()));
    assert_eq!(
        ctx.wait_for(Some("Virtual PCD 00 01"), CardEvent::Removed, WAIT)?,
        "Virtual PCD 00 01"
    );
    let canceller = ctx.canceller();
    let waiter = std::thread::spawn(move || {
        ctx.wait_for(Some("Virtual PCD 00 01"), CardEvent::Inserted, None)
            .err()
            .map(|e| e.code())
    });
    std::thread::sleep(Duration::from_millis(300));
    canceller.cancel()?;
    let code = waiter.join().map_err(|_| CardError::Cancelled)?;
    assert_eq!(code, Some(CardError::Cancelled.code()));
    Ok(())
}

/// Parses `opensc-tool -s` output into one answer (data + SW) per command.
fn opensc_answers(output: &str) -> Vec<Vec<u8>> {
    let mut answers: Vec<Vec<u8>> = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    let mut sw = Vec::new();
    let mut flush = |current: &mut Option<Vec<u8>>, sw: &[u8]| {
        if let Some(mut data) = current.take() {
            data.extend_from_slice(sw);
            answers.push(data);
        }
    };
    for line in output.lines() {
        if let Some(rest) = line.strip_prefix("Received (SW1=0x") {
            flush(&mut current, &sw);
            // rest: "90, SW2=0x00)" or "90, SW2=0x00):"
            sw = [rest.get(0..2), rest.get(10..12)]
                .iter()
                .filter_map(|h| h.and_then(|h| u8::from_str_radix(h, 16).ok()))
                .collect();
            current = Some(Vec::new());
        } else if line.starts_with("Sending:") {
            flush(&mut current, &sw);
        } else if let Some(data) = current.as_mut() {
            // Hex dump: up to 16 "XX " groups, then the ASCII column.
            let hex_part: String = line.chars().take(48).collect();
            data.extend(
                hex_part
                    .split_whitespace()
                    .map_while(|t| {
                        (t.len() == 2)
                            .then(|| u8::from_str_radix(t, 16).ok())
                            .flatten()
                    })
                    .take(16),
            );
        }
    }
    flush(&mut current, &sw);
    answers
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn opensc_tool_gets_the_same_answers() -> R {
    let commands = [
        format!("00A4040C07{}", hex(&eeszt_auth::card::testcard::SAMPLE_AID)),
        "00A4020C025001".to_owned(),
        "00B0000010".to_owned(),
        "00B0010020".to_owned(),
        "00B0812008".to_owned(),
        "00A4020C021234".to_owned(),
        "00200081".to_owned(),
    ];
    let served = Served::start(TestCard::sample())?;
    let mut args = vec!["-r".to_owned(), READER.to_owned()];
    for c in &commands {
        args.push("-s".into());
        args.push(c.clone());
    }
    let out = Process::new("opensc-tool")
        .args(&args)
        .output()
        .map_err(|e| CardError::TransportFailed {
            detail: format!("opensc-tool: {e}"),
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = opensc_answers(&stdout);
    let mut t = connect()?;
    let ours: Vec<Vec<u8>> = commands
        .iter()
        .map(|c| t.transmit(&parse_hex(c)?))
        .collect::<eeszt_auth::Result<_>>()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(theirs.len(), commands.len(), "{stdout}\n{stderr}");
    assert_eq!(ours, theirs, "{stdout}");
    assert_eq!(ours.last().map(|a| hex(a)), Some("63C3".to_owned()));
    t.disconnect()?;
    served.remove()
}

#[test]
#[ignore = "needs pcscd: run by make test-realstack"]
fn dropping_a_connection_leaves_the_card_for_the_others() -> R {
    let served = Served::start(card(Behaviour::default()))?;
    let mut kept = connect()?;
    let challenge = Command::new(0x00, 0x84, 0x00, 0x00).with_le(8);
    assert!(exchange(&mut kept, &challenge)?.sw().is_success());
    // A second connection of this process (another worker, another program) comes and goes.
    let passing = connect()?;
    drop(passing);
    // The first connection's session is intact: no reset was caused by the drop (pcsc's own
    // `Card` resets the card when dropped).
    assert!(exchange(&mut kept, &challenge)?.sw().is_success());
    assert!(!kept.reset_seen());
    kept.disconnect()?;
    served.remove()
}
