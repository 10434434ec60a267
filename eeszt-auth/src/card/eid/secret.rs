//! Secrets (PIN, CAN, PUK, MRZ, keys): zeroized on drop, printed as `***`, compared in constant time.

use super::params;
use crate::card::EidError;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Secret bytes: zeroized on drop, `Debug` prints `***`, equality is constant-time.
#[derive(Clone, Default, Zeroize, ZeroizeOnDrop)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps bytes (they are moved, not copied).
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    /// Copies bytes into a new secret.
    pub fn from_slice(bytes: &[u8]) -> Secret {
        Secret(bytes.to_vec())
    }

    /// The bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.0.len() == other.0.len() && bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for Secret {}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Which password PACE runs with (the MSE:Set AT password reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasswordKind {
    /// The machine-readable zone (document number, birth date, expiry, with check digits).
    Mrz,
    /// The 6-digit card access number printed on the card.
    Can,
    /// The PIN (or, before activation, the 5-digit transport PIN).
    Pin,
    /// The PUK.
    Puk,
}

impl PasswordKind {
    /// The password reference of MSE:Set AT (01 MRZ, 02 CAN, 03 PIN, 04 PUK).
    pub fn reference(self) -> u8 {
        match self {
            PasswordKind::Mrz => params::PWD_MRZ,
            PasswordKind::Can => params::PWD_CAN,
            PasswordKind::Pin => params::PWD_PIN,
            PasswordKind::Puk => params::PWD_PUK,
        }
    }

    /// The kind for a password reference.
    pub fn from_reference(reference: u8) -> Option<PasswordKind> {
        match reference {
            params::PWD_MRZ => Some(PasswordKind::Mrz),
            params::PWD_CAN => Some(PasswordKind::Can),
            params::PWD_PIN => Some(PasswordKind::Pin),
            params::PWD_PUK => Some(PasswordKind::Puk),
            _ => None,
        }
    }

    /// A lowercase name ("mrz", "can", "pin", "puk").
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordKind::Mrz => "mrz",
            PasswordKind::Can => "can",
            PasswordKind::Pin => "pin",
            PasswordKind::Puk => "puk",
        }
    }
}

/// A PACE password: its kind and its secret value.
///
/// Constructors check the form (digits and length) so a typo never costs a PIN try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Password {
    kind: PasswordKind,
    value: Secret,
}

fn digits(
    value: &str,
    what: &'static str,
    text: &'static str,
    ok: impl Fn(usize) -> bool,
) -> Result<Secret, EidError> {
    let value = value.trim();
    if value.is_empty() || !ok(value.len()) || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EidError::SecretFormat { what, digits: text });
    }
    Ok(Secret::from_slice(value.as_bytes()))
}

impl Password {
    /// A 6-digit PIN.
    pub fn pin(value: &str) -> Result<Password, EidError> {
        let value = digits(value, "PIN", "6", |n| n == params::PIN_DIGITS)?;
        Ok(Password {
            kind: PasswordKind::Pin,
            value,
        })
    }

    /// The 5-digit transport (activation) PIN; PACE runs with it under the PIN reference.
    pub fn transport_pin(value: &str) -> Result<Password, EidError> {
        let value = digits(value, "transport PIN", "5", |n| {
            n == params::TRANSPORT_PIN_DIGITS
        })?;
        Ok(Password {
            kind: PasswordKind::Pin,
            value,
        })
    }

    /// The 6-digit CAN.
    pub fn can(value: &str) -> Result<Password, EidError> {
        let value = digits(value, "CAN", "6", |n| n == params::CAN_DIGITS)?;
        Ok(Password {
            kind: PasswordKind::Can,
            value,
        })
    }

    /// The PUK (8 to 10 digits).
    pub fn puk(value: &str) -> Result<Password, EidError> {
        let value = digits(value, "PUK", "8-10", |n| params::PUK_DIGITS.contains(&n))?;
        Ok(Password {
            kind: PasswordKind::Puk,
            value,
        })
    }

    /// The MRZ password from its three fields, each with its check digit: document number (9 + 1),
    /// date of birth YYMMDD (6 + 1), date of expiry YYMMDD (6 + 1), concatenated (ICAO 9303 Part 11).
    pub fn mrz(document_number_birth_expiry: &str) -> Result<Password, EidError> {
        let value = document_number_birth_expiry.trim();
        if value.len() < 15
            || !value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'<')
        {
            return Err(EidError::SecretFormat {
                what: "MRZ",
                digits: "24",
            });
        }
        Ok(Password {
            kind: PasswordKind::Mrz,
            value: Secret::from_slice(value.as_bytes()),
        })
    }

    /// A password of any kind from raw bytes, without form checks (used by the simulated card,
    /// which must accept whatever the terminal derives).
    pub fn raw(kind: PasswordKind, value: &[u8]) -> Password {
        Password {
            kind,
            value: Secret::from_slice(value),
        }
    }

    /// The kind.
    pub fn kind(&self) -> PasswordKind {
        self.kind
    }

    /// The secret value (ASCII digits, or the MRZ string).
    pub fn value(&self) -> &Secret {
        &self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_checked() {
        assert!(Password::pin("123456").is_ok());
        assert!(Password::pin("12345").is_err());
        assert!(Password::pin("12345a").is_err());
        assert!(Password::transport_pin("12345").is_ok());
        assert!(Password::can("500540").is_ok());
        assert!(Password::puk("1234567890").is_ok());
        assert!(Password::puk("123").is_err());
        assert_eq!(format!("{:?}", Password::pin("123456")), {
            "Ok(Password { kind: Pin, value: *** })".to_string()
        });
    }

    #[test]
    fn secret_equality_is_by_value() {
        assert_eq!(Secret::from_slice(b"ab"), Secret::from_slice(b"ab"));
        assert_ne!(Secret::from_slice(b"ab"), Secret::from_slice(b"abc"));
    }
}
