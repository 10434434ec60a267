//! Simulated cards: the [`SimCard`] trait (an ATR plus an APDU handler) and [`SimTransport`], which
//! drives one in-process as a [`Transport`].
//!
//! The same `SimCard` can be attached to a real pcscd through vpcd
//! ([`serve_vpcd`](super::vpcd::serve_vpcd)), so every PC/SC program sees it.
//!
//! ```
//! use eeszt_auth::card::{exchange, Command, SimCard, SimTransport};
//!
//! /// A card that answers every command with its INS byte.
//! struct Echo;
//! impl SimCard for Echo {
//!     fn atr(&self) -> Vec<u8> { vec![0x3B, 0x80, 0x80, 0x01, 0x01] }
//!     fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
//!         match apdu.get(1) {
//!             Some(ins) => vec![*ins, 0x90, 0x00],
//!             None => vec![0x67, 0x00],
//!         }
//!     }
//! }
//!
//! let mut reader = SimTransport::new(Echo);
//! let answer = exchange(&mut reader, &Command::new(0x00, 0xCA, 0x00, 0x00).with_le(1))?;
//! assert_eq!(answer.data(), [0xCA]);
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use super::transport::{ReaderFeatures, Transport};
use crate::error::Result;

/// A simulated card.
pub trait SimCard: Send {
    /// The answer to reset.
    fn atr(&self) -> Vec<u8>;
    /// Handles one raw command APDU and returns the raw answer (data followed by SW1 SW2).
    /// Must never panic, whatever the bytes.
    fn process(&mut self, apdu: &[u8]) -> Vec<u8>;
    /// The reader cut the power (vpcd power off). Volatile state should be cleared.
    fn power_off(&mut self) {}
    /// The reader reset the card (vpcd reset or power on). Volatile state should be cleared.
    fn reset(&mut self) {}
}

impl<C: SimCard + ?Sized> SimCard for Box<C> {
    fn atr(&self) -> Vec<u8> {
        (**self).atr()
    }
    fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        (**self).process(apdu)
    }
    fn power_off(&mut self) {
        (**self).power_off()
    }
    fn reset(&mut self) {
        (**self).reset()
    }
}

/// An in-process [`Transport`] over a [`SimCard`].
///
/// Reports extended-length support by default (a simulated card has no reader limits); turn it off
/// with [`SimTransport::with_extended_length`] to exercise chaining.
#[derive(Debug)]
pub struct SimTransport<C: SimCard> {
    card: C,
    features: ReaderFeatures,
    reset_pending: bool,
}

impl<C: SimCard> SimTransport<C> {
    /// Wraps `card`.
    pub fn new(card: C) -> SimTransport<C> {
        SimTransport {
            card,
            features: ReaderFeatures {
                extended_length: true,
                ..ReaderFeatures::default()
            },
            reset_pending: false,
        }
    }

    /// Sets the reader features reported (a simulated PIN-pad reader, say).
    pub fn with_features(mut self, features: ReaderFeatures) -> SimTransport<C> {
        self.features = features;
        self
    }

    /// Sets only the extended-length feature.
    pub fn with_extended_length(mut self, extended: bool) -> SimTransport<C> {
        self.features.extended_length = extended;
        self
    }

    /// The card.
    pub fn card(&self) -> &C {
        &self.card
    }

    /// The card, mutably.
    pub fn card_mut(&mut self) -> &mut C {
        &mut self.card
    }

    /// Unwraps the card.
    pub fn into_card(self) -> C {
        self.card
    }

    /// Resets the card, as another program or a reconnect would; [`Transport::reset_seen`] then
    /// reports it once.
    pub fn reset(&mut self) {
        self.card.reset();
        self.reset_pending = true;
    }
}

impl<C: SimCard> Transport for SimTransport<C> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        Ok(self.card.process(apdu))
    }

    fn features(&self) -> ReaderFeatures {
        self.features
    }

    fn atr(&self) -> Result<Vec<u8>> {
        Ok(self.card.atr())
    }

    fn reset_seen(&mut self) -> bool {
        std::mem::take(&mut self.reset_pending)
    }

    fn is_simulated(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default)]
    struct Counter {
        commands: usize,
        resets: usize,
    }

    impl SimCard for Counter {
        fn atr(&self) -> Vec<u8> {
            vec![0x3B, 0x00]
        }
        fn process(&mut self, _apdu: &[u8]) -> Vec<u8> {
            self.commands += 1;
            vec![0x90, 0x00]
        }
        fn reset(&mut self) {
            self.resets += 1;
        }
    }

    #[test]
    fn transport_over_a_sim_card() {
        let mut t = SimTransport::new(Counter::default());
        assert!(t.features().extended_length);
        assert_eq!(t.transmit(&[0, 0, 0, 0]).ok(), Some(vec![0x90, 0]));
        assert_eq!(t.atr().ok(), Some(vec![0x3B, 0]));
        assert!(!t.reset_seen());
        t.reset();
        assert!(t.reset_seen());
        assert!(!t.reset_seen());
        t.card_mut().commands += 10;
        assert_eq!(t.card().commands, 11);
        let t = t.with_extended_length(false);
        assert!(!t.features().extended_length);
        let t = t.with_features(ReaderFeatures::default());
        assert_eq!(t.into_card().resets, 1);
        let mut boxed: Box<dyn SimCard> = Box::new(Counter::default());
        assert_eq!(boxed.process(&[]), [0x90, 0]);
        boxed.reset();
        boxed.power_off();
        assert_eq!(boxed.atr(), [0x3B, 0]);
    }
}
