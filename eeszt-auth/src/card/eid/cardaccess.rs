//! EF.CardAccess: the chip's `SecurityInfos` (TR-03110 Part 3 A.1, ICAO 9303 Part 11 9.2), parsed into
//! PACE options.
//!
//! ```text
//! SecurityInfos ::= SET OF SecurityInfo
//! SecurityInfo  ::= SEQUENCE { protocol OBJECT IDENTIFIER, requiredData ANY, optionalData ANY OPTIONAL }
//! PACEInfo      ::= SEQUENCE { protocol id-PACE-*, version INTEGER (2), parameterId INTEGER OPTIONAL }
//! ```
//!
//! ```
//! use eeszt_auth::card::eid::cardaccess::CardAccess;
//!
//! let der = [0x31, 0x14, 0x30, 0x12, 0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04,
//!            0x02, 0x02, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0D];
//! let access = CardAccess::parse(&der)?;
//! let best = access.best_pace().expect("supported");
//! assert_eq!(best.parameter_id, Some(13));
//! assert_eq!(best.protocol.unwrap().name(), "id-PACE-ECDH-GM-AES-CBC-CMAC-128");
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use super::{crypto::KeyLength, curve::Curve, params};
use crate::card::{EidError, tlv};
use crate::error::Result;

/// A PACE variant this library implements: ECDH Generic Mapping with AES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PaceProtocol {
    /// The AES key length (and KDF hash).
    pub key_length: KeyLength,
}

impl PaceProtocol {
    /// `id-PACE-ECDH-GM-AES-CBC-CMAC-128`.
    pub const ECDH_GM_AES_128: PaceProtocol = PaceProtocol {
        key_length: KeyLength::Aes128,
    };
    /// `id-PACE-ECDH-GM-AES-CBC-CMAC-192`.
    pub const ECDH_GM_AES_192: PaceProtocol = PaceProtocol {
        key_length: KeyLength::Aes192,
    };
    /// `id-PACE-ECDH-GM-AES-CBC-CMAC-256`.
    pub const ECDH_GM_AES_256: PaceProtocol = PaceProtocol {
        key_length: KeyLength::Aes256,
    };

    /// The protocol for an OID's DER content bytes, if implemented.
    pub fn from_oid(oid: &[u8]) -> Option<PaceProtocol> {
        let tail = oid.strip_prefix(&params::OID_PACE_PREFIX[..])?;
        if tail == params::PACE_ECDH_GM_AES_128 {
            Some(Self::ECDH_GM_AES_128)
        } else if tail == params::PACE_ECDH_GM_AES_192 {
            Some(Self::ECDH_GM_AES_192)
        } else if tail == params::PACE_ECDH_GM_AES_256 {
            Some(Self::ECDH_GM_AES_256)
        } else {
            None
        }
    }

    /// The OID's DER content bytes (without the `06 len` header).
    pub fn oid(self) -> Vec<u8> {
        let mut oid = params::OID_PACE_PREFIX.to_vec();
        oid.extend_from_slice(match self.key_length {
            KeyLength::Aes128 => &params::PACE_ECDH_GM_AES_128,
            KeyLength::Aes192 => &params::PACE_ECDH_GM_AES_192,
            KeyLength::Aes256 => &params::PACE_ECDH_GM_AES_256,
        });
        oid
    }

    /// The protocol's name in TR-03110.
    pub fn name(self) -> &'static str {
        match self.key_length {
            KeyLength::Aes128 => "id-PACE-ECDH-GM-AES-CBC-CMAC-128",
            KeyLength::Aes192 => "id-PACE-ECDH-GM-AES-CBC-CMAC-192",
            KeyLength::Aes256 => "id-PACE-ECDH-GM-AES-CBC-CMAC-256",
        }
    }
}

/// One PACEInfo of EF.CardAccess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceInfo {
    /// The OID's DER content bytes.
    pub oid: Vec<u8>,
    /// The protocol when this library implements it.
    pub protocol: Option<PaceProtocol>,
    /// The version (2 for PACE v2).
    pub version: u32,
    /// The standardized domain parameter ID, when present.
    pub parameter_id: Option<u32>,
}

impl PaceInfo {
    /// The OID in dotted notation ("0.4.0.127.0.7.2.2.4.2.2").
    pub fn oid_string(&self) -> String {
        oid_to_string(&self.oid)
    }

    /// The curve, when the protocol and the parameter ID are both implemented.
    pub fn curve(&self) -> Option<Curve> {
        self.protocol?;
        let id = u8::try_from(self.parameter_id?).ok()?;
        Curve::from_parameter_id(id)
    }

    /// Whether this option can be used by this library.
    pub fn is_supported(&self) -> bool {
        self.version == 2 && self.curve().is_some()
    }
}

/// The parsed EF.CardAccess.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardAccess {
    /// Every PACEInfo, in file order.
    pub pace: Vec<PaceInfo>,
    /// The OIDs (dotted) of the other SecurityInfos (chip authentication, terminal authentication...).
    pub other: Vec<String>,
}

fn invalid() -> crate::Error {
    EidError::CardAccessInvalid.into()
}

fn small_integer(value: &[u8]) -> Result<u32> {
    if value.is_empty() || value.len() > 4 || value.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(invalid());
    }
    Ok(value.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
}

/// Dotted notation of an OID's DER content bytes.
pub fn oid_to_string(oid: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for &b in oid {
        acc = (acc << 7) | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
        if acc > u64::MAX >> 8 {
            break;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

impl CardAccess {
    /// Parses EF.CardAccess (DER `SecurityInfos`). Trailing zero bytes (file padding) are ignored.
    pub fn parse(data: &[u8]) -> Result<CardAccess> {
        let (outer, rest) =
            tlv::parse_one_with(data, &tlv::ParseOptions::DER).map_err(|_| invalid())?;
        if rest.iter().any(|&b| b != 0) {
            return Err(invalid());
        }
        let infos = match outer.tag {
            0x31 => outer
                .children_with(&tlv::ParseOptions::DER)
                .map_err(|_| invalid())?,
            _ => return Err(invalid()),
        };
        let mut access = CardAccess::default();
        for info in infos {
            if info.tag != 0x30 {
                return Err(invalid());
            }
            let fields = info
                .children_with(&tlv::ParseOptions::DER)
                .map_err(|_| invalid())?;
            let (oid, required) = match fields.as_slice() {
                [oid, required, ..] if oid.tag == 0x06 && !oid.value.is_empty() => {
                    (oid.value, required)
                }
                _ => return Err(invalid()),
            };
            if oid.starts_with(&params::OID_PACE_PREFIX) && oid.len() == 10 {
                if required.tag != 0x02 || fields.len() > 3 {
                    return Err(invalid());
                }
                let parameter_id = match fields.get(2) {
                    Some(p) if p.tag == 0x02 => Some(small_integer(p.value)?),
                    Some(_) => return Err(invalid()),
                    None => None,
                };
                access.pace.push(PaceInfo {
                    oid: oid.to_vec(),
                    protocol: PaceProtocol::from_oid(oid),
                    version: small_integer(required.value)?,
                    parameter_id,
                });
            } else {
                access.other.push(oid_to_string(oid));
            }
        }
        Ok(access)
    }

    /// The preferred supported PACE option: the strongest key length, then the larger curve (among
    /// equal options, the last one listed).
    pub fn best_pace(&self) -> Option<&PaceInfo> {
        self.pace
            .iter()
            .filter(|info| info.is_supported())
            .max_by_key(|info| {
                (
                    info.protocol.map(|p| p.key_length.bits()).unwrap_or(0),
                    info.curve().map(Curve::field_len).unwrap_or(0),
                )
            })
    }

    /// Encodes PACE options as EF.CardAccess (used by the simulated card and by tests).
    pub fn encode(options: &[(PaceProtocol, u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        tlv::encode_constructed(0x31, &mut out, |set| {
            for (protocol, parameter_id) in options {
                tlv::encode_constructed(0x30, set, |seq| {
                    tlv::encode(0x06, &protocol.oid(), seq);
                    tlv::encode(0x02, &[2], seq);
                    tlv::encode(0x02, &[*parameter_id], seq);
                });
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::hex::parse_hex;
    use proptest::prelude::*;

    const ICAO: &str = "31143012060A04007F0007020204020202010202010D";

    fn hex(s: &str) -> Vec<u8> {
        parse_hex(s).unwrap()
    }

    #[test]
    fn icao_example() {
        let access = CardAccess::parse(&hex(ICAO)).unwrap();
        assert_eq!(access.pace.len(), 1);
        let info = &access.pace[0];
        assert_eq!(info.oid_string(), "0.4.0.127.0.7.2.2.4.2.2");
        assert_eq!(info.version, 2);
        assert_eq!(info.curve(), Some(Curve::BrainpoolP256r1));
        assert_eq!(
            CardAccess::encode(&[(PaceProtocol::ECDH_GM_AES_128, 13)]),
            hex(ICAO)
        );
    }

    #[test]
    fn prefers_the_strongest_supported_option_and_keeps_others() {
        let mut der = CardAccess::encode(&[
            (PaceProtocol::ECDH_GM_AES_128, 13),
            (PaceProtocol::ECDH_GM_AES_256, 17),
            (PaceProtocol::ECDH_GM_AES_256, 16),
            (PaceProtocol::ECDH_GM_AES_256, 18),
        ]);
        der.extend_from_slice(&[0, 0]);
        let access = CardAccess::parse(&der).unwrap();
        assert_eq!(access.pace.len(), 4);
        // AES-256 first, then the larger curve: brainpoolP512r1 over brainpoolP384r1.
        let best = access.best_pace().unwrap();
        assert_eq!(best.parameter_id, Some(17));
        // Parameter ID 18 (NIST P-521) is not implemented.
        assert!(!access.pace[3].is_supported());
        // A chip authentication info (id-CA-ECDH-AES-CBC-CMAC-128) is listed as "other".
        let set = hex("3111300F060A04007F00070202030202020102");
        let parsed = CardAccess::parse(&set).unwrap();
        assert_eq!(parsed.other, vec!["0.4.0.127.0.7.2.2.3.2.2".to_string()]);
    }

    #[test]
    fn malformed_is_rejected() {
        for bad in ["", "30", "3100FF", "3103300106", "3105300306010A", "0400"] {
            assert!(CardAccess::parse(&hex(bad)).is_err(), "{bad}");
        }
        let mut trailing = hex(ICAO);
        trailing.push(0x01);
        assert!(CardAccess::parse(&trailing).is_err());
    }

    proptest! {
        #[test]
        fn never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = CardAccess::parse(&data);
        }

        #[test]
        fn encode_parse_round_trip(ids in proptest::collection::vec((0u8..3, 0u8..127), 1..4)) {
            let options: Vec<(PaceProtocol, u8)> = ids.iter().map(|(k, id)| {
                let p = [PaceProtocol::ECDH_GM_AES_128, PaceProtocol::ECDH_GM_AES_192,
                         PaceProtocol::ECDH_GM_AES_256][usize::from(*k)];
                (p, *id)
            }).collect();
            let parsed = CardAccess::parse(&CardAccess::encode(&options)).unwrap();
            prop_assert_eq!(parsed.pace.len(), options.len());
            for (info, (p, id)) in parsed.pace.iter().zip(&options) {
                prop_assert_eq!(info.protocol, Some(*p));
                prop_assert_eq!(info.parameter_id, Some(u32::from(*id)));
            }
        }
    }
}
