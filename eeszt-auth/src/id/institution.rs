//! The portal's choice of institution: a provider at a site, optionally an organisational unit, or
//! explicitly no institution ("Intézmény nélkül").
//!
//! After authentication the sector portal lists the institutions the user may act for, each with its
//! site (telephely), and an "Intézmény nélkül" entry. [`InstitutionList`] holds such a list,
//! [`InstitutionList::choices`] gives what to show (the institutions in order, then
//! [`InstitutionChoice::NoInstitution`]), and [`InstitutionList::choose`] turns the user's pick into a
//! choice.
//!
//! With the `serde` feature a list loads from JSON ([`InstitutionList::from_json`]), either an array
//! of entries or an object with an `institutions` array:
//!
//! ```json
//! {"institutions": [
//!   {"provider": "032175", "site": "Központi telephely", "unit": "001055630",
//!    "name": "Petz Aladár Egyetemi Oktató Kórház"}
//! ]}
//! ```
//!
//! `unit` may be omitted or `null`; every code is validated as it is read, and an invalid one gives its
//! own error (in both languages) rather than a JSON error.

use std::fmt;

use crate::error::Lang;

use super::codes::{ProviderId, UnitCode};
use super::error::IdError;

/// One institution the user may act for: a provider at a site, optionally a unit, with a display name.
///
/// Ordered by provider, site, unit and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "InstitutionRecord"))]
pub struct Institution {
    provider: ProviderId,
    site: String,
    unit: Option<UnitCode>,
    name: String,
}

impl Institution {
    /// An institution entry. `site` and `name` are trimmed and must not be empty
    /// ([`IdError::InstitutionFieldEmpty`]).
    pub fn new(
        provider: ProviderId,
        site: &str,
        unit: Option<UnitCode>,
        name: &str,
    ) -> Result<Institution, IdError> {
        let site = site.trim();
        let name = name.trim();
        if name.is_empty() {
            return Err(IdError::InstitutionFieldEmpty { field: "name" });
        }
        if site.is_empty() {
            return Err(IdError::InstitutionFieldEmpty { field: "site" });
        }
        Ok(Institution {
            provider,
            site: site.to_owned(),
            unit,
            name: name.to_owned(),
        })
    }

    /// The health-care provider's ID.
    pub fn provider(&self) -> &ProviderId {
        &self.provider
    }

    /// The site (telephely) as the portal names it.
    pub fn site(&self) -> &str {
        &self.site
    }

    /// The organisational unit, if the choice is narrowed to one.
    pub fn unit(&self) -> Option<&UnitCode> {
        self.unit.as_ref()
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Provider, site and unit: what makes an entry distinct.
    fn key(&self) -> String {
        match &self.unit {
            Some(unit) => format!("{} / {} / {unit}", self.provider, self.site),
            None => format!("{} / {}", self.provider, self.site),
        }
    }
}

impl fmt::Display for Institution {
    /// `name, site (provider[/unit])`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {} ({}", self.name, self.site, self.provider)?;
        if let Some(unit) = &self.unit {
            write!(f, "/{unit}")?;
        }
        f.write_str(")")
    }
}

/// The raw JSON form of an [`Institution`], validated by [`Institution::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct InstitutionRecord {
    provider: ProviderId,
    site: String,
    #[serde(default)]
    unit: Option<UnitCode>,
    name: String,
}

#[cfg(feature = "serde")]
impl TryFrom<InstitutionRecord> for Institution {
    type Error = IdError;
    fn try_from(r: InstitutionRecord) -> Result<Institution, IdError> {
        Institution::new(r.provider, &r.site, r.unit, &r.name)
    }
}

/// What the user chose on the portal's institution page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstitutionChoice {
    /// Act for this institution.
    Institution(Institution),
    /// "Intézmény nélkül": log in without acting for any institution.
    NoInstitution,
}

impl InstitutionChoice {
    /// The chosen institution, or `None` for "Intézmény nélkül".
    pub fn institution(&self) -> Option<&Institution> {
        match self {
            InstitutionChoice::Institution(i) => Some(i),
            InstitutionChoice::NoInstitution => None,
        }
    }

    /// The text to show in a list: the institution (see its `Display`) or "Intézmény nélkül" /
    /// "No institution".
    pub fn label(&self, lang: Lang) -> String {
        match self {
            InstitutionChoice::Institution(i) => i.to_string(),
            InstitutionChoice::NoInstitution => {
                lang.pick("Intézmény nélkül", "No institution").to_owned()
            }
        }
    }
}

impl fmt::Display for InstitutionChoice {
    /// The Hungarian [`InstitutionChoice::label`], as the portal shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label(Lang::Hu))
    }
}

/// The institutions a user may choose from, without duplicates, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InstitutionList {
    institutions: Vec<Institution>,
}

impl InstitutionList {
    /// A list; [`IdError::InstitutionDuplicate`] when two entries have the same provider, site and unit.
    pub fn new(institutions: Vec<Institution>) -> Result<InstitutionList, IdError> {
        let mut seen = std::collections::HashSet::new();
        for i in &institutions {
            if !seen.insert((&i.provider, &i.site, &i.unit)) {
                return Err(IdError::InstitutionDuplicate { entry: i.key() });
            }
        }
        Ok(InstitutionList { institutions })
    }

    /// The institutions, in order.
    pub fn institutions(&self) -> &[Institution] {
        &self.institutions
    }

    /// What to offer: every institution in order, then [`InstitutionChoice::NoInstitution`] (always
    /// present, also for an empty list).
    pub fn choices(&self) -> Vec<InstitutionChoice> {
        self.institutions
            .iter()
            .cloned()
            .map(InstitutionChoice::Institution)
            .chain(std::iter::once(InstitutionChoice::NoInstitution))
            .collect()
    }

    /// The choice at `index` in [`InstitutionList::choices`]; [`IdError::InstitutionNotFound`] past
    /// the end.
    pub fn choose(&self, index: usize) -> Result<InstitutionChoice, IdError> {
        let count = self.institutions.len() + 1;
        match self.institutions.get(index) {
            Some(i) => Ok(InstitutionChoice::Institution(i.clone())),
            None if index == self.institutions.len() => Ok(InstitutionChoice::NoInstitution),
            None => Err(IdError::InstitutionNotFound { index, count }),
        }
    }

    /// Loads a list from JSON (see the module documentation for the format).
    ///
    /// A document that is not JSON or not of that shape gives [`IdError::InstitutionJson`]; an entry
    /// with an invalid code gives that code's own error (for example [`IdError::WrongLength`] for a
    /// 5-digit provider ID), an empty name or site [`IdError::InstitutionFieldEmpty`], a repeated entry
    /// [`IdError::InstitutionDuplicate`].
    #[cfg(feature = "serde")]
    pub fn from_json(text: &str) -> Result<InstitutionList, IdError> {
        /// An entry as written, before validation.
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            provider: String,
            site: String,
            #[serde(default)]
            unit: Option<String>,
            name: String,
        }
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Object {
            institutions: Vec<Raw>,
        }
        let json = |e: serde_json::Error| IdError::InstitutionJson {
            detail: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(json)?;
        let raw = if value.is_array() {
            serde_json::from_value::<Vec<Raw>>(value).map_err(json)?
        } else {
            serde_json::from_value::<Object>(value)
                .map_err(json)?
                .institutions
        };
        let institutions = raw
            .into_iter()
            .map(|r| {
                let unit = r.unit.as_deref().map(UnitCode::parse).transpose()?;
                Institution::new(ProviderId::parse(&r.provider)?, &r.site, unit, &r.name)
            })
            .collect::<Result<Vec<_>, IdError>>()?;
        InstitutionList::new(institutions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn petz(unit: Option<&str>) -> Institution {
        Institution::new(
            ProviderId::parse("032175").unwrap(),
            "Győr, Vasvári Pál u. 2-4.",
            unit.map(|u| UnitCode::parse(u).unwrap()),
            "PETZ ALADÁR MEGYEI OKTATÓ KÓRHÁZ",
        )
        .unwrap()
    }

    #[test]
    fn choices_end_with_no_institution() {
        let list = InstitutionList::new(vec![petz(None), petz(Some("001055630"))]).unwrap();
        let choices = list.choices();
        assert_eq!(choices.len(), 3);
        assert_eq!(choices[2], InstitutionChoice::NoInstitution);
        assert_eq!(choices[2].label(Lang::Hu), "Intézmény nélkül");
        assert_eq!(choices[2].label(Lang::En), "No institution");
        assert_eq!(list.choose(2), Ok(InstitutionChoice::NoInstitution));
        assert_eq!(
            list.choose(1).unwrap().institution().and_then(|i| i.unit()),
            Some(&UnitCode::parse("001055630").unwrap())
        );
        assert_eq!(
            list.choose(3),
            Err(IdError::InstitutionNotFound { index: 3, count: 3 })
        );
        assert_eq!(
            InstitutionList::default().choices(),
            vec![InstitutionChoice::NoInstitution]
        );
        assert_eq!(
            choices[1].to_string(),
            "PETZ ALADÁR MEGYEI OKTATÓ KÓRHÁZ, Győr, Vasvári Pál u. 2-4. (032175/001055630)"
        );
    }

    #[test]
    fn invalid_entries() {
        assert_eq!(
            InstitutionList::new(vec![petz(None), petz(None)]).map(|_| ()),
            Err(IdError::InstitutionDuplicate {
                entry: "032175 / Győr, Vasvári Pál u. 2-4.".into()
            })
        );
        let p = ProviderId::parse("032175").unwrap();
        assert_eq!(
            Institution::new(p.clone(), "site", None, "  "),
            Err(IdError::InstitutionFieldEmpty { field: "name" })
        );
        assert_eq!(
            Institution::new(p, "", None, "Kórház"),
            Err(IdError::InstitutionFieldEmpty { field: "site" })
        );
    }
}
