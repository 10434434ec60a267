//! Symmetric primitives of PACE and secure messaging: the TR-03110 KDF, AES-CBC, AES-CMAC, padding.

use super::secret::Secret;
use crate::card::EidError;
use aes::cipher::{
    Block, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit,
};
use aes::{Aes128, Aes192, Aes256};
use cmac::{Cmac, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

/// The AES block size.
pub const BLOCK: usize = 16;

/// The AES key length of a PACE protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyLength {
    /// AES-128 (KDF with SHA-1).
    Aes128,
    /// AES-192 (KDF with SHA-256, first 24 bytes).
    Aes192,
    /// AES-256 (KDF with SHA-256).
    Aes256,
}

impl KeyLength {
    /// The key length in bytes.
    pub fn bytes(self) -> usize {
        match self {
            KeyLength::Aes128 => 16,
            KeyLength::Aes192 => 24,
            KeyLength::Aes256 => 32,
        }
    }

    /// The key length in bits.
    pub fn bits(self) -> u16 {
        match self {
            KeyLength::Aes128 => 128,
            KeyLength::Aes192 => 192,
            KeyLength::Aes256 => 256,
        }
    }
}

/// KDF counter for the encryption key.
pub const KDF_ENC: u32 = 1;
/// KDF counter for the MAC key.
pub const KDF_MAC: u32 = 2;
/// KDF counter for the password key π.
pub const KDF_PI: u32 = 3;

/// TR-03110 Part 3 A.2.3 / ICAO 9303 Part 11 9.7.1: `KDF(K, c)` = the first key-length bytes of
/// `H(K || c)` with `c` a 32-bit big-endian counter; H is SHA-1 for AES-128, SHA-256 otherwise.
pub fn kdf(secret: &[u8], counter: u32, length: KeyLength) -> Secret {
    // The key is copied straight from the digest into its final buffer; the digest is wiped.
    let n = length.bytes();
    match length {
        KeyLength::Aes128 => {
            let mut h = Sha1::new();
            h.update(secret);
            h.update(counter.to_be_bytes());
            let mut digest = h.finalize();
            let key = Secret::from_slice(&digest[..n]);
            digest.as_mut_slice().zeroize();
            key
        }
        KeyLength::Aes192 | KeyLength::Aes256 => {
            let mut h = Sha256::new();
            h.update(secret);
            h.update(counter.to_be_bytes());
            let mut digest = h.finalize();
            let key = Secret::from_slice(&digest[..n]);
            digest.as_mut_slice().zeroize();
            key
        }
    }
}

/// SHA-1, for the MRZ password (`K = SHA-1(MRZ information)`).
pub fn sha1(data: &[u8]) -> Secret {
    let mut digest = Sha1::digest(data);
    let out = Secret::from_slice(&digest);
    digest.as_mut_slice().zeroize();
    out
}

macro_rules! with_aes {
    ($key:expr, $cipher:ident => $body:expr) => {
        match $key.len() {
            16 => {
                type $cipher = Aes128;
                $body
            }
            24 => {
                type $cipher = Aes192;
                $body
            }
            32 => {
                type $cipher = Aes256;
                $body
            }
            _ => Err(EidError::Crypto),
        }
    };
}

/// Encrypts one block with AES (ECB), used for the SM IV `E(K_enc, SSC)`.
pub fn aes_block(key: &[u8], input: &[u8; BLOCK]) -> Result<[u8; BLOCK], EidError> {
    with_aes!(key, A => {
        let cipher = A::new_from_slice(key).map_err(|_| EidError::Crypto)?;
        let mut block = Block::<A>::from(*input);
        cipher.encrypt_block(&mut block);
        Ok(block.into())
    })
}

/// AES-CBC encryption in place without padding (`data` must be a multiple of 16 bytes).
pub fn cbc_encrypt(key: &[u8], iv: &[u8; BLOCK], data: &mut [u8]) -> Result<(), EidError> {
    if !data.len().is_multiple_of(BLOCK) {
        return Err(EidError::Crypto);
    }
    with_aes!(key, A => {
        let mut enc = cbc::Encryptor::<A>::new_from_slices(key, iv).map_err(|_| EidError::Crypto)?;
        let mut block = Block::<A>::default();
        for chunk in data.chunks_exact_mut(BLOCK) {
            block.copy_from_slice(chunk);
            enc.encrypt_block(&mut block);
            chunk.copy_from_slice(&block);
        }
        // The block held plaintext.
        block.as_mut_slice().zeroize();
        Ok(())
    })
}

/// AES-CBC decryption in place without padding (`data` must be a multiple of 16 bytes).
pub fn cbc_decrypt(key: &[u8], iv: &[u8; BLOCK], data: &mut [u8]) -> Result<(), EidError> {
    if !data.len().is_multiple_of(BLOCK) {
        return Err(EidError::Crypto);
    }
    with_aes!(key, A => {
        let mut dec = cbc::Decryptor::<A>::new_from_slices(key, iv).map_err(|_| EidError::Crypto)?;
        let mut block = Block::<A>::default();
        for chunk in data.chunks_exact_mut(BLOCK) {
            block.copy_from_slice(chunk);
            dec.decrypt_block(&mut block);
            chunk.copy_from_slice(&block);
        }
        // The block holds plaintext.
        block.as_mut_slice().zeroize();
        Ok(())
    })
}

/// AES-CMAC truncated to 8 bytes (the MAC of PACE tokens and secure messaging).
pub fn cmac8(key: &[u8], data: &[u8]) -> Result<[u8; 8], EidError> {
    with_aes!(key, A => {
        let mut mac = <Cmac<A> as KeyInit>::new_from_slice(key).map_err(|_| EidError::Crypto)?;
        mac.update(data);
        let full = mac.finalize().into_bytes();
        let mut out = [0u8; 8];
        out.copy_from_slice(full.get(..8).ok_or(EidError::Crypto)?);
        Ok(out)
    })
}

/// The length of `len` bytes after ISO/IEC 9797-1 padding method 2.
pub fn padded_len(len: usize) -> usize {
    (len / BLOCK + 1) * BLOCK
}

/// `data` with ISO/IEC 9797-1 padding method 2, in a buffer allocated once at its final size (no
/// re-allocation leaves a copy behind) and wiped on drop: for plaintext that may be secret.
pub fn padded(data: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(padded_len(data.len())));
    out.extend_from_slice(data);
    pad(&mut out);
    out
}

/// ISO/IEC 9797-1 padding method 2: append `80`, then `00` up to a multiple of 16 bytes. This may
/// re-allocate `data` (leaving the old buffer unwiped): use [`padded`] for secrets.
pub fn pad(data: &mut Vec<u8>) {
    data.push(0x80);
    while !data.len().is_multiple_of(BLOCK) {
        data.push(0x00);
    }
}

/// Removes ISO/IEC 9797-1 padding method 2; `None` when the padding is malformed.
pub fn unpad(data: &[u8]) -> Option<&[u8]> {
    let end = data.iter().rposition(|&b| b != 0)?;
    if data.get(end) == Some(&0x80) && data.len() - end <= BLOCK {
        data.get(..end)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::hex::parse_hex;

    fn hex(s: &str) -> Vec<u8> {
        parse_hex(s).unwrap()
    }

    // Security review M4: the SM plaintext (a PIN under CHANGE REFERENCE DATA or RESET RETRY
    // COUNTER) was copied with `to_vec()` and then grown by `pad()`, leaving the first copy in freed
    // memory. `padded` allocates once at the final size, in a buffer that wipes itself.
    #[test]
    fn padded_plaintext_is_allocated_once_and_wiped() {
        fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        for len in [0, 1, 6, 15, 16, 17, 31, 32, 255] {
            let plain = vec![0x31; len];
            let out = padded(&plain);
            wipes_on_drop(&out);
            assert_eq!(out.len(), padded_len(len));
            assert_eq!(out.capacity(), out.len(), "re-allocated for {len} bytes");
            assert_eq!(unpad(&out), Some(&plain[..]));
            let mut grown = plain.clone();
            pad(&mut grown);
            assert_eq!(grown, *out);
        }
    }

    #[test]
    fn kdf_matches_icao_example() {
        let k = hex("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD");
        assert_eq!(
            kdf(&k, KDF_PI, KeyLength::Aes128).expose(),
            hex("89DED1B26624EC1E634C1989302849DD")
        );
        assert_eq!(kdf(&k, KDF_ENC, KeyLength::Aes256).len(), 32);
        assert_eq!(kdf(&k, KDF_ENC, KeyLength::Aes192).len(), 24);
    }

    #[test]
    fn cbc_round_trip_all_key_sizes() {
        for len in [16, 24, 32] {
            let key = vec![7u8; len];
            let iv = [3u8; 16];
            let mut data = b"0123456789abcdef0123456789abcdef".to_vec();
            cbc_encrypt(&key, &iv, &mut data).unwrap();
            assert_ne!(&data[..], b"0123456789abcdef0123456789abcdef");
            cbc_decrypt(&key, &iv, &mut data).unwrap();
            assert_eq!(&data[..], b"0123456789abcdef0123456789abcdef");
        }
        assert!(cbc_encrypt(&[0; 15], &[0; 16], &mut [0; 16]).is_err());
        assert!(cbc_encrypt(&[0; 16], &[0; 16], &mut [0; 15]).is_err());
    }

    #[test]
    fn cmac_rfc4493_example() {
        // RFC 4493 example 2 (16-byte message).
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let msg = hex("6bc1bee22e409f96e93d7e117393172a");
        assert_eq!(cmac8(&key, &msg).unwrap().to_vec(), hex("070a16b46b4d4144"));
    }

    #[test]
    fn padding() {
        let mut d = vec![1, 2, 3];
        pad(&mut d);
        assert_eq!(d.len(), 16);
        assert_eq!(unpad(&d), Some(&[1u8, 2, 3][..]));
        let mut e = vec![0u8; 16];
        pad(&mut e);
        assert_eq!(e.len(), 32);
        assert_eq!(unpad(&e).map(<[u8]>::len), Some(16));
        assert_eq!(unpad(&[0, 0, 0]), None);
        assert_eq!(unpad(&[1, 0, 0]), None);
    }
}
