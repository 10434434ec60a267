//! Entry points for the fuzz targets (fuzz/fuzz_targets/card_*.rs). Not part of the stable API.

use crate::card::{Command, Response, tlv};

/// Parses arbitrary bytes as a command APDU and, when that works, checks the round trip.
pub fn card_apdu(data: &[u8]) {
    if let Ok(command) = Command::parse(data) {
        let encoded = command.to_bytes();
        let again = encoded.as_ref().map(|bytes| Command::parse(bytes));
        assert!(
            matches!(again, Ok(Ok(ref c)) if *c == command),
            "a parsed APDU must re-encode to itself"
        );
    }
    if let Ok(response) = Response::parse(data) {
        assert_eq!(response.to_bytes(), data);
    }
    let _ = crate::card::trace::redact_command(data, false);
}

/// Parses arbitrary bytes as BER-TLV (lenient and DER, nested) and checks the re-encoding.
pub fn card_tlv(data: &[u8]) {
    let _ = tlv::validate(data, &tlv::ParseOptions::DER);
    let _ = tlv::find(data, 0x5F29);
    if let Ok(all) = tlv::parse_all(data) {
        let mut out = Vec::new();
        for object in &all {
            object.encode(&mut out);
        }
        assert!(
            matches!(tlv::parse_all(&out), Ok(ref again) if *again == all),
            "re-encoded TLV must parse to the same objects"
        );
    }
}
