//! Ordering the certificates of a file into a chain, leaf to root, and checking each link.

use super::key::{KeyMatch, PrivateKey};
use super::verify::{SignatureCheck, check_signature};
use super::x509::Certificate;

/// One checked link: `child` signed by `issuer` (indexes into the certificate list; equal for a
/// self-signed root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The signed certificate.
    pub child: usize,
    /// Its issuer.
    pub issuer: usize,
    /// The outcome of the signature check.
    pub check: SignatureCheck,
}

/// The certificates ordered leaf to root, with every link checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// Indexes into the certificate list, leaf first.
    pub order: Vec<usize>,
    /// The links checked, leaf first; the last one is the root's own signature when the chain
    /// ends in a self-issued certificate.
    pub links: Vec<Link>,
    /// Certificates of the file that are not part of the chain.
    pub unrelated: Vec<usize>,
    /// True when the chain ends in a self-issued (root) certificate.
    pub ends_in_root: bool,
}

impl Chain {
    /// True when no link failed its signature check (unsupported links do not count as failed).
    pub fn no_invalid_link(&self) -> bool {
        self.links
            .iter()
            .all(|l| l.check != SignatureCheck::Invalid)
    }
}

/// Picks the leaf: the certificate a private key belongs to, or else the first one that issued no
/// other certificate of the list.
pub fn find_leaf(certs: &[Certificate], keys: &[PrivateKey]) -> Option<usize> {
    let by_key = certs.iter().position(|c| {
        keys.iter()
            .any(|k| k.matches(c.public_key()) == KeyMatch::Matches)
    });
    by_key.or_else(|| {
        certs
            .iter()
            .enumerate()
            .position(|(i, c)| {
                !certs
                    .iter()
                    .enumerate()
                    .any(|(j, other)| i != j && issued_by(other, c))
            })
            .or(if certs.is_empty() { None } else { Some(0) })
    })
}

/// True when `issuer`'s subject is `child`'s issuer and the key identifiers, where both are
/// present, agree.
pub fn issued_by(child: &Certificate, issuer: &Certificate) -> bool {
    if child.issuer() != issuer.subject() {
        return false;
    }
    match (child.authority_key_id(), issuer.subject_key_id()) {
        (Some(aki), Some(ski)) => aki == ski,
        _ => true,
    }
}

/// Orders `certs` from `leaf` up to the root as far as the list allows, and checks each link.
pub fn build_chain(certs: &[Certificate], leaf: usize) -> Chain {
    let mut order = Vec::new();
    let mut links = Vec::new();
    let mut ends_in_root = false;
    let mut current = leaf;
    if certs.get(leaf).is_some() {
        order.push(leaf);
    }
    while let Some(cert) = certs.get(current) {
        if cert.is_self_issued() {
            ends_in_root = true;
            links.push(Link {
                child: current,
                issuer: current,
                check: check_signature(cert, cert.public_key()),
            });
            break;
        }
        let next = certs
            .iter()
            .enumerate()
            .find(|(j, c)| !order.contains(j) && issued_by(cert, c))
            .map(|(j, _)| j);
        let Some((next, issuer)) = next.and_then(|j| certs.get(j).map(|c| (j, c))) else {
            break;
        };
        links.push(Link {
            child: current,
            issuer: next,
            check: check_signature(cert, issuer.public_key()),
        });
        order.push(next);
        current = next;
    }
    let unrelated = (0..certs.len()).filter(|i| !order.contains(i)).collect();
    Chain {
        order,
        links,
        unrelated,
        ends_in_root,
    }
}
