//! A small strict DER reader for the parts x509-parser does not decode (names, serials,
//! QCStatements) and for the first look at a file (clear errors for wrong tags, truncation and
//! huge lengths before any other parser sees the data).

use std::borrow::Cow;

use super::CertError;

/// The largest length accepted for any element: no certificate or PKCS#12 file comes near it.
pub const MAX_LEN: u64 = 16 * 1024 * 1024;

/// DER tags used in this area.
pub mod tag {
    /// INTEGER
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING
    pub const BIT_STRING: u8 = 0x03;
    /// OBJECT IDENTIFIER
    pub const OID: u8 = 0x06;
    /// SEQUENCE (constructed)
    pub const SEQUENCE: u8 = 0x30;
    /// SET (constructed)
    pub const SET: u8 = 0x31;
}

/// One element: its tag byte, the bytes of its value, and the whole encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The (single-byte) tag.
    pub tag: u8,
    /// The value bytes.
    pub value: &'a [u8],
    /// Tag, length and value.
    pub raw: &'a [u8],
}

/// Reads elements one after the other from a buffer.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data }
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.data
    }

    /// Reads the next element, whatever its tag.
    pub fn any(&mut self) -> Result<Tlv<'a>, CertError> {
        let (tlv, rest) = split_tlv(self.data)?;
        self.data = rest;
        Ok(tlv)
    }

    /// Reads the next element and checks its tag.
    pub fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, CertError> {
        let found = *self.data.first().ok_or(CertError::Truncated {
            needed: 1,
            available: 0,
        })?;
        if found != tag {
            return Err(CertError::WrongTag {
                expected: what,
                found,
            });
        }
        self.any()
    }

    /// Reads the next element if it has `tag`.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, CertError> {
        match self.data.first() {
            Some(&t) if t == tag => self.any().map(Some),
            _ => Ok(None),
        }
    }
}

/// Splits the first element off `data`: high-tag-number forms are rejected, lengths are checked
/// against [`MAX_LEN`] and against the bytes present.
pub fn split_tlv(data: &[u8]) -> Result<(Tlv<'_>, &[u8]), CertError> {
    if data.first().is_some_and(|t| t & 0x1F == 0x1F) {
        return Err(CertError::Malformed {
            detail: "multi-byte tag".into(),
        });
    }
    split_after_tag(data, 1)
}

/// Like [`split_tlv`], but a high-tag-number form (several tag bytes) is accepted too; the
/// element's `tag` is then its first byte (tag number 31).
pub fn split_any_tag(data: &[u8]) -> Result<(Tlv<'_>, &[u8]), CertError> {
    let tag_len = match data.split_first() {
        // The tag number follows in base 128, bit 8 set on every byte but the last.
        Some((t, more)) if t & 0x1F == 0x1F => {
            2 + more
                .iter()
                .position(|b| b & 0x80 == 0)
                .ok_or_else(|| CertError::Truncated {
                    needed: data.len() as u64 + 1,
                    available: data.len() as u64,
                })?
        }
        _ => 1,
    };
    split_after_tag(data, tag_len)
}

/// Reads the length and value of the element whose tag takes the first `tag_len` bytes of `data`.
fn split_after_tag(data: &[u8], tag_len: usize) -> Result<(Tlv<'_>, &[u8]), CertError> {
    let tag = *data.first().ok_or(CertError::Truncated {
        needed: 1,
        available: 0,
    })?;
    let after_tag = data.get(tag_len..).unwrap_or_default();
    let header0 = tag_len as u64;
    let (&first, after_len0) = after_tag
        .split_first()
        .ok_or_else(|| CertError::Truncated {
            needed: header0 + 1,
            available: data.len() as u64,
        })?;
    let (len, after_len): (u64, &[u8]) = if first < 0x80 {
        (u64::from(first), after_len0)
    } else {
        let count = usize::from(first & 0x7F);
        if count == 0 {
            return Err(CertError::Malformed {
                detail: "indefinite length (BER, not DER)".into(),
            });
        }
        if count > 8 {
            return Err(CertError::LengthTooLarge);
        }
        let bytes = after_len0
            .get(..count)
            .ok_or_else(|| CertError::Truncated {
                needed: header0 + 1 + count as u64,
                available: data.len() as u64,
            })?;
        let len = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        (len, after_len0.get(count..).unwrap_or_default())
    };
    if len > MAX_LEN {
        return Err(CertError::LengthTooLarge);
    }
    let header = data.len() - after_len.len();
    let len_usize = len as usize;
    if after_len.len() < len_usize {
        return Err(CertError::Truncated {
            needed: header as u64 + len,
            available: data.len() as u64,
        });
    }
    let (value, rest) = after_len.split_at(len_usize);
    let raw = data.get(..header + len_usize).unwrap_or_default();
    Ok((Tlv { tag, value, raw }, rest))
}

/// Formats the content bytes of an OBJECT IDENTIFIER in dotted form (`2.5.4.3`).
pub fn oid_to_string(content: &[u8]) -> Option<String> {
    oid_text(content).map(Cow::into_owned)
}

/// The dotted form of an OBJECT IDENTIFIER's content bytes, borrowed from a static table for the
/// OIDs certificates use all the time (name attributes, extensions, algorithms, key purposes) and
/// formatted only for the others. `None` when the encoding is not a valid OID.
pub fn oid_text(content: &[u8]) -> Option<Cow<'static, str>> {
    if let Some(known) = super::oid_names::dotted(content) {
        return Some(Cow::Borrowed(known));
    }
    if content.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let mut out = String::with_capacity(content.len() * 3);
    let mut acc: u64 = 0;
    let mut first = true;
    for &b in content {
        // Arcs beyond 64 bits do not occur in certificates; such an OID is reported as unreadable.
        acc = acc.checked_mul(128)?.checked_add(u64::from(b & 0x7F))?;
        if b & 0x80 == 0 {
            if first {
                let (a, rest) = match acc {
                    0..=39 => (0, acc),
                    40..=79 => (1, acc - 40),
                    _ => (2, acc - 80),
                };
                push_decimal(&mut out, a);
                out.push('.');
                push_decimal(&mut out, rest);
                first = false;
            } else {
                out.push('.');
                push_decimal(&mut out, acc);
            }
            acc = 0;
        }
    }
    Some(Cow::Owned(out))
}

/// Appends the decimal digits of `n` (no formatter machinery: this runs for every OID arc).
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_errors() {
        let (tlv, rest) = split_tlv(&[0x04, 0x02, 1, 2, 9]).unwrap();
        assert_eq!(tlv.value, &[1, 2]);
        assert_eq!(rest, &[9]);
        let long = [0x04, 0x81, 0x01, 7];
        assert_eq!(split_tlv(&long).unwrap().0.value, &[7]);
        assert!(matches!(
            split_tlv(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            Err(CertError::LengthTooLarge)
        ));
        assert!(matches!(
            split_tlv(&[0x30, 0x05, 1]),
            Err(CertError::Truncated {
                needed: 7,
                available: 3
            })
        ));
        assert!(matches!(
            split_tlv(&[0x30, 0x80]),
            Err(CertError::Malformed { .. })
        ));
        // High tag numbers: refused by split_tlv, read by split_any_tag.
        let high = [0x9F, 0x81, 0x01, 0x01, 0xAA, 0x05];
        assert!(matches!(split_tlv(&high), Err(CertError::Malformed { .. })));
        let (tlv, rest) = split_any_tag(&high).unwrap();
        assert_eq!(
            (tlv.tag, tlv.value, tlv.raw.len(), rest),
            (0x9F, &[0xAA][..], 5, &[5][..])
        );
        assert!(matches!(
            split_any_tag(&[0x9F, 0x81]),
            Err(CertError::Truncated { .. })
        ));
        assert!(matches!(
            split_any_tag(&[0x9F, 0x01]),
            Err(CertError::Truncated {
                needed: 3,
                available: 2
            })
        ));
        assert!(matches!(
            Reader::new(&[0x31, 0]).expect(tag::SEQUENCE, "SEQUENCE"),
            Err(CertError::WrongTag { found: 0x31, .. })
        ));
    }

    #[test]
    fn oids() {
        assert_eq!(oid_to_string(&[0x55, 0x04, 0x03]).unwrap(), "2.5.4.3");
        assert_eq!(
            oid_to_string(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B]).unwrap(),
            "1.2.840.113549.1.1.11"
        );
        assert_eq!(oid_to_string(&[0x80]), None);
        // Formatted (not in the table): arcs of every size up to 64 bits.
        assert_eq!(
            oid_to_string(&[0x2A, 0x03, 0x00, 0x81, 0x00]).unwrap(),
            "1.2.3.0.128"
        );
        assert_eq!(
            oid_to_string(&[
                0x88, 0x37, 0x9F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F
            ])
            .unwrap(),
            "2.999.2305843009213693951"
        );
        assert_eq!(hex(&[0xAB, 0x01]), "ab01");
    }
}
