//! The ISO 7816 test card driven in-process through the exchange layer: 61xx, 6Cxx, chaining,
//! extended length, PIN counters, the trace hook.

mod card_common;

use std::sync::{Arc, Mutex};

use card_common::*;
use eeszt_auth::card::testcard::{Behaviour, SAMPLE_PIN, SAMPLE_PUK, TestCard};
use eeszt_auth::card::trace::TraceEvent;
use eeszt_auth::card::{
    Command, Exchange, SimCard, SimTransport, StatusWord, Transport, exchange, exchange_ok,
};

fn plain() -> Behaviour {
    Behaviour {
        extended_length: false,
        max_command_data: 255,
        ..Behaviour::default()
    }
}

#[test]
fn extended_length_read_and_write() -> R {
    let mut t = SimTransport::new(card(Behaviour::default()));
    read_big_file(&mut t)?;
    write_long_and_read_back(&mut t)?;
    // The write went out as one extended APDU.
    assert_eq!(t.card().command_count(), 9);
    pin_flow(&mut t)?;
    challenge(&mut t)?;
    Ok(())
}

#[test]
fn chaining_when_extended_length_is_missing() -> R {
    let mut t = SimTransport::new(card(plain())).with_extended_length(false);
    write_long_and_read_back(&mut t)?;
    assert_eq!(
        t.card().file(&[0x5000, 0x5003]).map(|f| f[299]),
        Some((299 * 7 % 256) as u8)
    );
    // An extended APDU sent anyway is refused by this card.
    let raw = Command::new(0, 0xB0, 0, 0).with_le(300).to_bytes()?;
    assert_eq!(t.transmit(&raw)?, [0x67, 0x00]);
    // A card without chaining refuses the chained blocks with 6884, which the exchange returns.
    let mut t = SimTransport::new(card(Behaviour {
        chaining: false,
        ..plain()
    }))
    .with_extended_length(false);
    select_app(&mut t)?;
    select_ef(&mut t, 0x5003)?;
    let answer = exchange(&mut t, &Command::new(0, 0xD6, 0, 0).with_data(vec![1; 300]))?;
    assert_eq!(answer.sw(), StatusWord(0x6884));
    Ok(())
}

#[test]
fn get_response_collects_61xx() -> R {
    let mut t = SimTransport::new(card(Behaviour {
        response_chunk: Some(100),
        ..plain()
    }))
    .with_extended_length(false);
    select_app(&mut t)?;
    select_ef(&mut t, 0x5001)?;
    let data = exchange_ok(&mut t, &Command::new(0, 0xB0, 0, 0).with_le(256))?;
    assert_eq!(data, big_file()[..256]);
    // 2 SELECT, 1 READ BINARY (100 bytes and 619C), 1 GET RESPONSE (156 bytes).
    assert_eq!(t.card().command_count(), 4);
    // With extended length the whole file comes back in 100-byte GET RESPONSE rounds.
    let mut t = SimTransport::new(card(Behaviour {
        response_chunk: Some(100),
        ..Behaviour::default()
    }));
    read_big_file(&mut t)?;
    Ok(())
}

#[test]
fn wrong_le_is_corrected() -> R {
    let mut t = SimTransport::new(card(Behaviour {
        exact_le: true,
        ..plain()
    }))
    .with_extended_length(false);
    read_with_wrong_le(&mut t)?;
    // A raw read shows the 6Cxx the exchange layer hid.
    let raw = Command::new(0, 0xB0, 0x03, 0xDE).with_le(0x20).to_bytes()?;
    assert_eq!(t.transmit(&raw)?, [0x6C, 0x0A]);
    Ok(())
}

#[test]
fn without_exact_le_a_short_read_says_end_of_file() -> R {
    let mut t = SimTransport::new(card(plain()));
    select_app(&mut t)?;
    select_ef(&mut t, 0x5001)?;
    let answer = exchange(&mut t, &Command::new(0, 0xB0, 0x03, 0xDE).with_le(0x20))?;
    assert_eq!((answer.sw(), answer.data().len()), (StatusWord(0x6282), 10));
    let answer = exchange(&mut t, &Command::new(0, 0xB0, 0x03, 0xE8).with_le(1))?;
    assert_eq!(answer.sw(), StatusWord(0x6B00));
    Ok(())
}

#[test]
fn select_variants_and_errors() -> R {
    let mut t = SimTransport::new(TestCard::sample());
    let sw = |t: &mut SimTransport<TestCard>, c: Command| exchange(t, &c).map(|r| r.sw().0);
    // By path from the MF, then FCP of EF 5001 with its size.
    let fcp = exchange_ok(
        &mut t,
        &Command::new(0, 0xA4, 0x08, 0x04)
            .with_data([0x50, 0x00, 0x50, 0x01])
            .with_le(256),
    )?;
    assert_eq!(
        eeszt_auth::card::tlv::find(&fcp, 0x80)?,
        Some(&[0x03u8, 0xE8][..])
    );
    let fci = exchange_ok(
        &mut t,
        &Command::new(0, 0xA4, 0x00, 0x00)
            .with_data([0x3F, 0x00])
            .with_le(256),
    )?;
    assert_eq!(fci.first(), Some(&0x6F));
    assert_eq!(
        sw(
            &mut t,
            Command::new(0, 0xA4, 0, 0x0C).with_data([0x12, 0x34])
        )?,
        0x6A82
    );
    assert_eq!(
        sw(
            &mut t,
            Command::new(0, 0xA4, 0x04, 0x0C).with_data([0xA0, 0xFF])
        )?,
        0x6A82
    );
    assert_eq!(
        sw(
            &mut t,
            Command::new(0, 0xA4, 0x07, 0x0C).with_data([0x50, 0x00])
        )?,
        0x6A86
    );
    assert_eq!(
        sw(&mut t, Command::new(0, 0xA4, 0x00, 0x0C).with_data([0x50]))?,
        0x6700
    );
    // READ BINARY with no current EF, unknown INS and CLA, secure messaging.
    assert_eq!(sw(&mut t, Command::new(0, 0xB0, 0, 0).with_le(1))?, 0x6986);
    assert_eq!(sw(&mut t, Command::new(0, 0xCA, 0, 0).with_le(1))?, 0x6D00);
    assert_eq!(
        sw(&mut t, Command::new(0x80, 0xB0, 0, 0).with_le(1))?,
        0x6E00
    );
    assert_eq!(
        sw(&mut t, Command::new(0x0C, 0xB0, 0, 0).with_le(1))?,
        0x6882
    );
    // Selection by SFI from the MF (EF 011C) and by parent.
    assert_eq!(
        exchange_ok(&mut t, &Command::new(0, 0xB0, 0x9C, 0).with_le(2))?,
        [0x31, 0x00]
    );
    select_app(&mut t)?;
    assert_eq!(sw(&mut t, Command::new(0, 0xA4, 0x03, 0x0C))?, 0x9000);
    assert_eq!(
        sw(
            &mut t,
            Command::new(0, 0xA4, 0x02, 0x0C).with_data([0x2F, 0x00])
        )?,
        0x9000
    );
    // GET RESPONSE with nothing pending; garbage bytes.
    assert_eq!(sw(&mut t, Command::new(0, 0xC0, 0, 0).with_le(1))?, 0x6985);
    assert_eq!(t.transmit(&[0x00, 0xB0])?, [0x67, 0x00]);
    Ok(())
}

#[test]
fn pin_change_block_and_unblock() -> R {
    let mut t = SimTransport::new(TestCard::sample());
    let (pin_ref, pin) = SAMPLE_PIN;
    let mut old_new = pin.to_vec();
    old_new.extend_from_slice(b"654321");
    let change = Command::new(0, 0x24, 0, pin_ref)
        .with_data(old_new)
        .with_secret();
    assert_eq!(exchange(&mut t, &change)?.sw(), StatusWord::OK);
    for expect in [0x63C2, 0x63C1, 0x63C0, 0x6983] {
        let verify = Command::new(0, 0x20, 0, pin_ref).with_data(pin.to_vec());
        assert_eq!(exchange(&mut t, &verify)?.sw(), StatusWord(expect));
    }
    assert_eq!(t.card().tries_left(pin_ref), Some(0));
    let mut puk_new = SAMPLE_PUK.1.to_vec();
    puk_new.extend_from_slice(b"111111");
    exchange_ok(
        &mut t,
        &Command::new(0, 0x2C, 0, pin_ref).with_data(puk_new),
    )?;
    assert_eq!(t.card().tries_left(pin_ref), Some(3));
    exchange_ok(
        &mut t,
        &Command::new(0, 0x20, 0, pin_ref).with_data(*b"111111"),
    )?;
    // A reset forgets the verification but keeps the counters.
    t.reset();
    assert!(t.reset_seen());
    let query = Command::new(0, 0x20, 0, pin_ref);
    assert_eq!(exchange(&mut t, &query)?.sw(), StatusWord(0x63C3));
    Ok(())
}

#[test]
fn trace_never_shows_the_pin() -> R {
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&lines);
    let mut ex = Exchange::new().with_trace(move |e: &TraceEvent| {
        if let Ok(mut l) = sink.lock() {
            l.push(e.to_string());
        }
    });
    let mut t = SimTransport::new(TestCard::sample());
    let mut both = SAMPLE_PIN.1.to_vec();
    both.extend_from_slice(b"999999");
    for cmd in [
        Command::new(0, 0x20, 0, 0x81).with_data(SAMPLE_PIN.1.to_vec()),
        Command::new(0, 0x24, 0, 0x81).with_data(both),
        Command::new(0, 0x2C, 0, 0x81).with_data(SAMPLE_PUK.1.to_vec()),
        Command::new(0, 0xD6, 0, 0)
            .with_data(*b"KEYKEY")
            .with_secret(),
        Command::new(0, 0x84, 0, 0).with_le(8),
    ] {
        ex.run(&mut t, &cmd)?;
    }
    let text = lines.lock().map(|l| l.join("\n")).unwrap_or_default();
    for secret in [
        "313233343536",
        "393939393939",
        "3132333435363738",
        "4B45594B4559",
    ] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
    assert_eq!(text.lines().count(), 10, "{text}");
    assert!(text.contains("=> 0084000008"), "{text}");
    Ok(())
}

#[test]
fn arbitrary_bytes_never_panic_the_card() {
    let mut card = TestCard::sample();
    let mut x = 0x1234_5678_u32;
    for len in 0..600usize {
        let apdu: Vec<u8> = (0..len % 40)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        let answer = card.process(&apdu);
        assert!(answer.len() >= 2);
    }
}
