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

/// The five decimal digits of `n` (below 100,000) as ASCII, most significant first.
///
/// `y / 2^32` starts as `n / 10^4` in 32.32 fixed point (the multiplier is `2^32 / 10^4` rounded
/// up): its integer part is the first digit, and multiplying the fraction by ten brings up each
/// next digit. The rounding error stays below one digit's weight for every `n < 10^5` (a unit test
/// checks all of them), so each digit costs a multiply instead of a dependent division.
#[inline(always)]
fn five_digits(n: u32) -> [u8; 5] {
    let mut y = u64::from(n) * 429_497;
    let mut out = [0u8; 5];
    for slot in &mut out {
        *slot = b'0' + (y >> 32) as u8;
        y = (y & 0xffff_ffff) * 10;
    }
    out
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
    /// The ten places are two independent halves of five, each rendered by [`five_digits`].
    #[inline]
    pub(crate) fn render(value: u32, digits: u32) -> Code {
        let len = digits.clamp(MIN_DIGITS, MAX_DIGITS);
        let value = reduce(value, len);
        // value < 2^31, so the high half is below 21,475.
        let (high, low) = (value / 100_000, value % 100_000);
        let mut buf = [0u8; MAX_DIGITS as usize];
        let (first, second) = buf.split_at_mut(5);
        first.copy_from_slice(&five_digits(high));
        second.copy_from_slice(&five_digits(low));
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
pub(crate) fn parse_input(input: &str, digits: u32) -> Result<u64, OtpError> {
    let mut value: u64 = 0;
    let mut count = 0usize;
    for c in input.chars() {
        match c {
            ' ' | '-' | '\t' => continue,
            '0'..='9' => {
                count += 1;
                if count <= MAX_DIGITS as usize {
                    value = value * 10 + u64::from(c as u8 - b'0');
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

    #[test]
    fn five_digits_is_exact_for_every_input() {
        for n in 0..100_000u32 {
            let text = format!("{n:05}");
            assert_eq!(&five_digits(n), text.as_bytes(), "n = {n}");
        }
    }

    #[test]
    fn input_rules() {
        assert_eq!(parse_input("287 082", 6), Ok(287_082));
        assert_eq!(parse_input("005924", 6), Ok(5_924));
        assert_eq!(
            parse_input("12345", 6),
            Err(OtpError::CodeLength {
                expected: 6,
                got: 5
            })
        );
        assert_eq!(
            parse_input("12345678901234", 6),
            Err(OtpError::CodeLength {
                expected: 6,
                got: 14
            })
        );
        assert_eq!(parse_input("12a456", 6), Err(OtpError::CodeNotDigits));
        assert_eq!(parse_input("１２３４５６", 6), Err(OtpError::CodeNotDigits));
        assert_eq!(check_digits(5), Err(OtpError::BadDigits { digits: 5 }));
        assert_eq!(check_digits(11), Err(OtpError::BadDigits { digits: 11 }));
    }
}
