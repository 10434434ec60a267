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
        if let Some(until) = state.locked_until {
            if unix_time < until {
                return Err(LoginError::PasswordLocked { until });
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
        let max = self.max_failures.max(1);
        if state.failures >= max {
            let until = unix_time.saturating_add(self.lockout_secs);
            state.locked_until = Some(until);
            state.failures = 0;
            return Err(LoginError::PasswordLocked { until });
        }
        Err(LoginError::WrongPassword {
            tries_left: max - state.failures,
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
            Err(LoginError::WrongPassword { tries_left: 2 })
        );
        assert_eq!(
            policy.attempt(&mut state, &wrong, t + 1, check),
            Err(LoginError::WrongPassword { tries_left: 1 })
        );
        assert_eq!(
            policy.attempt(&mut state, &wrong, t + 2, check),
            Err(LoginError::PasswordLocked { until: t + 2 + 900 })
        );
        // Locked: even the right password is refused, and the check is not called.
        let mut called = false;
        assert_eq!(
            policy.attempt(&mut state, &right, t + 2 + 899, |_| {
                called = true;
                true
            }),
            Err(LoginError::PasswordLocked { until: t + 2 + 900 })
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
}
