//! Client-certificate readiness for mutual TLS (the EESZT "WAF-SSL" client certificate): is the key
//! there and matching, does the certificate allow TLS client authentication, how long until it
//! expires, and does the chain hold together.

use super::chain::{Chain, build_chain, find_leaf};
use super::key::KeyMatch;
use super::load::Bundle;
use super::verify::SignatureCheck;
use crate::error::Lang;

/// The default warning threshold: warn when fewer days than this remain.
pub const DEFAULT_WARN_DAYS: u32 = 30;

/// The private key's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStatus {
    /// The file holds no private key.
    Missing,
    /// A key is present and belongs to the certificate.
    Matches,
    /// The key(s) in the file belong to another certificate.
    DiffersFromCertificate,
    /// The key's type cannot be checked here (its label).
    Unsupported(String),
}

/// Whether an extension allows a use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// The extension lists the use.
    Allowed,
    /// The extension is absent, so the use is not restricted.
    Unrestricted,
    /// The extension is present and does not list the use.
    NotAllowed,
}

impl Usage {
    /// True unless [`Usage::NotAllowed`].
    pub fn ok(self) -> bool {
        self != Usage::NotAllowed
    }
}

/// The validity state at the time checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Valid, more than the threshold left.
    Valid,
    /// Valid, but fewer days than the threshold left: renew it.
    ExpiresSoon,
    /// Expired.
    Expired,
    /// Not valid yet.
    NotYetValid,
}

/// The readiness report of a client certificate file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// Index of the leaf (client) certificate in the bundle.
    pub leaf: usize,
    /// The private key.
    pub key: KeyStatus,
    /// clientAuth in the extended key usage.
    pub client_auth: Usage,
    /// digitalSignature in the key usage.
    pub digital_signature: Usage,
    /// Whole days until the end of validity (negative once expired).
    pub days_left: i64,
    /// The validity state.
    pub expiry: Expiry,
    /// The warning threshold used, in days.
    pub warn_days: u32,
    /// The chain, leaf to root, each link checked.
    pub chain: Chain,
}

impl Readiness {
    /// Checks the bundle at `now` (Unix seconds), warning when fewer than `warn_days` days remain.
    ///
    /// Returns `None` only for a bundle without certificates (which [`Bundle::load`] never makes).
    pub fn check(bundle: &Bundle, now: u64, warn_days: u32) -> Option<Readiness> {
        let certs = &bundle.certificates;
        let leaf = find_leaf(certs, &bundle.keys)?;
        let cert = certs.get(leaf)?;
        let key = if bundle.keys.is_empty() {
            KeyStatus::Missing
        } else {
            let results: Vec<KeyMatch> = bundle
                .keys
                .iter()
                .map(|k| k.matches(cert.public_key()))
                .collect();
            if results.contains(&KeyMatch::Matches) {
                KeyStatus::Matches
            } else if let Some(k) = bundle
                .keys
                .iter()
                .zip(&results)
                .find(|(_, r)| **r == KeyMatch::Unsupported)
            {
                KeyStatus::Unsupported(k.0.label())
            } else {
                KeyStatus::DiffersFromCertificate
            }
        };
        let client_auth = match cert.extended_key_usage() {
            None => Usage::Unrestricted,
            Some(oids)
                if oids.iter().any(|o| {
                    o == super::extensions::EKU_CLIENT_AUTH || o == super::extensions::EKU_ANY
                }) =>
            {
                Usage::Allowed
            }
            Some(_) => Usage::NotAllowed,
        };
        let digital_signature = match cert.key_usage() {
            None => Usage::Unrestricted,
            Some(ku) if ku.digital_signature() => Usage::Allowed,
            Some(_) => Usage::NotAllowed,
        };
        let days_left = cert.days_until_expiry(now);
        let now_i = i64::try_from(now).unwrap_or(i64::MAX);
        let expiry = if now_i < cert.not_before {
            Expiry::NotYetValid
        } else if now_i > cert.not_after {
            Expiry::Expired
        } else if days_left < i64::from(warn_days) {
            Expiry::ExpiresSoon
        } else {
            Expiry::Valid
        };
        Some(Readiness {
            leaf,
            key,
            client_auth,
            digital_signature,
            days_left,
            expiry,
            warn_days,
            chain: build_chain(certs, leaf),
        })
    }

    /// True when the certificate can be used for mutual TLS now: key present and matching,
    /// clientAuth and digitalSignature allowed, inside its validity, and no chain signature
    /// invalid. An "expires soon" warning or an unsupported signature algorithm does not make it
    /// unready.
    pub fn is_ready(&self) -> bool {
        self.key == KeyStatus::Matches
            && self.client_auth.ok()
            && self.digital_signature.ok()
            && matches!(self.expiry, Expiry::Valid | Expiry::ExpiresSoon)
            && self.chain.no_invalid_link()
    }

    /// The findings as lines of plain text in `lang`, problems marked with `HIBA`/`ERROR`,
    /// warnings with `FIGYELEM`/`WARNING`.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let t = |hu: &str, en: &str| lang.pick(hu, en).to_owned();
        let err = t("HIBA", "ERROR");
        let warn = t("FIGYELEM", "WARNING");
        let mut out = Vec::new();
        out.push(match &self.key {
            KeyStatus::Matches => t(
                "titkos kulcs: megvan, a tanúsítványhoz tartozik",
                "private key: present and matching the certificate",
            ),
            KeyStatus::Missing => format!(
                "{err}: {}",
                t(
                    "a fájlban nincs titkos kulcs (a PKCS#12 fájlt a kulccsal együtt kell exportálni)",
                    "the file holds no private key (export the PKCS#12 file with its key)"
                )
            ),
            KeyStatus::DiffersFromCertificate => format!(
                "{err}: {}",
                t(
                    "a titkos kulcs másik tanúsítványhoz tartozik",
                    "the private key belongs to another certificate"
                )
            ),
            KeyStatus::Unsupported(label) => format!(
                "{err}: {} ({label})",
                t(
                    "a titkos kulcs típusa nem ellenőrizhető",
                    "the private key's type cannot be checked"
                )
            ),
        });
        out.push(match self.client_auth {
            Usage::Allowed => t(
                "kiterjesztett kulcshasználat: kliens-hitelesítés (clientAuth) engedélyezett",
                "extended key usage: client authentication (clientAuth) allowed",
            ),
            Usage::Unrestricted => t(
                "kiterjesztett kulcshasználat: nincs korlátozva",
                "extended key usage: not restricted",
            ),
            Usage::NotAllowed => format!(
                "{err}: {}",
                t(
                    "a tanúsítvány nem használható kliens-hitelesítésre (hiányzik a clientAuth)",
                    "the certificate may not be used for client authentication (clientAuth missing)"
                )
            ),
        });
        out.push(match self.digital_signature {
            Usage::Allowed => t(
                "kulcshasználat: digitális aláírás engedélyezett",
                "key usage: digitalSignature allowed",
            ),
            Usage::Unrestricted => t(
                "kulcshasználat: nincs korlátozva",
                "key usage: not restricted",
            ),
            Usage::NotAllowed => format!(
                "{err}: {}",
                t(
                    "a kulcshasználat nem engedi a digitális aláírást",
                    "key usage does not allow digitalSignature"
                )
            ),
        });
        let days = self.days_left;
        out.push(match self.expiry {
            Expiry::Valid => match lang {
                Lang::Hu => format!("érvényesség: még {days} napig érvényes"),
                Lang::En => format!("validity: valid for {days} more days"),
            },
            Expiry::ExpiresSoon => match lang {
                Lang::Hu => format!(
                    "{warn}: {days} nap múlva lejár (a figyelmeztetési küszöb {} nap); töltse le az új EESZT SSL kliens tanúsítványt",
                    self.warn_days
                ),
                Lang::En => format!(
                    "{warn}: expires in {days} days (warning threshold {} days); download the new EESZT SSL client certificate",
                    self.warn_days
                ),
            },
            Expiry::Expired => match lang {
                Lang::Hu => format!("{err}: a tanúsítvány {} napja lejárt", -days),
                Lang::En => format!("{err}: the certificate expired {} days ago", -days),
            },
            Expiry::NotYetValid => format!(
                "{err}: {}",
                t("a tanúsítvány még nem érvényes", "the certificate is not valid yet")
            ),
        });
        for link in &self.chain.links {
            let which = if link.child == link.issuer {
                match lang {
                    Lang::Hu => {
                        format!("lánc: a(z) {}. tanúsítvány saját aláírása", link.child + 1)
                    }
                    Lang::En => format!("chain: certificate {}'s own signature", link.child + 1),
                }
            } else {
                match lang {
                    Lang::Hu => format!(
                        "lánc: a(z) {}. tanúsítványt a(z) {}. írta alá",
                        link.child + 1,
                        link.issuer + 1
                    ),
                    Lang::En => format!(
                        "chain: certificate {} signed by certificate {}",
                        link.child + 1,
                        link.issuer + 1
                    ),
                }
            };
            out.push(match &link.check {
                SignatureCheck::Valid => {
                    format!("{which}: {}", t("az aláírás érvényes", "signature valid"))
                }
                SignatureCheck::Invalid => format!(
                    "{err}: {which}: {}",
                    t("az aláírás érvénytelen", "signature INVALID")
                ),
                SignatureCheck::Unsupported(what) => format!(
                    "{which}: {} ({what})",
                    t(
                        "az aláírás nem ellenőrizhető",
                        "signature not checked: not supported"
                    )
                ),
            });
        }
        if !self.chain.ends_in_root {
            out.push(t(
                "lánc: a fájl nem tartalmazza a gyökértanúsítványt (a szerver oldali bizalmi lista dönt)",
                "chain: the file does not include the root certificate (the server's trust list decides)",
            ));
        }
        if !self.chain.unrelated.is_empty() {
            out.push(format!(
                "{warn}: {} {}",
                self.chain.unrelated.len(),
                t(
                    "tanúsítvány nem tartozik a lánchoz",
                    "certificate(s) not part of the chain"
                )
            ));
        }
        out
    }
}
