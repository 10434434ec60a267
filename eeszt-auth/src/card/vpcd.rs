//! The vpcd protocol (vsmartcard's virtual reader driver for pcscd), card side: serve any
//! [`SimCard`](super::SimCard) into a vpcd reader slot so every PC/SC program sees it.
//!
//! Wire format: TCP; every frame is a 2-byte big-endian length and that many bytes. A 1-byte
//! payload is a control code (`00` power off, `01` power on, `02` reset, `04` get ATR); anything
//! else is a command APDU answered by exactly one frame. Closing the socket removes the card.
//!
//! Debian's vpcd writes length and APDU with two `send()` calls; with Nagle on one side and delayed
//! ACK on the other every APDU would stall ~44 ms. The card side therefore sets `TCP_NODELAY`, writes
//! each frame with one call, and (on Linux) sets `TCP_QUICKACK` before every read.
//!
//! ```no_run
//! # #[cfg(feature = "sim")] // the card side needs the `sim` feature (on by default)
//! # {
//! use eeszt_auth::card::testcard::TestCard;
//! use eeszt_auth::card::vpcd::serve_vpcd;
//! use std::sync::atomic::AtomicBool;
//!
//! let stop = AtomicBool::new(false); // set it from a signal handler or another thread
//! let mut card = TestCard::sample();
//! serve_vpcd(&mut card, "127.0.0.1:35963", &stop)?; // returns when stopped or vpcd hangs up
//! # }
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::error::CardError;
use crate::error::{Error, Result};

/// vpcd control code: power off.
pub const CTRL_POWER_OFF: u8 = 0x00;
/// vpcd control code: power on.
pub const CTRL_POWER_ON: u8 = 0x01;
/// vpcd control code: reset.
pub const CTRL_RESET: u8 = 0x02;
/// vpcd control code: get ATR.
pub const CTRL_GET_ATR: u8 = 0x04;

/// Resolves `HOST:PORT` to its first socket address.
pub fn resolve(addr: &str) -> Result<std::net::SocketAddr> {
    let bad = || {
        Error::from(CardError::BadAddress {
            address: addr.to_owned(),
        })
    };
    addr.to_socket_addrs()
        .map_err(|_| bad())?
        .next()
        .ok_or_else(bad)
}

/// Sets `TCP_NODELAY` (and `TCP_QUICKACK` on Linux) on a vpcd connection.
pub(crate) fn tune(stream: &TcpStream) -> Result<()> {
    stream.set_nodelay(true).map_err(io_failed)?;
    quickack(stream);
    Ok(())
}

/// Re-arms `TCP_QUICKACK` (the kernel clears it by itself); best effort.
pub(crate) fn quickack(stream: &TcpStream) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = stream;
    }
}

fn io_failed(err: std::io::Error) -> Error {
    CardError::TransportFailed {
        detail: format!("vpcd: {err}"),
    }
    .into()
}

/// A byte stream that carries vpcd frames: a TCP connection (the fuzz targets use memory).
pub(crate) trait FrameStream: Read + Write {
    /// The deadline for each part of a frame when no stop flag is given (the read timeout).
    fn read_limit(&self) -> Result<Option<Duration>>;
    /// Called before each read.
    fn before_read(&self) {}
}

impl FrameStream for TcpStream {
    fn read_limit(&self) -> Result<Option<Duration>> {
        self.read_timeout().map_err(io_failed)
    }

    fn before_read(&self) {
        quickack(self);
    }
}

/// Writes one frame with a single `write` call.
pub(crate) fn write_frame<S: FrameStream + ?Sized>(stream: &mut S, payload: &[u8]) -> Result<()> {
    let len = u16::try_from(payload.len()).map_err(|_| CardError::VpcdProtocol {
        detail: format!("frame of {} bytes exceeds 65535", payload.len()),
    })?;
    let mut frame = Vec::with_capacity(payload.len() + 2);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(payload);
    stream.write_all(&frame).map_err(|e| match e.kind() {
        ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
            CardError::CardRemoved.into()
        }
        _ => io_failed(e),
    })
}

/// Reads one frame. `Ok(None)`: the peer closed the connection (at a frame boundary) or `stop` was
/// set while waiting. The stream must have a read timeout for `stop` to be seen.
///
/// Without `stop` (the reader side waiting for an answer) the stream's read timeout is a deadline
/// for each part of the frame (header, payload): a peer that sends nothing, or too little, for
/// that long gives [`CardError::VpcdSilent`].
pub(crate) fn read_frame<S: FrameStream + ?Sized>(
    stream: &mut S,
    stop: Option<&AtomicBool>,
) -> Result<Option<Vec<u8>>> {
    let mut header = [0u8; 2];
    if !read_exact_or_stop(stream, &mut header, stop, true)? {
        return Ok(None);
    }
    let mut payload = vec![0u8; usize::from(u16::from_be_bytes(header))];
    if !read_exact_or_stop(stream, &mut payload, stop, false)? {
        return Ok(None);
    }
    Ok(Some(payload))
}

/// Fills `buf`; `false` when stopped, or when the peer closed before the first byte and
/// `eof_ok`.
fn read_exact_or_stop<S: FrameStream + ?Sized>(
    stream: &mut S,
    buf: &mut [u8],
    stop: Option<&AtomicBool>,
    eof_ok: bool,
) -> Result<bool> {
    // The reader side's deadline: the stream's read timeout, counted from the start of this part.
    let limit = match stop {
        Some(_) => None,
        None => stream.read_limit()?,
    };
    let started = Instant::now();
    let silent = || {
        let waited = started.elapsed().as_millis();
        Error::from(CardError::VpcdSilent {
            waited_ms: u64::try_from(waited).unwrap_or(u64::MAX),
        })
    };
    let mut filled = 0usize;
    while filled < buf.len() {
        if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return Ok(false);
        }
        if limit.is_some_and(|limit| started.elapsed() >= limit) {
            return Err(silent());
        }
        stream.before_read();
        let Some(rest) = buf.get_mut(filled..) else {
            break;
        };
        match stream.read(rest) {
            Ok(0) if filled == 0 && eof_ok => return Ok(false),
            Ok(0) => {
                return Err(CardError::VpcdProtocol {
                    detail: "connection closed inside a frame".into(),
                }
                .into());
            }
            Ok(n) => filled += n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                // With a stop flag this is the poll tick; without one the wait is over.
                if stop.is_none() {
                    return Err(silent());
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset && filled == 0 && eof_ok => {
                return Ok(false);
            }
            Err(e) => return Err(io_failed(e)),
        }
    }
    Ok(true)
}

#[cfg(feature = "sim")]
pub use card_side::*;

#[cfg(feature = "sim")]
mod card_side {
    use super::*;
    use crate::card::simcard::SimCard;

    /// How often a blocked read wakes up to look at the stop flag.
    const POLL: Duration = Duration::from_millis(100);

    /// Why [`serve_vpcd`] returned.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ServeEnd {
        /// The stop flag was set.
        Stopped,
        /// vpcd (pcscd) closed the connection.
        Disconnected,
    }

    /// Connects `card` to the vpcd reader listening at `addr` (`HOST:PORT`) and answers its frames
    /// until `stop` is set or vpcd closes the connection.
    pub fn serve_vpcd(card: &mut dyn SimCard, addr: &str, stop: &AtomicBool) -> Result<()> {
        serve_vpcd_until(card, addr, stop).map(|_| ())
    }

    /// [`serve_vpcd`], telling why it ended.
    pub fn serve_vpcd_until(
        card: &mut dyn SimCard,
        addr: &str,
        stop: &AtomicBool,
    ) -> Result<ServeEnd> {
        let target = resolve(addr)?;
        let mut stream =
            TcpStream::connect_timeout(&target, Duration::from_secs(5)).map_err(|e| {
                CardError::VpcdConnect {
                    detail: format!("{addr}: {e}"),
                }
            })?;
        tune(&stream)?;
        stream.set_read_timeout(Some(POLL)).map_err(io_failed)?;
        serve_stream(card, &mut stream, stop)
    }

    /// Answers frames on an established connection (the card side of the protocol).
    pub fn serve_stream(
        card: &mut dyn SimCard,
        stream: &mut TcpStream,
        stop: &AtomicBool,
    ) -> Result<ServeEnd> {
        serve_frames(card, stream, stop)
    }

    /// [`serve_stream`] over any frame stream.
    pub(crate) fn serve_frames<S: FrameStream + ?Sized>(
        card: &mut dyn SimCard,
        stream: &mut S,
        stop: &AtomicBool,
    ) -> Result<ServeEnd> {
        loop {
            let frame = match read_frame(stream, Some(stop)) {
                Ok(Some(frame)) => frame,
                Ok(None) if stop.load(Ordering::Relaxed) => return Ok(ServeEnd::Stopped),
                Ok(None) => return Ok(ServeEnd::Disconnected),
                Err(e) => return Err(e),
            };
            match frame.as_slice() {
                [CTRL_POWER_OFF] => card.power_off(),
                [CTRL_POWER_ON] | [CTRL_RESET] => card.reset(),
                [CTRL_GET_ATR] => write_frame(stream, &card.atr())?,
                [other] => {
                    return Err(CardError::VpcdProtocol {
                        detail: format!("unknown control code {other:02X}"),
                    }
                    .into());
                }
                apdu => {
                    let answer = card.process(apdu);
                    write_frame(stream, &answer)?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn frames_round_trip_and_bad_addresses() -> Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(io_failed)?;
        let addr = listener.local_addr().map_err(io_failed)?;
        let mut client = TcpStream::connect(addr).map_err(io_failed)?;
        let (mut server, _) = listener.accept().map_err(io_failed)?;
        tune(&client)?;
        write_frame(&mut client, &[1, 2, 3])?;
        write_frame(&mut client, &[])?;
        assert_eq!(read_frame(&mut server, None)?, Some(vec![1, 2, 3]));
        assert_eq!(read_frame(&mut server, None)?, Some(vec![]));
        assert!(write_frame(&mut client, &vec![0; 70_000]).is_err());
        // Half a frame, then the peer hangs up.
        client.write_all(&[0, 5, 1]).map_err(io_failed)?;
        drop(client);
        assert!(read_frame(&mut server, None).is_err());
        assert_eq!(
            resolve("no-port").err().map(|e| e.code()),
            Some(
                CardError::BadAddress {
                    address: String::new()
                }
                .code()
            )
        );
        Ok(())
    }
}
