//! Entry points for the fuzz targets (`fuzz/fuzz_targets/otp_uri.rs`, `otp_base32.rs`) and the
//! corpus replay test. Not part of the stable API.

use crate::otp::{OtpUri, Secret, base32};

/// Parses arbitrary bytes as an otpauth:// URI (strict and legacy); a parsed URI must build and
/// parse back to the same value.
pub fn otp_uri(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for uri in [OtpUri::parse(text), OtpUri::parse_legacy(text)]
        .into_iter()
        .flatten()
    {
        if let Ok(built) = uri.to_uri() {
            let again = OtpUri::parse_legacy(&built);
            assert_eq!(again.as_ref(), Ok(&uri), "round trip of a parsed URI");
        }
    }
}

/// Decodes arbitrary bytes as lenient base32; decoded bytes must encode and decode back.
pub fn otp_base32(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bytes) = base32::decode(text) {
        let encoded = base32::encode(&bytes);
        let again = base32::decode(&encoded).ok();
        assert_eq!(
            again.as_deref().map(|v| v.as_slice()),
            Some(bytes.as_slice()),
            "base32 round trip"
        );
        let grouped = base32::encode_grouped(&bytes);
        let again = base32::decode(&grouped).ok();
        assert_eq!(
            again.as_deref().map(|v| v.as_slice()),
            Some(bytes.as_slice()),
            "grouped round trip"
        );
        let _ = Secret::from_base32_legacy(text);
    }
}
