//! The test card's reference data (PINs, PUKs) with retry counters: VERIFY, CHANGE REFERENCE DATA and
//! RESET RETRY COUNTER as ISO 7816-4 defines them.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// One reference (a PIN or a PUK).
pub(crate) struct PinRef {
    pub(crate) reference: u8,
    value: Zeroizing<Vec<u8>>,
    pub(crate) max_tries: u8,
    pub(crate) tries_left: u8,
    pub(crate) verified: bool,
    /// The reference of the PUK that unblocks this one.
    pub(crate) unblocked_by: Option<u8>,
}

impl fmt::Debug for PinRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PinRef")
            .field("reference", &self.reference)
            .field("value", &"***")
            .field("tries_left", &self.tries_left)
            .field("verified", &self.verified)
            .finish()
    }
}

impl Clone for PinRef {
    fn clone(&self) -> PinRef {
        PinRef {
            reference: self.reference,
            value: Zeroizing::new(self.value.to_vec()),
            max_tries: self.max_tries,
            tries_left: self.tries_left,
            verified: self.verified,
            unblocked_by: self.unblocked_by,
        }
    }
}

const SW_OK: u16 = 0x9000;
const SW_WRONG_LENGTH: u16 = 0x6700;
const SW_SECURITY: u16 = 0x6982;
const SW_BLOCKED: u16 = 0x6983;
const SW_WRONG_DATA: u16 = 0x6A80;
const SW_P1P2: u16 = 0x6A86;
const SW_NOT_FOUND: u16 = 0x6A88;

fn tries_sw(tries: u8) -> u16 {
    0x63C0 | u16::from(tries.min(15))
}

impl PinRef {
    pub(crate) fn new(
        reference: u8,
        value: &[u8],
        max_tries: u8,
        unblocked_by: Option<u8>,
    ) -> PinRef {
        PinRef {
            reference,
            value: Zeroizing::new(value.to_vec()),
            max_tries,
            tries_left: max_tries,
            verified: false,
            unblocked_by,
        }
    }

    fn matches(&self, candidate: &[u8]) -> bool {
        // ct_eq on slices of different lengths is false without leaking where they differ.
        bool::from(self.value.as_slice().ct_eq(candidate))
    }

    /// Checks `candidate`, counting a wrong one; the status word to answer.
    fn check(&mut self, candidate: &[u8]) -> u16 {
        if self.tries_left == 0 {
            return SW_BLOCKED;
        }
        if self.matches(candidate) {
            self.tries_left = self.max_tries;
            self.verified = true;
            SW_OK
        } else {
            self.tries_left -= 1;
            self.verified = false;
            tries_sw(self.tries_left)
        }
    }

    fn set(&mut self, value: &[u8]) {
        self.value = Zeroizing::new(value.to_vec());
    }

    pub(crate) fn len(&self) -> usize {
        self.value.len()
    }
}

/// All references of the card.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pins {
    refs: Vec<PinRef>,
}

impl Pins {
    pub(crate) fn add(&mut self, pin: PinRef) {
        self.refs.retain(|p| p.reference != pin.reference);
        self.refs.push(pin);
    }

    fn get_mut(&mut self, reference: u8) -> Option<&mut PinRef> {
        self.refs.iter_mut().find(|p| p.reference == reference)
    }

    pub(crate) fn get(&self, reference: u8) -> Option<&PinRef> {
        self.refs.iter().find(|p| p.reference == reference)
    }

    pub(crate) fn is_verified(&self, reference: u8) -> bool {
        self.get(reference).is_some_and(|p| p.verified)
    }

    /// Forgets every verification (reset, power off).
    pub(crate) fn clear_security_status(&mut self) {
        for pin in &mut self.refs {
            pin.verified = false;
        }
    }

    /// VERIFY (INS 20): P1 00 checks, P1 FF resets the security status; empty data asks the state.
    pub(crate) fn verify(&mut self, p1: u8, reference: u8, data: &[u8]) -> u16 {
        let Some(pin) = self.get_mut(reference) else {
            return SW_NOT_FOUND;
        };
        match (p1, data.is_empty()) {
            (0xFF, true) => {
                pin.verified = false;
                SW_OK
            }
            (0x00, true) if pin.verified => SW_OK,
            (0x00, true) if pin.tries_left == 0 => SW_BLOCKED,
            (0x00, true) => tries_sw(pin.tries_left),
            (0x00, false) => pin.check(data),
            _ => SW_P1P2,
        }
    }

    /// CHANGE REFERENCE DATA (INS 24): P1 00 data = old || new, P1 01 data = new (after VERIFY).
    pub(crate) fn change(&mut self, p1: u8, reference: u8, data: &[u8]) -> u16 {
        let Some(pin) = self.get_mut(reference) else {
            return SW_NOT_FOUND;
        };
        match p1 {
            0x00 => {
                let Some((old, new)) = data.split_at_checked(pin.len()) else {
                    return SW_WRONG_LENGTH;
                };
                if new.is_empty() {
                    return SW_WRONG_LENGTH;
                }
                match pin.check(old) {
                    SW_OK => {
                        pin.set(new);
                        SW_OK
                    }
                    sw => sw,
                }
            }
            0x01 if pin.tries_left == 0 => SW_BLOCKED,
            0x01 if !pin.verified => SW_SECURITY,
            0x01 if data.is_empty() => SW_WRONG_LENGTH,
            0x01 => {
                pin.set(data);
                SW_OK
            }
            _ => SW_P1P2,
        }
    }

    /// RESET RETRY COUNTER (INS 2C): P1 00 data = PUK || new PIN, 01 data = PUK, 02 data = new PIN
    /// (PUK verified before), 03 no data (PUK verified before).
    pub(crate) fn reset_retry_counter(&mut self, p1: u8, reference: u8, data: &[u8]) -> u16 {
        let Some(puk_ref) = self.get(reference).map(|p| p.unblocked_by) else {
            return SW_NOT_FOUND;
        };
        let Some(puk_ref) = puk_ref else {
            return 0x6985;
        };
        let Some(puk_len) = self.get(puk_ref).map(PinRef::len) else {
            return SW_NOT_FOUND;
        };
        let (puk_value, new_pin): (Option<&[u8]>, Option<&[u8]>) = match p1 {
            0x00 => match data.split_at_checked(puk_len) {
                Some((puk, new)) if !new.is_empty() => (Some(puk), Some(new)),
                _ => return SW_WRONG_LENGTH,
            },
            0x01 if !data.is_empty() => (Some(data), None),
            0x02 if !data.is_empty() => (None, Some(data)),
            0x03 if data.is_empty() => (None, None),
            0x01..=0x03 => return SW_WRONG_DATA,
            _ => return SW_P1P2,
        };
        if let Some(puk_value) = puk_value {
            let Some(puk) = self.get_mut(puk_ref) else {
                return SW_NOT_FOUND;
            };
            let sw = puk.check(puk_value);
            if sw != SW_OK {
                return sw;
            }
        } else if !self.is_verified(puk_ref) {
            return SW_SECURITY;
        }
        let Some(pin) = self.get_mut(reference) else {
            return SW_NOT_FOUND;
        };
        pin.tries_left = pin.max_tries;
        pin.verified = false;
        if let Some(new) = new_pin {
            pin.set(new);
        }
        SW_OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pins() -> Pins {
        let mut pins = Pins::default();
        pins.add(PinRef::new(0x81, b"123456", 3, Some(0x82)));
        pins.add(PinRef::new(0x82, b"87654321", 10, None));
        pins
    }

    #[test]
    fn verify_counts_and_blocks() {
        let mut p = pins();
        assert_eq!(p.verify(0, 0x81, &[]), 0x63C3);
        assert_eq!(p.verify(0, 0x81, b"000000"), 0x63C2);
        assert_eq!(p.verify(0, 0x81, b"123456"), 0x9000);
        assert_eq!(p.verify(0, 0x81, &[]), 0x9000);
        assert_eq!(p.verify(0xFF, 0x81, &[]), 0x9000);
        assert!(!p.is_verified(0x81));
        for expect in [0x63C2, 0x63C1, 0x63C0, 0x6983] {
            assert_eq!(p.verify(0, 0x81, b"12345"), expect);
        }
        assert_eq!(p.verify(0, 0x81, b"123456"), 0x6983);
        assert_eq!(p.verify(0, 0x81, &[]), 0x6983);
        assert_eq!(p.verify(0, 0x99, &[]), 0x6A88);
        assert_eq!(p.verify(1, 0x81, &[1]), 0x6A86);
        assert!(!format!("{p:?}").contains("123456"));
    }

    #[test]
    fn change_and_unblock() {
        let mut p = pins();
        assert_eq!(p.change(0, 0x81, b"123456654321"), 0x9000);
        assert_eq!(p.verify(0, 0x81, b"654321"), 0x9000);
        assert_eq!(p.change(1, 0x81, b"111111"), 0x9000);
        p.clear_security_status();
        assert_eq!(p.change(1, 0x81, b"222222"), 0x6982);
        assert_eq!(p.change(0, 0x81, b"12345"), 0x6700);
        assert_eq!(p.change(0, 0x81, b"999999222222"), 0x63C2);
        assert_eq!(p.change(2, 0x81, b""), 0x6A86);
        for _ in 0..2 {
            p.verify(0, 0x81, b"000000");
        }
        assert_eq!(p.verify(0, 0x81, &[]), 0x6983);
        assert_eq!(p.change(1, 0x81, b"1"), 0x6983);
        assert_eq!(p.reset_retry_counter(0, 0x81, b"00000000123123"), 0x63C9);
        assert_eq!(p.reset_retry_counter(0, 0x81, b"87654321123123"), 0x9000);
        assert_eq!(p.verify(0, 0x81, b"123123"), 0x9000);
        assert_eq!(p.reset_retry_counter(2, 0x81, b"555555"), 0x9000);
        assert_eq!(p.verify(0, 0x81, b"555555"), 0x9000);
        p.clear_security_status();
        assert_eq!(p.reset_retry_counter(3, 0x81, b""), 0x6982);
        assert_eq!(p.reset_retry_counter(1, 0x81, b"87654321"), 0x9000);
        assert_eq!(p.reset_retry_counter(3, 0x81, b"x"), 0x6A80);
        assert_eq!(p.reset_retry_counter(7, 0x81, b""), 0x6A86);
        assert_eq!(p.reset_retry_counter(0, 0x82, b""), 0x6985);
        assert_eq!(p.reset_retry_counter(0, 0x81, b"8765"), 0x6700);
    }
}
