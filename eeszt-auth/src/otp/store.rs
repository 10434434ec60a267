//! Exactly-once verification against a shared store: a versioned [`UserState`], a [`Store`] that
//! loads it and writes it back only if nobody else wrote it in between (compare-and-swap), and
//! [`verify_atomic`] / [`verify_hotp_atomic`], which retry from the fresh state when they lose a
//! race.
//!
//! Several application servers that check codes for one database must not load the state, verify
//! and write it back blindly: two requests carrying the same code would both be accepted, and
//! concurrent wrong codes would overwrite each other's failure count. With a [`Store`] every write
//! names the version it was computed from; a write from a stale version is refused and the check
//! is repeated on the newer state, where the code is then seen as already used.
//!
//! This module does no I/O: the stores (in memory, SQLite, PostgreSQL) live in the
//! `eeszt-auth-store` crate, and a server may implement [`Store`] on its own tables.
//!
//! # The stored record
//!
//! [`UserState::to_record`] gives the state as one line of ASCII text, stable across versions of
//! this library (a later format gets a new leading number; this one stays readable):
//!
//! ```text
//! 1;<last_step>;<failures>;<locked_until>;<counter>
//! ```
//!
//! Each field is an unsigned decimal number without sign or leading zeros (`0` is written `0`);
//! `last_step` and `locked_until` are empty when absent. For example `1;37037036;0;;0` (the last
//! accepted TOTP step is 37037036, no failures, not locked, HOTP counter 0) and `1;;3;1111112011;0`
//! (never accepted a code, locked until 1111112011 after three failures).
//! [`UserState::from_record`] accepts exactly this canonical form.
//!
//! # Progress
//!
//! A verification that loses a race does so because another verification of the same user wrote
//! in between; every verification writes at most once. So with `n` verifications of one user
//! running at the same time, each loses at most `n - 1` races. [`verify_atomic`] tries
//! [`MAX_STORE_TRIES`] times, then gives up with [`OtpError::StoreContention`] without accepting
//! anything: it never spins forever.
//!
//! ```
//! use std::cell::RefCell;
//! use eeszt_auth::otp::{
//!     Algorithm, OtpError, OtpKey, Policy, Secret, Store, Totp, UserState, Versioned, verify_atomic,
//! };
//!
//! /// A single-threaded store for the example (see `eeszt-auth-store` for real ones).
//! struct OneCell(RefCell<Versioned>);
//! impl Store for OneCell {
//!     fn load(&self, _user: &str) -> Result<Versioned, OtpError> {
//!         Ok(*self.0.borrow())
//!     }
//!     fn compare_and_swap(&self, _user: &str, version: u64, state: &UserState)
//!         -> Result<bool, OtpError> {
//!         let mut cell = self.0.borrow_mut();
//!         if cell.version != version {
//!             return Ok(false);
//!         }
//!         *cell = Versioned { version: version + 1, state: *state };
//!         Ok(true)
//!     }
//! }
//!
//! let store = OneCell(RefCell::new(Versioned::default()));
//! let totp = Totp::standard(OtpKey::new(Secret::from_bytes(b"12345678901234567890")?, Algorithm::Sha1, 6)?);
//! let now = 1_111_111_111;
//! let code = totp.code_at(now)?;
//! assert!(verify_atomic(&store, &totp, "O95745", code.as_str(), now, &Policy::default()).is_ok());
//! assert_eq!(
//!     verify_atomic(&store, &totp, "O95745", code.as_str(), now, &Policy::default()),
//!     Err(OtpError::CodeReused)
//! );
//! # Ok::<(), OtpError>(())
//! ```

use super::{Match, OtpError, OtpKey, Policy, Totp, UserState, Verifier};

/// The format number written at the start of [`UserState::to_record`].
pub const STATE_RECORD_VERSION: u32 = 1;

/// The longest user identifier a store accepts, in bytes.
pub const MAX_STORE_USER_BYTES: usize = 256;

/// How many times [`verify_atomic`] loads and tries to write before giving up with
/// [`OtpError::StoreContention`]. Enough for this many verifications of one user at the same time.
pub const MAX_STORE_TRIES: u32 = 64;

/// The longest state record [`UserState::from_record`] accepts, in bytes.
const MAX_RECORD_BYTES: usize = 100;

/// A user's state with the version it was stored under.
///
/// Version `0` means that the store holds nothing for the user yet (the state is then
/// `UserState::default()`); every successful write increases the version by one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Versioned {
    /// The stored version (`0`: no record yet).
    pub version: u64,
    /// The state.
    pub state: UserState,
}

/// Where users' states are kept, with an atomic conditional write.
///
/// Implementations must make `compare_and_swap` atomic against every other writer of the same
/// user (other threads, processes and servers): a single conditional `UPDATE … WHERE version = ?`
/// in SQL, or an insert that does nothing when the row exists.
pub trait Store {
    /// The user's state and version; `Versioned::default()` (version 0) when there is none.
    fn load(&self, user: &str) -> Result<Versioned, OtpError>;

    /// Writes `state` as version `version + 1` if and only if the stored version is still
    /// `version` (for `0`: no record exists). Returns `Ok(false)`, writing nothing, when another
    /// writer got there first.
    fn compare_and_swap(
        &self,
        user: &str,
        version: u64,
        state: &UserState,
    ) -> Result<bool, OtpError>;
}

/// Forwards the store methods to the pointee, for `&S`, `Box<S>` and `Arc<S>`.
macro_rules! forward_store {
    ($($ptr:ty),+) => {$(
        impl<S: Store + ?Sized> Store for $ptr {
            fn load(&self, user: &str) -> Result<Versioned, OtpError> {
                (**self).load(user)
            }
            fn compare_and_swap(
                &self,
                user: &str,
                version: u64,
                state: &UserState,
            ) -> Result<bool, OtpError> {
                (**self).compare_and_swap(user, version, state)
            }
        }
    )+};
}

forward_store!(&S, Box<S>, std::sync::Arc<S>);

/// Checks a user identifier for a store: 1 to [`MAX_STORE_USER_BYTES`] bytes, no control
/// characters (C0, DEL, C1).
pub fn check_store_user(user: &str) -> Result<(), OtpError> {
    if user.is_empty() || user.len() > MAX_STORE_USER_BYTES || user.chars().any(char::is_control) {
        return Err(OtpError::StoreUser {
            max_bytes: MAX_STORE_USER_BYTES,
        });
    }
    Ok(())
}

/// Runs `check` on the user's fresh state until its result is stored (or nothing needs storing).
///
/// `check` may run several times; only the run whose state is written (or that changed nothing)
/// gives the result.
fn atomic<S: Store + ?Sized>(
    store: &S,
    user: &str,
    mut check: impl FnMut(&mut UserState) -> Result<Match, OtpError>,
) -> Result<Match, OtpError> {
    check_store_user(user)?;
    for _ in 0..MAX_STORE_TRIES {
        let loaded = store.load(user)?;
        let mut state = loaded.state;
        let outcome = check(&mut state);
        // A refusal that changed nothing (locked, a typing mistake) is true of the loaded version:
        // nothing to write.
        if state == loaded.state {
            return outcome;
        }
        if store.compare_and_swap(user, loaded.version, &state)? {
            return outcome;
        }
        // Lost the race: someone else wrote this user. Let them run, then check again on their
        // state, where an accepted code is already used.
        std::thread::yield_now();
    }
    Err(OtpError::StoreContention {
        tries: MAX_STORE_TRIES,
    })
}

/// Checks a TOTP code for `user` against the state in `store` and records the outcome atomically:
/// of any number of concurrent calls presenting the same code, at most one is accepted, and every
/// failure is counted.
///
/// Results and errors as for [`Verifier::verify_totp`], plus [`OtpError::StoreUser`] (a bad user
/// identifier), [`OtpError::StoreContention`] (lost [`MAX_STORE_TRIES`] races; nothing accepted)
/// and the store's own errors ([`OtpError::StoreUnavailable`], [`OtpError::StateRecord`]).
pub fn verify_atomic<S: Store + ?Sized>(
    store: &S,
    totp: &Totp,
    user: &str,
    code: &(impl AsRef<[u8]> + ?Sized),
    unix_time: u64,
    policy: &Policy,
) -> Result<Match, OtpError> {
    let verifier = Verifier::new(*policy);
    atomic(store, user, |state| {
        verifier.verify_totp(totp, state, code, unix_time)
    })
}

/// As [`verify_atomic`], for an HOTP code (the state's `counter` is the expected counter).
pub fn verify_hotp_atomic<S: Store + ?Sized>(
    store: &S,
    key: &OtpKey,
    user: &str,
    code: &(impl AsRef<[u8]> + ?Sized),
    unix_time: u64,
    policy: &Policy,
) -> Result<Match, OtpError> {
    let verifier = Verifier::new(*policy);
    atomic(store, user, |state| {
        verifier.verify_hotp(key, state, code, unix_time)
    })
}

impl UserState {
    /// The state as its stable text record, one line of ASCII, readable by every later version:
    /// `1;<last_step>;<failures>;<locked_until>;<counter>`. Each field is an unsigned decimal
    /// without sign or leading zeros; `last_step` and `locked_until` are empty when absent. For
    /// example `1;37037036;0;;0` (last accepted step 37037036, no failures, not locked, counter 0)
    /// and `1;;3;1111112011;0` (locked until 1111112011 after three failures). A later format
    /// would start with another number ([`STATE_RECORD_VERSION`]).
    pub fn to_record(&self) -> String {
        fn opt(value: Option<u64>) -> String {
            value.map(|v| v.to_string()).unwrap_or_default()
        }
        format!(
            "{STATE_RECORD_VERSION};{};{};{};{}",
            opt(self.last_step),
            self.failures,
            opt(self.locked_until),
            self.counter
        )
    }

    /// Reads a record written by [`UserState::to_record`]. Anything but the canonical form is
    /// refused with [`OtpError::StateRecord`].
    pub fn from_record(record: &str) -> Result<UserState, OtpError> {
        fn number<T: std::str::FromStr>(field: &str) -> Result<T, OtpError> {
            let canonical = !field.is_empty()
                && field.bytes().all(|b| b.is_ascii_digit())
                && (field == "0" || !field.starts_with('0'));
            if !canonical {
                return Err(OtpError::StateRecord);
            }
            field.parse().map_err(|_| OtpError::StateRecord)
        }
        fn opt(field: &str) -> Result<Option<u64>, OtpError> {
            if field.is_empty() {
                Ok(None)
            } else {
                number(field).map(Some)
            }
        }
        if record.len() > MAX_RECORD_BYTES {
            return Err(OtpError::StateRecord);
        }
        let fields: Vec<&str> = record.split(';').collect();
        let [format, last_step, failures, locked_until, counter] = fields.as_slice() else {
            return Err(OtpError::StateRecord);
        };
        if number::<u32>(format)? != STATE_RECORD_VERSION {
            return Err(OtpError::StateRecord);
        }
        Ok(UserState {
            last_step: opt(last_step)?,
            failures: number(failures)?,
            locked_until: opt(locked_until)?,
            counter: number(counter)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::{Algorithm, Secret};
    use std::cell::{Cell, RefCell};

    fn totp() -> Totp {
        let secret = Secret::from_bytes(b"12345678901234567890").unwrap();
        Totp::standard(OtpKey::new(secret, Algorithm::Sha1, 6).unwrap())
    }

    const NOW: u64 = 1_111_111_111;

    #[test]
    fn record_round_trips_and_is_canonical() {
        let states = [
            UserState::default(),
            UserState {
                last_step: Some(37_037_036),
                failures: 0,
                locked_until: None,
                counter: 0,
            },
            UserState {
                last_step: None,
                failures: 3,
                locked_until: Some(1_111_112_011),
                counter: 7,
            },
            UserState {
                last_step: Some(u64::MAX),
                failures: u32::MAX,
                locked_until: Some(u64::MAX),
                counter: u64::MAX,
            },
        ];
        for state in states {
            let record = state.to_record();
            assert_eq!(UserState::from_record(&record), Ok(state), "{record}");
        }
        assert_eq!(UserState::default().to_record(), "1;;0;;0");
        assert_eq!(states[1].to_record(), "1;37037036;0;;0");
        assert_eq!(states[2].to_record(), "1;;3;1111112011;7");
        for bad in [
            "",
            "1;;0;;",
            "1;;0;0",
            "2;;0;;0",
            "01;;0;;0",
            "1;;00;;0",
            "1;;+1;;0",
            "1;;-1;;0",
            "1; 5;0;;0",
            "1;;0;;0;",
            "1;;4294967296;;0",
            "1;18446744073709551616;0;;0",
            "1;;0;;0\n",
        ] {
            assert_eq!(
                UserState::from_record(bad),
                Err(OtpError::StateRecord),
                "{bad:?}"
            );
        }
        assert!(UserState::from_record(&format!("1;;0;;{}", "1".repeat(200))).is_err());
    }

    #[test]
    fn user_identifiers_are_checked() {
        assert!(check_store_user("O95745").is_ok());
        assert!(check_store_user(&"a".repeat(MAX_STORE_USER_BYTES)).is_ok());
        for bad in ["", "a\nb", "a\u{85}", "a\0"] {
            assert!(check_store_user(bad).is_err(), "{bad:?}");
        }
        assert!(check_store_user(&"a".repeat(MAX_STORE_USER_BYTES + 1)).is_err());
    }

    /// A store that loses `losses` races (someone else writes `other` first) before behaving.
    struct Racy {
        cell: RefCell<Versioned>,
        losses: Cell<u32>,
        other: UserState,
        loads: Cell<u32>,
        writes: Cell<u32>,
    }

    impl Store for Racy {
        fn load(&self, _user: &str) -> Result<Versioned, OtpError> {
            self.loads.set(self.loads.get() + 1);
            Ok(*self.cell.borrow())
        }
        fn compare_and_swap(
            &self,
            _user: &str,
            version: u64,
            state: &UserState,
        ) -> Result<bool, OtpError> {
            self.writes.set(self.writes.get() + 1);
            let mut cell = self.cell.borrow_mut();
            if self.losses.get() > 0 {
                self.losses.set(self.losses.get() - 1);
                *cell = Versioned {
                    version: cell.version + 1,
                    state: self.other,
                };
            }
            if cell.version != version {
                return Ok(false);
            }
            *cell = Versioned {
                version: version + 1,
                state: *state,
            };
            Ok(true)
        }
    }

    fn racy(losses: u32, other: UserState) -> Racy {
        Racy {
            cell: RefCell::new(Versioned::default()),
            losses: Cell::new(losses),
            other,
            loads: Cell::new(0),
            writes: Cell::new(0),
        }
    }

    #[test]
    fn a_lost_race_is_retried_on_the_fresh_state_and_the_replay_refused() {
        let t = totp();
        let step = t.step(NOW).unwrap();
        let code = t.code_at(NOW).unwrap();
        // The other writer accepted the same code first.
        let other = UserState {
            last_step: Some(step),
            ..UserState::default()
        };
        let store = racy(1, other);
        let result = verify_atomic(&store, &t, "u", code.as_str(), NOW, &Policy::default());
        assert_eq!(result, Err(OtpError::CodeReused));
        assert_eq!(store.loads.get(), 2);
        let stored = *store.cell.borrow();
        assert_eq!(stored.version, 2);
        assert_eq!(stored.state.last_step, Some(step));
        assert_eq!(stored.state.failures, 1, "the replay counts as a failure");
    }

    #[test]
    fn a_store_that_never_lets_us_win_gives_a_clear_error() {
        let t = totp();
        let code = t.code_at(NOW).unwrap();
        let store = racy(u32::MAX, UserState::default());
        let result = verify_atomic(&store, &t, "u", code.as_str(), NOW, &Policy::default());
        assert_eq!(
            result,
            Err(OtpError::StoreContention {
                tries: MAX_STORE_TRIES
            })
        );
        assert_eq!(store.writes.get(), MAX_STORE_TRIES);
        assert_eq!(
            store.cell.borrow().state.last_step,
            None,
            "nothing accepted"
        );
        // One race fewer than the limit still wins.
        let store = racy(MAX_STORE_TRIES - 1, UserState::default());
        assert!(verify_atomic(&store, &t, "u", code.as_str(), NOW, &Policy::default()).is_ok());
    }

    #[test]
    fn refusals_that_change_nothing_write_nothing() {
        let t = totp();
        let store = racy(0, UserState::default());
        *store.cell.borrow_mut() = Versioned {
            version: 5,
            state: UserState {
                failures: 3,
                locked_until: Some(NOW + 100),
                ..UserState::default()
            },
        };
        let code = t.code_at(NOW).unwrap();
        let locked = verify_atomic(&store, &t, "u", code.as_str(), NOW, &Policy::default());
        assert!(matches!(locked, Err(OtpError::Locked { .. })));
        let typo = verify_atomic(&store, &t, "u", "12a456", NOW + 200, &Policy::default());
        // The lock has expired: the reset is written even though the code is a typing mistake.
        assert_eq!(typo, Err(OtpError::CodeNotDigits));
        assert_eq!(store.writes.get(), 1);
        assert_eq!(store.cell.borrow().state.locked_until, None);
        let typo = verify_atomic(&store, &t, "u", "12a456", NOW + 200, &Policy::default());
        assert_eq!(typo, Err(OtpError::CodeNotDigits));
        assert_eq!(store.writes.get(), 1);
        assert_eq!(
            verify_atomic(&store, &t, "", "123456", NOW, &Policy::default()),
            Err(OtpError::StoreUser {
                max_bytes: MAX_STORE_USER_BYTES
            })
        );
    }

    #[test]
    fn hotp_moves_the_counter_atomically() {
        let t = totp();
        let store = racy(0, UserState::default());
        let code = t.key().hotp(0);
        let m = verify_hotp_atomic(&store, t.key(), "u", code.as_str(), NOW, &Policy::default())
            .unwrap();
        assert_eq!(m.step, 0);
        assert_eq!(store.cell.borrow().state.counter, 1);
        assert_eq!(
            verify_hotp_atomic(&store, t.key(), "u", code.as_str(), NOW, &Policy::default()),
            Err(OtpError::CodeReused)
        );
    }
}
