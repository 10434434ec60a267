//! A scripted mock [`Transport`] for unit tests: expected commands and canned answers, in order.
//!
//! ```
//! use eeszt_auth::card::{Transport, MockTransport};
//!
//! let mut mock = MockTransport::new()
//!     .expect("0084000008", "01020304050607089000")
//!     .expect_any("6D00");
//! assert_eq!(mock.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08])?.len(), 10);
//! assert_eq!(mock.transmit(&[0x80, 0x01, 0x00, 0x00])?, [0x6D, 0x00]);
//! assert!(mock.is_done());
//! // A command that differs from the script is an error, not a silent answer.
//! assert!(MockTransport::new().expect("00A4", "9000").transmit(&[0x00, 0xB0]).is_err());
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use std::collections::VecDeque;

use super::error::CardError;
use super::hex::{hex, parse_hex};
use super::transport::{ReaderFeatures, Transport};
use crate::error::{Error, Result};

#[derive(Debug)]
struct Step {
    /// `None` accepts any command.
    command: Option<Result<Vec<u8>>>,
    answer: Result<Vec<u8>>,
}

/// A transport that replays a script (see the module docs).
///
/// Not thread-safe by itself; move it between threads freely (it is `Send`).
#[derive(Debug)]
pub struct MockTransport {
    script: VecDeque<Step>,
    fallback: Option<Result<Vec<u8>>>,
    controls: VecDeque<(u32, Vec<u8>)>,
    sent: Vec<Vec<u8>>,
    features: ReaderFeatures,
    atr: Vec<u8>,
    reset_pending: bool,
}

impl Default for MockTransport {
    fn default() -> MockTransport {
        MockTransport::new()
    }
}

impl MockTransport {
    /// An empty script: every command fails until steps are added.
    pub fn new() -> MockTransport {
        MockTransport {
            script: VecDeque::new(),
            fallback: None,
            controls: VecDeque::new(),
            sent: Vec::new(),
            features: ReaderFeatures::default(),
            atr: vec![0x3B, 0x80, 0x80, 0x01, 0x01],
            reset_pending: false,
        }
    }

    /// Expects `command` (hex) next and answers `answer` (hex, data + SW).
    pub fn expect(mut self, command: &str, answer: &str) -> MockTransport {
        self.script.push_back(Step {
            command: Some(script_hex(command, "command")),
            answer: script_hex(answer, "answer"),
        });
        self
    }

    /// Expects the exact `command` bytes next and answers `answer`.
    pub fn expect_bytes(mut self, command: &[u8], answer: &[u8]) -> MockTransport {
        self.script.push_back(Step {
            command: Some(Ok(command.to_vec())),
            answer: Ok(answer.to_vec()),
        });
        self
    }

    /// Accepts any command next and answers `answer` (hex).
    pub fn expect_any(mut self, answer: &str) -> MockTransport {
        self.script.push_back(Step {
            command: None,
            answer: script_hex(answer, "answer"),
        });
        self
    }

    /// Expects `command` (hex) next and fails the transmission with `error` (a removed card, say).
    pub fn expect_error(mut self, command: &str, error: impl Into<Error>) -> MockTransport {
        self.script.push_back(Step {
            command: Some(script_hex(command, "command")),
            answer: Err(error.into()),
        });
        self
    }

    /// Answers `answer` (hex) to any command once the script is used up.
    pub fn fallback(mut self, answer: &str) -> MockTransport {
        self.fallback = Some(script_hex(answer, "answer"));
        self
    }

    /// Answers the control code `code` with `answer` (in order, one use each).
    pub fn with_control(mut self, code: u32, answer: &[u8]) -> MockTransport {
        self.controls.push_back((code, answer.to_vec()));
        self
    }

    /// Sets the reader features reported.
    pub fn with_features(mut self, features: ReaderFeatures) -> MockTransport {
        self.features = features;
        self
    }

    /// Sets only the extended-length feature.
    pub fn with_extended_length(mut self, extended: bool) -> MockTransport {
        self.features.extended_length = extended;
        self
    }

    /// Sets the ATR.
    pub fn with_atr(mut self, atr: &[u8]) -> MockTransport {
        self.atr = atr.to_vec();
        self
    }

    /// Makes the next [`Transport::reset_seen`] report a reset.
    pub fn signal_reset(&mut self) {
        self.reset_pending = true;
    }

    /// Every command transmitted so far.
    pub fn sent(&self) -> &[Vec<u8>] {
        &self.sent
    }

    /// Whether every scripted step was used.
    pub fn is_done(&self) -> bool {
        self.script.is_empty() && self.controls.is_empty()
    }

    /// How many scripted steps are left.
    pub fn remaining(&self) -> usize {
        self.script.len()
    }
}

fn script_hex(text: &str, what: &str) -> Result<Vec<u8>> {
    parse_hex(text).map_err(|_| mismatch(format!("the script's {what} is not hex")))
}

fn mismatch(detail: String) -> Error {
    CardError::MockMismatch { detail }.into()
}

impl Transport for MockTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        self.sent.push(apdu.to_vec());
        let Some(step) = self.script.pop_front() else {
            return match &self.fallback {
                Some(answer) => answer.clone(),
                None => Err(mismatch(format!("unscripted command {}", hex(apdu)))),
            };
        };
        match step.command {
            Some(Ok(expected)) if expected != apdu => Err(mismatch(format!(
                "expected {}, got {}",
                hex(&expected),
                hex(apdu)
            ))),
            Some(Err(e)) => Err(e),
            _ => step.answer,
        }
    }

    fn control(&mut self, code: u32, data: &[u8]) -> Result<Vec<u8>> {
        let _ = data;
        match self.controls.front() {
            Some((expected, _)) if *expected == code => Ok(self
                .controls
                .pop_front()
                .map(|(_, a)| a)
                .unwrap_or_default()),
            _ => Err(CardError::Unsupported {
                what: "reader control codes",
            }
            .into()),
        }
    }

    fn features(&self) -> ReaderFeatures {
        self.features
    }

    fn atr(&self) -> Result<Vec<u8>> {
        Ok(self.atr.clone())
    }

    fn reset_seen(&mut self) -> bool {
        std::mem::take(&mut self.reset_pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_errors_controls_and_resets() {
        let mut mock = MockTransport::new()
            .expect_error("00B0000001", CardError::CardRemoved)
            .expect("zz", "9000")
            .expect("00", "zz")
            .with_control(0x42000D48, &[0x06, 0x04, 0x42, 0x33, 0x00, 0x12]);
        assert_eq!(
            mock.transmit(&[0, 0xB0, 0, 0, 1]).err(),
            Some(CardError::CardRemoved.into())
        );
        let code = |r: Result<Vec<u8>>| r.err().map(|e| e.code());
        let mm = Some(
            CardError::MockMismatch {
                detail: String::new(),
            }
            .code(),
        );
        assert_eq!(code(mock.transmit(&[0])), mm);
        assert_eq!(code(mock.transmit(&[0])), mm);
        assert_eq!(code(mock.transmit(&[0])), mm);
        assert!(mock.control(1, &[]).is_err());
        assert_eq!(mock.control(0x42000D48, &[]).map(|v| v.len()).ok(), Some(6));
        assert!(mock.is_done());
        assert_eq!(mock.sent().len(), 4);
        assert!(!mock.reset_seen());
        mock.signal_reset();
        assert!(mock.reset_seen());
        assert!(!mock.reset_seen());
        let atr = MockTransport::default().with_atr(&[0x3B, 0]).atr().ok();
        assert_eq!(atr, Some(vec![0x3B, 0]));
        let features = ReaderFeatures {
            verify_pin_direct: Some(7),
            ..ReaderFeatures::default()
        };
        assert_eq!(
            MockTransport::new().with_features(features).features(),
            features
        );
        assert_eq!(MockTransport::new().expect("00", "9000").remaining(), 1);
    }
}
