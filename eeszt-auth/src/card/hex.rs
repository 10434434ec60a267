//! Hexadecimal text for APDUs (uppercase, as card tools print them).
//!
//! ```
//! use eeszt_auth::card::hex;
//!
//! assert_eq!(hex::hex(&[0x00, 0xA4, 0x04]), "00A404");
//! assert_eq!(hex::parse_hex("00 a4:04")?, [0x00, 0xA4, 0x04]);
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use crate::error::{ApiError, Result};

const DIGITS: &[u8; 16] = b"0123456789ABCDEF";

/// Uppercase hex without separators.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0F)]));
    }
    out
}

/// Parses hex digits (either case); spaces, tabs, `:` and `-` between bytes are ignored.
pub fn parse_hex(text: &str) -> Result<Vec<u8>> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !matches!(c, b' ' | b'\t' | b':' | b'-' | b'\n' | b'\r'))
        .collect();
    let bad = || ApiError::InvalidArgument { what: "hex" }.into();
    if !digits.len().is_multiple_of(2) {
        return Err(bad());
    }
    let nibble = |c: u8| char::from(c).to_digit(16);
    digits
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => match (nibble(*hi), nibble(*lo)) {
                // Both are < 16, so the byte fits.
                (Some(hi), Some(lo)) => Ok((hi * 16 + lo) as u8),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_bad_text() {
        assert!(parse_hex("0").is_err());
        assert!(parse_hex("0G").is_err());
        assert_eq!(parse_hex("").ok(), Some(vec![]));
    }

    proptest! {
        #[test]
        fn round_trip(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(parse_hex(&hex(&data)).ok(), Some(data.clone()));
            prop_assert_eq!(parse_hex(&hex(&data).to_lowercase()).ok(), Some(data));
        }
    }
}
