//! RFC 4648 base32 as people type setup keys: lenient on input, canonical on output.
//!
//! Input may be lowercase, contain spaces, tabs and hyphens anywhere (as setup keys are shown in
//! groups), and end with or without `=` padding. Output is uppercase without padding, either as one
//! string or in groups of four separated by spaces (as authenticator apps and the Ügyfélkapu+ page
//! show the setup key).

use zeroize::Zeroizing;

use super::OtpError;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn value_of(c: char) -> Option<u8> {
    match c {
        'A'..='Z' => Some(c as u8 - b'A'),
        'a'..='z' => Some(c as u8 - b'a'),
        '2'..='7' => Some(c as u8 - b'2' + 26),
        _ => None,
    }
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r'
}

/// Decodes lenient base32 text (see the module docs). The result is wiped from memory when dropped.
///
/// Errors: [`OtpError::Base32Char`] for a character outside the alphabet (or data after `=`
/// padding), [`OtpError::Base32Length`] when the number of characters cannot encode whole bytes.
pub fn decode(text: &str) -> Result<Zeroizing<Vec<u8>>, OtpError> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() * 5 / 8 + 1));
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    let mut chars = 0usize;
    let mut padding = false;
    for (position, c) in text.chars().enumerate() {
        if is_separator(c) {
            continue;
        }
        if c == '=' {
            padding = true;
            continue;
        }
        let value = match value_of(c) {
            Some(v) if !padding => v,
            _ => return Err(OtpError::Base32Char { ch: c, position }),
        };
        acc = (acc << 5) | u64::from(value);
        bits += 5;
        chars += 1;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Valid tails: 0, 2, 4, 5 or 7 characters in the last group of eight.
    if matches!(chars % 8, 1 | 3 | 6) {
        return Err(OtpError::Base32Length { chars });
    }
    Ok(out)
}

/// Encodes `data` as uppercase base32 without padding. The text is wiped from memory when dropped.
pub fn encode(data: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(data.len().div_ceil(5) * 8));
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    for byte in data {
        acc = (acc << 8) | u64::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Encodes `data` as uppercase base32 in groups of four characters separated by spaces
/// (`"GEZD GNBV GY3T ..."`), the way setup keys are shown for typing.
pub fn encode_grouped(data: &[u8]) -> Zeroizing<String> {
    let plain = encode(data);
    let mut out = Zeroizing::new(String::with_capacity(plain.len() + plain.len() / 4));
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        let cases: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "MY"),
            (b"fo", "MZXQ"),
            (b"foo", "MZXW6"),
            (b"foob", "MZXW6YQ"),
            (b"fooba", "MZXW6YTB"),
            (b"foobar", "MZXW6YTBOI"),
        ];
        for (raw, text) in cases {
            assert_eq!(encode(raw).as_str(), text);
            assert_eq!(decode(text).unwrap().as_slice(), raw);
        }
        assert_eq!(decode("MZXW6YQ=").unwrap().as_slice(), b"foob");
        assert_eq!(decode("MZXW6YTBOI======").unwrap().as_slice(), b"foobar");
    }

    #[test]
    fn lenient_input() {
        let key = b"12345678901234567890";
        for text in [
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
            "gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
            "GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ",
            " GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
        ] {
            assert_eq!(decode(text).unwrap().as_slice(), key, "{text}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            decode("GEZ1").unwrap_err(),
            OtpError::Base32Char {
                ch: '1',
                position: 3
            }
        );
        assert_eq!(
            decode("MY=A").unwrap_err(),
            OtpError::Base32Char {
                ch: 'A',
                position: 3
            }
        );
        assert_eq!(
            decode("MZX").unwrap_err(),
            OtpError::Base32Length { chars: 3 }
        );
        assert_eq!(
            decode("M").unwrap_err(),
            OtpError::Base32Length { chars: 1 }
        );
        assert!(matches!(
            decode("MZXW6Y"),
            Err(OtpError::Base32Length { chars: 6 })
        ));
        assert!(matches!(decode("GEZDé"), Err(OtpError::Base32Char { .. })));
    }

    #[test]
    fn grouped() {
        assert_eq!(
            encode_grouped(b"12345678901234567890").as_str(),
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
        );
        assert_eq!(encode_grouped(b"foob").as_str(), "MZXW 6YQ");
    }
}
