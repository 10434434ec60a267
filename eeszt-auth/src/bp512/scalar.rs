//! The scalar field of brainpoolP512r1: integers modulo the group order n of RFC 5639,
//! section 3.7, in Montgomery form on crypto-bigint's `U512`.

// primefield 0.14.0's `monty_field_params!` calls crypto-bigint's `Uint::bits`, deprecated in
// crypto-bigint 0.7.11 (which rsa 0.10.0 requires); the expansion is primefield's, not ours.
#![allow(deprecated)]

use elliptic_curve::{
    bigint::{Odd, U512},
    ff::PrimeField,
    scalar::{FromUintUnchecked, IsHigh},
    subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, CtOption},
};
use primeorder::wnaf;

use super::BrainpoolP512r1;

/// The group order n (RFC 5639, section 3.7).
pub(crate) const ORDER_HEX: &str = "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069";

/// The group order n as an odd integer.
pub(crate) const ORDER: Odd<U512> = Odd::<U512>::from_be_hex(ORDER_HEX);

// 7 is the smallest quadratic non-residue modulo n (n - 1 = 2^3 * t); primefield's constant tests
// check the non-residue property.
primefield::monty_field_params! {
    name: ScalarParams,
    modulus: ORDER_HEX,
    uint: U512,
    byte_order: primefield::ByteOrder::BigEndian,
    multiplicative_generator: 7,
    doc: "Montgomery parameters for the brainpoolP512r1 group order n"
}

primefield::monty_field_element! {
    name: Scalar,
    params: ScalarParams,
    uint: U512,
    doc: "An element of the brainpoolP512r1 scalar field (integers modulo n)"
}

primefield::monty_field_arithmetic! {
    name: Scalar,
    params: ScalarParams,
    uint: U512
}

primefield::monty_field_reduce! {
    name: Scalar,
    params: ScalarParams,
    uint: U512,
}

elliptic_curve::scalar_impls!(BrainpoolP512r1, Scalar);

wnaf::impl_wnaf_size_for_scalar!(Scalar);

impl AsRef<Scalar> for Scalar {
    fn as_ref(&self) -> &Scalar {
        self
    }
}

impl FromUintUnchecked for Scalar {
    type Uint = U512;

    fn from_uint_unchecked(uint: Self::Uint) -> Self {
        Self::from_uint_unchecked(uint)
    }
}

impl IsHigh for Scalar {
    fn is_high(&self) -> Choice {
        const HALF_ORDER: U512 = ORDER.as_ref().shr_vartime(1);
        self.to_canonical().ct_gt(&HALF_ORDER)
    }
}

#[cfg(test)]
mod tests {
    use super::{Scalar, U512};

    primefield::test_primefield!(Scalar, U512);
}
