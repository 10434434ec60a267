//! The simulated eSzemélyi's command handlers (plain commands, after secure messaging was removed).

use super::{Selected, SimEszemelyi};
use crate::card::eid::{
    cardaccess::{CardAccess, PaceProtocol},
    crypto::KeyLength,
    curve::Curve,
    pace::PaceChip,
    params,
    secret::{Password, PasswordKind},
};
use crate::card::{Command, Response, StatusWord, hex, tlv};
use crate::cert::ImportOutcome;
use p256::ecdsa::{Signature, SigningKey, signature::Signer};

fn sw(code: u16) -> Response {
    Response::new(Vec::new(), StatusWord(code))
}

fn ok(data: Vec<u8>) -> Response {
    Response::new(data, StatusWord(0x9000))
}

impl SimEszemelyi {
    fn protocol(&self) -> (PaceProtocol, Curve) {
        let key_length = self.state.key_length().unwrap_or(KeyLength::Aes128);
        let curve =
            Curve::from_parameter_id(self.state.parameter_id).unwrap_or(Curve::BrainpoolP256r1);
        (PaceProtocol { key_length }, curve)
    }

    /// EF.CardAccess as the card stores it.
    pub fn card_access(&self) -> Vec<u8> {
        let (protocol, curve) = self.protocol();
        CardAccess::encode(&[(protocol, curve.parameter_id())])
    }

    pub(super) fn dispatch(&mut self, command: &Command, secure: bool) -> Response {
        if command.cla() & 0x10 != 0 && command.ins() != 0x86 {
            return sw(0x6884);
        }
        match (command.ins(), command.p1(), command.p2()) {
            (0xA4, _, _) => self.select(command),
            (0xB0, _, _) => self.read_binary(command, secure),
            (0x22, 0xC1, 0xA4) => self.set_at(command),
            (0x22, 0x81, 0xB6) | (0x2A, _, _) => self.certificate(command, secure),
            (0x22, _, _) => sw(0x6A86),
            (0x86, 0x00, 0x00) => self.general_authenticate(command, secure),
            (0x2C, _, _) => self.reset_retry_counter(command, secure),
            (0x88, _, _) => self.internal_authenticate(command, secure),
            (0x84, 0x00, 0x00) => {
                let n = command.le().unwrap_or(8).clamp(1, 256);
                let mut data = vec![0u8; n];
                rand_core::Rng::fill_bytes(&mut self.rng, &mut data);
                ok(data)
            }
            _ => sw(0x6D00),
        }
    }

    fn select(&mut self, command: &Command) -> Response {
        match (command.p1(), command.data()) {
            (0x04, aid) if aid == params::AID_EID => {
                self.volatile.selected = Selected::Application;
                sw(0x9000)
            }
            (0x00 | 0x02 | 0x08, [0x3F, 0x00]) => {
                self.volatile.selected = Selected::Master;
                sw(0x9000)
            }
            (0x00 | 0x02, [hi, lo]) => {
                let fid = u16::from_be_bytes([*hi, *lo]);
                if [
                    params::FID_CARD_ACCESS,
                    params::FID_AUTH_CERT,
                    params::FID_PERSONAL_DATA,
                ]
                .contains(&fid)
                {
                    self.volatile.selected = Selected::File(fid);
                    sw(0x9000)
                } else {
                    sw(0x6A82)
                }
            }
            _ => sw(0x6A82),
        }
    }

    fn pin_session(&self, secure: bool) -> bool {
        secure
            && self.volatile.authenticated == Some(PasswordKind::Pin)
            && !self.state.is_transport()
    }

    fn read_binary(&mut self, command: &Command, secure: bool) -> Response {
        let (fid, offset) = if command.p1() & 0x80 != 0 {
            if command.p1() & 0x1F != params::SFI_CARD_ACCESS {
                return sw(0x6A82);
            }
            self.volatile.selected = Selected::File(params::FID_CARD_ACCESS);
            (params::FID_CARD_ACCESS, usize::from(command.p2()))
        } else {
            match self.volatile.selected {
                Selected::File(fid) => (
                    fid,
                    usize::from(u16::from_be_bytes([command.p1(), command.p2()])),
                ),
                _ => return sw(0x6986),
            }
        };
        let content = match fid {
            params::FID_CARD_ACCESS => self.card_access(),
            params::FID_AUTH_CERT if self.pin_session(secure) => {
                hex::parse_hex(&self.state.auth_cert).unwrap_or_default()
            }
            params::FID_PERSONAL_DATA if self.pin_session(secure) => {
                self.state.personal_data.as_bytes().to_vec()
            }
            _ => return sw(0x6982),
        };
        if offset > content.len() || (offset == content.len() && offset > 0) {
            return sw(0x6B00);
        }
        let le = command.le().unwrap_or(256);
        let end = offset.saturating_add(le).min(content.len());
        ok(content.get(offset..end).unwrap_or_default().to_vec())
    }

    fn set_at(&mut self, command: &Command) -> Response {
        self.volatile.pace = None;
        self.volatile.pace_kind = None;
        let Ok(objects) = tlv::parse_all(command.data()) else {
            return sw(0x6A80);
        };
        let (protocol, curve) = self.protocol();
        let mut kind = None;
        for object in objects {
            match (object.tag, object.value) {
                (0x80, oid) if oid == protocol.oid().as_slice() => {}
                (0x80, _) => return sw(0x6A80),
                (0x83, [reference]) => kind = PasswordKind::from_reference(*reference),
                (0x84, [id]) if *id == curve.parameter_id() => {}
                (0x7F4C, _) => {}
                _ => return sw(0x6A80),
            }
        }
        let kind = match kind {
            Some(PasswordKind::Mrz) | None => return sw(0x6A88),
            Some(kind) => kind,
        };
        self.volatile.pace_kind = Some(kind);
        if kind != PasswordKind::Pin {
            return sw(0x9000);
        }
        match (self.state.pin_tries, self.state.is_transport()) {
            (0, _) => sw(0x63C0),
            (1, _) => sw(0x63C1),
            (3, true) => sw(params::SW_TRANSPORT_PIN),
            (3, false) => sw(0x9000),
            (n, _) => sw(0x63C0 | u16::from(n)),
        }
    }

    fn password(&self, kind: PasswordKind) -> Password {
        let value = match kind {
            PasswordKind::Pin => &self.state.pin,
            PasswordKind::Can => &self.state.can,
            PasswordKind::Puk => &self.state.puk,
            PasswordKind::Mrz => "",
        };
        Password::raw(kind, value.as_bytes())
    }

    fn general_authenticate(&mut self, command: &Command, secure: bool) -> Response {
        let Some(kind) = self.volatile.pace_kind else {
            return sw(0x6985);
        };
        let Ok((template, rest)) = tlv::parse_one(command.data()) else {
            return sw(0x6A80);
        };
        if template.tag != 0x7C || !rest.is_empty() {
            return sw(0x6A80);
        }
        let Ok(objects) = template.children() else {
            return sw(0x6A80);
        };
        let step = self.volatile.pace.as_ref().map_or(0, |(_, step)| *step);
        let last = command.cla() & 0x10 == 0;
        if last != (step == 3) {
            return self.abort_pace(0x6883);
        }
        let value = |tag| objects.iter().find(|o| o.tag == tag).map(|o| o.value);
        let (protocol, curve) = self.protocol();
        let result = match step {
            0 => {
                if !objects.is_empty() {
                    return self.abort_pace(0x6A80);
                }
                if kind == PasswordKind::Pin {
                    if self.state.pin_tries == 0 {
                        return self.abort_pace(0x6983);
                    }
                    let resumed = secure && self.volatile.authenticated == Some(PasswordKind::Can);
                    if self.state.pin_tries == 1 && !resumed {
                        return self.abort_pace(0x6985);
                    }
                }
                let mut chip = PaceChip::new(protocol, curve, &self.password(kind));
                chip.nonce(&mut self.rng).map(|z| (chip, 0x80, z))
            }
            1 | 2 => {
                let Some((mut chip, _)) = self.volatile.pace.take() else {
                    return self.abort_pace(0x6985);
                };
                let (input, out) = if step == 1 {
                    (0x81, 0x82)
                } else {
                    (0x83, 0x84)
                };
                let Some(input) = value(input) else {
                    return self.abort_pace(0x6A80);
                };
                let answer = if step == 1 {
                    chip.map(input, &mut self.rng)
                } else {
                    chip.agree(input, &mut self.rng)
                };
                answer.map(|data| (chip, out, data))
            }
            _ => return self.finish_pace(kind, value(0x85)),
        };
        match result {
            Ok((chip, tag, data)) => {
                self.volatile.pace = Some((chip, step + 1));
                let mut out = Vec::new();
                tlv::encode_constructed(0x7C, &mut out, |body| tlv::encode(tag, &data, body));
                ok(out)
            }
            Err(_) => self.abort_pace(0x6A80),
        }
    }

    fn abort_pace(&mut self, code: u16) -> Response {
        self.volatile.pace = None;
        sw(code)
    }

    fn finish_pace(&mut self, kind: PasswordKind, token: Option<&[u8]>) -> Response {
        let (Some((chip, _)), Some(token)) = (self.volatile.pace.take(), token) else {
            return sw(0x6A80);
        };
        self.volatile.pace_kind = None;
        match chip.authenticate(token) {
            Ok((t_ic, keys)) => {
                if kind == PasswordKind::Pin && self.state.pin_tries != params::PIN_TRIES {
                    self.state.pin_tries = params::PIN_TRIES;
                    self.dirty = true;
                }
                let mut out = Vec::new();
                tlv::encode_constructed(0x7C, &mut out, |body| {
                    tlv::encode(0x86, &t_ic, body);
                    if let Some(certs) = &self.certs {
                        let points = certs.store().trust_points();
                        for (tag, point) in [0x87, 0x88].into_iter().zip(points) {
                            tlv::encode(tag, point.chr.as_bytes(), body);
                        }
                    }
                });
                self.volatile.pending = Some((keys, kind));
                ok(out)
            }
            Err(_) if kind == PasswordKind::Pin => {
                self.state.pin_tries = self.state.pin_tries.saturating_sub(1);
                self.dirty = true;
                sw(0x63C0 | u16::from(self.state.pin_tries))
            }
            Err(_) => sw(0x6300),
        }
    }

    fn certificate(&mut self, command: &Command, secure: bool) -> Response {
        if !secure {
            return sw(0x6982);
        }
        let Some(certs) = self.certs.as_mut() else {
            return sw(0x6A88);
        };
        let answer = certs.process(command).unwrap_or_else(|| sw(0x6A86));
        if let Some(ImportOutcome::TrustPointUpdated { .. }) = certs.last_outcome() {
            if command.ins() == 0x2A && answer.sw().is_success() {
                let mut cert = Vec::new();
                tlv::encode(0x7F21, command.data(), &mut cert);
                self.state.cvca_chain.push(hex::hex(&cert));
                self.dirty = true;
            }
        }
        answer
    }

    fn reset_retry_counter(&mut self, command: &Command, secure: bool) -> Response {
        if !secure {
            return sw(0x6982);
        }
        match (command.p1(), command.p2(), self.volatile.authenticated) {
            (0x02, params::PWD_PIN, Some(PasswordKind::Pin)) => {
                let new = command.data();
                if new.len() != params::PIN_DIGITS || !new.iter().all(u8::is_ascii_digit) {
                    return sw(0x6A80);
                }
                self.state.pin = String::from_utf8_lossy(new).into_owned();
                self.state.pin_state = "active".into();
                self.state.pin_tries = params::PIN_TRIES;
                self.dirty = true;
                sw(0x9000)
            }
            (0x03, params::PWD_PIN, Some(PasswordKind::Puk)) if command.data().is_empty() => {
                self.state.pin_tries = params::PIN_TRIES;
                self.dirty = true;
                sw(0x9000)
            }
            (0x02 | 0x03, params::PWD_PIN, _) => sw(0x6982),
            _ => sw(0x6A86),
        }
    }

    fn internal_authenticate(&mut self, command: &Command, secure: bool) -> Response {
        if !self.pin_session(secure) {
            return sw(0x6982);
        }
        if command.p2() != params::KEY_REF_AUTH {
            return sw(0x6A88);
        }
        let challenge = command.data();
        if challenge.is_empty() || challenge.len() > 512 {
            return sw(0x6700);
        }
        let key = hex::parse_hex(&self.state.auth_key)
            .ok()
            .and_then(|k| SigningKey::from_slice(&k).ok());
        match key {
            Some(key) => {
                let signature: Signature = key.sign(challenge);
                ok(signature.to_bytes().to_vec())
            }
            None => sw(0x6F00),
        }
    }
}
