//! Certificates inspected per second against bare x509-parser parsing of the same certificates in the
//! same run (target: inspection at least 80% of the bare parse rate). The certificates are every CA
//! certificate in /etc/ssl/certs plus the committed demo chain.
//!
//! * `x509_parser_parse`: bare `X509Certificate::from_der` (the reference of the target);
//! * `x509_parser_parse_fields`: the same plus reading the subject's attribute values, the serial
//!   and both dates (the "parse + subject + serial + dates" baseline of notes/baselines.md);
//! * `inspect`: `Certificate::from_der` plus the same fields (the subject decoded to text);
//! * `inspect_all`: `Certificate::from_der` plus every field this library reports: subject,
//!   issuer, serial, dates, key usage, EKU, SAN, basic constraints, SKI/AKI, QCStatements, public
//!   key type and size, signature algorithm and the SHA-256 fingerprint.
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
            if path.extension().is_some_and(|e| e == "pem")
                && let Ok(Ok(bundle)) = std::fs::read(&path).map(|d| Bundle::load(&d, None))
            {
                ders.extend(bundle.certificates.iter().map(|c| c.der().to_vec()));
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
    group.bench_function("x509_parser_parse_fields", |b| {
        b.iter(|| {
            for der in &ders {
                if let Ok((_, x509)) = X509Certificate::from_der(black_box(der)) {
                    for attr in x509.subject().iter_attributes() {
                        black_box(attr.as_str().ok());
                    }
                    black_box(x509.raw_serial());
                    black_box(x509.validity().not_before.timestamp());
                    black_box(x509.validity().not_after.timestamp());
                }
            }
        })
    });
    group.bench_function("inspect", |b| {
        b.iter(|| {
            for der in &ders {
                if let Ok(cert) = Certificate::from_der(black_box(der)) {
                    for attr in &cert.subject().attributes {
                        black_box(attr.value.as_str());
                    }
                    black_box(&cert.serial);
                    black_box(cert.not_before);
                    black_box(cert.not_after);
                }
            }
        })
    });
    group.bench_function("inspect_all", |b| {
        b.iter(|| {
            for der in &ders {
                if let Ok(cert) = Certificate::from_der(black_box(der)) {
                    black_box(cert.subject());
                    black_box(cert.issuer());
                    black_box((&cert.serial, cert.not_before, cert.not_after));
                    black_box((cert.key_usage(), cert.extended_key_usage()));
                    black_box((cert.subject_alt_names(), cert.basic_constraints()));
                    black_box((cert.subject_key_id(), cert.authority_key_id()));
                    black_box(cert.qc_statements());
                    black_box(cert.public_key());
                    black_box(cert.signature_algorithm());
                    black_box(cert.sha256());
                }
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
