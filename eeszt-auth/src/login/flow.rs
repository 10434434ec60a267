//! The typed login flow: each step consumes the previous state and returns the next one, so no step
//! can be skipped or repeated by mistake. A failed step gives its state back ([`Rejected`]) with the
//! error and the [`NextAction`] to offer, so the UI can ask again.

// A rejected step hands its whole state back to the caller by design (a few hundred bytes, once per
// user action), so the large `Err` variant is intended.
#![allow(clippy::result_large_err)]

use super::binding::{CardChecks, CardTrust};
use super::card::{CardEvidence, LoginCard};
use super::password::{NewPasswordRules, Password, PasswordPolicy, PasswordState};
use super::{LoginError, NextAction};
use crate::card::EidError;
use crate::card::eid::Password as CardSecret;
use crate::card::eid::pin::{LastTry, PinState};
use crate::cert::{CertError, Certificate};
use crate::error::{Error, Lang};
use crate::id::{EesztUserId, InstitutionChoice, InstitutionList, Profession};
use crate::otp::{OtpKey, Totp, UserState, Verifier};

/// A failed step: the state to retry from, the error and the action to offer.
#[derive(Debug)]
pub struct Rejected<S> {
    /// The state to continue from (the same step, or an earlier one where the failure requires it).
    pub state: S,
    /// What went wrong.
    pub error: Error,
    /// For a card login refused after the card answered: which of the three checks passed.
    pub card_checks: Option<CardChecks>,
}

impl<S> Rejected<S> {
    fn new(state: S, error: impl Into<Error>) -> Rejected<S> {
        Rejected {
            state,
            error: error.into(),
            card_checks: None,
        }
    }

    /// The action the UI should offer.
    pub fn next_action(&self) -> NextAction {
        NextAction::for_error(&self.error)
    }

    /// The error's message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.error.message(lang)
    }
}

/// Shorthand for a step's outcome.
pub type Step<Next, Retry> = std::result::Result<Next, Rejected<Retry>>;

/// How the user proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The eID card (eSzemélyi) and its PIN.
    Card,
    /// Password plus a token's one-time password and check code.
    Token,
}

impl Method {
    /// `card` or `token`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Card => "card",
            Method::Token => "token",
        }
    }
}

/// Step 1: the user name. Start here with [`LoginFlow::start`].
#[derive(Debug, Default)]
pub struct LoginFlow {
    simulated: bool,
}

impl LoginFlow {
    /// A new login.
    pub fn start() -> LoginFlow {
        LoginFlow { simulated: false }
    }

    /// A new login against back ends the caller simulates (test accounts, demo tokens). Every result
    /// of this flow reports `simulated`; a card login is reported simulated anyway when the card is.
    pub fn start_simulated() -> LoginFlow {
        LoginFlow { simulated: true }
    }

    /// Step 1: the user name as typed (the portal's rules and messages, see [`EesztUserId::parse`]).
    pub fn user(self, typed: &str) -> Step<ChooseMethod, LoginFlow> {
        match EesztUserId::parse(typed) {
            Ok(user) => Ok(ChooseMethod {
                user,
                simulated: self.simulated,
            }),
            Err(e) => Err(Rejected::new(self, e)),
        }
    }
}

/// Step 2: choose how to authenticate.
#[derive(Debug)]
pub struct ChooseMethod {
    user: EesztUserId,
    simulated: bool,
}

impl ChooseMethod {
    /// The user name entered.
    pub fn user(&self) -> &EesztUserId {
        &self.user
    }

    /// Authenticate with the eID card.
    pub fn card(self) -> CheckCard {
        CheckCard {
            user: self.user,
            simulated: self.simulated,
        }
    }

    /// Authenticate with password and token.
    pub fn token(self) -> EnterPassword {
        EnterPassword {
            user: self.user,
            simulated: self.simulated,
        }
    }
}

/// Step 3a: check the reader, the card and its PIN state (no PIN try is spent).
#[derive(Debug)]
pub struct CheckCard {
    user: EesztUserId,
    simulated: bool,
}

impl CheckCard {
    /// The user name entered.
    pub fn user(&self) -> &EesztUserId {
        &self.user
    }

    /// Reads the card's PIN state. A transport PIN, a suspended or blocked PIN stop here with the
    /// action to take (activate, CAN, PUK).
    pub fn check(self, card: &mut (impl LoginCard + ?Sized)) -> Step<EnterPin, CheckCard> {
        let status = match card.pin_status() {
            Ok(status) => status,
            Err(e) => return Err(Rejected::new(self, e)),
        };
        let refusal = match status.state {
            PinState::Active if status.tries_left > 0 => {
                return Ok(EnterPin {
                    user: self.user,
                    simulated: self.simulated,
                    tries_left: status.tries_left,
                    needs_can: false,
                });
            }
            PinState::Suspended => {
                return Ok(EnterPin {
                    user: self.user,
                    simulated: self.simulated,
                    tries_left: 1,
                    needs_can: true,
                });
            }
            PinState::Active | PinState::Blocked => EidError::PinBlocked,
            PinState::Transport => EidError::PinNotActivated,
        };
        Err(Rejected::new(self, refusal))
    }
}

/// Step 3a, continued: the PIN.
#[derive(Debug)]
pub struct EnterPin {
    user: EesztUserId,
    simulated: bool,
    tries_left: u8,
    needs_can: bool,
}

impl EnterPin {
    /// Tries left on the card before this attempt.
    pub fn tries_left(&self) -> u8 {
        self.tries_left
    }

    /// Whether this attempt would be the card's last try (then [`EnterPin::pin`] needs consent).
    pub fn is_last_try(&self) -> bool {
        self.tries_left <= 1
    }

    /// Whether the PIN is suspended after two wrong PINs: the CAN printed on the card must be given
    /// with the PIN, and the attempt is the last try.
    pub fn needs_can(&self) -> bool {
        self.needs_can
    }

    /// PACE with the PIN (after PACE with `can` when the PIN is suspended), then the card's evidence
    /// over `challenge` (8 to 64 bytes, chosen by the caller, fresh and random per login), then the
    /// three checks of [`CardChecks`] against the caller's `trust`: the signature, the trust anchors
    /// and the binding to the typed user name. The login goes on only when all three pass; a failed
    /// check is a refusal whose [`Rejected::card_checks`] says which passed.
    ///
    /// Spends at most one try; refuses the last try unless `consent_last_try`. On any failure the
    /// flow returns to the card check, which re-reads the PIN state (tries left, suspension) without
    /// spending a try.
    pub fn pin(
        self,
        card: &mut (impl LoginCard + ?Sized),
        pin: &str,
        can: Option<&str>,
        challenge: &[u8],
        consent_last_try: bool,
        trust: &CardTrust<'_>,
    ) -> Step<ChooseInstitution, CheckCard> {
        let simulated = self.simulated || card.is_simulated();
        let back = CheckCard {
            user: self.user,
            simulated: self.simulated,
        };
        if !(8..=64).contains(&challenge.len()) {
            return Err(Rejected::new(
                back,
                LoginError::ChallengeLength {
                    len: challenge.len(),
                },
            ));
        }
        let pin = match CardSecret::pin(pin) {
            Ok(pin) => pin,
            Err(e) => return Err(Rejected::new(back, e)),
        };
        let can = match (self.needs_can, can) {
            (false, _) => None,
            (true, None) => return Err(Rejected::new(back, EidError::PinSuspended)),
            (true, Some(can)) => match CardSecret::can(can) {
                Ok(can) => Some(can),
                Err(e) => return Err(Rejected::new(back, e)),
            },
        };
        if self.tries_left <= 1 && !consent_last_try {
            return Err(Rejected::new(back, EidError::LastTryNeedsConsent));
        }
        let last_try = if consent_last_try {
            LastTry::Allow
        } else {
            LastTry::Refuse
        };
        let evidence = match card.authenticate(&pin, can.as_ref(), challenge, last_try) {
            Ok(evidence) => evidence,
            Err(e) => return Err(Rejected::new(back, e)),
        };
        if evidence.challenge != challenge {
            // The card object answered for another challenge: nothing fresh was proven.
            return Err(Rejected::new(back, LoginError::CardSignatureInvalid));
        }
        let (checks, refusal) = check_card(&back.user, &evidence, trust);
        if let Some(error) = refusal {
            let mut rejected = Rejected::new(back, error);
            rejected.card_checks = Some(checks);
            return Err(rejected);
        }
        Ok(ChooseInstitution {
            user: back.user,
            method: Method::Card,
            simulated,
            card: Some(CardLogin { evidence, checks }),
        })
    }
}

/// Runs the three checks; the error is the first that failed (signature, trust, binding).
fn check_card(
    user: &EesztUserId,
    evidence: &CardEvidence,
    trust: &CardTrust<'_>,
) -> (CardChecks, Option<Error>) {
    let signature_verified = evidence.verify().is_ok();
    let (trusted, bound, cert_error) = match Certificate::from_der(&evidence.certificate) {
        Ok(certificate) => {
            let trusted = trust.anchors.verify(&certificate, trust.unix_time);
            // The binding is asked only about a certificate that could be parsed; a binding of an
            // untrusted certificate does not count (see `authenticated`).
            let bound = trust.binding.is_bound(user, &certificate);
            match trusted {
                Ok(_) => (true, bound, None),
                Err(e) => (false, bound, Some(e)),
            }
        }
        Err(e) => (false, false, Some(e)),
    };
    let checks = CardChecks {
        signature_verified,
        trusted,
        bound,
    };
    let error: Option<Error> = if !signature_verified {
        Some(LoginError::CardSignatureInvalid.into())
    } else if let Some(e) = cert_error {
        Some(match e {
            CertError::NotTrusted { reason } => LoginError::CardNotTrusted { reason }.into(),
            other => other.into(),
        })
    } else if !bound {
        Some(
            LoginError::CardNotBound {
                user: user.as_str().to_owned(),
            }
            .into(),
        )
    } else {
        None
    };
    (checks, error)
}

/// A card login that passed its checks: the card's evidence and the checks' outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLogin {
    evidence: CardEvidence,
    checks: CardChecks,
}

impl CardLogin {
    /// The card's certificate, the challenge and the card's signature over it.
    pub fn evidence(&self) -> &CardEvidence {
        &self.evidence
    }

    /// The three checks (all passed, or the flow would have refused).
    pub fn checks(&self) -> CardChecks {
        self.checks
    }
}

/// Step 3b: the password, checked by the caller's identity store, with the 3-tries/15-minutes lock.
#[derive(Debug)]
pub struct EnterPassword {
    user: EesztUserId,
    simulated: bool,
}

impl EnterPassword {
    /// The user name entered.
    pub fn user(&self) -> &EesztUserId {
        &self.user
    }

    /// Checks `password` with `check(user, password)` unless the user is locked; counts failures in
    /// the caller's `state` (store it afterwards).
    pub fn password(
        self,
        password: &Password,
        policy: &PasswordPolicy,
        state: &mut PasswordState,
        unix_time: u64,
        check: impl FnOnce(&EesztUserId, &str) -> bool,
    ) -> Step<EnterOtp, EnterPassword> {
        let user = &self.user;
        match policy.attempt(state, password, unix_time, |p| check(user, p)) {
            Ok(()) => Ok(EnterOtp {
                user: self.user,
                simulated: self.simulated,
            }),
            Err(e) => Err(Rejected::new(self, e)),
        }
    }
}

impl EnterPassword {
    /// As [`EnterPassword::password`], for a user who may still have the password handed out with
    /// the token: when the password is right and `is_initial(user)` says it is the initial one, the
    /// next state is [`ChangePassword`] (the seed's "a továbbiakban a saját maga által megadott
    /// jelszóval tud belépni": the user sets their own before going on).
    pub fn password_or_change(
        self,
        password: &Password,
        policy: &PasswordPolicy,
        state: &mut PasswordState,
        unix_time: u64,
        check: impl FnOnce(&EesztUserId, &str) -> bool,
        is_initial: impl FnOnce(&EesztUserId) -> bool,
    ) -> Step<AfterPassword, EnterPassword> {
        let simulated = self.simulated;
        let otp = self.password(password, policy, state, unix_time, check)?;
        if is_initial(&otp.user) {
            Ok(AfterPassword::ChangePassword(ChangePassword {
                user: otp.user,
                simulated,
                initial: Password::new(password.expose()),
            }))
        } else {
            Ok(AfterPassword::Otp(otp))
        }
    }
}

/// Where a right password leads ([`EnterPassword::password_or_change`]).
#[derive(Debug)]
pub enum AfterPassword {
    /// The password is the user's own: on to the token.
    Otp(EnterOtp),
    /// The password is the initial one handed out with the token: it must be changed first.
    ChangePassword(ChangePassword),
}

/// Step 3b, first login: the initial password must be replaced by the user's own.
#[derive(Debug)]
pub struct ChangePassword {
    user: EesztUserId,
    simulated: bool,
    initial: Password,
}

impl ChangePassword {
    /// The user name entered.
    pub fn user(&self) -> &EesztUserId {
        &self.user
    }

    /// The new password typed twice: both must match, follow `rules` and differ from the initial
    /// one; then the caller's `store(user, new_password)` saves it (false: not saved, the step is
    /// refused). On success the login goes on to the token.
    pub fn change(
        self,
        new_password: &Password,
        repeated: &Password,
        rules: &NewPasswordRules,
        store: impl FnOnce(&EesztUserId, &str) -> bool,
    ) -> Step<EnterOtp, ChangePassword> {
        let new = new_password.expose().as_bytes();
        if !ct_str_eq(new, repeated.expose().as_bytes()) {
            return Err(Rejected::new(self, LoginError::NewPasswordMismatch));
        }
        if let Err(e) = rules.check(new_password) {
            return Err(Rejected::new(self, e));
        }
        if ct_str_eq(new, self.initial.expose().as_bytes()) {
            return Err(Rejected::new(self, LoginError::NewPasswordSameAsInitial));
        }
        if !store(&self.user, new_password.expose()) {
            return Err(Rejected::new(self, LoginError::NewPasswordNotStored));
        }
        Ok(EnterOtp {
            user: self.user,
            simulated: self.simulated,
        })
    }
}

/// The token's key, as the verifier needs it.
#[derive(Debug, Clone, Copy)]
pub enum TokenKey<'a> {
    /// A time-based token (mobileToken, authenticator app).
    Totp(&'a Totp),
    /// An event-based hard token.
    Hotp(&'a OtpKey),
}

/// Step 3b, continued: the token's one-time password and check code.
#[derive(Debug)]
pub struct EnterOtp {
    user: EesztUserId,
    simulated: bool,
}

impl EnterOtp {
    /// The user name entered.
    pub fn user(&self) -> &EesztUserId {
        &self.user
    }

    /// Verifies the one-time password `code` with `verifier` and the caller's per-user `state`
    /// (replay protection, windows, lockout; for a hard token the server-side counter with
    /// look-ahead; store the state afterwards), then the check code (ellenőrző kód) the user typed,
    /// `check_code`, with the caller's `check(user, typed_check_code)`. No public specification says
    /// how the portal derives the check code, so its check is the caller's ([`CheckCode`] compares
    /// a stored one in constant time).
    ///
    /// An empty check code is refused before the one-time password is looked at, so a forgotten
    /// field does not spend the code.
    #[allow(clippy::too_many_arguments)]
    pub fn otp(
        self,
        key: TokenKey<'_>,
        verifier: &Verifier,
        state: &mut UserState,
        code: &str,
        check_code: &str,
        unix_time: u64,
        check: impl FnOnce(&EesztUserId, &str) -> bool,
    ) -> Step<ChooseInstitution, EnterOtp> {
        if check_code.trim().is_empty() {
            return Err(Rejected::new(self, LoginError::CheckCodeEmpty));
        }
        let checked = match key {
            TokenKey::Totp(totp) => verifier.verify_totp(totp, state, code, unix_time),
            TokenKey::Hotp(key) => verifier.verify_hotp(key, state, code, unix_time),
        };
        if let Err(e) = checked {
            return Err(Rejected::new(self, e));
        }
        self.check_code(check_code, check)
    }

    /// A hard token whose counter ran ahead of the server's look-ahead window: the user presses
    /// the button twice and types both codes (`code`, then `next_code`), the verifier searches its
    /// resynchronisation window for them ([`Verifier::resync_hotp`]) and moves the counter in
    /// `state`; then the check code as in [`EnterOtp::otp`].
    #[allow(clippy::too_many_arguments)]
    pub fn resync_hotp(
        self,
        key: &OtpKey,
        verifier: &Verifier,
        state: &mut UserState,
        code: &str,
        next_code: &str,
        check_code: &str,
        unix_time: u64,
        check: impl FnOnce(&EesztUserId, &str) -> bool,
    ) -> Step<ChooseInstitution, EnterOtp> {
        if check_code.trim().is_empty() {
            return Err(Rejected::new(self, LoginError::CheckCodeEmpty));
        }
        if let Err(e) = verifier.resync_hotp(key, state, code, next_code, unix_time) {
            return Err(Rejected::new(self, e));
        }
        self.check_code(check_code, check)
    }

    fn check_code(
        self,
        typed: &str,
        check: impl FnOnce(&EesztUserId, &str) -> bool,
    ) -> Step<ChooseInstitution, EnterOtp> {
        if !check(&self.user, typed.trim()) {
            return Err(Rejected::new(self, LoginError::WrongCheckCode));
        }
        Ok(ChooseInstitution {
            user: self.user,
            method: Method::Token,
            simulated: self.simulated,
            card: None,
        })
    }
}

/// A check code (ellenőrző kód) the caller stores for a user, compared in constant time.
/// Zeroized on drop; `Debug` prints `***`.
///
/// ```
/// use eeszt_auth::login::CheckCode;
/// let stored = CheckCode::new("2468");
/// assert!(stored.matches("2468"));
/// assert!(!stored.matches("2469"));
/// ```
pub struct CheckCode(zeroize::Zeroizing<String>);

impl CheckCode {
    /// Wraps the stored check code.
    pub fn new(code: impl Into<String>) -> CheckCode {
        CheckCode(zeroize::Zeroizing::new(code.into()))
    }

    /// Whether `typed` (surrounding whitespace ignored) is this check code. The comparison takes the
    /// same time wherever the first difference is.
    pub fn matches(&self, typed: &str) -> bool {
        ct_str_eq(self.0.as_bytes(), typed.trim().as_bytes())
    }
}

impl std::fmt::Debug for CheckCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckCode(***)")
    }
}

/// Constant-time equality (the lengths are not secret).
fn ct_str_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// What the user picks on the institution page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick<'a> {
    /// The entry at this index of [`InstitutionList::choices`] (the last one is "Intézmény nélkül").
    Index(usize),
    /// The institution whose provider ID (6 digits) or unit code (9 characters) is this text; when
    /// several sites share the provider ID, the first is taken.
    Code(&'a str),
    /// "Intézmény nélkül".
    NoInstitution,
}

/// Step 4: the institution (with its site), or "Intézmény nélkül".
#[derive(Debug)]
pub struct ChooseInstitution {
    user: EesztUserId,
    method: Method,
    simulated: bool,
    card: Option<CardLogin>,
}

impl ChooseInstitution {
    /// The authenticated user.
    pub fn user(&self) -> &EesztUserId {
        &self.user
    }

    /// Picks from `list`; an index past the end or a code not in the list is refused.
    pub fn choose(
        self,
        list: &InstitutionList,
        pick: Pick<'_>,
        unix_time: u64,
    ) -> Step<LoginResult, ChooseInstitution> {
        let choice = match pick {
            Pick::NoInstitution => Ok(InstitutionChoice::NoInstitution),
            Pick::Index(i) => list.choose(i).map_err(Error::from),
            Pick::Code(code) => {
                let code = code.trim();
                list.institutions()
                    .iter()
                    .find(|i| {
                        i.provider().as_str() == code
                            || i.unit().is_some_and(|u| u.as_str() == code)
                    })
                    .cloned()
                    .map(InstitutionChoice::Institution)
                    .ok_or_else(|| {
                        LoginError::UnknownInstitution {
                            wanted: code.chars().take(40).collect(),
                        }
                        .into()
                    })
            }
        };
        match choice {
            Ok(institution) => Ok(LoginResult {
                profession: self.user.profession(),
                user: self.user,
                method: self.method,
                institution,
                unix_time,
                simulated: self.simulated,
                card: self.card,
            }),
            Err(e) => Err(Rejected::new(self, e)),
        }
    }
}

/// Step 5: who logged in, how, for which institution, when, whether against simulated back ends,
/// and for card logins the card's evidence and checks.
///
/// Only the flow makes one, and only after every check of the chosen method passed: a card login
/// after [`CardChecks::authenticated`], a token login after the caller's password check, the
/// library's OTP verification and the caller's check-code check.
///
/// Obtaining an EESZT session from the national service is out of scope (its interface is not
/// public); this is what a caller presents to its own back end or to the EESZT client it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginResult {
    user: EesztUserId,
    profession: Profession,
    method: Method,
    institution: InstitutionChoice,
    unix_time: u64,
    simulated: bool,
    card: Option<CardLogin>,
}

impl LoginResult {
    /// The user name.
    pub fn user(&self) -> &EesztUserId {
        &self.user
    }

    /// The user's profession (from the user name's prefix).
    pub fn profession(&self) -> Profession {
        self.profession
    }

    /// Card or token.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The chosen institution, or "Intézmény nélkül".
    pub fn institution(&self) -> &InstitutionChoice {
        &self.institution
    }

    /// When the login completed (unix seconds, as passed in).
    pub fn unix_time(&self) -> u64 {
        self.unix_time
    }

    /// True when a simulated card or simulated back end took part: such a login proves nothing
    /// about a real person.
    pub fn simulated(&self) -> bool {
        self.simulated
    }

    /// The card's evidence and checks (card logins only).
    pub fn card(&self) -> Option<&CardLogin> {
        self.card.as_ref()
    }

    /// The card's certificate and signature over the challenge (card logins only).
    pub fn evidence(&self) -> Option<&CardEvidence> {
        self.card.as_ref().map(CardLogin::evidence)
    }

    /// True when every check of the method passed. The flow makes a result only then, so this is
    /// always true for a result that exists; it is spelled out for callers that serialise it.
    pub fn authenticated(&self) -> bool {
        match self.method {
            Method::Card => self.card.as_ref().is_some_and(|c| c.checks.authenticated()),
            Method::Token => true,
        }
    }
}
