//! The persistent state of the simulated eSzemélyi and its JSON form.
//!
//! **The state file holds the card's secrets in clear** (PIN, CAN, PUK, the authentication private
//! key, the random seed): it is a test fixture, never a place for real secrets. Keep it private.
//!
//! ```json
//! {"format": 1, "pin_state": "transport", "pin": "12345", "pin_tries": 3, "can": "123456",
//!  "puk": "1234567890", "parameter_id": 13, "key_bits": 128, "seed": "<64 hex>",
//!  "rng_position": 0, "auth_key": "<64 hex>", "auth_cert": "<hex DER>",
//!  "personal_data": "...", "cvca_chain": ["7F21..."], "cvca_date": "2026-01-01"}
//! ```

use super::super::{crypto::KeyLength, params, pin::PinState};
use crate::card::{EidError, hex};
use crate::cert::{CvDate, CvcaTrustStore};
use crate::error::Result;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The default transport (activation) PIN of a new simulated card.
pub const DEFAULT_TRANSPORT_PIN: &str = "12345";
/// The PIN of [`super::SimEszemelyi::activated`].
pub const DEFAULT_PIN: &str = "123456";
/// The default CAN.
pub const DEFAULT_CAN: &str = "654321";
/// The default PUK.
pub const DEFAULT_PUK: &str = "1234567890";
/// The CHR of the default CVCA certificate held in the trust-point slot.
pub const DEFAULT_CVCA: &str = "HUCVCA00001";
/// The default CVCA certificate (self-signed, brainpoolP256r1, made with OpenPACE's `cvc-create` for
/// this project; its private key was discarded, so link certificates for it cannot be made: tests
/// install their own CVCA through [`SimState::cvca_chain`]).
pub const DEFAULT_CVCA_CERT: &[u8] = include_bytes!("cvca.cvcert");
/// The chip's initial current date for certificate checks.
pub const DEFAULT_CVCA_DATE: &str = "2026-01-01";
/// The private scalar of the default authentication key (NIST P-256): a published test key.
pub const DEFAULT_AUTH_KEY: &str =
    "d568837d80f6a86bc735cbb88a96490d110afd2aa396e32c873a00193dd51ae8";
/// The default authentication certificate (self-signed X.509 for the default key, made with openssl
/// for this project; subject "CN=TESZT ELEK").
pub const DEFAULT_AUTH_CERT: &[u8] = include_bytes!("auth-cert.der");
/// The default personal-data file.
pub const DEFAULT_PERSONAL_DATA: &str = "family_name=TESZT\ngiven_name=ELEK\nbirth_date=1980-01-01\nbirth_place=BUDAPEST\ndocument_number=SIM000001\nnationality=HUN\n";

/// The persistent state of a simulated eSzemélyi.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct SimState {
    /// Format version (1).
    pub format: u32,
    /// "transport" or "active" (suspension and blocking follow from `pin_tries`).
    pub pin_state: String,
    /// The current PIN (the 5-digit transport PIN while `pin_state` is "transport").
    pub pin: String,
    /// PIN tries left (3 = full, 1 = suspended, 0 = blocked).
    pub pin_tries: u8,
    /// The CAN.
    pub can: String,
    /// The PUK.
    pub puk: String,
    /// The PACE domain parameter ID offered in EF.CardAccess (12, 13, 16 or 17).
    pub parameter_id: u8,
    /// The AES key length of the offered PACE protocol (128, 192 or 256).
    pub key_bits: u16,
    /// The seed of the card's deterministic random generator (hex, 32 bytes).
    pub seed: String,
    /// Random blocks used so far (the generator resumes there).
    pub rng_position: u64,
    /// The authentication private key (hex P-256 scalar).
    pub auth_key: String,
    /// The authentication certificate (hex DER).
    pub auth_cert: String,
    /// The personal-data file (UTF-8).
    pub personal_data: String,
    /// The trust-point slot: the CVCA certificate (hex 7F21), then every link certificate the card
    /// accepted through PSO:Verify Certificate, oldest first. Empty: no trust point (MSE:Set DST
    /// answers 6A88).
    pub cvca_chain: Vec<String>,
    /// The chip's current date for certificate checks (`YYYY-MM-DD`; it has no clock).
    pub cvca_date: String,
}

impl std::fmt::Debug for SimState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimState")
            .field("pin_state", &self.pin_state)
            .field("pin_tries", &self.pin_tries)
            .field("parameter_id", &self.parameter_id)
            .field("secrets", &"***")
            .finish()
    }
}

fn bad(detail: &str) -> crate::Error {
    EidError::SimState {
        detail: detail.to_owned(),
    }
    .into()
}

fn digits(value: &str, ok: impl Fn(usize) -> bool) -> bool {
    ok(value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

impl SimState {
    /// A new card as delivered: transport PIN set, all defaults, the given random seed.
    pub fn new(seed: [u8; 32]) -> SimState {
        SimState {
            format: 1,
            pin_state: "transport".into(),
            pin: DEFAULT_TRANSPORT_PIN.into(),
            pin_tries: params::PIN_TRIES,
            can: DEFAULT_CAN.into(),
            puk: DEFAULT_PUK.into(),
            parameter_id: params::SIM_PARAMETER_ID,
            key_bits: 128,
            seed: hex::hex(&seed),
            rng_position: 0,
            auth_key: DEFAULT_AUTH_KEY.into(),
            auth_cert: hex::hex(DEFAULT_AUTH_CERT),
            personal_data: DEFAULT_PERSONAL_DATA.into(),
            cvca_chain: vec![hex::hex(DEFAULT_CVCA_CERT)],
            cvca_date: DEFAULT_CVCA_DATE.into(),
        }
    }

    /// The PIN state as the card reports it.
    pub fn pin_status(&self) -> PinState {
        match (self.pin_tries, self.pin_state.as_str()) {
            (0, _) => PinState::Blocked,
            (1, _) => PinState::Suspended,
            (_, "transport") => PinState::Transport,
            _ => PinState::Active,
        }
    }

    /// Whether the transport PIN is still set.
    pub fn is_transport(&self) -> bool {
        self.pin_state == "transport"
    }

    /// The key length of the offered protocol.
    pub fn key_length(&self) -> Option<KeyLength> {
        match self.key_bits {
            128 => Some(KeyLength::Aes128),
            192 => Some(KeyLength::Aes192),
            256 => Some(KeyLength::Aes256),
            _ => None,
        }
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        if self.format != 1 {
            return Err(bad("format must be 1"));
        }
        let pin_len = match self.pin_state.as_str() {
            "transport" => params::TRANSPORT_PIN_DIGITS,
            "active" => params::PIN_DIGITS,
            _ => return Err(bad("pin_state must be \"transport\" or \"active\"")),
        };
        if !digits(&self.pin, |n| n == pin_len) {
            return Err(bad("pin has the wrong length for pin_state"));
        }
        if self.pin_tries > params::PIN_TRIES {
            return Err(bad("pin_tries must be 0-3"));
        }
        if !digits(&self.can, |n| n == params::CAN_DIGITS) {
            return Err(bad("can must be 6 digits"));
        }
        if !digits(&self.puk, |n| params::PUK_DIGITS.contains(&n)) {
            return Err(bad("puk must be 8-10 digits"));
        }
        if !params::SUPPORTED_PARAMETER_IDS.contains(&self.parameter_id) {
            return Err(bad("parameter_id must be 12, 13, 16 or 17"));
        }
        if self.key_length().is_none() {
            return Err(bad("key_bits must be 128, 192 or 256"));
        }
        if self.seed_bytes().is_none() {
            return Err(bad("seed must be 64 hex digits"));
        }
        if hex::parse_hex(&self.auth_key).map(|k| k.len()) != Ok(32) {
            return Err(bad("auth_key must be 64 hex digits"));
        }
        if hex::parse_hex(&self.auth_cert).is_err() {
            return Err(bad("auth_cert must be hex"));
        }
        self.trust_store().map(|_| ())
    }

    /// The card's CVCA trust store rebuilt from [`SimState::cvca_chain`] (`None` when empty).
    pub fn trust_store(&self) -> Result<Option<CvcaTrustStore>> {
        let date =
            CvDate::parse(&self.cvca_date).ok_or_else(|| bad("cvca_date must be YYYY-MM-DD"))?;
        let mut certs = self.cvca_chain.iter().map(|h| hex::parse_hex(h));
        let Some(first) = certs.next() else {
            return Ok(None);
        };
        let first = first.map_err(|_| bad("cvca_chain must be hex"))?;
        let mut store =
            CvcaTrustStore::new(&first, date).map_err(|e| bad(&format!("cvca_chain[0]: {e}")))?;
        for link in certs {
            let link = link.map_err(|_| bad("cvca_chain must be hex"))?;
            store
                .import(&link, date)
                .map_err(|e| bad(&format!("cvca_chain link: {e}")))?;
        }
        Ok(Some(store))
    }

    /// The random seed.
    pub fn seed_bytes(&self) -> Option<[u8; 32]> {
        hex::parse_hex(&self.seed).ok()?.try_into().ok()
    }

    /// The JSON form (secrets included).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Parses and validates the JSON form. A malformed text is reported by position and by the
    /// field and the kind of value it needs, never with the text's content (it holds secrets).
    pub fn from_json(text: &str) -> Result<SimState> {
        let state: SimState = serde_json::from_str(text).map_err(|e| bad(&json_error(text, &e)))?;
        state.validate()?;
        Ok(state)
    }

    /// Loads a state file (a regular file of at most [`crate::input::MAX_FILE_LEN`] bytes).
    pub fn load(path: &std::path::Path) -> Result<SimState> {
        let text = zeroize::Zeroizing::new(crate::input::read_file_to_string(
            path,
            crate::input::MAX_FILE_LEN,
        )?);
        SimState::from_json(&text)
    }

    /// Saves to a state file: owner-only (0600) and atomic, through a fresh temporary file that is
    /// never a planted symlink ([`super::write_private_atomic`]).
    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        let json = zeroize::Zeroizing::new(self.to_json());
        super::write_private_atomic(path, json.as_bytes())
    }
}

/// The JSON kind each field of [`SimState`] needs (for error messages that name the field and the
/// expected kind, never the value found).
const FIELD_KINDS: &[(&str, &str)] = &[
    ("format", "a number"),
    ("pin_state", "a string"),
    ("pin", "a string"),
    ("pin_tries", "a number 0-255"),
    ("can", "a string"),
    ("puk", "a string"),
    ("parameter_id", "a number 0-255"),
    ("key_bits", "a number 0-65535"),
    ("seed", "a string"),
    ("rng_position", "a number"),
    ("auth_key", "a string"),
    ("auth_cert", "a string"),
    ("personal_data", "a string"),
    ("cvca_chain", "a list of strings"),
    ("cvca_date", "a string"),
];

fn has_kind(value: &serde_json::Value, kind: &str) -> bool {
    use serde_json::Value;
    let max = match kind {
        "a string" => return value.is_string(),
        "a list of strings" => {
            return value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string));
        }
        "a number 0-255" => u64::from(u8::MAX),
        "a number 0-65535" => u64::from(u16::MAX),
        _ => u64::MAX,
    };
    value.as_u64().is_some_and(|n| n <= max)
}

/// What is wrong with a state text serde refused: the position, and for a well-formed JSON object
/// the first field that is missing or of the wrong kind. serde's own message is not used: it
/// quotes the offending value (a PIN, a key).
fn json_error(text: &str, err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", err.line(), err.column());
    match err.classify() {
        Category::Syntax => format!("not valid JSON at {at}"),
        Category::Eof => format!("the JSON ends early at {at}"),
        Category::Io => format!("could not be read at {at}"),
        Category::Data => {
            let object = serde_json::from_str::<serde_json::Value>(text).ok();
            let Some(object) = object.as_ref().and_then(|v| v.as_object()) else {
                return format!("the state must be a JSON object ({at})");
            };
            for (name, kind) in FIELD_KINDS {
                match object.get(*name) {
                    None => return format!("field \"{name}\" is missing ({at})"),
                    Some(value) if !has_kind(value, kind) => {
                        return format!("field \"{name}\" must be {kind} ({at})");
                    }
                    Some(_) => {}
                }
            }
            format!("a field has a value of the wrong kind ({at})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_and_validation() {
        let state = SimState::new([3; 32]);
        state.validate().unwrap();
        let back = SimState::from_json(&state.to_json()).unwrap();
        assert_eq!(back, state);
        assert!(!format!("{state:?}").contains(DEFAULT_PUK));
        let mut broken = state.clone();
        broken.pin = "1234".into();
        assert!(SimState::from_json(&broken.to_json()).is_err());
        assert!(SimState::from_json("{").is_err());
        assert_eq!(state.pin_status(), PinState::Transport);
    }

    fn both_languages(err: &crate::Error) -> String {
        format!(
            "{}\n{}",
            err.message(crate::Lang::Hu),
            err.message(crate::Lang::En)
        )
    }

    #[test]
    fn a_malformed_state_never_echoes_its_content() {
        let good = SimState::new([5; 32]).to_json();
        let with_pin = good.replace("\"pin\": \"12345\"", "\"pin\": 987654");
        assert_ne!(with_pin, good);
        let err = SimState::from_json(&with_pin).unwrap_err();
        let text = both_languages(&err);
        assert!(!text.contains("987654"), "{text}");
        assert!(text.contains("\"pin\" must be a string"), "{text}");
        assert!(text.contains("line "), "{text}");

        // A key with a bad value, a missing field, a range error, broken syntax: no value quoted.
        let cases = [
            good.replace(DEFAULT_AUTH_KEY, "zz"),
            good.replace("\"can\": \"654321\",", ""),
            good.replace("\"pin_tries\": 3", "\"pin_tries\": 987654"),
            good.replace("\"puk\": \"1234567890\"", "\"puk\": [1234567890]"),
            good.replace("\"pin\": \"12345\"", "\"pin\": 12345x"),
            "[\"987654\"]".to_owned(),
        ];
        for (i, case) in cases.iter().enumerate() {
            assert_ne!(case, &good, "case {i}");
            let err = SimState::from_json(case).unwrap_err();
            let text = both_languages(&err);
            for secret in ["987654", "1234567890", "654321", "12345x", DEFAULT_AUTH_KEY] {
                assert!(!text.contains(secret), "case {i}: {text}");
            }
        }
        let missing = SimState::from_json(&cases[1]).unwrap_err();
        assert!(both_languages(&missing).contains("\"can\" is missing"));
    }

    #[cfg(unix)]
    #[test]
    fn the_state_file_is_owner_only_and_a_planted_tmp_symlink_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("eeszt-sim-state-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, b"victim").unwrap();
        let path = dir.join("st.json");
        // The name the old code wrote through (`<state>.tmp`).
        std::os::unix::fs::symlink(&victim, dir.join("st.tmp")).unwrap();
        let state = SimState::new([7; 32]);
        state.save(&path).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"victim");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
        assert_eq!(SimState::load(&path).unwrap(), state);
        // A file that already existed with wider permissions is replaced by an owner-only one.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        state.save(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
