//! The [`Transport`] trait: how APDU bytes reach a card (PC/SC, vpcd, an in-process simulated card,
//! a scripted mock).
//!
//! A transport moves raw bytes; the ISO 7816 rules (61xx, 6Cxx, chaining, extended length) live in
//! [`exchange`](mod@super::exchange). Card operations take `&mut impl Transport` (or `&mut dyn Transport`).

use super::error::CardError;
use crate::error::Result;

/// What the reader offers beyond plain APDU transmission (PC/SC part 10 control codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReaderFeatures {
    /// The reader (and driver) pass extended-length APDUs.
    pub extended_length: bool,
    /// Control code of FEATURE_VERIFY_PIN_DIRECT (PIN entry on the reader's keypad).
    pub verify_pin_direct: Option<u32>,
    /// Control code of FEATURE_MODIFY_PIN_DIRECT (PIN change on the reader's keypad).
    pub modify_pin_direct: Option<u32>,
    /// Control code of FEATURE_EXECUTE_PACE (PACE with the PIN typed on the reader).
    pub execute_pace: Option<u32>,
}

impl ReaderFeatures {
    /// Whether the reader has a PIN pad (any of the part 10 PIN features).
    pub fn has_pin_pad(&self) -> bool {
        self.verify_pin_direct.is_some()
            || self.modify_pin_direct.is_some()
            || self.execute_pace.is_some()
    }
}

/// A channel to one card.
pub trait Transport: AsDynTransport {
    /// Sends one raw command APDU and returns the raw answer (data followed by SW1 SW2).
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>>;

    /// Sends a reader control (escape) code; unsupported unless the transport overrides it.
    fn control(&mut self, code: u32, data: &[u8]) -> Result<Vec<u8>> {
        let _ = (code, data);
        Err(CardError::Unsupported {
            what: "reader control codes",
        }
        .into())
    }

    /// What the reader offers.
    fn features(&self) -> ReaderFeatures {
        ReaderFeatures::default()
    }

    /// The card's answer to reset.
    fn atr(&self) -> Result<Vec<u8>>;

    /// `true` once after the card was reset (by another program or a reconnect): session state on
    /// the card (selected files, PACE keys, verified PINs) is gone.
    fn reset_seen(&mut self) -> bool {
        false
    }

    /// Runs `f` with exclusive access to the card: inside a PC/SC transaction for a reader, so no
    /// other program can send a command in between (for example between reading the PIN state and
    /// the PIN attempt that relies on it). Transports no other program can reach run `f` directly.
    fn exclusive(&mut self, f: &mut dyn FnMut(&mut dyn Transport) -> Result<()>) -> Result<()> {
        f(self.as_dyn_transport())
    }

    /// True for an in-process simulated card. Results built on such a card say so.
    fn is_simulated(&self) -> bool {
        false
    }
}

/// Runs `op` with exclusive access to the card (see [`Transport::exclusive`]) and returns its value.
pub fn with_exclusive<T: Transport + ?Sized, R>(
    transport: &mut T,
    op: impl FnOnce(&mut dyn Transport) -> Result<R>,
) -> Result<R> {
    let mut op = Some(op);
    let mut out = None;
    transport.exclusive(&mut |t| {
        if let Some(op) = op.take() {
            out = Some(op(t)?);
        }
        Ok(())
    })?;
    out.ok_or_else(|| crate::ApiError::BadState.into())
}

/// Views a transport as `&mut dyn Transport` (implemented for every sized transport, so that
/// [`Transport::exclusive`] has a default).
pub trait AsDynTransport {
    /// `self` as a trait object.
    fn as_dyn_transport(&mut self) -> &mut dyn Transport;
}

impl<T: Transport> AsDynTransport for T {
    fn as_dyn_transport(&mut self) -> &mut dyn Transport {
        self
    }
}

/// Forwards every method to the pointee, for `&mut T` and `Box<T>`.
macro_rules! forward_transport {
    ($($ptr:ty),+) => {$(
        impl<T: Transport + ?Sized> Transport for $ptr {
            fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
                (**self).transmit(apdu)
            }
            fn control(&mut self, code: u32, data: &[u8]) -> Result<Vec<u8>> {
                (**self).control(code, data)
            }
            fn features(&self) -> ReaderFeatures {
                (**self).features()
            }
            fn atr(&self) -> Result<Vec<u8>> {
                (**self).atr()
            }
            fn reset_seen(&mut self) -> bool {
                (**self).reset_seen()
            }
            fn exclusive(
                &mut self,
                f: &mut dyn FnMut(&mut dyn Transport) -> Result<()>,
            ) -> Result<()> {
                (**self).exclusive(f)
            }
            fn is_simulated(&self) -> bool {
                (**self).is_simulated()
            }
        }
    )+};
}

forward_transport!(&mut T, Box<T>);

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Transport for Echo {
        fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
            let mut out = apdu.to_vec();
            out.extend_from_slice(&[0x90, 0x00]);
            Ok(out)
        }
        fn atr(&self) -> Result<Vec<u8>> {
            Ok(vec![0x3B, 0x00])
        }
    }

    #[test]
    fn defaults_and_forwarding() {
        let mut echo = Echo;
        assert_eq!(
            echo.control(1, &[]).err().map(|e| e.code()),
            Some(CardError::Unsupported { what: "" }.code())
        );
        assert!(!echo.reset_seen());
        assert!(!echo.features().has_pin_pad());
        let by_ref: &mut dyn Transport = &mut echo;
        assert_eq!(by_ref.transmit(&[1]).ok(), Some(vec![1, 0x90, 0]));
        let mut boxed: Box<dyn Transport> = Box::new(Echo);
        assert_eq!(boxed.atr().ok(), Some(vec![0x3B, 0]));
        assert_eq!(boxed.transmit(&[]).ok(), Some(vec![0x90, 0]));
        let features = ReaderFeatures {
            execute_pace: Some(0x42),
            ..ReaderFeatures::default()
        };
        assert!(features.has_pin_pad());
    }
}
