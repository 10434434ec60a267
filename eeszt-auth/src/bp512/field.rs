//! The base field of brainpoolP512r1: integers modulo the 512-bit prime p of RFC 5639, section 3.7,
//! in Montgomery form on crypto-bigint's `U512` (primefield's "bigint" backend; no fiat-crypto
//! code exists for this prime).

// primefield 0.14.0's `monty_field_params!` calls crypto-bigint's `Uint::bits`, deprecated in
// crypto-bigint 0.7.11 (which rsa 0.10.0 requires); the expansion is primefield's, not ours.
#![allow(deprecated)]

use elliptic_curve::{
    bigint::U512,
    ff::PrimeField,
    ops::BatchInvert,
    subtle::{Choice, ConstantTimeEq, CtOption},
};

/// The prime p (RFC 5639, section 3.7).
pub(crate) const MODULUS_HEX: &str = "aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3";

// 2 is the smallest quadratic non-residue modulo p (p = 3 mod 4, so S = 1 and the 2-adic root
// of unity is -1); primefield's constant tests check the non-residue property.
primefield::monty_field_params! {
    name: FieldParams,
    modulus: MODULUS_HEX,
    uint: U512,
    byte_order: primefield::ByteOrder::BigEndian,
    multiplicative_generator: 2,
    doc: "Montgomery parameters for the brainpoolP512r1 field modulus p"
}

primefield::monty_field_element! {
    name: FieldElement,
    params: FieldParams,
    uint: U512,
    doc: "An element of the brainpoolP512r1 base field (integers modulo p)"
}

primefield::monty_field_arithmetic! {
    name: FieldElement,
    params: FieldParams,
    uint: U512
}

impl BatchInvert for FieldElement {}

#[cfg(test)]
mod tests {
    use super::{FieldElement, U512};

    primefield::test_primefield!(FieldElement, U512);
}
