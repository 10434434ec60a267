//! Certificate serial numbers with their sign, read from the raw INTEGER bytes.

/// A serial number: the two's-complement content bytes of the DER INTEGER.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Serial {
    raw: Vec<u8>,
}

impl Serial {
    /// A serial from the content bytes of its INTEGER (two's complement, big-endian).
    pub fn from_raw(raw: &[u8]) -> Serial {
        Serial { raw: raw.to_vec() }
    }

    /// The content bytes as encoded.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// True for a negative serial (RFC 5280 forbids them, but they occur).
    pub fn is_negative(&self) -> bool {
        self.raw.first().is_some_and(|b| b & 0x80 != 0)
    }

    /// The magnitude, big-endian, without leading zero bytes (`[0]` for zero).
    pub fn magnitude(&self) -> Vec<u8> {
        let mut bytes = self.raw.clone();
        if self.is_negative() {
            // Two's complement negation: invert and add one.
            for b in bytes.iter_mut() {
                *b = !*b;
            }
            for b in bytes.iter_mut().rev() {
                let (sum, carry) = b.overflowing_add(1);
                *b = sum;
                if !carry {
                    break;
                }
            }
        }
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let trimmed = bytes.get(skip..).unwrap_or_default();
        if trimmed.is_empty() {
            vec![0]
        } else {
            trimmed.to_vec()
        }
    }

    /// Upper-case hex the way `openssl x509 -serial` prints it: the magnitude in whole bytes, with a
    /// `-` before a negative serial (`-0123AB`).
    pub fn to_openssl_hex(&self) -> String {
        let mut out = String::with_capacity(self.raw.len() * 2 + 1);
        if self.is_negative() {
            out.push('-');
        }
        for b in self.magnitude() {
            out.push_str(&format!("{b:02X}"));
        }
        out
    }
}

impl std::fmt::Display for Serial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_openssl_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn signs() {
        assert_eq!(Serial::from_raw(&[0x00, 0x80]).to_openssl_hex(), "80");
        assert_eq!(Serial::from_raw(&[0x80]).to_openssl_hex(), "-80");
        assert_eq!(Serial::from_raw(&[0xFF]).to_openssl_hex(), "-01");
        assert_eq!(Serial::from_raw(&[0xFF, 0x00]).to_openssl_hex(), "-0100");
        assert_eq!(Serial::from_raw(&[0x00]).to_openssl_hex(), "00");
        assert_eq!(Serial::from_raw(&[]).to_openssl_hex(), "00");
    }

    proptest! {
        #[test]
        fn matches_i128(value in any::<i64>()) {
            let bytes = value.to_be_bytes();
            // Minimal two's-complement encoding.
            let mut start = 0;
            while start + 1 < bytes.len()
                && ((bytes[start] == 0 && bytes[start + 1] & 0x80 == 0)
                    || (bytes[start] == 0xFF && bytes[start + 1] & 0x80 != 0))
            {
                start += 1;
            }
            let serial = Serial::from_raw(&bytes[start..]);
            let magnitude = i128::from(value).unsigned_abs();
            let mut hex = format!("{magnitude:X}");
            if hex.len() % 2 == 1 {
                hex.insert(0, '0');
            }
            let expected = if value < 0 { format!("-{hex}") } else { hex };
            prop_assert_eq!(serial.to_openssl_hex(), expected);
        }
    }
}
