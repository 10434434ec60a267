//! The plain institution codes: provider ID, organisational unit code, NEAK financing and institution
//! codes. None of them has a published check digit, so only their shape is checked.

use super::error::IdError;
use super::kind::IdKind;
use super::shape::{Chars, compact};

/// Defines a code type that is a fixed-length string of digits (or digits and capitals).
macro_rules! plain_code {
    ($(#[$meta:meta])* $name:ident, $kind:expr, $chars:expr, $len:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The number of characters.
            pub const LEN: usize = $len;

            /// Parses typed input: outer whitespace trimmed, lowercase letters made capital where
            /// letters are allowed; nothing else is changed.
            pub fn parse(text: &str) -> Result<$name, IdError> {
                compact(text, $kind, $chars, &[], $len..=$len).map($name)
            }

            /// The normalised code.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        id_string_traits!($name);
    };
}

plain_code!(
    /// A health-care provider (egészségügyi szolgáltató) ID: 6 digits, for example `032175`.
    ///
    /// It is the "OTH azonosító" on the first page of the operating licence (NNGYK6 /
    /// EUSZOLG_AZONOSITO in the public registers). Leading zeros are kept.
    ProviderId,
    IdKind::ProviderId,
    Chars::Digits,
    6
);

plain_code!(
    /// An organisational unit (szervezeti egység) code: 9 digits or capital letters, for example
    /// `001055630` or the NEAK-style `02006A425` (NNGYK9 in the public registers).
    UnitCode,
    IdKind::UnitCode,
    Chars::DigitsAndCapitals,
    9
);

plain_code!(
    /// A NEAK financing code (FINKOD): 9 digits.
    FinancingCode,
    IdKind::FinancingCode,
    Chars::Digits,
    9
);

plain_code!(
    /// A NEAK institution code (INTKOD): 4 digits or capital letters.
    InstitutionCode,
    IdKind::InstitutionCode,
    Chars::DigitsAndCapitals,
    4
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_parse() {
        assert_eq!(ProviderId::parse(" 032175 ").unwrap().as_str(), "032175");
        assert_eq!(UnitCode::parse("001055630").unwrap().as_str(), "001055630");
        assert_eq!(
            UnitCode::parse("02006a425").unwrap().to_string(),
            "02006A425"
        );
        assert_eq!(
            FinancingCode::parse("123456789").unwrap().as_str(),
            "123456789"
        );
        assert_eq!(InstitutionCode::parse("0a1b").unwrap().as_str(), "0A1B");
    }

    #[test]
    fn errors() {
        assert_eq!(ProviderId::parse(""), Err(IdError::Empty));
        assert_eq!(
            ProviderId::parse("03217"),
            Err(IdError::WrongLength {
                kind: IdKind::ProviderId,
                found: 5
            })
        );
        assert_eq!(
            ProviderId::parse("03217A"),
            Err(IdError::InvalidCharacter {
                kind: IdKind::ProviderId,
                ch: 'A'
            })
        );
        assert_eq!(
            UnitCode::parse("001 055 630"),
            Err(IdError::InvalidCharacter {
                kind: IdKind::UnitCode,
                ch: ' '
            })
        );
        assert_eq!(
            FinancingCode::parse("12345678A"),
            Err(IdError::InvalidCharacter {
                kind: IdKind::FinancingCode,
                ch: 'A'
            })
        );
        assert_eq!(
            InstitutionCode::parse("01234"),
            Err(IdError::WrongLength {
                kind: IdKind::InstitutionCode,
                found: 5
            })
        );
    }

    #[test]
    fn message_names_the_code() {
        let msg = ProviderId::parse("0321")
            .unwrap_err()
            .message(crate::Lang::En);
        assert_eq!(
            msg,
            "The identifier has the wrong length. Health-care provider ID: 6 characters are \
             needed, you typed 4. Example: 032175."
        );
    }
}
