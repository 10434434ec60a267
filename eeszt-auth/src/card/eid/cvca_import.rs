//! Importing a CV certificate chain into a card (terminal side): for each certificate the card
//! does not hold yet, MSE:Set DST (`00 22 81 B6`, `83` = its CAR) selects the verifying key, then
//! PSO:Verify Certificate (`00 2A 00 BE`, body and signature) hands it over, through the exchange
//! layer (GET RESPONSE, chaining and extended length are handled there; wrap the transport in
//! secure messaging after PACE).
//!
//! ```no_run
//! use eeszt_auth::card::Transport;
//! use eeszt_auth::card::eid::import_chain;
//! use eeszt_auth::cert::CvCertificate;
//!
//! fn update(card: &mut dyn Transport, chain_file: &[u8]) -> eeszt_auth::Result<()> {
//!     let chain = CvCertificate::parse_many(chain_file)?;
//!     // Normally the CAR the card reported during PACE (DO 87); here: the chain's root.
//!     let chip_car = chain.first().map(|c| c.chr().clone());
//!     let sent = import_chain(card, &chain, chip_car.as_ref())?;
//!     println!("imported {} certificate(s)", sent.len());
//!     Ok(())
//! }
//! ```

use crate::card::{Command, Transport, exchange};
use crate::cert::CertError;
use crate::cert::cvc::{CvCertificate, CvReference};
use crate::cert::cvc_tlv;
use crate::error::Result;

/// MSE:Set DST with the key reference `car`.
pub fn mse_set_dst_command(car: &CvReference) -> Result<Command> {
    let mut data = Vec::new();
    cvc_tlv::write(0x83, car.as_bytes(), "key reference", &mut data)?;
    Ok(Command::new(0x00, 0x22, 0x81, 0xB6).with_data(data))
}

/// PSO:Verify Certificate carrying `cert`'s body and signature.
pub fn pso_verify_certificate_command(cert: &CvCertificate) -> Result<Command> {
    Ok(Command::new(0x00, 0x2A, 0x00, 0xBE).with_data(cert.body_and_signature()?))
}

/// The certificates of `chain` the card still needs: those after the one whose CHR is `chip_car`
/// (the card's current trust point, as PACE reports it), or, without it or when no certificate has
/// that CHR, every certificate that is not self-signed.
pub fn certificates_to_send<'a>(
    chain: &'a [CvCertificate],
    chip_car: Option<&CvReference>,
) -> Vec<&'a CvCertificate> {
    let start = chip_car
        .and_then(|car| chain.iter().position(|c| c.chr() == car))
        .map_or(0, |i| i + 1);
    chain
        .get(start..)
        .unwrap_or(&[])
        .iter()
        .filter(|c| !c.is_self_signed())
        .collect()
}

/// Sends the certificates the card needs (see [`certificates_to_send`]) and returns the CHRs it
/// accepted, in order. Stops at the first refusal with [`CertError::CvcImportRefused`].
pub fn import_chain<T: Transport + ?Sized>(
    transport: &mut T,
    chain: &[CvCertificate],
    chip_car: Option<&CvReference>,
) -> Result<Vec<CvReference>> {
    if chain.is_empty() {
        return Err(CertError::CvcEmptyChain.into());
    }
    let mut accepted = Vec::new();
    for cert in certificates_to_send(chain, chip_car) {
        for command in [
            mse_set_dst_command(cert.car())?,
            pso_verify_certificate_command(cert)?,
        ] {
            let sw = exchange(transport, &command)?.sw();
            if !sw.is_success() {
                return Err(CertError::CvcImportRefused {
                    chr: cert.chr().to_string(),
                    sw: sw.0,
                }
                .into());
            }
        }
        accepted.push(cert.chr().clone());
    }
    Ok(accepted)
}
