//! The exchange layer (61xx, 6Cxx, chaining, extended length) against a hostile card.

use super::Pieces;
use crate::Result;
use crate::card::{CardError, Command, Exchange, ExchangeOptions, ReaderFeatures, Transport};

/// A card that answers each APDU with the next scripted answer, then reports itself removed.
struct ScriptedCard<'a> {
    answers: Pieces<'a>,
    extended_length: bool,
    /// Whether the exchange layer may send extended-length APDUs (its option, else the reader's).
    may_extend: bool,
    sent: usize,
}

impl Transport for ScriptedCard<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        self.sent += 1;
        // What the exchange layer sends is always a well-formed APDU.
        assert!(
            Command::parse(apdu).is_ok(),
            "the exchange layer sent a bad APDU"
        );
        if !self.may_extend {
            assert!(
                apdu.len() <= 5 + 255 + 1,
                "an extended APDU to a short-only reader"
            );
        }
        match self.answers.next() {
            Some(answer) => Ok(answer.to_vec()),
            None => Err(CardError::CardRemoved.into()),
        }
    }

    fn features(&self) -> ReaderFeatures {
        ReaderFeatures {
            extended_length: self.extended_length,
            ..ReaderFeatures::default()
        }
    }

    fn atr(&self) -> Result<Vec<u8>> {
        Ok(vec![0x3B, 0x80, 0x80, 0x01, 0x01])
    }
}

/// Input: an options byte, the command (header, then its data as one piece, then Le), then the
/// card's answers as pieces. The exchange must end with an answer or an error, never send a bad
/// APDU, and never return more data than `max_response`.
pub fn exchange_hostile_card(data: &[u8]) {
    let mut input = Pieces::new(data);
    let (Some(flags), Some(cla), Some(ins), Some(p1), Some(p2), Some(le)) = (
        input.byte(),
        input.byte(),
        input.byte(),
        input.byte(),
        input.byte(),
        input.byte(),
    ) else {
        return;
    };
    let Some(body) = input.next() else {
        return;
    };
    let options = ExchangeOptions {
        extended_length: match flags & 3 {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        },
        chunk_size: usize::from(flags >> 4) * 16 + 1,
        get_response: flags & 4 != 0,
        resend_on_wrong_le: flags & 8 != 0,
        max_response: if flags & 0x80 != 0 { 300 } else { 1 << 20 },
    };
    // Repeat the body so chaining and extended length are reached with short inputs.
    let repeat = usize::from(flags >> 5 & 1) * 7 + 1;
    let mut command = Command::new(cla & !0x10, ins, p1, p2).with_data(body.repeat(repeat));
    if le != 0 {
        command = command.with_le(usize::from(le) * if flags & 0x20 != 0 { 257 } else { 1 });
    }
    if flags & 0x10 != 0 {
        command = command.with_secret();
    }
    let mut card = ScriptedCard {
        answers: input,
        extended_length: flags & 0x40 != 0,
        may_extend: options.extended_length.unwrap_or(flags & 0x40 != 0),
        sent: 0,
    };
    // A trace hook, so the redaction of what is sent and received runs too.
    let mut exchange = Exchange::with_options(options).with_trace(|_: &_| {});
    let result = exchange.run(&mut card, &command);
    if let Ok(answer) = result {
        assert!(
            answer.data().len() <= options.max_response,
            "over max_response"
        );
    }
    assert!(card.sent <= data.len() + 1, "more APDUs than answers");
}
