//! Smartcard speed: short APDU encode + decode, BER-TLV parse throughput, in-process round trips
//! through the exchange layer, and the pcscd + vpcd round trip of our PC/SC transport against raw
//! `pcsc` crate calls on the same stack in the same run (issue 5: overhead at most 5%).
//!
//! The pcscd group needs the private pcscd of scripts/with-pcscd.sh:
//! `scripts/with-pcscd.sh cargo bench -p eeszt-auth-benches --bench card`; without a reachable pcscd
//! it is skipped with a note.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eeszt_auth::card::pcsc::{CardEvent, PcscContext};
use eeszt_auth::card::testcard::TestCard;
use eeszt_auth::card::vpcd::serve_vpcd;
use eeszt_auth::card::{Command, Response, SimTransport, Transport, exchange, tlv};

fn apdu(c: &mut Criterion) {
    let mut group = c.benchmark_group("card_apdu");
    let select =
        Command::new(0x00, 0xA4, 0x04, 0x0C).with_data([0xF0, 0x45, 0x45, 0x53, 0x5A, 0x54, 0x01]);
    group.bench_function("short_encode_decode", |b| {
        b.iter(|| {
            let bytes = black_box(&select).to_bytes().expect("encode");
            black_box(Command::parse(black_box(&bytes)).expect("decode"))
        })
    });
    let answer = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x90, 0x00];
    group.bench_function("response_parse", |b| {
        b.iter(|| black_box(Response::parse(black_box(&answer))))
    });
    group.finish();
}

/// A CV-certificate-shaped structure (7F21 { 7F4E { ... }, 5F37 }), about 440 bytes.
fn cvc_like() -> Vec<u8> {
    let mut out = Vec::new();
    tlv::encode_constructed(0x7F21, &mut out, |cert| {
        tlv::encode_constructed(0x7F4E, cert, |body| {
            tlv::encode(0x5F29, &[0x00], body);
            tlv::encode(0x42, b"HUCVCA00001", body);
            tlv::encode_constructed(0x7F49, body, |key| {
                tlv::encode(
                    0x06,
                    &[0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x02, 0x02, 0x03],
                    key,
                );
                tlv::encode(0x86, &[0x04; 65], key);
            });
            tlv::encode(0x5F20, b"HUDVCA00001", body);
            tlv::encode_constructed(0x7F4C, body, |chat| {
                tlv::encode(
                    0x06,
                    &[0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x01, 0x02, 0x02],
                    chat,
                );
                tlv::encode(0x53, &[0x00, 0x00, 0x00, 0x01, 0x10], chat);
            });
            tlv::encode(0x5F25, &[2, 6, 0, 1, 0, 1], body);
            tlv::encode(0x5F24, &[2, 9, 0, 1, 0, 1], body);
            tlv::encode(0x65, &[0x73; 200], body);
        });
        tlv::encode(0x5F37, &[0x5A; 64], cert);
    });
    out
}

fn ber_tlv(c: &mut Criterion) {
    let data = cvc_like();
    let mut group = c.benchmark_group("card_tlv");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("parse_all_top_level", |b| {
        b.iter(|| black_box(tlv::parse_all(black_box(&data))))
    });
    group.bench_function("validate_nested_der", |b| {
        b.iter(|| black_box(tlv::validate(black_box(&data), &tlv::ParseOptions::DER)))
    });
    group.bench_function("find_nested_5F20", |b| {
        b.iter(|| black_box(tlv::find(black_box(&data), 0x5F20)))
    });
    group.finish();
}

fn in_process(c: &mut Criterion) {
    let mut group = c.benchmark_group("card_exchange_in_process");
    group.throughput(Throughput::Elements(1));
    let mut t = SimTransport::new(TestCard::sample());
    let select = Command::new(0x00, 0xA4, 0x08, 0x0C).with_data([0x50, 0x00, 0x50, 0x01]);
    exchange(&mut t, &select).expect("select");
    let read = Command::new(0x00, 0xB0, 0x00, 0x10).with_le(16);
    group.bench_function("read_binary_16", |b| {
        b.iter(|| black_box(exchange(&mut t, black_box(&read))))
    });
    let challenge = Command::new(0x00, 0x84, 0x00, 0x00).with_le(8);
    group.bench_function("get_challenge_8", |b| {
        b.iter(|| black_box(exchange(&mut t, black_box(&challenge))))
    });
    let mut chunked = SimTransport::new(TestCard::sample().with_behaviour(
        eeszt_auth::card::testcard::Behaviour {
            response_chunk: Some(64),
            ..Default::default()
        },
    ));
    exchange(&mut chunked, &select).expect("select");
    let read256 = Command::new(0x00, 0xB0, 0x00, 0x00).with_le(256);
    group.bench_function("read_binary_256_in_4_parts_61xx", |b| {
        b.iter(|| black_box(exchange(&mut chunked, black_box(&read256))))
    });
    group.finish();
}

const READER: &str = "Virtual PCD 00 00";

fn pcscd(c: &mut Criterion) {
    let Ok(ctx) = PcscContext::establish() else {
        eprintln!("card_pcscd: skipped, no pcscd reachable (run inside scripts/with-pcscd.sh)");
        return;
    };
    if !ctx
        .readers()
        .map(|r| r.iter().any(|n| n == READER))
        .unwrap_or(false)
    {
        eprintln!(
            "card_pcscd: skipped, reader \"{READER}\" not found (run inside scripts/with-pcscd.sh)"
        );
        return;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let server = std::thread::spawn(move || {
        let mut card = TestCard::sample();
        serve_vpcd(&mut card, "127.0.0.1:35963", &flag)
    });
    if ctx
        .wait_for(
            Some(READER),
            CardEvent::Inserted,
            Some(Duration::from_secs(15)),
        )
        .is_err()
    {
        eprintln!("card_pcscd: skipped, the test card did not appear in \"{READER}\"");
        stop.store(true, Ordering::Relaxed);
        let _ = server.join();
        return;
    }
    // One connection: the same card and the same bytes through raw `pcsc` calls on the connection's
    // own handle and through our transport, so only our layer differs.
    let select = Command::new(0x00, 0xA4, 0x08, 0x0C).with_data([0x50, 0x00, 0x50, 0x01]);
    let read = Command::new(0x00, 0xB0, 0x00, 0x10).with_le(16);
    let read_bytes = read.to_bytes().expect("encode");
    let mut ours = ctx.connect(READER).expect("connect");
    exchange(&mut ours, &select).expect("select");
    let mut buf = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    interleaved_medians(&mut ours, &read_bytes, &mut buf);

    let mut group = c.benchmark_group("card_pcscd_round_trip");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_pcsc_transmit", |b| {
        b.iter(|| {
            black_box(
                ours.raw_card()
                    .transmit(black_box(&read_bytes), &mut buf)
                    .map(<[u8]>::len),
            )
        })
    });
    group.bench_function("ours_transport_transmit", |b| {
        b.iter(|| black_box(ours.transmit(black_box(&read_bytes))))
    });
    group.bench_function("ours_exchange", |b| {
        b.iter(|| black_box(exchange(&mut ours, black_box(&read))))
    });
    group.finish();

    let _ = ours.disconnect();
    stop.store(true, Ordering::Relaxed);
    let _ = server.join();
}

/// Alternates raw and our transmissions (so both see the same machine load) and prints the medians
/// and the overhead ratio.
fn interleaved_medians(
    ours: &mut eeszt_auth::card::pcsc::PcscTransport,
    apdu: &[u8],
    buf: &mut [u8],
) {
    const ROUNDS: usize = 2000;
    let mut raw_ns = Vec::with_capacity(ROUNDS);
    let mut ours_ns = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        black_box(ours.raw_card().transmit(apdu, buf).map(<[u8]>::len)).expect("raw transmit");
        raw_ns.push(t.elapsed().as_nanos());
        let t = Instant::now();
        black_box(ours.transmit(apdu)).expect("our transmit");
        ours_ns.push(t.elapsed().as_nanos());
    }
    raw_ns.sort_unstable();
    ours_ns.sort_unstable();
    let (raw, our) = (raw_ns[ROUNDS / 2], ours_ns[ROUNDS / 2]);
    eprintln!(
        "card_pcscd_round_trip interleaved x{ROUNDS}: raw pcsc median {raw} ns, ours median {our} ns, \
         overhead ratio {:.3}",
        our as f64 / raw as f64
    );
}

criterion_group!(benches, apdu, ber_tlv, in_process, pcscd);
criterion_main!(benches);
