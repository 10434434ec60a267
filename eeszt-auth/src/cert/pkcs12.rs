//! A PKCS#12 (RFC 7292) reader that owns every secret it handles.
//!
//! It reads the certificates and private keys of a password-protected `.p12`/`.pfx` file: the MAC
//! (HMAC with a key from the PKCS#12 KDF, SHA-1 or SHA-2) is checked in constant time before any
//! bag is decrypted; encrypted contents and shrouded key bags are decrypted with PBES2 (PBKDF2 with
//! HMAC-SHA-1/SHA-2, AES-CBC or 3DES-CBC) or the legacy PKCS#12 schemes (SHA-1 with 3DES or RC2).
//!
//! Secrets in memory: the password in BMPString form, every derived key, IV and MAC key, and every
//! decrypted buffer live in [`Zeroizing`] buffers owned here and are decrypted in place, so they
//! are wiped when they go out of use; the cipher and hash states wipe themselves on drop (the
//! crates' `zeroize` features). A private key leaves this module only as a parsed [`PrivateKey`]
//! (`rsa`/`p256`/`p384` types that zeroize on drop).

use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
use hmac::{KeyInit, Mac};
use sha2::Digest;
use zeroize::{Zeroize, Zeroizing};

use super::CertError;
use super::der::{Reader, oid_to_string, tag};
use super::key::PrivateKey;
use super::x509::Certificate;

/// The highest KDF or MAC iteration count accepted (a hostile file must not keep the CPU busy).
pub const MAX_ITERATIONS: u32 = 1_000_000;

/// The most KDF and MAC iterations one file may ask for in all (a real file needs a handful of
/// derivations; thousands of bags at [`MAX_ITERATIONS`] each would take hours).
pub const MAX_TOTAL_ITERATIONS: u64 = 8_000_000;

/// Counts the key-derivation work a file asks for.
#[derive(Debug, Default)]
pub(super) struct Budget {
    spent: std::cell::Cell<u64>,
}

impl Budget {
    /// Reads an iteration count (1..=[`MAX_ITERATIONS`]) and charges it, `times` derivations.
    fn charge(&self, value: &[u8], times: u64) -> Result<u32, CertError> {
        let n = iterations(value)?;
        let spent = self.spent.get() + u64::from(n) * times;
        if spent > MAX_TOTAL_ITERATIONS {
            return Err(malformed("too much key derivation work"));
        }
        self.spent.set(spent);
        Ok(n)
    }
}

const OCTET_STRING: u8 = 0x04;
/// `[0]` EXPLICIT (constructed, context-specific 0).
const EXPLICIT_0: u8 = 0xA0;
/// `[0]` IMPLICIT OCTET STRING (primitive, context-specific 0).
const IMPLICIT_0: u8 = 0x80;

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_SAFE_CONTENTS_BAG: &str = "1.2.840.113549.1.12.10.1.6";
const OID_X509_CERT: &str = "1.2.840.113549.1.9.22.1";
const OID_PBES2: &str = "1.2.840.113549.1.5.13";
const OID_PBKDF2: &str = "1.2.840.113549.1.5.12";
const OID_PBE_SHA1_3DES: &str = "1.2.840.113549.1.12.1.3";
const OID_PBE_SHA1_RC2_128: &str = "1.2.840.113549.1.12.1.5";
const OID_PBE_SHA1_RC2_40: &str = "1.2.840.113549.1.12.1.6";

/// What a PKCS#12 file holds.
pub(super) struct Contents {
    /// The certificates in file order.
    pub certificates: Vec<Certificate>,
    /// The private keys in file order.
    pub keys: Vec<PrivateKey>,
}

/// A buffer that holds a secret: wiped (its whole capacity) when dropped.
pub(super) type SecretBuf = Zeroizing<Vec<u8>>;

/// Hash functions of the MAC, the PKCS#12 KDF and PBKDF2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hash {
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    fn from_digest_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.3.14.3.2.26" => Hash::Sha1,
            "2.16.840.1.101.3.4.2.4" => Hash::Sha224,
            "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
            _ => return None,
        })
    }

    fn from_hmac_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.2.840.113549.2.7" => Hash::Sha1,
            "1.2.840.113549.2.8" => Hash::Sha224,
            "1.2.840.113549.2.9" => Hash::Sha256,
            "1.2.840.113549.2.10" => Hash::Sha384,
            "1.2.840.113549.2.11" => Hash::Sha512,
            _ => return None,
        })
    }

    fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha224 => 28,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }
}

/// Purpose byte of the PKCS#12 KDF (RFC 7292 B.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KdfId {
    /// Encryption key (1).
    Key = 1,
    /// Initialisation vector (2).
    Iv = 2,
    /// MAC key (3).
    Mac = 3,
}

/// The password as the PKCS#12 KDF takes it: UTF-16 big-endian with two closing zero bytes
/// (what OpenSSL makes of a UTF-8 password); the empty password is the two zero bytes.
pub(super) fn bmp_password(password: &str) -> SecretBuf {
    let mut out = Zeroizing::new(Vec::with_capacity(2 * password.len() + 2));
    for unit in password.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// The PKCS#12 key derivation (RFC 7292 appendix B.2) into a wiped buffer of `len` bytes.
pub(super) fn pkcs12_kdf(
    hash: Hash,
    bmp_password: &[u8],
    salt: &[u8],
    id: KdfId,
    rounds: u32,
    len: usize,
) -> SecretBuf {
    match hash {
        Hash::Sha1 => kdf_with::<sha1::Sha1>(64, bmp_password, salt, id, rounds, len),
        Hash::Sha224 => kdf_with::<sha2::Sha224>(64, bmp_password, salt, id, rounds, len),
        Hash::Sha256 => kdf_with::<sha2::Sha256>(64, bmp_password, salt, id, rounds, len),
        Hash::Sha384 => kdf_with::<sha2::Sha384>(128, bmp_password, salt, id, rounds, len),
        Hash::Sha512 => kdf_with::<sha2::Sha512>(128, bmp_password, salt, id, rounds, len),
    }
}

fn kdf_with<D: Digest + sha2::digest::FixedOutputReset>(
    block: usize,
    pass: &[u8],
    salt: &[u8],
    id: KdfId,
    rounds: u32,
    len: usize,
) -> SecretBuf {
    let u = <D as Digest>::output_size();
    let diversifier = vec![id as u8; block];
    // I = S || P, each repeated to a whole number of blocks.
    let fill = |src: &[u8], out: &mut Vec<u8>| {
        let n = block * src.len().div_ceil(block);
        out.extend(src.iter().cycle().take(n));
    };
    let mut i: SecretBuf = Zeroizing::new(Vec::new());
    fill(salt, &mut i);
    fill(pass, &mut i);
    let mut out: SecretBuf = Zeroizing::new(Vec::with_capacity(len));
    let mut a: SecretBuf = Zeroizing::new(vec![0; u]);
    let mut b: SecretBuf = Zeroizing::new(vec![0; block]);
    let mut hasher = D::new();
    loop {
        Digest::update(&mut hasher, &diversifier);
        Digest::update(&mut hasher, &i[..]);
        let mut digest = hasher.finalize_reset();
        for _ in 1..rounds.max(1) {
            Digest::update(&mut hasher, &digest);
            let next = hasher.finalize_reset();
            digest.as_mut_slice().zeroize();
            digest = next;
        }
        a.copy_from_slice(&digest);
        digest.as_mut_slice().zeroize();
        let take = (len - out.len()).min(u);
        out.extend_from_slice(&a[..take]);
        if out.len() == len {
            return out;
        }
        // B = A repeated to one block; every block I_j of I becomes (I_j + B + 1) mod 2^(8v).
        for (k, byte) in b.iter_mut().enumerate() {
            *byte = a[k % u];
        }
        for chunk in i.chunks_mut(block) {
            let mut carry = 1u16;
            for k in (0..block).rev() {
                carry += u16::from(chunk[k]) + u16::from(b[k]);
                chunk[k] = carry as u8;
                carry >>= 8;
            }
        }
    }
}

/// Reads a PKCS#12 file. `password` is `""` when none was given; `wrong_password` is the error
/// for a failed MAC or decryption.
pub(super) fn open(
    data: &[u8],
    password: &str,
    wrong_password: CertError,
) -> Result<Contents, CertError> {
    let pfx = Reader::new(data).expect(tag::SEQUENCE, "PFX")?;
    let mut pfx = Reader::new(pfx.value);
    pfx.expect(tag::INTEGER, "INTEGER (PFX version)")?;
    let auth_safe = content_info(&mut pfx)?;
    if auth_safe.0 != OID_DATA {
        return Err(CertError::Pkcs12Unsupported {
            detail: "content type (public-key protected PKCS#12)".into(),
        });
    }
    let auth_safe_data = data_content(auth_safe.1)?;
    let bmp = bmp_password(password);
    let budget = Budget::default();
    let has_mac = if pfx.is_empty() {
        false
    } else {
        let mac_data = pfx.expect(tag::SEQUENCE, "MacData")?;
        if !pfx.is_empty() {
            return Err(malformed("data after MacData"));
        }
        if !verify_mac(mac_data.value, &bmp, auth_safe_data, &budget)? {
            return Err(wrong_password);
        }
        true
    };
    // Without a MAC, a wrong password shows as a padding or structure error of what it decrypted.
    let wrong = |err: CertError| {
        if has_mac { err } else { wrong_password.clone() }
    };
    let mut out = Contents {
        certificates: Vec::new(),
        keys: Vec::new(),
    };
    let mut safes = Reader::new(
        Reader::new(auth_safe_data)
            .expect(tag::SEQUENCE, "AuthenticatedSafe")?
            .value,
    );
    while !safes.is_empty() {
        let (kind, content) = content_info(&mut safes)?;
        match kind.as_str() {
            OID_DATA => {
                let bags = data_content(content)?;
                read_bags(bags, password, &bmp, &budget, &wrong, &mut out, 0)?;
            }
            OID_ENCRYPTED_DATA => {
                let plain = encrypted_data(content, password, &bmp, &budget).map_err(&wrong)?;
                read_bags(&plain, password, &bmp, &budget, &wrong, &mut out, 0).map_err(&wrong)?;
            }
            _ => {
                return Err(CertError::Pkcs12Unsupported {
                    detail: "content type (public-key protected PKCS#12)".into(),
                });
            }
        }
    }
    Ok(out)
}

fn malformed(detail: &str) -> CertError {
    CertError::Malformed {
        detail: format!("PKCS#12: {detail}"),
    }
}

fn unsupported(detail: &str) -> CertError {
    CertError::Pkcs12Unsupported {
        detail: detail.into(),
    }
}

fn oid(reader: &mut Reader<'_>, what: &'static str) -> Result<String, CertError> {
    let tlv = reader.expect(tag::OID, what)?;
    oid_to_string(tlv.value).ok_or_else(|| malformed("bad object identifier"))
}

/// A small non-negative INTEGER (iteration counts, key lengths).
fn small_uint(value: &[u8]) -> Result<u32, CertError> {
    let bad = || malformed("bad iteration count or length");
    if value.is_empty() || value[0] & 0x80 != 0 {
        return Err(bad());
    }
    let digits = match value {
        [0, rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    if digits.len() > 4 {
        return Err(bad());
    }
    Ok(digits
        .iter()
        .fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
}

fn iterations(value: &[u8]) -> Result<u32, CertError> {
    let n = small_uint(value)?;
    if n == 0 || n > MAX_ITERATIONS {
        return Err(malformed("iteration count out of range"));
    }
    Ok(n)
}

/// ContentInfo: its type and the value inside `[0] EXPLICIT`.
fn content_info<'a>(reader: &mut Reader<'a>) -> Result<(String, &'a [u8]), CertError> {
    let seq = reader.expect(tag::SEQUENCE, "ContentInfo")?;
    let mut fields = Reader::new(seq.value);
    let kind = oid(&mut fields, "content type")?;
    let content = fields.expect(EXPLICIT_0, "[0] content")?;
    Ok((kind, content.value))
}

/// The OCTET STRING of a `data` ContentInfo.
fn data_content(content: &[u8]) -> Result<&[u8], CertError> {
    Ok(Reader::new(content)
        .expect(OCTET_STRING, "OCTET STRING")?
        .value)
}

macro_rules! hmac_verify {
    ($hash:ty, $key:expr, $data:expr, $expected:expr) => {{
        let mut mac =
            hmac::Hmac::<$hash>::new_from_slice($key).map_err(|_| malformed("MAC key length"))?;
        mac.update($data);
        mac.verify_slice($expected).is_ok()
    }};
}

/// Checks the MAC over the authenticated safe; `Ok(false)` for a wrong password.
fn verify_mac(
    mac_data: &[u8],
    bmp: &[u8],
    content: &[u8],
    budget: &Budget,
) -> Result<bool, CertError> {
    let mut fields = Reader::new(mac_data);
    let digest_info = fields.expect(tag::SEQUENCE, "DigestInfo")?;
    let mut di = Reader::new(digest_info.value);
    let alg = di.expect(tag::SEQUENCE, "AlgorithmIdentifier")?;
    let alg_oid = oid(&mut Reader::new(alg.value), "digest algorithm")?;
    let expected = di.expect(OCTET_STRING, "MAC value")?.value;
    let salt = fields.expect(OCTET_STRING, "MAC salt")?.value;
    let rounds = match fields.optional(tag::INTEGER)? {
        Some(n) => budget.charge(n.value, 1)?,
        None => 1,
    };
    let hash = Hash::from_digest_oid(&alg_oid).ok_or_else(|| unsupported("MAC algorithm"))?;
    if expected.len() != hash.output_len() {
        return Ok(false);
    }
    let key = pkcs12_kdf(hash, bmp, salt, KdfId::Mac, rounds, hash.output_len());
    Ok(match hash {
        Hash::Sha1 => hmac_verify!(sha1::Sha1, &key, content, expected),
        Hash::Sha224 => hmac_verify!(sha2::Sha224, &key, content, expected),
        Hash::Sha256 => hmac_verify!(sha2::Sha256, &key, content, expected),
        Hash::Sha384 => hmac_verify!(sha2::Sha384, &key, content, expected),
        Hash::Sha512 => hmac_verify!(sha2::Sha512, &key, content, expected),
    })
}

/// EncryptedData (CMS): decrypts its content into a wiped buffer.
fn encrypted_data(
    content: &[u8],
    password: &str,
    bmp: &[u8],
    budget: &Budget,
) -> Result<SecretBuf, CertError> {
    let seq = Reader::new(content).expect(tag::SEQUENCE, "EncryptedData")?;
    let mut fields = Reader::new(seq.value);
    fields.expect(tag::INTEGER, "EncryptedData version")?;
    let eci = fields.expect(tag::SEQUENCE, "EncryptedContentInfo")?;
    let mut eci = Reader::new(eci.value);
    oid(&mut eci, "content type")?;
    let alg = eci.expect(tag::SEQUENCE, "content encryption algorithm")?;
    let Some(ciphertext) = eci.optional(IMPLICIT_0)? else {
        return Ok(Zeroizing::new(Vec::new()));
    };
    decrypt(alg.value, ciphertext.value, password, bmp, budget)
}

/// Decrypts `ciphertext` with the password-based scheme of `alg` (an AlgorithmIdentifier's
/// value). The plaintext is decrypted in place in a wiped buffer.
pub(super) fn decrypt(
    alg: &[u8],
    ciphertext: &[u8],
    password: &str,
    bmp: &[u8],
    budget: &Budget,
) -> Result<SecretBuf, CertError> {
    let mut fields = Reader::new(alg);
    let scheme = oid(&mut fields, "encryption algorithm")?;
    let params = fields.any()?;
    let mut buf: SecretBuf = Zeroizing::new(ciphertext.to_vec());
    let len = match scheme.as_str() {
        OID_PBES2 => pbes2(params.value, password.as_bytes(), &mut buf, budget)?,
        OID_PBE_SHA1_3DES | OID_PBE_SHA1_RC2_128 | OID_PBE_SHA1_RC2_40 => {
            let mut p = Reader::new(params.value);
            let salt = p.expect(OCTET_STRING, "PBE salt")?.value;
            // Two derivations: the key and the IV.
            let rounds = budget.charge(p.expect(tag::INTEGER, "PBE iterations")?.value, 2)?;
            let key_len = match scheme.as_str() {
                OID_PBE_SHA1_3DES => 24,
                OID_PBE_SHA1_RC2_128 => 16,
                _ => 5,
            };
            let key = pkcs12_kdf(Hash::Sha1, bmp, salt, KdfId::Key, rounds, key_len);
            let iv = pkcs12_kdf(Hash::Sha1, bmp, salt, KdfId::Iv, rounds, 8);
            if key_len == 24 {
                cbc_decrypt::<des::TdesEde3>(&key, &iv, &mut buf)?
            } else {
                cbc_decrypt::<rc2::Rc2>(&key, &iv, &mut buf)?
            }
        }
        _ => return Err(unsupported("encryption scheme")),
    };
    buf.truncate(len);
    Ok(buf)
}

/// Decrypts `buf` in place and returns the length of the unpadded plaintext.
fn cbc_decrypt<C>(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Result<usize, CertError>
where
    C: cbc::cipher::BlockCipherDecrypt + cbc::cipher::KeyInit,
{
    let cipher = cbc::Decryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| malformed("bad key or IV length"))?;
    cipher
        .decrypt_padded::<Pkcs7>(buf)
        .map(<[u8]>::len)
        .map_err(|_| malformed("decryption failed (bad padding)"))
}

/// PBES2 (PKCS#5 v2.1): PBKDF2 and AES-CBC or 3DES-CBC.
fn pbes2(
    params: &[u8],
    password: &[u8],
    buf: &mut [u8],
    budget: &Budget,
) -> Result<usize, CertError> {
    let mut fields = Reader::new(params);
    let kdf = fields.expect(tag::SEQUENCE, "PBES2 key derivation")?;
    let enc = fields.expect(tag::SEQUENCE, "PBES2 encryption scheme")?;
    let mut kdf = Reader::new(kdf.value);
    if oid(&mut kdf, "key derivation")? != OID_PBKDF2 {
        return Err(unsupported("key derivation (only PBKDF2)"));
    }
    let mut kp = Reader::new(kdf.expect(tag::SEQUENCE, "PBKDF2 parameters")?.value);
    let salt = kp.expect(OCTET_STRING, "PBKDF2 salt")?.value;
    let rounds = budget.charge(kp.expect(tag::INTEGER, "PBKDF2 iterations")?.value, 1)?;
    let key_length = kp
        .optional(tag::INTEGER)?
        .map(|n| small_uint(n.value))
        .transpose()?;
    let prf = match kp.optional(tag::SEQUENCE)? {
        Some(alg) => Hash::from_hmac_oid(&oid(&mut Reader::new(alg.value), "PRF")?)
            .ok_or_else(|| unsupported("PBKDF2 PRF"))?,
        None => Hash::Sha1,
    };
    let mut enc = Reader::new(enc.value);
    let cipher = oid(&mut enc, "cipher")?;
    let iv = enc.expect(OCTET_STRING, "IV")?.value;
    let key_len = match cipher.as_str() {
        "2.16.840.1.101.3.4.1.2" => 16,
        "2.16.840.1.101.3.4.1.22" => 24,
        "2.16.840.1.101.3.4.1.42" => 32,
        "1.2.840.113549.3.7" => 24,
        _ => return Err(unsupported("encryption scheme")),
    };
    if key_length.is_some_and(|n| n as usize != key_len) {
        return Err(malformed("PBKDF2 key length does not fit the cipher"));
    }
    let mut key: SecretBuf = Zeroizing::new(vec![0; key_len]);
    match prf {
        Hash::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, &mut key),
        Hash::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, salt, rounds, &mut key),
        Hash::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, &mut key),
        Hash::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, rounds, &mut key),
        Hash::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, &mut key),
    }
    match cipher.as_str() {
        "2.16.840.1.101.3.4.1.2" => cbc_decrypt::<aes::Aes128>(&key, iv, buf),
        "2.16.840.1.101.3.4.1.22" => cbc_decrypt::<aes::Aes192>(&key, iv, buf),
        "2.16.840.1.101.3.4.1.42" => cbc_decrypt::<aes::Aes256>(&key, iv, buf),
        _ => cbc_decrypt::<des::TdesEde3>(&key, iv, buf),
    }
}

/// Nested SafeContents deeper than this are refused.
const MAX_NESTING: u32 = 4;

/// Reads the bags of a SafeContents.
fn read_bags(
    safe_contents: &[u8],
    password: &str,
    bmp: &[u8],
    budget: &Budget,
    wrong: &dyn Fn(CertError) -> CertError,
    out: &mut Contents,
    depth: u32,
) -> Result<(), CertError> {
    if depth > MAX_NESTING {
        return Err(malformed("SafeContents nested too deep"));
    }
    let seq = Reader::new(safe_contents).expect(tag::SEQUENCE, "SafeContents")?;
    let mut bags = Reader::new(seq.value);
    while !bags.is_empty() {
        let bag = bags.expect(tag::SEQUENCE, "SafeBag")?;
        let mut fields = Reader::new(bag.value);
        let kind = oid(&mut fields, "bag type")?;
        let value = fields.expect(EXPLICIT_0, "[0] bag value")?.value;
        match kind.as_str() {
            OID_KEY_BAG => {
                let info = Reader::new(value).expect(tag::SEQUENCE, "PrivateKeyInfo")?;
                out.keys.push(PrivateKey::from_pkcs8(info.raw)?);
            }
            OID_SHROUDED_KEY_BAG => {
                let epki = Reader::new(value).expect(tag::SEQUENCE, "EncryptedPrivateKeyInfo")?;
                let mut epki = Reader::new(epki.value);
                let alg = epki.expect(tag::SEQUENCE, "key encryption algorithm")?;
                let ciphertext = epki.expect(OCTET_STRING, "encrypted key")?.value;
                let plain = decrypt(alg.value, ciphertext, password, bmp, budget).map_err(wrong)?;
                out.keys
                    .push(PrivateKey::from_pkcs8(&plain).map_err(wrong)?);
            }
            OID_CERT_BAG => {
                let cert_bag = Reader::new(value).expect(tag::SEQUENCE, "CertBag")?;
                let mut cb = Reader::new(cert_bag.value);
                if oid(&mut cb, "certificate type")? != OID_X509_CERT {
                    return Err(unsupported("certificate type"));
                }
                let der = Reader::new(cb.expect(EXPLICIT_0, "[0] certificate")?.value)
                    .expect(OCTET_STRING, "certificate OCTET STRING")?
                    .value;
                out.certificates.push(Certificate::from_der(der)?);
            }
            OID_SAFE_CONTENTS_BAG => {
                let inner = Reader::new(value).expect(tag::SEQUENCE, "SafeContents")?;
                read_bags(inner.raw, password, bmp, budget, wrong, out, depth + 1)?;
            }
            // CRL and secret bags: nothing this library uses.
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // Known answers from OpenSSL 3's own PKCS12KDF (the first two are the widely used `smeg`
    // vectors): `openssl kdf -keylen N -kdfopt digest:D -kdfopt hexpass:<UTF-16BE + 0000>
    // -kdfopt hexsalt:S -kdfopt iter:I -kdfopt id:ID PKCS12KDF`.
    #[test]
    fn pkcs12_kdf_matches_openssl() {
        let cases = [
            (
                Hash::Sha1,
                "smeg",
                "0A58CF64530D823F",
                KdfId::Key,
                1,
                "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3",
            ),
            (
                Hash::Sha1,
                "smeg",
                "0A58CF64530D823F",
                KdfId::Iv,
                1,
                "79993DFE048D3B76",
            ),
            (
                Hash::Sha256,
                "Árvíztűrő",
                "0102030405060708",
                KdfId::Mac,
                2048,
                "6660F9F19FE0E5D09BAD1AD844BD58C96B92AD7AFC492CFC25F8D4CAD83EF629",
            ),
            (
                Hash::Sha512,
                "queeg",
                "05DEC959ACFF72F7",
                KdfId::Key,
                1000,
                "48A60029F1245327351B185BFABD92ED3A2115BCD2366D65FB3540D88367CF077EF7795700D6EF839BADD2EA6E02E3C3EA13BA76AA54A8A20C325FAD168153F55A2EC2DA71A3",
            ),
            (
                Hash::Sha1,
                "",
                "0A58CF64530D823F",
                KdfId::Mac,
                1000,
                "FE0102CCDECF41A421E52AA30C0AF4507F15908D",
            ),
        ];
        for (hash, pass, salt, id, iter, expect) in cases {
            let got = pkcs12_kdf(
                hash,
                &bmp_password(pass),
                &unhex(salt),
                id,
                iter,
                expect.len() / 2,
            );
            assert_eq!(
                got.as_slice(),
                unhex(expect).as_slice(),
                "{hash:?} {pass} {id:?} {iter}"
            );
        }
    }

    #[test]
    fn bmp_password_is_utf16_be_with_terminator() {
        assert_eq!(bmp_password("").as_slice(), [0, 0]);
        assert_eq!(
            bmp_password("Áő").as_slice(),
            [0x00, 0xC1, 0x01, 0x51, 0, 0]
        );
        // Outside the BMP: a surrogate pair, as OpenSSL encodes it.
        assert_eq!(
            bmp_password("\u{1F600}").as_slice(),
            [0xD8, 0x3D, 0xDE, 0x00, 0, 0]
        );
    }

    // Every buffer this module hands out with key material is a wiped buffer: the compiler
    // checks the types, this test that they are the wiping kind (Zeroizing runs zeroize on drop).
    #[test]
    fn secrets_are_held_in_zeroizing_buffers() {
        fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let bmp: SecretBuf = bmp_password("Árvíztűrő");
        wipes_on_drop(&bmp);
        let key: SecretBuf = pkcs12_kdf(Hash::Sha1, &bmp, b"salt", KdfId::Key, 1, 24);
        wipes_on_drop(&key);
        // 3DES-CBC, PKCS#12 PBE: the ciphertext of 8 bytes of padding under this key and IV.
        let iv = pkcs12_kdf(Hash::Sha1, &bmp, b"salt", KdfId::Iv, 1, 8);
        let mut block = [8u8; 8];
        {
            use cbc::cipher::BlockModeEncrypt;
            cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .unwrap()
                .encrypt_padded::<cbc::cipher::block_padding::NoPadding>(&mut block, 8)
                .unwrap();
        }
        // AlgorithmIdentifier value: OID pbeWithSHAAnd3-KeyTripleDES-CBC, SEQUENCE { salt, 1 }.
        let mut alg = vec![
            0x06, 0x0A, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01, 0x03,
        ];
        alg.extend_from_slice(&[
            0x30, 0x09, 0x04, 0x04, b's', b'a', b'l', b't', 0x02, 0x01, 0x01,
        ]);
        let budget = Budget::default();
        let plain: SecretBuf = decrypt(&alg, &block, "Árvíztűrő", &bmp, &budget).unwrap();
        wipes_on_drop(&plain);
        assert!(plain.is_empty());
        let other = bmp_password("Arvizturo");
        assert!(decrypt(&alg, &block, "Arvizturo", &other, &budget).is_err());
    }

    #[test]
    fn hostile_iteration_counts_are_refused() {
        assert!(iterations(&[0]).is_err());
        assert!(iterations(&[0x80]).is_err());
        assert!(iterations(&[0x0F, 0x42, 0x41]).is_err()); // 1_000_001
        assert_eq!(iterations(&[0x0F, 0x42, 0x40]).unwrap(), MAX_ITERATIONS);
        assert_eq!(iterations(&[0x00, 0x80]).unwrap(), 128);
        assert!(iterations(&[1, 2, 3, 4, 5]).is_err());
    }

    #[test]
    fn the_whole_file_has_a_key_derivation_budget() {
        let budget = Budget::default();
        let million = [0x0F, 0x42, 0x40];
        for _ in 0..MAX_TOTAL_ITERATIONS / 1_000_000 {
            assert_eq!(budget.charge(&million, 1).unwrap(), MAX_ITERATIONS);
        }
        assert!(budget.charge(&million, 1).is_err());
        assert!(Budget::default().charge(&[0x0F, 0x42, 0x40], 9).is_err());
    }
}
