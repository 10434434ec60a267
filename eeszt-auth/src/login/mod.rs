//! The EESZT portal login flow (seed 000): user name, then the eID card and its PIN or a password
//! plus a token's one-time password and check code, then the institution and site.
//!
//! The flow is typed: [`LoginFlow::start`] gives the first state and each step consumes it and returns
//! the next, so medical software drives the same steps in its own UI without skipping one. A failed
//! step returns a [`Rejected`] holding the state to retry from, the error (Hungarian and English
//! text) and the [`NextAction`] to offer. The card path never spends a PIN try by itself: the PIN
//! state is read first (transport PIN, suspension, blocking stop the flow with the action to take),
//! exactly one try is spent per [`EnterPin::pin`] call, and the last try needs explicit consent.
//!
//! Out of scope: obtaining an EESZT session from the national service (no public specification).
//! [`LoginResult`] carries what a caller needs to present: the user, profession, method,
//! institution, time, and for card logins the card's certificate and signature over the caller's
//! challenge.

mod binding;
mod card;
mod error;
mod flow;
mod mapping;
mod next;
mod password;
#[cfg(feature = "sim")]
mod sim;

pub use binding::{CardChecks, CardTrust, FingerprintBindings, UserBinding};
pub use card::{CardEvidence, EszemelyiCard, LoginCard};
pub use error::LoginError;
pub use flow::{
    AfterPassword, CardLogin, ChangePassword, CheckCard, CheckCode, ChooseInstitution,
    ChooseMethod, EnterOtp, EnterPassword, EnterPin, LoginFlow, LoginResult, Method, Pick,
    Rejected, Step, TokenKey,
};
pub use next::NextAction;
pub use password::{NewPasswordRules, Password, PasswordPolicy, PasswordState};
#[cfg(feature = "sim")]
pub use sim::{SIM_USER, SimulatorTrust};
