//! Checking typed codes against a policy: windows, drift, replay protection, lockout, resync.
//!
//! The per-user state ([`UserState`]) is a plain value the caller loads before a check and stores
//! after it (every method takes `&mut UserState`), so a server keeps it in its own database. With the
//! `serde` feature it serializes to JSON or anything else serde supports. The time is passed in as
//! unix seconds.
//!
//! ```
//! use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, UserState, Verifier};
//! let key = OtpKey::new(Secret::from_bytes(b"12345678901234567890")?, Algorithm::Sha1, 6)?;
//! let totp = Totp::standard(key);
//! let verifier = Verifier::new(Policy::default());
//! let mut state = UserState::default(); // load from the database
//! let now = 1_111_111_111;
//! let code = totp.code_at(now - 30)?; // the phone is one step behind
//! let matched = verifier.verify_totp(&totp, &mut state, code.as_str(), now)?;
//! assert_eq!(matched.drift, -1);
//! // The same code again is refused (replay protection):
//! assert_eq!(
//!     verifier.verify_totp(&totp, &mut state, code.as_str(), now),
//!     Err(OtpError::CodeReused)
//! );
//! // store `state` back
//! # Ok::<(), eeszt_auth::otp::OtpError>(())
//! ```

use super::code::parse_input;
use super::{OtpError, OtpKey, Totp};

/// The largest window (in steps or counters) a policy may ask for; larger values are clamped.
pub const MAX_WINDOW: u32 = 10_000;

/// How codes are accepted. `Default` gives the common rule: ±1 step, lock for 15 minutes after
/// 3 consecutive failures (the eKapu rule), HOTP look-ahead 10, resynchronisation window 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Policy {
    /// TOTP steps accepted before the current one (the phone's clock is behind).
    pub past_steps: u32,
    /// TOTP steps accepted after the current one (the phone's clock is ahead).
    pub future_steps: u32,
    /// Consecutive failures that lock the user (`0`: never lock).
    pub max_failures: u32,
    /// How long a lock lasts, in seconds.
    pub lockout_secs: u64,
    /// HOTP counters accepted beyond the expected one (the token was pressed without logging in).
    pub hotp_look_ahead: u32,
    /// HOTP counters searched by [`Verifier::resync_hotp`] for two consecutive codes.
    pub hotp_resync_window: u32,
}

impl Policy {
    /// The default policy as a constant (the same as `Policy::default()`).
    pub const DEFAULT: Policy = Policy {
        past_steps: 1,
        future_steps: 1,
        max_failures: 3,
        lockout_secs: 15 * 60,
        hotp_look_ahead: 10,
        hotp_resync_window: 100,
    };
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::DEFAULT
    }
}

/// What the server remembers about one user's key between checks. Start with
/// `UserState::default()` at enrollment (or with `counter` set to the token's first counter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UserState {
    /// The last accepted TOTP step or HOTP counter; codes at or before it are refused.
    pub last_step: Option<u64>,
    /// Consecutive failures since the last success or unlock.
    pub failures: u32,
    /// Unix time until which the user is locked.
    pub locked_until: Option<u64>,
    /// HOTP: the next expected counter.
    pub counter: u64,
}

/// A successful check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// The matched TOTP step or HOTP counter (already stored in the state as `last_step`).
    pub step: u64,
    /// How far the matched step is from the expected one: negative when the device is behind,
    /// positive when ahead (for HOTP: counters skipped).
    pub drift: i64,
}

/// Checks codes with a [`Policy`]. Immutable and `Send + Sync`; one per server is enough.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verifier {
    policy: Policy,
}

/// The outcome of a constant-time window search.
struct Found {
    step: Option<u64>,
    reused: bool,
}

/// All ones when `a == b`, zero otherwise, computed without a branch and passed through an
/// optimisation barrier, so that the compiler cannot turn what is done with it into a branch on
/// the (secret) expected code.
#[inline(always)]
fn eq_mask(a: u64, b: u64) -> u64 {
    let diff = a ^ b;
    // The top bit of `diff | -diff` is set exactly when `diff` is not zero.
    let differs = (diff | diff.wrapping_neg()) >> 63;
    std::hint::black_box(differs.wrapping_sub(1))
}

/// Computes the code of every step in `lo..=hi` and compares each with `input` in constant time;
/// returns the first match after `last` (and whether a step at or before `last` matched).
///
/// The comparisons and the choice of the matching step are branch-free masks (one optimisation
/// barrier per step); only facts that are public anyway (the step numbers, the stored last step)
/// steer branches.
#[inline(always)]
fn search(lo: u64, hi: u64, last: Option<u64>, input: u64, value: impl Fn(u64) -> u64) -> Found {
    let mut found = 0u64; // all ones once a fresh step has matched
    let mut found_step = 0u64;
    let mut reused = 0u64;
    let mut step = lo;
    loop {
        let eq = eq_mask(value(step), input);
        if last.is_none_or(|l| step > l) {
            let take = eq & !found;
            found_step = (found_step & !take) | (step & take);
            found |= take;
        } else {
            reused |= eq;
        }
        if step >= hi {
            break;
        }
        step += 1;
    }
    Found {
        step: (found != 0).then_some(found_step),
        reused: reused != 0,
    }
}

fn signed_diff(a: u64, b: u64) -> i64 {
    if a >= b {
        i64::try_from(a - b).unwrap_or(i64::MAX)
    } else {
        i64::try_from(b - a).map(|d| -d).unwrap_or(i64::MIN)
    }
}

impl Verifier {
    /// A verifier with `policy` (windows larger than [`MAX_WINDOW`] are clamped).
    pub const fn new(policy: Policy) -> Verifier {
        const fn clamp(window: u32) -> u32 {
            if window > MAX_WINDOW {
                MAX_WINDOW
            } else {
                window
            }
        }
        Verifier {
            policy: Policy {
                past_steps: clamp(policy.past_steps),
                future_steps: clamp(policy.future_steps),
                hotp_look_ahead: clamp(policy.hotp_look_ahead),
                hotp_resync_window: clamp(policy.hotp_resync_window),
                ..policy
            },
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The unix time until which the user is locked, if locked at `unix_time`.
    pub fn locked_until(&self, state: &UserState, unix_time: u64) -> Option<u64> {
        state.locked_until.filter(|until| unix_time < *until)
    }

    /// Checks a TOTP code typed at `unix_time`.
    ///
    /// The code is text (`&str`, `String`) or its bytes (`&[u8]`, for input straight from a
    /// network buffer or a C string): digits, with spaces, tabs and hyphens ignored.
    ///
    /// On success the state records the step (so the code cannot be used again) and the failure
    /// count resets. Errors, in the order checked: [`OtpError::Locked`] (nothing else is looked
    /// at), [`OtpError::TimeBeforeStart`], [`OtpError::CodeNotDigits`] and
    /// [`OtpError::CodeLength`] (typing mistakes: not counted as failures),
    /// [`OtpError::CodeReused`] (a step at or before the last accepted one), and
    /// [`OtpError::WrongCode`]. Reuse and wrong codes count as failures; the failure that reaches
    /// the limit returns [`OtpError::Locked`].
    // Always inlined (with the window search): the loop is then compiled for the caller's policy,
    // with constant bounds for a fixed one, and the C ABI runs the same code as a Rust caller.
    #[inline(always)]
    pub fn verify_totp(
        &self,
        totp: &Totp,
        state: &mut UserState,
        code: &(impl AsRef<[u8]> + ?Sized),
        unix_time: u64,
    ) -> Result<Match, OtpError> {
        self.check_lock(state, unix_time)?;
        let current = totp.step(unix_time)?;
        let input = parse_input(code.as_ref(), totp.key().digits())?;
        let lo = current.saturating_sub(u64::from(self.policy.past_steps));
        let hi = current.saturating_add(u64::from(self.policy.future_steps));
        let key = totp.key();
        let found = search(lo, hi, state.last_step, input, |s| key.hotp_value(s));
        self.conclude(found, state, current, unix_time, false)
    }

    /// Checks an HOTP code: the expected counter `state.counter` and up to
    /// `policy.hotp_look_ahead` counters after it are accepted. On success `state.counter` moves
    /// past the matched counter. Errors as for [`Verifier::verify_totp`] (the last accepted code is
    /// reported as [`OtpError::CodeReused`]).
    // Always inlined, as `verify_totp` is.
    #[inline(always)]
    pub fn verify_hotp(
        &self,
        key: &OtpKey,
        state: &mut UserState,
        code: &(impl AsRef<[u8]> + ?Sized),
        unix_time: u64,
    ) -> Result<Match, OtpError> {
        self.check_lock(state, unix_time)?;
        let input = parse_input(code.as_ref(), key.digits())?;
        let expected = state.counter;
        let lo = state.last_step.map_or(expected, |l| l.min(expected));
        let hi = expected.saturating_add(u64::from(self.policy.hotp_look_ahead));
        let found = search(lo, hi, state.last_step, input, |c| key.hotp_value(c));
        self.conclude(found, state, expected, unix_time, true)
    }

    /// HOTP resynchronisation (RFC 4226 section 7.4): the user presses the token twice and types
    /// both codes. Searches `policy.hotp_resync_window` counters from `state.counter` for two
    /// consecutive codes; on success the counter continues after the second one.
    ///
    /// Errors: as for [`Verifier::verify_hotp`], with [`OtpError::ResyncFailed`] when no pair
    /// matches (counted as a failure).
    pub fn resync_hotp(
        &self,
        key: &OtpKey,
        state: &mut UserState,
        first: &(impl AsRef<[u8]> + ?Sized),
        second: &(impl AsRef<[u8]> + ?Sized),
        unix_time: u64,
    ) -> Result<Match, OtpError> {
        self.check_lock(state, unix_time)?;
        let first = parse_input(first.as_ref(), key.digits())?;
        let second = parse_input(second.as_ref(), key.digits())?;
        let expected = state.counter;
        let hi = expected.saturating_add(u64::from(self.policy.hotp_resync_window));
        // Pair (c, c + 1): compare both in constant time and combine (1 when both match).
        let found = search(expected, hi, state.last_step, 1, |c| {
            let a = eq_mask(key.hotp_value(c), first);
            let b = match c.checked_add(1) {
                Some(next) => eq_mask(key.hotp_value(next), second),
                None => 0,
            };
            a & b & 1
        });
        match found.step {
            Some(counter) => {
                let second_counter = counter.saturating_add(1);
                Ok(self.succeed(state, second_counter, expected, true))
            }
            None => Err(self.fail(state, unix_time, OtpError::ResyncFailed)),
        }
    }

    /// Turns a window search into the outcome and records it in the state.
    fn conclude(
        &self,
        found: Found,
        state: &mut UserState,
        expected: u64,
        unix_time: u64,
        hotp: bool,
    ) -> Result<Match, OtpError> {
        match found.step {
            Some(step) => Ok(self.succeed(state, step, expected, hotp)),
            None if found.reused => Err(self.fail(state, unix_time, OtpError::CodeReused)),
            None => {
                let max = self.policy.max_failures;
                let attempts_left =
                    (max > 0).then(|| max.saturating_sub(state.failures.saturating_add(1)));
                Err(self.fail(state, unix_time, OtpError::WrongCode { attempts_left }))
            }
        }
    }

    fn check_lock(&self, state: &mut UserState, unix_time: u64) -> Result<(), OtpError> {
        if let Some(until) = state.locked_until {
            if unix_time < until {
                return Err(OtpError::Locked {
                    until,
                    remaining_secs: until - unix_time,
                });
            }
            state.locked_until = None;
            state.failures = 0;
        }
        Ok(())
    }

    /// Records a success; for HOTP (`hotp`) the expected counter moves past `step`.
    fn succeed(&self, state: &mut UserState, step: u64, expected: u64, hotp: bool) -> Match {
        state.last_step = Some(step);
        state.failures = 0;
        if hotp {
            state.counter = state.counter.max(step.saturating_add(1));
        }
        Match {
            step,
            drift: signed_diff(step, expected),
        }
    }

    /// Counts a failure; the one that reaches the limit locks the user and returns `Locked`.
    fn fail(&self, state: &mut UserState, unix_time: u64, err: OtpError) -> OtpError {
        state.failures = state.failures.saturating_add(1);
        let max = self.policy.max_failures;
        if max > 0 && state.failures >= max {
            let until = unix_time.saturating_add(self.policy.lockout_secs);
            state.locked_until = Some(until);
            return OtpError::Locked {
                until,
                remaining_secs: until - unix_time,
            };
        }
        err
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eq_mask_is_all_ones_exactly_on_equality() {
        let values = [
            0u64,
            1,
            2,
            999_999,
            1 << 31,
            1 << 63,
            u64::MAX - 1,
            u64::MAX,
        ];
        for &a in &values {
            for &b in &values {
                assert_eq!(eq_mask(a, b), if a == b { u64::MAX } else { 0 }, "{a} {b}");
            }
        }
    }

    #[test]
    fn search_takes_the_first_fresh_match_and_reports_reuse() {
        // Codes per step: 5 -> 7, 6 -> 9, 7 -> 7, 8 -> 7.
        let code = |s: u64| if s == 6 { 9 } else { 7 };
        let found = search(5, 8, None, 7, code);
        assert_eq!((found.step, found.reused), (Some(5), false));
        let found = search(5, 8, Some(6), 7, code);
        assert_eq!((found.step, found.reused), (Some(7), true));
        let found = search(5, 8, Some(8), 7, code);
        assert_eq!((found.step, found.reused), (None, true));
        let found = search(5, 8, None, 8, code);
        assert_eq!((found.step, found.reused), (None, false));
        // The top of the range is u64::MAX: the loop ends without overflowing.
        let found = search(u64::MAX - 1, u64::MAX, None, 7, code);
        assert_eq!(found.step, Some(u64::MAX - 1));
    }
}
