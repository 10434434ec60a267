//! The vpcd protocol, reader side: listen for a remote card (a phone reading the eID card over NFC,
//! as vsmartcard's "Remote Smart Card Reader" app does) and use it as a [`Transport`].
//!
//! The phone scans a QR code holding [`VpcdListener::pairing_text`] (`vpcd://HOST:PORT`) and
//! connects; [`VpcdListener::accept`] then powers the card on and reads its ATR.
//!
//! ```no_run
//! use eeszt_auth::card::vpcd_reader::VpcdListener;
//! use eeszt_auth::card::{exchange_ok, Command};
//! use std::time::Duration;
//!
//! let listener = VpcdListener::bind("0.0.0.0:35963")?;
//! println!("scan: {}", listener.pairing_text("192.168.1.20")); // vpcd://192.168.1.20:35963
//! let mut card = listener.accept(Some(Duration::from_secs(120)))?;
//! let challenge = exchange_ok(&mut card, &Command::new(0, 0x84, 0, 0).with_le(8))?;
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use super::error::CardError;
use super::transport::{ReaderFeatures, Transport};
use super::vpcd::{
    CTRL_GET_ATR, CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET, FrameStream, read_frame, resolve,
    tune, write_frame,
};
use crate::error::{Error, Result};

fn listen_failed(detail: String) -> Error {
    CardError::VpcdConnect { detail }.into()
}

/// How long the reader side waits for each answer of the remote card (the ATR, a response APDU)
/// before giving up with [`CardError::VpcdSilent`]. Long enough for a phone that has to find the
/// card on its NFC antenna; see [`VpcdListener::with_read_timeout`].
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Listens for remote cards. `Send + Sync`.
#[derive(Debug)]
pub struct VpcdListener {
    listener: TcpListener,
    read_timeout: Duration,
}

impl VpcdListener {
    /// Listens on `addr` (`HOST:PORT`; port 0 picks a free one).
    pub fn bind(addr: &str) -> Result<VpcdListener> {
        let target = resolve(addr)?;
        let listener =
            TcpListener::bind(target).map_err(|e| listen_failed(format!("{addr}: {e}")))?;
        Ok(VpcdListener {
            listener,
            read_timeout: DEFAULT_READ_TIMEOUT,
        })
    }

    /// Sets how long each card accepted from now on may take to answer (the ATR, every response);
    /// a silent card gives [`CardError::VpcdSilent`]. Default: [`DEFAULT_READ_TIMEOUT`]. A zero
    /// duration is taken as 1 ms.
    pub fn with_read_timeout(mut self, timeout: Duration) -> VpcdListener {
        self.read_timeout = timeout;
        self
    }

    /// The port actually listened on.
    pub fn port(&self) -> Result<u16> {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .map_err(|e| listen_failed(e.to_string()))
    }

    /// The text to put in the pairing QR code: `vpcd://HOST:PORT`, where `host` is this machine's
    /// address as the phone sees it. IPv6 hosts are bracketed.
    pub fn pairing_text(&self, host: &str) -> String {
        pairing_text(host, self.port().unwrap_or(0))
    }

    /// Waits for a card to connect (`None`: without limit), powers it on and reads its ATR.
    ///
    /// Errors: [`CardError::Timeout`] when no card connects within `timeout`,
    /// [`CardError::VpcdSilent`] when the card connects but does not send its ATR within the read
    /// timeout ([`VpcdListener::with_read_timeout`]).
    pub fn accept(&self, timeout: Option<Duration>) -> Result<VpcdTransport> {
        let stream = match timeout {
            None => self.listener.accept().map(|(s, _)| s),
            Some(limit) => self.accept_until(Instant::now() + limit),
        }
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => Error::from(CardError::Timeout),
            _ => listen_failed(e.to_string()),
        })?;
        VpcdTransport::start_with_read_timeout(stream, self.read_timeout)
    }

    fn accept_until(&self, deadline: Instant) -> std::io::Result<TcpStream> {
        self.listener.set_nonblocking(true)?;
        let result = loop {
            match self.listener.accept() {
                Ok((stream, _)) => break Ok(stream),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if Instant::now() >= deadline {
                        break Err(std::io::ErrorKind::TimedOut.into());
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => break Err(e),
            }
        };
        self.listener.set_nonblocking(false)?;
        let stream = result?;
        stream.set_nonblocking(false)?;
        Ok(stream)
    }
}

/// The pairing text for `host` and `port`: `vpcd://HOST:PORT`.
pub fn pairing_text(host: &str, port: u16) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("vpcd://[{host}]:{port}")
    } else {
        format!("vpcd://{host}:{port}")
    }
}

/// Reader side: powers the card on and reads its ATR.
pub(crate) fn power_on<S: FrameStream + ?Sized>(stream: &mut S) -> Result<Vec<u8>> {
    write_frame(stream, &[CTRL_POWER_ON])?;
    request(stream, &[CTRL_GET_ATR])
}

/// Reader side: sends one frame and reads the answer; a closed connection is a removed card.
pub(crate) fn request<S: FrameStream + ?Sized>(stream: &mut S, payload: &[u8]) -> Result<Vec<u8>> {
    write_frame(stream, payload)?;
    read_frame(stream, None)?.ok_or_else(|| CardError::CardRemoved.into())
}

/// A remote card connected over vpcd: a [`Transport`]. `Send`; one thread at a time.
#[derive(Debug)]
pub struct VpcdTransport {
    stream: TcpStream,
    atr: Vec<u8>,
    reset_pending: bool,
    features: ReaderFeatures,
}

impl VpcdTransport {
    /// Takes over a connected card: powers it on and reads its ATR. Every answer must come within
    /// [`DEFAULT_READ_TIMEOUT`], or the call gives [`CardError::VpcdSilent`].
    pub fn start(stream: TcpStream) -> Result<VpcdTransport> {
        VpcdTransport::start_with_read_timeout(stream, DEFAULT_READ_TIMEOUT)
    }

    /// [`VpcdTransport::start`] with another read timeout (a zero duration is taken as 1 ms).
    pub fn start_with_read_timeout(stream: TcpStream, timeout: Duration) -> Result<VpcdTransport> {
        tune(&stream)?;
        stream
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
            .map_err(|e| listen_failed(e.to_string()))?;
        let mut transport = VpcdTransport {
            stream,
            atr: Vec::new(),
            reset_pending: false,
            features: ReaderFeatures {
                extended_length: true,
                ..ReaderFeatures::default()
            },
        };
        transport.atr = power_on(&mut transport.stream)?;
        transport.features.extended_length =
            super::atr::capabilities(&transport.atr).extended_length;
        Ok(transport)
    }

    fn request(&mut self, payload: &[u8]) -> Result<Vec<u8>> {
        request(&mut self.stream, payload)
    }

    /// Resets the card (vpcd `02`) and reads the ATR again; [`Transport::reset_seen`] reports it.
    pub fn reset(&mut self) -> Result<()> {
        write_frame(&mut self.stream, &[CTRL_RESET])?;
        self.atr = self.request(&[CTRL_GET_ATR])?;
        self.reset_pending = true;
        Ok(())
    }

    /// Overrides the extended-length feature.
    pub fn set_extended_length(&mut self, extended: bool) {
        self.features.extended_length = extended;
    }

    /// Powers the card off and closes the connection.
    pub fn close(mut self) -> Result<()> {
        write_frame(&mut self.stream, &[CTRL_POWER_OFF])
    }
}

impl Transport for VpcdTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        if apdu.len() < 4 {
            // A 1-byte frame would be read as a control code.
            return Err(CardError::ApduInvalid {
                reason: "shorter than the 4-byte header",
            }
            .into());
        }
        self.request(apdu)
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
mod silent_peer_tests {
    use super::*;
    use std::io::{Read, Write};
    use std::sync::mpsc;

    /// A peer that connects to `port`, runs `script` on the connection, then reads (never
    /// answering) until the other side closes it.
    fn peer(port: u16, script: fn(&mut TcpStream)) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
                return;
            };
            script(&mut stream);
            let mut sink = [0u8; 64];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        })
    }

    /// Runs `job` on a thread and gives its result, failing (instead of hanging the test run) if
    /// it has not returned after 20 s: the bug being tested was a read that never returned.
    fn bounded<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(job());
        });
        rx.recv_timeout(Duration::from_secs(20))
            .expect("the vpcd read never returned: the read timeout did not fire")
    }

    #[test]
    fn a_card_that_never_sends_its_atr_times_out() -> Result<()> {
        let listener =
            VpcdListener::bind("127.0.0.1:0")?.with_read_timeout(Duration::from_millis(200));
        let silent = peer(listener.port()?, |_| {});
        let result = bounded(move || listener.accept(Some(Duration::from_secs(10))).map(|_| ()));
        let Err(err) = result else {
            panic!("a silent card must not be accepted");
        };
        assert_eq!(err.code(), CardError::VpcdSilent { waited_ms: 0 }.code());
        assert!(
            err.message(crate::Lang::En)
                .contains("did not answer in time")
        );
        assert!(
            err.message(crate::Lang::Hu)
                .contains("nem válaszolt időben")
        );
        let _ = silent.join();
        Ok(())
    }

    #[test]
    fn a_card_that_stops_answering_times_out() -> Result<()> {
        let listener =
            VpcdListener::bind("127.0.0.1:0")?.with_read_timeout(Duration::from_millis(200));
        // Answers GET ATR, then goes silent on the first command APDU.
        let half = peer(listener.port()?, |stream| {
            let mut frame = [0u8; 3];
            for _ in 0..2 {
                // power on, get ATR
                if stream.read_exact(&mut frame).is_err() {
                    return;
                }
            }
            let _ = stream.write_all(&[0, 2, 0x3B, 0x00]);
        });
        let result = bounded(move || -> Result<()> {
            let mut card = listener.accept(Some(Duration::from_secs(10)))?;
            assert_eq!(card.atr()?, vec![0x3B, 0x00]);
            card.transmit(&[0, 0x84, 0, 0, 8]).map(|_| ())
        });
        assert_eq!(
            result.err().map(|e| e.code()),
            Some(CardError::VpcdSilent { waited_ms: 0 }.code())
        );
        let _ = half.join();
        Ok(())
    }

    #[test]
    fn a_half_frame_then_silence_times_out() -> Result<()> {
        let listener =
            VpcdListener::bind("127.0.0.1:0")?.with_read_timeout(Duration::from_millis(200));
        // Sends the ATR frame's header and one byte of it, then nothing.
        let trickle = peer(listener.port()?, |stream| {
            let _ = stream.write_all(&[0, 2, 0x3B]);
        });
        let result = bounded(move || listener.accept(Some(Duration::from_secs(10))).map(|_| ()));
        assert_eq!(
            result.err().map(|e| e.code()),
            Some(CardError::VpcdSilent { waited_ms: 0 }.code())
        );
        let _ = trickle.join();
        Ok(())
    }
}

#[cfg(all(test, feature = "sim"))]
mod tests {
    use super::*;
    use crate::card::testcard::TestCard;
    use crate::card::vpcd::{ServeEnd, serve_vpcd_until};
    use crate::card::{Command, SimCard, exchange_ok};
    use std::sync::atomic::AtomicBool;

    #[test]
    fn a_sim_card_served_over_vpcd_works_as_a_transport() -> Result<()> {
        let listener = VpcdListener::bind("127.0.0.1:0")?;
        let port = listener.port()?;
        assert_eq!(
            listener.pairing_text("10.0.0.5"),
            format!("vpcd://10.0.0.5:{port}")
        );
        assert_eq!(pairing_text("fe80::1", 1), "vpcd://[fe80::1]:1");
        let server = std::thread::spawn(move || {
            let stop = AtomicBool::new(false);
            let mut card = TestCard::sample();
            serve_vpcd_until(&mut card, &format!("127.0.0.1:{port}"), &stop)
        });
        let mut remote = listener.accept(Some(Duration::from_secs(10)))?;
        assert_eq!(remote.atr()?, TestCard::sample().atr());
        assert!(remote.features().extended_length);
        let a = exchange_ok(&mut remote, &Command::new(0, 0x84, 0, 0).with_le(8))?;
        let b = exchange_ok(&mut remote, &Command::new(0, 0x84, 0, 0).with_le(8))?;
        assert_ne!(a, b);
        // The card side's challenges start again after a reset (same seed, no state).
        remote.reset()?;
        assert!(remote.reset_seen());
        assert!(remote.transmit(&[0]).is_err());
        // Extended-length READ BINARY through the wire.
        crate::card::exchange_ok(
            &mut remote,
            &Command::new(0, 0xA4, 0x08, 0x0C).with_data([0x50, 0, 0x50, 1]),
        )?;
        let data = exchange_ok(&mut remote, &Command::new(0, 0xB0, 0, 0).with_le(65_536))?;
        assert_eq!(data.len(), 1000);
        remote.close()?;
        let end = server
            .join()
            .map_err(|_| listen_failed("server thread".into()))?;
        assert_eq!(end?, ServeEnd::Disconnected);
        Ok(())
    }

    #[test]
    fn accept_times_out() -> Result<()> {
        let listener = VpcdListener::bind("127.0.0.1:0")?;
        let err = listener.accept(Some(Duration::from_millis(50)));
        assert_eq!(err.err().map(|e| e.code()), Some(CardError::Timeout.code()));
        Ok(())
    }
}
