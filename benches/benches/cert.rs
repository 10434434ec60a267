//! Certificates inspected per second against bare x509-parser parsing of the same certificates in the
//! same run (target: inspection at least 80% of the bare parse rate; `inspect` reads every field,
//! `inspect_with_sha256` also computes the fingerprint, which is otherwise computed on first use). The certificates are every CA
//! certificate in /etc/ssl/certs plus the committed demo chain.
//!
//! Run: `cargo bench -p eeszt-auth-benches --bench cert -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eeszt_auth::cert::{Bundle, Certificate, Readiness};
use x509_parser::prelude::{FromDer, X509Certificate};

fn corpus() -> Vec<Vec<u8>> {
    let mut ders = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/etc/ssl/certs") {
        for entry in dir.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "pem") {
                if let Ok(Ok(bundle)) = std::fs::read(&path).map(|d| Bundle::load(&d, None)) {
                    ders.extend(bundle.certificates.iter().map(|c| c.der().to_vec()));
                }
            }
        }
    }
    let demo = include_bytes!("../../eeszt-auth/tests/data/cert/demo_client.pem");
    if let Ok(bundle) = Bundle::load(demo, None) {
        ders.extend(bundle.certificates.iter().map(|c| c.der().to_vec()));
    }
    ders
}

fn bench(c: &mut Criterion) {
    let ders = corpus();
    let mut group = c.benchmark_group("cert");
    group.throughput(Throughput::Elements(ders.len() as u64));
    group.bench_function("x509_parser_parse", |b| {
        b.iter(|| {
            for der in &ders {
                let parsed = X509Certificate::from_der(black_box(der));
                black_box(parsed.is_ok());
            }
        })
    });
    group.bench_function("inspect", |b| {
        b.iter(|| {
            for der in &ders {
                let cert = Certificate::from_der(black_box(der));
                black_box(cert.is_ok());
            }
        })
    });
    group.bench_function("inspect_with_sha256", |b| {
        b.iter(|| {
            for der in &ders {
                let cert = Certificate::from_der(black_box(der));
                black_box(cert.map(|c| c.sha256()).is_ok());
            }
        })
    });
    group.finish();

    let demo = include_bytes!("../../eeszt-auth/tests/data/cert/demo_client.pem");
    let bundle = Bundle::load(demo, None).expect("demo bundle");
    let mut single = c.benchmark_group("cert_client");
    single.throughput(Throughput::Elements(1));
    single.bench_function("load_pem_chain_with_key", |b| {
        b.iter(|| black_box(Bundle::load(black_box(demo), None).is_ok()))
    });
    single.bench_function("readiness_check_3_links", |b| {
        b.iter(|| black_box(Readiness::check(black_box(&bundle), 1_893_456_000, 30)))
    });
    single.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
