//! BER-TLV (ISO 7816-4, ISO 8825-1): a zero-copy parser and a builder.
//!
//! Tags are `u32` holding their encoded bytes (`0x86`, `0x5F29`, `0x7F21`), up to 4 bytes. Lengths use
//! the short form or the long form with up to 4 length bytes; the indefinite form is rejected.
//! [`ParseOptions::der`] rejects what DER forbids (non-minimal lengths and tags); nested parsing stops
//! at [`ParseOptions::max_depth`].
//!
//! ```
//! use eeszt_auth::card::tlv;
//!
//! let mut cert = Vec::new();
//! tlv::encode_constructed(0x7F21, &mut cert, |body| {
//!     tlv::encode(0x5F29, &[0x00], body);
//!     tlv::encode(0x42, b"HUCVCA00001", body);
//! });
//! let (outer, rest) = tlv::parse_one(&cert)?;
//! assert!(rest.is_empty());
//! assert_eq!(outer.tag, 0x7F21);
//! assert_eq!(outer.children()?.len(), 2);
//! assert_eq!(tlv::find(&cert, 0x42)?, Some(&b"HUCVCA00001"[..]));
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use super::error::CardError;
use crate::error::Result;

/// The default nesting limit.
pub const DEFAULT_MAX_DEPTH: usize = 16;

/// One BER-TLV data object, borrowing its value from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag with its encoded bytes (`0x7F21`).
    pub tag: u32,
    /// The value bytes.
    pub value: &'a [u8],
}

/// How strictly to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Reject what DER forbids: long-form lengths below 128 or with leading zero bytes, non-minimal
    /// multi-byte tags.
    pub der: bool,
    /// The deepest nesting of constructed objects that [`validate`] and [`find`] descend into.
    pub max_depth: usize,
}

impl ParseOptions {
    /// Lenient BER (the default).
    pub const BER: ParseOptions = ParseOptions {
        der: false,
        max_depth: DEFAULT_MAX_DEPTH,
    };
    /// Strict DER.
    pub const DER: ParseOptions = ParseOptions {
        der: true,
        max_depth: DEFAULT_MAX_DEPTH,
    };
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions::BER
    }
}

impl<'a> Tlv<'a> {
    /// Whether the tag's first byte has the constructed bit (0x20).
    pub fn is_constructed(&self) -> bool {
        tag_first_byte(self.tag) & 0x20 != 0
    }

    /// The objects inside the value (one level, lenient BER).
    pub fn children(&self) -> Result<Vec<Tlv<'a>>> {
        parse_all(self.value)
    }

    /// The objects inside the value with `options`.
    pub fn children_with(&self, options: &ParseOptions) -> Result<Vec<Tlv<'a>>> {
        parse_all_with(self.value, options)
    }

    /// The value of the first child with `tag` (one level).
    pub fn child(&self, tag: u32) -> Result<Option<&'a [u8]>> {
        Ok(self
            .children()?
            .into_iter()
            .find(|child| child.tag == tag)
            .map(|child| child.value))
    }

    /// Encodes this object.
    pub fn encode(&self, out: &mut Vec<u8>) {
        encode(self.tag, self.value, out);
    }
}

fn tag_first_byte(tag: u32) -> u8 {
    let bytes = tag.to_be_bytes();
    bytes.iter().copied().find(|b| *b != 0).unwrap_or(0)
}

fn invalid(reason: &'static str, offset: usize) -> crate::Error {
    CardError::TlvInvalid { reason, offset }.into()
}

fn not_der(reason: &'static str, offset: usize) -> crate::Error {
    CardError::TlvNotDer { reason, offset }.into()
}

/// Parses one object at the start of `data` (lenient BER); returns it and the bytes after it.
pub fn parse_one(data: &[u8]) -> Result<(Tlv<'_>, &[u8])> {
    parse_one_at(data, &ParseOptions::BER, 0)
}

/// Parses one object at the start of `data` with `options`.
pub fn parse_one_with<'a>(data: &'a [u8], options: &ParseOptions) -> Result<(Tlv<'a>, &'a [u8])> {
    parse_one_at(data, options, 0)
}

fn parse_one_at<'a>(
    data: &'a [u8],
    options: &ParseOptions,
    base: usize,
) -> Result<(Tlv<'a>, &'a [u8])> {
    let (&first, mut rest) = data.split_first().ok_or_else(|| invalid("no tag", base))?;
    let mut tag = u32::from(first);
    if first & 0x1F == 0x1F {
        let mut count = 0usize;
        loop {
            let (&b, after) = rest
                .split_first()
                .ok_or_else(|| invalid("tag truncated", base))?;
            rest = after;
            count += 1;
            if count > 3 {
                return Err(invalid("tag longer than 4 bytes", base));
            }
            if options.der && count == 1 && (b == 0x80 || b < 0x1F) {
                return Err(not_der("non-minimal tag", base));
            }
            tag = (tag << 8) | u32::from(b);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let (&len0, after) = rest
        .split_first()
        .ok_or_else(|| invalid("length missing", base))?;
    rest = after;
    let len = match len0 {
        0..=0x7F => usize::from(len0),
        0x80 => return Err(invalid("indefinite length not supported", base)),
        0x81..=0x84 => {
            let n = usize::from(len0 & 0x7F);
            let (bytes, after) = rest
                .split_at_checked(n)
                .ok_or_else(|| invalid("length truncated", base))?;
            rest = after;
            let len = bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            if options.der && (len < 0x80 || bytes.first() == Some(&0)) {
                return Err(not_der("non-minimal length", base));
            }
            len
        }
        _ => return Err(invalid("length field longer than 4 bytes", base)),
    };
    let (value, rest) = rest
        .split_at_checked(len)
        .ok_or_else(|| invalid("value shorter than its length", base))?;
    Ok((Tlv { tag, value }, rest))
}

/// Parses a sequence of objects filling `data` (lenient BER, one level).
pub fn parse_all(data: &[u8]) -> Result<Vec<Tlv<'_>>> {
    parse_all_with(data, &ParseOptions::BER)
}

/// Parses a sequence of objects filling `data` with `options` (one level).
pub fn parse_all_with<'a>(data: &'a [u8], options: &ParseOptions) -> Result<Vec<Tlv<'a>>> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let offset = data.len() - rest.len();
        let (tlv, after) = parse_one_at(rest, options, offset)?;
        out.push(tlv);
        rest = after;
    }
    Ok(out)
}

/// Checks that `data` is a well-formed sequence of objects, descending into every constructed one up
/// to `options.max_depth` levels.
pub fn validate(data: &[u8], options: &ParseOptions) -> Result<()> {
    walk(data, options, 0, &mut |_| false).map(|_| ())
}

/// The value of the first object with `tag`, searching depth-first into constructed objects (lenient
/// BER, nesting limit [`DEFAULT_MAX_DEPTH`]).
pub fn find(data: &[u8], tag: u32) -> Result<Option<&[u8]>> {
    find_with(data, tag, &ParseOptions::BER)
}

/// [`find`] with `options`.
pub fn find_with<'a>(data: &'a [u8], tag: u32, options: &ParseOptions) -> Result<Option<&'a [u8]>> {
    walk(data, options, 0, &mut |tlv| tlv.tag == tag)
}

/// Visits objects depth-first until `stop` says yes; returns that object's value.
fn walk<'a>(
    data: &'a [u8],
    options: &ParseOptions,
    depth: usize,
    stop: &mut dyn FnMut(&Tlv<'a>) -> bool,
) -> Result<Option<&'a [u8]>> {
    if depth >= options.max_depth {
        return Err(CardError::TlvTooDeep {
            limit: options.max_depth,
        }
        .into());
    }
    for tlv in parse_all_with(data, options)? {
        if stop(&tlv) {
            return Ok(Some(tlv.value));
        }
        if tlv.is_constructed() {
            if let Some(found) = walk(tlv.value, options, depth + 1, stop)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// Appends the tag bytes of `tag` (leading zero bytes dropped; tag 0 encodes as `00`).
pub fn encode_tag(tag: u32, out: &mut Vec<u8>) {
    let bytes = tag.to_be_bytes();
    let skip = bytes.iter().take(3).take_while(|b| **b == 0).count();
    out.extend_from_slice(bytes.get(skip..).unwrap_or(&bytes));
}

/// Appends a DER length (short form below 128, otherwise the fewest long-form bytes).
pub fn encode_len(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = (len as u64).to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let significant = bytes.get(skip..).unwrap_or(&bytes);
    out.push(0x80 | significant.len() as u8);
    out.extend_from_slice(significant);
}

/// Appends a complete object: tag, length, value.
pub fn encode(tag: u32, value: &[u8], out: &mut Vec<u8>) {
    encode_tag(tag, out);
    encode_len(value.len(), out);
    out.extend_from_slice(value);
}

/// Appends a constructed object whose value `body` writes.
pub fn encode_constructed(tag: u32, out: &mut Vec<u8>, body: impl FnOnce(&mut Vec<u8>)) {
    let mut value = Vec::new();
    body(&mut value);
    encode(tag, &value, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code<T>(r: Result<T>) -> Option<u32> {
        r.err().map(|e| e.code())
    }

    #[test]
    fn multi_byte_tags_and_long_lengths() {
        let mut data = vec![0x7F, 0x21, 0x82, 0x01, 0x00];
        data.extend(std::iter::repeat_n(0xAA, 256));
        data.push(0x90);
        let (tlv, rest) = parse_one(&data)
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tlv.tag, 0x7F21);
        assert_eq!(tlv.value.len(), 256);
        assert_eq!(rest, [0x90]);
        assert!(tlv.is_constructed());
        // Three-byte tag.
        let (tlv, _) =
            parse_one(&[0x5F, 0x81, 0x02, 0x01, 0x07]).unwrap_or((Tlv { tag: 0, value: &[] }, &[]));
        assert_eq!((tlv.tag, tlv.value), (0x5F8102, &[7u8][..]));
    }

    #[test]
    fn malformed_inputs() {
        let tlv_invalid = Some(3006);
        assert_eq!(code(parse_one(&[])), tlv_invalid);
        assert_eq!(code(parse_one(&[0x5F])), tlv_invalid);
        assert_eq!(
            code(parse_one(&[0x5F, 0x81, 0x81, 0x81, 0x01, 0])),
            tlv_invalid
        );
        assert_eq!(code(parse_one(&[0x04, 0x80, 0, 0])), tlv_invalid);
        assert_eq!(
            code(parse_one(&[0x04, 0x85, 0, 0, 0, 0, 1, 0])),
            tlv_invalid
        );
        assert_eq!(code(parse_one(&[0x04, 0x82, 0x01])), tlv_invalid);
        assert_eq!(code(parse_one(&[0x04, 0x03, 1, 2])), tlv_invalid);
        assert_eq!(code(parse_all(&[0x04, 0x01, 1, 0x04])), tlv_invalid);
        match parse_all(&[0x04, 0x01, 1, 0x04]) {
            Err(crate::Error::Card(CardError::TlvInvalid { offset, .. })) => assert_eq!(offset, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn strict_der() {
        let long_short = [0x04, 0x81, 0x01, 0xAA];
        assert!(parse_one(&long_short).is_ok());
        assert_eq!(
            code(parse_one_with(&long_short, &ParseOptions::DER)),
            Some(3007)
        );
        let leading_zero = [0x04, 0x82, 0x00, 0x01, 0xAA];
        assert_eq!(
            code(parse_one_with(&leading_zero, &ParseOptions::DER)),
            Some(3007)
        );
        let short_tag_in_long_form = [0x1F, 0x05, 0x00];
        assert_eq!(
            code(parse_one_with(&short_tag_in_long_form, &ParseOptions::DER)),
            Some(3007)
        );
        let padded_tag = [0x5F, 0x80, 0x29, 0x00];
        assert_eq!(
            code(parse_one_with(&padded_tag, &ParseOptions::DER)),
            Some(3007)
        );
        assert!(parse_one_with(&[0x5F, 0x29, 0x01, 0x00], &ParseOptions::DER).is_ok());
    }

    #[test]
    fn nesting_limit_and_find() {
        // 20 nested 0x30 SEQUENCEs around an 0x04.
        let mut data = vec![0x04, 0x01, 0x42];
        for _ in 0..20 {
            let mut outer = Vec::new();
            encode(0x30, &data, &mut outer);
            data = outer;
        }
        assert_eq!(code(validate(&data, &ParseOptions::BER)), Some(3008));
        assert_eq!(code(find(&data, 0x04)), Some(3008));
        let deep = ParseOptions {
            der: true,
            max_depth: 32,
        };
        assert!(validate(&data, &deep).is_ok());
        assert_eq!(
            find_with(&data, 0x04, &deep).ok(),
            Some(Some(&[0x42u8][..]))
        );
        assert_eq!(find_with(&data, 0x05, &deep).ok(), Some(None));
    }

    #[test]
    fn encoder_forms() {
        let mut out = Vec::new();
        for (len, expect) in [
            (0usize, vec![0x00]),
            (0x7F, vec![0x7F]),
            (0x80, vec![0x81, 0x80]),
            (0xFF, vec![0x81, 0xFF]),
            (0x100, vec![0x82, 0x01, 0x00]),
            (0x1_0000, vec![0x83, 0x01, 0x00, 0x00]),
        ] {
            out.clear();
            encode_len(len, &mut out);
            assert_eq!(out, expect, "{len}");
        }
        out.clear();
        encode_tag(0, &mut out);
        encode_tag(0x86, &mut out);
        encode_tag(0x7F4E, &mut out);
        assert_eq!(out, [0x00, 0x86, 0x7F, 0x4E]);
        let tlv = Tlv {
            tag: 0x80,
            value: &[1, 2],
        };
        out.clear();
        tlv.encode(&mut out);
        assert_eq!(out, [0x80, 2, 1, 2]);
        let parent = Tlv {
            tag: 0x7C,
            value: &out,
        };
        assert_eq!(parent.child(0x80).ok(), Some(Some(&[1u8, 2][..])));
        assert_eq!(
            parent
                .children_with(&ParseOptions::DER)
                .map(|c| c.len())
                .ok(),
            Some(1)
        );
    }

    fn tag_strategy() -> impl Strategy<Value = u32> {
        prop_oneof![
            // One byte, not 0x1F-style.
            any::<u8>()
                .prop_filter("single", |b| b & 0x1F != 0x1F)
                .prop_map(u32::from),
            // Two bytes: first ends in 1F, second >= 0x1F and < 0x80.
            (any::<u8>(), 0x1Fu8..0x80)
                .prop_map(|(a, b)| (u32::from(a | 0x1F) << 8) | u32::from(b)),
            // Three bytes.
            (any::<u8>(), 0x81u8..=0xFF, 0u8..0x80)
                .prop_map(|(a, b, c)| (u32::from(a | 0x1F) << 16)
                    | (u32::from(b) << 8)
                    | u32::from(c)),
        ]
    }

    proptest! {
        #[test]
        fn der_round_trip(objects in proptest::collection::vec(
            (tag_strategy(), proptest::collection::vec(any::<u8>(), 0..400)), 0..5)) {
            let mut out = Vec::new();
            for (tag, value) in &objects {
                encode(*tag, value, &mut out);
            }
            let parsed = parse_all_with(&out, &ParseOptions::DER)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parsed.len(), objects.len());
            for (tlv, (tag, value)) in parsed.iter().zip(&objects) {
                prop_assert_eq!(tlv.tag, *tag);
                prop_assert_eq!(tlv.value, &value[..]);
            }
        }

        #[test]
        fn arbitrary_input_never_panics(data in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse_all(&data);
            let _ = validate(&data, &ParseOptions::DER);
            let _ = find(&data, 0x5F29);
            if let Ok(all) = parse_all(&data) {
                // Lenient re-encoding is DER, which parses back to the same objects.
                let mut out = Vec::new();
                for tlv in &all {
                    tlv.encode(&mut out);
                }
                let again = parse_all(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(again, all);
            }
        }
    }
}
