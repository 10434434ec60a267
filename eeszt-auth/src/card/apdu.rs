//! ISO 7816-4 command and response APDUs: cases 1-4, short and extended length.
//!
//! ```
//! use eeszt_auth::card::{Command, Response, StatusWord};
//!
//! // SELECT the MF by FID, asking for the FCI (case 4, short).
//! let select = Command::new(0x00, 0xA4, 0x00, 0x0C).with_data([0x3F, 0x00]).with_le(256);
//! assert_eq!(*select.to_bytes()?, [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00, 0x00]);
//! assert_eq!(Command::parse(&select.to_bytes()?)?, select);
//!
//! let answer = Response::parse(&[0xCA, 0xFE, 0x90, 0x00])?;
//! assert_eq!(answer.sw(), StatusWord::OK);
//! assert_eq!(answer.check()?.data(), [0xCA, 0xFE]);
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use std::fmt;

use zeroize::Zeroizing;

use super::error::CardError;
use super::hex::hex;
pub use super::status::StatusWord;
use crate::error::Result;

/// The largest data field of a short APDU.
pub const SHORT_MAX_DATA: usize = 255;
/// The largest Le of a short APDU (encoded as `00`).
pub const SHORT_MAX_LE: usize = 256;
/// The largest data field of an extended APDU.
pub const EXTENDED_MAX_DATA: usize = 65_535;
/// The largest Le of an extended APDU (encoded as `00 00`).
pub const EXTENDED_MAX_LE: usize = 65_536;

/// A command APDU.
///
/// `le` is the number of response bytes expected: `None` for none (cases 1 and 3), otherwise
/// 1..=65536, where 256 encodes as `00` in a short APDU and 65536 as `00 00` in an extended one.
/// Commands may be marked [`secret`](Command::with_secret): a trace then never shows their data.
///
/// The data field (which may hold a PIN, a PUK or key material) is wiped when the command is
/// dropped, and so are the encodings [`to_bytes`](Command::to_bytes) returns.
#[derive(Clone, PartialEq, Eq)]
pub struct Command {
    cla: u8,
    ins: u8,
    p1: u8,
    p2: u8,
    data: Zeroizing<Vec<u8>>,
    le: Option<usize>,
    secret: bool,
}

impl Command {
    /// A case 1 command (header only).
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Command {
        Command {
            cla,
            ins,
            p1,
            p2,
            data: Zeroizing::new(Vec::new()),
            le: None,
            secret: false,
        }
    }

    /// Sets the data field (an empty one means no data). A `Vec` is moved in, not copied.
    pub fn with_data(mut self, data: impl Into<Vec<u8>>) -> Command {
        self.data = Zeroizing::new(data.into());
        self
    }

    /// Sets Le, the number of response bytes expected (1..=65536; checked when encoding).
    pub fn with_le(mut self, le: usize) -> Command {
        self.le = Some(le);
        self
    }

    /// Removes Le.
    pub fn without_le(mut self) -> Command {
        self.le = None;
        self
    }

    /// Replaces the class byte.
    pub fn with_cla(mut self, cla: u8) -> Command {
        self.cla = cla;
        self
    }

    /// Marks the data as secret (PIN, key material): traces redact it.
    pub fn with_secret(mut self) -> Command {
        self.secret = true;
        self
    }

    /// Whether the caller marked the data secret.
    pub fn is_secret(&self) -> bool {
        self.secret
    }

    /// CLA.
    pub fn cla(&self) -> u8 {
        self.cla
    }
    /// INS.
    pub fn ins(&self) -> u8 {
        self.ins
    }
    /// P1.
    pub fn p1(&self) -> u8 {
        self.p1
    }
    /// P2.
    pub fn p2(&self) -> u8 {
        self.p2
    }
    /// The data field (empty when none).
    pub fn data(&self) -> &[u8] {
        &self.data
    }
    /// Le, if any.
    pub fn le(&self) -> Option<usize> {
        self.le
    }

    /// Whether the command fits a short APDU.
    pub fn fits_short(&self) -> bool {
        self.data.len() <= SHORT_MAX_DATA && self.le.is_none_or(|le| le <= SHORT_MAX_LE)
    }

    fn validate(&self) -> Result<()> {
        if self.data.len() > EXTENDED_MAX_DATA {
            return Err(CardError::ApduTooLong {
                reason: "data longer than 65535 bytes",
            }
            .into());
        }
        match self.le {
            Some(0) => Err(CardError::ApduInvalid {
                reason: "Le must be 1..=65536 (use no Le for none)",
            }
            .into()),
            Some(le) if le > EXTENDED_MAX_LE => Err(CardError::ApduTooLong {
                reason: "Le larger than 65536",
            }
            .into()),
            _ => Ok(()),
        }
    }

    /// Encodes as a short APDU when it fits, extended otherwise. The encoding is wiped when
    /// dropped (it holds the data field).
    pub fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>> {
        if self.fits_short() {
            self.to_bytes_short()
        } else {
            self.to_bytes_extended()
        }
    }

    /// Encodes as a short APDU; an error if the data or Le do not fit.
    pub fn to_bytes_short(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.validate()?;
        if !self.fits_short() {
            return Err(CardError::ApduTooLong {
                reason: "a short APDU holds at most 255 data bytes and Le 256",
            }
            .into());
        }
        let mut out = Zeroizing::new(Vec::with_capacity(6 + self.data.len()));
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        if !self.data.is_empty() {
            // fits_short guarantees data.len() <= 255.
            out.push(self.data.len() as u8);
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            // 256 wraps to 0x00 as ISO 7816-4 requires.
            out.push((le & 0xFF) as u8);
        }
        Ok(out)
    }

    /// Encodes as an extended APDU (even when a short one would do).
    pub fn to_bytes_extended(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.validate()?;
        let mut out = Zeroizing::new(Vec::with_capacity(9 + self.data.len()));
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        if !self.data.is_empty() {
            out.push(0);
            // validate guarantees data.len() <= 65535.
            out.extend_from_slice(&(self.data.len() as u16).to_be_bytes());
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            if self.data.is_empty() {
                out.push(0);
            }
            // 65536 wraps to 00 00.
            out.extend_from_slice(&((le & 0xFFFF) as u16).to_be_bytes());
        }
        Ok(out)
    }

    /// Parses a command APDU (cases 1-4, short or extended).
    pub fn parse(bytes: &[u8]) -> Result<Command> {
        let invalid = |reason| Err(CardError::ApduInvalid { reason }.into());
        let Some((&[cla, ins, p1, p2], body)) = bytes.split_first_chunk::<4>() else {
            return invalid("shorter than the 4-byte header");
        };
        let command = Command::new(cla, ins, p1, p2);
        let short_le = |b: u8| if b == 0 { 256 } else { usize::from(b) };
        let ext_le = |b: [u8; 2]| match u16::from_be_bytes(b) {
            0 => 65_536,
            n => usize::from(n),
        };
        match body {
            [] => Ok(command),
            [le] => Ok(command.with_le(short_le(*le))),
            [0, hi, lo] => Ok(command.with_le(ext_le([*hi, *lo]))),
            [0, hi, lo, rest @ ..] => {
                let lc = usize::from(u16::from_be_bytes([*hi, *lo]));
                if lc == 0 {
                    return invalid("extended Lc of zero");
                }
                match rest.len().checked_sub(lc) {
                    Some(0) => Ok(command.with_data(rest)),
                    Some(2) => {
                        let (data, le) = rest.split_at(lc);
                        let le = [le.first().copied(), le.get(1).copied()];
                        match le {
                            [Some(hi), Some(lo)] => {
                                Ok(command.with_data(data).with_le(ext_le([hi, lo])))
                            }
                            _ => invalid("extended Le truncated"),
                        }
                    }
                    _ => invalid("extended Lc does not match the length"),
                }
            }
            [0, ..] => invalid("truncated extended length"),
            [lc, rest @ ..] => {
                let lc = usize::from(*lc);
                match rest.len().checked_sub(lc) {
                    Some(0) => Ok(command.with_data(rest)),
                    Some(1) => {
                        let (data, le) = rest.split_at(lc);
                        match le.first() {
                            Some(le) => Ok(command.with_data(data).with_le(short_le(*le))),
                            None => invalid("short Le missing"),
                        }
                    }
                    _ => invalid("short Lc does not match the length"),
                }
            }
        }
    }
}

// The only field that can hold a secret, the data field, wipes itself on drop.
impl zeroize::ZeroizeOnDrop for Command {}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = if self.secret || super::trace::is_sensitive_ins(self.ins) {
            if self.data.is_empty() {
                String::new()
            } else {
                "***".to_owned()
            }
        } else {
            hex(&self.data)
        };
        f.debug_struct("Command")
            .field("cla", &format_args!("{:02X}", self.cla))
            .field("ins", &format_args!("{:02X}", self.ins))
            .field("p1", &format_args!("{:02X}", self.p1))
            .field("p2", &format_args!("{:02X}", self.p2))
            .field("data", &data)
            .field("le", &self.le)
            .finish()
    }
}

/// A response APDU: data and status word.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    data: Vec<u8>,
    sw: StatusWord,
}

impl Response {
    /// A response from its parts.
    pub fn new(data: Vec<u8>, sw: StatusWord) -> Response {
        Response { data, sw }
    }

    /// Parses raw response bytes: data followed by SW1 SW2.
    pub fn parse(bytes: &[u8]) -> Result<Response> {
        match bytes.split_last_chunk::<2>() {
            Some((data, &[sw1, sw2])) => Ok(Response {
                data: data.to_vec(),
                sw: StatusWord::from_bytes(sw1, sw2),
            }),
            None => Err(CardError::ResponseTooShort.into()),
        }
    }

    /// The data field.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The data field, by value.
    pub fn into_data(self) -> Vec<u8> {
        self.data
    }

    /// The status word.
    pub fn sw(&self) -> StatusWord {
        self.sw
    }

    /// Data followed by SW1 SW2.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.sw.to_bytes());
        out
    }

    /// `Ok(self)` when the status word is `9000`, otherwise [`CardError::Status`].
    pub fn check(self) -> Result<Response> {
        if self.sw.is_success() {
            Ok(self)
        } else {
            Err(CardError::Status { sw: self.sw.0 }.into())
        }
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("data", &hex(&self.data))
            .field("sw", &format_args!("{}", self.sw))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bytes(cmd: &Command) -> Vec<u8> {
        cmd.to_bytes().unwrap_or_default().to_vec()
    }

    // Security review M4: the data field (the new PIN of RESET RETRY COUNTER, CHANGE REFERENCE
    // DATA, VERIFY) was a plain Vec, left in freed memory; so was its encoding.
    #[test]
    fn pin_commands_and_their_encodings_are_wiped_on_drop() {
        fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let pin = Command::new(0x00, 0x2C, 0x02, 0x03)
            .with_data(b"123456".to_vec())
            .with_secret();
        wipes_on_drop(&pin);
        let encoded = pin.to_bytes().unwrap();
        wipes_on_drop(&encoded);
        assert_eq!(*encoded, b"\x00\x2C\x02\x03\x06123456");
        wipes_on_drop(&pin.to_bytes_short().unwrap());
        wipes_on_drop(&pin.to_bytes_extended().unwrap());
        // A clone is a second wiped copy, not a plain one.
        wipes_on_drop(&pin.clone());
    }

    #[test]
    fn the_four_cases_short() {
        let c1 = Command::new(0x00, 0x84, 0, 0);
        assert_eq!(bytes(&c1), [0, 0x84, 0, 0]);
        let c2 = Command::new(0x00, 0x84, 0, 0).with_le(8);
        assert_eq!(bytes(&c2), [0, 0x84, 0, 0, 8]);
        let c2max = Command::new(0x00, 0xB0, 0, 0).with_le(256);
        assert_eq!(bytes(&c2max), [0, 0xB0, 0, 0, 0]);
        let c3 = Command::new(0x00, 0x20, 0, 1).with_data([1, 2, 3]);
        assert_eq!(bytes(&c3), [0, 0x20, 0, 1, 3, 1, 2, 3]);
        let c4 = Command::new(0x00, 0xA4, 4, 0)
            .with_data([0xA0])
            .with_le(256);
        assert_eq!(bytes(&c4), [0, 0xA4, 4, 0, 1, 0xA0, 0]);
        for c in [c1, c2, c2max, c3, c4] {
            assert_eq!(Command::parse(&bytes(&c)).ok(), Some(c));
        }
    }

    #[test]
    fn the_four_cases_extended() {
        let c2 = Command::new(0, 0xB0, 0, 0).with_le(65_536);
        assert_eq!(bytes(&c2), [0, 0xB0, 0, 0, 0, 0, 0]);
        let c2b = Command::new(0, 0xB0, 0, 0).with_le(300);
        assert_eq!(bytes(&c2b), [0, 0xB0, 0, 0, 0, 0x01, 0x2C]);
        let c3 = Command::new(0, 0xD6, 0, 0).with_data(vec![7; 256]);
        let b3 = bytes(&c3);
        assert_eq!(&b3[..7], [0, 0xD6, 0, 0, 0, 1, 0]);
        assert_eq!(b3.len(), 7 + 256);
        let c4 = Command::new(0, 0x2A, 0, 0)
            .with_data(vec![1; 300])
            .with_le(1);
        let b4 = bytes(&c4);
        assert_eq!(b4.len(), 7 + 300 + 2);
        assert_eq!(&b4[b4.len() - 2..], [0, 1]);
        // An extended encoding of a command that would fit a short one.
        let small = Command::new(0, 0xB0, 0, 0).with_data([1]).with_le(256);
        assert_eq!(
            small.to_bytes_extended().ok().map(|b| b.to_vec()),
            Some(vec![0, 0xB0, 0, 0, 0, 0, 1, 1, 1, 0])
        );
        for c in [c2, c2b, c3, c4, small] {
            let ext = c.to_bytes_extended().unwrap_or_default();
            assert_eq!(Command::parse(&ext).ok(), Some(c));
        }
    }

    #[test]
    fn validation_errors() {
        let code = |r: Result<Zeroizing<Vec<u8>>>| r.err().map(|e| e.code());
        let too_much = Command::new(0, 0, 0, 0).with_data(vec![0; 65_536]);
        assert_eq!(code(too_much.to_bytes()), Some(3003));
        assert_eq!(
            code(Command::new(0, 0, 0, 0).with_le(0).to_bytes()),
            Some(3002)
        );
        assert_eq!(
            code(Command::new(0, 0, 0, 0).with_le(65_537).to_bytes()),
            Some(3003)
        );
        assert_eq!(
            code(Command::new(0, 0, 0, 0).with_le(257).to_bytes_short()),
            Some(3003)
        );
        for bad in [
            &[0u8, 0, 0][..],
            &[0, 0, 0, 0, 0, 1],
            &[0, 0, 0, 0, 2, 1],
            &[0, 0, 0, 0, 1, 1, 1, 1],
            &[0, 0, 0, 0, 0, 0, 0, 1],
            &[0, 0, 0, 0, 0, 0, 2, 1, 1, 1],
        ] {
            assert_eq!(
                Command::parse(bad).err().map(|e| e.code()),
                Some(3002),
                "{bad:02X?}"
            );
        }
    }

    #[test]
    fn responses() {
        assert_eq!(Response::parse(&[0x90]).err().map(|e| e.code()), Some(3004));
        let r = Response::parse(&[0x6A, 0x82])
            .unwrap_or_else(|_| Response::new(vec![], StatusWord::OK));
        assert_eq!(r.sw(), StatusWord(0x6A82));
        assert!(r.data().is_empty());
        assert_eq!(
            r.check().err().map(|e| e.code()),
            Some(CardError::Status { sw: 0 }.code())
        );
        let ok = Response::new(vec![1, 2], StatusWord::OK);
        assert_eq!(ok.to_bytes(), [1, 2, 0x90, 0]);
        assert_eq!(format!("{ok:?}"), "Response { data: \"0102\", sw: 9000 }");
    }

    #[test]
    fn debug_redacts_secret_data() {
        let verify = Command::new(0, 0x20, 0, 0x81).with_data(*b"123456");
        assert!(!format!("{verify:?}").contains("313233"));
        let marked = Command::new(0x80, 0x10, 0, 0)
            .with_data([0xAB])
            .with_secret();
        assert!(format!("{marked:?}").contains("***"));
        let plain = Command::new(0, 0xB0, 0, 0).with_data([0xAB]);
        assert!(format!("{plain:?}").contains("AB"));
    }

    fn any_command() -> impl Strategy<Value = Command> {
        (
            any::<[u8; 4]>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..=300),
                proptest::collection::vec(any::<u8>(), 0..=3),
            ],
            proptest::option::of(prop_oneof![1usize..=256, 1usize..=65_536]),
        )
            .prop_map(|([cla, ins, p1, p2], data, le)| {
                let c = Command::new(cla, ins, p1, p2).with_data(data);
                match le {
                    Some(le) => c.with_le(le),
                    None => c,
                }
            })
    }

    proptest! {
        #[test]
        fn command_round_trips(cmd in any_command()) {
            let encoded = cmd.to_bytes().map_err(|e| TestCaseError::fail(e.to_string()))?;
            if cmd.fits_short() {
                let short = cmd.to_bytes_short().ok();
                prop_assert_eq!(Some(&encoded), short.as_ref());
            } else {
                prop_assert!(cmd.to_bytes_short().is_err());
            }
            prop_assert_eq!(Command::parse(&encoded).ok(), Some(cmd.clone()));
            let extended = cmd.to_bytes_extended().map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(Command::parse(&extended).ok(), Some(cmd));
        }

        #[test]
        fn response_round_trips(data in proptest::collection::vec(any::<u8>(), 0..300), sw in any::<u16>()) {
            let r = Response::new(data, StatusWord(sw));
            prop_assert_eq!(Response::parse(&r.to_bytes()).ok(), Some(r));
        }

        #[test]
        fn parse_never_panics_and_reencodes(raw in proptest::collection::vec(any::<u8>(), 0..600)) {
            if let Ok(cmd) = Command::parse(&raw) {
                // A parsed command re-encodes to an APDU that parses to the same command.
                let again = cmd.to_bytes().map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(Command::parse(&again).ok(), Some(cmd));
            }
        }
    }
}
