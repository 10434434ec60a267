//! Verifications per second through each OTP state store, on 1 and 2 threads.
//!
//! Each iteration is one accepted `verify_atomic` (a new step's code for the thread's own user:
//! one load and one compare-and-swap write). On 2 threads the time is for one verification on
//! each thread at once (so throughput is 2 / time). The PostgreSQL group needs
//! `EESZT_TEST_POSTGRES` (for example `scripts/with-postgres.sh make bench`); without it it prints
//! a line and is skipped.

use std::sync::{Arc, Barrier};

use criterion::{Criterion, criterion_group, criterion_main};
use eeszt_auth::otp::{Algorithm, OtpKey, Policy, Secret, Store, Totp, verify_atomic};

fn totp() -> Totp {
    Totp::standard(
        OtpKey::new(
            Secret::from_bytes(b"12345678901234567890").unwrap(),
            Algorithm::Sha1,
            6,
        )
        .unwrap(),
    )
}

/// Runs `iters` accepted verifications on each store (one thread per store) and returns the time.
fn run(stores: &[Arc<dyn Store + Send + Sync>], iters: u64, tag: &str) -> std::time::Duration {
    let barrier = Arc::new(Barrier::new(stores.len() + 1));
    let run_id = format!(
        "{tag}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let handles: Vec<_> = stores
        .iter()
        .enumerate()
        .map(|(i, store)| {
            let store = Arc::clone(store);
            let barrier = Arc::clone(&barrier);
            let user = format!("{run_id}-{i}");
            std::thread::spawn(move || {
                let t = totp();
                let codes: Vec<(u64, String)> = (0..iters)
                    .map(|n| {
                        let time = 1_000_000_000 + 30 * n;
                        (time, t.code_at(time).unwrap().as_str().to_owned())
                    })
                    .collect();
                barrier.wait();
                for (time, code) in &codes {
                    verify_atomic(&*store, &t, &user, code, *time, &Policy::default()).unwrap();
                }
            })
        })
        .collect();
    barrier.wait();
    let start = std::time::Instant::now();
    for h in handles {
        h.join().unwrap();
    }
    start.elapsed()
}

fn bench_store(c: &mut Criterion, name: &str, open: &dyn Fn() -> Arc<dyn Store + Send + Sync>) {
    let mut group = c.benchmark_group(format!("otp_store/{name}"));
    group.sample_size(10);
    for threads in [1usize, 2] {
        let stores: Vec<_> = (0..threads).map(|_| open()).collect();
        group.bench_function(format!("{threads}_threads"), |b| {
            b.iter_custom(|iters| run(&stores, iters, name))
        });
    }
    group.finish();
}

fn stores(c: &mut Criterion) {
    let memory: Arc<dyn Store + Send + Sync> = Arc::new(eeszt_auth_store::MemoryStore::new());
    bench_store(c, "memory", &|| Arc::clone(&memory));
    let dir = std::env::temp_dir().join(format!("eeszt-bench-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("otp.db");
    bench_store(c, "sqlite", &|| {
        Arc::new(eeszt_auth_store::SqliteStore::open(&path).unwrap())
    });
    let _ = std::fs::remove_dir_all(&dir);
    match std::env::var("EESZT_TEST_POSTGRES") {
        Ok(url) => bench_store(c, "postgres", &|| {
            Arc::new(eeszt_auth_store::PostgresStore::connect(&url).unwrap())
        }),
        Err(_) => println!(
            "otp_store/postgres: skipped (EESZT_TEST_POSTGRES not set; run under scripts/with-postgres.sh)"
        ),
    }
}

criterion_group!(benches, stores);
criterion_main!(benches);
