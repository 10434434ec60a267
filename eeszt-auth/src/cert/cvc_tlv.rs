//! The BER-TLV subset CV certificates use (ISO 7816-4 tags, DER lengths), with errors that name the
//! certificate field being read.
//!
//! Tags are returned as `u32` holding their bytes (`0x7F21`, `0x5F29`, `0x86`). Lengths must be in
//! their shortest form (so that parsing and encoding round-trip byte for byte) and at most 65 535.

use crate::cert::CertError;

/// The largest length a CV certificate data object may have.
pub(crate) const MAX_LEN: usize = 0xFFFF;

/// One data object: its tag and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Do<'a> {
    pub(crate) tag: u32,
    pub(crate) value: &'a [u8],
}

/// Reads one data object from the front of `input`; returns it and the rest.
pub(crate) fn read<'a>(
    input: &'a [u8],
    field: &'static str,
) -> Result<(Do<'a>, &'a [u8]), CertError> {
    let truncated = CertError::CvcTruncated { field };
    let (&first, mut rest) = input.split_first().ok_or(truncated.clone())?;
    let mut tag = u32::from(first);
    if first & 0x1F == 0x1F {
        // Subsequent tag bytes: bit 8 set means another byte follows. Three bytes at most here.
        let mut count = 0;
        loop {
            let (&b, r) = rest.split_first().ok_or(truncated.clone())?;
            rest = r;
            tag = (tag << 8) | u32::from(b);
            count += 1;
            if b & 0x80 == 0 {
                break;
            }
            if count >= 2 {
                return Err(CertError::CvcBadLength { field });
            }
        }
    }
    let (&l0, r) = rest.split_first().ok_or(truncated.clone())?;
    rest = r;
    let len = if l0 < 0x80 {
        usize::from(l0)
    } else {
        let n = usize::from(l0 & 0x7F);
        if n == 0 || n > 2 {
            return Err(CertError::CvcBadLength { field });
        }
        let bytes = rest.get(..n).ok_or(truncated.clone())?;
        rest = rest.get(n..).ok_or(truncated.clone())?;
        let len = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        // Shortest form only: 81 for 0x80..=0xFF, 82 for 0x100..=0xFFFF.
        let minimal = if n == 1 { len >= 0x80 } else { len > 0xFF };
        if !minimal {
            return Err(CertError::CvcBadLength { field });
        }
        len
    };
    if len > rest.len() {
        return Err(truncated);
    }
    let (value, rest) = rest.split_at(len);
    Ok((Do { tag, value }, rest))
}

/// Reads one data object that must carry `tag`.
pub(crate) fn expect<'a>(
    input: &'a [u8],
    tag: u32,
    field: &'static str,
) -> Result<(&'a [u8], &'a [u8]), CertError> {
    let (obj, rest) = read(input, field)?;
    if obj.tag != tag {
        return Err(CertError::CvcWrongTag {
            field,
            expected: tag,
            found: obj.tag,
        });
    }
    Ok((obj.value, rest))
}

/// Reads the next data object only if it carries `tag`.
pub(crate) fn optional<'a>(
    input: &'a [u8],
    tag: u32,
    field: &'static str,
) -> Result<(Option<&'a [u8]>, &'a [u8]), CertError> {
    match peek_tag(input) {
        Some(t) if t == tag => {
            let (value, rest) = expect(input, tag, field)?;
            Ok((Some(value), rest))
        }
        _ => Ok((None, input)),
    }
}

/// The tag at the front of `input`, if one can be read.
pub(crate) fn peek_tag(input: &[u8]) -> Option<u32> {
    let (&first, rest) = input.split_first()?;
    let mut tag = u32::from(first);
    if first & 0x1F == 0x1F {
        for &b in rest.iter().take(2) {
            tag = (tag << 8) | u32::from(b);
            if b & 0x80 == 0 {
                return Some(tag);
            }
        }
        return None;
    }
    Some(tag)
}

/// Requires `rest` to be empty.
pub(crate) fn end(rest: &[u8], field: &'static str) -> Result<(), CertError> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(CertError::CvcTrailingData { field })
    }
}

/// Appends `tag`, the DER length of `value` and `value` to `out`.
pub(crate) fn write(
    tag: u32,
    value: &[u8],
    field: &'static str,
    out: &mut Vec<u8>,
) -> Result<(), CertError> {
    if value.len() > MAX_LEN {
        return Err(CertError::CvcTooLong { field });
    }
    let tag_bytes = tag.to_be_bytes();
    let skip = tag_bytes.iter().take_while(|&&b| b == 0).count().min(3);
    out.extend_from_slice(tag_bytes.get(skip..).unwrap_or(&[]));
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len <= 0xFF {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_forms() {
        let (obj, rest) = read(&[0x5F, 0x29, 0x01, 0x00, 0xAA], "x").unwrap();
        assert_eq!(obj.tag, 0x5F29);
        assert_eq!(obj.value, &[0x00]);
        assert_eq!(rest, &[0xAA]);
        let mut long = vec![0x86, 0x81, 0x80];
        long.extend(std::iter::repeat_n(7u8, 0x80));
        let (obj, rest) = read(&long, "x").unwrap();
        assert_eq!(obj.value.len(), 0x80);
        assert!(rest.is_empty());
    }

    #[test]
    fn rejects_bad_lengths() {
        assert!(matches!(
            read(&[0x86, 0x81, 0x05, 1, 2, 3, 4, 5], "x"),
            Err(CertError::CvcBadLength { .. })
        ));
        assert!(matches!(
            read(&[0x86, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], "x"),
            Err(CertError::CvcBadLength { .. })
        ));
        assert!(matches!(
            read(&[0x86, 0x82, 0xFF, 0xFF, 0x00], "x"),
            Err(CertError::CvcTruncated { .. })
        ));
        assert!(matches!(
            read(&[0x7F], "x"),
            Err(CertError::CvcTruncated { .. })
        ));
        assert!(matches!(
            read(&[0x86, 0x80], "x"),
            Err(CertError::CvcBadLength { .. })
        ));
    }

    #[test]
    fn write_matches_read() {
        for len in [0usize, 1, 0x7F, 0x80, 0xFF, 0x100, 0x1234] {
            let value = vec![0x5A; len];
            let mut out = Vec::new();
            write(0x7F49, &value, "x", &mut out).unwrap();
            let (obj, rest) = read(&out, "x").unwrap();
            assert_eq!((obj.tag, obj.value, rest.len()), (0x7F49, &value[..], 0));
        }
        assert!(write(0x86, &vec![0; MAX_LEN + 1], "x", &mut Vec::new()).is_err());
    }
}
