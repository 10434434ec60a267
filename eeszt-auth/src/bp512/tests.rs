//! Known-answer tests for the curve arithmetic: the brainpoolP512r1 key-agreement vectors of
//! RFC 7027, Appendix A.3 (private scalars, their public points, and the shared point).

use elliptic_curve::{
    Group, PrimeField,
    point::AffineCoordinates,
    sec1::{FromSec1Point, ToSec1Point},
};

use super::{AffinePoint, BrainpoolP512r1, FieldElement, ProjectivePoint, Scalar, generator_sec1};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn scalar(hex: &str) -> Scalar {
    let bytes = unhex(hex);
    Scalar::from_repr(elliptic_curve::FieldBytes::<BrainpoolP512r1>::try_from(&bytes[..]).unwrap())
        .unwrap()
}

fn point(x: &str, y: &str) -> AffinePoint {
    let mut sec1 = vec![0x04];
    sec1.extend(unhex(x));
    sec1.extend(unhex(y));
    let encoded = elliptic_curve::sec1::Sec1Point::<BrainpoolP512r1>::from_bytes(&sec1).unwrap();
    AffinePoint::from_sec1_point(&encoded).unwrap()
}

const D_A: &str = "16302ff0dbbb5a8d733dab7141c1b45acbc8715939677f6a56850a38bd87bd59b09e80279609ff333eb9d4c061231fb26f92eeb04982a5f1d1764cad57665422";
const X_QA: &str = "0a420517e406aac0acdce90fcd71487718d3b953efd7fbec5f7f27e28c6149999397e91e029e06457db2d3e640668b392c2a7e737a7f0bf04436d11640fd09fd";
const Y_QA: &str = "72e6882e8db28aad36237cd25d580db23783961c8dc52dfa2ec138ad472a0fcef3887cf62b623b2a87de5c588301ea3e5fc269b373b60724f5e82a6ad147fde7";
const D_B: &str = "230e18e1bcc88a362fa54e4ea3902009292f7f8033624fd471b5d8ace49d12cfabbc19963dab8e2f1eba00bffb29e4d72d13f2224562f405cb80503666b25429";
const X_QB: &str = "9d45f66de5d67e2e6db6e93a59ce0bb48106097ff78a081de781cdb31fce8ccbaaea8dd4320c4119f1e9cd437a2eab3731fa9668ab268d871deda55a5473199f";
const Y_QB: &str = "2fdc313095bcdd5fb3a91636f07a959c8e86b5636a1e930e8396049cb481961d365cc11453a06c719835475b12cb52fc3c383bce35e27ef194512b71876285fa";
const X_Z: &str = "a7927098655f1f9976fa50a9d566865dc530331846381c87256baf3226244b76d36403c024d7bbf0aa0803eaff405d3d24f11a9b5c0bef679fe1454b21c4cd1f";
const Y_Z: &str = "7db71c3def63212841c463e881bdcf055523bd368240e6c3143bd8def8b3b3223b95e0f53082ff5e412f4222537a43df1c6d25729ddb51620a832be6a26680a2";

#[test]
fn rfc7027_public_keys() {
    let g = ProjectivePoint::generator();
    for (d, x, y) in [(D_A, X_QA, Y_QA), (D_B, X_QB, Y_QB)] {
        let q: AffinePoint = (g * scalar(d)).into();
        assert_eq!(q, point(x, y));
        assert_eq!(hex(&q.x()), x);
    }
}

#[test]
fn rfc7027_shared_secret() {
    let q_b = ProjectivePoint::from(point(X_QB, Y_QB));
    let z: AffinePoint = (q_b * scalar(D_A)).into();
    assert_eq!(z, point(X_Z, Y_Z));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn group_order_and_encoding() {
    let g = ProjectivePoint::generator();
    // (n - 1) * G = -G, so n * G is the identity.
    let minus_one = -Scalar::ONE;
    assert_eq!(g * minus_one, -g);
    assert!(bool::from((g * minus_one + g).is_identity()));
    // The generator's encoding round-trips and lies on the curve.
    let sec1 = generator_sec1();
    assert_eq!(sec1.len(), 129);
    assert_eq!(
        point(&hex(&sec1[1..65]), &hex(&sec1[65..])),
        AffinePoint::GENERATOR
    );
    // A point with y altered is rejected by the curve-equation check.
    let mut bad = sec1.clone();
    bad[128] ^= 1;
    let encoded = elliptic_curve::sec1::Sec1Point::<BrainpoolP512r1>::from_bytes(&bad).unwrap();
    assert!(bool::from(AffinePoint::from_sec1_point(&encoded).is_none()));
    assert_eq!(
        AffinePoint::GENERATOR.to_sec1_point(true).as_bytes()[0],
        0x02 + (sec1[128] & 1)
    );
}

#[test]
fn field_modulus_matches_curve_constants() {
    // b is below p and the field's byte size is 64.
    let b = FieldElement::from_slice(&unhex(
        "3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723",
    ))
    .unwrap();
    assert_eq!(b.to_bytes().len(), 64);
    assert!(FieldElement::from_slice(&unhex(super::field::MODULUS_HEX)).is_none());
    assert!(bool::from(
        Scalar::from_repr(
            elliptic_curve::FieldBytes::<BrainpoolP512r1>::try_from(
                &unhex(super::scalar::ORDER_HEX)[..]
            )
            .unwrap()
        )
        .is_none()
    ));
}
