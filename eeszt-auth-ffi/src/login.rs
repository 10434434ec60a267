//! C ABI of the login flow: a flow handle with one function per step, a card handle (simulated
//! eSzemélyi or PC/SC reader), and accessors for the result.

// A failed step hands its state back inside the `Err` by design (once per user action).
#![allow(clippy::result_large_err)]

use std::ffi::{c_char, c_void};

#[cfg(feature = "sim")]
use eeszt_auth::card::SimTransport;
#[cfg(feature = "sim")]
use eeszt_auth::card::eid::sim::SimEszemelyi;
use eeszt_auth::cert::{Certificate, TrustAnchors};
use eeszt_auth::id::{EesztUserId, InstitutionList};
use eeszt_auth::login::{
    CardChecks, CardTrust, CheckCard, ChooseInstitution, ChooseMethod, EnterOtp, EnterPassword,
    EnterPin, EszemelyiCard, FingerprintBindings, LoginCard, LoginFlow, LoginResult, NextAction,
    Password, PasswordPolicy, PasswordState, Pick, Rejected, TokenKey, UserBinding,
};
use eeszt_auth::otp::{Algorithm, OtpKey, Policy, Secret, Totp, UserState, Verifier};
use eeszt_auth::{ApiError, Error};
use zeroize::Zeroizing;

use crate::boundary::{
    bytes_arg, check_out, free_handle, guard, handle_mut, handle_ref, into_handle, str_arg,
    write_bytes, write_out, write_str,
};
use crate::common::eeszt_result;
use crate::otp::eeszt_otp_state;

/// Authenticate with the eID card (`method` of `eeszt_login_method`).
pub const EESZT_LOGIN_METHOD_CARD: u32 = 0;
/// Authenticate with password and token.
pub const EESZT_LOGIN_METHOD_TOKEN: u32 = 1;

/// Step values of `eeszt_login_step`: the user name is expected.
pub const EESZT_LOGIN_STEP_USER: u32 = 0;
/// The method (card or token) is expected.
pub const EESZT_LOGIN_STEP_METHOD: u32 = 1;
/// The card check is expected (`eeszt_login_card_check`).
pub const EESZT_LOGIN_STEP_CARD: u32 = 2;
/// The PIN is expected (`eeszt_login_card_pin`).
pub const EESZT_LOGIN_STEP_PIN: u32 = 3;
/// The password is expected.
pub const EESZT_LOGIN_STEP_PASSWORD: u32 = 4;
/// The one-time password is expected.
pub const EESZT_LOGIN_STEP_OTP: u32 = 5;
/// The institution is expected.
pub const EESZT_LOGIN_STEP_INSTITUTION: u32 = 6;
/// The login is complete: the result accessors work.
pub const EESZT_LOGIN_STEP_DONE: u32 = 7;

/// A login in progress. Create with `eeszt_login_new`, free with `eeszt_login_free`.
///
/// Thread safety: not thread-safe; use one flow from one thread at a time (it may move between
/// threads).
#[derive(Debug)]
pub struct eeszt_login {
    state: State,
    next: Option<NextAction>,
    /// The checks of the last card login refused after the card answered.
    refused_checks: Option<CardChecks>,
}

/// An eID card for the login: the simulated eSzemélyi or a card in a PC/SC reader.
///
/// Thread safety: not thread-safe; use from one thread at a time (it may move between threads).
pub struct eeszt_login_card {
    card: Box<dyn LoginCard + Send>,
}

impl std::fmt::Debug for eeszt_login_card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("eeszt_login_card")
    }
}

/// A user's password-attempt state, stored by the caller between attempts (start zeroed).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct eeszt_password_state {
    /// Consecutive wrong passwords.
    pub failures: u32,
    /// Nonzero when `locked_until` is set.
    pub locked: u32,
    /// Unix time until which the user is locked (when `locked`).
    pub locked_until: u64,
}

impl From<eeszt_password_state> for PasswordState {
    fn from(s: eeszt_password_state) -> PasswordState {
        PasswordState {
            failures: s.failures,
            locked_until: (s.locked != 0).then_some(s.locked_until),
        }
    }
}

impl From<PasswordState> for eeszt_password_state {
    fn from(s: PasswordState) -> eeszt_password_state {
        eeszt_password_state {
            failures: s.failures,
            locked: u32::from(s.locked_until.is_some()),
            locked_until: s.locked_until.unwrap_or(0),
        }
    }
}

#[derive(Debug)]
enum State {
    User(LoginFlow),
    Method(ChooseMethod),
    Card(CheckCard),
    Pin(EnterPin),
    Password(EnterPassword),
    Otp(EnterOtp),
    Institution(ChooseInstitution),
    Done(Box<LoginResult>),
    /// Only while a step runs.
    Moving,
}

impl State {
    fn step(&self) -> u32 {
        match self {
            State::User(_) | State::Moving => EESZT_LOGIN_STEP_USER,
            State::Method(_) => EESZT_LOGIN_STEP_METHOD,
            State::Card(_) => EESZT_LOGIN_STEP_CARD,
            State::Pin(_) => EESZT_LOGIN_STEP_PIN,
            State::Password(_) => EESZT_LOGIN_STEP_PASSWORD,
            State::Otp(_) => EESZT_LOGIN_STEP_OTP,
            State::Institution(_) => EESZT_LOGIN_STEP_INSTITUTION,
            State::Done(_) => EESZT_LOGIN_STEP_DONE,
        }
    }
}

impl eeszt_login {
    /// Runs one step: takes the state, applies `f`, stores the next state or the state given back.
    fn advance(
        &mut self,
        f: impl FnOnce(State) -> Result<State, (State, Error)>,
    ) -> Result<(), Error> {
        self.advance_checked(|state| f(state).map_err(|(s, e)| (s, e, None)))
    }

    /// Like `advance`, for a step that may report card checks with its refusal.
    fn advance_checked(
        &mut self,
        f: impl FnOnce(State) -> Result<State, (State, Error, Option<CardChecks>)>,
    ) -> Result<(), Error> {
        let state = std::mem::replace(&mut self.state, State::Moving);
        self.refused_checks = None;
        match f(state) {
            Ok(next) => {
                self.state = next;
                self.next = None;
                Ok(())
            }
            Err((back, err, checks)) => {
                self.state = back;
                self.next = Some(NextAction::for_error(&err));
                self.refused_checks = checks;
                Err(err)
            }
        }
    }

    fn result(&self) -> Result<&LoginResult, Error> {
        match &self.state {
            State::Done(result) => Ok(result),
            _ => Err(ApiError::BadState.into()),
        }
    }
}

fn back<S>(wrap: fn(S) -> State) -> impl FnOnce(Rejected<S>) -> (State, Error) {
    move |r| (wrap(r.state), r.error)
}

fn wrong_step(state: State) -> Result<State, (State, Error)> {
    Err((state, ApiError::BadState.into()))
}

/// Starts a login. `*out` receives the flow (free it with `eeszt_login_free`).
///
/// # Safety
/// `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_new(out: *mut *mut eeszt_login) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        let flow = into_handle(eeszt_login {
            state: State::User(LoginFlow::start()),
            refused_checks: None,
            next: None,
        });
        // SAFETY: checked non-NULL above; writable per the contract.
        unsafe { write_out(out, flow) }
    })
}

/// Frees a flow; NULL is ignored.
///
/// # Safety
/// `flow` must be NULL or a flow from `eeszt_login_new`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_free(flow: *mut eeszt_login) {
    // SAFETY: forwarded contract; `free_handle` runs inside the panic boundary.
    unsafe { free_handle(flow) }
}

/// The step the flow expects next (`EESZT_LOGIN_STEP_*`).
///
/// # Safety
/// `flow` must be a live flow; `step` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_step(
    flow: *const eeszt_login,
    step: *mut u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_ref(flow) }?;
        unsafe { write_out(step, flow.state.step()) }
    })
}

/// After a step failed: the action the UI should offer, as an `EESZT_NEXT_*` value, and its label in
/// `lang` into `buf`. `EESZT_ERR_BAD_STATE` when the last step did not fail.
///
/// # Safety
/// `flow` must be a live flow; `action` writable; `buf` NULL or writable for `len` bytes; `needed`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_next_action(
    flow: *const eeszt_login,
    lang: u32,
    action: *mut u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_ref(flow) }?;
        let lang = crate::boundary::lang_arg(lang)?;
        check_out(action)?;
        let next = flow.next.ok_or(ApiError::BadState)?;
        // SAFETY: per the contract.
        unsafe { write_str(next.label(lang), buf, len, needed) }?;
        unsafe { write_out(action, next_code(next)) }
    })
}

/// `EESZT_NEXT_*` values of `eeszt_login_next_action`.
fn next_code(next: NextAction) -> u32 {
    match next {
        NextAction::RetypeUserName => EESZT_NEXT_RETYPE_USER_NAME,
        NextAction::ConnectReader => EESZT_NEXT_CONNECT_READER,
        NextAction::InsertCard => EESZT_NEXT_INSERT_CARD,
        NextAction::ActivateCard => EESZT_NEXT_ACTIVATE_CARD,
        NextAction::EnterCan => EESZT_NEXT_ENTER_CAN,
        NextAction::EnterPuk => EESZT_NEXT_ENTER_PUK,
        NextAction::RetypePin => EESZT_NEXT_RETYPE_PIN,
        NextAction::ConfirmLastTry => EESZT_NEXT_CONFIRM_LAST_TRY,
        NextAction::RetypePassword => EESZT_NEXT_RETYPE_PASSWORD,
        NextAction::RetypeOtp => EESZT_NEXT_RETYPE_OTP,
        NextAction::Wait => EESZT_NEXT_WAIT,
        NextAction::ChooseInstitution => EESZT_NEXT_CHOOSE_INSTITUTION,
        NextAction::FixEnvironment => EESZT_NEXT_FIX_ENVIRONMENT,
        NextAction::UseOwnCard => EESZT_NEXT_USE_OWN_CARD,
        _ => EESZT_NEXT_CONTACT_SUPPORT,
    }
}

/// Next action: type the user name again.
pub const EESZT_NEXT_RETYPE_USER_NAME: u32 = 0;
/// Next action: connect a card reader.
pub const EESZT_NEXT_CONNECT_READER: u32 = 1;
/// Next action: put the eID card in the reader.
pub const EESZT_NEXT_INSERT_CARD: u32 = 2;
/// Next action: activate the card (transport PIN).
pub const EESZT_NEXT_ACTIVATE_CARD: u32 = 3;
/// Next action: enter the CAN (suspended PIN).
pub const EESZT_NEXT_ENTER_CAN: u32 = 4;
/// Next action: unblock with the PUK.
pub const EESZT_NEXT_ENTER_PUK: u32 = 5;
/// Next action: type the PIN again.
pub const EESZT_NEXT_RETYPE_PIN: u32 = 6;
/// Next action: confirm spending the last PIN try.
pub const EESZT_NEXT_CONFIRM_LAST_TRY: u32 = 7;
/// Next action: type the password again.
pub const EESZT_NEXT_RETYPE_PASSWORD: u32 = 8;
/// Next action: type a new one-time password.
pub const EESZT_NEXT_RETYPE_OTP: u32 = 9;
/// Next action: wait until the lock ends.
pub const EESZT_NEXT_WAIT: u32 = 10;
/// Next action: choose an institution from the list.
pub const EESZT_NEXT_CHOOSE_INSTITUTION: u32 = 11;
/// Next action: start the reader service or fix the environment.
pub const EESZT_NEXT_FIX_ENVIRONMENT: u32 = 12;
/// Next action: contact support.
pub const EESZT_NEXT_CONTACT_SUPPORT: u32 = 13;
/// Next action: log in with one's own eID card, or have the card registered for the user name.
pub const EESZT_NEXT_USE_OWN_CARD: u32 = 14;

/// Step 1: the user name as typed (e.g. "O95745").
///
/// # Safety
/// `flow` must be a live flow; `user` a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_user(
    flow: *mut eeszt_login,
    user: *const c_char,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_mut(flow) }?;
        let typed = unsafe { str_arg(user) }?;
        flow.advance(|state| match state {
            State::User(s) => s.user(typed).map(State::Method).map_err(back(State::User)),
            other => wrong_step(other),
        })
    })
}

/// Step 2: `EESZT_LOGIN_METHOD_CARD` or `EESZT_LOGIN_METHOD_TOKEN`.
///
/// # Safety
/// `flow` must be a live flow.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_method(flow: *mut eeszt_login, method: u32) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_mut(flow) }?;
        if method > EESZT_LOGIN_METHOD_TOKEN {
            return Err(ApiError::InvalidArgument { what: "method" }.into());
        }
        flow.advance(|state| match state {
            State::Method(s) if method == EESZT_LOGIN_METHOD_CARD => Ok(State::Card(s.card())),
            State::Method(s) => Ok(State::Password(s.token())),
            other => wrong_step(other),
        })
    })
}

/// A simulated eSzemélyi, activated, with the documented default secrets (PIN 123456, CAN 654321).
/// When `state_json` is not NULL the card is loaded from that saved state instead.
///
/// # Safety
/// `state_json` NULL or a NUL-terminated string; `out` writable.
#[cfg(feature = "sim")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_card_sim_new(
    state_json: *const c_char,
    out: *mut *mut eeszt_login_card,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        let sim = if state_json.is_null() {
            SimEszemelyi::activated()
        } else {
            // SAFETY: non-NULL, NUL-terminated per the contract.
            let json = unsafe { str_arg(state_json) }?;
            let state = eeszt_auth::card::eid::sim::SimState::from_json(json)?;
            SimEszemelyi::from_state(state)?
        };
        let card = EszemelyiCard::new(SimTransport::new(sim));
        let handle = into_handle(eeszt_login_card {
            card: Box::new(card),
        });
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, handle) }
    })
}

/// The eSzemélyi in a PC/SC reader: `reader` names it, or NULL for the first reader holding a card.
/// Errors: `EESZT_ERR_CARD_SERVICE_NOT_RUNNING`, `EESZT_ERR_CARD_NO_READER`,
/// `EESZT_ERR_CARD_NO_CARD`, ...
///
/// # Safety
/// `reader` NULL or a NUL-terminated string; `out` writable.
#[cfg(feature = "pcsc")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_card_pcsc_new(
    reader: *const c_char,
    out: *mut *mut eeszt_login_card,
) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        let context = eeszt_auth::card::pcsc::PcscContext::establish()?;
        let transport = if reader.is_null() {
            context.connect_first()?
        } else {
            // SAFETY: non-NULL, NUL-terminated per the contract.
            context.connect(unsafe { str_arg(reader) }?)?
        };
        let handle = into_handle(eeszt_login_card {
            card: Box::new(EszemelyiCard::new(transport)),
        });
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, handle) }
    })
}

/// Frees a card handle; NULL is ignored.
///
/// # Safety
/// `card` NULL or a handle from `eeszt_login_card_*_new`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_card_free(card: *mut eeszt_login_card) {
    // SAFETY: forwarded contract; `free_handle` runs inside the panic boundary.
    unsafe { free_handle(card) }
}

/// Step 3a: checks the card and reads the PIN state without spending a try; `*tries_left` receives
/// the tries left. Transport PIN, suspended or blocked PIN fail with their codes
/// (`EESZT_ERR_EID_PIN_NOT_ACTIVATED`, `EESZT_ERR_EID_PIN_SUSPENDED`, `EESZT_ERR_EID_PIN_BLOCKED`).
///
/// # Safety
/// `flow`, `card` live handles; `tries_left` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_card_check(
    flow: *mut eeszt_login,
    card: *mut eeszt_login_card,
    tries_left: *mut u32,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_mut(flow) }?;
        let card = unsafe { handle_mut(card) }?;
        check_out(tries_left)?;
        let mut left = 0u32;
        flow.advance(|state| match state {
            State::Card(s) => s
                .check(&mut *card.card)
                .map(|pin| {
                    left = u32::from(pin.tries_left());
                    State::Pin(pin)
                })
                .map_err(back(State::Card)),
            other => wrong_step(other),
        })?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(tries_left, left) }
    })
}

/// Step 3a, continued: PACE with the 6-digit `pin` (after PACE with the 6-digit `can` when the
/// card check reported a suspended PIN; otherwise `can` may be NULL), then the card's certificate
/// and signature over `challenge` (8 to 64 bytes, fresh and random per login), then the three
/// checks against `trust` at `unix_time` (now): the signature verifies with the card's certificate,
/// the certificate chains to one of `trust`'s anchors, and `trust`'s binding maps the user name to
/// the certificate. The login goes on only when all three pass; otherwise
/// `EESZT_ERR_LOGIN_CARD_SIGNATURE_INVALID`, `EESZT_ERR_LOGIN_CARD_NOT_TRUSTED` or
/// `EESZT_ERR_LOGIN_CARD_NOT_BOUND`, and `eeszt_login_refused_checks` says which passed.
/// Spends at most one try; the last try only when `consent_last_try` is nonzero. The PIN-state
/// check and PACE run inside one PC/SC transaction. On failure the flow returns to the card check.
///
/// # Safety
/// `flow`, `card`, `trust` live handles; `pin` NUL-terminated; `can` NULL or NUL-terminated;
/// `challenge` readable for `challenge_len`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C signature: each argument is one plain value
pub unsafe extern "C" fn eeszt_login_card_pin(
    flow: *mut eeszt_login,
    card: *mut eeszt_login_card,
    pin: *const c_char,
    can: *const c_char,
    challenge: *const u8,
    challenge_len: usize,
    consent_last_try: u32,
    trust: *const eeszt_card_trust,
    unix_time: u64,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_mut(flow) }?;
        let card = unsafe { handle_mut(card) }?;
        let trust = unsafe { handle_ref(trust) }?;
        let pin = unsafe { str_arg(pin) }?;
        let can = if can.is_null() {
            None
        } else {
            // SAFETY: non-NULL, NUL-terminated per the contract.
            Some(unsafe { str_arg(can) }?)
        };
        let challenge = unsafe { bytes_arg(challenge, challenge_len) }?;
        let card_trust = CardTrust {
            anchors: &trust.anchors,
            binding: trust,
            unix_time,
        };
        flow.advance_checked(|state| match state {
            State::Pin(s) => s
                .pin(
                    &mut *card.card,
                    pin,
                    can,
                    challenge,
                    consent_last_try != 0,
                    &card_trust,
                )
                .map(State::Institution)
                .map_err(|r| (State::Card(r.state), r.error, r.card_checks)),
            other => wrong_step(other).map_err(|(s, e)| (s, e, None)),
        })
    })
}

/// What a card login trusts: the trust anchors (and intermediates) for the card's authentication
/// certificate, and the binding of certificates to user names (SHA-256 fingerprints, and/or the
/// caller's callback). Create with `eeszt_card_trust_new`, free with `eeszt_card_trust_free`.
/// Empty, it trusts nothing: every card login is refused.
///
/// Thread safety: configure from one thread; once configured it is only read, and may be shared by
/// flows on several threads (the callback must then be thread-safe).
pub struct eeszt_card_trust {
    anchors: TrustAnchors,
    bindings: FingerprintBindings,
    callback: eeszt_binding_check,
    user_data: usize,
}

impl std::fmt::Debug for eeszt_card_trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("eeszt_card_trust")
    }
}

/// The caller's binding check: returns nonzero when the card certificate `cert` (DER, `cert_len`
/// bytes, SHA-256 fingerprint `sha256`, 32 bytes) belongs to `user`. Called only for certificates
/// whose signature was verified; must not call back into the flow.
pub type eeszt_binding_check = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        user: *const c_char,
        cert: *const u8,
        cert_len: usize,
        sha256: *const u8,
    ) -> u32,
>;

impl UserBinding for eeszt_card_trust {
    fn is_bound(&self, user: &EesztUserId, certificate: &Certificate) -> bool {
        if self.bindings.is_bound(user, certificate) {
            return true;
        }
        let Some(callback) = self.callback else {
            return false;
        };
        let Ok(name) = std::ffi::CString::new(user.as_str()) else {
            return false;
        };
        let der = certificate.der();
        let fingerprint = certificate.sha256();
        // SAFETY: the caller registered a valid function; every pointer is valid for the call.
        let answer = unsafe {
            callback(
                self.user_data as *mut c_void,
                name.as_ptr(),
                der.as_ptr(),
                der.len(),
                fingerprint.as_ptr(),
            )
        };
        answer != 0
    }
}

/// A new, empty card trust (trusts nothing). `*out` receives it.
///
/// # Safety
/// `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_trust_new(out: *mut *mut eeszt_card_trust) -> eeszt_result {
    guard(|| {
        check_out(out)?;
        let handle = into_handle(eeszt_card_trust {
            anchors: TrustAnchors::new(),
            bindings: FingerprintBindings::new(),
            callback: None,
            user_data: 0,
        });
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, handle) }
    })
}

/// Frees a card trust; NULL is ignored.
///
/// # Safety
/// `trust` NULL or from `eeszt_card_trust_new`, not freed before, not used by a running call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_trust_free(trust: *mut eeszt_card_trust) {
    // SAFETY: forwarded contract; `free_handle` runs inside the panic boundary.
    unsafe { free_handle(trust) }
}

/// Adds the certificates of `data` (DER, or PEM with one or more certificates) as trust anchors:
/// issuers of eID card certificates the caller trusts. `*count` (may be NULL) receives how many.
///
/// # Safety
/// `trust` live; `data` readable for `len`; `count` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_trust_add_anchor(
    trust: *mut eeszt_card_trust,
    data: *const u8,
    len: usize,
    count: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let trust = unsafe { handle_mut(trust) }?;
        let data = unsafe { bytes_arg(data, len) }?;
        let n = trust.anchors.add_anchors_from(data)?;
        // SAFETY: NULL or writable per the contract.
        unsafe { crate::boundary::write_opt(count, n) };
        Ok(())
    })
}

/// Adds the certificates of `data` (DER or PEM) as intermediates: they may link a card's
/// certificate to an anchor but are not trusted by themselves. `*count` (may be NULL) receives how
/// many.
///
/// # Safety
/// `trust` live; `data` readable for `len`; `count` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_trust_add_intermediate(
    trust: *mut eeszt_card_trust,
    data: *const u8,
    len: usize,
    count: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let trust = unsafe { handle_mut(trust) }?;
        let data = unsafe { bytes_arg(data, len) }?;
        let n = trust.anchors.add_intermediates_from(data)?;
        // SAFETY: NULL or writable per the contract.
        unsafe { crate::boundary::write_opt(count, n) };
        Ok(())
    })
}

/// Binds the card certificate with SHA-256 fingerprint `sha256` (32 bytes) to the user name `user`
/// (normalised as the login page does: " o95745 " is O95745). A user may have several cards.
///
/// # Safety
/// `trust` live; `user` NUL-terminated; `sha256` readable for 32 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_trust_bind(
    trust: *mut eeszt_card_trust,
    user: *const c_char,
    sha256: *const u8,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let trust = unsafe { handle_mut(trust) }?;
        let user = EesztUserId::parse(unsafe { str_arg(user) }?)?;
        let fingerprint: [u8; 32] = unsafe { bytes_arg(sha256, 32) }?
            .try_into()
            .map_err(|_| ApiError::InvalidArgument { what: "sha256" })?;
        trust.bindings.bind(&user, fingerprint);
        Ok(())
    })
}

/// Sets the caller's binding check, asked when no fingerprint bound with `eeszt_card_trust_bind`
/// matches; NULL removes it. `user_data` is passed back unchanged.
///
/// # Safety
/// `trust` live; `check` NULL or a valid function for as long as the trust is used.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_trust_set_binding(
    trust: *mut eeszt_card_trust,
    check: eeszt_binding_check,
    user_data: *mut c_void,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let trust = unsafe { handle_mut(trust) }?;
        trust.callback = check;
        trust.user_data = user_data as usize;
        Ok(())
    })
}

/// Adds the simulated eSzemélyi's own trust: its certificate as an anchor, bound to its owner
/// `O95745` only. For tests and demos against the simulator; never in production.
///
/// # Safety
/// `trust` live.
#[cfg(feature = "sim")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_card_trust_add_simulator(
    trust: *mut eeszt_card_trust,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let trust = unsafe { handle_mut(trust) }?;
        eeszt_auth::login::SimulatorTrust::new().add_to(&mut trust.anchors, &mut trust.bindings);
        Ok(())
    })
}

/// The three checks of a card login, and whether the login is authenticated and simulated.
/// Each field is 0 or 1.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct eeszt_login_checks {
    /// The card's signature over the challenge verified with its certificate.
    pub signature_verified: u32,
    /// The certificate chains to one of the caller's trust anchors and is valid now.
    pub trusted: u32,
    /// The caller's binding maps the user name to the certificate.
    pub bound: u32,
    /// All checks of the method passed (for a token login: password, OTP and check code).
    pub authenticated: u32,
    /// A simulated card or simulated back end took part.
    pub simulated: u32,
}

/// The checks of the last card login refused after the card answered (signature, trust or
/// binding failed); `EESZT_ERR_BAD_STATE` when the last step was not such a refusal.
///
/// # Safety
/// `flow` live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_refused_checks(
    flow: *const eeszt_login,
    out: *mut eeszt_login_checks,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_ref(flow) }?;
        check_out(out)?;
        let checks = flow.refused_checks.ok_or(ApiError::BadState)?;
        let value = eeszt_login_checks {
            signature_verified: u32::from(checks.signature_verified),
            trusted: u32::from(checks.trusted),
            bound: u32::from(checks.bound),
            authenticated: 0,
            simulated: 0,
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, value) }
    })
}

/// The result's checks (after `EESZT_LOGIN_STEP_DONE`): for a card login the three card checks
/// (all 1, or the flow would have refused), `authenticated` 1, and `simulated` 1 when the
/// simulated card took part. For a token login the card fields are 0.
///
/// # Safety
/// `flow` live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_result_checks(
    flow: *const eeszt_login,
    out: *mut eeszt_login_checks,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let result = unsafe { handle_ref(flow) }?.result()?;
        check_out(out)?;
        let checks = result.card().map(|c| c.checks()).unwrap_or_default();
        let value = eeszt_login_checks {
            signature_verified: u32::from(checks.signature_verified),
            trusted: u32::from(checks.trusted),
            bound: u32::from(checks.bound),
            authenticated: u32::from(result.authenticated()),
            simulated: u32::from(result.simulated()),
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, value) }
    })
}

/// A NUL-terminated copy of a secret for a C callback, wiped (its whole capacity) when dropped;
/// `None` when the secret holds a NUL byte (C could not see all of it).
fn secret_c_string(secret: &str) -> Option<Zeroizing<Vec<u8>>> {
    if secret.as_bytes().contains(&0) {
        return None;
    }
    let mut out = Zeroizing::new(Vec::with_capacity(secret.len() + 1));
    out.extend_from_slice(secret.as_bytes());
    out.push(0);
    Some(out)
}

/// The caller's password check: returns nonzero when `password` is right for `user`. `password`
/// is valid only during the call: the library wipes its copy when the callback returns (copy it
/// into memory you wipe yourself if you must keep it).
pub type eeszt_password_check = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        user: *const c_char,
        password: *const c_char,
    ) -> u32,
>;

/// Step 3b: the password, checked by `check`, with the 3-tries/15-minutes lock counted in `*state`
/// (updated in place; store it). `unix_time` is the current time.
///
/// # Safety
/// `flow` live; `password` NUL-terminated; `state` readable and writable; `check` a valid function.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_password(
    flow: *mut eeszt_login,
    password: *const c_char,
    check: eeszt_password_check,
    user_data: *mut c_void,
    state: *mut eeszt_password_state,
    unix_time: u64,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_mut(flow) }?;
        let password = Password::new(unsafe { str_arg(password) }?);
        let check = check.ok_or(ApiError::Null)?;
        // SAFETY: per the contract.
        let stored = unsafe { handle_mut(state) }?;
        let mut rust_state = PasswordState::from(*stored);
        let result = flow.advance(|s| match s {
            State::Password(s) => s
                .password(
                    &password,
                    &PasswordPolicy::default(),
                    &mut rust_state,
                    unix_time,
                    |user, p| {
                        let user = std::ffi::CString::new(user.as_str()).unwrap_or_default();
                        // The copy of the password is wiped when this closure returns.
                        let Some(p) = secret_c_string(p) else {
                            return false;
                        };
                        // SAFETY: the caller's function, called with two NUL-terminated strings.
                        unsafe { check(user_data, user.as_ptr(), p.as_ptr().cast()) != 0 }
                    },
                )
                .map(State::Otp)
                .map_err(back(State::Password)),
            other => wrong_step(other),
        });
        *stored = rust_state.into();
        result
    })
}

/// The caller's check-code check: returns nonzero when `check_code` (the ellenőrző kód the user
/// typed, surrounding whitespace removed; valid only during the call, wiped afterwards) is right for
/// `user`. Compare it in constant time.
pub type eeszt_check_code_check = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        user: *const c_char,
        check_code: *const c_char,
    ) -> u32,
>;

/// Step 3b, continued: the token's one-time password `code`, verified against the user's TOTP key
/// (`secret_base32`, `algorithm` 0 SHA-1 / 1 SHA-256 / 2 SHA-512, `digits` 6-10, `period` seconds,
/// T0 = 0) with the default policy (±1 step, replay protection, 3 failures lock for 15 minutes) and
/// the caller's `*state` (updated in place; store it), then the check code the user typed,
/// `typed_check_code`, with the caller's `check_code` (NULL when the deployment has none: then any
/// non-empty check code passes). An empty check code is refused (`LOGIN_CHECK_CODE_EMPTY`) before
/// the one-time password is looked at.
///
/// # Safety
/// `flow` live; strings NUL-terminated; `state` readable and writable; `check_code` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_otp(
    flow: *mut eeszt_login,
    secret_base32: *const c_char,
    algorithm: u32,
    digits: u32,
    period: u64,
    code: *const c_char,
    typed_check_code: *const c_char,
    check_code: eeszt_check_code_check,
    user_data: *mut c_void,
    state: *mut eeszt_otp_state,
    unix_time: u64,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_mut(flow) }?;
        let secret = Secret::from_base32(unsafe { str_arg(secret_base32) }?)?;
        let algorithm = Algorithm::from_u32(algorithm)
            .ok_or(ApiError::InvalidArgument { what: "algorithm" })?;
        let totp = Totp::new(OtpKey::new(secret, algorithm, digits)?, period, 0)?;
        let code = unsafe { str_arg(code) }?;
        let typed_check_code = unsafe { str_arg(typed_check_code) }?;
        let stored = unsafe { handle_mut(state) }?;
        let mut rust_state = UserState::from(&*stored);
        let verifier = Verifier::new(Policy::default());
        let result = flow.advance(|s| match s {
            State::Otp(s) => s
                .otp(
                    TokenKey::Totp(&totp),
                    &verifier,
                    &mut rust_state,
                    code,
                    typed_check_code,
                    unix_time,
                    |user, typed| match check_code {
                        None => true,
                        Some(check) => {
                            let user = std::ffi::CString::new(user.as_str()).unwrap_or_default();
                            // The copy of the check code is wiped when this closure returns.
                            let Some(typed) = secret_c_string(typed) else {
                                return false;
                            };
                            // SAFETY: the caller's function with two NUL-terminated strings.
                            unsafe { check(user_data, user.as_ptr(), typed.as_ptr().cast()) != 0 }
                        }
                    },
                )
                .map(State::Institution)
                .map_err(back(State::Otp)),
            other => wrong_step(other),
        });
        stored.store(&rust_state);
        result
    })
}

/// Pick the entry at `index` of the list (the entry after the last institution is
/// "Intézmény nélkül").
pub const EESZT_PICK_INDEX: u32 = 0;
/// Pick the institution whose provider ID or unit code is `code`.
pub const EESZT_PICK_CODE: u32 = 1;
/// Pick "Intézmény nélkül".
pub const EESZT_PICK_NONE: u32 = 2;

/// Step 4: the institution. `institutions_json` is the list offered (a JSON array of
/// `{"provider", "site", "unit", "name"}`, see the Rust docs); `pick` is `EESZT_PICK_*` with
/// `index` or `code` as it needs (`code` may be NULL otherwise). `unix_time` is recorded in the
/// result.
///
/// # Safety
/// `flow` live; strings NUL-terminated or NULL where allowed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_institution(
    flow: *mut eeszt_login,
    institutions_json: *const c_char,
    pick: u32,
    index: usize,
    code: *const c_char,
    unix_time: u64,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let flow = unsafe { handle_mut(flow) }?;
        let list = InstitutionList::from_json(unsafe { str_arg(institutions_json) }?)?;
        let pick = match pick {
            EESZT_PICK_INDEX => Pick::Index(index),
            // SAFETY: per the contract.
            EESZT_PICK_CODE => Pick::Code(unsafe { str_arg(code) }?),
            EESZT_PICK_NONE => Pick::NoInstitution,
            _ => return Err(ApiError::InvalidArgument { what: "pick" }.into()),
        };
        flow.advance(|state| match state {
            State::Institution(s) => s
                .choose(&list, pick, unix_time)
                .map(|r| State::Done(Box::new(r)))
                .map_err(back(State::Institution)),
            other => wrong_step(other),
        })
    })
}

/// The logged-in user name (after `EESZT_LOGIN_STEP_DONE`).
///
/// # Safety
/// `flow` live; `buf` NULL or writable for `len`; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_result_user(
    flow: *const eeszt_login,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let result = unsafe { handle_ref(flow) }?.result()?;
        unsafe { write_str(result.user().as_str(), buf, len, needed) }
    })
}

/// The result's method (`EESZT_LOGIN_METHOD_*`), time and profession code (as the identifier
/// functions define it). Each out-parameter may be NULL when not wanted.
///
/// # Safety
/// `flow` live; out-parameters NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_result_info(
    flow: *const eeszt_login,
    method: *mut u32,
    profession: *mut u32,
    unix_time: *mut u64,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let result = unsafe { handle_ref(flow) }?.result()?;
        let m = match result.method() {
            eeszt_auth::login::Method::Card => EESZT_LOGIN_METHOD_CARD,
            eeszt_auth::login::Method::Token => EESZT_LOGIN_METHOD_TOKEN,
        };
        // SAFETY: NULL or writable per the contract.
        unsafe {
            crate::boundary::write_opt(method, m);
            crate::boundary::write_opt(profession, result.profession().code());
            crate::boundary::write_opt(unix_time, result.unix_time());
        }
        Ok(())
    })
}

/// The chosen institution as "name, site (provider[, unit])", or "Intézmény nélkül" / "No
/// institution" in `lang`; `*has_institution` (may be NULL) receives 0 for "Intézmény nélkül".
///
/// # Safety
/// `flow` live; `buf` NULL or writable for `len`; `needed`, `has_institution` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_result_institution(
    flow: *const eeszt_login,
    lang: u32,
    has_institution: *mut u32,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let result = unsafe { handle_ref(flow) }?.result()?;
        let lang = crate::boundary::lang_arg(lang)?;
        let label = result.institution().label(lang);
        unsafe { write_str(&label, buf, len, needed) }?;
        unsafe {
            crate::boundary::write_opt(
                has_institution,
                u32::from(result.institution().institution().is_some()),
            )
        };
        Ok(())
    })
}

/// The card's evidence: `what` 0 = the X.509 authentication certificate (DER), 1 = the challenge,
/// 2 = the signature (ECDSA P-256 SHA-256, r||s). `EESZT_ERR_BAD_STATE` for token logins.
///
/// # Safety
/// `flow` live; `buf` NULL or writable for `len`; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_result_evidence(
    flow: *const eeszt_login,
    what: u32,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let result = unsafe { handle_ref(flow) }?.result()?;
        let evidence = result.evidence().ok_or(ApiError::BadState)?;
        let data = match what {
            0 => &evidence.certificate,
            1 => &evidence.challenge,
            2 => &evidence.signature,
            _ => return Err(ApiError::InvalidArgument { what: "what" }.into()),
        };
        unsafe { write_bytes(data, buf, len, needed) }
    })
}

/// Verifies the card's signature over the challenge with its certificate (what a relying party
/// does): `EESZT_OK` or `EESZT_ERR_EID_AUTH_FAILED`.
///
/// # Safety
/// `flow` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn eeszt_login_result_verify(flow: *const eeszt_login) -> eeszt_result {
    guard(|| {
        // SAFETY: per the contract.
        let result = unsafe { handle_ref(flow) }?.result()?;
        result.evidence().ok_or(ApiError::BadState)?.verify()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// Records what the callback saw and answers "right" for `EesztDemo-2026`.
    unsafe extern "C" fn check(
        user_data: *mut c_void,
        user: *const c_char,
        pw: *const c_char,
    ) -> u32 {
        // SAFETY: the library passes two NUL-terminated strings valid during the call, and the
        // `Vec<String>` this test registered as user data.
        let (seen, user, pw) = unsafe {
            (
                &mut *user_data.cast::<Vec<String>>(),
                CStr::from_ptr(user).to_string_lossy(),
                CStr::from_ptr(pw).to_string_lossy(),
            )
        };
        seen.push(format!("{user}:{pw}"));
        u32::from(pw == "EesztDemo-2026")
    }

    // The password reaches the caller's check whole (through the wiped copy), wrong and right.
    #[test]
    fn the_password_check_sees_the_password() {
        let mut seen: Vec<String> = Vec::new();
        let mut flow = std::ptr::null_mut();
        let mut state = eeszt_password_state::default();
        let mut step = 99;
        // SAFETY: valid pointers throughout; the flow is freed at the end.
        unsafe {
            assert_eq!(eeszt_login_new(&mut flow), 0);
            assert_eq!(eeszt_login_user(flow, c"O95745".as_ptr()), 0);
            assert_eq!(eeszt_login_method(flow, EESZT_LOGIN_METHOD_TOKEN), 0);
            let user_data = (&mut seen as *mut Vec<String>).cast();
            let wrong = c"Árvíztűrő-2026".as_ptr();
            let rc = eeszt_login_password(flow, wrong, Some(check), user_data, &mut state, 1);
            assert_ne!(rc, 0);
            assert_eq!(state.failures, 1);
            let right = c"EesztDemo-2026".as_ptr();
            let rc = eeszt_login_password(flow, right, Some(check), user_data, &mut state, 2);
            assert_eq!(rc, 0);
            assert_eq!(eeszt_login_step(flow, &mut step), 0);
            eeszt_login_free(flow);
        }
        assert_eq!(step, EESZT_LOGIN_STEP_OTP);
        assert_eq!(seen, ["O95745:Árvíztűrő-2026", "O95745:EesztDemo-2026"]);
    }

    // Security review M4: the password handed to `eeszt_password_check` was a plain `CString`,
    // left in freed heap memory after the call. The copy is now a buffer that wipes itself.
    #[test]
    fn password_copy_for_the_callback_is_wiped_and_nul_terminated() {
        fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let copy = secret_c_string("Árvíztűrő jelszó").unwrap();
        wipes_on_drop(&copy);
        assert_eq!(copy.last(), Some(&0));
        // SAFETY: `copy` is NUL-terminated (checked above) and lives across the use.
        let seen = unsafe { std::ffi::CStr::from_ptr(copy.as_ptr().cast()) };
        assert_eq!(seen.to_str().unwrap(), "Árvíztűrő jelszó");
        assert!(secret_c_string("a\0b").is_none());
        assert_eq!(secret_c_string("").unwrap().as_slice(), [0]);
    }
}
