//! The brainpoolP512r1 elliptic curve (RFC 5639, section 3.7) for the RustCrypto traits, so that
//! `ecdsa::VerifyingKey<BrainpoolP512r1>` verifies signatures on it.
//!
//! RustCrypto publishes `bp256` and `bp384` but no crate for the 512-bit Brainpool curve. This
//! module builds it the same way those crates do: the base field and the scalar field come from
//! primefield's Montgomery-form macros on crypto-bigint's `U512` (the "bigint" backend that
//! `bp384` also offers), and the group law comes from primeorder's generic short-Weierstrass
//! arithmetic with the curve's constants. As in `bp256`/`bp384`, there is no precomputed
//! base-point table (primeorder's `VariableOnly` backend): `point * scalar` is primeorder's
//! constant-time windowed multiplication (used by PACE, parameter ID 17), and ECDSA verification
//! uses its variable-time linear combination on public data.
//!
//! ```
//! use ecdsa::signature::hazmat::PrehashVerifier;
//! use eeszt_auth::bp512::BrainpoolP512r1;
//!
//! # fn check(point: &[u8], sha512: &[u8], r_s: &[u8]) -> bool {
//! let Ok(key) = ecdsa::VerifyingKey::<BrainpoolP512r1>::from_sec1_bytes(point) else {
//!     return false;
//! };
//! let Ok(sig) = ecdsa::Signature::<BrainpoolP512r1>::from_slice(r_s) else {
//!     return false;
//! };
//! key.verify_prehash(sha512, &sig).is_ok()
//! # }
//! // The generator itself is a valid public key.
//! let g = eeszt_auth::bp512::generator_sec1();
//! assert!(ecdsa::VerifyingKey::<BrainpoolP512r1>::from_sec1_bytes(&g).is_ok());
//! assert!(!check(&g, &[0x55; 64], &[0x01; 128]));
//! ```

mod field;
mod scalar;

use elliptic_curve::{
    CurveArithmetic, PrimeCurveArithmetic,
    bigint::{Odd, U512},
    consts::U64,
    hazmat::FieldArithmetic,
    sec1::ToSec1Point,
};
use primeorder::{PrimeCurveParams, mul_backend, point_arithmetic};

pub use self::field::FieldElement;
pub use self::scalar::Scalar;

/// The brainpoolP512r1 curve: y² = x³ + ax + b over GF(p), prime order n, cofactor 1.
#[derive(Copy, Clone, Debug, Default, Eq, PartialEq, PartialOrd, Ord)]
pub struct BrainpoolP512r1;

/// A point in affine coordinates.
pub type AffinePoint = primeorder::AffinePoint<BrainpoolP512r1>;

/// A point in projective coordinates.
pub type ProjectivePoint = primeorder::ProjectivePoint<BrainpoolP512r1>;

/// The named-curve OID (RFC 5639, section 4.1).
pub const OID: &str = "1.3.36.3.3.2.8.1.1.13";

impl elliptic_curve::Curve for BrainpoolP512r1 {
    /// 64-byte field elements and scalars.
    type FieldBytesSize = U64;

    /// 512-bit integers.
    type Uint = U512;

    /// The group order n.
    const ORDER: Odd<U512> = scalar::ORDER;
}

impl elliptic_curve::PrimeCurve for BrainpoolP512r1 {}

impl elliptic_curve::point::PointCompression for BrainpoolP512r1 {
    const COMPRESS_POINTS: bool = false;
}

impl CurveArithmetic for BrainpoolP512r1 {
    type AffinePoint = AffinePoint;
    type ProjectivePoint = ProjectivePoint;
    type Scalar = Scalar;
}

impl FieldArithmetic for BrainpoolP512r1 {
    type FieldElement = FieldElement;
}

impl PrimeCurveArithmetic for BrainpoolP512r1 {
    type CurveGroup = ProjectivePoint;
}

impl PrimeCurveParams for BrainpoolP512r1 {
    type PointArithmetic = point_arithmetic::EquationAIsGeneric;
    type Backend = mul_backend::VariableOnly;

    const EQUATION_A: FieldElement = FieldElement::from_hex_vartime(
        "7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94ca",
    );
    const EQUATION_B: FieldElement = FieldElement::from_hex_vartime(
        "3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723",
    );
    const GENERATOR: (FieldElement, FieldElement) = (
        FieldElement::from_hex_vartime(
            "81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822",
        ),
        FieldElement::from_hex_vartime(
            "7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892",
        ),
    );
}

impl ecdsa::EcdsaCurve for BrainpoolP512r1 {
    /// Brainpool signatures are not low-S normalised.
    const NORMALIZE_S: bool = false;
}

/// The generator G as an uncompressed SEC1 point (`04 || x || y`, 129 bytes).
pub fn generator_sec1() -> Vec<u8> {
    AffinePoint::GENERATOR
        .to_sec1_point(false)
        .as_bytes()
        .to_vec()
}

#[cfg(test)]
mod tests;
