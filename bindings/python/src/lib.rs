//! The `eeszt_auth._native` Python extension: a PyO3 layer over the Rust `eeszt-auth` crate.
//!
//! Every failure becomes `eeszt_auth.EesztError` (defined in `python/eeszt_auth/_errors.py`) with
//! the stable code and both messages. Objects that hold secrets (keys, cards, certificate bundles)
//! are context managers: `close()` (or leaving the `with` block) drops the Rust value, which wipes
//! its secrets; a closed object refuses further use with code 9 (BAD_STATE).
//!
//! There is no C layer in between, so there is no header to drift from: a change of the Rust API
//! this file uses fails the build of this crate.
#![deny(missing_docs)]

use std::str::FromStr;

use eeszt_auth::card::SimTransport;
use eeszt_auth::card::eid::sim::SimEszemelyi;
use eeszt_auth::cert::{Bundle, Certificate};
use eeszt_auth::id::EesztUserId;
use eeszt_auth::login::{
    CardChecks, CheckCard, ChooseInstitution, ChooseMethod, EnterPin, EszemelyiCard, LoginCard,
    LoginFlow, LoginResult, Pick, Rejected,
};
use eeszt_auth::otp::{
    Algorithm, OtpKey, OtpUri, Policy, Secret, Totp, UserState, Verifier as RustVerifier,
};
use eeszt_auth::{ApiError, Error, Lang};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// Builds an `eeszt_auth.EesztError` from a library error.
fn py_error(py: Python<'_>, error: impl Into<Error>) -> PyErr {
    let error = error.into();
    let made = py
        .import("eeszt_auth._errors")
        .and_then(|m| m.getattr("EesztError"))
        .and_then(|class| {
            class.call1((
                error.code(),
                error.message(Lang::Hu),
                error.message(Lang::En),
            ))
        });
    match made {
        Ok(value) => PyErr::from_value(value),
        Err(err) => err,
    }
}

/// The error of a closed object or a flow step called out of order.
fn bad_state(py: Python<'_>) -> PyErr {
    py_error(py, ApiError::BadState)
}

fn parse_lang(py: Python<'_>, lang: &str) -> PyResult<Lang> {
    Lang::from_str(lang).map_err(|_| py_error(py, ApiError::InvalidArgument { what: "lang" }))
}

fn parse_algorithm(py: Python<'_>, name: &str) -> PyResult<Algorithm> {
    Algorithm::from_str(name).map_err(|e| py_error(py, e))
}

/// The RFC 4226 HOTP code of `secret` (SHA-1) at `counter`.
#[pyfunction]
#[pyo3(signature = (secret, counter, digits = 6))]
fn hotp(py: Python<'_>, secret: &[u8], counter: u64, digits: u32) -> PyResult<String> {
    let secret = Secret::from_bytes(secret).map_err(|e| py_error(py, e))?;
    let key = OtpKey::new(secret, Algorithm::Sha1, digits).map_err(|e| py_error(py, e))?;
    Ok(key.hotp(counter).as_str().to_owned())
}

/// An EESZT user name (`O95745`): the profession's letter and the registry number.
#[pyclass(name = "UserId", module = "eeszt_auth", frozen)]
struct PyUserId {
    inner: EesztUserId,
}

#[pymethods]
impl PyUserId {
    /// The normalised form (`O95745`).
    #[getter]
    fn normalized(&self) -> &str {
        self.inner.as_str()
    }

    /// The profession's stable name (`doctor`, `health_professional`, `pharmacist`, ...).
    #[getter]
    fn profession(&self) -> &'static str {
        self.inner.profession().as_str()
    }

    /// The registry number without the letter.
    #[getter]
    fn number(&self) -> &str {
        self.inner.number()
    }

    /// The profession in plain words, `lang` `"hu"` or `"en"`.
    #[pyo3(signature = (lang = "hu"))]
    fn profession_name(&self, py: Python<'_>, lang: &str) -> PyResult<&'static str> {
        Ok(self.inner.profession().name(parse_lang(py, lang)?))
    }

    fn __str__(&self) -> &str {
        self.inner.as_str()
    }

    fn __repr__(&self) -> String {
        format!("UserId('{}')", self.inner.as_str())
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.as_str().hash(&mut h);
        h.finish()
    }
}

/// Parses an EESZT user name as typed (spaces around it and a lowercase letter are accepted).
#[pyfunction]
fn parse_user_id(py: Python<'_>, text: &str) -> PyResult<PyUserId> {
    EesztUserId::parse(text)
        .map(|inner| PyUserId { inner })
        .map_err(|e| py_error(py, e))
}

/// The message of a stable error code, `lang` `"hu"` or `"en"` (None for an unknown code).
#[pyfunction]
#[pyo3(signature = (code, lang = "hu"))]
fn error_message(py: Python<'_>, code: u32, lang: &str) -> PyResult<Option<&'static str>> {
    let lang = parse_lang(py, lang)?;
    Ok(eeszt_auth::error::describe(code).map(|info| info.message(lang)))
}

/// An OTP key (secret, algorithm, digits). Wiped on `close()` / leaving `with`.
#[pyclass(name = "OtpKey", module = "eeszt_auth")]
struct PyOtpKey {
    inner: Option<OtpKey>,
}

impl PyOtpKey {
    fn get(&self, py: Python<'_>) -> PyResult<&OtpKey> {
        self.inner.as_ref().ok_or_else(|| bad_state(py))
    }
}

fn make_key(py: Python<'_>, secret: Secret, algorithm: &str, digits: u32) -> PyResult<OtpKey> {
    OtpKey::new(secret, parse_algorithm(py, algorithm)?, digits).map_err(|e| py_error(py, e))
}

#[pymethods]
impl PyOtpKey {
    /// A key from the raw secret (at least 16 bytes).
    #[staticmethod]
    #[pyo3(signature = (secret, algorithm = "SHA1", digits = 6))]
    fn from_bytes(py: Python<'_>, secret: &[u8], algorithm: &str, digits: u32) -> PyResult<Self> {
        let secret = Secret::from_bytes(secret).map_err(|e| py_error(py, e))?;
        Ok(PyOtpKey {
            inner: Some(make_key(py, secret, algorithm, digits)?),
        })
    }

    /// A key from the secret in base32 (as printed under a QR code).
    #[staticmethod]
    #[pyo3(signature = (text, algorithm = "SHA1", digits = 6))]
    fn from_base32(py: Python<'_>, text: &str, algorithm: &str, digits: u32) -> PyResult<Self> {
        let secret = Secret::from_base32(text).map_err(|e| py_error(py, e))?;
        Ok(PyOtpKey {
            inner: Some(make_key(py, secret, algorithm, digits)?),
        })
    }

    /// The key of an `otpauth://` URI.
    #[staticmethod]
    fn from_uri(py: Python<'_>, uri: &str) -> PyResult<Self> {
        let parsed = OtpUri::parse(uri).map_err(|e| py_error(py, e))?;
        Ok(PyOtpKey {
            inner: Some(parsed.key().map_err(|e| py_error(py, e))?),
        })
    }

    /// The HOTP code at `counter`.
    fn hotp(&self, py: Python<'_>, counter: u64) -> PyResult<String> {
        Ok(self.get(py)?.hotp(counter).as_str().to_owned())
    }

    /// The number of digits of a code.
    #[getter]
    fn digits(&self, py: Python<'_>) -> PyResult<u32> {
        Ok(self.get(py)?.digits())
    }

    /// The HMAC algorithm (`SHA1`, `SHA256`, `SHA512`).
    #[getter]
    fn algorithm(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(self.get(py)?.algorithm().name())
    }

    /// Wipes the secret; later use raises EesztError (code 9).
    fn close(&mut self) {
        self.inner = None;
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __exit__(
        &mut self,
        _t: Option<Bound<'_, PyAny>>,
        _v: Option<Bound<'_, PyAny>>,
        _tb: Option<Bound<'_, PyAny>>,
    ) -> bool {
        self.close();
        false
    }

    fn __repr__(&self) -> &'static str {
        if self.inner.is_some() {
            "OtpKey(<secret hidden>)"
        } else {
            "OtpKey(<closed>)"
        }
    }
}

/// A TOTP generator (a key, the period and the start time). Wiped on `close()`.
#[pyclass(name = "Totp", module = "eeszt_auth")]
struct PyTotp {
    inner: Option<Totp>,
}

impl PyTotp {
    fn get(&self, py: Python<'_>) -> PyResult<&Totp> {
        self.inner.as_ref().ok_or_else(|| bad_state(py))
    }
}

#[pymethods]
impl PyTotp {
    /// A TOTP generator over a copy of `key` (the key object stays usable).
    #[new]
    #[pyo3(signature = (key, period = 30, t0 = 0))]
    fn new(py: Python<'_>, key: &PyOtpKey, period: u64, t0: u64) -> PyResult<Self> {
        let key = key.get(py)?.clone();
        Ok(PyTotp {
            inner: Some(Totp::new(key, period, t0).map_err(|e| py_error(py, e))?),
        })
    }

    /// The TOTP generator of an `otpauth://totp/` URI.
    #[staticmethod]
    fn from_uri(py: Python<'_>, uri: &str) -> PyResult<Self> {
        let parsed = OtpUri::parse(uri).map_err(|e| py_error(py, e))?;
        match parsed.totp().map_err(|e| py_error(py, e))? {
            Some(totp) => Ok(PyTotp { inner: Some(totp) }),
            None => Err(py_error(py, ApiError::InvalidArgument { what: "uri" })),
        }
    }

    /// The code at `unix_time`.
    fn code_at(&self, py: Python<'_>, unix_time: u64) -> PyResult<String> {
        let code = self
            .get(py)?
            .code_at(unix_time)
            .map_err(|e| py_error(py, e))?;
        Ok(code.as_str().to_owned())
    }

    /// The step number at `unix_time`.
    fn step(&self, py: Python<'_>, unix_time: u64) -> PyResult<u64> {
        self.get(py)?.step(unix_time).map_err(|e| py_error(py, e))
    }

    /// The period in seconds.
    #[getter]
    fn period(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.get(py)?.period())
    }

    /// Wipes the secret; later use raises EesztError (code 9).
    fn close(&mut self) {
        self.inner = None;
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __exit__(
        &mut self,
        _t: Option<Bound<'_, PyAny>>,
        _v: Option<Bound<'_, PyAny>>,
        _tb: Option<Bound<'_, PyAny>>,
    ) -> bool {
        self.close();
        false
    }
}

/// What the caller stores per user between checks (start with `OtpState()` at enrollment).
#[pyclass(name = "OtpState", module = "eeszt_auth", skip_from_py_object)]
#[derive(Clone)]
struct PyOtpState {
    /// The last accepted step or counter (codes at or before it are refused).
    #[pyo3(get, set)]
    last_step: Option<u64>,
    /// Consecutive failures.
    #[pyo3(get, set)]
    failures: u32,
    /// Unix time until which the user is locked.
    #[pyo3(get, set)]
    locked_until: Option<u64>,
    /// HOTP: the next expected counter.
    #[pyo3(get, set)]
    counter: u64,
}

impl PyOtpState {
    fn to_rust(&self) -> UserState {
        UserState {
            last_step: self.last_step,
            failures: self.failures,
            locked_until: self.locked_until,
            counter: self.counter,
        }
    }

    fn store(&mut self, state: &UserState) {
        self.last_step = state.last_step;
        self.failures = state.failures;
        self.locked_until = state.locked_until;
        self.counter = state.counter;
    }
}

#[pymethods]
impl PyOtpState {
    #[new]
    #[pyo3(signature = (last_step = None, failures = 0, locked_until = None, counter = 0))]
    fn new(last_step: Option<u64>, failures: u32, locked_until: Option<u64>, counter: u64) -> Self {
        PyOtpState {
            last_step,
            failures,
            locked_until,
            counter,
        }
    }

    fn __repr__(&self) -> String {
        let opt = |v: Option<u64>| v.map_or("None".to_owned(), |v| v.to_string());
        format!(
            "OtpState(last_step={}, failures={}, locked_until={}, counter={})",
            opt(self.last_step),
            self.failures,
            opt(self.locked_until),
            self.counter
        )
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.to_rust() == other.to_rust()
    }
}

/// Checks codes against a policy; the state passed in is updated in place (also on failures).
#[pyclass(name = "Verifier", module = "eeszt_auth", frozen)]
struct PyVerifier {
    inner: RustVerifier,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (past_steps = 1, future_steps = 1, max_failures = 3, lockout_secs = 900,
        hotp_look_ahead = 10, hotp_resync_window = 100))]
    fn new(
        past_steps: u32,
        future_steps: u32,
        max_failures: u32,
        lockout_secs: u64,
        hotp_look_ahead: u32,
        hotp_resync_window: u32,
    ) -> Self {
        PyVerifier {
            inner: RustVerifier::new(Policy {
                past_steps,
                future_steps,
                max_failures,
                lockout_secs,
                hotp_look_ahead,
                hotp_resync_window,
            }),
        }
    }

    /// Checks a TOTP code typed at `unix_time`; returns the matched step. Raises EesztError
    /// (reused code, wrong code, locked, ...) after recording the failure in `state`.
    fn verify_totp(
        &self,
        py: Python<'_>,
        totp: &PyTotp,
        mut state: PyRefMut<'_, PyOtpState>,
        code: &str,
        unix_time: u64,
    ) -> PyResult<u64> {
        let mut rust_state = state.to_rust();
        let outcome = self
            .inner
            .verify_totp(totp.get(py)?, &mut rust_state, code, unix_time);
        state.store(&rust_state);
        outcome.map(|m| m.step).map_err(|e| py_error(py, e))
    }

    /// Checks an HOTP code; returns the matched counter (the state's counter moves past it).
    fn verify_hotp(
        &self,
        py: Python<'_>,
        key: &PyOtpKey,
        mut state: PyRefMut<'_, PyOtpState>,
        code: &str,
        unix_time: u64,
    ) -> PyResult<u64> {
        let mut rust_state = state.to_rust();
        let outcome = self
            .inner
            .verify_hotp(key.get(py)?, &mut rust_state, code, unix_time);
        state.store(&rust_state);
        outcome.map(|m| m.step).map_err(|e| py_error(py, e))
    }
}

type SimCardInner = Box<dyn LoginCard>;

/// The simulated eSzemélyi (PIN 123456, CAN 123456 when activated; transport PIN 12345 when not).
#[pyclass(name = "SimulatedCard", module = "eeszt_auth", unsendable)]
struct PySimulatedCard {
    inner: Option<SimCardInner>,
}

impl PySimulatedCard {
    fn get(&mut self, py: Python<'_>) -> PyResult<&mut SimCardInner> {
        self.inner.as_mut().ok_or_else(|| bad_state(py))
    }
}

#[pymethods]
impl PySimulatedCard {
    /// A fresh simulated card, activated (PIN set) unless `activated=False`.
    #[new]
    #[pyo3(signature = (activated = true))]
    fn new(activated: bool) -> Self {
        let sim = if activated {
            SimEszemelyi::activated()
        } else {
            SimEszemelyi::new()
        };
        PySimulatedCard {
            inner: Some(Box::new(EszemelyiCard::new(SimTransport::new(sim)))),
        }
    }

    /// The PIN's state and tries left, read without spending a try: `(state, tries_left)` with
    /// state `transport`, `active`, `suspended` or `blocked`.
    fn pin_status(&mut self, py: Python<'_>) -> PyResult<(&'static str, u8)> {
        let status = self.get(py)?.pin_status().map_err(|e| py_error(py, e))?;
        Ok((status.state.as_str(), status.tries_left))
    }

    /// Ends the session with the card.
    fn close(&mut self) {
        self.inner = None;
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __exit__(
        &mut self,
        _t: Option<Bound<'_, PyAny>>,
        _v: Option<Bound<'_, PyAny>>,
        _tb: Option<Bound<'_, PyAny>>,
    ) -> bool {
        self.close();
        false
    }
}

/// The simulated card's certificate as the only trust anchor, bound to `O95745` only. For tests:
/// a real deployment trusts its own anchors.
#[pyclass(name = "SimulatorTrust", module = "eeszt_auth", frozen)]
struct PySimulatorTrust {
    inner: eeszt_auth::login::SimulatorTrust,
}

#[pymethods]
impl PySimulatorTrust {
    #[new]
    fn new() -> Self {
        PySimulatorTrust {
            inner: eeszt_auth::login::SimulatorTrust::new(),
        }
    }
}

/// The three checks of a card login.
#[pyclass(
    name = "CardChecks",
    module = "eeszt_auth",
    frozen,
    get_all,
    skip_from_py_object
)]
#[derive(Clone)]
struct PyCardChecks {
    /// The card's signature over the challenge verified.
    signature_verified: bool,
    /// The certificate chains to a trust anchor.
    trusted: bool,
    /// The certificate is bound to the typed user name.
    bound: bool,
    /// All three passed.
    authenticated: bool,
}

impl From<CardChecks> for PyCardChecks {
    fn from(c: CardChecks) -> Self {
        PyCardChecks {
            signature_verified: c.signature_verified,
            trusted: c.trusted,
            bound: c.bound,
            authenticated: c.authenticated(),
        }
    }
}

#[pymethods]
impl PyCardChecks {
    fn __repr__(&self) -> String {
        format!(
            "CardChecks(signature_verified={}, trusted={}, bound={}, authenticated={})",
            py_bool(self.signature_verified),
            py_bool(self.trusted),
            py_bool(self.bound),
            py_bool(self.authenticated)
        )
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Who logged in, how and when.
#[pyclass(name = "LoginResult", module = "eeszt_auth", frozen)]
struct PyLoginResult {
    inner: LoginResult,
}

#[pymethods]
impl PyLoginResult {
    /// The user name.
    #[getter]
    fn user(&self) -> PyUserId {
        PyUserId {
            inner: self.inner.user().clone(),
        }
    }

    /// `card` or `token`.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method().as_str()
    }

    /// Whether every check of the method passed.
    #[getter]
    fn authenticated(&self) -> bool {
        self.inner.authenticated()
    }

    /// Whether a simulated card or back end took part (never accept such a login in production).
    #[getter]
    fn simulated(&self) -> bool {
        self.inner.simulated()
    }

    /// When the login finished (the time the caller gave).
    #[getter]
    fn unix_time(&self) -> u64 {
        self.inner.unix_time()
    }

    /// For a card login: the card's checks.
    #[getter]
    fn card_checks(&self) -> Option<PyCardChecks> {
        self.inner.card().map(|c| c.checks().into())
    }

    /// For a card login: the card's authentication certificate (DER).
    #[getter]
    fn card_certificate<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.inner
            .evidence()
            .map(|e| PyBytes::new(py, &e.certificate))
    }
}

enum FlowState {
    User(LoginFlow),
    Method(ChooseMethod),
    Card(CheckCard),
    Pin(EnterPin),
    Institution(ChooseInstitution),
    Done,
}

/// The portal login flow: `user()`, `card()`, `check_card()`, `pin()`, `finish()`. A refused
/// step raises EesztError and leaves the flow at the step to retry (`step` says which).
#[pyclass(name = "LoginFlow", module = "eeszt_auth", unsendable)]
struct PyLoginFlow {
    state: Option<FlowState>,
}

impl PyLoginFlow {
    /// Takes the state for a step; out of order puts it back and raises BAD_STATE.
    fn take(&mut self, py: Python<'_>) -> PyResult<FlowState> {
        self.state.take().ok_or_else(|| bad_state(py))
    }

    fn refuse<S>(
        &mut self,
        py: Python<'_>,
        rejected: Rejected<S>,
        wrap: fn(S) -> FlowState,
    ) -> PyErr {
        let err = py_error(py, rejected.error);
        if let Some(checks) = rejected.card_checks {
            let _ = err
                .value(py)
                .setattr("card_checks", PyCardChecks::from(checks));
        }
        self.state = Some(wrap(rejected.state));
        err
    }
}

#[pymethods]
impl PyLoginFlow {
    #[new]
    fn new() -> Self {
        PyLoginFlow {
            state: Some(FlowState::User(LoginFlow::start())),
        }
    }

    /// `user`, `method`, `card`, `pin`, `institution` or `done`.
    #[getter]
    fn step(&self) -> &'static str {
        match self.state {
            Some(FlowState::User(_)) | None => "user",
            Some(FlowState::Method(_)) => "method",
            Some(FlowState::Card(_)) => "card",
            Some(FlowState::Pin(_)) => "pin",
            Some(FlowState::Institution(_)) => "institution",
            Some(FlowState::Done) => "done",
        }
    }

    /// Step 1: the user name as typed.
    fn user(&mut self, py: Python<'_>, typed: &str) -> PyResult<PyUserId> {
        match self.take(py)? {
            FlowState::User(flow) => match flow.user(typed) {
                Ok(next) => {
                    let user = next.user().clone();
                    self.state = Some(FlowState::Method(next));
                    Ok(PyUserId { inner: user })
                }
                Err(rejected) => Err(self.refuse(py, rejected, FlowState::User)),
            },
            other => {
                self.state = Some(other);
                Err(bad_state(py))
            }
        }
    }

    /// Step 2: log in with the eID card.
    fn card(&mut self, py: Python<'_>) -> PyResult<()> {
        match self.take(py)? {
            FlowState::Method(method) => {
                self.state = Some(FlowState::Card(method.card()));
                Ok(())
            }
            other => {
                self.state = Some(other);
                Err(bad_state(py))
            }
        }
    }

    /// Step 3a: reads the card's PIN state without spending a try; returns the tries left.
    fn check_card(&mut self, py: Python<'_>, card: &mut PySimulatedCard) -> PyResult<u8> {
        let card = card.get(py)?;
        match self.take(py)? {
            FlowState::Card(check) => match check.check(card.as_mut()) {
                Ok(pin) => {
                    let tries = pin.tries_left();
                    self.state = Some(FlowState::Pin(pin));
                    Ok(tries)
                }
                Err(rejected) => Err(self.refuse(py, rejected, FlowState::Card)),
            },
            other => {
                self.state = Some(other);
                Err(bad_state(py))
            }
        }
    }

    /// Step 3b: the PIN, a fresh random `challenge` (8 to 64 bytes) and the caller's trust at
    /// `unix_time`. Spends at most one try; the last try only with `consent_last_try=True`. A
    /// refusal after the card answered carries `card_checks` on the exception; the checks of a
    /// success are on the result of `finish()`.
    #[pyo3(signature = (card, pin, challenge, trust, unix_time, can = None, consent_last_try = false))]
    #[allow(clippy::too_many_arguments)]
    fn pin(
        &mut self,
        py: Python<'_>,
        card: &mut PySimulatedCard,
        pin: &str,
        challenge: &[u8],
        trust: &PySimulatorTrust,
        unix_time: u64,
        can: Option<&str>,
        consent_last_try: bool,
    ) -> PyResult<()> {
        let card = card.get(py)?;
        match self.take(py)? {
            FlowState::Pin(enter) => {
                let trust = trust.inner.trust(unix_time);
                match enter.pin(card.as_mut(), pin, can, challenge, consent_last_try, &trust) {
                    Ok(next) => {
                        self.state = Some(FlowState::Institution(next));
                        Ok(())
                    }
                    Err(rejected) => Err(self.refuse(py, rejected, FlowState::Card)),
                }
            }
            other => {
                self.state = Some(other);
                Err(bad_state(py))
            }
        }
    }

    /// Step 4 without an institution ("Intézmény nélkül"): the result.
    fn finish(&mut self, py: Python<'_>, unix_time: u64) -> PyResult<PyLoginResult> {
        match self.take(py)? {
            FlowState::Institution(choose) => {
                match choose.choose(&Default::default(), Pick::NoInstitution, unix_time) {
                    Ok(result) => {
                        self.state = Some(FlowState::Done);
                        Ok(PyLoginResult { inner: result })
                    }
                    Err(rejected) => Err(self.refuse(py, rejected, FlowState::Institution)),
                }
            }
            other => {
                self.state = Some(other);
                Err(bad_state(py))
            }
        }
    }
}

/// One X.509 certificate.
#[pyclass(name = "Certificate", module = "eeszt_auth", frozen)]
struct PyCertificate {
    inner: Certificate,
}

#[pymethods]
impl PyCertificate {
    /// The subject as text.
    #[getter]
    fn subject(&self) -> String {
        self.inner.subject().to_string()
    }

    /// The issuer as text.
    #[getter]
    fn issuer(&self) -> String {
        self.inner.issuer().to_string()
    }

    /// The subject's common name, if any.
    #[getter]
    fn common_name(&self) -> Option<String> {
        self.inner.subject().common_name().map(str::to_owned)
    }

    /// The SHA-256 fingerprint in hex.
    #[getter]
    fn sha256_hex(&self) -> String {
        self.inner.sha256_hex()
    }

    /// Start of validity (Unix seconds).
    #[getter]
    fn not_before(&self) -> i64 {
        self.inner.not_before
    }

    /// End of validity (Unix seconds).
    #[getter]
    fn not_after(&self) -> i64 {
        self.inner.not_after
    }

    /// Whether it is a CA certificate.
    #[getter]
    fn is_ca(&self) -> bool {
        self.inner.is_ca()
    }

    /// The DER encoding.
    #[getter]
    fn der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.der())
    }

    fn __repr__(&self) -> String {
        format!("Certificate(subject='{}')", self.inner.subject())
    }
}

/// What a certificate file holds. Private keys are wiped on `close()` / leaving `with`.
#[pyclass(name = "CertBundle", module = "eeszt_auth")]
struct PyCertBundle {
    inner: Option<Bundle>,
}

impl PyCertBundle {
    fn get(&self, py: Python<'_>) -> PyResult<&Bundle> {
        self.inner.as_ref().ok_or_else(|| bad_state(py))
    }
}

#[pymethods]
impl PyCertBundle {
    /// `der`, `pem` or `pkcs12`.
    #[getter]
    fn format(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(self.get(py)?.format.as_str())
    }

    /// The certificates in file order.
    #[getter]
    fn certificates(&self, py: Python<'_>) -> PyResult<Vec<PyCertificate>> {
        Ok(self
            .get(py)?
            .certificates
            .iter()
            .map(|c| PyCertificate { inner: c.clone() })
            .collect())
    }

    /// How many private keys the file holds.
    #[getter]
    fn key_count(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.get(py)?.keys.len())
    }

    /// Wipes the private keys.
    fn close(&mut self) {
        self.inner = None;
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __exit__(
        &mut self,
        _t: Option<Bound<'_, PyAny>>,
        _v: Option<Bound<'_, PyAny>>,
        _tb: Option<Bound<'_, PyAny>>,
    ) -> bool {
        self.close();
        false
    }
}

/// Loads DER, PEM or PKCS#12 data (`password` opens PKCS#12; UTF-8, any language).
#[pyfunction]
#[pyo3(signature = (data, password = None))]
fn load_certificates(
    py: Python<'_>,
    data: &[u8],
    password: Option<&str>,
) -> PyResult<PyCertBundle> {
    Bundle::load(data, password)
        .map(|b| PyCertBundle { inner: Some(b) })
        .map_err(|e| py_error(py, e))
}

/// The native module.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("VERSION", eeszt_auth::VERSION)?;
    m.add_function(wrap_pyfunction!(hotp, m)?)?;
    m.add_function(wrap_pyfunction!(parse_user_id, m)?)?;
    m.add_function(wrap_pyfunction!(error_message, m)?)?;
    m.add_function(wrap_pyfunction!(load_certificates, m)?)?;
    m.add_class::<PyUserId>()?;
    m.add_class::<PyOtpKey>()?;
    m.add_class::<PyTotp>()?;
    m.add_class::<PyOtpState>()?;
    m.add_class::<PyVerifier>()?;
    m.add_class::<PySimulatedCard>()?;
    m.add_class::<PySimulatorTrust>()?;
    m.add_class::<PyCardChecks>()?;
    m.add_class::<PyLoginResult>()?;
    m.add_class::<PyLoginFlow>()?;
    m.add_class::<PyCertificate>()?;
    m.add_class::<PyCertBundle>()?;
    Ok(())
}
