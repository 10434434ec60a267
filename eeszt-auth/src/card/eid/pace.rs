//! PACE v2 with ECDH Generic Mapping (ICAO 9303 Part 11 4.4, BSI TR-03110 Part 2 3.2), as two pure
//! state machines: [`PaceTerminal`] (our side of a real card) and [`PaceChip`] (the simulated card).
//!
//! Both take their randomness from an injected [`CryptoRng`], so the ICAO worked example can be
//! reproduced byte for byte. Neither does I/O: [`super::session`] carries the messages in GENERAL
//! AUTHENTICATE commands, the simulated card answers them with [`PaceChip`].
//!
//! The four steps (terminal view):
//! 1. decrypt the nonce `s = D(K_π, z)` with `K_π = KDF(K, 3)`;
//! 2. exchange mapping keys and compute `G' = s·G + SK_map·PK_map(peer)`;
//! 3. exchange ephemeral keys on `G'`, derive `K_enc`/`K_mac` from the shared x-coordinate;
//! 4. exchange authentication tokens `CMAC(K_mac, 7F49{06 OID, 86 PK(peer)})`.

use super::{
    cardaccess::PaceProtocol,
    crypto::{self, BLOCK, KDF_ENC, KDF_MAC, KDF_PI},
    curve::Curve,
    secret::{Password, PasswordKind, Secret},
};
use crate::card::{EidError, tlv};
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;

/// The keys PACE establishes, for secure messaging. Zeroized on drop; `Debug` shows `***`.
#[derive(Debug, Clone)]
pub struct SessionKeys {
    /// The protocol that produced them.
    pub protocol: PaceProtocol,
    /// The encryption key `K_enc`.
    pub k_enc: Secret,
    /// The MAC key `K_mac`.
    pub k_mac: Secret,
    /// The chip's ephemeral public key `PK_IC` (its x-coordinate is `ID_PICC` for terminal
    /// authentication).
    pub chip_public_key: Vec<u8>,
}

/// The authentication token input `7F49 { 06 OID, 86 public point }` (TR-03110 Part 3 D.3.3).
pub fn token_input(protocol: PaceProtocol, public_key: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    tlv::encode_constructed(0x7F49, &mut out, |body| {
        tlv::encode(0x06, &protocol.oid(), body);
        tlv::encode(0x86, public_key, body);
    });
    out
}

/// The 8-byte authentication token over the peer's public key.
pub fn token(
    protocol: PaceProtocol,
    k_mac: &Secret,
    peer_public_key: &[u8],
) -> Result<[u8; 8], EidError> {
    crypto::cmac8(k_mac.expose(), &token_input(protocol, peer_public_key))
}

/// The password key `K_π = KDF(K, 3)`, with `K = SHA-1(MRZ)` for the MRZ and the ASCII value otherwise.
pub fn password_key(protocol: PaceProtocol, password: &Password) -> Secret {
    match password.kind() {
        PasswordKind::Mrz => {
            let k = crypto::sha1(password.value().expose());
            crypto::kdf(k.expose(), KDF_PI, protocol.key_length)
        }
        _ => crypto::kdf(password.value().expose(), KDF_PI, protocol.key_length),
    }
}

fn derive_keys(
    protocol: PaceProtocol,
    curve: Curve,
    shared_point: &[u8],
    chip_public_key: &[u8],
) -> Result<SessionKeys, EidError> {
    let k = curve.x_coordinate(shared_point)?;
    Ok(SessionKeys {
        protocol,
        k_enc: crypto::kdf(k.expose(), KDF_ENC, protocol.key_length),
        k_mac: crypto::kdf(k.expose(), KDF_MAC, protocol.key_length),
        chip_public_key: chip_public_key.to_vec(),
    })
}

fn step_error(step: &'static str) -> EidError {
    EidError::PaceFailed { step }
}

/// The terminal (PCD) side of PACE.
#[derive(Debug)]
pub struct PaceTerminal {
    protocol: PaceProtocol,
    curve: Curve,
    k_pi: Secret,
    nonce: Option<Secret>,
    sk_map: Option<Secret>,
    g_prime: Option<Vec<u8>>,
    sk: Option<Secret>,
    pk: Vec<u8>,
    pending: Option<SessionKeys>,
}

impl PaceTerminal {
    /// Starts PACE with `password` (the password key is derived at once; the password itself is not
    /// kept).
    pub fn new(protocol: PaceProtocol, curve: Curve, password: &Password) -> PaceTerminal {
        PaceTerminal {
            protocol,
            curve,
            k_pi: password_key(protocol, password),
            nonce: None,
            sk_map: None,
            g_prime: None,
            sk: None,
            pk: Vec::new(),
            pending: None,
        }
    }

    /// Step 1: decrypts the chip's encrypted nonce (DO 80) and returns our mapping public key
    /// `PK_map,IFD` (DO 81).
    pub fn nonce<R: CryptoRng + ?Sized>(
        &mut self,
        encrypted_nonce: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>, EidError> {
        if encrypted_nonce.is_empty() || !encrypted_nonce.len().is_multiple_of(BLOCK) {
            return Err(step_error("nonce"));
        }
        let mut plain = encrypted_nonce.to_vec();
        crypto::cbc_decrypt(self.k_pi.expose(), &[0; BLOCK], &mut plain)?;
        self.nonce = Some(Secret::new(plain));
        let sk_map = self.curve.random_scalar(rng)?;
        let pk_map = self.curve.mul_base(sk_map.expose())?;
        self.sk_map = Some(sk_map);
        Ok(pk_map)
    }

    /// Step 2: takes the chip's mapping key `PK_map,IC` (DO 82), maps the generator and returns our
    /// ephemeral public key `PK_IFD` (DO 83).
    pub fn map<R: CryptoRng + ?Sized>(
        &mut self,
        chip_pk_map: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>, EidError> {
        let (nonce, sk_map) = match (self.nonce.take(), self.sk_map.take()) {
            (Some(n), Some(k)) => (n, k),
            _ => return Err(step_error("mapping")),
        };
        let g_prime = self
            .curve
            .generic_map(nonce.expose(), sk_map.expose(), chip_pk_map)?;
        let sk = self.curve.random_scalar(rng)?;
        self.pk = self.curve.mul(sk.expose(), &g_prime)?;
        self.sk = Some(sk);
        self.g_prime = Some(g_prime);
        Ok(self.pk.clone())
    }

    /// Step 3: takes the chip's ephemeral key `PK_IC` (DO 84), derives the session keys and returns
    /// our authentication token `T_IFD` (DO 85).
    pub fn agree(&mut self, chip_pk: &[u8]) -> Result<[u8; 8], EidError> {
        let sk = self.sk.take().ok_or(step_error("key agreement"))?;
        let g_prime = self.g_prime.take().ok_or(step_error("key agreement"))?;
        self.curve.check_point(chip_pk)?;
        if chip_pk == self.pk.as_slice() || chip_pk == g_prime.as_slice() {
            return Err(EidError::InvalidPoint);
        }
        // The shared point is the ECDH secret: wiped after the key derivation.
        let shared = Secret::new(self.curve.mul(sk.expose(), chip_pk)?);
        let keys = derive_keys(self.protocol, self.curve, shared.expose(), chip_pk)?;
        let t_ifd = token(self.protocol, &keys.k_mac, chip_pk)?;
        self.pending = Some(keys);
        Ok(t_ifd)
    }

    /// Step 4: checks the chip's token `T_IC` (DO 86) and returns the session keys.
    pub fn finish(mut self, chip_token: &[u8]) -> Result<SessionKeys, EidError> {
        let keys = self
            .pending
            .take()
            .ok_or(step_error("mutual authentication"))?;
        let expected = token(self.protocol, &keys.k_mac, &self.pk)?;
        if chip_token.len() != expected.len() || !bool::from(expected.ct_eq(chip_token)) {
            return Err(EidError::PaceTokenMismatch);
        }
        Ok(keys)
    }
}

/// The chip (PICC) side of PACE, used by the simulated eSzemélyi.
#[derive(Debug)]
pub struct PaceChip {
    protocol: PaceProtocol,
    curve: Curve,
    k_pi: Secret,
    nonce: Option<Secret>,
    g_prime: Option<Vec<u8>>,
    terminal_pk_map: Vec<u8>,
    pk: Vec<u8>,
    terminal_pk: Vec<u8>,
    pending: Option<SessionKeys>,
}

impl PaceChip {
    /// Starts PACE with the chip's stored `password`.
    pub fn new(protocol: PaceProtocol, curve: Curve, password: &Password) -> PaceChip {
        PaceChip {
            protocol,
            curve,
            k_pi: password_key(protocol, password),
            nonce: None,
            g_prime: None,
            terminal_pk_map: Vec::new(),
            pk: Vec::new(),
            terminal_pk: Vec::new(),
            pending: None,
        }
    }

    /// Step 1: picks the nonce `s` and returns `z = E(K_π, s)` (DO 80).
    pub fn nonce<R: CryptoRng + ?Sized>(&mut self, rng: &mut R) -> Result<Vec<u8>, EidError> {
        let mut s = vec![0u8; BLOCK];
        rng.fill_bytes(&mut s);
        let s = Secret::new(s);
        let mut z = s.expose().to_vec();
        crypto::cbc_encrypt(self.k_pi.expose(), &[0; BLOCK], &mut z)?;
        self.nonce = Some(s);
        Ok(z)
    }

    /// Step 2: takes `PK_map,IFD` (DO 81) and returns `PK_map,IC` (DO 82).
    pub fn map<R: CryptoRng + ?Sized>(
        &mut self,
        terminal_pk_map: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>, EidError> {
        let nonce = self.nonce.take().ok_or(step_error("mapping"))?;
        self.curve.check_point(terminal_pk_map)?;
        let sk_map = self.curve.random_scalar(rng)?;
        let pk_map = self.curve.mul_base(sk_map.expose())?;
        self.g_prime = Some(self.curve.generic_map(
            nonce.expose(),
            sk_map.expose(),
            terminal_pk_map,
        )?);
        self.terminal_pk_map = terminal_pk_map.to_vec();
        Ok(pk_map)
    }

    /// Step 3: takes `PK_IFD` (DO 83) and returns `PK_IC` (DO 84).
    pub fn agree<R: CryptoRng + ?Sized>(
        &mut self,
        terminal_pk: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>, EidError> {
        let g_prime = self.g_prime.take().ok_or(step_error("key agreement"))?;
        self.curve.check_point(terminal_pk)?;
        if terminal_pk == self.terminal_pk_map.as_slice() || terminal_pk == g_prime.as_slice() {
            return Err(EidError::InvalidPoint);
        }
        let sk = self.curve.random_scalar(rng)?;
        let pk = self.curve.mul(sk.expose(), &g_prime)?;
        if pk.as_slice() == terminal_pk {
            return Err(EidError::InvalidPoint);
        }
        let shared = Secret::new(self.curve.mul(sk.expose(), terminal_pk)?);
        self.pending = Some(derive_keys(
            self.protocol,
            self.curve,
            shared.expose(),
            &pk,
        )?);
        self.pk = pk.clone();
        self.terminal_pk = terminal_pk.to_vec();
        Ok(pk)
    }

    /// Step 4: checks the terminal's token `T_IFD` (DO 85); on success returns our token `T_IC`
    /// (DO 86) and the session keys. A wrong token means a wrong password:
    /// [`EidError::PaceTokenMismatch`].
    pub fn authenticate(
        mut self,
        terminal_token: &[u8],
    ) -> Result<([u8; 8], SessionKeys), EidError> {
        let keys = self
            .pending
            .take()
            .ok_or(step_error("mutual authentication"))?;
        let expected = token(self.protocol, &keys.k_mac, &self.pk)?;
        if terminal_token.len() != expected.len() || !bool::from(expected.ct_eq(terminal_token)) {
            return Err(EidError::PaceTokenMismatch);
        }
        let t_ic = token(self.protocol, &keys.k_mac, &self.terminal_pk)?;
        Ok((t_ic, keys))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::eid::rng::DeterministicRng;

    fn run(
        protocol: PaceProtocol,
        curve: Curve,
        terminal_pw: &Password,
        chip_pw: &Password,
    ) -> Result<(SessionKeys, SessionKeys), EidError> {
        let mut rng = DeterministicRng::from_seed([9; 32]);
        let mut terminal = PaceTerminal::new(protocol, curve, terminal_pw);
        let mut chip = PaceChip::new(protocol, curve, chip_pw);
        let z = chip.nonce(&mut rng)?;
        let pk_map_ifd = terminal.nonce(&z, &mut rng)?;
        let pk_map_ic = chip.map(&pk_map_ifd, &mut rng)?;
        let pk_ifd = terminal.map(&pk_map_ic, &mut rng)?;
        let pk_ic = chip.agree(&pk_ifd, &mut rng)?;
        let t_ifd = terminal.agree(&pk_ic)?;
        let (t_ic, chip_keys) = chip.authenticate(&t_ifd)?;
        let terminal_keys = terminal.finish(&t_ic)?;
        Ok((terminal_keys, chip_keys))
    }

    #[test]
    fn every_curve_and_key_length_agrees() {
        let pin = Password::pin("123456").unwrap();
        for curve in Curve::ALL {
            for protocol in [
                PaceProtocol::ECDH_GM_AES_128,
                PaceProtocol::ECDH_GM_AES_192,
                PaceProtocol::ECDH_GM_AES_256,
            ] {
                let (t, c) = run(protocol, curve, &pin, &pin).unwrap();
                assert_eq!(t.k_enc, c.k_enc);
                assert_eq!(t.k_mac, c.k_mac);
                assert_eq!(t.k_enc.len(), protocol.key_length.bytes());
            }
        }
    }

    #[test]
    fn wrong_password_fails_at_the_token() {
        let err = run(
            PaceProtocol::ECDH_GM_AES_128,
            Curve::BrainpoolP256r1,
            &Password::pin("123456").unwrap(),
            &Password::pin("654321").unwrap(),
        )
        .unwrap_err();
        assert_eq!(err, EidError::PaceTokenMismatch);
    }

    #[test]
    fn steps_out_of_order_fail() {
        let pin = Password::pin("123456").unwrap();
        let mut t = PaceTerminal::new(PaceProtocol::ECDH_GM_AES_128, Curve::P256, &pin);
        assert!(t.agree(&[4; 65]).is_err());
        let mut rng = DeterministicRng::from_seed([1; 32]);
        assert!(t.map(&[4; 65], &mut rng).is_err());
        assert!(t.nonce(&[1, 2, 3], &mut rng).is_err());
        assert!(format!("{t:?}").contains("***"));
    }
}
