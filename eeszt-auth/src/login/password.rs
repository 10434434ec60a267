//! The password step's lockout: three wrong passwords lock the user for 15 minutes (the eKapu rule,
//! seed 001), then the lock ends by itself.
//!
//! The password itself is checked by the caller (the identity provider owns it); this module only
//! counts failures in a plain state value the caller stores between attempts.

use zeroize::Zeroizing;

use super::LoginError;

/// How wrong passwords are counted. `Default`: 3 failures lock for 15 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PasswordPolicy {
    /// Consecutive wrong passwords that lock the user (at least 1).
    pub max_failures: u32,
    /// How long the lock lasts, in seconds.
    pub lockout_secs: u64,
}

impl Default for PasswordPolicy {
    fn default() -> PasswordPolicy {
        PasswordPolicy {
            max_failures: 3,
            lockout_secs: 15 * 60,
        }
    }
}

/// What the caller remembers about one user's password attempts. Start with `default()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PasswordState {
    /// Consecutive wrong passwords since the last success or the end of the last lock.
    pub failures: u32,
    /// Unix time until which the user is locked.
    pub locked_until: Option<u64>,
}

/// A typed password. Zeroized on drop; `Debug` prints `***`.
pub struct Password(Zeroizing<String>);

impl Password {
    /// Wraps a password (surrounding whitespace is kept: it may be part of the password).
    pub fn new(text: impl Into<String>) -> Password {
        Password(Zeroizing::new(text.into()))
    }

    /// The password, for the caller's check.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl PasswordPolicy {
    /// Applies one attempt at `unix_time`: refuses while locked (without calling `check`), refuses an
    /// empty password (not counted), otherwise calls `check` and counts the outcome in `state`.
    pub fn attempt(
        &self,
        state: &mut PasswordState,
        password: &Password,
        unix_time: u64,
        check: impl FnOnce(&str) -> bool,
    ) -> Result<(), LoginError> {
        let max = self.max_failures.max(1);
        let minutes = self.lockout_secs.div_ceil(60);
        let locked = |until| LoginError::PasswordLocked {
            until,
            failures: max,
            minutes,
        };
        if let Some(until) = state.locked_until {
            if unix_time < until {
                return Err(locked(until));
            }
            // The lock has ended: start counting afresh.
            *state = PasswordState::default();
        }
        if password.expose().is_empty() {
            return Err(LoginError::PasswordEmpty);
        }
        if check(password.expose()) {
            *state = PasswordState::default();
            return Ok(());
        }
        state.failures = state.failures.saturating_add(1);
        if state.failures >= max {
            let until = unix_time.saturating_add(self.lockout_secs);
            state.locked_until = Some(until);
            state.failures = 0;
            return Err(locked(until));
        }
        Err(LoginError::WrongPassword {
            tries_left: max - state.failures,
            minutes,
        })
    }
}

/// What a new password must contain (the first-login change, [`super::ChangePassword`]).
/// `Default`: at least 8 characters with a lower-case letter, an upper-case letter and a digit.
/// The portal's own rules are not published; this default follows common government-portal rules
/// and a caller sets its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NewPasswordRules {
    /// The fewest characters (Unicode scalar values).
    pub min_chars: usize,
    /// At least one lower-case letter.
    pub lower: bool,
    /// At least one upper-case letter.
    pub upper: bool,
    /// At least one digit.
    pub digit: bool,
}

impl Default for NewPasswordRules {
    fn default() -> NewPasswordRules {
        NewPasswordRules {
            min_chars: 8,
            lower: true,
            upper: true,
            digit: true,
        }
    }
}

impl NewPasswordRules {
    /// Checks `password`; the error names what is missing.
    pub fn check(&self, password: &Password) -> Result<(), LoginError> {
        let text = password.expose();
        if text.trim().is_empty() {
            return Err(LoginError::PasswordEmpty);
        }
        let short = text.chars().count() < self.min_chars;
        let no_lower = self.lower && !text.chars().any(char::is_lowercase);
        let no_upper = self.upper && !text.chars().any(char::is_uppercase);
        let no_digit = self.digit && !text.chars().any(|c| c.is_ascii_digit());
        if short || no_lower || no_upper || no_digit {
            return Err(LoginError::NewPasswordWeak {
                min_chars: self.min_chars,
                short,
                no_lower,
                no_upper,
                no_digit,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_wrong_passwords_lock_for_fifteen_minutes() {
        let policy = PasswordPolicy::default();
        let mut state = PasswordState::default();
        let wrong = Password::new("nem jó");
        let right = Password::new("Jelszó123");
        let check = |p: &str| p == "Jelszó123";
        let t = 1_700_000_000;
        assert_eq!(
            policy.attempt(&mut state, &wrong, t, check),
            Err(LoginError::WrongPassword {
                tries_left: 2,
                minutes: 15
            })
        );
        assert_eq!(
            policy.attempt(&mut state, &wrong, t + 1, check),
            Err(LoginError::WrongPassword {
                tries_left: 1,
                minutes: 15
            })
        );
        assert_eq!(
            policy.attempt(&mut state, &wrong, t + 2, check),
            Err(LoginError::PasswordLocked {
                until: t + 2 + 900,
                failures: 3,
                minutes: 15
            })
        );
        // Locked: even the right password is refused, and the check is not called.
        let mut called = false;
        assert_eq!(
            policy.attempt(&mut state, &right, t + 2 + 899, |_| {
                called = true;
                true
            }),
            Err(LoginError::PasswordLocked {
                until: t + 2 + 900,
                failures: 3,
                minutes: 15
            })
        );
        assert!(!called);
        // The lock ends by itself after 15 minutes.
        assert_eq!(
            policy.attempt(&mut state, &right, t + 2 + 900, check),
            Ok(())
        );
        assert_eq!(state, PasswordState::default());
    }

    #[test]
    fn success_resets_and_empty_is_not_counted() {
        let policy = PasswordPolicy::default();
        let mut state = PasswordState::default();
        let check = |p: &str| p == "x";
        assert!(
            policy
                .attempt(&mut state, &Password::new("y"), 0, check)
                .is_err()
        );
        assert_eq!(
            policy.attempt(&mut state, &Password::new(""), 0, check),
            Err(LoginError::PasswordEmpty)
        );
        assert_eq!(state.failures, 1);
        assert_eq!(
            policy.attempt(&mut state, &Password::new("x"), 0, check),
            Ok(())
        );
        assert_eq!(state.failures, 0);
        assert_eq!(format!("{:?}", Password::new("titok")), "Password(***)");
    }

    #[test]
    fn lock_messages_follow_the_policy_and_show_hungarian_local_time() {
        use crate::error::{Error, Lang};
        let policy = PasswordPolicy {
            max_failures: 5,
            lockout_secs: 30 * 60,
        };
        let mut state = PasswordState::default();
        let wrong = Password::new("nem jó");
        // 2026-12-03 11:00:00 UTC = 12:00 CET.
        let t = 1_796_295_600;
        let first = policy
            .attempt(&mut state, &wrong, t, |_| false)
            .unwrap_err();
        let text = Error::from(first).message(Lang::Hu);
        assert!(
            text.contains("Még 4 próbálkozás maradt a 30 perces zárolásig."),
            "{text}"
        );
        for _ in 0..3 {
            let _ = policy.attempt(&mut state, &wrong, t, |_| false);
        }
        let locked = Error::from(
            policy
                .attempt(&mut state, &wrong, t, |_| false)
                .unwrap_err(),
        );
        let hu = locked.message(Lang::Hu);
        assert!(
            hu.contains("5 sikertelen próbálkozás után 30 percre"),
            "{hu}"
        );
        assert!(hu.contains("2026-12-03 12:30:00 (CET)"), "{hu}");
        let en = locked.message(Lang::En);
        assert!(
            en.contains("After 5 wrong passwords for 30 minutes"),
            "{en}"
        );
        assert!(!hu.contains("15") && !en.contains("three"), "{hu} / {en}");
    }
}
