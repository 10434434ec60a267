//! Percent-encoding (RFC 3986) for otpauth:// labels and parameters.

use super::OtpError;

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Encodes every byte except the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes (a `+` stays a `+`). Errors: [`OtpError::UriEncoding`] for a malformed
/// escape or a result that is not UTF-8.
pub(crate) fn decode(text: &str) -> Result<String, OtpError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_value);
            let lo = bytes.get(i + 2).copied().and_then(hex_value);
            match (hi, lo) {
                (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                _ => return Err(OtpError::UriEncoding),
            }
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| OtpError::UriEncoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        assert_eq!(
            encode("Kórház Kft.:a b@c"),
            "K%C3%B3rh%C3%A1z%20Kft.%3Aa%20b%40c"
        );
        assert_eq!(decode("K%C3%B3rh%C3%A1z%20Kft.").unwrap(), "Kórház Kft.");
        assert_eq!(decode("a+b").unwrap(), "a+b");
        assert_eq!(decode("%3a").unwrap(), ":");
        assert_eq!(decode("%4"), Err(OtpError::UriEncoding));
        assert_eq!(decode("%zz"), Err(OtpError::UriEncoding));
        assert_eq!(decode("%FF"), Err(OtpError::UriEncoding));
    }
}
