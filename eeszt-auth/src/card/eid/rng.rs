//! Injected randomness: a deterministic generator for tests and the simulated card, a scripted one
//! for known-answer tests, and the operating system's generator for real use.
//!
//! Every protocol function takes `&mut impl rand_core::CryptoRng`; nothing here is global.

use rand_core::{Infallible, TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A deterministic generator: SHA-256 in counter mode over a 32-byte seed.
///
/// Reproducible by design: use it for tests and the simulated card, never for a real session.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DeterministicRng {
    seed: [u8; 32],
    counter: u64,
    buffer: [u8; 32],
    used: usize,
}

impl DeterministicRng {
    /// A generator from a seed.
    pub fn from_seed(seed: [u8; 32]) -> DeterministicRng {
        DeterministicRng {
            seed,
            counter: 0,
            buffer: [0; 32],
            used: 32,
        }
    }

    /// The number of 32-byte blocks produced so far (part of a saved simulated card's state).
    pub fn position(&self) -> u64 {
        self.counter
    }

    /// A generator from a seed, positioned after `blocks` blocks (see [`DeterministicRng::position`]).
    pub fn at_position(seed: [u8; 32], blocks: u64) -> DeterministicRng {
        let mut rng = DeterministicRng::from_seed(seed);
        rng.counter = blocks;
        rng
    }

    fn refill(&mut self) {
        let mut h = Sha256::new();
        h.update(self.seed);
        h.update(self.counter.to_be_bytes());
        self.buffer.copy_from_slice(&h.finalize());
        self.counter = self.counter.wrapping_add(1);
        self.used = 0;
    }
}

impl std::fmt::Debug for DeterministicRng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeterministicRng")
            .field("seed", &"***")
            .field("counter", &self.counter)
            .finish()
    }
}

impl TryRng for DeterministicRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_be_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_be_bytes(b))
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        for byte in dest {
            if self.used >= self.buffer.len() {
                self.refill();
            }
            *byte = self.buffer.get(self.used).copied().unwrap_or(0);
            self.used += 1;
        }
        Ok(())
    }
}

impl TryCryptoRng for DeterministicRng {}

/// A generator that first returns scripted values, one per `fill_bytes` call, then continues with a
/// [`DeterministicRng`]. For known-answer tests (the ICAO worked example's private keys).
#[derive(Debug, Clone)]
pub struct ScriptedRng {
    script: Vec<Vec<u8>>,
    next: usize,
    rest: DeterministicRng,
}

impl ScriptedRng {
    /// A generator that answers the first calls with `script`, in order. A value whose length does not
    /// match the request is truncated or zero-extended.
    pub fn new(script: Vec<Vec<u8>>) -> ScriptedRng {
        ScriptedRng {
            script,
            next: 0,
            rest: DeterministicRng::from_seed([0x5A; 32]),
        }
    }

    /// How many scripted values were used.
    pub fn used(&self) -> usize {
        self.next
    }
}

impl TryRng for ScriptedRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.rest.try_next_u32()
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.rest.try_next_u64()
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        match self.script.get(self.next) {
            Some(value) => {
                dest.fill(0);
                for (d, s) in dest.iter_mut().zip(value) {
                    *d = *s;
                }
                self.next += 1;
                Ok(())
            }
            None => self.rest.try_fill_bytes(dest),
        }
    }
}

impl TryCryptoRng for ScriptedRng {}

/// The operating system's generator (getrandom). It aborts the operation with a panic only if the
/// operating system cannot provide randomness at all.
pub fn os_rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::Rng;

    #[test]
    fn deterministic_and_resumable() {
        let mut a = DeterministicRng::from_seed([1; 32]);
        let mut b = DeterministicRng::from_seed([1; 32]);
        let mut x = [0u8; 40];
        let mut y = [0u8; 40];
        a.fill_bytes(&mut x);
        b.fill_bytes(&mut y);
        assert_eq!(x, y);
        let mut c = DeterministicRng::at_position([1; 32], 2);
        let mut z = [0u8; 32];
        c.fill_bytes(&mut z);
        let mut d = DeterministicRng::from_seed([1; 32]);
        let mut w = [0u8; 96];
        d.fill_bytes(&mut w);
        assert_eq!(&w[64..], &z[..]);
        assert!(!format!("{a:?}").contains("1, 1"));
    }

    #[test]
    fn scripted_then_deterministic() {
        let mut r = ScriptedRng::new(vec![vec![1, 2], vec![3]]);
        let mut a = [9u8; 3];
        r.fill_bytes(&mut a);
        assert_eq!(a, [1, 2, 0]);
        let mut b = [0u8; 1];
        r.fill_bytes(&mut b);
        assert_eq!(b, [3]);
        assert_eq!(r.used(), 2);
        r.fill_bytes(&mut b);
        let _ = os_rng().next_u32();
    }
}
