//! Secure messaging with AES (ICAO 9303 Part 11 9.8, BSI TR-03110 Part 3 F): both directions, both
//! sides, as a pure codec over [`Command`] and [`Response`].
//!
//! * The send sequence counter (SSC, one AES block, big-endian) starts at 0 after PACE and is
//!   incremented before each command and before each response.
//! * Data: DO 87 (`01` padding indicator + AES-CBC cryptogram, IV = `E(K_enc, SSC)`, ISO 9797-1
//!   padding method 2) for even INS, DO 85 (cryptogram only) for odd INS.
//! * Le: DO 97 (one byte, `00` = 256; two bytes for extended length). Status: DO 99.
//! * MAC: DO 8E, AES-CMAC truncated to 8 bytes over `SSC || padded header || DOs`, padded.
//!
//! A codec that met an error is poisoned: it refuses everything afterwards (keys are zeroized on
//! drop; [`super::session::SmSession`] closes the session).

use super::{
    crypto::{self, BLOCK},
    pace::SessionKeys,
};
use crate::card::{Command, EidError, Response, StatusWord, tlv};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The CLA bits that announce secure messaging with an authenticated header.
pub const CLA_SM: u8 = 0x0C;

/// An SM codec: the session keys and the send sequence counter.
#[derive(Debug)]
pub struct SmCodec {
    keys: SessionKeys,
    ssc: u128,
    poisoned: bool,
}

fn encode_le(le: usize) -> Vec<u8> {
    match le {
        n if n < 256 => vec![n as u8],
        256 => vec![0x00],
        65536.. => vec![0x00, 0x00],
        n => vec![(n >> 8) as u8, n as u8],
    }
}

fn decode_le(value: &[u8]) -> Option<usize> {
    match value {
        [0x00] => Some(256),
        [n] => Some(usize::from(*n)),
        [0x00, 0x00] => Some(65536),
        [hi, lo] => Some(usize::from(*hi) << 8 | usize::from(*lo)),
        _ => None,
    }
}

impl SmCodec {
    /// A codec for fresh PACE session keys (SSC = 0).
    pub fn new(keys: SessionKeys) -> SmCodec {
        SmCodec {
            keys,
            ssc: 0,
            poisoned: false,
        }
    }

    /// The current send sequence counter.
    pub fn ssc(&self) -> u128 {
        self.ssc
    }

    /// Whether an error has poisoned this codec.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned
    }

    fn next_ssc(&mut self) -> Result<[u8; BLOCK], EidError> {
        if self.poisoned {
            return Err(EidError::SessionClosed);
        }
        self.ssc = self.ssc.checked_add(1).ok_or(EidError::SessionClosed)?;
        Ok(self.ssc.to_be_bytes())
    }

    fn fail<T>(&mut self, err: EidError) -> Result<T, EidError> {
        self.poisoned = true;
        Err(err)
    }

    fn mac(&self, ssc: &[u8; BLOCK], body: &[u8]) -> Result<[u8; 8], EidError> {
        let mut input = Vec::with_capacity(BLOCK + body.len() + BLOCK);
        input.extend_from_slice(ssc);
        input.extend_from_slice(body);
        crypto::pad(&mut input);
        crypto::cmac8(self.keys.k_mac.expose(), &input)
    }

    /// Pads and encrypts `plain` in one buffer, allocated once and wiped until it holds only
    /// the cryptogram (the plaintext may be a PIN).
    fn encrypt(&self, ssc: &[u8; BLOCK], plain: &[u8]) -> Result<Vec<u8>, EidError> {
        let iv = crypto::aes_block(self.keys.k_enc.expose(), ssc)?;
        let mut data = crypto::padded(plain);
        crypto::cbc_encrypt(self.keys.k_enc.expose(), &iv, &mut data)?;
        // Only the cryptogram is left: hand the buffer out without a copy.
        Ok(std::mem::take(&mut *data))
    }

    /// Decrypts in place and unpads in the same wiped buffer (no copy of the plaintext).
    fn decrypt(&self, ssc: &[u8; BLOCK], cryptogram: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if cryptogram.is_empty() || !cryptogram.len().is_multiple_of(BLOCK) {
            return None;
        }
        let iv = crypto::aes_block(self.keys.k_enc.expose(), ssc).ok()?;
        let mut data = Zeroizing::new(cryptogram.to_vec());
        crypto::cbc_decrypt(self.keys.k_enc.expose(), &iv, &mut data).ok()?;
        let len = crypto::unpad(&data)?.len();
        data.truncate(len);
        Some(data)
    }

    fn padded_header(cla: u8, command: &Command) -> Vec<u8> {
        let mut header = vec![cla, command.ins(), command.p1(), command.p2()];
        crypto::pad(&mut header);
        header
    }

    /// Terminal: protects a plain command. The result is sent with Le = 256 (or 65536 when the
    /// command needs extended length).
    pub fn protect_command(&mut self, command: &Command) -> Result<Command, EidError> {
        if command.cla() & CLA_SM != 0 {
            return self.fail(EidError::SmMalformed);
        }
        let ssc = self.next_ssc()?;
        let cla = command.cla() | CLA_SM;
        let mut dos = Vec::new();
        if !command.data().is_empty() {
            let cryptogram = self.encrypt(&ssc, command.data())?;
            if command.ins() & 1 == 1 {
                tlv::encode(0x85, &cryptogram, &mut dos);
            } else {
                let mut value = Vec::with_capacity(1 + cryptogram.len());
                value.push(0x01);
                value.extend_from_slice(&cryptogram);
                tlv::encode(0x87, &value, &mut dos);
            }
        }
        let extended = command.le().is_some_and(|le| le > 256) || command.data().len() > 200;
        if let Some(le) = command.le() {
            let value = if extended {
                let le = if le >= 65536 { 0 } else { le };
                vec![(le >> 8) as u8, le as u8]
            } else {
                encode_le(le)
            };
            tlv::encode(0x97, &value, &mut dos);
        }
        let mut body = Self::padded_header(cla, command);
        body.extend_from_slice(&dos);
        let mac = self.mac(&ssc, &body)?;
        tlv::encode(0x8E, &mac, &mut dos);
        Ok(Command::new(cla, command.ins(), command.p1(), command.p2())
            .with_data(dos)
            .with_le(if extended { 65536 } else { 256 }))
    }

    /// Terminal: checks and decrypts a protected response. Any failure poisons the codec.
    ///
    /// DO 99 (the processing status) is mandatory (ICAO 9303-11 9.8.6, BSI TR-03110-3 F.3): a
    /// response without it, or with two, is refused with [`EidError::SmMalformed`] even when its MAC
    /// is valid, and the codec is poisoned. The status word returned is always the one of DO 99,
    /// which the MAC covers, never the unauthenticated outer one.
    pub fn unprotect_response(&mut self, response: &Response) -> Result<Response, EidError> {
        let ssc = self.next_ssc()?;
        if response.data().is_empty() {
            return self.fail(match response.sw().0 {
                0x6987 => EidError::SmObjectsMissing,
                0x6988 => EidError::SmObjectsIncorrect,
                0x9000 => EidError::SmMalformed,
                sw => EidError::CardRefused { sw },
            });
        }
        let Ok(objects) = tlv::parse_all(response.data()) else {
            return self.fail(EidError::SmMalformed);
        };
        let mut mac_input = Vec::new();
        let (mut cryptogram, mut status, mut mac) = (None, None, None);
        for (i, object) in objects.iter().enumerate() {
            match object.tag {
                0x87 | 0x85 | 0x99 if mac.is_none() => {
                    object.encode(&mut mac_input);
                    if object.tag == 0x99 {
                        if status.is_some() {
                            return self.fail(EidError::SmMalformed);
                        }
                        status = Some(object.value);
                    } else if cryptogram.is_none() {
                        cryptogram = Some((object.tag, object.value));
                    } else {
                        return self.fail(EidError::SmMalformed);
                    }
                }
                0x8E if i + 1 == objects.len() => mac = Some(object.value),
                _ => return self.fail(EidError::SmMalformed),
            }
        }
        let Some(mac) = mac else {
            return self.fail(EidError::SmMalformed);
        };
        let expected = self.mac(&ssc, &mac_input)?;
        if mac.len() != expected.len() || !bool::from(expected.ct_eq(mac)) {
            return self.fail(EidError::SmBadMac);
        }
        let sw = match status {
            Some([sw1, sw2]) => StatusWord::from_bytes(*sw1, *sw2),
            Some(_) | None => return self.fail(EidError::SmMalformed),
        };
        let data = match cryptogram {
            None => Vec::new(),
            Some((0x87, [0x01, rest @ ..])) | Some((0x85, rest)) => {
                match self.decrypt(&ssc, rest) {
                    // Moved out of the wiped buffer, not copied.
                    Some(mut plain) => std::mem::take(&mut *plain),
                    None => return self.fail(EidError::SmMalformed),
                }
            }
            Some(_) => return self.fail(EidError::SmMalformed),
        };
        Ok(Response::new(data, sw))
    }

    /// Chip: checks and decrypts a protected command. Errors map to 6987 (missing objects) or 6988
    /// (incorrect objects, wrong MAC) and poison the codec.
    pub fn unprotect_command(&mut self, command: &Command) -> Result<Command, EidError> {
        let ssc = self.next_ssc()?;
        if command.cla() & CLA_SM != CLA_SM {
            return self.fail(EidError::SmObjectsMissing);
        }
        let Ok(objects) = tlv::parse_all(command.data()) else {
            return self.fail(EidError::SmObjectsIncorrect);
        };
        let mut body = Self::padded_header(command.cla(), command);
        let (mut cryptogram, mut le, mut mac) = (None, None, None);
        for (i, object) in objects.iter().enumerate() {
            match object.tag {
                0x87 | 0x85 if cryptogram.is_none() && le.is_none() && mac.is_none() => {
                    object.encode(&mut body);
                    cryptogram = Some((object.tag, object.value));
                }
                0x97 if le.is_none() && mac.is_none() => {
                    object.encode(&mut body);
                    le = Some(object.value);
                }
                0x8E if i + 1 == objects.len() => mac = Some(object.value),
                _ => return self.fail(EidError::SmObjectsIncorrect),
            }
        }
        let Some(mac) = mac else {
            return self.fail(EidError::SmObjectsMissing);
        };
        let expected = self.mac(&ssc, &body)?;
        if mac.len() != expected.len() || !bool::from(expected.ct_eq(mac)) {
            return self.fail(EidError::SmObjectsIncorrect);
        }
        let data = match cryptogram {
            None => Vec::new(),
            Some((0x87, [0x01, rest @ ..])) | Some((0x85, rest)) => {
                match self.decrypt(&ssc, rest) {
                    // Moved into the command's wiped data field, not copied.
                    Some(mut plain) => std::mem::take(&mut *plain),
                    None => return self.fail(EidError::SmObjectsIncorrect),
                }
            }
            Some(_) => return self.fail(EidError::SmObjectsIncorrect),
        };
        let mut plain = Command::new(
            command.cla() & !CLA_SM,
            command.ins(),
            command.p1(),
            command.p2(),
        )
        .with_data(data);
        if let Some(value) = le {
            match decode_le(value) {
                Some(n) => plain = plain.with_le(n),
                None => return self.fail(EidError::SmObjectsIncorrect),
            }
        }
        Ok(plain)
    }

    /// Chip: protects a response (DO 87 with the data, DO 99 with the status, DO 8E).
    pub fn protect_response(&mut self, response: &Response) -> Result<Response, EidError> {
        let ssc = self.next_ssc()?;
        let mut dos = Vec::new();
        if !response.data().is_empty() {
            let cryptogram = self.encrypt(&ssc, response.data())?;
            let mut value = Vec::with_capacity(1 + cryptogram.len());
            value.push(0x01);
            value.extend_from_slice(&cryptogram);
            tlv::encode(0x87, &value, &mut dos);
        }
        tlv::encode(0x99, &response.sw().to_bytes(), &mut dos);
        let mac = self.mac(&ssc, &dos)?;
        tlv::encode(0x8E, &mac, &mut dos);
        Ok(Response::new(dos, response.sw()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::eid::{cardaccess::PaceProtocol, secret::Secret};
    use proptest::prelude::*;

    fn keys(len: usize) -> SessionKeys {
        SessionKeys {
            protocol: PaceProtocol::ECDH_GM_AES_128,
            k_enc: Secret::new(vec![0x11; len]),
            k_mac: Secret::new(vec![0x22; len]),
            chip_public_key: Vec::new(),
        }
    }

    fn pair(len: usize) -> (SmCodec, SmCodec) {
        (SmCodec::new(keys(len)), SmCodec::new(keys(len)))
    }

    #[test]
    fn round_trip_all_key_lengths_and_cases() {
        for len in [16, 24, 32] {
            let (mut terminal, mut chip) = pair(len);
            let commands = [
                Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(vec![0xC0, 0x01]),
                Command::new(0x00, 0xB0, 0x00, 0x00).with_le(256),
                Command::new(0x00, 0xB1, 0x00, 0x00)
                    .with_data(vec![0x54, 0x02, 0x00, 0x10])
                    .with_le(10),
                Command::new(0x00, 0x88, 0x00, 0x81)
                    .with_data(vec![7; 300])
                    .with_le(65536),
                Command::new(0x00, 0x2C, 0x03, 0x03),
            ];
            for command in commands {
                let wire = terminal.protect_command(&command).unwrap();
                assert_eq!(wire.cla(), 0x0C);
                let plain = chip.unprotect_command(&wire).unwrap();
                assert_eq!(plain, command);
                let answer = Response::new(vec![1, 2, 3], StatusWord(0x9000));
                let wire = chip.protect_response(&answer).unwrap();
                assert_eq!(terminal.unprotect_response(&wire).unwrap(), answer);
            }
            assert_eq!(terminal.ssc(), 10);
            assert_eq!(chip.ssc(), 10);
        }
    }

    #[test]
    fn bad_mac_poisons_both_sides() {
        let (mut terminal, mut chip) = pair(16);
        let wire = terminal
            .protect_command(&Command::new(0, 0xB0, 0, 0).with_le(5))
            .unwrap();
        let plain = chip.unprotect_command(&wire).unwrap();
        let mut answer = chip
            .protect_response(&Response::new(vec![9; 5], StatusWord(0x9000)))
            .unwrap()
            .to_bytes();
        let at = answer.len() - 3;
        answer[at] ^= 1;
        let answer = Response::parse(&answer).unwrap();
        assert_eq!(
            terminal.unprotect_response(&answer),
            Err(EidError::SmBadMac)
        );
        assert!(terminal.is_poisoned());
        assert_eq!(
            terminal.protect_command(&plain),
            Err(EidError::SessionClosed)
        );

        let (mut terminal, mut chip) = pair(16);
        let wire = terminal
            .protect_command(&Command::new(0, 0xB0, 0, 0).with_le(5))
            .unwrap();
        let mut data = wire.data().to_vec();
        let last = data.len() - 1;
        data[last] ^= 1;
        let forged = Command::new(wire.cla(), wire.ins(), wire.p1(), wire.p2()).with_data(data);
        assert_eq!(
            chip.unprotect_command(&forged),
            Err(EidError::SmObjectsIncorrect)
        );
        assert!(chip.is_poisoned());
    }

    /// A response with a valid MAC over DO 87/DO 8E but no DO 99.
    fn without_do99(chip: &mut SmCodec, data: &[u8], outer: u16) -> Response {
        let ssc = chip.next_ssc().unwrap();
        let mut dos = Vec::new();
        if !data.is_empty() {
            let mut value = vec![0x01];
            value.extend_from_slice(&chip.encrypt(&ssc, data).unwrap());
            tlv::encode(0x87, &value, &mut dos);
        }
        let mac = chip.mac(&ssc, &dos).unwrap();
        tlv::encode(0x8E, &mac, &mut dos);
        Response::new(dos, StatusWord(outer))
    }

    #[test]
    fn response_without_do99_is_refused_and_poisons() {
        for (data, outer) in [
            (&[][..], 0x9000),
            (&[][..], 0x6A82),
            (&[1, 2, 3][..], 0x9000),
        ] {
            let (mut terminal, mut chip) = pair(16);
            let wire = terminal
                .protect_command(&Command::new(0, 0xB0, 0, 0).with_le(3))
                .unwrap();
            chip.unprotect_command(&wire).unwrap();
            let answer = without_do99(&mut chip, data, outer);
            assert_eq!(
                terminal.unprotect_response(&answer),
                Err(EidError::SmMalformed)
            );
            assert!(terminal.is_poisoned());
            assert_eq!(
                terminal.protect_command(&Command::new(0, 0xB0, 0, 0)),
                Err(EidError::SessionClosed)
            );
        }
    }

    #[test]
    fn the_status_word_is_the_authenticated_one() {
        let (mut terminal, mut chip) = pair(16);
        let wire = terminal
            .protect_command(&Command::new(0, 0xB0, 0, 0).with_le(3))
            .unwrap();
        chip.unprotect_command(&wire).unwrap();
        let protected = chip
            .protect_response(&Response::new(vec![], StatusWord(0x6A82)))
            .unwrap();
        let objects = tlv::parse_all(protected.data()).unwrap();
        assert!(
            objects.iter().any(|o| o.tag == 0x99),
            "the chip sends DO 99"
        );
        // A forged outer status word is ignored.
        let forged = Response::new(protected.data().to_vec(), StatusWord(0x9000));
        assert_eq!(
            terminal.unprotect_response(&forged).unwrap().sw(),
            StatusWord(0x6A82)
        );
    }

    #[test]
    fn plain_sm_errors_are_typed() {
        for (sw, err) in [
            (0x6987, EidError::SmObjectsMissing),
            (0x6988, EidError::SmObjectsIncorrect),
            (0x6982, EidError::CardRefused { sw: 0x6982 }),
        ] {
            let (mut terminal, _) = pair(16);
            terminal
                .protect_command(&Command::new(0, 0xB0, 0, 0))
                .unwrap();
            assert_eq!(
                terminal.unprotect_response(&Response::new(vec![], StatusWord(sw))),
                Err(err)
            );
        }
        let (_, mut chip) = pair(16);
        assert_eq!(
            chip.unprotect_command(&Command::new(0, 0xB0, 0, 0)),
            Err(EidError::SmObjectsMissing)
        );
    }

    proptest! {
        #[test]
        fn arbitrary_responses_never_panic(data in proptest::collection::vec(any::<u8>(), 0..80), sw in any::<u16>()) {
            let (mut terminal, _) = pair(16);
            let _ = terminal.unprotect_response(&Response::new(data.clone(), StatusWord(sw)));
            let (_, mut chip) = pair(16);
            let _ = chip.unprotect_command(&Command::new(0x0C, 0xB0, 0, 0).with_data(data));
        }

        #[test]
        fn any_payload_round_trips(ins in any::<u8>(), data in proptest::collection::vec(any::<u8>(), 0..300), le in proptest::option::of(1usize..=256)) {
            let (mut terminal, mut chip) = pair(32);
            let mut command = Command::new(0x00, ins, 1, 2).with_data(data.clone());
            if let Some(le) = le { command = command.with_le(le); }
            let plain = chip.unprotect_command(&terminal.protect_command(&command).unwrap()).unwrap();
            prop_assert_eq!(plain.data(), &data[..]);
            let answer = Response::new(data, StatusWord(0x6282));
            let back = terminal.unprotect_response(&chip.protect_response(&answer).unwrap()).unwrap();
            prop_assert_eq!(back, answer);
        }
    }
}
