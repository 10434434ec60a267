//! An APDU trace hook that never sees PIN or key material.
//!
//! [`Exchange::with_trace`](super::exchange::Exchange::with_trace) calls the hook with
//! already-redacted text for every APDU on the wire. The data field is replaced by its length when the
//! command is VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER, GENERAL AUTHENTICATE, EXTERNAL
//! (MUTUAL) AUTHENTICATE or PUT KEY, or when the caller marked it [`secret`](super::Command::with_secret);
//! the answers to such commands show only their length and status word.
//!
//! ```
//! use eeszt_auth::card::trace::{redact_command, redact_response};
//!
//! let verify = [0x00, 0x20, 0x00, 0x81, 0x06, b'1', b'2', b'3', b'4', b'5', b'6'];
//! assert_eq!(redact_command(&verify, false), "00200081 06 <6 bytes redacted>");
//! assert_eq!(redact_command(&[0x00, 0xB0, 0x00, 0x00, 0x04], false), "00B0000004");
//! assert_eq!(redact_response(&[0xAB, 0x90, 0x00], true), "<1 bytes redacted> 9000");
//! ```

use std::fmt;

use super::apdu::Command;
use super::hex::hex;

/// Which way an APDU went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Host to card.
    Command,
    /// Card to host.
    Response,
}

/// One traced APDU, already redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEvent {
    /// Which way it went.
    pub direction: Direction,
    /// Uppercase hex with secret data replaced by `<N bytes redacted>`.
    pub text: String,
}

impl fmt::Display for TraceEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arrow = match self.direction {
            Direction::Command => "=>",
            Direction::Response => "<=",
        };
        write!(f, "{arrow} {}", self.text)
    }
}

/// Receives trace events. Implemented for every `FnMut(&TraceEvent) + Send`.
pub trait Trace: Send {
    /// Called once per APDU sent or received.
    fn trace(&mut self, event: &TraceEvent);
}

impl<F: FnMut(&TraceEvent) + Send> Trace for F {
    fn trace(&mut self, event: &TraceEvent) {
        self(event)
    }
}

/// Whether commands with this INS carry PIN or key material (their data and answers are redacted).
pub fn is_sensitive_ins(ins: u8) -> bool {
    matches!(
        ins,
        0x20 | 0x21 // VERIFY
            | 0x24 | 0x25 // CHANGE REFERENCE DATA
            | 0x2C | 0x2D // RESET RETRY COUNTER
            | 0x82 // EXTERNAL / MUTUAL AUTHENTICATE
            | 0x86 | 0x87 // GENERAL AUTHENTICATE
            | 0xD8 // PUT KEY
    )
}

/// Whether a raw command must be redacted (`secret` is the caller's mark).
pub fn is_sensitive(apdu: &[u8], secret: bool) -> bool {
    secret || apdu.get(1).is_some_and(|ins| is_sensitive_ins(*ins))
}

/// The trace text of a raw command APDU.
pub fn redact_command(apdu: &[u8], secret: bool) -> String {
    if !is_sensitive(apdu, secret) {
        return hex(apdu);
    }
    let header = hex(apdu.get(..4).unwrap_or(apdu));
    match Command::parse(apdu) {
        Ok(cmd) => {
            let extended = !cmd.fits_short() || apdu.len() > 5 && apdu.get(4) == Some(&0);
            let mut text = header;
            if !cmd.data().is_empty() {
                let lc = if extended {
                    format!("00{:04X}", cmd.data().len())
                } else {
                    format!("{:02X}", cmd.data().len())
                };
                text.push_str(&format!(" {lc} <{} bytes redacted>", cmd.data().len()));
            }
            if let Some(le) = cmd.le() {
                if extended {
                    text.push_str(&format!(" {:04X}", le & 0xFFFF));
                } else {
                    text.push_str(&format!(" {:02X}", le & 0xFF));
                }
            }
            text
        }
        Err(_) => format!("{header} <{} bytes redacted>", apdu.len().saturating_sub(4)),
    }
}

/// The trace text of a raw response; `sensitive` when it answers a sensitive command.
pub fn redact_response(answer: &[u8], sensitive: bool) -> String {
    if !sensitive {
        return hex(answer);
    }
    match answer.split_last_chunk::<2>() {
        Some((data, sw)) if !data.is_empty() => {
            format!("<{} bytes redacted> {}", data.len(), hex(sw))
        }
        Some((_, sw)) => hex(sw),
        None => format!("<{} bytes redacted>", answer.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_commands_never_show_their_data() {
        let pin = b"654321";
        for ins in [0x20u8, 0x24, 0x2C, 0x86, 0x87] {
            let cmd = Command::new(0x00, ins, 0x00, 0x81).with_data(pin.to_vec());
            let raw = cmd.to_bytes().unwrap_or_default();
            let text = redact_command(&raw, false);
            assert!(!text.contains(&hex(pin)), "{text}");
            assert!(text.contains("<6 bytes redacted>"), "{text}");
        }
        let marked = [0x80, 0xCA, 0x00, 0x00, 0x02, 0xDE, 0xAD];
        assert_eq!(
            redact_command(&marked, true),
            "80CA0000 02 <2 bytes redacted>"
        );
        assert_eq!(redact_command(&marked, false), "80CA000002DEAD");
        let ext = Command::new(0x10, 0x86, 0, 0)
            .with_data(vec![0x55; 300])
            .with_le(65_536)
            .to_bytes()
            .unwrap_or_default();
        assert_eq!(
            redact_command(&ext, false),
            "10860000 00012C <300 bytes redacted> 0000"
        );
        // Malformed bytes with a sensitive INS are redacted wholesale.
        assert_eq!(
            redact_command(&[0, 0x20, 0, 0, 9, 1], false),
            "00200000 <2 bytes redacted>"
        );
        assert_eq!(redact_command(&[0, 0x20, 0, 0], false), "00200000");
    }

    #[test]
    fn responses() {
        assert_eq!(redact_response(&[0x63, 0xC2], true), "63C2");
        assert_eq!(redact_response(&[1, 2, 0x90, 0], false), "01029000");
        assert_eq!(redact_response(&[1], true), "<1 bytes redacted>");
        let event = TraceEvent {
            direction: Direction::Response,
            text: "9000".into(),
        };
        assert_eq!(event.to_string(), "<= 9000");
    }
}
