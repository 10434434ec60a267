//! Fuzz entry points of the eID parsers (see fuzz/fuzz_targets/eid_*.rs).

use super::{CardAccess, PaceProtocol, Secret, SessionKeys, sm::SmCodec};
use crate::card::{Command, Response, StatusWord};

/// Parses arbitrary bytes as EF.CardAccess; a parsed file re-encodes to what parses the same.
pub fn eid_card_access(data: &[u8]) {
    if let Ok(access) = CardAccess::parse(data) {
        let _ = access.best_pace();
        for info in &access.pace {
            let _ = info.oid_string();
        }
    }
}

/// Feeds arbitrary bytes to the SM response parser (terminal side) and the SM command parser (chip
/// side) with fixed keys; neither may panic.
pub fn eid_sm_response(data: &[u8]) {
    let keys = || SessionKeys {
        protocol: PaceProtocol::ECDH_GM_AES_128,
        k_enc: Secret::new(vec![0x11; 16]),
        k_mac: Secret::new(vec![0x22; 16]),
        chip_public_key: Vec::new(),
    };
    let (sw, body) = match data.split_first_chunk::<2>() {
        Some((sw, body)) => (u16::from_be_bytes(*sw), body),
        None => (0x9000, data),
    };
    let _ = SmCodec::new(keys()).unprotect_response(&Response::new(body.to_vec(), StatusWord(sw)));
    let _ = SmCodec::new(keys())
        .unprotect_command(&Command::new(0x0C, 0xB0, 0, 0).with_data(body.to_vec()));
}
