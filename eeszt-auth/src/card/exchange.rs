//! The ISO 7816-4 exchange rules over any [`Transport`]: GET RESPONSE on `61xx`, one re-send with
//! Le = SW2 on `6Cxx` (only for commands [`may_resend`] allows: never one that spends a try or
//! changes state, nor one under secure messaging), command chaining (CLA | 0x10) when the data does not fit a short APDU and the
//! reader has no extended length, extended length when it has.
//!
//! ```
//! use eeszt_auth::card::{exchange, Command, MockTransport, StatusWord};
//!
//! // A card that answers in two parts (61xx, then GET RESPONSE).
//! let mut card = MockTransport::new()
//!     .expect("00B0000000", "0102036102")
//!     .expect("00C0000002", "04059000");
//! let answer = exchange(&mut card, &Command::new(0x00, 0xB0, 0x00, 0x00).with_le(256))?;
//! assert_eq!(answer.data(), [1, 2, 3, 4, 5]);
//! assert_eq!(answer.sw(), StatusWord::OK);
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use std::fmt;

use super::apdu::{Command, Response, SHORT_MAX_DATA, SHORT_MAX_LE};
use super::error::CardError;
use super::trace::{Direction, Trace, TraceEvent, redact_command, redact_response};
use super::transport::Transport;
use crate::error::Result;

/// GET RESPONSE's INS.
pub const INS_GET_RESPONSE: u8 = 0xC0;
/// The chaining bit of CLA.
pub const CLA_CHAINING: u8 = 0x10;

/// Sends `command` through `transport` with the default [`ExchangeOptions`].
///
/// The returned response carries whatever status word the card gave last; use [`Response::check`]
/// (or [`exchange_ok`]) to turn a status other than `9000` into an error.
pub fn exchange<T: Transport + ?Sized>(transport: &mut T, command: &Command) -> Result<Response> {
    Exchange::new().run(transport, command)
}

/// Like [`exchange`], returning the data and failing with [`CardError::Status`] unless `9000`.
pub fn exchange_ok<T: Transport + ?Sized>(transport: &mut T, command: &Command) -> Result<Vec<u8>> {
    Ok(exchange(transport, command)?.check()?.into_data())
}

/// Whether the exchange layer may re-send `command` on its own after a `6Cxx` answer.
///
/// ISO 7816-4 says `6Cxx` means "wrong Le, not executed", but that is the card's (or a reader's)
/// word, and a faulty or hostile reader could turn one PIN attempt into two. So a command is never
/// re-sent when it:
/// * spends a try or changes a reference datum: VERIFY (`20`/`21`), CHANGE REFERENCE DATA
///   (`24`/`25`), RESET RETRY COUNTER (`2C`/`2D`);
/// * authenticates: EXTERNAL/MUTUAL AUTHENTICATE (`82`), GENERAL AUTHENTICATE (`86`/`87`) in every
///   case (each PACE/EAC step advances the protocol, and the last one carries the password's proof);
/// * performs a security operation or changes the life cycle: PERFORM SECURITY OPERATION (`2A`),
///   DEACTIVATE (`04`), ACTIVATE (`44`), TERMINATE (`E6`, `E8`, `FE`);
/// * is under secure messaging (CLA `x4`/`x8`/`xC` of the first interindustry class, bit `20` of
///   the further interindustry class): every wrapped command advances the send sequence counter,
///   and re-sending it with a changed Le would break its MAC anyway;
/// * has a proprietary CLA (`8x` and above): its meaning is unknown, so the exchange fails closed.
///
/// For those the `6Cxx` answer goes back to the caller, who decides.
pub fn may_resend(command: &Command) -> bool {
    let cla = command.cla();
    let secure_messaging = match cla {
        0x00..=0x3F => cla & 0x0C != 0,
        0x40..=0x7F => cla & 0x20 != 0,
        _ => return false,
    };
    let state_changing = matches!(
        command.ins(),
        0x20 | 0x21 // VERIFY
            | 0x24 | 0x25 // CHANGE REFERENCE DATA
            | 0x2C | 0x2D // RESET RETRY COUNTER
            | 0x2A // PERFORM SECURITY OPERATION
            | 0x82 // EXTERNAL / MUTUAL AUTHENTICATE
            | 0x86 | 0x87 // GENERAL AUTHENTICATE
            | 0x04 | 0x44 // DEACTIVATE / ACTIVATE FILE
            | 0xE6 | 0xE8 | 0xFE // TERMINATE DF / EF / CARD USAGE
    );
    !secure_messaging && !state_changing && !command.is_secret()
}

/// How the exchange layer behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExchangeOptions {
    /// Use extended-length APDUs: `None` asks the transport ([`ReaderFeatures::extended_length`]),
    /// `Some(false)` never, `Some(true)` whenever a command does not fit a short APDU.
    ///
    /// [`ReaderFeatures::extended_length`]: super::transport::ReaderFeatures::extended_length
    pub extended_length: Option<bool>,
    /// The largest data block per command when chaining (1..=255).
    pub chunk_size: usize,
    /// Send GET RESPONSE on `61xx`.
    pub get_response: bool,
    /// Re-send once with Le = SW2 on `6Cxx` (only commands [`may_resend`] allows; for the others the
    /// `6Cxx` answer is returned as it is).
    pub resend_on_wrong_le: bool,
    /// The largest response data accepted, in bytes: a single answer or the sum collected over
    /// GET RESPONSE rounds; more is [`CardError::ResponseTooLong`].
    pub max_response: usize,
}

impl Default for ExchangeOptions {
    fn default() -> ExchangeOptions {
        ExchangeOptions {
            extended_length: None,
            chunk_size: SHORT_MAX_DATA,
            get_response: true,
            resend_on_wrong_le: true,
            max_response: 1 << 20,
        }
    }
}

/// The exchange layer with options and an optional trace hook.
#[derive(Default)]
pub struct Exchange {
    options: ExchangeOptions,
    trace: Option<Box<dyn Trace>>,
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exchange")
            .field("options", &self.options)
            .field("trace", &self.trace.is_some())
            .finish()
    }
}

impl Exchange {
    /// Default options, no trace.
    pub fn new() -> Exchange {
        Exchange::default()
    }

    /// With `options`.
    pub fn with_options(options: ExchangeOptions) -> Exchange {
        Exchange {
            options,
            trace: None,
        }
    }

    /// Calls `trace` for every APDU on the wire, with PIN and key material redacted.
    pub fn with_trace(mut self, trace: impl Trace + 'static) -> Exchange {
        self.trace = Some(Box::new(trace));
        self
    }

    /// The options.
    pub fn options(&self) -> &ExchangeOptions {
        &self.options
    }

    /// Sends `command`, applying the exchange rules.
    pub fn run<T: Transport + ?Sized>(
        &mut self,
        transport: &mut T,
        command: &Command,
    ) -> Result<Response> {
        let extended = self
            .options
            .extended_length
            .unwrap_or_else(|| transport.features().extended_length);
        if extended || command.fits_short() {
            return self.send_collecting(transport, command);
        }
        // No extended length: chain the data and cap Le at 256 (the rest comes through 61xx).
        let capped_le = command.le().map(|le| le.min(SHORT_MAX_LE));
        let chunk_size = self.options.chunk_size.clamp(1, SHORT_MAX_DATA);
        let data = command.data();
        let last_len = match data.len() % chunk_size {
            0 if !data.is_empty() => chunk_size,
            rest => rest,
        };
        let (head, last) = data.split_at(data.len() - last_len);
        for block in head.chunks(chunk_size) {
            let mut link = Command::new(
                command.cla() | CLA_CHAINING,
                command.ins(),
                command.p1(),
                command.p2(),
            )
            .with_data(block);
            if command.is_secret() {
                link = link.with_secret();
            }
            let answer = self.send_raw(transport, &link)?;
            if !answer.sw().is_success() {
                return Ok(answer);
            }
        }
        let mut final_link = command.clone().with_data(last).without_le();
        if let Some(le) = capped_le {
            final_link = final_link.with_le(le);
        }
        self.send_collecting(transport, &final_link)
    }

    /// Sends one command (no chaining), handles 6Cxx once and collects 61xx answers.
    fn send_collecting<T: Transport + ?Sized>(
        &mut self,
        transport: &mut T,
        command: &Command,
    ) -> Result<Response> {
        let sensitive = super::trace::is_sensitive(&[0, command.ins()], command.is_secret());
        let first = self.send_with_wrong_le(transport, command)?;
        if first.data().len() > self.options.max_response {
            return Err(CardError::ResponseTooLong {
                limit: self.options.max_response,
            }
            .into());
        }
        if !self.options.get_response || first.sw().sw1() != 0x61 {
            return Ok(first);
        }
        let mut sw = first.sw();
        let mut data = first.into_data();
        // GET RESPONSE keeps the logical channel of an interindustry CLA.
        let cla = if command.cla() & 0x80 == 0 {
            command.cla() & 0x03
        } else {
            0x00
        };
        let mut rounds = 0usize;
        while sw.sw1() == 0x61 {
            rounds += 1;
            let le = match sw.sw2() {
                0 => SHORT_MAX_LE,
                n => usize::from(n),
            };
            // Every round either adds data or counts towards a bound of max_response rounds.
            if rounds > self.options.max_response.max(1) {
                return Err(CardError::ResponseTooLong {
                    limit: self.options.max_response,
                }
                .into());
            }
            let mut get = Command::new(cla, INS_GET_RESPONSE, 0x00, 0x00).with_le(le);
            if sensitive {
                get = get.with_secret();
            }
            let part = self.send_with_wrong_le(transport, &get)?;
            sw = part.sw();
            data.extend_from_slice(part.data());
            if data.len() > self.options.max_response {
                return Err(CardError::ResponseTooLong {
                    limit: self.options.max_response,
                }
                .into());
            }
        }
        Ok(Response::new(data, sw))
    }

    fn send_with_wrong_le<T: Transport + ?Sized>(
        &mut self,
        transport: &mut T,
        command: &Command,
    ) -> Result<Response> {
        let answer = self.send_raw(transport, command)?;
        if !self.options.resend_on_wrong_le || answer.sw().sw1() != 0x6C || !may_resend(command) {
            return Ok(answer);
        }
        let le = match answer.sw().sw2() {
            0 => SHORT_MAX_LE,
            n => usize::from(n),
        };
        self.send_raw(transport, &command.clone().with_le(le))
    }

    fn send_raw<T: Transport + ?Sized>(
        &mut self,
        transport: &mut T,
        command: &Command,
    ) -> Result<Response> {
        let bytes = command.to_bytes()?;
        let secret = command.is_secret();
        if let Some(trace) = self.trace.as_mut() {
            trace.trace(&TraceEvent {
                direction: Direction::Command,
                text: redact_command(&bytes, secret),
            });
        }
        let answer = transport.transmit(&bytes)?;
        if let Some(trace) = self.trace.as_mut() {
            let sensitive = super::trace::is_sensitive(&bytes, secret);
            trace.trace(&TraceEvent {
                direction: Direction::Response,
                text: redact_response(&answer, sensitive),
            });
        }
        Response::parse(&answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::mock::MockTransport;
    use crate::card::status::StatusWord;
    use std::sync::{Arc, Mutex};

    fn run(mock: &mut MockTransport, cmd: &Command) -> Response {
        match exchange(mock, cmd) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn wrong_le_is_resent_once() {
        let mut mock = MockTransport::new()
            .expect("00CA010000", "6C04")
            .expect("00CA010004", "0A0B0C0D9000");
        let r = run(&mut mock, &Command::new(0, 0xCA, 1, 0).with_le(256));
        assert_eq!(r.data(), [0xA, 0xB, 0xC, 0xD]);
        assert!(mock.is_done());
        // A second 6Cxx is returned as it is.
        let mut mock = MockTransport::new()
            .expect("00CA010000", "6C04")
            .expect("00CA010004", "6C03");
        let r = run(&mut mock, &Command::new(0, 0xCA, 1, 0).with_le(256));
        assert_eq!(r.sw(), StatusWord(0x6C03));
    }

    #[test]
    fn wrong_le_never_resends_a_try_spending_or_protected_command() {
        let commands = [
            Command::new(0, 0x20, 0, 0x81).with_data(*b"123456"),
            Command::new(0, 0x24, 0, 0x81).with_data(*b"123456654321"),
            Command::new(0, 0x2C, 0x02, 0x03).with_data(*b"123456"),
            Command::new(0, 0x86, 0, 0)
                .with_data([0x7C, 0x00])
                .with_le(256),
            Command::new(0x10, 0x86, 0, 0)
                .with_data([0x7C, 0x00])
                .with_le(256),
            Command::new(0, 0x2A, 0x9E, 0x9A)
                .with_data([1; 32])
                .with_le(256),
            Command::new(0x0C, 0xB0, 0, 0)
                .with_data([0x97, 0x01, 0xE0, 0x8E, 0x08, 0, 0, 0, 0, 0, 0, 0, 0])
                .with_le(256),
            Command::new(0x80, 0xCA, 0, 0).with_le(256),
            Command::new(0, 0xCA, 1, 0).with_le(256).with_secret(),
        ];
        for command in commands {
            assert!(!may_resend(&command), "{command:?}");
            let mut mock = MockTransport::new().fallback("6C08");
            let r = run(&mut mock, &command);
            assert_eq!(r.sw(), StatusWord(0x6C08), "{command:?}");
            assert_eq!(mock.sent().len(), 1, "sent again: {command:?}");
        }
        // A plain read is still re-sent once.
        assert!(may_resend(&Command::new(0, 0xB0, 0, 0).with_le(256)));
    }

    #[test]
    fn a_single_answer_longer_than_the_cap_is_refused() {
        let mut mock = MockTransport::new().fallback(&format!("{}9000", "AB".repeat(65)));
        let mut ex = Exchange::with_options(ExchangeOptions {
            max_response: 64,
            ..ExchangeOptions::default()
        });
        let err = ex.run(&mut mock, &Command::new(0, 0xB0, 0, 0).with_le(256));
        assert_eq!(
            err.err().map(|e| e.code()),
            Some(CardError::ResponseTooLong { limit: 0 }.code())
        );
        let mut mock = MockTransport::new().fallback(&format!("{}9000", "AB".repeat(64)));
        assert!(
            ex.run(&mut mock, &Command::new(0, 0xB0, 0, 0).with_le(256))
                .is_ok()
        );
    }

    #[test]
    fn get_response_rounds_and_wrong_le_inside() {
        let mut mock = MockTransport::new()
            .expect("0CB0000010", "AA6100")
            .expect("00C0000000", "6C02")
            .expect("00C0000002", "CCDD6A82");
        let r = run(&mut mock, &Command::new(0x0C, 0xB0, 0, 0).with_le(16));
        assert_eq!(r.data(), [0xAA, 0xCC, 0xDD]);
        assert_eq!(r.sw(), StatusWord(0x6A82));
        assert!(mock.is_done());
    }

    #[test]
    fn endless_61xx_is_bounded() {
        let mut mock = MockTransport::new().fallback("01026101");
        let mut ex = Exchange::with_options(ExchangeOptions {
            max_response: 64,
            ..ExchangeOptions::default()
        });
        let err = ex.run(&mut mock, &Command::new(0, 0xB0, 0, 0).with_le(1));
        assert_eq!(
            err.err().map(|e| e.code()),
            Some(CardError::ResponseTooLong { limit: 0 }.code())
        );
        let mut mock = MockTransport::new().fallback("6100");
        let err = ex.run(&mut mock, &Command::new(0, 0xB0, 0, 0).with_le(1));
        assert!(err.is_err());
    }

    #[test]
    fn chaining_without_extended_length() {
        let data: Vec<u8> = (0..=255u8).chain(0..44).collect(); // 300 bytes
        let first = format!("102A00BEFF{}", crate::card::hex::hex(&data[..255]));
        let last = format!("002A00BE2D{}00", crate::card::hex::hex(&data[255..]));
        let mut mock = MockTransport::new()
            .expect(&first, "9000")
            .expect(&last, "01029000");
        let cmd = Command::new(0, 0x2A, 0, 0xBE)
            .with_data(data.clone())
            .with_le(300);
        let r = run(&mut mock, &cmd);
        assert_eq!(r.data(), [1, 2]);
        assert!(mock.is_done());
        // A failing link ends the chain with its status word.
        let mut mock = MockTransport::new().expect(&first, "6884");
        assert_eq!(run(&mut mock, &cmd).sw(), StatusWord(0x6884));
        // An exact multiple of the chunk size.
        let mut mock = MockTransport::new().fallback("9000");
        let mut ex = Exchange::with_options(ExchangeOptions {
            chunk_size: 100,
            ..ExchangeOptions::default()
        });
        let cmd = Command::new(0, 0xDA, 0, 0).with_data(vec![0; 300]);
        assert!(ex.run(&mut mock, &cmd).is_ok());
        let sent = mock.sent();
        assert_eq!(sent.len(), 3);
        assert_eq!(
            sent.iter().map(|s| s[0]).collect::<Vec<_>>(),
            [0x10, 0x10, 0]
        );
        assert!(sent.iter().all(|s| s.len() == 105));
    }

    #[test]
    fn extended_length_when_the_reader_has_it() {
        let data = vec![0x5A; 300];
        let cmd = Command::new(0, 0x2A, 0, 0xBE)
            .with_data(data.clone())
            .with_le(65_536);
        let expected = format!("002A00BE00012C{}0000", crate::card::hex::hex(&data));
        let mut mock = MockTransport::new()
            .with_extended_length(true)
            .expect(&expected, "9000");
        assert_eq!(run(&mut mock, &cmd).sw(), StatusWord::OK);
        // Forced off: chained instead, Le capped at 256.
        let mut mock = MockTransport::new()
            .with_extended_length(true)
            .fallback("9000");
        let mut ex = Exchange::with_options(ExchangeOptions {
            extended_length: Some(false),
            ..ExchangeOptions::default()
        });
        assert!(ex.run(&mut mock, &cmd).is_ok());
        assert_eq!(mock.sent().len(), 2);
        assert_eq!(mock.sent().last().and_then(|s| s.last()).copied(), Some(0));
    }

    #[test]
    fn trace_redacts_pins_and_sees_everything_else() {
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = Arc::clone(&lines);
        let mut ex = Exchange::new().with_trace(move |e: &TraceEvent| {
            if let Ok(mut l) = sink.lock() {
                l.push(e.to_string());
            }
        });
        let mut mock = MockTransport::new()
            .expect("002000810631323334353600", "6104")
            .expect("00C0000004", "DEADBEEF9000")
            .expect("00B0000004", "11229000");
        let verify = Command::new(0, 0x20, 0, 0x81)
            .with_data(*b"123456")
            .with_le(256);
        assert!(ex.run(&mut mock, &verify).is_ok());
        assert!(
            ex.run(&mut mock, &Command::new(0, 0xB0, 0, 0).with_le(4))
                .is_ok()
        );
        let text = lines.lock().map(|l| l.join("\n")).unwrap_or_default();
        assert!(!text.contains("313233343536"), "{text}");
        assert!(!text.contains("DEADBEEF"), "{text}");
        assert!(
            text.contains("=> 00200081 06 <6 bytes redacted> 00"),
            "{text}"
        );
        assert!(text.contains("<= <4 bytes redacted> 9000"), "{text}");
        assert!(text.contains("=> 00B0000004\n<= 11229000"), "{text}");
        assert!(format!("{ex:?}").contains("trace: true"));
    }

    #[test]
    fn transport_errors_and_short_answers_propagate() {
        let mut mock = MockTransport::new().expect("00A4000C023F00", "90");
        let err = exchange(
            &mut mock,
            &Command::new(0, 0xA4, 0, 0x0C).with_data([0x3F, 0]),
        );
        assert_eq!(
            err.err().map(|e| e.code()),
            Some(CardError::ResponseTooShort.code())
        );
        let mut mock = MockTransport::new();
        assert!(exchange_ok(&mut mock, &Command::new(0, 0x84, 0, 0).with_le(8)).is_err());
        let mut mock = MockTransport::new().expect("0084000008", "6D00");
        assert_eq!(
            exchange_ok(&mut mock, &Command::new(0, 0x84, 0, 0).with_le(8))
                .err()
                .map(|e| e.code()),
            Some(CardError::Status { sw: 0 }.code())
        );
    }
}
