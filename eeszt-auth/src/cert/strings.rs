//! ASN.1 character strings as they occur in X.509 names, decoded to Rust strings.
//!
//! OpenSSL's rules are followed so that names compare equal with `openssl x509 -nameopt utf8`:
//! a T61String (TeletexString) is read as Latin-1, one character per byte, because that is what
//! issuers put into it in practice (x509-parser refuses such names).

/// The ASN.1 string type of an attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StringKind {
    /// UTF8String (tag 12).
    Utf8,
    /// NumericString (tag 18).
    Numeric,
    /// PrintableString (tag 19).
    Printable,
    /// T61String / TeletexString (tag 20), read as Latin-1.
    T61,
    /// IA5String (tag 22).
    Ia5,
    /// VisibleString (tag 26).
    Visible,
    /// UniversalString (tag 28), UCS-4 big-endian.
    Universal,
    /// BMPString (tag 30), UCS-2 / UTF-16 big-endian.
    Bmp,
    /// Any other type; the value is shown as `#` and the hex of its DER encoding (RFC 4514).
    Other(u32),
}

impl StringKind {
    /// The kind for a universal tag number.
    pub fn from_tag(tag: u32) -> StringKind {
        match tag {
            12 => StringKind::Utf8,
            18 => StringKind::Numeric,
            19 => StringKind::Printable,
            20 => StringKind::T61,
            22 => StringKind::Ia5,
            26 => StringKind::Visible,
            28 => StringKind::Universal,
            30 => StringKind::Bmp,
            other => StringKind::Other(other),
        }
    }

    /// The ASN.1 name of the type (`"UTF8String"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            StringKind::Utf8 => "UTF8String",
            StringKind::Numeric => "NumericString",
            StringKind::Printable => "PrintableString",
            StringKind::T61 => "T61String",
            StringKind::Ia5 => "IA5String",
            StringKind::Visible => "VisibleString",
            StringKind::Universal => "UniversalString",
            StringKind::Bmp => "BMPString",
            StringKind::Other(_) => "other",
        }
    }
}

/// Decodes the content bytes of a string of `kind`. Invalid code units become U+FFFD; returns
/// `None` only for [`StringKind::Other`], which has no text form.
pub fn decode(kind: StringKind, data: &[u8]) -> Option<String> {
    Some(match kind {
        StringKind::Utf8 => String::from_utf8_lossy(data).into_owned(),
        StringKind::Numeric
        | StringKind::Printable
        | StringKind::Ia5
        | StringKind::Visible
        | StringKind::T61 => latin1(data),
        StringKind::Bmp => {
            let units = data.chunks(2).map(|c| match c {
                [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                _ => 0xFFFD,
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        StringKind::Universal => data
            .chunks(4)
            .map(|c| match c {
                [a, b, c, d] => char::from_u32(u32::from_be_bytes([*a, *b, *c, *d]))
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
                _ => char::REPLACEMENT_CHARACTER,
            })
            .collect(),
        StringKind::Other(_) => return None,
    })
}

fn latin1(data: &[u8]) -> String {
    if data.is_ascii() {
        // Fast path: ASCII is valid UTF-8 as is.
        return String::from_utf8_lossy(data).into_owned();
    }
    data.iter().map(|&b| char::from(b)).collect()
}

/// Encodes `text` as the content bytes of `kind` (the inverse of [`decode`] for text the type can
/// hold); `None` when a character does not fit the type.
pub fn encode(kind: StringKind, text: &str) -> Option<Vec<u8>> {
    match kind {
        StringKind::Utf8 => Some(text.as_bytes().to_vec()),
        StringKind::Numeric
        | StringKind::Printable
        | StringKind::Ia5
        | StringKind::Visible
        | StringKind::T61 => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect(),
        StringKind::Bmp => Some(
            text.encode_utf16()
                .flat_map(|unit| unit.to_be_bytes())
                .collect(),
        ),
        StringKind::Universal => Some(
            text.chars()
                .flat_map(|c| u32::from(c).to_be_bytes())
                .collect(),
        ),
        StringKind::Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hungarian_in_every_type() {
        let name = "Árvíztűrő tükörfúrógép";
        for kind in [StringKind::Utf8, StringKind::Bmp, StringKind::Universal] {
            let bytes = encode(kind, name).unwrap();
            assert_eq!(decode(kind, &bytes).unwrap(), name);
        }
        // Latin-1 cannot hold ű and ő (they are Latin-2); T61 as Latin-1 holds á, é, í, ö, ü.
        assert_eq!(encode(StringKind::T61, name), None);
        assert_eq!(
            decode(StringKind::T61, b"K\xF6zponti \xC1llami").unwrap(),
            "Központi Állami"
        );
        assert_eq!(decode(StringKind::Bmp, &[0x00]).unwrap(), "\u{FFFD}");
        assert_eq!(decode(StringKind::Other(4), b"x"), None);
    }

    proptest! {
        #[test]
        fn bmp_and_utf8_round_trip(text in "\\PC{0,40}") {
            for kind in [StringKind::Utf8, StringKind::Bmp, StringKind::Universal] {
                let bytes = encode(kind, &text).unwrap();
                prop_assert_eq!(decode(kind, &bytes).unwrap(), text.clone());
            }
        }

        #[test]
        fn latin1_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let text = decode(StringKind::T61, &bytes).unwrap();
            prop_assert_eq!(encode(StringKind::T61, &text).unwrap(), bytes);
        }

        #[test]
        fn decode_never_panics(tag in 0u32..40, bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = decode(StringKind::from_tag(tag), &bytes);
        }
    }
}
