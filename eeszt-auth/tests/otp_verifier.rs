//! The verification policy: window edges, drift, replay, lockout and unlock time, HOTP look-ahead
//! and resynchronisation, input format errors.

use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, UserState, Verifier};

const SEED: &[u8] = b"12345678901234567890";
const NOW: u64 = 1_111_111_111; // an RFC 6238 test time

fn otp_key(digits: u32) -> OtpKey {
    OtpKey::new(Secret::from_bytes(SEED).unwrap(), Algorithm::Sha1, digits).unwrap()
}

fn totp() -> Totp {
    Totp::standard(otp_key(6))
}

fn code_at_offset(totp: &Totp, steps: i64) -> String {
    let step = totp.step(NOW).unwrap() as i64 + steps;
    totp.code_for_step(step as u64).to_string()
}

#[test]
fn default_policy_is_the_ekapu_rule() {
    let p = Policy::default();
    assert_eq!((p.past_steps, p.future_steps), (1, 1));
    assert_eq!((p.max_failures, p.lockout_secs), (3, 900));
}

#[test]
fn window_edges_and_drift() {
    let t = totp();
    let v = Verifier::new(Policy::default());
    for (offset, ok) in [(-2, false), (-1, true), (0, true), (1, true), (2, false)] {
        let mut state = UserState::default();
        let result = v.verify_totp(&t, &mut state, &code_at_offset(&t, offset), NOW);
        if ok {
            let m = result.unwrap();
            assert_eq!(m.drift, offset);
            assert_eq!(m.step as i64, t.step(NOW).unwrap() as i64 + offset);
            assert_eq!(state.last_step, Some(m.step));
        } else {
            assert_eq!(
                result,
                Err(OtpError::WrongCode {
                    attempts_left: Some(2)
                }),
                "offset {offset}"
            );
            assert_eq!(state.failures, 1);
        }
    }
    // Separate past/future tolerance: 3 behind, none ahead.
    let v = Verifier::new(Policy {
        past_steps: 3,
        future_steps: 0,
        ..Policy::default()
    });
    for (offset, ok) in [(-4, false), (-3, true), (0, true), (1, false)] {
        let mut state = UserState::default();
        let result = v.verify_totp(&t, &mut state, &code_at_offset(&t, offset), NOW);
        assert_eq!(result.is_ok(), ok, "offset {offset}");
    }
    // Step boundaries: the last second of a step and the first of the next.
    let v = Verifier::new(Policy {
        past_steps: 0,
        future_steps: 0,
        ..Policy::default()
    });
    let code = t.code_for_step(10).to_string();
    assert!(
        v.verify_totp(&t, &mut UserState::default(), &code, 300)
            .is_ok()
    );
    assert!(
        v.verify_totp(&t, &mut UserState::default(), &code, 329)
            .is_ok()
    );
    assert!(
        v.verify_totp(&t, &mut UserState::default(), &code, 330)
            .is_err()
    );
    assert!(
        v.verify_totp(&t, &mut UserState::default(), &code, 299)
            .is_err()
    );
}

#[test]
fn window_at_time_zero_and_the_end_of_time() {
    let t = totp();
    let v = Verifier::new(Policy::default());
    let code = t.code_for_step(0).to_string();
    assert!(
        v.verify_totp(&t, &mut UserState::default(), &code, 0)
            .is_ok()
    );
    let last = t.step(u64::MAX).unwrap();
    let code = t.code_for_step(last).to_string();
    assert!(
        v.verify_totp(&t, &mut UserState::default(), &code, u64::MAX)
            .is_ok()
    );
    let before = Totp::new(otp_key(6), 30, 100).unwrap();
    assert_eq!(
        v.verify_totp(&before, &mut UserState::default(), "123456", 99),
        Err(OtpError::TimeBeforeStart)
    );
}

#[test]
fn replay_is_refused() {
    let t = totp();
    let v = Verifier::new(Policy::default());
    let mut state = UserState::default();
    let now_code = code_at_offset(&t, 0);
    assert!(v.verify_totp(&t, &mut state, &now_code, NOW).is_ok());
    assert_eq!(
        v.verify_totp(&t, &mut state, &now_code, NOW),
        Err(OtpError::CodeReused)
    );
    // An older code still inside the window is a replay too (at or before the last step).
    let old = code_at_offset(&t, -1);
    assert_eq!(
        v.verify_totp(&t, &mut state, &old, NOW),
        Err(OtpError::CodeReused)
    );
    assert_eq!(state.failures, 2);
    // The next step's code is fine, and resets the failures.
    let next = code_at_offset(&t, 1);
    assert_eq!(v.verify_totp(&t, &mut state, &next, NOW).unwrap().drift, 1);
    assert_eq!(state.failures, 0);
    // A replay 30 s later (the code is now the previous step) is still refused.
    assert_eq!(
        v.verify_totp(&t, &mut state, &next, NOW + 30),
        Err(OtpError::CodeReused)
    );
}

#[test]
fn lockout_and_unlock_time() {
    let t = totp();
    let v = Verifier::new(Policy::default());
    let mut state = UserState::default();
    let wrong = "000000";
    assert_ne!(code_at_offset(&t, 0), wrong);
    assert_eq!(
        v.verify_totp(&t, &mut state, wrong, NOW),
        Err(OtpError::WrongCode {
            attempts_left: Some(2)
        })
    );
    assert_eq!(
        v.verify_totp(&t, &mut state, wrong, NOW + 1),
        Err(OtpError::WrongCode {
            attempts_left: Some(1)
        })
    );
    let until = NOW + 2 + 900;
    assert_eq!(
        v.verify_totp(&t, &mut state, wrong, NOW + 2),
        Err(OtpError::Locked {
            until,
            remaining_secs: 900
        })
    );
    assert_eq!(state.locked_until, Some(until));
    assert_eq!(v.locked_until(&state, until - 1), Some(until));
    assert_eq!(v.locked_until(&state, until), None);
    // While locked even the right code is refused, and nothing changes.
    let right = t.code_at(until - 1).unwrap().to_string();
    let before = state;
    assert_eq!(
        v.verify_totp(&t, &mut state, &right, until - 1),
        Err(OtpError::Locked {
            until,
            remaining_secs: 1
        })
    );
    assert_eq!(state, before);
    // At the unlock time the right code works again and the counters reset.
    let right = t.code_at(until).unwrap().to_string();
    assert!(v.verify_totp(&t, &mut state, &right, until).is_ok());
    assert_eq!((state.failures, state.locked_until), (0, None));
}

#[test]
fn unlock_resets_the_failure_count() {
    let t = totp();
    let v = Verifier::new(Policy {
        max_failures: 2,
        lockout_secs: 60,
        ..Policy::default()
    });
    let mut state = UserState::default();
    assert!(v.verify_totp(&t, &mut state, "000000", NOW).is_err());
    assert!(matches!(
        v.verify_totp(&t, &mut state, "000000", NOW),
        Err(OtpError::Locked { .. })
    ));
    // After the lock a single failure does not lock again.
    assert_eq!(
        v.verify_totp(&t, &mut state, "000000", NOW + 60),
        Err(OtpError::WrongCode {
            attempts_left: Some(1)
        })
    );
}

#[test]
fn no_lockout_policy() {
    let t = totp();
    let v = Verifier::new(Policy {
        max_failures: 0,
        ..Policy::default()
    });
    let mut state = UserState::default();
    for _ in 0..10 {
        assert_eq!(
            v.verify_totp(&t, &mut state, "000000", NOW),
            Err(OtpError::WrongCode {
                attempts_left: None
            })
        );
    }
    assert_eq!(state.locked_until, None);
}

#[test]
fn format_errors_are_not_failures() {
    let t = totp();
    let v = Verifier::new(Policy::default());
    let mut state = UserState::default();
    assert_eq!(
        v.verify_totp(&t, &mut state, "12345", NOW),
        Err(OtpError::CodeLength {
            expected: 6,
            got: 5
        })
    );
    assert_eq!(
        v.verify_totp(&t, &mut state, "1234567", NOW),
        Err(OtpError::CodeLength {
            expected: 6,
            got: 7
        })
    );
    assert_eq!(
        v.verify_totp(&t, &mut state, "12345x", NOW),
        Err(OtpError::CodeNotDigits)
    );
    assert_eq!(
        v.verify_totp(&t, &mut state, "", NOW),
        Err(OtpError::CodeLength {
            expected: 6,
            got: 0
        })
    );
    assert_eq!(state, UserState::default());
    // Spaces as apps show them are fine.
    let code = code_at_offset(&t, 0);
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    assert!(v.verify_totp(&t, &mut state, &spaced, NOW).is_ok());
}

#[test]
fn hotp_look_ahead_and_counter() {
    let key = otp_key(6);
    let v = Verifier::new(Policy::default());
    let mut state = UserState::default();
    // RFC 4226 codes: counter 0 expected.
    assert_eq!(
        v.verify_hotp(&key, &mut state, "755224", 0).unwrap().drift,
        0
    );
    assert_eq!(state.counter, 1);
    // The token was pressed 4 times without use: counter 5 is within the look-ahead.
    let m = v.verify_hotp(&key, &mut state, "254676", 0).unwrap();
    assert_eq!((m.step, m.drift), (5, 4));
    assert_eq!(state.counter, 6);
    // Older codes are gone; the last one is reported as reused.
    assert_eq!(
        v.verify_hotp(&key, &mut state, "254676", 0),
        Err(OtpError::CodeReused)
    );
    assert!(matches!(
        v.verify_hotp(&key, &mut state, "287082", 0),
        Err(OtpError::WrongCode { .. })
    ));
    // Beyond the look-ahead window.
    let v = Verifier::new(Policy {
        hotp_look_ahead: 2,
        ..Policy::default()
    });
    let mut state = UserState::default();
    assert!(v.verify_hotp(&key, &mut state, "969429", 0).is_err()); // counter 3
    assert!(v.verify_hotp(&key, &mut state, "359152", 0).is_ok()); // counter 2
}

#[test]
fn hotp_resync() {
    let key = otp_key(6);
    let v = Verifier::new(Policy::default());
    let mut state = UserState::default();
    // The token is at counter 50: outside the look-ahead of 10.
    let (a, b) = (key.hotp(50).to_string(), key.hotp(51).to_string());
    assert!(v.verify_hotp(&key, &mut state, &a, 0).is_err());
    let m = v.resync_hotp(&key, &mut state, &a, &b, 0).unwrap();
    assert_eq!((m.step, m.drift), (51, 51));
    assert_eq!((state.counter, state.failures), (52, 0));
    let next = key.hotp(52).to_string();
    assert_eq!(v.verify_hotp(&key, &mut state, &next, 0).unwrap().drift, 0);
    // Two codes that are not consecutive fail, and count as a failure.
    let (c, d) = (key.hotp(60).to_string(), key.hotp(62).to_string());
    assert_eq!(
        v.resync_hotp(&key, &mut state, &c, &d, 0),
        Err(OtpError::ResyncFailed)
    );
    assert_eq!(state.failures, 1);
    // Beyond the resync window.
    let (e, f) = (key.hotp(500).to_string(), key.hotp(501).to_string());
    assert_eq!(
        v.resync_hotp(&key, &mut state, &e, &f, 0),
        Err(OtpError::ResyncFailed)
    );
    // Replaying the old pair cannot move the counter back; this third failure locks the user.
    let (g, h) = (key.hotp(50).to_string(), key.hotp(51).to_string());
    assert_eq!(
        v.resync_hotp(&key, &mut state, &g, &h, 0),
        Err(OtpError::Locked {
            until: 900,
            remaining_secs: 900
        })
    );
}

#[test]
fn hotp_counter_at_the_end() {
    let key = otp_key(8);
    let v = Verifier::new(Policy::default());
    let mut state = UserState {
        counter: u64::MAX - 1,
        ..UserState::default()
    };
    let code = key.hotp(u64::MAX).to_string();
    assert_eq!(
        v.verify_hotp(&key, &mut state, &code, 0).unwrap().step,
        u64::MAX
    );
    assert_eq!(
        v.verify_hotp(&key, &mut state, &code, 0),
        Err(OtpError::CodeReused)
    );
}

#[test]
fn windows_are_clamped() {
    let v = Verifier::new(Policy {
        past_steps: u32::MAX,
        hotp_resync_window: u32::MAX,
        ..Policy::default()
    });
    assert_eq!(v.policy().past_steps, eeszt_auth::otp::MAX_WINDOW);
    assert_eq!(v.policy().hotp_resync_window, eeszt_auth::otp::MAX_WINDOW);
}

#[cfg(feature = "serde")]
#[test]
fn state_serializes() {
    let state = UserState {
        last_step: Some(7),
        failures: 2,
        locked_until: Some(99),
        counter: 8,
    };
    let json = serde_json::to_string(&state).unwrap();
    assert_eq!(serde_json::from_str::<UserState>(&json).unwrap(), state);
}
