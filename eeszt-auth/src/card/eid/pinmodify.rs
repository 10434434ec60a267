//! The PC/SC part 10 `PIN_MODIFY` structure (input of `FEATURE_MODIFY_PIN_DIRECT`, tag 0x07) and
//! the reader's answer to it.
//!
//! A PIN-pad reader given this structure prompts the user on its own display, reads the new PIN
//! (and, on request, the current PIN and a confirmation) from its keypad, inserts the digits into
//! the APDU template `abData` and sends that APDU to the card. The host never sees the digits.
//!
//! Wire layout (PC/SC part 10 v2.02 §2.5.3, packed, multi-byte fields little-endian):
//!
//! | offset | field | meaning |
//! |---|---|---|
//! | 0 | `bTimerOut` | seconds to wait for the first key (0: reader default) |
//! | 1 | `bTimerOut2` | seconds to wait after the first key |
//! | 2 | `bmFormatString` | b7 units are bytes, b6-3 PIN position, b2 right-justify, b1-0 format (00 binary, 01 BCD, 10 ASCII) |
//! | 3 | `bmPINBlockString` | b7-4 bits of the PIN-length field, b3-0 PIN block size in bytes |
//! | 4 | `bmPINLengthFormat` | b4 units are bytes, b3-0 PIN-length position |
//! | 5 | `bInsertionOffsetOld` | where the current PIN goes in the APDU data |
//! | 6 | `bInsertionOffsetNew` | where the new PIN goes in the APDU data |
//! | 7-8 | `wPINMaxExtraDigit` | `0xXXYY`: XX minimum, YY maximum digits (so byte 7 = maximum) |
//! | 9 | `bConfirmPIN` | b0 ask the new PIN twice, b1 ask the current PIN too |
//! | 10 | `bEntryValidationCondition` | b0 maximum size reached, b1 OK key, b2 timeout |
//! | 11 | `bNumberMessage` | how many prompts the reader shows |
//! | 12-13 | `wLangId` | language of the prompts (0x040E Hungarian, 0x0409 English) |
//! | 14-16 | `bMsgIndex1..3` | prompt numbers in the reader's message table |
//! | 17-19 | `bTeoPrologue` | T=1 prologue (zeros) |
//! | 20-23 | `ulDataLength` | length of `abData` |
//! | 24- | `abData` | the APDU template |
//!
//! The eSzemélyi preset ([`PinModify::eid_set_pin`]) is RESET RETRY COUNTER `00 2C 02 03` with the
//! new PIN as 6 ASCII digits and no length field, asked twice: the same structure AusweisApp sends
//! to comfort readers for the German eID card (whose PIN model the eSzemélyi follows).

use crate::card::{EidError, Response, StatusWord};
use crate::error::{Lang, Result};

/// The length of the fixed part before `abData`.
pub const HEADER_LEN: usize = 24;
/// `bmFormatString`: units are bytes, PIN at position 0, left-justified, ASCII digits.
pub const FORMAT_ASCII_BYTES: u8 = 0x82;
/// `bConfirmPIN` bit 0: the reader asks for the new PIN twice and compares.
pub const CONFIRM_NEW_PIN: u8 = 0x01;
/// `bConfirmPIN` bit 1: the reader asks for the current PIN first.
pub const ENTER_CURRENT_PIN: u8 = 0x02;
/// `bEntryValidationCondition` bit 1: the entry ends with the reader's OK key.
pub const VALIDATE_WITH_OK_KEY: u8 = 0x02;
/// USB language ID for Hungarian.
pub const LANG_HUNGARIAN: u16 = 0x040E;
/// USB language ID for English (US).
pub const LANG_ENGLISH: u16 = 0x0409;
/// The eSzemélyi PIN change / activation APDU template: RESET RETRY COUNTER, P1 02 (new value),
/// P2 03 (the PIN); the reader appends the new PIN as data.
pub const EID_SET_PIN_APDU: [u8; 4] = [0x00, 0x2C, 0x02, 0x03];
/// The default keypad timeout in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u8 = 60;

/// A `PIN_MODIFY` structure; every field as in PC/SC part 10 (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinModify {
    /// `bTimerOut`: seconds to wait for the first key (0: the reader's default).
    pub timeout: u8,
    /// `bTimerOut2`: seconds to wait after the first key.
    pub timeout_after_key: u8,
    /// `bmFormatString`.
    pub format: u8,
    /// `bmPINBlockString`.
    pub pin_block: u8,
    /// `bmPINLengthFormat`.
    pub pin_length_format: u8,
    /// `bInsertionOffsetOld`.
    pub offset_old: u8,
    /// `bInsertionOffsetNew`.
    pub offset_new: u8,
    /// The minimum number of digits (high byte of `wPINMaxExtraDigit`).
    pub min_digits: u8,
    /// The maximum number of digits (low byte of `wPINMaxExtraDigit`).
    pub max_digits: u8,
    /// `bConfirmPIN` ([`CONFIRM_NEW_PIN`], [`ENTER_CURRENT_PIN`]).
    pub confirm: u8,
    /// `bEntryValidationCondition`.
    pub validation: u8,
    /// `bNumberMessage`.
    pub messages: u8,
    /// `wLangId`.
    pub lang_id: u16,
    /// `bMsgIndex1`, `bMsgIndex2`, `bMsgIndex3`.
    pub message_index: [u8; 3],
    /// `bTeoPrologue`.
    pub teo_prologue: [u8; 3],
    /// `abData`: the APDU template the reader completes with the PIN(s).
    pub apdu: Vec<u8>,
}

impl PinModify {
    /// The eSzemélyi's "set the new PIN" on the keypad: `00 2C 02 03` plus 6 ASCII digits typed
    /// twice, ended with OK; prompts in `lang` when the reader has them. Send it only inside the
    /// PACE channel the reader opened with EXECUTE_PACE (see [`super::pinpad`]).
    pub fn eid_set_pin(timeout: u8, lang: Lang) -> PinModify {
        PinModify {
            timeout,
            timeout_after_key: timeout,
            format: FORMAT_ASCII_BYTES,
            pin_block: 0,
            pin_length_format: 0,
            offset_old: 0,
            offset_new: 0,
            min_digits: super::params::PIN_DIGITS as u8,
            max_digits: super::params::PIN_DIGITS as u8,
            confirm: CONFIRM_NEW_PIN,
            validation: VALIDATE_WITH_OK_KEY,
            messages: 2,
            lang_id: match lang {
                Lang::Hu => LANG_HUNGARIAN,
                Lang::En => LANG_ENGLISH,
            },
            // As AusweisApp sends them to TR-03119 readers (which need bMsgIndex3 filled).
            message_index: [0x00, 0x01, 0x02],
            teo_prologue: [0; 3],
            apdu: EID_SET_PIN_APDU.to_vec(),
        }
    }

    /// The wire bytes. Fails only when `apdu` is longer than `u32::MAX`.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let len = u32::try_from(self.apdu.len()).map_err(|_| EidError::PinPadChangeUnsupported)?;
        let mut out = Vec::with_capacity(HEADER_LEN + self.apdu.len());
        out.extend_from_slice(&[
            self.timeout,
            self.timeout_after_key,
            self.format,
            self.pin_block,
            self.pin_length_format,
            self.offset_old,
            self.offset_new,
        ]);
        out.extend_from_slice(
            &u16::from_be_bytes([self.min_digits, self.max_digits]).to_le_bytes(),
        );
        out.extend_from_slice(&[self.confirm, self.validation, self.messages]);
        out.extend_from_slice(&self.lang_id.to_le_bytes());
        out.extend_from_slice(&self.message_index);
        out.extend_from_slice(&self.teo_prologue);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&self.apdu);
        Ok(out)
    }

    /// Parses the wire bytes (as a reader would); `ulDataLength` must match the rest exactly.
    pub fn parse(bytes: &[u8]) -> Option<PinModify> {
        let (head, apdu) = bytes.split_first_chunk::<HEADER_LEN>()?;
        let [
            timeout,
            timeout_after_key,
            format,
            pin_block,
            pin_length_format,
            offset_old,
            offset_new,
            max_digits,
            min_digits,
            confirm,
            validation,
            messages,
            lang_lo,
            lang_hi,
            m1,
            m2,
            m3,
            t1,
            t2,
            t3,
            l0,
            l1,
            l2,
            l3,
        ] = *head;
        let len = usize::try_from(u32::from_le_bytes([l0, l1, l2, l3])).ok()?;
        (len == apdu.len()).then(|| PinModify {
            timeout,
            timeout_after_key,
            format,
            pin_block,
            pin_length_format,
            offset_old,
            offset_new,
            min_digits,
            max_digits,
            confirm,
            validation,
            messages,
            lang_id: u16::from_le_bytes([lang_lo, lang_hi]),
            message_index: [m1, m2, m3],
            teo_prologue: [t1, t2, t3],
            apdu: apdu.to_vec(),
        })
    }
}

/// Interprets the reader's answer to `FEATURE_MODIFY_PIN_DIRECT` (the card's response, or a reader
/// status `64xx`):
///
/// * `9000`: done;
/// * `6400` [`EidError::PinPadTimeout`], `6401` [`EidError::PinPadCancelled`], `6402` (the two new
///   PINs differ) [`EidError::PinMismatch`], `6403` [`EidError::PinPadPinLength`];
/// * `63Cx` [`EidError::WrongPin`] with x tries left (`63C0`, `6983`: [`EidError::PinBlocked`]);
/// * `6982`, `6987`, `6988` [`EidError::PinPadUnprotected`]: the card wanted secure messaging;
/// * other `64xx`/`6Bxx` reader statuses [`EidError::PinPadFailed`]; anything else
///   [`EidError::CardRefused`]. An answer shorter than two bytes is [`EidError::PinPadFailed`].
pub fn check_answer(answer: &[u8]) -> Result<()> {
    let sw = Response::parse(answer)
        .map(|r| r.sw())
        .map_err(|_| EidError::PinPadFailed {
            result: 0xFFFF_FFFF,
        })?;
    Err(match sw {
        StatusWord(0x9000) => return Ok(()),
        StatusWord(0x6400) => EidError::PinPadTimeout,
        StatusWord(0x6401) => EidError::PinPadCancelled,
        StatusWord(0x6402) => EidError::PinMismatch,
        StatusWord(0x6403) => EidError::PinPadPinLength,
        StatusWord(0x63C0 | 0x6983) => EidError::PinBlocked,
        StatusWord(sw @ 0x63C1..=0x63CF) => EidError::WrongPin {
            tries_left: Some((sw & 0x0F) as u8),
        },
        StatusWord(sw @ (0x6982 | 0x6987 | 0x6988)) => EidError::PinPadUnprotected { sw },
        StatusWord(sw @ (0x6400..=0x64FF | 0x6B80)) => EidError::PinPadFailed {
            result: u32::from(sw),
        },
        StatusWord(sw) => EidError::CardRefused { sw },
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn eid_preset_byte_by_byte() {
        let bytes = PinModify::eid_set_pin(30, Lang::Hu).to_bytes().unwrap();
        #[rustfmt::skip]
        let expected = [
            30,         // bTimerOut
            30,         // bTimerOut2
            0x82,       // bmFormatString: bytes, position 0, left, ASCII
            0x00,       // bmPINBlockString: no length field, no fixed block
            0x00,       // bmPINLengthFormat
            0x00,       // bInsertionOffsetOld
            0x00,       // bInsertionOffsetNew: right after the header
            0x06, 0x06, // wPINMaxExtraDigit 0x0606 (LE: max, min)
            0x01,       // bConfirmPIN: new PIN twice, no current PIN
            0x02,       // bEntryValidationCondition: OK key
            0x02,       // bNumberMessage
            0x0E, 0x04, // wLangId 0x040E (LE)
            0x00, 0x01, 0x02, // bMsgIndex1..3
            0x00, 0x00, 0x00, // bTeoPrologue
            0x04, 0x00, 0x00, 0x00, // ulDataLength 4 (LE)
            0x00, 0x2C, 0x02, 0x03, // abData: RESET RETRY COUNTER, new PIN
        ];
        assert_eq!(bytes, expected);
        let en = PinModify::eid_set_pin(0, Lang::En).to_bytes().unwrap();
        assert_eq!(&en[12..14], &[0x09, 0x04]);
        assert_eq!(&en[..2], &[0, 0]);
    }

    #[test]
    fn min_and_max_digits_are_ordered_as_the_spec_says() {
        let mut m = PinModify::eid_set_pin(0, Lang::En);
        m.min_digits = 4;
        m.max_digits = 8;
        m.confirm = CONFIRM_NEW_PIN | ENTER_CURRENT_PIN;
        m.offset_new = 8;
        m.apdu = vec![0x00, 0x24, 0x00, 0x01, 0x10];
        let bytes = m.to_bytes().unwrap();
        // 0x0408 little-endian: the maximum first.
        assert_eq!(&bytes[7..9], &[0x08, 0x04]);
        assert_eq!(bytes[9], 0x03);
        assert_eq!(bytes[6], 8);
        assert_eq!(&bytes[20..24], &[5, 0, 0, 0]);
        assert_eq!(PinModify::parse(&bytes), Some(m));
    }

    #[test]
    fn parse_rejects_bad_lengths() {
        let bytes = PinModify::eid_set_pin(0, Lang::En).to_bytes().unwrap();
        assert!(PinModify::parse(&bytes[..HEADER_LEN - 1]).is_none());
        assert!(PinModify::parse(&bytes[..bytes.len() - 1]).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(PinModify::parse(&longer).is_none());
    }

    #[test]
    fn answers_are_typed() {
        let check = |sw: u16| check_answer(&sw.to_be_bytes()).map_err(|e| e.code());
        assert_eq!(check(0x9000), Ok(()));
        assert_eq!(check(0x6400), Err(EidError::PinPadTimeout.code()));
        assert_eq!(check(0x6401), Err(EidError::PinPadCancelled.code()));
        assert_eq!(check(0x6402), Err(EidError::PinMismatch.code()));
        assert_eq!(check(0x6403), Err(EidError::PinPadPinLength.code()));
        assert_eq!(
            check_answer(&[0x63, 0xC2]).unwrap_err(),
            EidError::WrongPin {
                tries_left: Some(2)
            }
            .into()
        );
        assert_eq!(check(0x63C0), Err(EidError::PinBlocked.code()));
        assert_eq!(
            check_answer(&[0x69, 0x87]).unwrap_err(),
            EidError::PinPadUnprotected { sw: 0x6987 }.into()
        );
        assert_eq!(
            check_answer(&[0x6B, 0x80]).unwrap_err(),
            EidError::PinPadFailed { result: 0x6B80 }.into()
        );
        assert_eq!(
            check_answer(&[0x6A, 0x80]).unwrap_err(),
            EidError::CardRefused { sw: 0x6A80 }.into()
        );
        assert!(check_answer(&[0x90]).is_err());
        assert!(check_answer(&[]).is_err());
        // Response data before the status word is allowed.
        assert_eq!(check_answer(&[1, 2, 0x90, 0x00]).ok(), Some(()));
    }

    proptest! {
        #[test]
        fn encode_parse_round_trip(
            head in proptest::collection::vec(any::<u8>(), 15),
            lang_id in any::<u16>(),
            apdu in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let m = PinModify {
                timeout: head[0],
                timeout_after_key: head[1],
                format: head[2],
                pin_block: head[3],
                pin_length_format: head[4],
                offset_old: head[5],
                offset_new: head[6],
                min_digits: head[7],
                max_digits: head[8],
                confirm: head[9],
                validation: head[10],
                messages: head[11],
                lang_id,
                message_index: [head[12], head[13], head[14]],
                teo_prologue: [0, 0, 0],
                apdu,
            };
            let bytes = m.to_bytes().unwrap();
            prop_assert_eq!(bytes.len(), HEADER_LEN + m.apdu.len());
            prop_assert_eq!(PinModify::parse(&bytes), Some(m));
        }

        #[test]
        fn parse_and_check_never_panic(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = PinModify::parse(&data);
            let _ = check_answer(&data);
        }
    }
}
