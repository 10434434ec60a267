//! Identifiers: EESZT user names, TAJ, tax IDs, institution codes, token serials.
//!
//! Every identifier type parses typed input (outer whitespace trimmed, harmless variations accepted),
//! keeps the normalised form, and implements `FromStr`, `TryFrom<&str>`, `Display` (the normalised
//! form), `Eq + Hash + Ord` and, with the `serde` feature, (de)serialisation as the normalised string
//! (deserialising validates). Every failure is an [`IdError`] with its own code and a message in
//! Hungarian and English that tells the user what to type.
//!
//! | type | what | normalised example |
//! | --- | --- | --- |
//! | [`EesztUserId`] | EESZT user name: [`Profession`] letter + registry number | `O95745` |
//! | [`Taj`] | TAJ (social-security) number, 3/7 check digit | `123 456 788` |
//! | [`TaxId`] | adóazonosító jel, mod-11 check digit, birth date | `8365670003` |
//! | [`ProviderId`] | health-care provider ID (6 digits) | `032175` |
//! | [`UnitCode`] | organisational unit code (9 digits/capitals) | `001055630` |
//! | [`LicenceId`] | operating licence ID | `001055630/A1/1300` |
//! | [`FinancingCode`] | NEAK financing code (9 digits) | `123456789` |
//! | [`InstitutionCode`] | NEAK institution code (4 digits/capitals) | `0123` |
//! | [`TokenSerial`] | hard token factory serial (after "GALT") | `12345678` |
//!
//! [`Institution`], [`InstitutionChoice`] and [`InstitutionList`] model the portal's choice of
//! institution and site, including the explicit "Intézmény nélkül" (no institution).
//!
//! ```
//! use eeszt_auth::id::{EesztUserId, IdError, Profession, Taj};
//! use eeszt_auth::Lang;
//!
//! let user: EesztUserId = " o95745 ".parse()?;
//! assert_eq!(user.to_string(), "O95745");
//! assert_eq!(user.profession(), Profession::Doctor);
//!
//! let err = "O 95745".parse::<EesztUserId>().unwrap_err();
//! assert!(matches!(err, IdError::UserInnerSpace { .. }));
//! assert_eq!(
//!     err.message(Lang::En),
//!     "The user name must not contain spaces. Type: \"O95745\"."
//! );
//!
//! let taj: Taj = "123-456-788".parse()?;
//! assert_eq!(taj.to_string(), "123 456 788");
//! # Ok::<(), IdError>(())
//! ```

/// Implements `FromStr`, `TryFrom<&str>`, `Display` and the optional serde traits for an identifier type
/// with `fn parse(&str) -> Result<Self, IdError>` and `fn as_str(&self) -> &str`.
macro_rules! id_string_traits {
    ($ty:ident) => {
        impl ::std::str::FromStr for $ty {
            type Err = $crate::id::IdError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $ty::parse(text)
            }
        }

        impl ::std::convert::TryFrom<&str> for $ty {
            type Error = $crate::id::IdError;
            fn try_from(text: &str) -> Result<Self, Self::Error> {
                $ty::parse(text)
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                $ty::parse(&text).map_err(::serde::de::Error::custom)
            }
        }
    };
}

mod codes;
pub(crate) mod date;
mod error;
mod institution;
mod kind;
mod licence;
mod shape;
mod taj;
mod tax;
mod token;
mod user;

pub use codes::{FinancingCode, InstitutionCode, ProviderId, UnitCode};
pub use date::CivilDate;
pub use error::IdError;
pub use institution::{Institution, InstitutionChoice, InstitutionList};
pub use kind::IdKind;
pub use licence::LicenceId;
pub use taj::Taj;
pub use tax::TaxId;
pub use token::{GALT_MARK, TokenSerial};
pub use user::{EesztUserId, Profession};
