//! The elliptic curves of PACE (standardized domain parameters 12, 13, 16 and 17) with a byte-level API:
//! scalars are big-endian field-length byte strings, points are uncompressed SEC1 (`04 || X || Y`).
//!
//! Every received point is decoded with a curve-equation check; the identity is rejected.

use super::secret::Secret;
use crate::bp512::BrainpoolP512r1;
use crate::card::EidError;
use p256::elliptic_curve::{
    self, CurveArithmetic, FieldBytes, FieldBytesSize, Group, PrimeField,
    ops::Reduce,
    point::AffineCoordinates,
    sec1::{FromSec1Point, ModulusSize, ToSec1Point},
};
use rand_core::CryptoRng;
use zeroize::Zeroize;

/// A PACE domain (standardized domain parameter ID of TR-03110 Part 3 Table 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-256 (secp256r1), parameter ID 12.
    P256,
    /// brainpoolP256r1, parameter ID 13.
    BrainpoolP256r1,
    /// brainpoolP384r1, parameter ID 16.
    BrainpoolP384r1,
    /// brainpoolP512r1, parameter ID 17 (the curve of [`crate::bp512`]).
    BrainpoolP512r1,
}

impl Curve {
    /// Every implemented curve, by parameter ID.
    pub const ALL: [Curve; 4] = [
        Curve::P256,
        Curve::BrainpoolP256r1,
        Curve::BrainpoolP384r1,
        Curve::BrainpoolP512r1,
    ];

    /// The curve of a standardized domain parameter ID, if implemented.
    pub fn from_parameter_id(id: u8) -> Option<Curve> {
        match id {
            12 => Some(Curve::P256),
            13 => Some(Curve::BrainpoolP256r1),
            16 => Some(Curve::BrainpoolP384r1),
            17 => Some(Curve::BrainpoolP512r1),
            _ => None,
        }
    }

    /// The standardized domain parameter ID.
    pub fn parameter_id(self) -> u8 {
        match self {
            Curve::P256 => 12,
            Curve::BrainpoolP256r1 => 13,
            Curve::BrainpoolP384r1 => 16,
            Curve::BrainpoolP512r1 => 17,
        }
    }

    /// The curve's name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "secp256r1",
            Curve::BrainpoolP256r1 => "brainpoolP256r1",
            Curve::BrainpoolP384r1 => "brainpoolP384r1",
            Curve::BrainpoolP512r1 => "brainpoolP512r1",
        }
    }

    /// Length of a field element (and of a scalar) in bytes.
    pub fn field_len(self) -> usize {
        match self {
            Curve::P256 | Curve::BrainpoolP256r1 => 32,
            Curve::BrainpoolP384r1 => 48,
            Curve::BrainpoolP512r1 => 64,
        }
    }

    /// A uniformly random private scalar in `[1, n-1]` (rejection sampling on field-length bytes).
    pub fn random_scalar<R: CryptoRng + ?Sized>(self, rng: &mut R) -> Result<Secret, EidError> {
        let mut bytes = vec![0u8; self.field_len()];
        for _ in 0..128 {
            rng.fill_bytes(&mut bytes);
            if self.check_scalar(&bytes).is_ok() {
                return Ok(Secret::new(bytes));
            }
        }
        bytes.zeroize();
        Err(EidError::Crypto)
    }

    /// Checks that `k` is a valid non-zero scalar.
    pub fn check_scalar(self, k: &[u8]) -> Result<(), EidError> {
        match self {
            Curve::P256 => scalar::<p256::NistP256>(k).map(|_| ()),
            Curve::BrainpoolP256r1 => scalar::<bp256::BrainpoolP256r1>(k).map(|_| ()),
            Curve::BrainpoolP384r1 => scalar::<bp384::BrainpoolP384r1>(k).map(|_| ()),
            Curve::BrainpoolP512r1 => scalar::<BrainpoolP512r1>(k).map(|_| ()),
        }
    }

    /// `k·G` with the curve's standard generator.
    pub fn mul_base(self, k: &[u8]) -> Result<Vec<u8>, EidError> {
        match self {
            Curve::P256 => mul_base::<p256::NistP256>(k),
            Curve::BrainpoolP256r1 => mul_base::<bp256::BrainpoolP256r1>(k),
            Curve::BrainpoolP384r1 => mul_base::<bp384::BrainpoolP384r1>(k),
            Curve::BrainpoolP512r1 => mul_base::<BrainpoolP512r1>(k),
        }
    }

    /// `k·P` for a received point `P` (validated).
    pub fn mul(self, k: &[u8], point: &[u8]) -> Result<Vec<u8>, EidError> {
        match self {
            Curve::P256 => mul::<p256::NistP256>(k, point),
            Curve::BrainpoolP256r1 => mul::<bp256::BrainpoolP256r1>(k, point),
            Curve::BrainpoolP384r1 => mul::<bp384::BrainpoolP384r1>(k, point),
            Curve::BrainpoolP512r1 => mul::<BrainpoolP512r1>(k, point),
        }
    }

    /// Generic Mapping (ICAO 9303 Part 11 4.4.3.3.1): `G' = s·G + H` with `H = SK_map · PK_map(peer)`.
    /// `nonce` is the decrypted nonce `s` as a big-endian integer.
    pub fn generic_map(
        self,
        nonce: &[u8],
        sk_map: &[u8],
        peer_pk_map: &[u8],
    ) -> Result<Vec<u8>, EidError> {
        match self {
            Curve::P256 => generic_map::<p256::NistP256>(nonce, sk_map, peer_pk_map),
            Curve::BrainpoolP256r1 => {
                generic_map::<bp256::BrainpoolP256r1>(nonce, sk_map, peer_pk_map)
            }
            Curve::BrainpoolP384r1 => {
                generic_map::<bp384::BrainpoolP384r1>(nonce, sk_map, peer_pk_map)
            }
            Curve::BrainpoolP512r1 => generic_map::<BrainpoolP512r1>(nonce, sk_map, peer_pk_map),
        }
    }

    /// Checks that `point` is a valid, non-identity uncompressed point of the curve.
    pub fn check_point(self, point: &[u8]) -> Result<(), EidError> {
        match self {
            Curve::P256 => decode::<p256::NistP256>(point).map(|_| ()),
            Curve::BrainpoolP256r1 => decode::<bp256::BrainpoolP256r1>(point).map(|_| ()),
            Curve::BrainpoolP384r1 => decode::<bp384::BrainpoolP384r1>(point).map(|_| ()),
            Curve::BrainpoolP512r1 => decode::<BrainpoolP512r1>(point).map(|_| ()),
        }
    }

    /// The x-coordinate of an uncompressed point (the ECDH shared secret `K`, `ID_PICC`).
    pub fn x_coordinate(self, point: &[u8]) -> Result<Secret, EidError> {
        let len = self.field_len();
        point
            .get(1..1 + len)
            .filter(|_| point.len() == 1 + 2 * len)
            .map(Secret::from_slice)
            .ok_or(EidError::InvalidPoint)
    }
}

fn field_bytes<C: CurveArithmetic>(bytes: &[u8]) -> Option<FieldBytes<C>> {
    let mut repr = FieldBytes::<C>::default();
    if bytes.len() != repr.len() {
        return None;
    }
    repr.copy_from_slice(bytes);
    Some(repr)
}

fn scalar<C: CurveArithmetic>(k: &[u8]) -> Result<C::Scalar, EidError> {
    let mut repr = field_bytes::<C>(k).ok_or(EidError::Crypto)?;
    let value: Option<C::Scalar> = C::Scalar::from_repr(repr).into();
    repr.zeroize();
    match value {
        Some(s) if !bool::from(elliptic_curve::Field::is_zero(&s)) => Ok(s),
        _ => Err(EidError::Crypto),
    }
}

fn decode<C>(point: &[u8]) -> Result<C::ProjectivePoint, EidError>
where
    C: CurveArithmetic,
    C::AffinePoint: FromSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    if point.first() != Some(&0x04) {
        return Err(EidError::InvalidPoint);
    }
    let affine = C::AffinePoint::from_sec1_bytes(point).map_err(|_| EidError::InvalidPoint)?;
    let projective = C::ProjectivePoint::from(affine);
    if bool::from(projective.is_identity()) {
        return Err(EidError::InvalidPoint);
    }
    Ok(projective)
}

fn encode<C>(point: C::ProjectivePoint) -> Result<Vec<u8>, EidError>
where
    C: CurveArithmetic,
    C::AffinePoint: ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    if bool::from(point.is_identity()) {
        return Err(EidError::InvalidPoint);
    }
    let affine: C::AffinePoint = point.into();
    let mut out = Vec::with_capacity(1 + 2 * affine.x().len());
    out.push(0x04);
    out.extend_from_slice(&affine.x());
    out.extend_from_slice(&affine.y());
    Ok(out)
}

fn mul_base<C>(k: &[u8]) -> Result<Vec<u8>, EidError>
where
    C: CurveArithmetic,
    C::AffinePoint: ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let mut k = scalar::<C>(k)?;
    let out = encode::<C>(C::ProjectivePoint::generator() * k);
    // The scalar is a private key: wipe the copy on the stack.
    k.zeroize();
    out
}

fn mul<C>(k: &[u8], point: &[u8]) -> Result<Vec<u8>, EidError>
where
    C: CurveArithmetic,
    C::AffinePoint: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let p = decode::<C>(point)?;
    let mut k = scalar::<C>(k)?;
    let out = encode::<C>(p * k);
    k.zeroize();
    out
}

fn generic_map<C>(nonce: &[u8], sk_map: &[u8], peer_pk_map: &[u8]) -> Result<Vec<u8>, EidError>
where
    C: CurveArithmetic,
    C::AffinePoint: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let peer = decode::<C>(peer_pk_map)?;
    let mut sk = scalar::<C>(sk_map)?;
    let h = peer * sk;
    sk.zeroize();
    if bool::from(h.is_identity()) {
        return Err(EidError::InvalidPoint);
    }
    let mut wide = FieldBytes::<C>::default();
    let offset = wide
        .len()
        .checked_sub(nonce.len())
        .ok_or(EidError::Crypto)?;
    wide.get_mut(offset..)
        .ok_or(EidError::Crypto)?
        .copy_from_slice(nonce);
    let mut s = <C::Scalar as Reduce<FieldBytes<C>>>::reduce(&wide);
    wide.zeroize();
    let out = encode::<C>(C::ProjectivePoint::generator() * s + h);
    s.zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_ids_round_trip() {
        for id in [12u8, 13, 16, 17] {
            assert_eq!(
                Curve::from_parameter_id(id).map(Curve::parameter_id),
                Some(id)
            );
        }
        assert_eq!(Curve::from_parameter_id(18), None);
    }

    #[test]
    fn ecdh_agrees_on_every_curve() {
        for curve in Curve::ALL {
            let a = vec![0x11u8; curve.field_len()];
            let b = vec![0x22u8; curve.field_len()];
            let pa = curve.mul_base(&a).unwrap();
            let pb = curve.mul_base(&b).unwrap();
            assert_eq!(pa.len(), 1 + 2 * curve.field_len());
            assert_eq!(curve.mul(&a, &pb).unwrap(), curve.mul(&b, &pa).unwrap());
            let mut bad = pa.clone();
            bad[5] ^= 1;
            assert_eq!(curve.check_point(&bad), Err(EidError::InvalidPoint));
            assert!(curve.check_point(&pa[..10]).is_err());
        }
    }

    #[test]
    fn zero_and_out_of_range_scalars_are_rejected() {
        assert!(Curve::P256.check_scalar(&[0u8; 32]).is_err());
        assert!(Curve::P256.check_scalar(&[0xFFu8; 32]).is_err());
        assert!(Curve::P256.check_scalar(&[1u8; 31]).is_err());
    }
}
