//! Exactly-once verification under concurrency, on every store: 32 threads presenting one valid
//! code (exactly one accepted, 100 rounds), 10 concurrent wrong codes (the lock after the third,
//! exactly), and a verifier process killed with SIGKILL in the middle of its verifications.
//!
//! The PostgreSQL tests need a server: `make test-postgres` (scripts/with-postgres.sh) starts a
//! private one and sets `EESZT_TEST_POSTGRES`. Without it they fail with the reason.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};

use eeszt_auth::otp::{
    Algorithm, OtpError, OtpKey, Policy, Secret, Store, Totp, UserState, verify_atomic,
};
use eeszt_auth_store::{MemoryStore, PostgresStore, SqliteStore};

const SEED: &[u8] = b"12345678901234567890";
const NOW: u64 = 1_111_111_111;
const THREADS: usize = 32;
const ROUNDS: usize = 100;

type DynStore = Box<dyn Store + Send + Sync>;

fn totp() -> Totp {
    Totp::standard(OtpKey::new(Secret::from_bytes(SEED).unwrap(), Algorithm::Sha1, 6).unwrap())
}

/// The PostgreSQL URL from `make test-postgres`, or a failure that says how to get one.
fn postgres_url() -> String {
    match std::env::var("EESZT_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "EESZT_TEST_POSTGRES is not set: run the PostgreSQL tests with `make test-postgres` \
             (scripts/with-postgres.sh starts a private server and sets it)"
        ),
    }
}

fn postgres() -> DynStore {
    let url = postgres_url();
    match PostgresStore::connect(&url) {
        Ok(store) => Box::new(store),
        Err(err) => panic!("PostgreSQL at EESZT_TEST_POSTGRES is unreachable: {err}"),
    }
}

/// A fresh SQLite file in a temporary directory (removed on drop).
struct TempDb {
    dir: std::path::PathBuf,
}

impl TempDb {
    fn new(name: &str) -> TempDb {
        let dir = std::env::temp_dir().join(format!(
            "eeszt-store-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDb { dir }
    }
    fn path(&self) -> std::path::PathBuf {
        self.dir.join("otp.db")
    }
    fn open(&self) -> DynStore {
        Box::new(SqliteStore::open(self.path()).unwrap())
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A user name no other test (or earlier run against the same server) uses.
fn unique_user(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{test}-{}-{nanos}", std::process::id())
}

/// Runs `f(thread, round)` on `threads` threads, `rounds` times, all threads of a round released
/// together; returns the results per round.
fn rounds<T: Send + 'static>(
    stores: Vec<DynStore>,
    rounds: usize,
    f: impl Fn(&dyn Store, usize) -> T + Send + Sync + 'static,
) -> Vec<Vec<T>> {
    let threads = stores.len();
    let barrier = Arc::new(Barrier::new(threads));
    let f = Arc::new(f);
    let handles: Vec<_> = stores
        .into_iter()
        .map(|store| {
            let barrier = Arc::clone(&barrier);
            let f = Arc::clone(&f);
            std::thread::spawn(move || {
                (0..rounds)
                    .map(|round| {
                        barrier.wait();
                        f(&*store, round)
                    })
                    .collect::<Vec<T>>()
            })
        })
        .collect();
    let per_thread: Vec<Vec<T>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut per_round: Vec<Vec<T>> = (0..rounds).map(|_| Vec::new()).collect();
    for results in per_thread {
        for (round, result) in results.into_iter().enumerate() {
            per_round[round].push(result);
        }
    }
    per_round
}

/// 32 verifiers present the same valid code at once, 100 times (a new user each round): exactly
/// one is accepted, the 31 others are refused as replays and each refusal is counted.
/// The policy never locks (`max_failures: 0`), so every loser must see the code as used.
fn same_code_exactly_once(stores: Vec<DynStore>, check: &dyn Store) {
    let prefix = unique_user("same");
    let policy = Policy {
        max_failures: 0,
        ..Policy::default()
    };
    let t = totp();
    let code = t.code_at(NOW).unwrap();
    let step = t.step(NOW).unwrap();
    let users: Vec<String> = (0..ROUNDS).map(|r| format!("{prefix}-{r}")).collect();
    let thread_users = users.clone();
    let results = rounds(stores, ROUNDS, move |store, round| {
        verify_atomic(
            store,
            &totp(),
            &thread_users[round],
            code.as_str(),
            NOW,
            &policy,
        )
    });
    for (round, results) in results.iter().enumerate() {
        let accepted = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(accepted, 1, "round {round}: {results:?}");
        let replays = results
            .iter()
            .filter(|r| **r == Err(OtpError::CodeReused))
            .count();
        assert_eq!(replays, THREADS - 1, "round {round}: {results:?}");
        let stored = check.load(&users[round]).unwrap();
        assert_eq!(stored.state.last_step, Some(step));
        assert_eq!(stored.state.failures, (THREADS - 1) as u32);
        assert_eq!(stored.version, THREADS as u64, "one write per verification");
    }
}

/// 10 verifiers present wrong codes at once (default policy: 3 failures lock for 900 s).
///
/// "Lock after the third", exactly: the failures are counted one by one as if in some order; the
/// first two answer `WrongCode` with 2 and 1 attempts left, the third records failure 3, sets the
/// lock to `time + 900` and answers `Locked`; the other seven find the user locked and are refused
/// with `Locked` before their code is looked at (as `Verifier` treats any attempt during a lock:
/// refused, not added to `failures`). So: 10 refusals, exactly one `WrongCode{2}`, one
/// `WrongCode{1}`, eight `Locked{until: time + 900}`, and a stored state with `failures == 3`
/// locked until `time + 900`, in which the valid code is refused too.
fn wrong_codes_lock_after_the_third(stores: Vec<DynStore>, check: &dyn Store, reps: usize) {
    let prefix = unique_user("wrong");
    let t = totp();
    let current = t.step(NOW).unwrap();
    let wrong = t.code_for_step(current + 5);
    for s in current - 1..=current + 1 {
        assert_ne!(t.code_for_step(s).as_str(), wrong.as_str());
    }
    let users: Vec<String> = (0..reps).map(|r| format!("{prefix}-{r}")).collect();
    let thread_users = users.clone();
    let results = rounds(stores, reps, move |store, round| {
        verify_atomic(
            store,
            &totp(),
            &thread_users[round],
            wrong.as_str(),
            NOW,
            &Policy::default(),
        )
    });
    let until = NOW + Policy::default().lockout_secs;
    for (round, results) in results.iter().enumerate() {
        assert_eq!(results.len(), 10);
        let count = |e: &OtpError| results.iter().filter(|r| r.as_ref() == Err(e)).count();
        let two_left = OtpError::WrongCode {
            attempts_left: Some(2),
        };
        let one_left = OtpError::WrongCode {
            attempts_left: Some(1),
        };
        let locked = OtpError::Locked {
            until,
            remaining_secs: 900,
        };
        assert_eq!(
            (count(&two_left), count(&one_left), count(&locked)),
            (1, 1, 8),
            "round {round}: {results:?}"
        );
        let stored = check.load(&users[round]).unwrap();
        assert_eq!(
            stored.state,
            UserState {
                last_step: None,
                failures: 3,
                locked_until: Some(until),
                counter: 0,
            }
        );
        assert_eq!(stored.version, 3, "only the three counted failures wrote");
        let valid = t.code_at(NOW + 1).unwrap();
        assert!(matches!(
            verify_atomic(
                check,
                &t,
                &users[round],
                valid.as_str(),
                NOW + 1,
                &Policy::default()
            ),
            Err(OtpError::Locked { .. })
        ));
    }
}

#[test]
fn memory_same_code_32_threads_exactly_once() {
    let store: Arc<MemoryStore> = Arc::new(MemoryStore::new());
    let stores: Vec<DynStore> = (0..THREADS)
        .map(|_| Box::new(Arc::clone(&store)) as DynStore)
        .collect();
    same_code_exactly_once(stores, &*store);
}

#[test]
fn memory_wrong_codes_lock_after_the_third() {
    let store: Arc<MemoryStore> = Arc::new(MemoryStore::new());
    let stores: Vec<DynStore> = (0..10)
        .map(|_| Box::new(Arc::clone(&store)) as DynStore)
        .collect();
    wrong_codes_lock_after_the_third(stores, &*store, 100);
}

#[test]
fn sqlite_same_code_32_threads_exactly_once() {
    let db = TempDb::new("same");
    let stores = (0..THREADS).map(|_| db.open()).collect();
    same_code_exactly_once(stores, &*db.open());
}

#[test]
fn sqlite_wrong_codes_lock_after_the_third() {
    let db = TempDb::new("wrong");
    let stores = (0..10).map(|_| db.open()).collect();
    wrong_codes_lock_after_the_third(stores, &*db.open(), 100);
}

#[test]
#[ignore = "needs PostgreSQL: make test-postgres"]
fn postgres_same_code_32_threads_exactly_once() {
    let stores = (0..THREADS).map(|_| postgres()).collect();
    same_code_exactly_once(stores, &*postgres());
}

#[test]
#[ignore = "needs PostgreSQL: make test-postgres"]
fn postgres_wrong_codes_lock_after_the_third() {
    let stores = (0..10).map(|_| postgres()).collect();
    wrong_codes_lock_after_the_third(stores, &*postgres(), 100);
}

// --- A verifier killed with SIGKILL -------------------------------------------------------------

const CHILD_STORE: &str = "EESZT_KILL_CHILD_STORE";
const CHILD_USER: &str = "EESZT_KILL_CHILD_USER";

/// Not a test of its own: the body of the verifier process that
/// `killed_verifier_leaves_a_consistent_state` starts (this test binary again, with
/// `CHILD_STORE` set) and kills. Without that variable it has nothing to do.
///
/// It verifies the code of one step after another for a user and prints `accepted STEP CODE`
/// after each accepted verification has been written, until it is killed.
#[test]
fn kill_child_process_entry() {
    let (Ok(conn), Ok(user)) = (std::env::var(CHILD_STORE), std::env::var(CHILD_USER)) else {
        return;
    };
    use std::io::Write;
    let store = eeszt_auth_store::open(&conn).unwrap();
    let t = totp();
    let mut out = std::io::stdout().lock();
    for i in 0..1_000_000u64 {
        let time = NOW + 30 * i;
        let code = t.code_at(time).unwrap();
        let m = verify_atomic(&store, &t, &user, code.as_str(), time, &Policy::default())
            .expect("each new step's code is accepted");
        writeln!(out, "accepted {time} {} {}", m.step, code.as_str()).unwrap();
        out.flush().unwrap();
    }
}

/// Starts a verifier process, kills it with SIGKILL after `after` accepted codes (plus a short
/// varying delay, so the kill lands inside a verification), then checks that the state loads and
/// refuses every code the process reported as accepted.
fn kill_in_the_middle(conn: &str, after: usize, delay_us: u64) {
    let user = unique_user("kill");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "kill_child_process_entry",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_STORE, conn)
        .env(CHILD_USER, &user)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut accepted = Vec::new();
    while accepted.len() < after {
        let line = lines.next().expect("the verifier ended early").unwrap();
        if let Some(rest) = line.strip_prefix("accepted ") {
            accepted.push(rest.to_owned());
        }
    }
    std::thread::sleep(std::time::Duration::from_micros(delay_us));
    // std's Child::kill sends SIGKILL on Unix.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(libc::SIGKILL), "killed by SIGKILL");
    // Lines written before the kill are accepted codes too.
    for line in lines {
        let Ok(line) = line else { break };
        if let Some(rest) = line.strip_prefix("accepted ") {
            accepted.push(rest.to_owned());
        }
    }
    let store = eeszt_auth_store::open(conn).unwrap();
    let loaded = store.load(&user).expect("the state loads after the kill");
    let t = totp();
    let policy = Policy {
        max_failures: 0,
        ..Policy::default()
    };
    let mut last = 0;
    for line in &accepted {
        let fields: Vec<&str> = line.split(' ').collect();
        let time: u64 = fields[0].parse().unwrap();
        let step: u64 = fields[1].parse().unwrap();
        last = last.max(step);
        assert_eq!(
            verify_atomic(&store, &t, &user, fields[2], time, &policy),
            Err(OtpError::CodeReused),
            "an accepted code ({line}) was accepted again after the kill"
        );
    }
    let stored_last = loaded.state.last_step.expect("codes were accepted");
    assert!(stored_last >= last, "the store lost an accepted step");
    // At most the one verification in flight was written without being reported.
    assert!(stored_last <= last + 1, "{stored_last} > {last} + 1");
}

#[test]
fn sqlite_killed_verifier_leaves_a_consistent_state() {
    let db = TempDb::new("kill");
    let conn = format!("sqlite:{}", db.path().display());
    for (after, delay_us) in [(1, 0), (5, 50), (20, 200), (50, 1000), (3, 500)] {
        kill_in_the_middle(&conn, after, delay_us);
    }
}

#[test]
#[ignore = "needs PostgreSQL: make test-postgres"]
fn postgres_killed_verifier_leaves_a_consistent_state() {
    let url = postgres_url();
    drop(postgres());
    for (after, delay_us) in [(1, 0), (5, 50), (20, 200), (50, 1000), (3, 500)] {
        kill_in_the_middle(&url, after, delay_us);
    }
}
