//! Card authentication for a relying party: read the card's X.509 authentication certificate and
//! have the card sign a caller-given challenge with its authentication key, both under secure
//! messaging after PACE with the PIN; and verify such a signature against the certificate.
//!
//! The signature is ECDSA P-256 with SHA-256 over the challenge bytes, returned as `r || s`
//! (64 bytes), by INTERNAL AUTHENTICATE `00 88 00 81` (key reference from [`super::params`];
//! inferred card model, implemented by the simulated eSzemélyi).

use super::{params, session::read_file};
use crate::card::{Command, EidError, Transport, exchange, tlv};
use crate::error::Result;
use p256::ecdsa::{Signature, VerifyingKey, signature::Verifier};

/// Selects the eID application (SELECT by AID).
pub fn select_application<T: Transport + ?Sized>(session: &mut T) -> Result<()> {
    let select = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(params::AID_EID.to_vec());
    let answer = exchange(session, &select)?;
    if answer.sw().is_success() {
        Ok(())
    } else {
        Err(EidError::CardRefused { sw: answer.sw().0 }.into())
    }
}

/// Reads the authentication certificate (DER) through a PIN session.
pub fn read_certificate<T: Transport + ?Sized>(session: &mut T) -> Result<Vec<u8>> {
    select_application(session)?;
    read_file(session, params::FID_AUTH_CERT)
}

/// Reads the personal-data file through a PIN session.
pub fn read_personal_data<T: Transport + ?Sized>(session: &mut T) -> Result<Vec<u8>> {
    select_application(session)?;
    read_file(session, params::FID_PERSONAL_DATA)
}

/// Has the card sign `challenge` (1 to 512 bytes) with its authentication key; returns `r || s`.
pub fn sign_challenge<T: Transport + ?Sized>(session: &mut T, challenge: &[u8]) -> Result<Vec<u8>> {
    if challenge.is_empty() || challenge.len() > 512 {
        return Err(crate::ApiError::InvalidArgument { what: "challenge" }.into());
    }
    let command = Command::new(0x00, 0x88, 0x00, params::KEY_REF_AUTH)
        .with_data(challenge.to_vec())
        .with_le(256);
    let answer = exchange(session, &command)?;
    if !answer.sw().is_success() {
        return Err(EidError::CardRefused { sw: answer.sw().0 }.into());
    }
    Ok(answer.into_data())
}

/// The card's certificate and its signature over a challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardAuthentication {
    /// The X.509 authentication certificate (DER).
    pub certificate: Vec<u8>,
    /// ECDSA P-256/SHA-256 signature `r || s` over the challenge.
    pub signature: Vec<u8>,
}

/// Reads the certificate and signs `challenge` in one go (through a PIN session).
pub fn authenticate<T: Transport + ?Sized>(
    session: &mut T,
    challenge: &[u8],
) -> Result<CardAuthentication> {
    let certificate = read_certificate(session)?;
    let signature = sign_challenge(session, challenge)?;
    Ok(CardAuthentication {
        certificate,
        signature,
    })
}

/// `id-ecPublicKey` and `prime256v1`, DER content bytes.
const OID_EC_PUBLIC_KEY: [u8; 7] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
const OID_P256: [u8; 8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

/// The P-256 public key (SEC1 bytes) of an X.509 certificate.
pub fn certificate_public_key(certificate: &[u8]) -> Result<Vec<u8>> {
    let fail = || crate::Error::from(EidError::AuthFailed);
    let (cert, _) = tlv::parse_one(certificate).map_err(|_| fail())?;
    let tbs = cert.children().map_err(|_| fail())?;
    let fields = tbs
        .first()
        .ok_or_else(fail)?
        .children()
        .map_err(|_| fail())?;
    let skip = usize::from(fields.first().is_some_and(|f| f.tag == 0xA0));
    let spki = fields.get(skip + 5).ok_or_else(fail)?;
    let parts = spki.children().map_err(|_| fail())?;
    let (algorithm, key) = match parts.as_slice() {
        [a, k] if a.tag == 0x30 && k.tag == 0x03 => (a, k),
        _ => return Err(fail()),
    };
    let ids = algorithm.children().map_err(|_| fail())?;
    match ids.as_slice() {
        [alg, curve] if alg.value == OID_EC_PUBLIC_KEY && curve.value == OID_P256 => {}
        _ => return Err(fail()),
    }
    match key.value {
        [0x00, point @ ..] => Ok(point.to_vec()),
        _ => Err(fail()),
    }
}

/// Verifies a card's signature over `challenge` with the certificate's public key.
/// Checks the signature only, not the certificate's chain or validity.
pub fn verify_signature(certificate: &[u8], challenge: &[u8], signature: &[u8]) -> Result<()> {
    let point = certificate_public_key(certificate)?;
    let key = VerifyingKey::from_sec1_bytes(&point).map_err(|_| EidError::AuthFailed)?;
    let signature = Signature::from_slice(signature).map_err(|_| EidError::AuthFailed)?;
    key.verify(challenge, &signature)
        .map_err(|_| EidError::AuthFailed.into())
}
