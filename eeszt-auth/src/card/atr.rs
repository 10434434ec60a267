//! The answer to reset (ISO 7816-3): historical bytes and the card capabilities they advertise.
//!
//! ```
//! use eeszt_auth::card::atr;
//!
//! // T=1, historical bytes 80 73 00 00 C0: chaining and extended Lc/Le.
//! let bytes = atr::build_t1(&[0x80, 0x73, 0x00, 0x00, 0xC0]);
//! assert_eq!(atr::historical_bytes(&bytes), Some(&[0x80, 0x73, 0x00, 0x00, 0xC0][..]));
//! let caps = atr::capabilities(&bytes);
//! assert!(caps.extended_length && caps.chaining);
//! ```

/// What the card says it supports (the third byte of the card capabilities, tag 7x in the
/// compact-TLV historical bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capabilities {
    /// Command chaining.
    pub chaining: bool,
    /// Extended Lc and Le fields.
    pub extended_length: bool,
}

/// The historical bytes of an ATR, or `None` when it is truncated.
pub fn historical_bytes(atr: &[u8]) -> Option<&[u8]> {
    let t0 = *atr.get(1)?;
    let k = usize::from(t0 & 0x0F);
    let mut y = t0 >> 4;
    let mut pos = 2usize;
    loop {
        // TA, TB, TC present as the bits say; TD last.
        pos += usize::from(y & 0x1) + usize::from((y >> 1) & 0x1) + usize::from((y >> 2) & 0x1);
        if y & 0x8 == 0 {
            break;
        }
        let td = *atr.get(pos)?;
        pos += 1;
        y = td >> 4;
    }
    atr.get(pos..pos.checked_add(k)?)
}

/// The card capabilities from compact-TLV historical bytes (category indicator 00 or 80).
pub fn capabilities(atr: &[u8]) -> Capabilities {
    let Some(hist) = historical_bytes(atr) else {
        return Capabilities::default();
    };
    let Some((&category, mut rest)) = hist.split_first() else {
        return Capabilities::default();
    };
    if category != 0x00 && category != 0x80 {
        return Capabilities::default();
    }
    while let Some((&tl, after)) = rest.split_first() {
        let len = usize::from(tl & 0x0F);
        let Some((value, next)) = after.split_at_checked(len) else {
            break;
        };
        if tl >> 4 == 0x7 {
            if let Some(&third) = value.get(2) {
                return Capabilities {
                    chaining: third & 0x80 != 0,
                    extended_length: third & 0x40 != 0,
                };
            }
        }
        rest = next;
    }
    Capabilities::default()
}

/// A T=1 ATR (`3B 8k 80 01 <historical> TCK`) around up to 15 historical bytes.
pub fn build_t1(historical: &[u8]) -> Vec<u8> {
    let hist = historical.get(..historical.len().min(15)).unwrap_or(&[]);
    let mut atr = vec![0x3B, 0x80 | hist.len() as u8, 0x80, 0x01];
    atr.extend_from_slice(hist);
    let tck = atr.iter().skip(1).fold(0u8, |acc, b| acc ^ b);
    atr.push(tck);
    atr
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_atrs() {
        // The Hungarian eID's contactless pseudo-ATR (pcsc-tools list).
        let eid = [
            0x3B, 0x87, 0x80, 0x01, 0x80, 0x31, 0xB9, 0x73, 0x84, 0x21, 0x60, 0xB8,
        ];
        assert_eq!(
            historical_bytes(&eid),
            Some(&[0x80, 0x31, 0xB9, 0x73, 0x84, 0x21, 0x60][..])
        );
        let caps = capabilities(&eid);
        assert!(!caps.chaining && caps.extended_length);
        // T=0 with TA1 TB1 TC1: 3B 72 11 00 FF 11 22 (two historical bytes, no TCK).
        assert_eq!(
            historical_bytes(&[0x3B, 0x72, 0x11, 0x00, 0xFF, 0x11, 0x22]),
            Some(&[0x11, 0x22][..])
        );
        assert_eq!(historical_bytes(&[0x3B]), None);
        assert_eq!(historical_bytes(&[0x3B, 0x85, 0x80]), None);
        assert_eq!(
            capabilities(&build_t1(&[0x31, 0x00])),
            Capabilities::default()
        );
        assert_eq!(
            capabilities(&build_t1(&[0x80, 0x75, 0x00])),
            Capabilities::default()
        );
    }
}
