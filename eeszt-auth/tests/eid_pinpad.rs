//! PIN change and activation on a PIN-pad reader (EXECUTE_PACE + MODIFY_PIN_DIRECT), against a
//! simulated comfort reader that holds the simulated eSzemélyi: it runs PACE itself with the PIN
//! "typed" on its scripted keypad, keeps the session keys, completes the PIN_MODIFY APDU template
//! with the keypad digits as the structure says and sends it under its own secure messaging.
//!
//! The reader model is this test's reading of PC/SC part 10 and BSI TR-03119; no physical PIN-pad
//! reader was available to compare it with.
#![cfg(feature = "sim")]

use std::collections::VecDeque;

use eeszt_auth::card::eid::{
    CardAccess, Password, PasswordKind,
    pin::{self, PinAttempt, PinState},
    pinmodify::{self, PinModify},
    pinpad,
    rng::DeterministicRng,
    session::{self, PaceOptions, SmSession},
    sim::{self, SimEszemelyi},
    sm::SmCodec,
};
use eeszt_auth::card::{Command, EidError, ReaderFeatures, SimTransport, Transport};
use eeszt_auth::{Error, Lang};

const EXECUTE_PACE: u32 = 0x4233_0020;
const MODIFY_PIN_DIRECT: u32 = 0x4233_0007;

type Card = SimTransport<SimEszemelyi>;

/// One entry on the keypad.
#[derive(Debug, Clone)]
enum Key {
    Digits(&'static str),
    Timeout,
    Cancel,
}

/// A comfort reader: EXECUTE_PACE (establish, destroy), MODIFY_PIN_DIRECT, transparent SM.
struct ComfortReader {
    card: Card,
    codec: Option<SmCodec>,
    keypad: VecDeque<Key>,
    /// `false`: a broken reader that forwards the completed PIN_MODIFY APDU without SM.
    wraps: bool,
    features: ReaderFeatures,
    /// The control calls: (code, function index or first byte).
    calls: Vec<(u32, u8)>,
    /// The last PIN_MODIFY structure received.
    modify: Option<PinModify>,
    transmits: usize,
    rng: DeterministicRng,
}

impl ComfortReader {
    fn new(card: SimEszemelyi, keys: &[Key]) -> ComfortReader {
        ComfortReader {
            card: SimTransport::new(card),
            codec: None,
            keypad: keys.iter().cloned().collect(),
            wraps: true,
            features: ReaderFeatures {
                execute_pace: Some(EXECUTE_PACE),
                modify_pin_direct: Some(MODIFY_PIN_DIRECT),
                ..ReaderFeatures::default()
            },
            calls: Vec::new(),
            modify: None,
            transmits: 0,
            rng: DeterministicRng::from_seed([7; 32]),
        }
    }

    /// Sends `apdu` to the card, under the reader's SM when a channel is open.
    fn send_to_card(&mut self, apdu: &[u8], protect: bool) -> Vec<u8> {
        let result = match self.codec.take() {
            Some(codec) if protect => {
                let mut s = SmSession::from_parts(&mut self.card, Some(codec));
                let r = s.transmit(apdu);
                self.codec = s.into_parts().1;
                r
            }
            codec => {
                self.codec = codec;
                self.card.transmit(apdu)
            }
        };
        result.unwrap_or_else(|_| vec![0x6F, 0x00])
    }

    fn establish(&mut self, input: &[u8]) -> Vec<u8> {
        let result = |r: u32| r.to_le_bytes().to_vec();
        let Some(kind) = input
            .get(3)
            .and_then(|id| PasswordKind::from_reference(*id))
        else {
            return result(0xF000_6A80);
        };
        let digits = match self.keypad.pop_front() {
            Some(Key::Digits(d)) => d,
            Some(Key::Timeout) | None => return result(0xF010_0001),
            Some(Key::Cancel) => return result(0xF020_0001),
        };
        let password = Password::raw(kind, digits.as_bytes());
        let access = match session::read_card_access(&mut self.card) {
            Ok(a) => a,
            Err(_) => return result(0xF000_6A82),
        };
        let options = PaceOptions::default();
        match session::establish(&mut self.card, &access, &password, &options, &mut self.rng) {
            Ok((s, _)) => {
                self.codec = s.into_parts().1;
                let data = [0x90, 0x00, 0, 0, 0, 0, 0, 0];
                let mut out = result(0);
                out.extend_from_slice(&(data.len() as u16).to_le_bytes());
                out.extend_from_slice(&data);
                out
            }
            Err(Error::Eid(EidError::WrongPin {
                tries_left: Some(tries_left),
            })) => result(0xF004_63C0 | u32::from(tries_left)),
            Err(_) => result(0xF004_6300),
        }
    }

    fn modify_pin(&mut self, data: &[u8]) -> Vec<u8> {
        let Some(m) = PinModify::parse(data) else {
            return vec![0x6B, 0x80];
        };
        self.modify = Some(m.clone());
        if m.format != pinmodify::FORMAT_ASCII_BYTES || m.apdu.len() < 4 {
            return vec![0x6B, 0x80];
        }
        let mut entry = || match self.keypad.pop_front() {
            Some(Key::Digits(d)) => Ok(d),
            Some(Key::Timeout) | None => Err(vec![0x64, 0x00]),
            Some(Key::Cancel) => Err(vec![0x64, 0x01]),
        };
        let typed = (|| {
            let new = entry()?;
            if m.confirm & pinmodify::CONFIRM_NEW_PIN != 0 && entry()? != new {
                return Err(vec![0x64, 0x02]);
            }
            let range = usize::from(m.min_digits)..=usize::from(m.max_digits);
            if !range.contains(&new.len()) {
                return Err(vec![0x64, 0x03]);
            }
            Ok(new)
        })();
        let new = match typed {
            Ok(new) => new,
            Err(status) => return status,
        };
        // Template data (after the 4-byte header) with the digits at bInsertionOffsetNew.
        let mut body = m.apdu[4..].to_vec();
        let at = usize::from(m.offset_new);
        body.resize(body.len().max(at), 0);
        body.splice(at..at, new.bytes());
        let h = &m.apdu;
        let command = Command::new(h[0], h[1], h[2], h[3]).with_data(body);
        let apdu = command.to_bytes().unwrap();
        let protect = self.wraps;
        self.send_to_card(&apdu, protect)
    }
}

impl Transport for ComfortReader {
    fn transmit(&mut self, apdu: &[u8]) -> eeszt_auth::Result<Vec<u8>> {
        self.transmits += 1;
        Ok(self.send_to_card(apdu, true))
    }

    fn control(&mut self, code: u32, data: &[u8]) -> eeszt_auth::Result<Vec<u8>> {
        self.calls.push((code, data.first().copied().unwrap_or(0)));
        Ok(match (code, data.first()) {
            (EXECUTE_PACE, Some(2)) => self.establish(data),
            (EXECUTE_PACE, Some(3)) => {
                self.codec = None;
                vec![0, 0, 0, 0, 0, 0]
            }
            (MODIFY_PIN_DIRECT, _) => self.modify_pin(data),
            _ => vec![0x01, 0x00, 0x00, 0x80],
        })
    }

    fn features(&self) -> ReaderFeatures {
        self.features
    }

    fn atr(&self) -> eeszt_auth::Result<Vec<u8>> {
        self.card.atr()
    }
}

fn access(r: &mut ComfortReader) -> CardAccess {
    session::read_card_access(&mut r.card).unwrap()
}

fn eid(err: Error) -> EidError {
    match err {
        Error::Eid(e) => e,
        other => panic!("not an eID error: {other:?}"),
    }
}

fn rng() -> DeterministicRng {
    DeterministicRng::from_seed([1; 32])
}

/// Host-side PACE with `value` on the card inside the reader: does it open?
fn pin_opens(r: &mut ComfortReader, value: &str) -> bool {
    let a = access(r);
    let p = Password::pin(value).unwrap();
    pin::open_pin_session(&mut r.card, &a, PinAttempt::new(&p), &mut rng()).is_ok()
}

fn state(r: &mut ComfortReader) -> (PinState, u8) {
    let a = access(r);
    let s = pin::status(&mut r.card, &a).unwrap();
    (s.state, s.tries_left)
}

fn change(r: &mut ComfortReader) -> Result<(), EidError> {
    let a = access(r);
    pinpad::change_pin_on_reader(r, &a, 30, Lang::Hu).map_err(eid)
}

#[test]
fn change_on_the_keypad() {
    let keys = [
        Key::Digits(sim::DEFAULT_PIN),
        Key::Digits("246810"),
        Key::Digits("246810"),
    ];
    let mut r = ComfortReader::new(SimEszemelyi::activated(), &keys);
    change(&mut r).unwrap();
    assert_eq!(
        r.calls,
        [
            (EXECUTE_PACE, 2),
            (MODIFY_PIN_DIRECT, 30),
            (EXECUTE_PACE, 3)
        ]
    );
    assert_eq!(r.modify, Some(PinModify::eid_set_pin(30, Lang::Hu)));
    assert!(r.keypad.is_empty());
    assert!(r.codec.is_none(), "the reader's channel is destroyed");
    assert_eq!(r.card.card().state().pin, "246810");
    assert!(pin_opens(&mut r, "246810"));
    assert!(!pin_opens(&mut r, sim::DEFAULT_PIN));
}

#[test]
fn activation_on_the_keypad() {
    let keys = [
        Key::Digits(sim::DEFAULT_TRANSPORT_PIN),
        Key::Digits("135790"),
        Key::Digits("135790"),
    ];
    let mut r = ComfortReader::new(SimEszemelyi::new(), &keys);
    let a = access(&mut r);
    // A keypad change is refused before activation, nothing typed, no PACE.
    assert_eq!(change(&mut r), Err(EidError::PinNotActivated));
    assert!(r.calls.is_empty());
    pinpad::activate_on_reader(&mut r, &a, 0, Lang::En).unwrap();
    assert_eq!(state(&mut r), (PinState::Active, 3));
    assert!(pin_opens(&mut r, "135790"));
    // Activating again is refused before anything is typed.
    let before = r.calls.len();
    let err = pinpad::activate_on_reader(&mut r, &a, 0, Lang::En).unwrap_err();
    assert_eq!(eid(err), EidError::AlreadyActivated);
    assert_eq!(r.calls.len(), before);
}

/// Keypad activation of an activated card with fewer tries is refused before anything is typed
/// (M1): the card does not report the transport state, so no try is spent.
#[test]
fn keypad_activation_of_an_activated_card_never_spends_a_try() {
    let keys = [Key::Digits("999999"), Key::Digits("999998")];
    let mut r = ComfortReader::new(SimEszemelyi::activated(), &keys);
    let a = access(&mut r);
    for left in [2u8, 1] {
        assert_eq!(
            change(&mut r),
            Err(EidError::WrongPin {
                tries_left: Some(left)
            })
        );
        let before = r.calls.len();
        let err = pinpad::activate_on_reader(&mut r, &a, 0, Lang::En).unwrap_err();
        assert_eq!(eid(err), EidError::ActivationStateUnknown);
        assert_eq!(r.calls.len(), before, "nothing typed");
        assert_eq!(state(&mut r).1, left, "counter unchanged");
    }
}

#[test]
fn keypad_failures_leave_the_pin_unchanged() {
    let cases = [
        (
            vec![
                Key::Digits(sim::DEFAULT_PIN),
                Key::Digits("111111"),
                Key::Digits("111112"),
            ],
            EidError::PinMismatch,
        ),
        (
            vec![Key::Digits(sim::DEFAULT_PIN), Key::Timeout],
            EidError::PinPadTimeout,
        ),
        (
            vec![Key::Digits(sim::DEFAULT_PIN), Key::Cancel],
            EidError::PinPadCancelled,
        ),
        (
            vec![
                Key::Digits(sim::DEFAULT_PIN),
                Key::Digits("1111"),
                Key::Digits("1111"),
            ],
            EidError::PinPadPinLength,
        ),
        (
            vec![Key::Cancel],
            EidError::PinPadFailed {
                result: 0xF020_0001,
            },
        ),
    ];
    for (keys, expected) in cases {
        let mut r = ComfortReader::new(SimEszemelyi::activated(), &keys);
        assert_eq!(change(&mut r), Err(expected.clone()), "{expected:?}");
        assert!(r.codec.is_none(), "{expected:?}: channel left open");
        assert_eq!(r.card.card().state().pin, sim::DEFAULT_PIN);
        assert_eq!(state(&mut r), (PinState::Active, 3), "{expected:?}");
    }
}

#[test]
fn wrong_pins_suspend_and_the_last_try_is_never_typed() {
    let keys = [Key::Digits("999999"), Key::Digits("999998")];
    let mut r = ComfortReader::new(SimEszemelyi::activated(), &keys);
    assert_eq!(
        change(&mut r),
        Err(EidError::WrongPin {
            tries_left: Some(2)
        })
    );
    assert_eq!(
        change(&mut r),
        Err(EidError::WrongPin {
            tries_left: Some(1)
        })
    );
    assert_eq!(state(&mut r), (PinState::Suspended, 1));
    // The next attempt would be the last try: refused before the keypad is used.
    r.keypad.push_back(Key::Digits(sim::DEFAULT_PIN));
    let calls = r.calls.len();
    assert_eq!(change(&mut r), Err(EidError::PinSuspended));
    assert_eq!(r.calls.len(), calls);
    assert_eq!(r.keypad.len(), 1);
    assert_eq!(state(&mut r), (PinState::Suspended, 1));
}

#[test]
fn a_reader_that_does_not_wrap_is_refused_by_the_card() {
    let keys = [
        Key::Digits(sim::DEFAULT_PIN),
        Key::Digits("246810"),
        Key::Digits("246810"),
    ];
    let mut r = ComfortReader::new(SimEszemelyi::activated(), &keys);
    r.wraps = false;
    assert_eq!(
        change(&mut r),
        Err(EidError::PinPadUnprotected { sw: 0x6982 })
    );
    assert_eq!(r.card.card().state().pin, sim::DEFAULT_PIN);
}

#[test]
fn readers_without_the_features_are_refused_before_the_card() {
    for features in [
        ReaderFeatures {
            execute_pace: Some(EXECUTE_PACE),
            ..ReaderFeatures::default()
        },
        ReaderFeatures {
            modify_pin_direct: Some(MODIFY_PIN_DIRECT),
            ..ReaderFeatures::default()
        },
    ] {
        let mut r = ComfortReader::new(SimEszemelyi::activated(), &[]);
        r.features = features;
        assert_eq!(change(&mut r), Err(EidError::PinPadChangeUnsupported));
        assert_eq!((r.transmits, r.calls.len()), (0, 0));
    }
    // The plain simulated card (no reader features at all) too.
    let mut t = SimTransport::new(SimEszemelyi::activated());
    let a = session::read_card_access(&mut t).unwrap();
    let err = pinpad::change_pin_on_reader(&mut t, &a, 0, Lang::En).unwrap_err();
    assert_eq!(eid(err), EidError::PinPadChangeUnsupported);
}
