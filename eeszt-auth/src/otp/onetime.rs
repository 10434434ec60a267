//! One-time codes for other channels: an e-mail confirmation code, an activation code and a
//! deletion (recovery) code.
//!
//! The issuer gets the code to send or show once, and a [`CodeRecord`] to store: the record holds
//! a keyed MAC of the code (HMAC-SHA-256 under a server key, [`OneTimeKey`], with a random salt),
//! never the code itself, and checks a typed code in constant time. Without the server key a
//! leaked record cannot be checked against guesses offline (a 6-digit code under an unkeyed hash
//! falls to 10^6 hashes). Keep the key outside the database that holds the records (a secret
//! store, an environment variable): a thief who gets both can still try every code.
//!
//! The record format is versioned ([`CodeRecord::version`], now [`CODE_RECORD_VERSION`]). A record
//! of an older format (version 1: unkeyed salted SHA-256) is refused with
//! [`OtpError::OneTimeRecordVersion`]; issue a new code.
//!
//! | kind | form | valid | tries |
//! | --- | --- | --- | --- |
//! | [`OneTimeKind::EmailConfirmation`] | 6 digits | 10 minutes | 5 |
//! | [`OneTimeKind::Activation`] | 10 characters, `XXXXX-XXXXX` (50 bits) | 3 days | 5 |
//! | [`OneTimeKind::Deletion`] | 20 characters, `XXXX-XXXX-XXXX-XXXX-XXXX` (100 bits) | until used | 5 |
//!
//! Letter codes use the Crockford base32 alphabet (no I, L, O, U); typing is lenient: any case,
//! spaces and hyphens anywhere, O read as 0 and I/L as 1. Every code is single use.
//!
//! ```
//! use eeszt_auth::otp::{OneTimeKey, OneTimeKind, OsRandom, issue_code};
//! // In a service: the same random key (at least 16 bytes) on every server, from a secret store.
//! let key = OneTimeKey::new(b"0123456789abcdef0123456789abcdef")?;
//! let now = 1_700_000_000;
//! let issued = issue_code(OneTimeKind::EmailConfirmation, &key, &mut OsRandom, now)?;
//! // send issued.code by e-mail; store issued.record
//! let mut record = issued.record;
//! record.verify(&key, issued.code.as_str(), now + 60)?;
//! assert!(record.verify(&key, issued.code.as_str(), now + 61).is_err()); // single use
//! # Ok::<(), eeszt_auth::otp::OtpError>(())
//! ```

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{OtpError, Randomness};

/// Wrong tries before a one-time code becomes invalid.
pub const ONE_TIME_MAX_TRIES: u32 = 5;

/// The format of the records [`issue_code`] makes: 2 = HMAC-SHA-256 under a [`OneTimeKey`].
/// (1 was an unkeyed salted SHA-256; such records are refused.)
pub const CODE_RECORD_VERSION: u32 = 2;

/// The shortest server key [`OneTimeKey::new`] accepts, in bytes (32 random bytes recommended).
pub const ONE_TIME_KEY_MIN_BYTES: usize = 16;

/// The server key that one-time code records are MACed with. Wiped on drop; `Debug` does not
/// show it. Use random bytes (at least [`ONE_TIME_KEY_MIN_BYTES`], 32 recommended), the same on
/// every server that checks the codes, and keep it apart from the stored records.
#[derive(Clone)]
pub struct OneTimeKey {
    key: Zeroizing<Vec<u8>>,
}

impl OneTimeKey {
    /// Copies `key` (the copy is wiped on drop).
    ///
    /// Errors: [`OtpError::OneTimeKeyTooShort`] for fewer than [`ONE_TIME_KEY_MIN_BYTES`] bytes.
    pub fn new(key: &[u8]) -> Result<OneTimeKey, OtpError> {
        if key.len() < ONE_TIME_KEY_MIN_BYTES {
            return Err(OtpError::OneTimeKeyTooShort {
                min_bytes: ONE_TIME_KEY_MIN_BYTES,
            });
        }
        Ok(OneTimeKey {
            key: Zeroizing::new(key.to_vec()),
        })
    }

    /// The key's length in bytes.
    pub fn len(&self) -> usize {
        self.key.len()
    }

    /// Always `false` (a key has at least [`ONE_TIME_KEY_MIN_BYTES`] bytes).
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }
}

impl std::fmt::Debug for OneTimeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OneTimeKey(*** {} bytes)", self.key.len())
    }
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// What a one-time code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum OneTimeKind {
    /// The e-mail confirmation code ("Megerősítő kód"): 6 digits, valid 10 minutes.
    EmailConfirmation,
    /// An activation code: 10 characters, valid 3 days.
    Activation,
    /// A deletion / recovery code ("törlőkód"): 100 bits, shown once, valid until used.
    Deletion,
}

impl OneTimeKind {
    /// How long a code stays valid, in seconds (`None`: until used).
    pub fn lifetime_secs(self) -> Option<u64> {
        match self {
            OneTimeKind::EmailConfirmation => Some(10 * 60),
            OneTimeKind::Activation => Some(3 * 24 * 60 * 60),
            OneTimeKind::Deletion => None,
        }
    }

    /// Characters in the code (without separators).
    fn length(self) -> usize {
        match self {
            OneTimeKind::EmailConfirmation => 6,
            OneTimeKind::Activation => 10,
            OneTimeKind::Deletion => 20,
        }
    }

    /// Characters per group when shown.
    fn group(self) -> usize {
        match self {
            OneTimeKind::EmailConfirmation => 6,
            OneTimeKind::Activation => 5,
            OneTimeKind::Deletion => 4,
        }
    }

    fn digits_only(self) -> bool {
        self == OneTimeKind::EmailConfirmation
    }

    /// What the MAC is over first: the purpose and the record version (a record of one kind
    /// does not verify as another kind).
    fn tag(self) -> &'static [u8] {
        match self {
            OneTimeKind::EmailConfirmation => b"eeszt-auth one-time email v2",
            OneTimeKind::Activation => b"eeszt-auth one-time activation v2",
            OneTimeKind::Deletion => b"eeszt-auth one-time deletion v2",
        }
    }
}

/// A freshly issued code: send or show `code` once, store `record`.
#[derive(Debug)]
pub struct IssuedCode {
    /// The code as the user sees it (grouped with hyphens); wiped on drop. `Debug` hides it.
    pub code: Zeroizing<String>,
    /// What to store to check the code later.
    pub record: CodeRecord,
}

/// What the issuer stores: a keyed MAC of the code, its validity and use.
///
/// With serde, a stored record of the old format (no `version` field, an unkeyed `digest`) reads
/// as version 1 and is refused by [`CodeRecord::verify`] with
/// [`OtpError::OneTimeRecordVersion`] instead of being misread.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CodeRecord {
    /// The record format ([`CODE_RECORD_VERSION`] for records made by this version).
    #[cfg_attr(feature = "serde", serde(default = "old_record_version"))]
    pub version: u32,
    /// What the code is for.
    pub kind: OneTimeKind,
    /// Random salt.
    pub salt: [u8; 16],
    /// HMAC-SHA-256 under the server key of (kind and version tag, salt, normalized code).
    #[cfg_attr(feature = "serde", serde(alias = "digest"))]
    pub mac: [u8; 32],
    /// Unix time of issue.
    pub issued_at: u64,
    /// Unix time from which the code is refused (`None`: never expires).
    pub expires_at: Option<u64>,
    /// Whether the code was used.
    pub used: bool,
    /// Wrong tries so far.
    pub failures: u32,
}

/// Records without a `version` field were made before versioning (unkeyed SHA-256).
#[cfg(feature = "serde")]
fn old_record_version() -> u32 {
    1
}

/// Issues a new code of `kind` at `unix_time`, drawing from `rng`; the record is MACed with `key`.
pub fn issue_code(
    kind: OneTimeKind,
    key: &OneTimeKey,
    rng: &mut (impl Randomness + ?Sized),
    unix_time: u64,
) -> Result<IssuedCode, OtpError> {
    let mut plain = Zeroizing::new(String::with_capacity(kind.length()));
    if kind.digits_only() {
        let mut value = below(rng, 10u64.pow(kind.length() as u32))?;
        let mut digits = Zeroizing::new([b'0'; 6]);
        for slot in digits.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        plain.extend(digits.iter().map(|d| char::from(*d)));
    } else {
        let mut raw = Zeroizing::new([0u8; 20]);
        let raw = raw.get_mut(..kind.length()).unwrap_or_default();
        rng.fill(raw)?;
        // 32 symbols: each random byte's low five bits are uniform.
        plain.extend(
            raw.iter()
                .map(|b| char::from(CROCKFORD[usize::from(b & 31)])),
        );
    }
    let mut salt = [0u8; 16];
    rng.fill(&mut salt)?;
    let record = CodeRecord {
        version: CODE_RECORD_VERSION,
        kind,
        salt,
        mac: record_mac(key, kind, &salt, &plain)?,
        issued_at: unix_time,
        expires_at: kind.lifetime_secs().map(|s| unix_time.saturating_add(s)),
        used: false,
        failures: 0,
    };
    let mut code = Zeroizing::new(String::with_capacity(plain.len() + 4));
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && i % kind.group() == 0 {
            code.push('-');
        }
        code.push(c);
    }
    Ok(IssuedCode { code, record })
}

/// A uniformly random number in `0..bound` (`bound > 0`), without modulo bias.
fn below(rng: &mut (impl Randomness + ?Sized), bound: u64) -> Result<u64, OtpError> {
    if bound <= 1 {
        return Ok(0);
    }
    // Reject the top partial range so every value is equally likely.
    let zone = u64::MAX - (u64::MAX % bound);
    loop {
        let mut bytes = [0u8; 8];
        rng.fill(&mut bytes)?;
        let value = u64::from_le_bytes(bytes);
        if value < zone {
            return Ok(value % bound);
        }
    }
}

/// HMAC-SHA-256(key, tag || salt || normalized code). The tag and salt have fixed lengths per
/// kind, so the input is unambiguous.
fn record_mac(
    key: &OneTimeKey,
    kind: OneTimeKind,
    salt: &[u8; 16],
    normalized: &str,
) -> Result<[u8; 32], OtpError> {
    // HMAC accepts keys of any length; a refusal could only be about the key's length.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key.key).map_err(|_| {
        OtpError::OneTimeKeyTooShort {
            min_bytes: ONE_TIME_KEY_MIN_BYTES,
        }
    })?;
    mac.update(kind.tag());
    mac.update(salt);
    mac.update(normalized.as_bytes());
    Ok(mac.finalize().into_bytes().into())
}

/// The typed code in canonical form, or the format error.
fn normalize(kind: OneTimeKind, input: &str) -> Result<Zeroizing<String>, OtpError> {
    let mut out = Zeroizing::new(String::with_capacity(kind.length()));
    for c in input.chars() {
        if matches!(c, ' ' | '-' | '\t') {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'O' if !kind.digits_only() => '0',
            'I' | 'L' if !kind.digits_only() => '1',
            c if c.is_ascii_digit() => c,
            c if !kind.digits_only() && c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
            _ => return Err(OtpError::CodeNotDigits),
        };
        out.push(c);
    }
    if out.len() != kind.length() {
        return Err(OtpError::CodeLength {
            expected: kind.length() as u32,
            got: out.chars().count(),
        });
    }
    Ok(out)
}

impl CodeRecord {
    /// Checks a typed code at `unix_time` with the server `key` the record was made with; on
    /// success the record is marked used.
    ///
    /// Errors, in the order checked: [`OtpError::OneTimeRecordVersion`] (a record of another
    /// format: issue a new code), [`OtpError::OneTimeRecord`] (an inconsistent stored record),
    /// [`OtpError::OneTimeUsed`], [`OtpError::OneTimeExpired`], [`OtpError::OneTimeExhausted`],
    /// format errors ([`OtpError::CodeNotDigits`] for a character that cannot be in the code,
    /// [`OtpError::CodeLength`]; not counted), [`OtpError::OneTimeWrong`] (counted; the last allowed
    /// wrong try gives [`OtpError::OneTimeExhausted`]). A code checked with another key than the
    /// record was made with is a wrong code.
    pub fn verify(
        &mut self,
        key: &OneTimeKey,
        input: &str,
        unix_time: u64,
    ) -> Result<(), OtpError> {
        if self.version != CODE_RECORD_VERSION {
            return Err(OtpError::OneTimeRecordVersion {
                version: self.version,
            });
        }
        if self.expires_at.is_some_and(|e| e < self.issued_at) {
            return Err(OtpError::OneTimeRecord);
        }
        if self.used {
            return Err(OtpError::OneTimeUsed);
        }
        if self.expires_at.is_some_and(|e| unix_time >= e) {
            return Err(OtpError::OneTimeExpired);
        }
        if self.failures >= ONE_TIME_MAX_TRIES {
            return Err(OtpError::OneTimeExhausted);
        }
        let normalized = normalize(self.kind, input)?;
        let typed = record_mac(key, self.kind, &self.salt, &normalized)?;
        if bool::from(typed.ct_eq(&self.mac)) {
            self.used = true;
            return Ok(());
        }
        self.failures = self.failures.saturating_add(1);
        if self.failures >= ONE_TIME_MAX_TRIES {
            return Err(OtpError::OneTimeExhausted);
        }
        Err(OtpError::OneTimeWrong {
            attempts_left: ONE_TIME_MAX_TRIES - self.failures,
        })
    }
}
