//! Which identifier a value or an error is about, with its name and format in plain words.

use crate::error::Lang;

/// The kinds of identifier this module validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum IdKind {
    /// An EESZT user name such as `O95745` ([`super::EesztUserId`]).
    UserId,
    /// A TAJ (social-security) number ([`super::Taj`]).
    Taj,
    /// A tax ID, adóazonosító jel ([`super::TaxId`]).
    TaxId,
    /// A health-care provider ID ([`super::ProviderId`]).
    ProviderId,
    /// An organisational unit code ([`super::UnitCode`]).
    UnitCode,
    /// An operating licence ID ([`super::LicenceId`]).
    LicenceId,
    /// The 4-digit profession code at the end of a licence ID.
    LicenceProfessionCode,
    /// A NEAK financing code ([`super::FinancingCode`]).
    FinancingCode,
    /// A NEAK institution code ([`super::InstitutionCode`]).
    InstitutionCode,
    /// A hard token's factory serial ([`super::TokenSerial`]).
    TokenSerial,
}

impl IdKind {
    /// A short stable name (`"user"`, `"taj"`, `"tax"`, ...), the `kind` of the CLI's JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::UserId => "user",
            IdKind::Taj => "taj",
            IdKind::TaxId => "tax",
            IdKind::ProviderId => "provider",
            IdKind::UnitCode => "unit",
            IdKind::LicenceId => "licence",
            IdKind::LicenceProfessionCode => "licence_profession_code",
            IdKind::FinancingCode => "financing",
            IdKind::InstitutionCode => "institution",
            IdKind::TokenSerial => "token",
        }
    }

    /// The name users know it by.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            IdKind::UserId => lang.pick("EESZT-felhasználónév", "EESZT user name"),
            IdKind::Taj => lang.pick("TAJ-szám", "TAJ number"),
            IdKind::TaxId => lang.pick("Adóazonosító jel", "Tax ID"),
            IdKind::ProviderId => lang.pick(
                "Egészségügyi szolgáltató azonosítója",
                "Health-care provider ID",
            ),
            IdKind::UnitCode => lang.pick("Szervezeti egység kódja", "Organisational unit code"),
            IdKind::LicenceId => lang.pick("Működési engedély azonosítója", "Licence ID"),
            IdKind::LicenceProfessionCode => {
                lang.pick("Szakmakód (működési engedély)", "Profession code (licence)")
            }
            IdKind::FinancingCode => lang.pick("NEAK finanszírozási kód", "NEAK financing code"),
            IdKind::InstitutionCode => lang.pick("NEAK intézménykód", "NEAK institution code"),
            IdKind::TokenSerial => lang.pick("Token gyári száma", "Token serial number"),
        }
    }

    /// A correctly written example (public test value or a documented sample).
    pub fn example(self) -> &'static str {
        match self {
            IdKind::UserId => "O95745",
            IdKind::Taj => "123 456 788",
            IdKind::TaxId => "8365670003",
            IdKind::ProviderId => "032175",
            IdKind::UnitCode => "001055630",
            IdKind::LicenceId => "001055630/A1/1300",
            IdKind::LicenceProfessionCode => "1300",
            IdKind::FinancingCode => "123456789",
            IdKind::InstitutionCode => "0123",
            IdKind::TokenSerial => "12345678",
        }
    }

    /// The number of characters, as text ("9", "6-12").
    pub(crate) fn length_text(self) -> &'static str {
        match self {
            IdKind::UserId => "6-7",
            IdKind::Taj => "9",
            IdKind::TaxId => "10",
            IdKind::ProviderId => "6",
            IdKind::UnitCode | IdKind::FinancingCode => "9",
            IdKind::LicenceId => "17-18",
            IdKind::LicenceProfessionCode | IdKind::InstitutionCode => "4",
            IdKind::TokenSerial => "6-12",
        }
    }

    /// Which characters are allowed, in plain words.
    pub(crate) fn allowed(self, lang: Lang) -> &'static str {
        match self {
            IdKind::UnitCode | IdKind::InstitutionCode => lang.pick(
                "csak számjegyek és nagybetűk",
                "only digits and capital letters",
            ),
            IdKind::Taj | IdKind::TaxId => lang.pick(
                "csak számjegyek (hármas csoportok közt szóköz vagy kötőjel megengedett)",
                "only digits (a space or hyphen between groups is allowed)",
            ),
            IdKind::TokenSerial => lang.pick(
                "csak számjegyek, előttük a GALT jelzés elhagyható",
                "only digits, optionally after the GALT mark",
            ),
            IdKind::LicenceId => lang.pick(
                "számjegyek, nagybetűk és két perjel",
                "digits, capital letters and two slashes",
            ),
            _ => lang.pick("csak számjegyek", "only digits"),
        }
    }
}

impl std::fmt::Display for IdKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
