//! ECDSA verification on the named curves CV certificates and X.509 certificates use:
//! brainpoolP256r1/P384r1/P512r1 and NIST P-256/P-384, one generic path for every curve.
//!
//! CV certificates carry plain `r || s` signatures (TR-03110 Part 3, D.3; BSI TR-03111 5.2.1);
//! X.509 certificates carry DER `SEQUENCE { r, s }` (RFC 5480). The message hash is truncated or
//! used as is per ECDSA's bits2int; the public point is checked to lie on the curve.

use ecdsa::signature::hazmat::PrehashVerifier;
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};

use crate::bp512::BrainpoolP512r1;
use crate::cert::cvc_curve::Curve;

/// How the signature is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SigEncoding {
    /// `r || s`, each exactly the curve's field length (CV certificates).
    Plain,
    /// DER `SEQUENCE { INTEGER r, INTEGER s }` (X.509).
    Der,
}

/// The public point is not a point on the curve (or not an uncompressed/compressed SEC1 point).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadPoint;

/// `Ok(true)` when `signature` over the message hash `hash` verifies under the SEC1 public
/// `point` on `curve`; `Ok(false)` when it does not (including a malformed signature);
/// `Err(BadPoint)` when the point is not on the curve.
pub(crate) fn verify_prehash(
    curve: Curve,
    point: &[u8],
    hash: &[u8],
    signature: &[u8],
    encoding: SigEncoding,
) -> Result<bool, BadPoint> {
    match curve {
        Curve::BrainpoolP256r1 => {
            verify::<bp256::BrainpoolP256r1>(point, hash, signature, encoding)
        }
        Curve::BrainpoolP384r1 => {
            verify::<bp384::BrainpoolP384r1>(point, hash, signature, encoding)
        }
        Curve::BrainpoolP512r1 => verify::<BrainpoolP512r1>(point, hash, signature, encoding),
        Curve::NistP256 => verify::<p256::NistP256>(point, hash, signature, encoding),
        Curve::NistP384 => verify::<p384::NistP384>(point, hash, signature, encoding),
    }
}

fn verify<C>(
    point: &[u8],
    hash: &[u8],
    signature: &[u8],
    encoding: SigEncoding,
) -> Result<bool, BadPoint>
where
    C: ecdsa::EcdsaCurve + CurveArithmetic,
    ecdsa::SignatureSize<C>: elliptic_curve::array::ArraySize,
    ecdsa::der::MaxSize<C>: elliptic_curve::array::ArraySize,
    <FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead> + elliptic_curve::array::ArraySize,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let key = ecdsa::VerifyingKey::<C>::from_sec1_bytes(point).map_err(|_| BadPoint)?;
    let sig = match encoding {
        SigEncoding::Plain => ecdsa::Signature::<C>::from_slice(signature),
        SigEncoding::Der => ecdsa::Signature::<C>::from_der(signature),
    };
    Ok(sig.is_ok_and(|sig| key.verify_prehash(hash, &sig).is_ok()))
}
