//! otpauth:// key URIs (the Google Authenticator "Key Uri Format"): parse and build.
//!
//! `otpauth://TYPE/LABEL?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`
//!
//! Rules applied when parsing:
//! * the scheme is `otpauth://` and the type `totp` or `hotp` (any case);
//! * the label is `Issuer:account` or `account`; the separator may be written `%3A`; spaces
//!   before the account are dropped; the issuer before the colon must not be empty; the account
//!   is required (it may itself contain colons after the issuer's separator);
//! * `issuer=` must agree with the label's issuer when both are present;
//! * `secret=` is required (lenient base32), at least 128 bits unless parsed as legacy;
//! * `algorithm=` SHA1/SHA256/SHA512, `digits=` 6-10, `period=` > 0 (totp), `counter=` required
//!   for hotp;
//! * a parameter given twice is an error; unknown parameters (`image=`, ...) are ignored;
//! * every bad field has its own error code.
//!
//! When building, labels and values are percent-encoded and the default `algorithm`, `digits`
//! and `period` are left out (the most compatible form).
//!
//! ```
//! use eeszt_auth::otp::OtpUri;
//! let uri = OtpUri::parse(
//!     "otpauth://totp/EESZT%3Ao95745?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=EESZT",
//! )?;
//! assert_eq!(uri.issuer.as_deref(), Some("EESZT"));
//! assert_eq!(uri.account, "o95745");
//! assert_eq!(
//!     uri.to_uri()?.as_str(),
//!     "otpauth://totp/EESZT:o95745?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=EESZT"
//! );
//! # Ok::<(), eeszt_auth::otp::OtpError>(())
//! ```

use zeroize::Zeroizing;

use super::{Algorithm, DEFAULT_PERIOD, OtpError, OtpKey, Secret, Totp, percent};

/// The kind of key in a URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriKind {
    /// Time-based, with the time step in seconds.
    Totp {
        /// Time step in seconds (at least 1).
        period: u64,
    },
    /// Counter-based, with the counter to start from.
    Hotp {
        /// The initial counter.
        counter: u64,
    },
}

/// The contents of an otpauth:// URI. `Debug` does not show the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpUri {
    /// TOTP with its period, or HOTP with its counter.
    pub kind: UriKind,
    /// The service that issued the key (shown by the app above the code), if any.
    pub issuer: Option<String>,
    /// The account (user name) the key belongs to.
    pub account: String,
    /// The shared secret.
    pub secret: Secret,
    /// The HMAC hash.
    pub algorithm: Algorithm,
    /// Digits per code (6 to 10).
    pub digits: u32,
}

/// The longest parameter name kept in an error (longer names are cut).
const MAX_NAME_IN_ERROR: usize = 32;

impl OtpUri {
    /// A TOTP URI with the authenticator-app defaults (SHA-1, 6 digits, 30 s).
    pub fn new_totp(secret: Secret, issuer: Option<&str>, account: &str) -> OtpUri {
        OtpUri {
            kind: UriKind::Totp {
                period: DEFAULT_PERIOD,
            },
            issuer: issuer.map(str::to_owned),
            account: account.to_owned(),
            secret,
            algorithm: Algorithm::Sha1,
            digits: 6,
        }
    }

    /// Parses a URI (see the module docs for the rules). The secret must be at least 128 bits.
    pub fn parse(text: &str) -> Result<OtpUri, OtpError> {
        OtpUri::parse_with(text, false)
    }

    /// Like [`OtpUri::parse`] but accepting shorter imported legacy keys (explicit opt-in).
    pub fn parse_legacy(text: &str) -> Result<OtpUri, OtpError> {
        OtpUri::parse_with(text, true)
    }

    fn parse_with(text: &str, legacy: bool) -> Result<OtpUri, OtpError> {
        let text = text.trim();
        let rest = strip_prefix_ignore_case(text, "otpauth://").ok_or(OtpError::UriScheme)?;
        let rest = rest.split('#').next().unwrap_or("");
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (kind, label) = path.split_once('/').unwrap_or((path, ""));
        let is_totp = match kind.to_ascii_lowercase().as_str() {
            "totp" => true,
            "hotp" => false,
            _ => return Err(OtpError::UriType),
        };
        let (label_issuer, account) = parse_label(label)?;
        let params = Params::parse(query)?;

        let secret_text = Zeroizing::new(params.get("secret")?.ok_or(OtpError::UriSecretMissing)?);
        let secret = if legacy {
            Secret::from_base32_legacy(&secret_text)?
        } else {
            Secret::from_base32(&secret_text)?
        };
        let issuer = match (label_issuer, params.get("issuer")?) {
            (Some(label), Some(param)) if label != param => {
                return Err(OtpError::UriIssuerMismatch);
            }
            (Some(label), _) => Some(label),
            (None, param) => param,
        };
        let algorithm = match params.get("algorithm")? {
            Some(name) => name.parse().map_err(|_| OtpError::UriAlgorithm)?,
            None => Algorithm::Sha1,
        };
        let digits = match params.get("digits")? {
            Some(d) => d
                .parse::<u32>()
                .ok()
                .filter(|d| (6..=10).contains(d))
                .ok_or(OtpError::UriDigits)?,
            None => 6,
        };
        let kind = if is_totp {
            let period = match params.get("period")? {
                Some(p) => p
                    .parse::<u64>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or(OtpError::UriPeriod)?,
                None => DEFAULT_PERIOD,
            };
            UriKind::Totp { period }
        } else {
            let counter = params.get("counter")?.ok_or(OtpError::UriCounterMissing)?;
            let counter = counter.parse::<u64>().map_err(|_| OtpError::UriCounter)?;
            UriKind::Hotp { counter }
        };
        Ok(OtpUri {
            kind,
            issuer,
            account,
            secret,
            algorithm,
            digits,
        })
    }

    /// Builds the URI text (it contains the secret: it is wiped from memory when dropped).
    ///
    /// Errors: [`OtpError::IssuerColon`] when the issuer contains a colon or is empty-but-given,
    /// [`OtpError::AccountName`] when the account is empty, or contains a colon without an issuer.
    pub fn to_uri(&self) -> Result<Zeroizing<String>, OtpError> {
        let account = self.account.trim();
        if account.is_empty() {
            return Err(OtpError::AccountName);
        }
        let mut out = Zeroizing::new(String::with_capacity(128));
        out.push_str(match self.kind {
            UriKind::Totp { .. } => "otpauth://totp/",
            UriKind::Hotp { .. } => "otpauth://hotp/",
        });
        match self.issuer.as_deref() {
            Some(issuer) => {
                if issuer.contains(':') || issuer.trim().is_empty() {
                    return Err(OtpError::IssuerColon);
                }
                out.push_str(&percent::encode(issuer));
                out.push(':');
            }
            None if account.contains(':') => return Err(OtpError::AccountName),
            None => {}
        }
        out.push_str(&percent::encode(account));
        out.push_str("?secret=");
        out.push_str(&self.secret.to_base32());
        if let Some(issuer) = &self.issuer {
            out.push_str("&issuer=");
            out.push_str(&percent::encode(issuer));
        }
        if self.algorithm != Algorithm::Sha1 {
            out.push_str("&algorithm=");
            out.push_str(self.algorithm.name());
        }
        if self.digits != 6 {
            out.push_str(&format!("&digits={}", self.digits));
        }
        match self.kind {
            UriKind::Totp { period } if period != DEFAULT_PERIOD => {
                out.push_str(&format!("&period={period}"));
            }
            UriKind::Totp { .. } => {}
            UriKind::Hotp { counter } => out.push_str(&format!("&counter={counter}")),
        }
        Ok(out)
    }

    /// The key for computing codes.
    pub fn key(&self) -> Result<OtpKey, OtpError> {
        OtpKey::new(self.secret.clone(), self.algorithm, self.digits)
    }

    /// The TOTP generator (T0 = 0), or `None` for an HOTP URI.
    pub fn totp(&self) -> Result<Option<Totp>, OtpError> {
        match self.kind {
            UriKind::Totp { period } => Ok(Some(Totp::new(self.key()?, period, 0)?)),
            UriKind::Hotp { .. } => Ok(None),
        }
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Splits the decoded label at its first colon into issuer and account.
fn parse_label(raw: &str) -> Result<(Option<String>, String), OtpError> {
    let label = percent::decode(raw)?;
    let (issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => {
            let issuer = issuer.trim();
            if issuer.is_empty() {
                return Err(OtpError::UriLabelIssuer);
            }
            (Some(issuer.to_owned()), account)
        }
        None => (None, label.as_str()),
    };
    let account = account.trim();
    if account.is_empty() {
        return Err(OtpError::UriAccount);
    }
    Ok((issuer, account.to_owned()))
}

/// The query parameters, each name at most once.
struct Params<'a> {
    pairs: Vec<(String, &'a str)>,
}

impl<'a> Params<'a> {
    fn parse(query: &'a str) -> Result<Params<'a>, OtpError> {
        let mut pairs: Vec<(String, &'a str)> = Vec::new();
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = percent::decode(name)?.to_ascii_lowercase();
            if pairs.iter().any(|(n, _)| *n == name) {
                let mut shown = name;
                if let Some((cut, _)) = shown.char_indices().nth(MAX_NAME_IN_ERROR) {
                    shown.truncate(cut);
                }
                return Err(OtpError::UriDuplicate { name: shown });
            }
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// The decoded value of `name`, if present.
    fn get(&self, name: &str) -> Result<Option<String>, OtpError> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| percent::decode(v))
            .transpose()
    }
}
