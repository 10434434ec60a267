//! A rendered one-time code in a fixed stack buffer, and parsing what a person typed.

use std::fmt;

use zeroize::Zeroize;

use super::OtpError;

/// The fewest digits a code may have (RFC 4226).
pub const MIN_DIGITS: u32 = 6;
/// The most digits a code may have (a 31-bit value has at most 10 decimal digits).
pub const MAX_DIGITS: u32 = 10;

/// The truncated HMAC value reduced to `digits` digits: `value mod 10^digits`.
///
/// Each digit count has its own arm so that the division is by a constant (a multiply and a shift)
/// rather than a hardware divide, which costs as much as a third of a SHA-1 compression here.
/// A 31-bit value is below `10^10`, so ten digits need no reduction.
#[inline]
pub(crate) fn reduce(value: u32, digits: u32) -> u32 {
    match digits {
        ..=6 => value % 1_000_000,
        7 => value % 10_000_000,
        8 => value % 100_000_000,
        9 => value % 1_000_000_000,
        _ => value,
    }
}

/// The eight decimal digits of `n` (below 10^8) as ASCII, most significant first.
///
/// SWAR: the number is split into halves of four digits in the two 32-bit lanes of one `u64`,
/// each half into pairs in 16-bit lanes, each pair into single digits in 8-bit lanes, with every
/// division by a constant done as a multiply and shift that is exact over the lane's range
/// (`x * 10486 >> 20` is `x / 100` for `x < 10^4`, `x * 103 >> 10` is `x / 10` for `x < 100`;
/// no product carries into the next lane). A dozen instructions and no dependent divisions: the
/// digits cost a few nanoseconds beside the two SHA-1 compressions. Little-endian bytes put the
/// first lane (the high half, its tens before its units) first.
#[inline(always)]
fn eight_digits(n: u32) -> [u8; 8] {
    let high = n / 10_000;
    let low = n % 10_000;
    let quads = u64::from(high) | (u64::from(low) << 32);
    let hundreds = ((quads * 10_486) >> 20) & 0x0000_007f_0000_007f;
    let pairs = hundreds | ((quads - hundreds * 100) << 16);
    let tens = ((pairs * 103) >> 10) & 0x000f_000f_000f_000f;
    let digits = tens | ((pairs - tens * 10) << 8);
    (digits | 0x3030_3030_3030_3030).to_le_bytes()
}

/// Checks a digit count (6 to 10).
pub(crate) fn check_digits(digits: u32) -> Result<u32, OtpError> {
    if (MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
        Ok(digits)
    } else {
        Err(OtpError::BadDigits { digits })
    }
}

/// A one-time code: 6 to 10 ASCII digits in a fixed buffer (no heap allocation).
///
/// `Display` and [`Code::as_str`] give the digits (to show or send); `Debug` prints `Code(***)`
/// so a code never lands in a log by accident. The buffer is wiped on drop.
#[derive(Clone)]
pub struct Code {
    buf: [u8; MAX_DIGITS as usize],
    len: u8,
}

impl Code {
    /// Renders the truncated HMAC value `value` as `digits` digits (zero-padded).
    ///
    /// The buffer holds ten places: the two above 10^8 (a 31-bit value is below 22 * 10^8), then
    /// the eight below, rendered by [`eight_digits`].
    #[inline]
    pub(crate) fn render(value: u32, digits: u32) -> Code {
        let len = digits.clamp(MIN_DIGITS, MAX_DIGITS);
        let value = reduce(value, len);
        let (top, rest) = (value / 100_000_000, value % 100_000_000);
        let mut buf = [0u8; MAX_DIGITS as usize];
        let (first, second) = buf.split_at_mut(2);
        first.copy_from_slice(&[b'0' + (top / 10) as u8, b'0' + (top % 10) as u8]);
        second.copy_from_slice(&eight_digits(rest));
        Code {
            buf,
            len: len as u8,
        }
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// The digits as ASCII bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        let start = (MAX_DIGITS as usize).saturating_sub(usize::from(self.len));
        self.buf.get(start..).unwrap_or(&[])
    }

    /// The number of digits.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a code has at least six digits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Code(***)")
    }
}

impl PartialEq for Code {
    /// Constant-time comparison.
    fn eq(&self, other: &Code) -> bool {
        use subtle::ConstantTimeEq;
        self.as_bytes().ct_eq(other.as_bytes()).into()
    }
}

impl Eq for Code {}

impl Drop for Code {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}

/// Parses a typed code of exactly `digits` digits into its value. Spaces (and a hyphen or space in
/// the middle, as some apps show `123 456`) are ignored.
///
/// Errors: [`OtpError::CodeNotDigits`] for any other character, [`OtpError::CodeLength`] for the
/// wrong number of digits.
pub(crate) fn parse_input(input: &[u8], digits: u32) -> Result<u64, OtpError> {
    let mut value: u64 = 0;
    let mut count = 0usize;
    // Byte by byte: every accepted character is ASCII, so any byte of a multi-byte UTF-8
    // character (and any byte of text that is not UTF-8) is simply not a digit.
    for &byte in input {
        match byte {
            b' ' | b'-' | b'\t' => continue,
            b'0'..=b'9' => {
                count += 1;
                if count <= MAX_DIGITS as usize {
                    value = value * 10 + u64::from(byte - b'0');
                }
            }
            _ => return Err(OtpError::CodeNotDigits),
        }
    }
    if count != digits as usize {
        return Err(OtpError::CodeLength {
            expected: digits,
            got: count,
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_pads_and_truncates() {
        assert_eq!(Code::render(1_284_755_224, 6).as_str(), "755224");
        assert_eq!(Code::render(5_924, 8).as_str(), "00005924");
        assert_eq!(Code::render(2_147_483_647, 10).as_str(), "2147483647");
        assert_eq!(Code::render(7, 10).as_str(), "0000000007");
        assert_eq!(format!("{:?}", Code::render(7, 6)), "Code(***)");
        assert_eq!(Code::render(7, 6).len(), 6);
    }

    /// Each 32-bit lane of [`eight_digits`] handles four digits on its own, so every value of
    /// each half is checked (with the other half running through every value too, shifted), plus
    /// the edges of the whole range.
    #[test]
    fn eight_digits_is_exact() {
        let check = |n: u32| {
            let text = format!("{n:08}");
            assert_eq!(&eight_digits(n), text.as_bytes(), "n = {n}");
        };
        for half in 0..10_000u32 {
            let other = (half * 7_919 + 1_234) % 10_000;
            check(half * 10_000 + other);
            check(other * 10_000 + half);
            check(half * 10_000 + half);
        }
        for n in (0..1_000u32).chain(99_999_000..100_000_000) {
            check(n);
        }
    }

    /// Every digit count renders what `format!` gives, at every power-of-ten edge and across the
    /// whole 31-bit range.
    #[test]
    fn render_matches_format_for_every_length() {
        let mut values: Vec<u32> = vec![0, 1, 9, 10, 0x7fff_ffff];
        for power in 0..10 {
            let p = 10u32.pow(power);
            values.extend([p - 1, p, p + 1, p.saturating_mul(2).min(0x7fff_ffff)]);
        }
        let mut x = 0x2545_f491u32;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            values.push(x & 0x7fff_ffff);
        }
        for digits in MIN_DIGITS..=MAX_DIGITS {
            for &value in &values {
                let modulus = 10u64.pow(digits);
                let expected = format!(
                    "{:0width$}",
                    u64::from(value) % modulus,
                    width = digits as usize
                );
                assert_eq!(
                    Code::render(value, digits).as_str(),
                    expected,
                    "{value} {digits}"
                );
            }
        }
    }

    #[test]
    fn input_rules() {
        assert_eq!(parse_input("287 082".as_bytes(), 6), Ok(287_082));
        assert_eq!(parse_input("005924".as_bytes(), 6), Ok(5_924));
        assert_eq!(
            parse_input("12345".as_bytes(), 6),
            Err(OtpError::CodeLength {
                expected: 6,
                got: 5
            })
        );
        assert_eq!(
            parse_input("12345678901234".as_bytes(), 6),
            Err(OtpError::CodeLength {
                expected: 6,
                got: 14
            })
        );
        assert_eq!(
            parse_input("12a456".as_bytes(), 6),
            Err(OtpError::CodeNotDigits)
        );
        assert_eq!(
            parse_input("１２３４５６".as_bytes(), 6),
            Err(OtpError::CodeNotDigits)
        );
        // Bytes that are not UTF-8 at all (from a C caller) are not digits either.
        assert_eq!(parse_input(b"123\xff56", 6), Err(OtpError::CodeNotDigits));
        assert_eq!(parse_input(b"\x80", 6), Err(OtpError::CodeNotDigits));
        assert_eq!(check_digits(5), Err(OtpError::BadDigits { digits: 5 }));
        assert_eq!(check_digits(11), Err(OtpError::BadDigits { digits: 11 }));
    }
}
