//! The common shape check of the plain codes: trim, drop allowed separators, check characters and length.

use std::ops::RangeInclusive;

use super::error::IdError;
use super::kind::IdKind;

/// What characters a code may hold besides digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chars {
    /// Digits only.
    Digits,
    /// Digits and letters A-Z (lowercase accepted and made capital).
    DigitsAndCapitals,
}

/// Trims `text`, rejects empty input, drops every `separators` character, checks that the rest is made
/// of `chars` and that its length lies in `len`. Returns the compact, normalised form.
pub(crate) fn compact(
    text: &str,
    kind: IdKind,
    chars: Chars,
    separators: &[char],
    len: RangeInclusive<usize>,
) -> Result<String, IdError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(IdError::Empty);
    }
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if separators.contains(&ch) {
            continue;
        }
        if ch.is_ascii_digit() {
            out.push(ch);
        } else if chars == Chars::DigitsAndCapitals && ch.is_ascii_alphabetic() {
            out.push(ch.to_ascii_uppercase());
        } else {
            return Err(IdError::InvalidCharacter { kind, ch });
        }
    }
    if !len.contains(&out.len()) {
        return Err(IdError::WrongLength {
            kind,
            found: out.len(),
        });
    }
    Ok(out)
}

/// The decimal digits of an all-digit string (as produced by [`compact`] with [`Chars::Digits`]).
pub(crate) fn digit_values(digits: &str) -> impl Iterator<Item = u32> + '_ {
    digits.chars().filter_map(|c| c.to_digit(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_rules() {
        let k = IdKind::Taj;
        assert_eq!(
            compact(" 12-3 ", k, Chars::Digits, &['-', ' '], 3..=3).as_deref(),
            Ok("123")
        );
        assert_eq!(
            compact("   ", k, Chars::Digits, &[], 3..=3),
            Err(IdError::Empty)
        );
        assert_eq!(
            compact("1a3", k, Chars::Digits, &[], 3..=3),
            Err(IdError::InvalidCharacter { kind: k, ch: 'a' })
        );
        assert_eq!(
            compact("1a3", k, Chars::DigitsAndCapitals, &[], 3..=3).as_deref(),
            Ok("1A3")
        );
        assert_eq!(
            compact("1234", k, Chars::Digits, &[], 3..=3),
            Err(IdError::WrongLength { kind: k, found: 4 })
        );
        assert_eq!(
            compact("１２３", k, Chars::Digits, &[], 3..=3),
            Err(IdError::InvalidCharacter { kind: k, ch: '１' })
        );
    }
}
