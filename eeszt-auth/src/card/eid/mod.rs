//! The Hungarian eID card (eSzemélyi): BSI TR-03110 / ICAO 9303 Part 11 PACE, secure messaging and the
//! PIN lifecycle, and (feature `sim`) a simulated eSzemélyi.
//!
//! **The card model is inferred.** No specification of the eSzemélyi's applets is public. Its ATR, PIN
//! model (5-digit transport PIN, 6-digit PIN, CAN, PUK, suspension after two wrong PINs) and CVCA
//! updates match BSI TR-03110 and the German eID card, so this module implements TR-03110 Parts 2
//! and 3 and ICAO 9303 Part 11 faithfully and keeps every card-specific constant (AIDs, file IDs,
//! parameter IDs, the transport-PIN status word) in one table, [`params`], that can be corrected.
//!
//! Layers, bottom up:
//! * [`cardaccess`]: EF.CardAccess (SecurityInfos) into PACE options;
//! * [`crypto`], [`curve`]: the KDF, AES-CBC/CMAC, the curves with parameter IDs 12, 13, 16 and 17;
//! * [`pace`]: PACE ECDH Generic Mapping as pure terminal and chip state machines;
//! * [`rng`]: injected randomness (deterministic, scripted for known answers, OS);
//! * [`pinpad`], [`pinmodify`]: PIN-pad readers (PACE, PIN change and activation on the keypad).
//!
//! Secrets ([`secret::Secret`], [`secret::Password`]) are zeroized on drop and print as `***`.

pub mod auth;
pub mod cardaccess;
pub mod chip_certs;
pub mod crypto;
pub mod curve;
pub mod cvca_import;
pub mod pace;
pub mod params;
pub mod pin;
pub mod pinmodify;
pub mod pinpad;
pub mod rng;
pub mod secret;
pub mod session;
#[cfg(feature = "sim")]
pub mod sim;
pub mod sm;

pub use cardaccess::{CardAccess, PaceInfo, PaceProtocol};
pub use chip_certs::{ChipCertificates, status_word_for};
pub use curve::Curve;
pub use cvca_import::{
    certificates_to_send, import_chain, mse_set_dst_command, pso_verify_certificate_command,
};
pub use pace::{PaceChip, PaceTerminal, SessionKeys};
pub use secret::{Password, PasswordKind, Secret};
