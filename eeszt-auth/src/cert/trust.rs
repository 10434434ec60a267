//! The CVCA trust store: the card's trust points and its notion of the current date, with the rules
//! of BSI TR-03110 Part 3 (terminal authentication, certificate validation).
//!
//! The store holds one or two trust points (the current CVCA key and, after a CVCA update, the
//! previous one until it expires). Certificates are imported one by one, in chain order:
//!
//! * the signer is found by the certificate's CAR: a trust point, or a DV certificate verified
//!   earlier in this session (a terminal certificate's CAR names its DV);
//! * the signature must verify with the signer's key, with the EC domain parameters of the trust
//!   point when the key carries none;
//! * roles must follow CVCA -> (CVCA link | DV) and DV -> terminal;
//! * the certificate must not be expired: its expiration date must not be before the reference date,
//!   the later of the store's current date and the `today` the caller passes. An expired CVCA
//!   **link** certificate is still accepted, so that a card that was not used for a long time can
//!   catch up through a series of link certificates; it does not move the current date;
//! * after a successful import, the current date becomes the certificate's effective date when that
//!   is later, for CVCA, DV and domestic terminal certificates (a terminal certificate issued by an
//!   official domestic DV); never from a foreign DV's terminal;
//! * a CVCA link certificate (CVCA role, CAR = the **current** trust point, CHR = the new CVCA) makes
//!   its key the new current trust point; the old one is kept as the previous trust point until it
//!   expires (DV certificates it signed stay verifiable; links it signs are refused).
//!
//! A card has no clock: pass [`CvcaTrustStore::current_date`] as `today` to model one; a terminal
//! that knows the date passes it.
//!
//! ```no_run
//! use eeszt_auth::cert::{CvcaTrustStore, CvDate, ImportOutcome};
//!
//! # fn main() -> eeszt_auth::Result<()> {
//! let cvca = std::fs::read("HUCVCA00001.cvcert").unwrap();
//! let today = CvDate::new(2026, 11, 22).unwrap();
//! let mut store = CvcaTrustStore::new(&cvca, today)?;
//! let link = std::fs::read("HUCVCA00002.cvcert").unwrap();
//! match store.import(&link, today)? {
//!     ImportOutcome::TrustPointUpdated { new, .. } => println!("now trusting {new}"),
//!     other => println!("{other:?}"),
//! }
//! # Ok(()) }
//! ```

use crate::cert::CertError;
use crate::cert::cvc::{CvCertificate, CvReference};
use crate::cert::cvc_chat::{Chat, Role};
use crate::cert::cvc_date::CvDate;
use crate::cert::cvc_key::{CvPublicKey, EcDomain};
use crate::cert::cvc_verify::verify_signature;

/// A CVCA public key the store trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustPoint {
    /// The CVCA's holder reference (what CARs name).
    pub chr: CvReference,
    /// The CVCA's public key (with its domain parameters for EC).
    pub key: CvPublicKey,
    /// The EC domain parameters in force for keys under this trust point.
    pub domain: Option<EcDomain>,
    /// The CVCA certificate's effective date.
    pub effective: CvDate,
    /// The CVCA certificate's expiration date.
    pub expiration: CvDate,
}

/// What an accepted certificate did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A CVCA link certificate: the trust point moved from `old` to `new`.
    TrustPointUpdated {
        /// The previous CVCA (its CHR).
        old: CvReference,
        /// The new CVCA (its CHR).
        new: CvReference,
    },
    /// A self-signed CVCA certificate of a key already trusted (nothing changed).
    AlreadyTrusted {
        /// The CVCA (its CHR).
        chr: CvReference,
    },
    /// A DV certificate: its key may now verify terminal certificates in this session.
    DvAccepted {
        /// The DV (its CHR).
        chr: CvReference,
        /// Domestic or foreign.
        role: Role,
    },
    /// A terminal certificate: the terminal's key and rights for terminal authentication.
    TerminalAccepted {
        /// The terminal (its CHR).
        chr: CvReference,
        /// The terminal's effective rights as certified (not yet intersected with its DV's).
        chat: Chat,
    },
}

/// A key verified in this session (a DV's), usable to verify the next certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SessionKey {
    chr: CvReference,
    key: CvPublicKey,
    domain: Option<EcDomain>,
    role: Role,
}

/// The trust store. Cloneable plain data; not shared between threads without a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvcaTrustStore {
    /// The current trust point first, then the previous one (at most two).
    trust_points: Vec<TrustPoint>,
    current_date: CvDate,
    session: Vec<SessionKey>,
    terminal: Option<CvCertificate>,
}

const MAX_SESSION_KEYS: usize = 4;

impl CvcaTrustStore {
    /// A store trusting the CVCA of `cvca_cert` (a self-signed CVCA certificate; its signature is
    /// checked). The current date starts at the later of its effective date and `today`.
    pub fn new(cvca_cert: &[u8], today: CvDate) -> Result<CvcaTrustStore, CertError> {
        let cert = CvCertificate::parse(cvca_cert)?;
        CvcaTrustStore::from_certificate(&cert, today)
    }

    /// As [`CvcaTrustStore::new`], from a parsed certificate.
    pub fn from_certificate(
        cert: &CvCertificate,
        today: CvDate,
    ) -> Result<CvcaTrustStore, CertError> {
        if cert.chat().role() != Role::Cvca || !cert.is_self_signed() {
            return Err(CertError::CvcRoleNotAllowed {
                reason: format!("{} is not a self-signed CVCA certificate", cert.chr()),
            });
        }
        let domain = cert.public_key().domain().cloned();
        verify_signature(cert, cert.public_key(), domain.as_ref())?;
        Ok(CvcaTrustStore {
            trust_points: vec![trust_point(cert, domain)],
            current_date: today.max(cert.effective()),
            session: Vec::new(),
            terminal: None,
        })
    }

    /// A store from trust points already known (for example restored from a card's memory).
    pub fn from_trust_points(
        trust_points: Vec<TrustPoint>,
        current_date: CvDate,
    ) -> Result<CvcaTrustStore, CertError> {
        if trust_points.is_empty() || trust_points.len() > 2 {
            return Err(CertError::CvcBadField {
                field: "trust points",
                reason: "one or two trust points are needed".into(),
            });
        }
        Ok(CvcaTrustStore {
            trust_points,
            current_date,
            session: Vec::new(),
            terminal: None,
        })
    }

    /// The trust points, current first.
    pub fn trust_points(&self) -> &[TrustPoint] {
        &self.trust_points
    }

    /// The current trust point's CHR (what the card reports as its CVCA reference).
    pub fn current_car(&self) -> Option<&CvReference> {
        self.trust_points.first().map(|tp| &tp.chr)
    }

    /// The card's notion of the current date.
    pub fn current_date(&self) -> CvDate {
        self.current_date
    }

    /// The terminal certificate accepted in this session, if any.
    pub fn terminal(&self) -> Option<&CvCertificate> {
        self.terminal.as_ref()
    }

    /// Whether `car` names a key that can verify the next certificate (a trust point or a DV
    /// verified in this session): what MSE:Set DST checks.
    pub fn knows(&self, car: &CvReference) -> bool {
        self.trust_points.iter().any(|tp| &tp.chr == car)
            || self.session.iter().any(|k| &k.chr == car)
    }

    /// Forgets the DV keys and terminal of this session (trust points and date stay).
    pub fn reset_session(&mut self) {
        self.session.clear();
        self.terminal = None;
    }

    /// Imports one certificate (7F21 encoding); see the module documentation for the rules.
    pub fn import(&mut self, cert_bytes: &[u8], today: CvDate) -> Result<ImportOutcome, CertError> {
        let cert = CvCertificate::parse(cert_bytes)?;
        self.import_certificate(&cert, today)
    }

    /// As [`CvcaTrustStore::import`], for a parsed certificate.
    pub fn import_certificate(
        &mut self,
        cert: &CvCertificate,
        today: CvDate,
    ) -> Result<ImportOutcome, CertError> {
        let reference = self.current_date.max(today);
        let role = cert.chat().role();
        // The signer: a trust point, or a DV of this session.
        let (signer_key, signer_domain, signer_role) =
            if let Some(tp) = self.trust_points.iter().find(|tp| &tp.chr == cert.car()) {
                (tp.key.clone(), tp.domain.clone(), Role::Cvca)
            } else if let Some(k) = self.session.iter().rev().find(|k| &k.chr == cert.car()) {
                (k.key.clone(), k.domain.clone(), k.role)
            } else {
                return Err(CertError::CvcUnknownTrustPoint {
                    car: cert.car().to_string(),
                });
            };
        let allowed = match signer_role {
            Role::Cvca => role == Role::Cvca || role.is_dv(),
            Role::DvDomestic | Role::DvForeign => role == Role::Terminal,
            Role::Terminal => false,
        };
        if !allowed {
            return Err(CertError::CvcRoleNotAllowed {
                reason: format!(
                    "a {} certificate cannot be issued by a {} key",
                    role.as_str(),
                    signer_role.as_str()
                ),
            });
        }
        let is_link = role == Role::Cvca;
        // A link certificate must come from the current trust point, not the previous one.
        let known = self.trust_points.iter().any(|tp| &tp.chr == cert.chr());
        if is_link && !known && self.current_car() != Some(cert.car()) {
            return Err(CertError::CvcIssuerMismatch {
                car: cert.car().to_string(),
                expected: self
                    .current_car()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            });
        }
        verify_signature(cert, &signer_key, signer_domain.as_ref())?;
        let expired = cert.expiration() < reference;
        if expired && !is_link {
            return Err(CertError::CvcExpired {
                chr: cert.chr().to_string(),
                expiration: cert.expiration().to_string(),
                current: reference.to_string(),
            });
        }
        // The key's domain parameters: its own, or inherited from the signer's.
        let domain = cert.public_key().domain().cloned().or(signer_domain);
        let updates_date = !expired
            && match role {
                Role::Cvca | Role::DvDomestic | Role::DvForeign => true,
                Role::Terminal => signer_role == Role::DvDomestic,
            };
        if updates_date && cert.effective() > self.current_date {
            self.current_date = cert.effective();
        }
        let outcome = match role {
            Role::Cvca => {
                if self.trust_points.iter().any(|tp| &tp.chr == cert.chr()) {
                    ImportOutcome::AlreadyTrusted {
                        chr: cert.chr().clone(),
                    }
                } else {
                    let old = cert.car().clone();
                    let mut points = vec![trust_point(cert, domain)];
                    // Keep the signer (the previous trust point) while it has not expired.
                    if let Some(prev) = self.trust_points.iter().find(|tp| tp.chr == old) {
                        if prev.expiration >= self.current_date {
                            points.push(prev.clone());
                        }
                    }
                    self.trust_points = points;
                    self.session.clear();
                    ImportOutcome::TrustPointUpdated {
                        old,
                        new: cert.chr().clone(),
                    }
                }
            }
            Role::DvDomestic | Role::DvForeign => {
                self.session.retain(|k| &k.chr != cert.chr());
                if self.session.len() >= MAX_SESSION_KEYS {
                    self.session.remove(0);
                }
                self.session.push(SessionKey {
                    chr: cert.chr().clone(),
                    key: cert.public_key().clone(),
                    domain,
                    role,
                });
                ImportOutcome::DvAccepted {
                    chr: cert.chr().clone(),
                    role,
                }
            }
            Role::Terminal => {
                self.terminal = Some(cert.clone());
                ImportOutcome::TerminalAccepted {
                    chr: cert.chr().clone(),
                    chat: cert.chat().clone(),
                }
            }
        };
        // Drop a previous trust point that has expired by now.
        let date = self.current_date;
        let mut first = true;
        self.trust_points
            .retain(|tp| std::mem::replace(&mut first, false) || tp.expiration >= date);
        Ok(outcome)
    }
}

fn trust_point(cert: &CvCertificate, domain: Option<EcDomain>) -> TrustPoint {
    TrustPoint {
        chr: cert.chr().clone(),
        key: cert.public_key().clone(),
        domain,
        effective: cert.effective(),
        expiration: cert.expiration(),
    }
}

/// Verifies a whole chain given in order, starting with a self-signed CVCA certificate, with the
/// trust-store rules and `today` as the current date. Returns what each certificate after the first
/// did.
pub fn verify_chain(
    chain: &[CvCertificate],
    today: CvDate,
) -> Result<Vec<ImportOutcome>, CertError> {
    let (root, rest) = chain.split_first().ok_or(CertError::CvcEmptyChain)?;
    let mut store = CvcaTrustStore::from_certificate(root, today)?;
    rest.iter()
        .map(|cert| store.import_certificate(cert, today))
        .collect()
}
