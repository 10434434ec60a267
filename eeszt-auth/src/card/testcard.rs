//! An in-process ISO 7816-4 test card (feature `sim`): a file system (MF, DFs, transparent EFs),
//! SELECT by FID, path and AID, READ BINARY and UPDATE BINARY with offsets and extended length,
//! GET CHALLENGE from a seeded generator, VERIFY / CHANGE REFERENCE DATA / RESET RETRY COUNTER with
//! retry counters, and [`Behaviour`] switches that make it answer with `61xx`, `6Cxx` or require
//! command chaining, so the exchange layer can be exercised end to end.
//!
//! It is deterministic: the same seed gives the same challenges.
//!
//! ```
//! use eeszt_auth::card::testcard::{TestCard, SAMPLE_AID};
//! use eeszt_auth::card::{exchange_ok, Command, SimTransport};
//!
//! let mut reader = SimTransport::new(TestCard::sample());
//! let select = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(SAMPLE_AID);
//! exchange_ok(&mut reader, &select)?;
//! // READ BINARY of 1000 bytes: extended length, since the card and the reader support it.
//! let select_ef = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data([0x50, 0x01]);
//! exchange_ok(&mut reader, &select_ef)?;
//! let data = exchange_ok(&mut reader, &Command::new(0x00, 0xB0, 0x00, 0x00).with_le(65_536))?;
//! assert_eq!(data.len(), 1000);
//! # Ok::<(), eeszt_auth::Error>(())
//! ```

use super::apdu::Command;
use super::simcard::SimCard;
use super::testcard_fs::{FileSystem, Kind, Selected};
use super::testcard_pin::{PinRef, Pins};
use crate::error::Result;

/// The sample card's application identifier (a proprietary, made-up AID for tests).
pub const SAMPLE_AID: [u8; 7] = [0xF0, 0x45, 0x45, 0x53, 0x5A, 0x54, 0x01];
/// The sample card's PIN reference and value.
pub const SAMPLE_PIN: (u8, &[u8]) = (0x81, b"123456");
/// The sample card's PUK reference and value.
pub const SAMPLE_PUK: (u8, &[u8]) = (0x82, b"12345678");

/// How the card answers, to exercise the exchange rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Behaviour {
    /// The card accepts extended-length APDUs (otherwise it answers `6700` to them).
    pub extended_length: bool,
    /// The most data bytes one command may carry; longer ones get `6700` (so the host must chain).
    pub max_command_data: usize,
    /// The card accepts command chaining (CLA | 0x10); otherwise `6884`.
    pub chaining: bool,
    /// Answers longer than this are cut, the rest announced with `61xx` for GET RESPONSE.
    pub response_chunk: Option<usize>,
    /// When Le differs from the length of the answer (and is not the `00` wildcard), answer `6Cxx`
    /// with the exact length instead of the data.
    pub exact_le: bool,
}

impl Default for Behaviour {
    fn default() -> Behaviour {
        Behaviour {
            extended_length: true,
            max_command_data: 65_535,
            chaining: true,
            response_chunk: None,
            exact_le: false,
        }
    }
}

/// A deterministic generator for GET CHALLENGE (SplitMix64; not for real keys).
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let bytes = self.next().to_be_bytes();
            chunk.copy_from_slice(bytes.get(..chunk.len()).unwrap_or(&[]));
        }
    }
}

/// The test card. Build one with [`TestCard::new`] and the `add_*` methods, or take
/// [`TestCard::sample`].
#[derive(Debug, Clone)]
pub struct TestCard {
    /// A custom ATR; `None` derives it from the behaviour.
    atr: Option<Vec<u8>>,
    fs: FileSystem,
    pins: Pins,
    behaviour: Behaviour,
    rng: SplitMix64,
    current_df: usize,
    current_ef: Option<usize>,
    pending: Vec<u8>,
    chain: Option<([u8; 3], Vec<u8>)>,
    commands: u64,
}

/// ATR: T=1, historical bytes in compact-TLV with the card capabilities of `behaviour`.
fn behaviour_atr(behaviour: &Behaviour) -> Vec<u8> {
    let caps = u8::from(behaviour.chaining) << 7 | u8::from(behaviour.extended_length) << 6;
    super::atr::build_t1(&[0x80, 0x73, 0x00, 0x00, caps, 0x45, 0x53, 0x5A])
}

const SW_OK: u16 = 0x9000;

fn sw(data: Vec<u8>, sw: u16) -> Vec<u8> {
    let mut out = data;
    out.extend_from_slice(&sw.to_be_bytes());
    out
}

impl Default for TestCard {
    fn default() -> TestCard {
        TestCard::new(0)
    }
}

impl TestCard {
    /// An empty card (only the MF) whose challenges come from `seed`.
    pub fn new(seed: u64) -> TestCard {
        TestCard {
            atr: None,
            fs: FileSystem::default(),
            pins: Pins::default(),
            behaviour: Behaviour::default(),
            rng: SplitMix64(seed),
            current_df: 0,
            current_ef: None,
            pending: Vec::new(),
            chain: None,
            commands: 0,
        }
    }

    /// The sample card: EF.DIR (2F00) and EF 011C (SFI 1C) under the MF, and the application DF
    /// 5000 ([`SAMPLE_AID`]) holding EF 5001 (1000 bytes, `i mod 251`, SFI 1), EF 5002 (readable after
    /// PIN 81) and EF 5003 (300 bytes, writable). PIN 81 = `123456` (3 tries), PUK 82 = `12345678`
    /// (10 tries) unblocks it. Seed 0.
    pub fn sample() -> TestCard {
        // The layout is fixed; a test checks that building it cannot fail.
        Self::try_sample().unwrap_or_default()
    }

    fn try_sample() -> Result<TestCard> {
        let mut card = TestCard::new(0);
        let mut dir = Vec::new();
        super::tlv::encode_constructed(0x61, &mut dir, |app| {
            super::tlv::encode(0x4F, &SAMPLE_AID, app);
            super::tlv::encode(0x50, b"EESZT TEST", app);
        });
        let big: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        card.add_ef(&[], 0x2F00, None, &dir)?;
        card.add_ef(&[], 0x011C, Some(0x1C), &[0x31, 0x00])?;
        card.add_df(&[], 0x5000, Some(&SAMPLE_AID))?;
        card.add_ef(&[0x5000], 0x5001, Some(1), &big)?;
        card.add_protected_ef(&[0x5000], 0x5002, SAMPLE_PIN.0, b"secret record")?;
        card.add_ef(&[0x5000], 0x5003, None, &[0u8; 300])?;
        card.add_pin(SAMPLE_PIN.0, SAMPLE_PIN.1, 3, Some(SAMPLE_PUK.0));
        card.add_pin(SAMPLE_PUK.0, SAMPLE_PUK.1, 10, None);
        Ok(card)
    }

    /// Restarts the GET CHALLENGE generator from `seed`.
    pub fn with_seed(mut self, seed: u64) -> TestCard {
        self.rng = SplitMix64(seed);
        self
    }

    /// Sets the ATR.
    pub fn with_atr(mut self, atr: &[u8]) -> TestCard {
        self.atr = Some(atr.to_vec());
        self
    }

    /// Sets the answer behaviour.
    pub fn with_behaviour(mut self, behaviour: Behaviour) -> TestCard {
        self.behaviour = behaviour;
        self
    }

    /// The answer behaviour.
    pub fn behaviour(&self) -> &Behaviour {
        &self.behaviour
    }

    /// Changes the answer behaviour.
    pub fn behaviour_mut(&mut self) -> &mut Behaviour {
        &mut self.behaviour
    }

    /// Adds a DF under the DF at `parent` (FIDs below the MF; `&[]` is the MF).
    pub fn add_df(&mut self, parent: &[u16], fid: u16, aid: Option<&[u8]>) -> Result<()> {
        let parent = self.fs.df_at(parent)?;
        self.fs.add(
            parent,
            fid,
            Kind::Df {
                aid: aid.map(<[u8]>::to_vec),
            },
        )?;
        Ok(())
    }

    /// Adds a transparent EF under the DF at `parent`.
    pub fn add_ef(&mut self, parent: &[u16], fid: u16, sfi: Option<u8>, data: &[u8]) -> Result<()> {
        let parent = self.fs.df_at(parent)?;
        let kind = Kind::Ef {
            sfi,
            data: data.to_vec(),
            read_pin: None,
        };
        self.fs.add(parent, fid, kind)?;
        Ok(())
    }

    /// Adds an EF that can be read only after PIN `pin_reference` was verified.
    pub fn add_protected_ef(
        &mut self,
        parent: &[u16],
        fid: u16,
        pin_reference: u8,
        data: &[u8],
    ) -> Result<()> {
        let parent = self.fs.df_at(parent)?;
        let kind = Kind::Ef {
            sfi: None,
            data: data.to_vec(),
            read_pin: Some(pin_reference),
        };
        self.fs.add(parent, fid, kind)?;
        Ok(())
    }

    /// Adds (or replaces) reference data: a PIN or PUK with `max_tries`; `unblocked_by` names the
    /// PUK reference RESET RETRY COUNTER checks.
    pub fn add_pin(
        &mut self,
        reference: u8,
        value: &[u8],
        max_tries: u8,
        unblocked_by: Option<u8>,
    ) {
        self.pins
            .add(PinRef::new(reference, value, max_tries, unblocked_by));
    }

    /// Tries left for a reference, if it exists.
    pub fn tries_left(&self, reference: u8) -> Option<u8> {
        self.pins.get(reference).map(|p| p.tries_left)
    }

    /// Commands processed since the card was made.
    pub fn command_count(&self) -> u64 {
        self.commands
    }

    /// The content of the EF at `path` (FIDs below the MF), for checking writes.
    pub fn file(&self, path: &[u16]) -> Option<&[u8]> {
        let bytes: Vec<u8> = path.iter().flat_map(|f| f.to_be_bytes()).collect();
        match self.fs.select_path(0, &bytes)? {
            Selected::Ef(i) => match &self.fs.node(i)?.kind {
                Kind::Ef { data, .. } => Some(data),
                Kind::Df { .. } => None,
            },
            Selected::Df(_) => None,
        }
    }

    fn clear_volatile(&mut self) {
        self.current_df = 0;
        self.current_ef = None;
        self.pending.clear();
        self.chain = None;
        self.pins.clear_security_status();
    }

    /// Whether the raw APDU uses extended length.
    fn is_extended(apdu: &[u8]) -> bool {
        apdu.len() >= 7 && apdu.get(4) == Some(&0)
    }

    fn handle(&mut self, raw: &[u8]) -> Vec<u8> {
        let Ok(cmd) = Command::parse(raw) else {
            return sw(vec![], 0x6700);
        };
        let extended = Self::is_extended(raw);
        if extended && !self.behaviour.extended_length {
            return sw(vec![], 0x6700);
        }
        if cmd.cla() == 0xFF || cmd.cla() & 0x80 != 0 {
            return sw(vec![], 0x6E00);
        }
        if cmd.cla() & 0x0C != 0 {
            return sw(vec![], 0x6882);
        }
        if cmd.data().len() > self.behaviour.max_command_data {
            return sw(vec![], 0x6700);
        }
        if cmd.ins() == 0xC0 {
            self.chain = None;
            return self.get_response(cmd.le());
        }
        // A new command drops an unread answer.
        self.pending.clear();
        let header = [cmd.ins(), cmd.p1(), cmd.p2()];
        let data: Vec<u8> = if cmd.cla() & 0x10 != 0 {
            if !self.behaviour.chaining {
                return sw(vec![], 0x6884);
            }
            match self.chain.as_mut() {
                Some((h, acc)) if *h == header => acc.extend_from_slice(cmd.data()),
                Some(_) => {
                    self.chain = None;
                    return sw(vec![], 0x6883);
                }
                None => self.chain = Some((header, cmd.data().to_vec())),
            }
            return sw(vec![], SW_OK);
        } else {
            match self.chain.take() {
                Some((h, mut acc)) if h == header => {
                    acc.extend_from_slice(cmd.data());
                    acc
                }
                Some(_) => return sw(vec![], 0x6883),
                None => cmd.data().to_vec(),
            }
        };
        let max = if extended { 65_536 } else { 256 };
        let wildcard = cmd.le() == Some(max);
        let (answer, status) = self.dispatch(&cmd, &data, max);
        self.finish(answer, status, cmd.le(), wildcard)
    }

    fn dispatch(&mut self, cmd: &Command, data: &[u8], max: usize) -> (Vec<u8>, u16) {
        match cmd.ins() {
            0xA4 => self.select(cmd.p1(), cmd.p2(), data),
            0xB0 => self.read_binary(cmd.p1(), cmd.p2(), cmd.le(), max),
            0xD6 => self.update_binary(cmd.p1(), cmd.p2(), data),
            0x84 => match cmd.le() {
                Some(le) if data.is_empty() && cmd.p1() == 0 && cmd.p2() == 0 => {
                    let mut challenge = vec![0u8; le.min(max)];
                    self.rng.fill(&mut challenge);
                    (challenge, SW_OK)
                }
                Some(_) => (vec![], 0x6A86),
                None => (vec![], 0x6700),
            },
            0x20 => (vec![], self.pins.verify(cmd.p1(), cmd.p2(), data)),
            0x24 => (vec![], self.pins.change(cmd.p1(), cmd.p2(), data)),
            0x2C => (
                vec![],
                self.pins.reset_retry_counter(cmd.p1(), cmd.p2(), data),
            ),
            _ => (vec![], 0x6D00),
        }
    }

    /// Applies `exact_le` and `response_chunk` to an answer.
    fn finish(
        &mut self,
        answer: Vec<u8>,
        status: u16,
        le: Option<usize>,
        wildcard: bool,
    ) -> Vec<u8> {
        if answer.is_empty() {
            return sw(answer, status);
        }
        if self.behaviour.exact_le
            && !wildcard
            && le.is_some_and(|le| le != answer.len())
            && answer.len() <= 256
        {
            // 256 wraps to 6C00.
            return sw(vec![], 0x6C00 | (answer.len() & 0xFF) as u16);
        }
        match self.behaviour.response_chunk {
            Some(chunk) if answer.len() > chunk.max(1) => {
                let mut answer = answer;
                self.pending = answer.split_off(chunk.max(1));
                let more = self.pending.len().min(256) & 0xFF;
                sw(answer, 0x6100 | more as u16)
            }
            _ => sw(answer, status),
        }
    }

    fn get_response(&mut self, le: Option<usize>) -> Vec<u8> {
        if self.pending.is_empty() {
            return sw(vec![], 0x6985);
        }
        let n = le.unwrap_or(256).min(self.pending.len());
        let rest = self.pending.split_off(n);
        let part = std::mem::replace(&mut self.pending, rest);
        match self.pending.len() {
            0 => sw(part, SW_OK),
            left => sw(part, 0x6100 | (left.min(256) & 0xFF) as u16),
        }
    }

    fn select(&mut self, p1: u8, p2: u8, data: &[u8]) -> (Vec<u8>, u16) {
        let fid = match data {
            [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
            _ => None,
        };
        let found = match (p1, fid) {
            (0x00, _) if data.is_empty() => Some(Selected::Df(0)),
            (0x00, Some(fid)) => self.fs.select_fid(self.current_df, fid),
            (0x01, Some(fid)) => self.fs.select_child(self.current_df, fid, true),
            (0x02, Some(fid)) => self.fs.select_child(self.current_df, fid, false),
            (0x03, None) if data.is_empty() => {
                Some(Selected::Df(self.fs.parent_of(self.current_df)))
            }
            (0x04, _) => self.fs.select_aid(data),
            (0x08, _) => self.fs.select_path(0, data),
            (0x09, _) => self.fs.select_path(self.current_df, data),
            (0x00..=0x03, _) => return (vec![], 0x6700),
            _ => return (vec![], 0x6A86),
        };
        let Some(found) = found else {
            return (vec![], 0x6A82);
        };
        let index = match found {
            Selected::Df(i) => {
                self.current_df = i;
                self.current_ef = None;
                i
            }
            Selected::Ef(i) => {
                self.current_df = self.fs.parent_of(i);
                self.current_ef = Some(i);
                i
            }
        };
        match p2 & 0x0C {
            0x0C => (vec![], SW_OK),
            0x04 => (self.fs.fcp(index), SW_OK),
            0x00 => {
                // FCI: the FCP's content inside 6F.
                let fcp = self.fs.fcp(index);
                let inner = super::tlv::parse_one(&fcp)
                    .map(|(t, _)| t.value.to_vec())
                    .unwrap_or_default();
                let mut fci = Vec::new();
                super::tlv::encode(0x6F, &inner, &mut fci);
                (fci, SW_OK)
            }
            _ => (vec![], 0x6A86),
        }
    }

    /// The EF addressed by READ/UPDATE BINARY's P1-P2 and the offset.
    fn binary_target(&mut self, p1: u8, p2: u8) -> Result<(usize, usize), u16> {
        if p1 & 0x80 != 0 {
            if p1 & 0x60 != 0 {
                return Err(0x6A86);
            }
            let ef = self
                .fs
                .ef_by_sfi(self.current_df, p1 & 0x1F)
                .ok_or(0x6A82u16)?;
            self.current_ef = Some(ef);
            Ok((ef, usize::from(p2)))
        } else {
            let ef = self.current_ef.ok_or(0x6986u16)?;
            Ok((ef, usize::from(u16::from_be_bytes([p1, p2]))))
        }
    }

    fn read_binary(&mut self, p1: u8, p2: u8, le: Option<usize>, max: usize) -> (Vec<u8>, u16) {
        let (ef, offset) = match self.binary_target(p1, p2) {
            Ok(t) => t,
            Err(status) => return (vec![], status),
        };
        let Some(le) = le else {
            return (vec![], 0x6700);
        };
        let Some(Kind::Ef { data, read_pin, .. }) = self.fs.node(ef).map(|n| &n.kind) else {
            return (vec![], 0x6986);
        };
        if let Some(pin) = read_pin {
            if !self.pins.is_verified(*pin) {
                return (vec![], 0x6982);
            }
        }
        let rest = match data.get(offset..) {
            Some(rest) if !rest.is_empty() => rest,
            _ => return (vec![], 0x6B00),
        };
        let n = le.min(rest.len()).min(max);
        let out = rest.get(..n).unwrap_or(&[]).to_vec();
        if n < le && le != max && !self.behaviour.exact_le {
            (out, 0x6282)
        } else {
            (out, SW_OK)
        }
    }

    fn update_binary(&mut self, p1: u8, p2: u8, input: &[u8]) -> (Vec<u8>, u16) {
        let (ef, offset) = match self.binary_target(p1, p2) {
            Ok(t) => t,
            Err(status) => return (vec![], status),
        };
        if input.is_empty() {
            return (vec![], 0x6700);
        }
        let Some(Kind::Ef { data, .. }) = self.fs.node_mut(ef).map(|n| &mut n.kind) else {
            return (vec![], 0x6986);
        };
        match offset
            .checked_add(input.len())
            .and_then(|end| data.get_mut(offset..end))
        {
            Some(target) => {
                target.copy_from_slice(input);
                (vec![], SW_OK)
            }
            None => (vec![], 0x6A84),
        }
    }
}

impl SimCard for TestCard {
    fn atr(&self) -> Vec<u8> {
        match &self.atr {
            Some(atr) => atr.clone(),
            None => behaviour_atr(&self.behaviour),
        }
    }

    fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        self.commands = self.commands.wrapping_add(1);
        self.handle(apdu)
    }

    fn power_off(&mut self) {
        self.clear_volatile();
    }

    fn reset(&mut self) {
        self.clear_volatile();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_layout_builds() {
        let card = TestCard::try_sample();
        assert!(card.is_ok());
        let card = TestCard::sample();
        assert_eq!(card.file(&[0x5000, 0x5001]).map(<[u8]>::len), Some(1000));
        assert_eq!(card.tries_left(SAMPLE_PIN.0), Some(3));
        assert_eq!(card.file(&[0x5000]), None);
        let atr = card.atr();
        assert_eq!(atr.iter().skip(1).fold(0u8, |a, b| a ^ b), 0, "TCK");
        let caps = crate::card::atr::capabilities(&atr);
        assert!(caps.extended_length && caps.chaining);
        let plain = card.with_behaviour(Behaviour {
            extended_length: false,
            ..Behaviour::default()
        });
        assert!(!crate::card::atr::capabilities(&plain.atr()).extended_length);
        assert_eq!(plain.with_atr(&[0x3B, 0]).atr(), [0x3B, 0]);
    }

    #[test]
    fn challenges_are_deterministic_per_seed() {
        let mut a = TestCard::new(7);
        let mut b = TestCard::new(7);
        let mut c = TestCard::new(8);
        let get = [0x00, 0x84, 0x00, 0x00, 0x08];
        let (ra, rb, rc) = (a.process(&get), b.process(&get), c.process(&get));
        assert_eq!(ra, rb);
        assert_ne!(ra, rc);
        assert_eq!(ra.len(), 10);
        assert_ne!(a.process(&get), ra);
        assert_eq!(TestCard::new(8).with_seed(7).process(&get), ra);
        assert_eq!(a.command_count(), 2);
    }
}
