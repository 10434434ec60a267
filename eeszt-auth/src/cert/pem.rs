//! PEM (RFC 7468): `-----BEGIN LABEL-----`, Base64, `-----END LABEL-----`, any number of blocks,
//! with text between them ignored. Decoded bytes are zeroized on drop (a block may be a key).

use zeroize::Zeroizing;

use super::CertError;

/// One decoded PEM block.
#[derive(Clone)]
pub struct PemBlock {
    /// The label (`CERTIFICATE`, `PRIVATE KEY`, ...).
    pub label: String,
    /// The decoded bytes.
    pub der: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .field("len", &self.der.len())
            .finish()
    }
}

/// True when `data` looks like PEM text (a `-----BEGIN ` line somewhere near the start).
pub fn looks_like_pem(data: &[u8]) -> bool {
    let head = data.get(..data.len().min(4096)).unwrap_or_default();
    head.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Decodes every block of a PEM text.
pub fn parse_pem(data: &[u8]) -> Result<Vec<PemBlock>, CertError> {
    let text = std::str::from_utf8(data).map_err(|_| CertError::BadPem { detail: "not text" })?;
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim();
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let mut body = Zeroizing::new(String::new());
        let mut ended = false;
        for inner in lines.by_ref() {
            let inner = inner.trim();
            if let Some(end) = inner
                .strip_prefix("-----END ")
                .and_then(|l| l.strip_suffix("-----"))
            {
                if end != label {
                    return Err(CertError::BadPem {
                        detail: "END label differs from BEGIN label",
                    });
                }
                ended = true;
                break;
            }
            if inner.contains(':') {
                return Err(CertError::BadPem {
                    detail: "encrypted or header-carrying PEM blocks are not supported",
                });
            }
            body.push_str(inner);
        }
        if !ended {
            return Err(CertError::BadPem {
                detail: "missing END line",
            });
        }
        blocks.push(PemBlock {
            label: label.to_owned(),
            der: base64_decode(body.as_bytes())?,
        });
    }
    Ok(blocks)
}

fn sextet(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// Decodes standard Base64 with `=` padding; whitespace is ignored.
pub fn base64_decode(text: &[u8]) -> Result<Zeroizing<Vec<u8>>, CertError> {
    let bad = |detail| CertError::BadPem { detail };
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() / 4 * 3));
    let mut acc: u32 = 0;
    let mut count = 0usize;
    let mut padding = 0usize;
    for &c in text {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding += 1;
            if padding > 2 {
                return Err(bad("bad Base64 padding"));
            }
            acc <<= 6;
            count += 1;
        } else {
            if padding > 0 {
                return Err(bad("Base64 data after padding"));
            }
            acc = (acc << 6) | u32::from(sextet(c).ok_or(bad("invalid Base64 character"))?);
            count += 1;
        }
        if count == 4 {
            let bytes = acc.to_be_bytes();
            let take = 3 - padding;
            out.extend_from_slice(bytes.get(1..1 + take).unwrap_or_default());
            acc = 0;
            count = 0;
        }
    }
    if count != 0 {
        return Err(bad("Base64 length is not a multiple of 4"));
    }
    Ok(out)
}

/// Encodes `data` as standard Base64 with padding (for writing PEM).
pub fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes `der` as one PEM block with `label`, 64 characters per line.
pub fn to_pem(label: &str, der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn blocks_and_errors() {
        let text = format!(
            "junk\n{}between\n{}",
            to_pem("CERTIFICATE", b"abc"),
            to_pem("PRIVATE KEY", b"\x00\x01")
        );
        let blocks = parse_pem(text.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(&blocks[0].der[..], b"abc");
        assert_eq!(&blocks[1].der[..], b"\x00\x01");
        assert!(looks_like_pem(text.as_bytes()));
        assert!(parse_pem(b"-----BEGIN X-----\nYWJj\n").is_err());
        assert!(parse_pem(b"-----BEGIN X-----\nYW*j\n-----END X-----\n").is_err());
        assert!(parse_pem(b"-----BEGIN X-----\nYWJ\n-----END X-----\n").is_err());
        assert!(parse_pem(b"-----BEGIN X-----\nYWJj\n-----END Y-----\n").is_err());
        assert_eq!(base64_encode(b"ab"), "YWI=");
    }

    proptest! {
        #[test]
        fn base64_round_trip(data in proptest::collection::vec(any::<u8>(), 0..200)) {
            let pem = to_pem("CERTIFICATE", &data);
            let blocks = parse_pem(pem.as_bytes()).unwrap();
            prop_assert_eq!(&blocks[0].der[..], &data[..]);
        }

        #[test]
        fn pem_never_panics(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut text = b"-----BEGIN CERTIFICATE-----\n".to_vec();
            text.extend_from_slice(&data);
            let _ = parse_pem(&text);
        }
    }
}
