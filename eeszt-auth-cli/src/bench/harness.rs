//! The measurement engine of `eeszt-auth bench`: warm-up, calibration, the timed loop on N
//! threads, the latency histogram.
//!
//! This file depends on nothing else in the tool (only `std`, `hdrhistogram` and `indicatif`), so
//! that the allocation test (`tests/bench_alloc.rs`) can compile it with a counting allocator.
//!
//! How one run goes:
//! 1. every worker is built on its own thread (`make(i)`: a reader connection per worker, or a
//!    closure over one shared key), then runs its operation for the warm-up time;
//! 2. the warm-up's fastest operation fixes the batch size `B` (the same for all workers):
//!    `B = 1` when one operation takes 2 µs or more, otherwise enough operations for about 2 µs,
//!    so that reading the clock (20-30 ns) does not weigh on sub-microsecond operations;
//! 3. all workers start together and time each batch; the batch time divided by `B` goes into the
//!    worker's preallocated histogram with the count `B`. Nothing in this loop allocates: the
//!    histogram has fixed bounds (a longer time is clamped to the upper bound), the progress counter
//!    is one padded atomic per worker, and the progress bar is drawn by the calling thread;
//! 4. the histograms are merged once the workers stop. Operations per second are the total count
//!    over the wall time of the measurement (first start to last stop).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

/// The longest latency the histogram holds (60 s); longer ones are recorded as 60 s.
pub const MAX_TRACKED_NS: u64 = 60_000_000_000;

/// The time one timed batch aims at.
const BATCH_TARGET_NS: u64 = 2_000;

/// The largest batch.
const MAX_BATCH: u64 = 4_096;

/// How a run is timed.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Warm-up time (not measured).
    pub warmup: Duration,
    /// Measurement time.
    pub measure: Duration,
    /// Number of worker threads.
    pub threads: usize,
    /// Draw a progress bar on stdout (the caller checks that it is a terminal).
    pub progress: bool,
}

impl Plan {
    /// A plan for `seconds` of measurement: a warm-up of a fifth of that (at least 50 ms, at most
    /// 1 s), a progress bar when stdout is a terminal and `quiet` is false.
    pub fn new(seconds: f64, threads: usize, quiet: bool) -> Plan {
        let measure = Duration::from_secs_f64(seconds);
        let warmup = (measure / 5).clamp(Duration::from_millis(50), Duration::from_secs(1));
        Plan {
            warmup,
            measure,
            threads: threads.max(1),
            progress: !quiet && std::io::stdout().is_terminal(),
        }
    }
}

/// What a run measured.
#[derive(Debug)]
pub struct Outcome {
    /// Operations completed in the measurement.
    pub ops: u64,
    /// Wall time of the measurement.
    pub elapsed: Duration,
    /// Latency per operation in nanoseconds (all workers merged).
    pub histogram: Histogram<u64>,
    /// Operations per timed batch (1: each operation timed on its own).
    pub batch: u64,
    /// Worker threads.
    pub threads: usize,
}

impl Outcome {
    /// Operations per second, all workers together.
    pub fn ops_per_sec(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.ops as f64 / secs
        } else {
            0.0
        }
    }

    /// Mean time per operation of one worker, in nanoseconds (threads / ops per second).
    pub fn mean_ns(&self) -> f64 {
        let rate = self.ops_per_sec();
        if rate > 0.0 {
            self.threads as f64 * 1e9 / rate
        } else {
            0.0
        }
    }

    /// The latency at `quantile` (0..=1), in nanoseconds.
    pub fn quantile_ns(&self, quantile: f64) -> u64 {
        self.histogram.value_at_quantile(quantile)
    }

    /// The largest latency recorded, in nanoseconds.
    pub fn max_ns(&self) -> u64 {
        self.histogram.max()
    }

    /// This and a later measurement of the same operation as one: counts, times and histograms
    /// added (the batch is the larger of the two).
    pub fn merge(mut self, other: Outcome) -> Outcome {
        let _ = self.histogram.add(&other.histogram);
        Outcome {
            ops: self.ops + other.ops,
            elapsed: self.elapsed + other.elapsed,
            histogram: self.histogram,
            batch: self.batch.max(other.batch),
            threads: self.threads,
        }
    }
}

/// What a worker hands back: its histogram and when it stopped, or the error that stopped it.
type WorkerResult<E> = Result<(Histogram<u64>, Instant), E>;

/// A counter on its own cache lines, so that workers do not slow each other down.
#[repr(align(128))]
#[derive(Debug, Default)]
struct Padded(AtomicU64);

/// Runs the measurement: `make(i)` builds worker `i`'s operation on that worker's thread; each call
/// of the operation is one measured operation. The first error (building a worker or running an
/// operation) stops every worker and is returned.
pub fn run<E, W, M>(plan: &Plan, make: M) -> Result<Outcome, E>
where
    E: Send,
    W: FnMut() -> Result<(), E>,
    M: Fn(usize) -> Result<W, E> + Sync,
{
    let threads = plan.threads.max(1);
    let barrier = Barrier::new(threads + 1);
    let fastest_ns: Vec<Padded> = (0..threads).map(|_| Padded::default()).collect();
    let done: Vec<Padded> = (0..threads).map(|_| Padded::default()).collect();
    let failed = std::sync::atomic::AtomicBool::new(false);
    let batch = AtomicU64::new(1);
    let start: Mutex<Option<Instant>> = Mutex::new(None);
    let results: Vec<Mutex<Option<WorkerResult<E>>>> =
        (0..threads).map(|_| Mutex::new(None)).collect();

    std::thread::scope(|scope| {
        for i in 0..threads {
            let (barrier, fastest_ns, done, failed, batch, start, results, make) = (
                &barrier,
                &fastest_ns,
                &done,
                &failed,
                &batch,
                &start,
                &results,
                &make,
            );
            let warmup = plan.warmup;
            let measure = plan.measure;
            scope.spawn(move || {
                let outcome = worker(
                    i, warmup, measure, barrier, fastest_ns, done, failed, batch, start, make,
                );
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(outcome);
                }
            });
        }
        // Phase 1: workers are built and warm; fix the batch size and the start.
        barrier.wait();
        let slowest = fastest_ns
            .iter()
            .map(|m| m.0.load(Ordering::Relaxed))
            .max()
            .unwrap_or(0);
        batch.store(batch_size(slowest), Ordering::Relaxed);
        let began = Instant::now();
        if let Ok(mut s) = start.lock() {
            *s = Some(began);
        }
        barrier.wait();
        // Phase 2: the workers measure; draw the progress bar meanwhile.
        let bar = plan.progress.then(|| progress_bar(plan.measure));
        if let Some(bar) = &bar {
            while !failed.load(Ordering::Relaxed) && began.elapsed() < plan.measure {
                std::thread::sleep(Duration::from_millis(100));
                let ops: u64 = done.iter().map(|d| d.0.load(Ordering::Relaxed)).sum();
                let secs = began.elapsed().as_secs_f64().max(1e-9);
                bar.set_position(began.elapsed().as_millis().min(u128::from(u64::MAX)) as u64);
                bar.set_message(format!("{:.0} op/s", ops as f64 / secs));
            }
            bar.finish_and_clear();
        }
    });

    let began = start.into_inner().ok().flatten();
    let mut histogram = new_histogram();
    let mut last_end: Option<Instant> = None;
    let mut first_error = None;
    for slot in results {
        match slot.into_inner().ok().flatten() {
            Some(Ok((h, end))) => {
                let _ = histogram.add(&h);
                last_end = Some(last_end.map_or(end, |l| l.max(end)));
            }
            Some(Err(e)) if first_error.is_none() => first_error = Some(e),
            _ => {}
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let elapsed = match (began, last_end) {
        (Some(b), Some(e)) => e.saturating_duration_since(b),
        _ => Duration::ZERO,
    };
    Ok(Outcome {
        ops: histogram.len(),
        elapsed,
        histogram,
        batch: batch.load(Ordering::Relaxed),
        threads,
    })
}

/// The batch size for a mean operation time of `mean_ns`.
pub fn batch_size(mean_ns: u64) -> u64 {
    if mean_ns >= BATCH_TARGET_NS {
        1
    } else {
        BATCH_TARGET_NS.div_ceil(mean_ns.max(1)).clamp(1, MAX_BATCH)
    }
}

fn new_histogram() -> Histogram<u64> {
    // Three significant digits from 1 ns to 60 s; fixed bounds, so recording never allocates.
    Histogram::new_with_bounds(1, MAX_TRACKED_NS, 3).unwrap_or_else(|_| {
        // The bounds above are valid; this branch only keeps the function total.
        Histogram::new(3).unwrap_or_else(|_| unreachable!("hdrhistogram rejects 3 digits"))
    })
}

fn progress_bar(measure: Duration) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(measure.as_millis().min(u128::from(u64::MAX)) as u64),
        indicatif::ProgressDrawTarget::stdout(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {elapsed_precise} {msg}") {
        bar.set_style(style);
    }
    bar
}

#[allow(clippy::too_many_arguments)]
fn worker<E, W, M>(
    index: usize,
    warmup: Duration,
    measure: Duration,
    barrier: &Barrier,
    fastest_ns: &[Padded],
    done: &[Padded],
    failed: &std::sync::atomic::AtomicBool,
    batch: &AtomicU64,
    start: &Mutex<Option<Instant>>,
    make: &M,
) -> WorkerResult<E>
where
    W: FnMut() -> Result<(), E>,
    M: Fn(usize) -> Result<W, E>,
{
    let mut histogram = new_histogram();
    // Build and warm up; an error still takes part in both barriers so nobody waits forever.
    let prepared = make(index).and_then(|mut op| {
        // The fastest single operation of the warm-up sizes the batch: unlike the mean, it does
        // not grow when other processes take the CPU away.
        let begin = Instant::now();
        let mut fastest = u64::MAX;
        while begin.elapsed() < warmup && !failed.load(Ordering::Relaxed) {
            let t = Instant::now();
            op()?;
            let ns = u64::try_from(t.elapsed().as_nanos()).unwrap_or(u64::MAX);
            fastest = fastest.min(ns);
        }
        fastest_ns[index].0.store(
            if fastest == u64::MAX { 0 } else { fastest },
            Ordering::Relaxed,
        );
        Ok(op)
    });
    if prepared.is_err() {
        failed.store(true, Ordering::Relaxed);
    }
    barrier.wait();
    barrier.wait();
    let mut op = prepared?;
    let batch = batch.load(Ordering::Relaxed).max(1);
    let began = start
        .lock()
        .ok()
        .and_then(|s| *s)
        .unwrap_or_else(Instant::now);
    let deadline = began + measure;
    let counter = &done[index].0;
    let mut total = 0u64;
    loop {
        let t0 = Instant::now();
        if t0 >= deadline || failed.load(Ordering::Relaxed) {
            break;
        }
        for _ in 0..batch {
            if let Err(e) = op() {
                failed.store(true, Ordering::Relaxed);
                return Err(e);
            }
        }
        let ns = u64::try_from(t0.elapsed().as_nanos()).unwrap_or(u64::MAX);
        let per_op = (ns / batch).clamp(1, MAX_TRACKED_NS);
        // Bounds are fixed and the value is inside them: this cannot fail or allocate.
        let _ = histogram.record_n(per_op, batch);
        total += batch;
        counter.store(total, Ordering::Relaxed);
    }
    Ok((histogram, Instant::now()))
}
