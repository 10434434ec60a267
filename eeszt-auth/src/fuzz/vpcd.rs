//! vpcd framing, both sides, over a stream in memory whose incoming bytes are the fuzz input.

use std::io::{Cursor, Read, Write};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crate::Result;
use crate::card::testcard::TestCard;
use crate::card::vpcd::{FrameStream, serve_frames, write_frame};
use crate::card::vpcd_reader::{power_on, request};
use crate::card::{Command, atr, exchange};

/// Incoming bytes from the fuzz input; outgoing bytes kept to check their framing.
struct Wire<'a> {
    incoming: Cursor<&'a [u8]>,
    outgoing: Vec<u8>,
}

impl Read for Wire<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Dribble: at most 3 bytes per read, so partial reads are exercised.
        let n = buf.len().min(3);
        self.incoming.read(&mut buf[..n])
    }
}

impl Write for Wire<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.outgoing.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl FrameStream for Wire<'_> {
    fn read_limit(&self) -> Result<Option<Duration>> {
        Ok(None)
    }
}

/// Splits what was written into frames; every byte must belong to exactly one frame.
fn frames(mut out: &[u8]) -> Vec<&[u8]> {
    let mut all = Vec::new();
    while !out.is_empty() {
        let Some((len, rest)) = out.split_first_chunk::<2>() else {
            panic!("a partial frame header was written");
        };
        let Some((payload, rest)) = rest.split_at_checked(usize::from(u16::from_be_bytes(*len)))
        else {
            panic!("a partial frame was written");
        };
        all.push(payload);
        out = rest;
    }
    all
}

/// The card side: the fuzz input is what vpcd (pcscd) sends to the ISO 7816 test card; every
/// answer written must be one whole frame, an ATR or a response with a status word.
pub fn vpcd_card_side(data: &[u8]) {
    let mut wire = Wire {
        incoming: Cursor::new(data),
        outgoing: Vec::new(),
    };
    let mut card = TestCard::sample();
    let _ = serve_frames(&mut card, &mut wire, &AtomicBool::new(false));
    for frame in frames(&wire.outgoing) {
        assert!(frame.len() >= 2, "an answer frame without a status word");
    }
}

/// The reader side: the fuzz input is what a remote card (a phone) sends back: the ATR after power
/// on, the answers to a few commands through the exchange layer, the ATR after a reset.
pub fn vpcd_reader_side(data: &[u8]) {
    let mut wire = Wire {
        incoming: Cursor::new(data),
        outgoing: Vec::new(),
    };
    let Ok(atr_bytes) = power_on(&mut wire) else {
        return;
    };
    let extended = atr::capabilities(&atr_bytes).extended_length;
    let mut transport = Remote {
        wire: &mut wire,
        extended,
    };
    let commands = [
        Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(vec![0xE8, 0x28, 0xBD, 0x08, 0x0F]),
        Command::new(0x00, 0x84, 0x00, 0x00).with_le(8),
        Command::new(0x00, 0xB0, 0x00, 0x00).with_le(65536),
    ];
    for command in &commands {
        if exchange(&mut transport, command).is_err() {
            break;
        }
    }
    // Reset (no answer), then the ATR again.
    let _ = write_frame(transport.wire, &[0x02]).and_then(|()| request(transport.wire, &[0x04]));
    for frame in frames(&wire.outgoing) {
        assert!(!frame.is_empty(), "an empty frame was written");
    }
}

/// The reader side as a transport (what `VpcdTransport` does over TCP).
struct Remote<'w, 'a> {
    wire: &'w mut Wire<'a>,
    extended: bool,
}

impl crate::card::Transport for Remote<'_, '_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        request(self.wire, apdu)
    }

    fn features(&self) -> crate::card::ReaderFeatures {
        crate::card::ReaderFeatures {
            extended_length: self.extended,
            ..Default::default()
        }
    }

    fn atr(&self) -> Result<Vec<u8>> {
        Ok(Vec::new())
    }
}
