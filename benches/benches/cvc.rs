//! CV certificates: parsing, encoding and chain verification on the committed test chains made with
//! cvc-create (brainpoolP256r1 with ECDSA-SHA-256; brainpoolP512r1 with ECDSA-SHA-512).
#![allow(missing_docs)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use eeszt_auth::cert::{CvCertificate, CvDate, verify_chain};

const CHAIN: &[u8] = include_bytes!("../../eeszt-auth/tests/data/cvc/chain.cvcerts");
const CHAIN_BP512: &[u8] = include_bytes!("../../eeszt-auth/tests/data/cvc/bp512_chain.cvcerts");
const DV: &[u8] = include_bytes!("../../eeszt-auth/tests/data/cvc/dv.cvcert");

fn bench(c: &mut Criterion) {
    c.bench_function("cvc_parse_dv", |b| {
        b.iter(|| CvCertificate::parse(black_box(DV)).map(|c| c.chat().rights().len()))
    });
    let dv = CvCertificate::parse(DV).expect("test data");
    c.bench_function("cvc_encode_dv", |b| b.iter(|| black_box(&dv).to_bytes()));
    let chain = CvCertificate::parse_many(CHAIN).expect("test data");
    let today = CvDate::new(2026, 9, 1).expect("date");
    c.bench_function("cvc_verify_chain_4_bp256", |b| {
        b.iter(|| verify_chain(black_box(&chain), today))
    });
    let chain = CvCertificate::parse_many(CHAIN_BP512).expect("test data");
    c.bench_function("cvc_verify_chain_3_bp512", |b| {
        b.iter(|| verify_chain(black_box(&chain), today))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
