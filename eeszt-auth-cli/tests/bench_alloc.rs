//! The measured loop of `eeszt-auth bench` adds no heap allocation per operation: the harness
//! (compiled here from the tool's source) runs under a counting global allocator, twice, with
//! measurement times far apart; the number of allocations must not grow with the number of
//! operations. The operations measured are an OTP code (what `bench otp` runs; it allocates
//! nothing itself) and an empty one, on one and on two threads.
//!
//! Its own test binary: the global allocator counts every thread of the process, so no other test
//! may run beside it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[allow(dead_code, unreachable_pub)]
#[path = "../src/bench/harness.rs"]
mod harness;

use eeszt_auth::otp::{Algorithm, OtpKey, Secret};

/// Counts allocations (and reallocations) of every thread.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: defers every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn plan(measure_ms: u64, threads: usize) -> harness::Plan {
    harness::Plan {
        warmup: Duration::from_millis(20),
        measure: Duration::from_millis(measure_ms),
        threads,
        progress: false,
    }
}

/// Allocations and operations of one run of `op` (one worker closure per thread).
fn measure<W: FnMut() -> Result<(), ()>>(
    measure_ms: u64,
    threads: usize,
    make: impl Fn(usize) -> Result<W, ()> + Sync,
) -> (u64, u64) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let outcome = harness::run(&plan(measure_ms, threads), make).expect("run");
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    (after - before, outcome.ops)
}

fn check<W: FnMut() -> Result<(), ()>>(
    label: &str,
    threads: usize,
    make: impl Fn(usize) -> Result<W, ()> + Sync + Copy,
) {
    // A first run pays for what the process sets up once (thread-locals, the clock).
    let _ = measure(20, threads, make);
    let (short_allocs, short_ops) = measure(30, threads, make);
    let (long_allocs, long_ops) = measure(300, threads, make);
    assert!(
        long_ops > short_ops + 1_000,
        "{label}: the long run must measure many more operations ({short_ops} vs {long_ops})"
    );
    // The same fixed cost (threads, histograms, the outcome) whatever the number of operations; a
    // small slack for the standard library's lazily allocated per-thread state.
    assert!(
        long_allocs <= short_allocs + 4,
        "{label}: {short_allocs} allocations for {short_ops} operations, {long_allocs} for \
         {long_ops}: the measured loop allocates"
    );
}

/// One test only: the counter sees every thread of the process, so a second test running beside
/// this one would disturb it.
#[test]
fn the_measured_loop_allocates_nothing_per_operation() {
    let secret = Secret::from_bytes(b"12345678901234567890").expect("secret");
    let key = OtpKey::new(secret, Algorithm::Sha1, 6).expect("key");
    let key = &key;
    for threads in [1, 2] {
        check("empty operation", threads, |_| {
            Ok(|| {
                black_box(());
                Ok(())
            })
        });
        check("OTP code", threads, |i| {
            let mut counter = i as u64;
            Ok(move || {
                counter += 1;
                black_box(key.hotp(black_box(counter)));
                Ok(())
            })
        });
    }
    // The check itself catches an operation that allocates (so the checks above can fail).
    let caught = std::panic::catch_unwind(|| {
        check("allocating operation", 1, |_| {
            Ok(|| {
                black_box(vec![0u8; 16]);
                Ok(())
            })
        })
    });
    assert!(caught.is_err(), "an allocating operation went unnoticed");
}
