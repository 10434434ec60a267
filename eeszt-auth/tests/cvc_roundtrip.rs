//! Property tests: every CV certificate body encodes and parses back to itself, byte for byte, and
//! no input (random or a mutated real certificate) makes the parser panic.

use eeszt_auth::cert::{
    Chat, CvBody, CvCertificate, CvDate, CvPublicKey, CvReference, EcDomain, Extension,
    KeyMaterial, Oid, Role, TaAlgorithm, TerminalType,
};
use proptest::prelude::*;

fn reference() -> impl Strategy<Value = CvReference> {
    proptest::collection::vec(0x20u8..=0xFF, 1..=16).prop_map(|b| CvReference::new(&b).unwrap())
}

fn date() -> impl Strategy<Value = CvDate> {
    (2000u16..=2099, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| CvDate::new(y, m, d).unwrap())
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 1..=max)
}

fn key() -> impl Strategy<Value = CvPublicKey> {
    let ec_alg = prop::sample::select(
        TaAlgorithm::ALL
            .iter()
            .copied()
            .filter(|a| a.is_ecdsa())
            .collect::<Vec<_>>(),
    );
    let rsa_alg = prop::sample::select(
        TaAlgorithm::ALL
            .iter()
            .copied()
            .filter(|a| !a.is_ecdsa())
            .collect::<Vec<_>>(),
    );
    let domain = proptest::option::of(
        (
            bytes(66),
            bytes(66),
            bytes(66),
            bytes(133),
            bytes(66),
            proptest::option::of(bytes(2)),
        )
            .prop_map(|(prime, a, b, generator, order, cofactor)| EcDomain {
                prime,
                a,
                b,
                generator,
                order,
                cofactor,
            }),
    );
    prop_oneof![
        (ec_alg, domain, bytes(133)).prop_map(|(alg, domain, point)| {
            CvPublicKey::new(alg.oid(), KeyMaterial::Ec { domain, point }).unwrap()
        }),
        (rsa_alg, bytes(512), bytes(4)).prop_map(|(alg, modulus, exponent)| {
            CvPublicKey::new(alg.oid(), KeyMaterial::Rsa { modulus, exponent }).unwrap()
        }),
    ]
}

fn chat() -> impl Strategy<Value = Chat> {
    let role = prop::sample::select(vec![
        Role::Cvca,
        Role::DvDomestic,
        Role::DvForeign,
        Role::Terminal,
    ]);
    (0usize..4, role, any::<u64>(), bytes(8)).prop_map(|(kind, role, bits, raw)| {
        let t = match kind {
            0 => TerminalType::AuthenticationTerminal,
            1 => TerminalType::InspectionSystem,
            2 => TerminalType::SignatureTerminal,
            _ => TerminalType::Other(Oid::from_der_content(&[0x2A, 0x03, 0x04]).unwrap()),
        };
        let len = t.template_len().unwrap_or(raw.len());
        let mut template: Vec<u8> = bits.to_be_bytes()[8 - len.min(8)..].to_vec();
        template.resize(len, 0);
        template[0] = (template[0] & 0x3F) | role.bits();
        Chat::new(t, template).unwrap()
    })
}

fn extension() -> impl Strategy<Value = Extension> {
    (
        bytes(32),
        proptest::collection::vec((0x80u32..=0x9E, bytes(40)), 0..3),
    )
        .prop_map(|(hash, dos)| {
            let mut data = Vec::new();
            for (tag, value) in dos.iter().chain(std::iter::once(&(0x80, hash))) {
                data.push(*tag as u8);
                data.push(value.len() as u8);
                data.extend_from_slice(value);
            }
            Extension {
                oid: Oid::from_der_content(&[0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x01, 0x03, 0x01])
                    .unwrap(),
                data,
            }
        })
}

fn body() -> impl Strategy<Value = CvBody> {
    (
        any::<u8>(),
        reference(),
        key(),
        reference(),
        chat(),
        date(),
        date(),
        proptest::collection::vec(extension(), 0..3),
    )
        .prop_map(
            |(profile, car, public_key, chr, chat, d1, d2, extensions)| CvBody {
                profile,
                car,
                public_key,
                chr,
                chat,
                effective: d1.min(d2),
                expiration: d1.max(d2),
                extensions,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn body_round_trips(body in body(), signature in bytes(512)) {
        let cert = CvCertificate::new(body.clone(), signature.clone()).unwrap();
        let encoded = cert.to_bytes().unwrap();
        let parsed = CvCertificate::parse(&encoded).unwrap();
        prop_assert_eq!(parsed.body(), &body);
        prop_assert_eq!(parsed.signature(), &signature[..]);
        prop_assert_eq!(parsed.to_bytes().unwrap(), encoded.clone());
        // The PSO:Verify Certificate form parses to the same certificate.
        let inner = CvCertificate::parse_body_and_signature(&cert.body_and_signature().unwrap()).unwrap();
        prop_assert_eq!(inner, parsed);
        prop_assert!(CvCertificate::sniff(&encoded));
    }

    // The fuzz target's checks (feature `fuzz`: `make test-rust` runs this file with it).
    #[cfg(feature = "fuzz")]
    #[test]
    fn random_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        eeszt_auth::fuzz::cert_cvc(&data);
        let mut prefixed = vec![0x7F, 0x21, 0x82, 0x01, 0x00, 0x7F, 0x4E];
        prefixed.extend_from_slice(&data);
        eeszt_auth::fuzz::cert_cvc(&prefixed);
    }

    #[cfg(feature = "fuzz")]
    #[test]
    fn mutated_certificates_never_panic(pos in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let real = include_bytes!("data/cvc/chain.cvcerts");
        let mut data = real.to_vec();
        let i = pos.index(data.len());
        data[i] = byte;
        eeszt_auth::fuzz::cert_cvc(&data);
        data.truncate(cut.index(data.len()));
        eeszt_auth::fuzz::cert_cvc(&data);
    }
}
