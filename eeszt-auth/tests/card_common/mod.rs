//! Card scenarios shared by the in-process tests (SimTransport) and the real-stack tests (pcscd+vpcd):
//! each drives the sample test card through any `Transport` and checks the answers.
#![allow(dead_code)]

use eeszt_auth::card::testcard::{Behaviour, SAMPLE_AID, SAMPLE_PIN, TestCard};
use eeszt_auth::card::{Command, StatusWord, Transport, exchange, exchange_ok};

pub type R<T = ()> = Result<T, eeszt_auth::Error>;

/// EF 5001's content on the sample card.
pub fn big_file() -> Vec<u8> {
    (0..1000u32).map(|i| (i % 251) as u8).collect()
}

/// The sample card with `behaviour`.
pub fn card(behaviour: Behaviour) -> TestCard {
    TestCard::sample().with_behaviour(behaviour)
}

pub fn select_app(t: &mut dyn Transport) -> R {
    exchange_ok(t, &Command::new(0, 0xA4, 0x04, 0x0C).with_data(SAMPLE_AID))?;
    Ok(())
}

pub fn select_ef(t: &mut dyn Transport, fid: u16) -> R {
    exchange_ok(
        t,
        &Command::new(0, 0xA4, 0x02, 0x0C).with_data(fid.to_be_bytes()),
    )?;
    Ok(())
}

/// Reads all of EF 5001 in one command asking for everything (extended Le, or 61xx collection).
pub fn read_big_file(t: &mut dyn Transport) -> R {
    select_app(t)?;
    select_ef(t, 0x5001)?;
    let data = exchange_ok(t, &Command::new(0, 0xB0, 0, 0).with_le(65_536))?;
    assert_eq!(data, big_file());
    // With an offset, through the SFI.
    let tail = exchange_ok(t, &Command::new(0, 0xB0, 0x81, 200).with_le(16))?;
    assert_eq!(tail, big_file()[200..216]);
    Ok(())
}

/// A read past the end with an exact-Le card: 6Cxx, re-sent with the right Le.
pub fn read_with_wrong_le(t: &mut dyn Transport) -> R {
    select_app(t)?;
    select_ef(t, 0x5001)?;
    let answer = exchange(t, &Command::new(0, 0xB0, 0x03, 0xDE).with_le(0x20))?; // offset 990
    assert_eq!(answer.sw(), StatusWord::OK);
    assert_eq!(answer.data(), &big_file()[990..]);
    Ok(())
}

/// Writes 300 bytes to EF 5003 (chained or extended, as the transport allows) and reads them back.
pub fn write_long_and_read_back(t: &mut dyn Transport) -> R {
    select_app(t)?;
    select_ef(t, 0x5003)?;
    let data: Vec<u8> = (0..300u32).map(|i| (i * 7 % 256) as u8).collect();
    exchange_ok(t, &Command::new(0, 0xD6, 0, 0).with_data(data.clone()))?;
    // Read back in two short commands (a short Le is at most 256).
    let mut back = exchange_ok(t, &Command::new(0, 0xB0, 0, 0).with_le(200))?;
    back.extend(exchange_ok(t, &Command::new(0, 0xB0, 0, 200).with_le(100))?);
    assert_eq!(back, data);
    Ok(())
}

/// PIN tries: a wrong PIN costs a try, the state query does not, the right one opens EF 5002.
pub fn pin_flow(t: &mut dyn Transport) -> R {
    select_app(t)?;
    select_ef(t, 0x5002)?;
    let read = Command::new(0, 0xB0, 0, 0).with_le(256);
    assert_eq!(exchange(t, &read)?.sw(), StatusWord(0x6982));
    let verify = |pin: &[u8]| Command::new(0, 0x20, 0, SAMPLE_PIN.0).with_data(pin.to_vec());
    assert_eq!(exchange(t, &verify(b"000000"))?.sw(), StatusWord(0x63C2));
    let query = Command::new(0, 0x20, 0, SAMPLE_PIN.0);
    assert_eq!(exchange(t, &query)?.sw(), StatusWord(0x63C2));
    assert_eq!(exchange(t, &verify(SAMPLE_PIN.1))?.sw(), StatusWord::OK);
    assert_eq!(exchange_ok(t, &read)?, b"secret record");
    Ok(())
}

/// GET CHALLENGE gives 8 fresh bytes.
pub fn challenge(t: &mut dyn Transport) -> R<Vec<u8>> {
    let get = Command::new(0, 0x84, 0, 0).with_le(8);
    let a = exchange_ok(t, &get)?;
    let b = exchange_ok(t, &get)?;
    assert_eq!(a.len(), 8);
    assert_ne!(a, b);
    Ok(a)
}
