//! The trust the simulated eSzemélyi comes with: its own trust anchor and the binding of its card to
//! its owner, user `O95745` (feature `sim`).
//!
//! The simulated card's authentication certificate
//! ([`DEFAULT_AUTH_CERT`](crate::card::eid::sim::state::DEFAULT_AUTH_CERT), self-signed, "CN=TESZT ELEK")
//! is trusted only through these values, which a caller names on purpose; no other card and no other
//! user name is accepted with them. Its default secrets: PIN `123456` (transport PIN `12345` on a
//! new card), CAN `654321`, PUK `1234567890`.

use super::binding::{CardTrust, FingerprintBindings};
use crate::card::eid::sim::state::DEFAULT_AUTH_CERT;
use crate::cert::{Certificate, TrustAnchors};
use crate::id::EesztUserId;

/// The user name the simulated eSzemélyi belongs to.
pub const SIM_USER: &str = "O95745";

/// The simulator's trust anchor and binding.
///
/// ```
/// use eeszt_auth::login::SimulatorTrust;
/// let sim = SimulatorTrust::new();
/// let trust = sim.trust(1_800_000_000);
/// assert_eq!(trust.anchors.anchors().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct SimulatorTrust {
    anchors: TrustAnchors,
    bindings: FingerprintBindings,
}

impl SimulatorTrust {
    /// The simulated card's certificate as the only anchor, bound to [`SIM_USER`] only.
    pub fn new() -> SimulatorTrust {
        let certificate = Certificate::from_der(DEFAULT_AUTH_CERT)
            .expect("the simulator's embedded certificate parses (checked by a unit test)");
        let mut bindings = FingerprintBindings::new();
        let user = EesztUserId::parse(SIM_USER).expect("SIM_USER is a valid user name");
        bindings.bind(&user, certificate.sha256());
        let mut anchors = TrustAnchors::new();
        anchors.add_anchor(certificate);
        SimulatorTrust { anchors, bindings }
    }

    /// The anchors (the simulated card's certificate).
    pub fn anchors(&self) -> &TrustAnchors {
        &self.anchors
    }

    /// The bindings ([`SIM_USER`] to the simulated card's certificate).
    pub fn bindings(&self) -> &FingerprintBindings {
        &self.bindings
    }

    /// Adds the simulator's anchor and binding to a caller's own (for tests that also trust other
    /// cards).
    pub fn add_to(&self, anchors: &mut TrustAnchors, bindings: &mut FingerprintBindings) {
        for anchor in self.anchors.anchors() {
            anchors.add_anchor(anchor.clone());
        }
        bindings.extend(&self.bindings);
    }

    /// The [`CardTrust`] for a login at `unix_time`.
    pub fn trust(&self, unix_time: u64) -> CardTrust<'_> {
        CardTrust {
            anchors: &self.anchors,
            binding: &self.bindings,
            unix_time,
        }
    }
}

impl Default for SimulatorTrust {
    fn default() -> Self {
        SimulatorTrust::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_certificate_parses_and_binds_only_its_owner() {
        let sim = SimulatorTrust::new();
        let owner = EesztUserId::parse(SIM_USER).unwrap();
        let other = EesztUserId::parse("S123456").unwrap();
        assert_eq!(sim.bindings().fingerprints(&owner).len(), 1);
        assert!(sim.bindings().fingerprints(&other).is_empty());
    }
}
