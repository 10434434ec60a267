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
//! * issuer and account names (in the label and in `issuer=`) lose their outer whitespace and
//!   must not contain control characters (C0, DEL, C1 such as U+0085):
//!   [`OtpError::NameControl`];
//! * the URI is at most [`MAX_URI_BYTES`] (4096) bytes ([`OtpError::UriTooLong`]); parsing takes
//!   time linear in its length;
//! * every bad field has its own error code.
//!
//! When building, names lose their outer whitespace (as when parsing), labels and values are
//! percent-encoded and the default `algorithm`, `digits` and `period` are left out (the most
//! compatible form). Every URI that [`OtpUri::to_uri`] builds parses back to the same key and names.
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

use std::collections::HashSet;

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

/// The longest otpauth:// URI accepted by [`OtpUri::parse`], in bytes. An authenticator-app URI is
/// about 200 bytes (a 160-bit secret is 32 characters); 4096 leaves room for long names and
/// vendor parameters (`image=`) while bounding the work spent on hostile input.
pub const MAX_URI_BYTES: usize = 4096;

/// The longest parameter name kept in an error (longer names are cut).
const MAX_NAME_IN_ERROR: usize = 32;

impl OtpUri {
    /// A TOTP URI with the authenticator-app defaults (SHA-1, 6 digits, 30 s). The names are
    /// kept as given; [`OtpUri::to_uri`] checks them and writes them without outer whitespace.
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
    ///
    /// Errors: [`OtpError::UriTooLong`] for a text over [`MAX_URI_BYTES`], and one error per bad
    /// field (see [`OtpError`]).
    pub fn parse(text: &str) -> Result<OtpUri, OtpError> {
        OtpUri::parse_with(text, false)
    }

    /// Like [`OtpUri::parse`] but accepting shorter imported legacy keys (explicit opt-in).
    pub fn parse_legacy(text: &str) -> Result<OtpUri, OtpError> {
        OtpUri::parse_with(text, true)
    }

    fn parse_with(text: &str, legacy: bool) -> Result<OtpUri, OtpError> {
        if text.len() > MAX_URI_BYTES {
            return Err(OtpError::UriTooLong {
                max_bytes: MAX_URI_BYTES,
            });
        }
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
        let issuer_param = params
            .get("issuer")?
            .map(|name| clean_name(&name).map(str::to_owned))
            .transpose()?;
        let issuer = match (label_issuer, issuer_param) {
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

    /// Builds the URI text (it contains the secret: it is wiped from memory when dropped). The
    /// names are written without their outer whitespace, in the label and in `issuer=` alike.
    ///
    /// Errors: [`OtpError::NameControl`] when a name contains a control character,
    /// [`OtpError::IssuerColon`] when the issuer contains a colon or is empty-but-given,
    /// [`OtpError::AccountName`] when the account is empty, or contains a colon without an issuer,
    /// [`OtpError::UriTooLong`] when the URI would be longer than [`MAX_URI_BYTES`] (which
    /// [`OtpUri::parse`] refuses).
    pub fn to_uri(&self) -> Result<Zeroizing<String>, OtpError> {
        let account = clean_name(&self.account)?;
        if account.is_empty() {
            return Err(OtpError::AccountName);
        }
        let issuer = self.issuer.as_deref().map(clean_name).transpose()?;
        let mut out = Zeroizing::new(String::with_capacity(128));
        out.push_str(match self.kind {
            UriKind::Totp { .. } => "otpauth://totp/",
            UriKind::Hotp { .. } => "otpauth://hotp/",
        });
        match issuer {
            Some(issuer) => {
                if issuer.contains(':') || issuer.is_empty() {
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
        if let Some(issuer) = issuer {
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
        // Never build what `parse` refuses: percent-encoding can triple a name, and the issuer is
        // written twice.
        if out.len() > MAX_URI_BYTES {
            return Err(OtpError::UriTooLong {
                max_bytes: MAX_URI_BYTES,
            });
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

/// An issuer or account name without its outer whitespace; [`OtpError::NameControl`] when it
/// contains a control character (C0, DEL, C1 including U+0085) anywhere, outer whitespace included.
fn clean_name(name: &str) -> Result<&str, OtpError> {
    if name.chars().any(char::is_control) {
        return Err(OtpError::NameControl);
    }
    Ok(name.trim())
}

/// Splits the decoded label at its first colon into issuer and account.
fn parse_label(raw: &str) -> Result<(Option<String>, String), OtpError> {
    let decoded = percent::decode(raw)?;
    let label = clean_name(&decoded)?;
    let (issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => {
            let issuer = issuer.trim();
            if issuer.is_empty() {
                return Err(OtpError::UriLabelIssuer);
            }
            (Some(issuer.to_owned()), account)
        }
        None => (None, label),
    };
    let account = account.trim();
    if account.is_empty() {
        return Err(OtpError::UriAccount);
    }
    Ok((issuer, account.to_owned()))
}

/// The parameters this parser reads; every other name is ignored (but must not repeat).
const KNOWN: [&str; 6] = [
    "secret",
    "issuer",
    "algorithm",
    "digits",
    "period",
    "counter",
];

/// The query parameters, each name at most once. Built in one pass: the known names go to fixed
/// slots, the unknown names into a hash set (only to find repeats), so the work is linear in the
/// query's length.
struct Params<'a> {
    known: [Option<&'a str>; KNOWN.len()],
}

impl<'a> Params<'a> {
    fn parse(query: &'a str) -> Result<Params<'a>, OtpError> {
        let mut known: [Option<&'a str>; KNOWN.len()] = [None; KNOWN.len()];
        let mut unknown: HashSet<String> = HashSet::new();
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = percent::decode(name)?.to_ascii_lowercase();
            let repeated = match KNOWN.iter().position(|k| *k == name) {
                Some(slot) => match known.get_mut(slot) {
                    Some(entry @ None) => {
                        *entry = Some(value);
                        false
                    }
                    _ => true,
                },
                None => !unknown.insert(name.clone()),
            };
            if repeated {
                let mut shown = name;
                if let Some((cut, _)) = shown.char_indices().nth(MAX_NAME_IN_ERROR) {
                    shown.truncate(cut);
                }
                return Err(OtpError::UriDuplicate { name: shown });
            }
        }
        Ok(Params { known })
    }

    /// The decoded value of `name` (one of [`KNOWN`]), if present.
    fn get(&self, name: &str) -> Result<Option<String>, OtpError> {
        KNOWN
            .iter()
            .position(|k| *k == name)
            .and_then(|slot| self.known.get(slot).copied().flatten())
            .map(percent::decode)
            .transpose()
    }
}
