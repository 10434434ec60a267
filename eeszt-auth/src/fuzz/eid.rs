//! The eID parsers: EF.CardAccess, secure messaging (past the MAC), the authentication certificate.

use super::Pieces;
use crate::card::eid::crypto::{self, BLOCK};
use crate::card::eid::{CardAccess, PaceProtocol, Secret, SessionKeys, auth, sm::SmCodec};
use crate::card::{Command, Response, StatusWord, tlv};

/// Parses arbitrary bytes as EF.CardAccess.
pub fn eid_card_access(data: &[u8]) {
    if let Ok(access) = CardAccess::parse(data) {
        let _ = access.best_pace();
        for info in &access.pace {
            let _ = info.oid_string();
        }
    }
}

const K_ENC: [u8; 16] = [0x11; 16];
const K_MAC: [u8; 16] = [0x22; 16];

fn keys() -> SessionKeys {
    SessionKeys {
        protocol: PaceProtocol::ECDH_GM_AES_128,
        k_enc: Secret::new(K_ENC.to_vec()),
        k_mac: Secret::new(K_MAC.to_vec()),
        chip_public_key: Vec::new(),
    }
}

/// The SSC of the first message of a fresh codec.
const SSC1: [u8; BLOCK] = 1u128.to_be_bytes();

/// AES-CBC under the session's encryption key and the IV of `SSC1`, without padding: the bytes
/// given (zero-filled to whole blocks) are what the receiver decrypts and unpads.
fn cryptogram(plain: &[u8]) -> Vec<u8> {
    let mut data = plain.to_vec();
    data.resize(plain.len().div_ceil(BLOCK).max(1) * BLOCK, 0);
    let iv = crypto::aes_block(&K_ENC, &SSC1).unwrap_or([0; BLOCK]);
    if crypto::cbc_encrypt(&K_ENC, &iv, &mut data).is_err() {
        return Vec::new();
    }
    data
}

/// The DO 8E a receiver expects over `body` (SSC 1, padded).
fn mac(body: &[u8]) -> [u8; 8] {
    let mut input = SSC1.to_vec();
    input.extend_from_slice(body);
    crypto::pad(&mut input);
    crypto::cmac8(&K_MAC, &input).unwrap_or([0; 8])
}

/// Builds data objects from fuzz pieces: each piece's first byte chooses the object (DO 87 around
/// an encrypted block, DO 85, the status or Le object `other`, or a raw TLV), the rest is its
/// content.
fn objects(pieces: Pieces<'_>, other: u32) -> Vec<u8> {
    let mut dos = Vec::new();
    for piece in pieces {
        let Some((&kind, content)) = piece.split_first() else {
            continue;
        };
        match kind % 5 {
            0 => {
                let mut value = vec![0x01];
                value.extend(cryptogram(content));
                tlv::encode(0x87, &value, &mut dos);
            }
            1 => tlv::encode(0x85, &cryptogram(content), &mut dos),
            2 => tlv::encode(other, content, &mut dos),
            3 => {
                // DO 87 with another padding-content indicator, or not encrypted at all.
                tlv::encode(0x87, content, &mut dos);
            }
            _ => dos.extend_from_slice(content),
        }
    }
    dos
}

/// Secure messaging, chosen by the first byte:
///
/// * `0`: the rest as a protected response and command with the wrong MAC (the codec's refusals);
/// * `1`: a plaintext and status word the chip side protects, the terminal unprotects: must give
///   back the same; likewise a command from the terminal to the chip;
/// * `2`: hostile data objects (cryptograms with any padding, DO 99 of any length, extra or
///   repeated objects) under a *valid* MAC, unprotected by the terminal;
/// * `3`: the same for a protected command unprotected by the chip (DO 97 instead of DO 99).
pub fn eid_sm_response(data: &[u8]) {
    let mut pieces = Pieces::new(data);
    let mode = pieces.byte().unwrap_or(0);
    let (sw, rest) = match pieces.rest().split_first_chunk::<2>() {
        Some((sw, rest)) => (u16::from_be_bytes(*sw), rest),
        None => (0x9000, &[][..]),
    };
    match mode % 4 {
        0 => {
            let _ = SmCodec::new(keys())
                .unprotect_response(&Response::new(rest.to_vec(), StatusWord(sw)));
            let _ = SmCodec::new(keys())
                .unprotect_command(&Command::new(0x0C, 0xB0, 0, 0).with_data(rest.to_vec()));
        }
        1 => {
            let answer = Response::new(rest.to_vec(), StatusWord(sw));
            let protected = SmCodec::new(keys()).protect_response(&answer);
            let back = protected.map(|p| SmCodec::new(keys()).unprotect_response(&p));
            assert_eq!(back, Ok(Ok(answer)), "SM response round trip");
            let [ins, p1] = sw.to_be_bytes();
            let command = Command::new(0x00, ins, p1, 0).with_data(rest.to_vec());
            if let Ok(protected) = SmCodec::new(keys()).protect_command(&command) {
                let plain = SmCodec::new(keys()).unprotect_command(&protected);
                assert_eq!(
                    plain.as_ref().map(|c| c.data()),
                    Ok(rest),
                    "SM command round trip"
                );
            }
        }
        2 => {
            let _ = hostile_response(sw, rest);
        }
        _ => {
            let [ins, p1] = sw.to_be_bytes();
            let cla = 0x0C;
            let mut body = vec![cla, ins, p1, 0];
            crypto::pad(&mut body);
            let mut dos = objects(Pieces::new(rest), 0x97);
            body.extend_from_slice(&dos);
            let tag = mac(&body);
            tlv::encode(0x8E, &tag, &mut dos);
            let mut codec = SmCodec::new(keys());
            let command = Command::new(cla, ins, p1, 0).with_data(dos);
            if codec.unprotect_command(&command).is_err() {
                assert!(codec.is_poisoned(), "a refused command poisons the codec");
            }
        }
    }
}

/// Mode 2 of [`eid_sm_response`]: data objects from `rest` under a valid MAC, unprotected by a
/// fresh terminal codec.
fn hostile_response(sw: u16, rest: &[u8]) -> Result<Response, crate::card::EidError> {
    let mut dos = objects(Pieces::new(rest), 0x99);
    let tag = mac(&dos);
    tlv::encode(0x8E, &tag, &mut dos);
    let status = tlv::parse_all(&dos)
        .ok()
        .and_then(|all| all.iter().find(|o| o.tag == 0x99).map(|o| o.value.to_vec()));
    let mut codec = SmCodec::new(keys());
    let result = codec.unprotect_response(&Response::new(dos, StatusWord(sw)));
    match &result {
        // The status word returned is the authenticated one (DO 99), never the outer one.
        Ok(plain) => assert_eq!(
            Some(plain.sw().to_bytes().to_vec()),
            status,
            "SW from DO 99"
        ),
        Err(_) => assert!(codec.is_poisoned(), "a refused response poisons the codec"),
    }
    result
}

/// The card's authentication-certificate walker ([`auth::certificate_public_key`]) and the
/// signature check behind it.
pub fn eid_auth_cert(data: &[u8]) {
    if let Ok(point) = auth::certificate_public_key(data) {
        assert!(!data.is_empty() && point.len() < data.len());
        let _ = auth::verify_signature(data, b"challenge", &[0x01; 64]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The harness gets past the MAC: a padded DO 87 and a DO 99 come out decrypted.
    #[test]
    fn hostile_objects_under_the_harness_mac_are_decrypted() {
        // Piece: kind 0 (DO 87), plaintext "abc" with ISO padding; piece: kind 2 (DO 99) 6282.
        let mut plain = vec![0u8, b'a', b'b', b'c', 0x80];
        plain.resize(17, 0);
        let mut rest = vec![plain.len() as u8];
        rest.extend_from_slice(&plain);
        rest.extend_from_slice(&[3, 2, 0x62, 0x82]);
        let answer = hostile_response(0x9000, &rest).expect("valid MAC");
        assert_eq!(answer.data(), b"abc");
        assert_eq!(answer.sw(), StatusWord(0x6282));
        // Bad padding behind the valid MAC is refused (reached only past the MAC).
        let mut bad = vec![17u8, 0];
        bad.extend_from_slice(&[0x55; 16]);
        bad.extend_from_slice(&[3, 2, 0x90, 0x00]);
        assert_eq!(
            hostile_response(0x9000, &bad),
            Err(crate::card::EidError::SmMalformed)
        );
    }
}
