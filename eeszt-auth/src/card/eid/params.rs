//! The card-specific constants of the eSzemélyi, in one table.
//!
//! **Inferred, not specified.** No specification of the Hungarian eID card's applets, files or
//! parameters is public. The card's ATR, its PIN model (5-digit transport PIN, 6-digit PIN, CAN, PUK,
//! suspension after two wrong PINs) and its CVCA updates match BSI TR-03110 and the German eID card,
//! so every value below is modelled on TR-03110 / ICAO 9303 and on the German card. Correct this table
//! (and only this table) when a real card shows otherwise; the simulated eSzemélyi uses the same values,
//! so it agrees with the terminal side by construction.
//!
//! Standard values (fixed by TR-03110 / ICAO 9303, not card-specific) are marked *standard*.

/// The ATR of the eSzemélyi as listed by pcsc-tools ("Hungarian eID (2016)"), a contactless
/// pseudo-ATR of the same template as the German eID card.
pub const ATR_ESZEMELYI: [u8; 12] = [
    0x3B, 0x87, 0x80, 0x01, 0x80, 0x31, 0xB9, 0x73, 0x84, 0x21, 0x60, 0xB8,
];

/// The historical bytes that identify the card family (the part of [`ATR_ESZEMELYI`] after `80 01`).
pub const ATR_HISTORICAL: [u8; 7] = [0x80, 0x31, 0xB9, 0x73, 0x84, 0x21, 0x60];

/// AID of the eID application (inferred: the German eID application's AID, TR-03110 Part 4 style).
pub const AID_EID: [u8; 9] = [0xE8, 0x07, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02];

/// EF.CardAccess in the master file: FID (*standard*).
pub const FID_CARD_ACCESS: u16 = 0x011C;
/// EF.CardAccess short file identifier (*standard*).
pub const SFI_CARD_ACCESS: u8 = 0x1C;
/// The authentication certificate (X.509, DER) in the eID application; readable only under secure
/// messaging after PACE with the PIN (inferred).
pub const FID_AUTH_CERT: u16 = 0xC001;
/// The personal-data file (UTF-8 `key=value` lines) in the eID application; readable only under
/// secure messaging after PACE with the PIN (inferred).
pub const FID_PERSONAL_DATA: u16 = 0xC002;
/// Reference of the authentication private key (P2 of INTERNAL AUTHENTICATE; inferred).
pub const KEY_REF_AUTH: u8 = 0x81;

/// Password reference of the MRZ in MSE:Set AT (*standard*).
pub const PWD_MRZ: u8 = 0x01;
/// Password reference of the CAN (*standard*).
pub const PWD_CAN: u8 = 0x02;
/// Password reference of the PIN, also used for the transport PIN (*standard*).
pub const PWD_PIN: u8 = 0x03;
/// Password reference of the PUK (*standard*).
pub const PWD_PUK: u8 = 0x04;

/// Digits of the transport (activation) PIN.
pub const TRANSPORT_PIN_DIGITS: usize = 5;
/// Digits of the PIN.
pub const PIN_DIGITS: usize = 6;
/// Digits of the CAN.
pub const CAN_DIGITS: usize = 6;
/// Allowed PUK lengths (inferred: the German card uses 10 digits; the Hungarian letter's length is
/// not public, so 8 to 10 digits are accepted).
pub const PUK_DIGITS: core::ops::RangeInclusive<usize> = 8..=10;
/// PIN tries before blocking (the second wrong PIN suspends, the third blocks).
pub const PIN_TRIES: u8 = 3;

/// Status word answering MSE:Set AT (PIN) while the card still holds its transport PIN with all tries
/// left (inferred: ISO 7816-4 "selected object deactivated"; a warning, so PACE may go on). With fewer
/// tries the card answers `63Cx` as for an active PIN.
pub const SW_TRANSPORT_PIN: u16 = 0x6283;

/// The PACE domain parameter IDs this library implements (*standard* IDs of TR-03110 Part 3 Table 4).
pub const SUPPORTED_PARAMETER_IDS: [u8; 4] = [12, 13, 16, 17];
/// The parameter ID the simulated eSzemélyi offers (inferred: brainpoolP256r1, as the German card).
pub const SIM_PARAMETER_ID: u8 = 13;

/// `id-PACE` = 0.4.0.127.0.7.2.2.4, DER content bytes (*standard*).
pub const OID_PACE_PREFIX: [u8; 8] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04];
/// Last two arcs of `id-PACE-ECDH-GM-AES-CBC-CMAC-128` (*standard*).
pub const PACE_ECDH_GM_AES_128: [u8; 2] = [0x02, 0x02];
/// Last two arcs of `id-PACE-ECDH-GM-AES-CBC-CMAC-192` (*standard*).
pub const PACE_ECDH_GM_AES_192: [u8; 2] = [0x02, 0x03];
/// Last two arcs of `id-PACE-ECDH-GM-AES-CBC-CMAC-256` (*standard*).
pub const PACE_ECDH_GM_AES_256: [u8; 2] = [0x02, 0x04];

/// Whether `atr` is the eSzemélyi's ATR (exact match, or the same historical bytes).
pub fn is_eszemelyi_atr(atr: &[u8]) -> bool {
    atr == ATR_ESZEMELYI
        || atr
            .windows(ATR_HISTORICAL.len())
            .any(|window| window == ATR_HISTORICAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atr_recognition() {
        assert!(is_eszemelyi_atr(&ATR_ESZEMELYI));
        assert!(!is_eszemelyi_atr(&[0x3B, 0x80, 0x80, 0x01, 0x01]));
        assert!(!is_eszemelyi_atr(&[]));
    }
}
