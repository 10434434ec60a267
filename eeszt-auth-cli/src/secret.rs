//! Reading secrets (PIN, password, CAN, PUK): from the environment variable the user named, or from
//! the terminal without echo; never from the command line.

use std::io::IsTerminal;

use eeszt_auth::Error;
use eeszt_auth::login::LoginError;
use zeroize::Zeroizing;

/// Where a secret will come from, decided before any card is touched.
#[derive(Debug, Clone)]
pub enum SecretSource {
    /// The named environment variable.
    Env(String),
    /// A no-echo prompt on the terminal.
    Prompt,
}

impl SecretSource {
    /// The environment variable when named, else the terminal when stdin is one, else an error
    /// (`what` names the secret for the message).
    pub fn pick(env: Option<&str>, what: &'static str) -> Result<SecretSource, Error> {
        match env {
            Some(var) => Ok(SecretSource::Env(var.to_owned())),
            None if std::io::stdin().is_terminal() => Ok(SecretSource::Prompt),
            None => Err(LoginError::NoSecretSource { what }.into()),
        }
    }

    /// Reads the secret (prompting with `prompt` on the terminal).
    pub fn read(&self, prompt: &str) -> Result<Zeroizing<String>, Error> {
        match self {
            SecretSource::Env(var) => std::env::var(var).map(Zeroizing::new).map_err(|_| {
                eeszt_auth::ApiError::Io {
                    detail: format!("environment variable {var} is not set or not UTF-8"),
                }
                .into()
            }),
            SecretSource::Prompt => rpassword::prompt_password(prompt)
                .map(Zeroizing::new)
                .map_err(|e| Error::io("terminal", &e)),
        }
    }
}
